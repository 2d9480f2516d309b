"""Mastodon's streaming API over a real aiohttp WebSocket client against the test server.

The world (tests/statuses/conftest.py): bob follows alice, alice blocks mallory, carol and
eve are strangers. "Never receives" is shown with a sentinel: the forbidden event happens
first, then an event the stream must deliver, and the sentinel must be the next message
(a subscription handles its events in order).
"""

from __future__ import annotations

import aiohttp
import pytest

from models.relationships import Follow
from schema.services import sessions, streaming, tokens
from tests.streaming.wsclient import mastodon_stream, until


async def _rest_status(rw, who, status_id):
    return await rw.call("GET", f"/api/v1/statuses/{status_id}", who)


async def _refused(rw, expect_status, **query):
    """Open a streaming connection that the server must refuse before the upgrade."""
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        await rw.client.ws_connect("/api/v1/streaming", **query)
    assert caught.value.status == expect_status
    return caught.value


# --- health, transport, authentication ----------------------------------------------------


async def test_health_answers_ok_as_text(rw):
    response = await rw.client.get("/api/v1/streaming/health")
    assert response.status == 200
    assert response.content_type == "text/plain"
    assert await response.text() == "OK"


async def test_a_plain_get_is_refused(rw):
    response = await rw.client.get("/api/v1/streaming", params={"stream": "public"})
    assert response.status == 400
    assert await response.json() == {"error": "This endpoint only answers WebSocket connections"}


@pytest.mark.parametrize("how", ["param", "protocol", "bearer"])
async def test_a_bad_token_is_refused_with_401(rw, how):
    query: dict = {"params": {"stream": "public"}}
    if how == "param":
        query["params"]["access_token"] = "not-a-token"
    elif how == "protocol":
        query["protocols"] = ("not-a-token",)
    else:
        query["headers"] = {"Authorization": "Bearer not-a-token"}
    await _refused(rw, 401, **query)
    assert streaming.open_subscriptions() == []


async def test_a_revoked_token_is_refused(rw):
    other = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read"])
    await tokens.revoke(other.token)
    await _refused(rw, 401, params={"stream": "user", "access_token": other.access_token})


async def test_user_streams_need_a_token(rw):
    for stream in ("user", "user:notification", "direct"):
        await _refused(rw, 401, params={"stream": stream})


async def test_user_stream_needs_a_read_scope(rw):
    write_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["write"])
    await _refused(rw, 401, params={"stream": "user", "access_token": write_only.access_token})
    statuses_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read:statuses"])
    await _refused(
        rw,
        401,
        params={"stream": "user:notification", "access_token": statuses_only.access_token},
    )
    async with mastodon_stream(rw.client, "user", token=statuses_only.access_token) as bob:
        posted = await rw.post("alice", "scoped")
        assert (await bob.next())["payload"]["id"] == posted["id"]


async def test_unknown_stream_and_missing_tag_are_400(rw):
    await _refused(rw, 400, params={"stream": "nonsense"})
    await _refused(rw, 400, params={"stream": "hashtag"})


async def test_the_session_cookie_does_not_authenticate_a_stream(rw, policy):
    """A browser sends cookies with any site's WebSocket: the stream ignores them."""
    value = await sessions.start_session(policy, rw.accounts["bob"], rw.app, ["read"])
    headers = {"Cookie": f"{sessions.cookie_name(policy)}={value}"}
    response = await rw.client.get("/api/v1/timelines/home", headers=headers)
    assert response.status == 200  # the cookie itself is good
    error = await _refused(rw, 401, params={"stream": "user"}, headers=headers)
    assert error.status == 401


@pytest.mark.parametrize("how", ["param", "protocol", "bearer"])
async def test_every_token_transport_opens_the_user_stream(rw, how):
    async with mastodon_stream(rw.client, "user", token=rw.tokens["bob"], how=how) as bob:
        if how == "protocol":
            assert bob.ws.protocol == rw.tokens["bob"]
        posted = await rw.post("alice", "hello followers")
        message = await bob.next()
    assert message["stream"] == ["user"]
    assert message["event"] == "update"
    assert message["payload"]["id"] == posted["id"]


# --- user ----------------------------------------------------------------------------------


