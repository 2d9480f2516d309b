"""Parity: REST and GraphQL show the same conversations, the same statuses in them, and
refuse someone else's alike (404 ``Unknown conversation id`` / null or a userError)."""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from tests.graphql.conftest import gql
from tests.statuses.conftest import RestWorld, build_rest_world

CONVERSATION = """
  restId unread accounts { restId acct }
  lastStatus { restId content visibility directConversationId conversationId }
"""
LIST = "query l($r: [ID!]) { conversations(first: 40, recipients: $r) { nodes { C } } }"
LIST = LIST.replace("C", CONVERSATION)
ONE = "query o($id: ID!) { conversation(id: $id) { C } }".replace("C", CONVERSATION)
STATUSES = (
    "query s($id: ID!) { conversationStatuses(id: $id, first: 40) { nodes { restId "
    "directConversationId account { restId } } } }"
)


def from_rest(c: dict[str, Any]) -> dict[str, Any]:
    """The GraphQL answer expected from a REST Conversation."""
    last = c["last_status"]
    return {
        "restId": c["id"],
        "unread": c["unread"],
        "accounts": [{"restId": a["id"], "acct": a["acct"]} for a in c["accounts"]],
        "lastStatus": {
            "restId": last["id"],
            "content": last["content"],
            "visibility": last["visibility"].upper(),
            "directConversationId": last["pleroma"]["direct_conversation_id"],
            "conversationId": last["pleroma"]["conversation_id"],
        },
    }


async def scene(rw: RestWorld) -> None:
    """Direct statuses between alice, bob and carol, a reply, one read conversation."""
    first = await rw.post("alice", "@bob @carol hello", visibility="direct")
    await rw.post("bob", "@alice just us", visibility="direct")
    await rw.post("carol", "@alice @bob hi", in_reply_to_id=first["id"], visibility="direct")
    await rw.post("alice", "@eve elsewhere", visibility="direct")
    await rw.post("alice", "note to self", visibility="direct")
    older = (await rw.call("GET", "/api/v1/conversations", "bob"))[-1]
    await rw.call("POST", f"/api/v1/conversations/{older['id']}/read", "bob")


async def test_lists_and_single_conversations_agree(client, policy):
    rw = await build_rest_world(client, policy)
    await scene(rw)
    for who in ("alice", "bob", "carol", "eve", "mallory"):
        rest = await rw.call("GET", "/api/v1/conversations?limit=40", who)
        body = await gql(client, LIST, {}, token=rw.tokens[who])
        assert "errors" not in body, body
        assert body["data"]["conversations"]["nodes"] == [from_rest(c) for c in rest], who
        for conversation in rest:
            one = await rw.call("GET", f"/api/v1/pleroma/conversations/{conversation['id']}", who)
            body = await gql(
                client, ONE, {"id": to_base64("Conversation", one["id"])}, token=rw.tokens[who]
            )
            assert body["data"]["conversation"] == from_rest(one)
            statuses = await rw.call(
                "GET", f"/api/v1/pleroma/conversations/{conversation['id']}/statuses", who
            )
            body = await gql(client, STATUSES, {"id": conversation["id"]}, token=rw.tokens[who])
            assert body["data"]["conversationStatuses"]["nodes"] == [
                {
                    "restId": s["id"],
                    "directConversationId": s["pleroma"]["direct_conversation_id"],
                    "account": {"restId": s["account"]["id"]},
                }
                for s in statuses
            ]
    # the recipients filter agrees too
    carol = rw.id("carol")
    rest = await rw.call("GET", f"/api/v1/conversations?recipients[]={carol}", "alice")
    body = await gql(client, LIST, {"r": [to_base64("Account", carol)]}, token=rw.tokens["alice"])
    assert body["data"]["conversations"]["nodes"] == [from_rest(c) for c in rest]
    assert len(rest) == 1


async def test_someone_elses_conversation_is_refused_alike(client, policy):
    rw = await build_rest_world(client, policy)
    await scene(rw)
    bobs = (await rw.call("GET", "/api/v1/conversations", "bob"))[0]["id"]
    gid = to_base64("Conversation", bobs)
    for who in ("alice", "carol", "eve"):
        body = await rw.call("GET", f"/api/v1/pleroma/conversations/{bobs}", who, expect=404)
        assert body == {"error": "Unknown conversation id"}
        token = rw.tokens[who]
        body = await gql(client, ONE, {"id": gid}, token=token)
        assert body["data"] == {"conversation": None}
        body = await gql(
            client, "query n($id: ID!) { node(id: $id) { id } }", {"id": gid}, token=token
        )
        assert body["data"] == {"node": None}
        body = await gql(client, STATUSES, {"id": gid}, token=token)
        assert body["data"] is None
        assert body["errors"][0]["message"] == "Unknown conversation id"
        for mutation in (
            "conversationMarkRead(input: {conversationId: $id}) { conversation { restId } "
            "userErrors { code message } }",
            "conversationDelete(input: {conversationId: $id}) { deletedConversationId "
            "userErrors { code message } }",
            "conversationUpdateRecipients(input: {conversationId: $id, recipientIds: []}) "
            "{ conversation { restId } userErrors { code message } }",
        ):
            body = await gql(
                client, f"mutation m($id: ID!) {{ {mutation} }}", {"id": gid}, token=token
            )
            (payload,) = body["data"].values()
            assert payload["userErrors"] == [
                {"code": "NOT_FOUND", "message": "Unknown conversation id"}
            ]
    # bob's conversation is untouched and still his
    assert (await rw.call("GET", "/api/v1/conversations", "bob"))[0]["id"] == bobs
    body = await gql(client, ONE, {"id": gid}, token=rw.tokens["bob"])
    assert body["data"]["conversation"]["restId"] == bobs


async def test_scopes_are_enforced_in_graphql_too(client, policy):
    from schema.services import tokens

    rw = await build_rest_world(client, policy)
    await scene(rw)
    write_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["write"])
    body = await gql(client, LIST, {}, token=write_only.access_token)
    assert body["errors"][0]["message"] == "Insufficient permissions: read:statuses."
    read_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read"])
    body = await gql(
        client,
        "mutation { conversationsMarkRead { conversations { restId } "
        "userErrors { code message } } }",
        token=read_only.access_token,
    )
    assert body["data"]["conversationsMarkRead"]["userErrors"] == [
        {"code": "INSUFFICIENT_SCOPE", "message": "Insufficient permissions: write:conversations."}
    ]
    body = await gql(client, LIST, {})
    assert body["errors"][0]["message"] == "Invalid credentials."
