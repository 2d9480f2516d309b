"""Invites by global id: ``node(id:)`` shows an invite to admins with the invites scope
and null to everyone else, as a missing one."""

from __future__ import annotations

from strawberry.relay import to_base64

from schema.services import tokens
from tests.graphql.conftest import gql

NODE = "query n($id: ID!) { node(id: $id) { ... on Invite { restId token inviteType } } }"


async def test_an_invite_resolves_by_global_id_for_admins_only(aw, client):
    made = await aw.call("POST", "/api/pleroma/admin/users/invite_token", "root", json={})
    reader = await tokens.issue_token(aw.accounts["root"], aw.app, ["admin:read:invites"])
    aw.tokens["reader"] = reader.access_token
    gid = to_base64("Invite", made["id"])
    for who in ("root", "reader"):
        body = await gql(client, NODE, {"id": gid}, token=aw.tokens[who])
        assert body["data"]["node"] == {
            "restId": made["id"], "token": made["token"], "inviteType": "ONE_TIME",
        }
    for who in ("alice", "mod", "root_noscope", None):
        body = await gql(client, NODE, {"id": gid}, token=aw.tokens[who] if who else None)
        assert body == {"data": {"node": None}}, who
    body = await gql(client, NODE, {"id": to_base64("Invite", "missing")}, token=aw.tokens["root"])
    assert body == {"data": {"node": None}}