async def test_user_stream_payload_is_the_rest_status_for_the_viewer(rw):
    async with mastodon_stream(rw.client, "user", token=rw.tokens["bob"]) as bob:
        posted = await rw.post("alice", "hello #cats @carol")
        message = await bob.next()
    assert message["event"] == "update"
    assert message["payload"] == await _rest_status(rw, "bob", posted["id"])


async def test_user_stream_gets_own_followed_private_and_reblogs(rw):
    async with mastodon_stream(rw.client, "user", token=rw.tokens["bob"]) as bob:
        own = await rw.post("bob", "mine")
        assert (await bob.next())["payload"]["id"] == own["id"]
        private = await rw.post("alice", "followers only", visibility="private")
        message = await bob.next()
        assert message["payload"]["id"] == private["id"]
        assert message["payload"]["visibility"] == "private"
        carols = await rw.post("carol", "carol speaks")
        reblog = await rw.act("alice", carols["id"], "reblog")
        message = await bob.next()
        assert message["payload"]["id"] == reblog["id"]
        assert message["payload"]["reblog"]["id"] == carols["id"]


async def test_user_stream_never_gets_strangers_or_private_posts_of_unfollowed(rw):
    async with mastodon_stream(rw.client, "user", token=rw.tokens["eve"]) as eve:
        await rw.post("alice", "public, but eve follows nobody")
        await rw.post("alice", "followers only", visibility="private")
        await rw.post("alice", "@carol secret", visibility="direct")
        sentinel = await rw.post("eve", "my own")
        message = await eve.next()
    assert message["payload"]["id"] == sentinel["id"]


async def test_user_stream_leaves_out_a_muted_author(rw):
    await rw.call("POST", f"/api/v1/accounts/{rw.id('alice')}/mute", "bob")
    async with mastodon_stream(rw.client, "user", token=rw.tokens["bob"]) as bob:
        await rw.post("alice", "muted words")
        sentinel = await rw.post("bob", "sentinel")
        message = await bob.next()
    assert message["payload"]["id"] == sentinel["id"]


async def test_user_stream_leaves_out_a_blocked_author(rw):
    # mallory follows alice, but alice blocks mallory
    await Follow.create(account_id=rw.id("mallory"), target_id=rw.id("alice"))
    async with mastodon_stream(rw.client, "user", token=rw.tokens["mallory"]) as mallory:
        await rw.post("alice", "not for mallory")
        sentinel = await rw.post("mallory", "sentinel")
        message = await mallory.next()
    assert message["payload"]["id"] == sentinel["id"]


async def test_user_stream_carries_notifications(rw):
    async with mastodon_stream(rw.client, "user", token=rw.tokens["carol"]) as carol:
        mention = await rw.post("alice", "hi @carol")
        first = await carol.next()
        second = await carol.next()
    by_event = {first["event"]: first, second["event"]: second}
    assert by_event["update"]["payload"]["id"] == mention["id"]
    notification = by_event["notification"]
    assert notification["stream"] == ["user"]
    assert notification["payload"]["type"] == "mention"
    assert notification["payload"]["account"]["acct"] == "alice"
    assert notification["payload"]["status"]["id"] == mention["id"]
    listed = await rw.call("GET", "/api/v1/notifications", "carol")
    assert notification["payload"] == listed[0]


async def test_notification_stream_gets_only_notifications(rw):
    mine = await rw.post("bob", "likeable")
    async with mastodon_stream(rw.client, "user:notification", token=rw.tokens["bob"]) as bob:
        await rw.post("bob", "my own post is no notification")
        await rw.post("alice", "a public post is none either")
        await rw.act("alice", mine["id"], "favourite")
        message = await bob.next()
    assert message["stream"] == ["user:notification"]
    assert message["event"] == "notification"
    assert message["payload"]["type"] == "favourite"
    assert message["payload"]["status"]["id"] == mine["id"]


async def test_notification_stream_never_gets_someone_elses(rw):
    mine = await rw.post("eve", "eve's")
    async with mastodon_stream(rw.client, "user:notification", token=rw.tokens["bob"]) as bob:
        await rw.post("alice", "hi @carol")
        await rw.act("alice", mine["id"], "favourite")
        sentinel = await rw.post("alice", "hi @bob")
        message = await bob.next()
    assert message["payload"]["type"] == "mention"
    assert message["payload"]["status"]["id"] == sentinel["id"]


