"""Lists over REST (Mastodon's ``/api/v1/lists`` as Pleroma serves it): shapes, both body
styles, Pleroma's errors, scopes, someone else's list, members with ``Link`` headers, the
list timeline's privacy and cost, and the ``list`` stream.

The world (tests/statuses/conftest.py): bob follows alice, alice blocks mallory, carol and
eve are strangers; every token is ``read write follow``.
"""

from __future__ import annotations

import re

import aiohttp
import pytest

from schema.services import streaming, tokens
from tests.querycount import count_queries
from tests.streaming.test_streaming_graphql import _first_message
from tests.streaming.wsclient import MastodonStream, until

LISTS = "/api/v1/lists"


async def make(rw, who="bob", title="friends", members=()):
    made = await rw.call("POST", LISTS, who, json={"title": title})
    if members:
        ids = [rw.id(m) for m in members]
        assert await rw.call("POST", f"{LISTS}/{made['id']}/accounts", who,
                             json={"account_ids": ids}) == {}
    return made


async def member_names(rw, list_id, who="bob", query=""):
    body = await rw.call("GET", f"{LISTS}/{list_id}/accounts{query}", who)
    return [a["acct"] for a in body]


def link_ids(response) -> dict[str, str]:
    found = re.findall(r"<[^>]*[?&](max_id|min_id)=([^&>]+)[^>]*>; rel=\"(\w+)\"",
                       response.headers.get("Link", ""))
    return {rel: value for _, value, rel in found}


# --- the lists themselves -------------------------------------------------------------------


async def test_create_show_index_rename_delete(rw):
    made = await rw.call("POST", LISTS, "bob", json={"title": "cuties"})
    assert made == {"id": made["id"], "title": "cuties", "replies_policy": "list",
                    "exclusive": False}
    second = await rw.call("POST", LISTS, "bob", data={"title": "cofe"})  # a form body
    assert second["title"] == "cofe"
    assert await rw.call("GET", f"{LISTS}/{made['id']}", "bob") == made
    assert [x["title"] for x in await rw.call("GET", LISTS, "bob")] == ["cofe", "cuties"]
    renamed = await rw.call("PUT", f"{LISTS}/{made['id']}", "bob", json={"title": "newname"})
    assert renamed == {**made, "title": "newname"}
    assert await rw.call("DELETE", f"{LISTS}/{made['id']}", "bob") == {}
    body = await rw.call("GET", f"{LISTS}/{made['id']}", "bob", expect=404)
    assert body == {"error": "List not found"}
    assert [x["id"] for x in await rw.call("GET", LISTS, "bob")] == [second["id"]]


async def test_mastodon_settings_are_accepted_and_stored(rw):
    made = await rw.call("POST", LISTS, "bob",
                         data={"title": "news", "replies_policy": "none", "exclusive": "1"})
    assert (made["replies_policy"], made["exclusive"]) == ("none", True)
    changed = await rw.call("PUT", f"{LISTS}/{made['id']}", "bob",
                            json={"replies_policy": "followed", "exclusive": False})
    assert changed == {**made, "replies_policy": "followed", "exclusive": False}
    body = await rw.call("POST", LISTS, "bob", expect=422,
                         json={"title": "x", "replies_policy": "all"})
    assert body == {"error": "Validation failed: Replies policy is not included in the list"}
    body = await rw.call("POST", LISTS, "bob", expect=400,
                         json={"title": "x", "exclusive": "maybe"})
    assert body["error"] == "exclusive: Invalid boolean value"
    assert len(await rw.call("GET", LISTS, "bob")) == 1


async def test_pleromas_title_errors(rw):
    body = await rw.call("POST", LISTS, "bob", expect=400, json={"title": None})
    assert body["error"] == "title - null value where string expected."
    assert body["errors"] == [{"message": "null value where string expected",
                               "source": {"pointer": "/title"}, "title": "Invalid value"}]
    body = await rw.call("POST", LISTS, "bob", expect=400, json={})
    assert body["error"] == "Missing field: title."
    body = await rw.call("POST", LISTS, "bob", expect=400, json={"title": 7})
    assert body["error"] == "title - Invalid string. Got: integer."
    assert await rw.call("POST", LISTS, "bob", expect=422, json={"title": "  "}) == {
        "error": "can't be blank"
    }
    made = await make(rw)
    path = f"{LISTS}/{made['id']}"
    assert await rw.call("PUT", path, "bob", expect=422, json={"title": "  "}) == {
        "error": "can't be blank"
    }
    body = await rw.call("PUT", path, "bob", expect=400, json={})
    assert body["error"] == "Missing field: title."
    body = await rw.call("PUT", path, "bob", expect=422, json={"title": "x" * 256})
    assert body == {"error": "should be at most 255 character(s)"}
    assert await rw.call("GET", path, "bob") == made


