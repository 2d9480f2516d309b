"""Parity: REST and GraphQL make, list and revoke the same invites, and refuse alike
(bad values, unknown tokens, non-admins, mailing while registrations are open)."""

from __future__ import annotations

from typing import Any

from tests.admin.world import build_admin_world
from tests.graphql.conftest import gql
from tests.invites.graphql_cases import from_rest

FIELDS = "restId token used uses maxUse expiresAt inviteType"
LIST = "query l { adminInvites { F } }".replace("F", FIELDS)
CREATE = (
    "mutation c($input: AdminInviteCreateInput!) { adminInviteCreate(input: $input) { "
    "invite { F } userErrors { code field message } } }"
).replace("F", FIELDS)
REVOKE = (
    "mutation r($input: AdminInviteRevokeInput!) { adminInviteRevoke(input: $input) { "
    "invite { F } userErrors { code field message } } }"
).replace("F", FIELDS)
EMAIL = (
    "mutation e($input: AdminInviteEmailInput!) { adminInviteEmail(input: $input) { "
    "invite { restId } userErrors { code field message } } }"
)
REST = "/api/pleroma/admin/users"


async def _gql(client, aw, query: str, who: str = "root", **variables: Any) -> dict[str, Any]:
    body = await gql(client, query, variables or None, token=aw.tokens[who])
    assert "errors" not in body, body
    return body["data"]


async def test_both_sides_see_the_same_invites(client, policy):
    aw = await build_admin_world(client, policy)
    made_rest = await aw.call("POST", f"{REST}/invite_token", "root", json={"max_use": 4})
    data = await _gql(client, aw, CREATE, input={"expiresAt": "2099-03-04"})
    payload = data["adminInviteCreate"]
    assert payload["userErrors"] == []
    listed = (await aw.call("GET", f"{REST}/invites", "root"))["invites"]
    assert listed[0] == made_rest
    assert from_rest(listed[1]) == payload["invite"]
    assert (await _gql(client, aw, LIST))["adminInvites"] == [from_rest(i) for i in listed]

    # revoke the REST-made invite over GraphQL, the GraphQL-made one over REST
    data = await _gql(client, aw, REVOKE, input={"token": made_rest["token"]})
    assert data["adminInviteRevoke"]["invite"] == {**from_rest(made_rest), "used": True}
    revoked = await aw.call(
        "POST", f"{REST}/revoke_invite", "root", json={"token": payload["invite"]["token"]}
    )
    assert from_rest(revoked) == {**payload["invite"], "used": True}
    listed = (await aw.call("GET", f"{REST}/invites", "root"))["invites"]
    assert [i["used"] for i in listed] == [True, True]
    assert (await _gql(client, aw, LIST))["adminInvites"] == [from_rest(i) for i in listed]


async def test_refusals_agree(client, policy):
    aw = await build_admin_world(client, policy)
    cases = [
        (CREATE, {"input": {"maxUse": 0}}, "adminInviteCreate",
         ("POST", f"{REST}/invite_token", {"max_use": 0}), 400, "BAD_REQUEST"),
        (CREATE, {"input": {"expiresAt": "soon"}}, "adminInviteCreate",
         ("POST", f"{REST}/invite_token", {"expires_at": "soon"}), 400, "BAD_REQUEST"),
        (REVOKE, {"input": {"token": "unknown"}}, "adminInviteRevoke",
         ("POST", f"{REST}/revoke_invite", {"token": "unknown"}), 404, "NOT_FOUND"),
        (EMAIL, {"input": {"email": "a@example.org"}}, "adminInviteEmail",
         ("POST", f"{REST}/email_invite", {"email": "a@example.org"}), 400, "BAD_REQUEST"),
    ]
    for query, variables, field, (method, path, sent), status, code in cases:
        rest = await aw.call(method, path, "root", expect=status, json=sent)
        data = await _gql(client, aw, query, **variables)
        [error] = data[field]["userErrors"]
        assert data[field]["invite"] is None
        assert (error["code"], error["message"]) == (code, rest["error"]), field

    # a user who is not an admin
    rest = await aw.call("POST", f"{REST}/invite_token", "alice", expect=403, json={})
    data = await _gql(client, aw, CREATE, "alice", input={})
    assert data["adminInviteCreate"]["userErrors"] == [
        {"code": "NOT_ADMIN", "field": None, "message": rest["error"]}
    ]
    rest = await aw.call("GET", f"{REST}/invites", "root_noscope", expect=403)
    body = await gql(client, LIST, token=aw.tokens["root_noscope"])
    assert body["data"] is None
    assert body["errors"][0]["message"] == rest["error"]
    assert body["errors"][0]["extensions"]["code"] == "NOT_ADMIN"
    assert (await aw.call("GET", f"{REST}/invites", "root")) == {"invites": []}
