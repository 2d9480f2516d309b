"""Parity: a reset link made on either side works on the other, forcing a reset over
GraphQL refuses the REST login as forcing it over REST does (and logs the same entry),
and both sides refuse the same bad input with the same message."""

from __future__ import annotations

from html import escape
from typing import Any

from models.accounts import Account
from schema.services import moderation_log
from tests.admin.world import build_admin_world
from tests.graphql.conftest import gql
from tests.invites.http import no_content, password_grant

TOKEN = (
    "mutation t($input: AdminUserPasswordResetTokenInput!) { "
    "adminUserPasswordResetToken(input: $input) { token link userErrors { code field message } } }"
)
RESET = (
    "mutation r($input: PasswordResetInput!) { passwordReset(input: $input) { "
    "success userErrors { code field message } } }"
)
FORCE = (
    "mutation f($input: AdminUsersForcePasswordResetInput!) { "
    "adminUsersForcePasswordReset(input: $input) { accounts { username } "
    "userErrors { code field message } } }"
)
REQUEST = (
    "mutation q($input: PasswordResetRequestInput!) { passwordResetRequest(input: $input) { "
    "success userErrors { code field message } } }"
)
ADMIN = "/api/pleroma/admin/users"


async def _gql(client, aw, query: str, who: str | None = "root", **variables: Any) -> dict:
    token = aw.tokens[who] if who else None
    body = await gql(client, query, variables or None, token=token)
    assert "errors" not in body, body
    return body["data"]


async def _rest_reset(aw, token: str, password: str, confirmation: str) -> tuple[int, str]:
    response = await aw.client.post(
        "/api/pleroma/password_reset",
        data={"token": token, "password": password, "password_confirmation": confirmation},
    )
    return response.status, await response.text()


async def test_links_made_on_one_side_work_on_the_other(client, policy):
    aw = await build_admin_world(client, policy)
    rest = await aw.call("GET", f"{ADMIN}/bob/password_reset", "root")
    data = (await _gql(client, aw, TOKEN, input={"nickname": "carol"}))[
        "adminUserPasswordResetToken"
    ]
    assert data["userErrors"] == []
    assert set(rest) == {"token", "link"}
    assert data["link"] == rest["link"].replace(rest["token"], data["token"])

    # bob's REST link over GraphQL, carol's GraphQL link over REST
    reset = await _gql(
        client, aw, RESET, None,
        input={"token": rest["token"], "password": "gql-pw", "passwordConfirmation": "gql-pw"},
    )
    assert reset["passwordReset"] == {"success": True, "userErrors": []}
    status, text = await _rest_reset(aw, data["token"], "rest-pw", "rest-pw")
    assert status == 200 and "Password changed!" in text
    await password_grant(aw, "bob", "gql-pw")
    await password_grant(aw, "carol", "rest-pw")

    # each link is spent now, whichever side tries again
    status, text = await _rest_reset(aw, rest["token"], "again", "again")
    assert status == 400 and "Invalid token" in text
    again = await _gql(
        client, aw, RESET, None,
        input={"token": data["token"], "password": "x", "passwordConfirmation": "x"},
    )
    assert again["passwordReset"] == {
        "success": False,
        "userErrors": [{"code": "BAD_REQUEST", "field": "token", "message": "Invalid token"}],
    }


async def test_forcing_agrees_and_logs_alike(client, policy):
    aw = await build_admin_world(client, policy)
    data = await _gql(client, aw, FORCE, input={"nicknames": ["bob"]})
    assert data["adminUsersForcePasswordReset"] == {
        "accounts": [{"username": "bob"}], "userErrors": [],
    }
    await no_content(aw, "PATCH", f"{ADMIN}/force_password_reset", "root",
                     json={"nicknames": ["carol"]})
    for nick in ("bob", "carol"):
        body = await password_grant(aw, nick, f"{nick}-password-1", expect=403)
        assert body == {"error": "Password reset is required",
                        "identifier": "password_reset_required"}
    messages = [e.message for e in (await moderation_log.entries()).entries]
    assert messages == [
        "@root forced password reset for users: @carol",
        "@root forced password reset for users: @bob",
    ]

    # refusals: an unknown nickname, and a caller without admin power
    rest = await aw.call("PATCH", f"{ADMIN}/force_password_reset", "root", expect=404,
                         json={"nicknames": ["zed"]})
    data = await _gql(client, aw, FORCE, input={"nicknames": ["zed"]})
    assert data["adminUsersForcePasswordReset"] == {
        "accounts": [],
        "userErrors": [{"code": "NOT_FOUND", "field": None, "message": rest["error"]}],
    }
    rest = await aw.call("GET", f"{ADMIN}/alice/password_reset", "mod", expect=403)
    data = await _gql(client, aw, TOKEN, "mod", input={"nickname": "alice"})
    assert data["adminUserPasswordResetToken"] == {
        "token": None, "link": None,
        "userErrors": [{"code": "NOT_ADMIN", "field": None, "message": rest["error"]}],
    }
    assert not (await Account.get(id=aw.id("alice"))).password_reset_pending


async def test_refused_passwords_agree(client, policy):
    aw = await build_admin_world(client, policy)
    raw = (await aw.call("GET", f"{ADMIN}/bob/password_reset", "root"))["token"]
    for password, confirmation in (("one", "two"), ("", "")):
        status, text = await _rest_reset(aw, raw, password, confirmation)
        data = await _gql(
            client, aw, RESET, None,
            input={"token": raw, "password": password, "passwordConfirmation": confirmation},
        )
        [error] = data["passwordReset"]["userErrors"]
        assert status == 422 and error["code"] == "VALIDATION"
        assert f">{escape(error['message'])}<" in text


async def test_asking_for_a_link_answers_the_same(client, policy):
    aw = await build_admin_world(client, policy)
    for fields in ({"email": "bob@example.org"}, {"nickname": "nobody"}):
        await no_content(aw, "POST", "/auth/password", data=fields)
        data = await _gql(client, aw, REQUEST, None, input=fields)
        assert data["passwordResetRequest"] == {"success": True, "userErrors": []}