async def test_someone_elses_list_answers_like_a_missing_one(rw):
    made = await make(rw, members=["alice"])
    path = f"{LISTS}/{made['id']}"
    not_found = {"error": "List not found"}
    for method, suffix, kw in (
        ("GET", "", {}),
        ("PUT", "", {"json": {"title": "mine"}}),
        ("DELETE", "", {}),
        ("GET", "/accounts", {}),
        ("POST", "/accounts", {"json": {"account_ids": [rw.id("eve")]}}),
        ("DELETE", "/accounts", {"json": {"account_ids": [rw.id("alice")]}}),
    ):
        assert await rw.call(method, path + suffix, "eve", expect=404, **kw) == not_found
    body = await rw.call("GET", f"/api/v1/timelines/list/{made['id']}", "eve", expect=403)
    assert body == {"error": "Error."}
    assert await rw.call("GET", f"{LISTS}/nonsense", "bob", expect=404) == not_found
    # nothing changed
    assert await rw.call("GET", path, "bob") == made
    assert await member_names(rw, made["id"]) == ["alice"]
    assert await rw.call("GET", LISTS, "eve") == []


async def test_scopes_and_anonymous(rw, policy):
    made = await make(rw)
    read = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read:lists"])
    write = await tokens.issue_token(rw.accounts["bob"], rw.app, ["write:lists"])
    statuses = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read:statuses"])

    def as_(token):
        return {"headers": {"Authorization": f"Bearer {token.access_token}"}}

    assert len(await rw.call("GET", LISTS, **as_(read))) == 1
    for method, path in (("POST", LISTS), ("PUT", f"{LISTS}/{made['id']}"),
                         ("DELETE", f"{LISTS}/{made['id']}"),
                         ("POST", f"{LISTS}/{made['id']}/accounts")):
        body = await rw.call(method, path, expect=403, json={"title": "x"}, **as_(read))
        assert body == {"error": "Insufficient permissions: write:lists."}
    for path in (LISTS, f"{LISTS}/{made['id']}", f"{LISTS}/{made['id']}/accounts",
                 f"/api/v1/accounts/{rw.id('alice')}/lists",
                 f"/api/v1/timelines/list/{made['id']}"):
        body = await rw.call("GET", path, expect=403, **as_(write))
        assert body == {"error": "Insufficient permissions: read:lists."}
        body = await rw.call("GET", path, expect=403, **as_(statuses))
        assert body == {"error": "Insufficient permissions: read:lists."}
        assert await rw.call("GET", path, expect=403) == {"error": "Invalid credentials."}
    assert (await rw.call("POST", LISTS, json={"title": "y"}, **as_(write)))["title"] == "y"


# --- members -----------------------------------------------------------------------------


async def test_add_and_remove_members_in_every_body_style(rw):
    made = await make(rw)
    path = f"{LISTS}/{made['id']}/accounts"
    # a form with account_ids[] (eve is not followed: Pleroma allows her)
    form = [("account_ids[]", rw.id("alice")), ("account_ids[]", rw.id("eve"))]
    assert await rw.call("POST", path, "bob", data=form) == {}
    # JSON, with an unknown id and a duplicate skipped
    ids = [rw.id("carol"), "nobody", rw.id("alice")]
    assert await rw.call("POST", path, "bob", json={"account_ids": ids}) == {}
    assert await member_names(rw, made["id"]) == ["carol", "eve", "alice"]
    # removal by query string (Pleroma's test) and by body
    assert await rw.call("DELETE", f"{path}?account_ids[]={rw.id('eve')}", "bob") == {}
    assert await rw.call("DELETE", path, "bob", json={"account_ids": [rw.id("carol")]}) == {}
    assert await member_names(rw, made["id"]) == ["alice"]
    # nothing to do is fine
    assert await rw.call("POST", path, "bob", json={}) == {}
    assert await rw.call("DELETE", path, "bob") == {}