# --- public, public:local, hashtag ---------------------------------------------------------


async def test_public_stream_is_open_to_anonymous_and_shows_only_public(rw):
    async with mastodon_stream(rw.client, "public") as anon:
        await rw.post("alice", "followers only", visibility="private")
        await rw.post("alice", "quiet", visibility="unlisted")
        await rw.post("alice", "@carol secret", visibility="direct")
        public = await rw.post("alice", "for everyone")
        message = await anon.next()
    assert message["stream"] == ["public"]
    assert message["payload"]["id"] == public["id"]
    assert message["payload"]["favourited"] is False


async def test_public_stream_for_a_follower_still_leaves_private_out(rw):
    async with mastodon_stream(rw.client, "public", token=rw.tokens["bob"]) as bob:
        await rw.post("alice", "followers only", visibility="private")
        public = await rw.post("alice", "for everyone")
        message = await bob.next()
    assert message["payload"]["id"] == public["id"]


async def test_public_stream_leaves_out_blocked_authors_both_ways(rw):
    async with (
        mastodon_stream(rw.client, "public", token=rw.tokens["mallory"]) as mallory,
        mastodon_stream(rw.client, "public", token=rw.tokens["alice"]) as alice,
    ):
        await rw.post("alice", "alice blocks mallory")
        await rw.post("mallory", "mallory speaks")
        await rw.post("bob", "bob speaks")
        seen_by_mallory = [(await mallory.next())["payload"] for _ in range(2)]
        seen_by_alice = [(await alice.next())["payload"] for _ in range(2)]
    assert [s["account"]["acct"] for s in seen_by_mallory] == ["mallory", "bob"]
    assert [s["account"]["acct"] for s in seen_by_alice] == ["alice", "bob"]


async def test_public_local_stream(rw):
    async with mastodon_stream(rw.client, "public:local") as anon:
        posted = await rw.post("alice", "local news")
        message = await anon.next()
    assert message["stream"] == ["public:local"]
    assert message["payload"]["id"] == posted["id"]


async def test_hashtag_stream(rw):
    async with (
        mastodon_stream(rw.client, "hashtag", tag="Cats") as cats,
        mastodon_stream(rw.client, "hashtag:local", tag="cats") as local_cats,
    ):
        await rw.post("alice", "#dogs only")
        await rw.post("alice", "#cats but private", visibility="private")
        tagged = await rw.post("alice", "I love #cats")
        message = await cats.next()
        local = await local_cats.next()
    assert message["stream"] == ["hashtag", "cats"]
    assert message["payload"]["id"] == tagged["id"]
    assert local["stream"] == ["hashtag:local", "cats"]
    assert local["payload"]["id"] == tagged["id"]


# --- direct --------------------------------------------------------------------------------


async def test_direct_stream_gets_the_conversation_of_a_recipient(rw):
    async with mastodon_stream(rw.client, "direct", token=rw.tokens["carol"]) as carol:
        await rw.post("alice", "for everyone")
        dm = await rw.post("alice", "psst @carol", visibility="direct")
        message = await carol.next()
    assert message["stream"] == ["direct"]
    assert message["event"] == "conversation"
    conversation = message["payload"]
    assert conversation["last_status"]["id"] == dm["id"]
    assert [a["acct"] for a in conversation["accounts"]] == ["alice"]
    assert conversation["unread"] is True
    listed = await rw.call("GET", "/api/v1/conversations", "carol")
    assert conversation == listed[0]


async def test_direct_stream_never_gets_a_direct_to_someone_else(rw):
    async with (
        mastodon_stream(rw.client, "direct", token=rw.tokens["eve"]) as eve,
        mastodon_stream(rw.client, "user", token=rw.tokens["eve"]) as eve_home,
        mastodon_stream(rw.client, "public", token=rw.tokens["eve"]) as eve_public,
    ):
        await rw.post("alice", "psst @carol", visibility="direct")
        sentinel = await rw.post("alice", "psst @eve", visibility="direct")
        message = await eve.next()
        # the mention's notification is made (and streamed) before the status is fanned out
        home = {m["event"]: m for m in [await eve_home.next(), await eve_home.next()]}
        public = await rw.post("eve", "public sentinel")
        assert (await eve_public.next())["payload"]["id"] == public["id"]
    assert message["payload"]["last_status"]["id"] == sentinel["id"]
    assert home["update"]["payload"]["id"] == sentinel["id"]
    assert home["notification"]["payload"]["status"]["id"] == sentinel["id"]


