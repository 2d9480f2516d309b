"""REST and GraphQL account security actions give the same outcome.

Each test runs the REST endpoint as bob and its paired GraphQL example (the route's
``graphql=``) as carol, from the same starting point, then compares the answers (success,
or the same refusal message) and what became of the two accounts.
"""

from __future__ import annotations

from typing import Any

import pytest

from models.accounts import Account
from models.oauth import Token
from models.relationships import Follow
from models.statuses import Status
from rest_compat.runtime import EXTRAS
from schema.context import RequestContext
from schema.services import relationships, statuses, tokens
from schema.services.passwords import verify_password
from schema.services.statuses import StatusInput
from schema.viewer import Viewer
from tests.graphql.conftest import World, gql
from tests.parity.test_parity import example, paired


@pytest.fixture
async def pair(client, world: World, policy) -> dict[str, Any]:
    """bob (REST) and carol (GraphQL) alike: a token each, a status, a follow of alice."""
    carol = world.accounts["carol"]
    carol.locked = False
    await carol.save(update_fields=["locked"])
    carol_token = (
        await tokens.issue_token(carol, world.app, ["read", "write", "follow"])
    ).access_token
    alice = world.accounts["alice"]
    for nick in ("bob", "carol"):
        account = world.accounts[nick]
        await relationships.follow_account(account, alice)
        ctx = RequestContext(
            policy=policy, viewer=Viewer(account=account, scopes=frozenset({"write"}))
        )
        await statuses.create_status(ctx, StatusInput(text=f"{nick} was here"))
    return {"bob": world.bob_token, "carol": carol_token}


async def both(client, world, pair, method_path: tuple[str, str], rest_data: dict,
               gql_values: dict) -> tuple[dict, dict]:
    method, path = method_path
    name = paired(method, path)
    response = await client.request(
        method, path, data=rest_data, headers=world.auth(pair["bob"])
    )
    assert response.status == 200
    rest = await response.json()
    body = await gql(client, example(name), {"input": gql_values}, token=pair["carol"])
    assert "errors" not in body, body
    await client.server.app[EXTRAS]["jobs"].join()
    return rest, body["data"][name]


def same_answer(rest: dict, payload: dict) -> None:
    if rest == {"status": "success"}:
        assert payload == {"success": True, "userErrors": []}
    else:
        assert payload["success"] is False
        assert [e["message"] for e in payload["userErrors"]] == [rest["error"]]


async def rows(world) -> tuple[Account, Account]:
    return (
        await Account.get(id=world.accounts["bob"].id),
        await Account.get(id=world.accounts["carol"].id),
    )


@pytest.mark.parametrize("path", ["/api/pleroma/delete_account", "/api/pleroma/disable_account"])
async def test_wrong_password_is_refused_alike(client, world, pair, path):
    rest, payload = await both(client, world, pair, ("POST", path), {"password": "nope"},
                               {"password": "nope"})
    assert rest == {"error": "Invalid password."}
    same_answer(rest, payload)
    assert payload["userErrors"][0]["code"] == "INVALID_PASSWORD"
    bob, carol = await rows(world)
    assert bob.is_active and carol.is_active


async def test_delete_account_parity(client, world, pair):
    rest, payload = await both(
        client, world, pair, ("POST", "/api/pleroma/delete_account"),
        {"password": "bob-password-123"}, {"password": "carol-password-123"},
    )
    same_answer(rest, payload)
    assert rest == {"status": "success"}
    for row in await rows(world):
        assert row.is_active is False
        assert (row.email, row.display_name, row.bio, row.password_hash) == (None, "", "", None)
        assert (row.statuses_count, row.following_count) == (0, 0)
        assert not await Status.filter(account_id=row.id).exists()
        assert not await Follow.filter(account_id=row.id).exists()
        assert not await Token.filter(account_id=row.id, revoked=False).exists()
    alice = await Account.get(id=world.accounts["alice"].id)
    assert alice.followers_count == 2  # the world's figure; both follows were undone


async def test_disable_account_parity(client, world, pair):
    rest, payload = await both(
        client, world, pair, ("POST", "/api/pleroma/disable_account"),
        {"password": "bob-password-123"}, {"password": "carol-password-123"},
    )
    same_answer(rest, payload)
    for row in await rows(world):
        assert row.is_active is False and row.email is not None
        assert not await Token.filter(account_id=row.id, revoked=False).exists()


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("alice@plenum.example", "Email has already been taken."),
        ("bad", "Email has invalid format."),
        ("", "Email can't be blank."),
        (None, "success"),
    ],
)
async def test_change_email_parity(client, world, pair, email, expected):
    bob_email = email if email is not None else "bob.new@plenum.example"
    carol_email = email if email is not None else "carol.new@plenum.example"
    rest, payload = await both(
        client, world, pair, ("POST", "/api/pleroma/change_email"),
        {"password": "bob-password-123", "email": bob_email},
        {"password": "carol-password-123", "email": carol_email},
    )
    same_answer(rest, payload)
    bob, carol = await rows(world)
    if expected == "success":
        assert rest == {"status": "success"}
        assert (bob.email, carol.email) == (bob_email, carol_email)
    else:
        assert rest == {"error": expected}
        assert (bob.email, carol.email) == ("bob@plenum.example", "carol@plenum.example")


@pytest.mark.parametrize(
    ("new", "confirmation", "expected"),
    [
        ("new-pass-1", "other", "New password does not match confirmation."),
        ("", "", "New password can't be blank."),
        ("new-pass-1", "new-pass-1", "success"),
    ],
)
async def test_change_password_parity(client, world, pair, new, confirmation, expected):
    rest, payload = await both(
        client, world, pair, ("POST", "/api/pleroma/change_password"),
        {"password": "bob-password-123", "new_password": new,
         "new_password_confirmation": confirmation},
        {"password": "carol-password-123", "newPassword": new,
         "newPasswordConfirmation": confirmation},
    )
    same_answer(rest, payload)
    bob, carol = await rows(world)
    if expected == "success":
        assert verify_password(new, bob.password_hash)
        assert verify_password(new, carol.password_hash)
    else:
        assert rest == {"error": expected}
        assert verify_password("bob-password-123", bob.password_hash)
        assert verify_password("carol-password-123", carol.password_hash)


async def test_confirmation_resend_parity(client, world):
    name = paired("POST", "/api/v1/pleroma/accounts/confirmation_resend")
    for email in ("bob@plenum.example", "nobody@plenum.example"):
        response = await client.post(
            "/api/v1/pleroma/accounts/confirmation_resend", params={"email": email}
        )
        assert response.status == 204
        body = await gql(client, example(name), {"input": {"email": email}})
        assert body["data"][name] == {"success": True, "userErrors": []}