async def test_members_page_with_link_headers(rw):
    made = await make(rw, members=["alice", "carol", "eve", "mallory"])
    path = f"{LISTS}/{made['id']}/accounts"
    assert await member_names(rw, made["id"], query="?limit=2") == ["mallory", "eve"]
    links = link_ids(rw.last)
    assert set(links) == {"next", "prev"}
    older = await member_names(rw, made["id"], query=f"?limit=2&max_id={links['next']}")
    assert older == ["carol", "alice"]
    back = link_ids(rw.last)["prev"]
    assert await member_names(rw, made["id"], query=f"?min_id={back}") == ["mallory", "eve"]
    assert await member_names(rw, made["id"], query=f"?since_id={links['next']}") == ["mallory"]
    # Mastodon's limit=0 ("all") gives the largest page; no limit gives 40
    assert len(await rw.call("GET", f"{path}?limit=0", "bob")) == 4
    assert len(await rw.call("GET", path, "bob")) == 4


async def test_a_page_of_forty_members_costs_what_a_page_of_one_does(rw, policy):
    from schema.services import accounts

    made = await make(rw)
    ids = []
    for i in range(40):
        row = await accounts.create_local_account(
            policy, nickname=f"member{i}", email=f"m{i}@example.org", password="member-pass-1"
        )
        ids.append(row.id)
    await rw.call("POST", f"{LISTS}/{made['id']}/accounts", "bob", json={"account_ids": ids})
    costs = {}
    for limit in (1, 40):
        with count_queries() as queries:
            body = await rw.call("GET", f"{LISTS}/{made['id']}/accounts?limit={limit}", "bob")
        assert len(body) == limit
        costs[limit] = queries.count
    assert costs[1] == costs[40] <= 3, costs


async def test_lists_holding_an_account(rw):
    one = await make(rw, title="one", members=["eve"])
    two = await make(rw, title="two", members=["eve", "alice"])
    await make(rw, who="alice", title="hers", members=["eve"])
    body = await rw.call("GET", f"/api/v1/accounts/{rw.id('eve')}/lists", "bob")
    assert body == [two, one]
    assert await rw.call("GET", f"/api/v1/accounts/{rw.id('carol')}/lists", "bob") == []
    body = await rw.call("GET", "/api/v1/accounts/000000000000000000/lists", "bob", expect=404)
    assert body == {"error": "Record not found"}


# --- the timeline ------------------------------------------------------------------------


async def test_list_timeline_shows_only_what_the_owner_may_see(rw):
    made = await make(rw, members=["alice", "eve"])
    alice_public = await rw.post("alice", "Marisa is cute.")
    alice_private = await rw.post("alice", "for my followers", visibility="private")
    await rw.post("alice", "@bob direct to bob", visibility="direct")
    eve_public = await rw.post("eve", "eve says hi")
    eve_private = await rw.post("eve", "eve's followers only", visibility="private")
    await rw.post("bob", "Marisa is stupid.")
    carol = await rw.post("carol", "carol is no member")
    await rw.act("alice", carol["id"], "reblog")  # a member's reblog: not shown
    path = f"/api/v1/timelines/list/{made['id']}"
    body = await rw.call("GET", path, "bob")
    assert [s["id"] for s in body] == [eve_public["id"], alice_private["id"],
                                       alice_public["id"]]
    assert body[0]["account"]["acct"] == "eve"
    assert "pleroma" in body[0]  # the home timeline's renderer
    leaked = {eve_private["id"], eve_private["content"]}
    assert not leaked & {v for s in body for v in (s["id"], s["content"])}
    # paging: Link headers and max_id, like the home timeline
    first = await rw.call("GET", f"{path}?limit=1", "bob")
    assert [s["id"] for s in first] == [eve_public["id"]]
    links = link_ids(rw.last)
    assert links == {"next": eve_public["id"], "prev": eve_public["id"]}
    older = await rw.call("GET", f"{path}?max_id={links['next']}", "bob")
    assert [s["id"] for s in older] == [alice_private["id"], alice_public["id"]]
    without = await rw.call("GET", f"{path}?exclude_visibilities[]=private", "bob")
    assert [s["id"] for s in without] == [eve_public["id"], alice_public["id"]]


async def test_muted_members_are_left_out_unless_with_muted(rw):
    made = await make(rw, members=["alice", "eve"])
    eve_post = await rw.post("eve", "eve")
    alice_post = await rw.post("alice", "alice")
    await rw.call("POST", f"/api/v1/accounts/{rw.id('eve')}/mute", "bob")
    path = f"/api/v1/timelines/list/{made['id']}"
    assert [s["id"] for s in await rw.call("GET", path, "bob")] == [alice_post["id"]]
    body = await rw.call("GET", f"{path}?with_muted=true", "bob")
    assert [s["id"] for s in body] == [alice_post["id"], eve_post["id"]]


