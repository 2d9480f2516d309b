"""GraphQL subscriptions over graphql-transport-ws, and their parity with the REST stream.

Same REST world as the REST stream tests: bob follows alice, alice blocks mallory.
"""

from __future__ import annotations

from schema.services import streaming, tokens
from tests.streaming.wsclient import (
    TIMEOUT,
    graphql_subscription,
    mastodon_stream,
)

HOME = """subscription { homeUpdates { restId content spoilerText visibility
  account { restId acct } reblog { restId } viewerHasFavourited viewerHasReblogged
  repliesCount favouritesCount tags { name } mentions { acct } } }"""
PUBLIC = "subscription ($local: Boolean!) { publicUpdates(local: $local) { restId content } }"
TAG = "subscription ($tag: String!) { tagUpdates(tag: $tag) { restId tags { name } } }"
NOTIFICATIONS = """subscription { notificationAdded { restId type account { acct }
  status { restId } } }"""
CONVERSATIONS = """subscription { conversationUpdated { restId unread
  accounts { acct } lastStatus { restId content } } }"""


async def test_home_updates_and_the_user_stream_deliver_the_same_post(rw):
    """Parity: one post, the REST ``user`` stream and ``homeUpdates``, same content."""
    async with (
        mastodon_stream(rw.client, "user", token=rw.tokens["bob"]) as rest_stream,
        graphql_subscription(rw.client, HOME, token=rw.tokens["bob"]) as gql_stream,
    ):
        posted = await rw.post("alice", "hello #cats @carol", spoiler_text="cw")
        rest = (await rest_stream.next())["payload"]
        node = (await gql_stream.next())["data"]["homeUpdates"]
    assert rest["id"] == node["restId"] == posted["id"]
    assert node["content"] == rest["content"]
    assert node["spoilerText"] == rest["spoiler_text"] == "cw"
    assert node["visibility"].lower() == rest["visibility"] == "public"
    assert node["account"] == {"restId": rest["account"]["id"], "acct": rest["account"]["acct"]}
    assert node["reblog"] is None and rest["reblog"] is None
    assert node["viewerHasFavourited"] is rest["favourited"] is False
    assert node["viewerHasReblogged"] is rest["reblogged"] is False
    assert node["repliesCount"] == rest["replies_count"]
    assert node["favouritesCount"] == rest["favourites_count"]
    assert [t["name"] for t in node["tags"]] == [t["name"] for t in rest["tags"]] == ["cats"]
    assert [m["acct"] for m in node["mentions"]] == [m["acct"] for m in rest["mentions"]]


async def test_home_updates_never_carry_what_the_viewer_may_not_see(rw):
    async with graphql_subscription(rw.client, HOME, token=rw.tokens["eve"]) as eve:
        await rw.post("alice", "followers only", visibility="private")
        await rw.post("alice", "@carol secret", visibility="direct")
        sentinel = await rw.post("eve", "eve's own")
        node = (await eve.next())["data"]["homeUpdates"]
    assert node["restId"] == sentinel["id"]


async def test_public_and_tag_updates(rw):
    async with (
        graphql_subscription(rw.client, PUBLIC, {"local": True}) as local,
        graphql_subscription(rw.client, TAG, {"tag": "cats"}) as cats,
    ):
        await rw.post("alice", "#cats followers only", visibility="private")
        tagged = await rw.post("alice", "#cats for all")
        assert (await local.next())["data"]["publicUpdates"]["restId"] == tagged["id"]
        node = (await cats.next())["data"]["tagUpdates"]
    assert node == {"restId": tagged["id"], "tags": [{"name": "cats"}]}


async def test_notification_added(rw):
    async with graphql_subscription(rw.client, NOTIFICATIONS, token=rw.tokens["bob"]) as bob:
        await rw.post("alice", "hi @carol")
        mention = await rw.post("alice", "hi @bob")
        node = (await bob.next())["data"]["notificationAdded"]
    assert node["type"] == "MENTION"
    assert node["account"] == {"acct": "alice"}
    assert node["status"] == {"restId": mention["id"]}


async def test_conversation_updated(rw):
    async with graphql_subscription(rw.client, CONVERSATIONS, token=rw.tokens["carol"]) as carol:
        await rw.post("alice", "psst @eve", visibility="direct")
        dm = await rw.post("alice", "psst @carol", visibility="direct")
        node = (await carol.next())["data"]["conversationUpdated"]
    assert node["unread"] is True
    assert node["accounts"] == [{"acct": "alice"}]
    assert node["lastStatus"]["restId"] == dm["id"]


async def _first_message(rw, query, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    ws = await rw.client.ws_connect(
        "/graphql", protocols=("graphql-transport-ws",), headers=headers
    )
    try:
        await ws.send_json({"type": "connection_init", "payload": {}})
        assert (await ws.receive_json(timeout=TIMEOUT))["type"] == "connection_ack"
        await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": query}})
        while True:
            message = await ws.receive_json(timeout=TIMEOUT)
            if message["type"] not in ("ping", "pong"):
                return message
    finally:
        await ws.close()


async def test_home_updates_need_an_account_with_read_statuses(rw):
    message = await _first_message(rw, HOME)
    assert message["type"] in ("error", "next")
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["message"] == "Missing access token"
    write_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["write"])
    message = await _first_message(rw, HOME, write_only.access_token)
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["message"] == "Access token does not have the required scopes"
    assert streaming.open_subscriptions() == []