# --- subscribe / unsubscribe ---------------------------------------------------------------


async def test_subscribe_and_unsubscribe_messages(rw):
    async with mastodon_stream(rw.client, token=rw.tokens["bob"]) as bob:
        await bob.subscribe("public")
        await bob.subscribe("hashtag", tag="cats")
        tagged = await rw.post("carol", "#cats everywhere")
        first, second = await bob.next(), await bob.next()
        assert [first["stream"], second["stream"]] == [["public"], ["hashtag", "cats"]]
        assert first["payload"] == second["payload"]
        assert first["payload"]["id"] == tagged["id"]
        await bob.unsubscribe("public")
        again = await rw.post("carol", "more #cats")
        message = await bob.next()
        assert message["stream"] == ["hashtag", "cats"]
        assert message["payload"]["id"] == again["id"]
        await bob.unsubscribe("hashtag", tag="cats")
        await bob.subscribe("user")
        await rw.post("carol", "#cats no longer followed")
        sentinel = await rw.post("alice", "followed")
        message = await bob.next()
        assert (message["stream"], message["payload"]["id"]) == (["user"], sentinel["id"])


async def test_a_refused_subscription_answers_on_the_socket(rw):
    async with mastodon_stream(rw.client, "public") as anon:
        await anon.send({"type": "subscribe", "stream": "user"})
        assert await anon.next() == {"error": "Missing access token", "status": 401}
        await anon.send({"type": "subscribe", "stream": "nonsense"})
        assert await anon.next() == {"error": "Unknown stream type", "status": 400}
        await anon.send({"type": "subscribe", "stream": "hashtag"})
        assert await anon.next() == {"error": "No tag for stream provided", "status": 400}
        await anon.ws.send_str("{not json")
        assert await anon.next() == {"error": "Invalid JSON", "status": 400}
        # the connection is still open and still streams
        posted = await rw.post("alice", "still here")
        assert (await anon.next())["payload"]["id"] == posted["id"]


# --- delete --------------------------------------------------------------------------------


async def test_delete_events(rw):
    async with (
        mastodon_stream(rw.client, "user", token=rw.tokens["bob"]) as bob,
        mastodon_stream(rw.client, "public") as anon,
    ):
        posted = await rw.post("alice", "soon gone")
        assert (await bob.next())["payload"]["id"] == posted["id"]
        assert (await anon.next())["payload"]["id"] == posted["id"]
        await rw.call("DELETE", f"/api/v1/statuses/{posted['id']}", "alice")
        for stream, name in ((bob, "user"), (anon, "public")):
            message = await stream.next()
            assert message == {"stream": [name], "event": "delete", "payload": posted["id"]}


async def test_delete_of_a_private_status_reaches_only_who_could_see_it(rw):
    async with (
        mastodon_stream(rw.client, "user", token=rw.tokens["bob"]) as bob,
        mastodon_stream(rw.client, "public", token=rw.tokens["eve"]) as eve,
    ):
        private = await rw.post("alice", "followers only", visibility="private")
        assert (await bob.next())["payload"]["id"] == private["id"]
        await rw.call("DELETE", f"/api/v1/statuses/{private['id']}", "alice")
        assert (await bob.next())["payload"] == private["id"]
        sentinel = await rw.post("alice", "public sentinel")
        assert (await eve.next())["payload"]["id"] == sentinel["id"]


async def test_undoing_a_reblog_deletes_it_from_the_stream(rw):
    carols = await rw.post("carol", "carol speaks")
    async with mastodon_stream(rw.client, "user", token=rw.tokens["bob"]) as bob:
        reblog = await rw.act("alice", carols["id"], "reblog")
        assert (await bob.next())["payload"]["id"] == reblog["id"]
        await rw.act("alice", carols["id"], "unreblog")
        message = await bob.next()
    assert message == {"stream": ["user"], "event": "delete", "payload": reblog["id"]}


async def test_closing_the_socket_ends_the_subscription(rw):
    async with mastodon_stream(rw.client, "public"):
        assert len(streaming.open_subscriptions()) == 1
    await until(lambda: not streaming.open_subscriptions(), "the subscription to end")