async def test_a_page_of_forty_statuses_costs_what_a_page_of_one_does(rw):
    made = await make(rw, members=["alice", "eve"])
    for i in range(20):
        status = await rw.post("alice", f"post {i} @bob #tag{i % 3}")
        await rw.act("bob", status["id"], "favourite")
        await rw.post("eve", f"eve {i}")
    costs = {}
    for limit in (1, 40):
        with count_queries() as queries:
            body = await rw.call("GET", f"/api/v1/timelines/list/{made['id']}?limit={limit}",
                                 "bob")
        assert len(body) == limit
        costs[limit] = queries.count
    assert costs[1] == costs[40] <= 5, costs


# --- the list stream --------------------------------------------------------------------


def _streams_list(list_id):
    topic = streaming.Topic("list", list_id=list_id)
    return lambda: any(topic in s.topics for s in streaming.open_subscriptions())


async def test_the_list_stream_delivers_what_the_timeline_shows(rw):
    made = await make(rw, members=["alice", "eve"])
    ws = await rw.client.ws_connect(
        "/api/v1/streaming",
        params={"stream": "list", "list": made["id"], "access_token": rw.tokens["bob"]},
    )
    try:
        await until(_streams_list(made["id"]), "the list stream")
        stream = MastodonStream(ws)
        await rw.post("carol", "not a member")
        await rw.post("eve", "hidden from bob", visibility="private")
        await rw.post("alice", "@bob direct", visibility="direct")
        shown = await rw.post("alice", "for the list")
        message = await stream.next()
        assert (message["stream"], message["event"]) == (["list", made["id"]], "update")
        assert message["payload"]["id"] == shown["id"]
        assert message["payload"]["content"] == shown["content"]
        await rw.call("DELETE", f"/api/v1/statuses/{shown['id']}", "alice")
        message = await stream.next()
        assert message == {"stream": ["list", made["id"]], "event": "delete",
                           "payload": shown["id"]}
        # subscribing to someone else's list, or to none, is refused on the socket
        hers = await make(rw, who="alice", title="hers", members=["bob"])
        await stream.send({"type": "subscribe", "stream": "list", "list": hers["id"]})
        assert await stream.next() == {"error": "Not authorized to stream this list",
                                       "status": 401}
        await stream.send({"type": "subscribe", "stream": "list"})
        assert await stream.next() == {"error": "Missing list name parameter", "status": 400}
    finally:
        await ws.close()


@pytest.mark.parametrize("who", ["eve", None])
async def test_the_list_stream_refuses_other_viewers(rw, who):
    made = await make(rw, members=["alice"])
    params = {"stream": "list", "list": made["id"]}
    if who:
        params["access_token"] = rw.tokens[who]
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        await rw.client.ws_connect("/api/v1/streaming", params=params)
    assert caught.value.status == 401
    assert streaming.open_subscriptions() == []


async def test_graphql_list_updates_refuse_what_the_stream_refuses(rw):
    made = await make(rw, members=["alice"])
    query = 'subscription { listUpdates(id: "ID") { restId } }'.replace("ID", made["id"])

    def error_of(message):
        assert message["type"] in ("error", "next"), message
        payload = message["payload"]
        return (payload if message["type"] == "error" else payload["errors"])[0]["message"]

    assert error_of(await _first_message(rw, query)) == "Missing access token"
    eve = await _first_message(rw, query, rw.tokens["eve"])
    assert error_of(eve) == "Not authorized to stream this list"
    statuses = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read:statuses"])
    message = await _first_message(rw, query, statuses.access_token)
    assert error_of(message) == "Access token does not have the required scopes"
    assert streaming.open_subscriptions() == []


async def test_ids_longer_than_any_id_are_unknown_not_errors(rw):
    long = "x" * 300
    made = await make(rw)
    assert await rw.call("GET", f"/api/v1/accounts/{long}/lists", "bob", expect=404) == {
        "error": "Record not found"
    }
    assert await rw.call("GET", f"{LISTS}/{long}", "bob", expect=404) == {
        "error": "List not found"
    }
    await rw.call("GET", f"/api/v1/timelines/list/{long}", "bob", expect=403)
    path = f"{LISTS}/{made['id']}/accounts"
    assert await rw.call("POST", path, "bob", json={"account_ids": [long]}) == {}
    # the same guard serves the relationship actions (they answered 500 before)
    for action in ("follow", "block", "mute"):
        await rw.call("POST", f"/api/v1/accounts/{long}/{action}", "bob", expect=404)
    await rw.call("GET", f"/api/v1/accounts/{long}/followers", "bob", expect=404)
