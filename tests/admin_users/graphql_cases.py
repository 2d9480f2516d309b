"""How ``tests/graphql/test_examples.py`` runs the admin user examples.

The GraphQL world (:mod:`tests.graphql.conftest`): alice is an admin, bob, carol (locked)
and dave (deactivated). ``prepare`` issues alice a token with the ``admin`` scope
(``world.users_admin_token``) and sets up what an example acts on. Budgets count the
token lookup (one statement), what the service reads and writes, its moderation log entry,
and nothing per listed account; tagging locks the accounts' rows on PostgreSQL (one more
statement there than on SQLite).
"""

from __future__ import annotations

from typing import Any

from models.accounts import Account
from models.moderation import ModerationLogEntry
from models.relationships import Follow
from schema.services import tokens

ADMIN = "users_admin_token"


async def prepare_admin(client: Any, world: Any) -> dict[str, Any]:
    token = await tokens.issue_token(world.accounts["alice"], world.app, ["read", "admin"])
    setattr(world, ADMIN, token.access_token)
    return {}


def _case(check: Any, budget: int, prepare: Any = prepare_admin) -> dict[str, Any]:
    return {"check": check, "budget": budget, "token": ADMIN, "prepare": prepare}


def _no_errors(payload: dict[str, Any]) -> None:
    assert payload["userErrors"] == [], payload["userErrors"]


def check_list(data: dict[str, Any], world: Any) -> None:
    page = data["adminUsers"]
    assert (page["count"], page["page"], page["pageSize"]) == (3, 1, 2)
    alice, bob = page["users"]
    assert (alice["nickname"], alice["isAdmin"], bob["nickname"]) == ("alice", True, "bob")
    assert bob == {
        "restId": world.accounts["bob"].id,
        "nickname": "bob",
        "email": "bob@plenum.example",
        "displayName": "bob",
        "avatar": "https://plenum.example/images/avi.png",
        "url": "https://plenum.example/users/bob",
        "local": True,
        "actorType": "Person",
        "tags": [],
        "isActive": True,
        "isConfirmed": True,
        "isApproved": True,
        "isAdmin": False,
        "isModerator": False,
        "registrationReason": None,
        "createdAt": bob["createdAt"],
        "account": {"acct": "bob", "followersCount": 0},
    }


def check_show(data: dict[str, Any], world: Any) -> None:
    assert data["adminUser"] == {
        "restId": world.accounts["dave"].id,
        "nickname": "dave",
        "email": "dave@plenum.example",
        "isActive": False,
        "isAdmin": False,
        "isModerator": False,
        "tags": [],
    }


async def prepare_credentials(client: Any, world: Any) -> dict[str, Any]:
    await Account.filter(id=world.accounts["carol"].id).update(
        display_name="Carol C.", bio="typed *bio*", actor_type="Service",
        fields_json=[{"name": "a", "value": "b", "value_html": "b"}],
    )
    return await prepare_admin(client, world)


def check_credentials(data: dict[str, Any], world: Any) -> None:
    found = data["adminUserCredentials"]
    assert (found["restId"], found["email"]) == (world.accounts["carol"].id,
                                                 "carol@plenum.example")
    assert found["account"] == {
        "displayName": "Carol C.", "locked": True, "discoverable": False,
        "hideFollowers": False, "avatar": "https://plenum.example/images/avi.png",
        "header": "https://plenum.example/images/banner.png", "backgroundImage": None,
        "fields": [{"name": "a", "value": "b", "valueSource": "b"}],
    }
    assert found["source"] == {
        "note": "typed *bio*", "privacy": "public", "actorType": "Service",
        "noRichText": False, "showRole": True, "skipThreadContainment": False,
        "allowFollowingMove": True, "settingsStore": "{}",
    }


def check_create(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUsersCreate"]
    _no_errors(payload)
    assert payload["users"] == [
        {"nickname": n, "email": f"{n}@wired.example", "isActive": True, "isConfirmed": True,
         "isApproved": True, "local": True}
        for n in ("lain", "mika")
    ]


def check_delete(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUsersDelete"]
    _no_errors(payload)
    assert payload["nicknames"] == ["carol"]


def check_follow(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUserFollow"]
    _no_errors(payload)
    assert payload["follower"] == {"nickname": "bob", "account": {"followingCount": 1}}
    # carol hides her counts from others, and she is locked: the follow is forced through
    assert payload["followed"]["account"]["locked"] is True


async def prepare_unfollow(client: Any, world: Any) -> dict[str, Any]:
    bob, alice = world.accounts["bob"], world.accounts["alice"]
    await Follow.create(account_id=bob.id, target_id=alice.id, accepted=True)
    await Account.filter(id=bob.id).update(following_count=1)
    await Account.filter(id=alice.id).update(followers_count=3)
    return await prepare_admin(client, world)


def check_unfollow(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUserUnfollow"]
    _no_errors(payload)
    assert payload["follower"] == {"nickname": "bob", "account": {"followingCount": 0}}
    assert payload["followed"] == {"nickname": "alice"}


def check_set_active(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUsersSetActive"]
    _no_errors(payload)
    assert payload["users"] == [{"nickname": "dave", "isActive": True},
                                {"nickname": "bob", "isActive": True}]


async def prepare_approve(client: Any, world: Any) -> dict[str, Any]:
    await Account.filter(id=world.accounts["bob"].id).update(
        is_approved=False, registration_reason="let me in"
    )
    return await prepare_admin(client, world)


def check_approve(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUsersApprove"]
    _no_errors(payload)
    assert payload["users"] == [
        {"nickname": "bob", "isApproved": True, "registrationReason": "let me in"}
    ]


def check_tag(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUsersTag"]
    _no_errors(payload)
    tags = ["verified", "mrf_tag:media-force-nsfw"]
    assert payload["users"] == [{"nickname": "bob", "tags": tags},
                                {"nickname": "carol", "tags": tags}]


async def prepare_untag(client: Any, world: Any) -> dict[str, Any]:
    await prepare_admin(client, world)
    body = {"nicknames": ["bob", "carol"], "tags": ["verified", "trusted"]}
    response = await client.put("/api/pleroma/admin/users/tag", json=body,
                                headers=world.auth(getattr(world, ADMIN)))
    assert response.status == 204
    await ModerationLogEntry.all().delete()
    return {}


def check_untag(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUsersUntag"]
    _no_errors(payload)
    assert payload["users"] == [{"nickname": "bob", "tags": ["trusted"]},
                                {"nickname": "carol", "tags": ["trusted"]}]


def check_set_permission(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUsersSetPermission"]
    _no_errors(payload)
    assert payload["users"] == [
        {"nickname": "bob", "isAdmin": False, "isModerator": True},
        {"nickname": "carol", "isAdmin": False, "isModerator": True},
    ]


async def prepare_unconfirmed(client: Any, world: Any) -> dict[str, Any]:
    await Account.filter(id=world.accounts["bob"].id).update(is_confirmed=False)
    return await prepare_admin(client, world)


def check_confirm(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUsersConfirmEmail"]
    _no_errors(payload)
    assert payload["users"] == [{"nickname": "bob", "isConfirmed": True}]


def check_resend(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUsersResendConfirmation"]
    _no_errors(payload)
    assert payload["users"] == [{"nickname": "bob", "isConfirmed": False}]


def check_credentials_update(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUserCredentialsUpdate"]
    _no_errors(payload)
    assert payload["credentials"] == {
        "email": "robert@plenum.example",
        "account": {
            "displayName": "Robert", "locked": True,
            "fields": [{"name": "site", "value": payload["credentials"]["account"]["fields"][0][
                "value"]}],
        },
        "source": {"note": "Renamed by an admin", "privacy": "unlisted", "actorType": "Person"},
    }
    assert 'href="https://bob.example"' in payload["credentials"]["account"]["fields"][0][
        "value"
    ]


CASES: dict[str, dict[str, Any]] = {
    "adminUsers": _case(check_list, 3),
    "adminUser": _case(check_show, 2),
    "adminUserCredentials": _case(check_credentials, 2, prepare_credentials),
    "adminUsersCreate": _case(check_create, 6),
    "adminUsersDelete": _case(check_delete, 9),
    "adminUserFollow": _case(check_follow, 11),
    "adminUserUnfollow": _case(check_unfollow, 10, prepare_unfollow),
    "adminUsersSetActive": _case(check_set_active, 5),
    "adminUsersApprove": _case(check_approve, 5, prepare_approve),
    "adminUsersTag": _case(check_tag, 9),
    "adminUsersUntag": _case(check_untag, 9, prepare_untag),
    "adminUsersSetPermission": _case(check_set_permission, 5),
    "adminUsersConfirmEmail": _case(check_confirm, 5, prepare_unconfirmed),
    "adminUsersResendConfirmation": _case(check_resend, 5, prepare_unconfirmed),
    "adminUserCredentialsUpdate": _case(check_credentials_update, 6),
}
