"""Timelines over REST: shapes, Link headers, paging, privacy and a constant query cost."""

import pytest

from models.accounts import Account
from tests.querycount import count_queries


async def test_home_timeline_lists_followed_and_own_with_link_header(rw):
    first = await rw.post("alice", "one")
    second = await rw.post("bob", "two")
    home = await rw.call("GET", "/api/v1/timelines/home", "bob")
    assert [s["id"] for s in home] == [second["id"], first["id"]]
    assert home[0]["account"]["acct"] == "bob" and "pleroma" in home[0]
    link = rw.last.headers["Link"]
    assert f"max_id={first['id']}" in link and 'rel="next"' in link
    assert f"min_id={second['id']}" in link and 'rel="prev"' in link
    assert link.startswith("<https://plenum.example/api/v1/timelines/home?")


async def test_home_timeline_requires_a_user(rw):
    body = await rw.call("GET", "/api/v1/timelines/home", None, expect=403)
    assert body == {"error": "Invalid credentials."}


async def test_public_timeline_paging_params(rw):
    posted = [await rw.post("alice", f"n{i}") for i in range(5)]
    newest = [p["id"] for p in reversed(posted)]
    page = await rw.call("GET", "/api/v1/timelines/public?limit=2")
    assert [s["id"] for s in page] == newest[:2]
    page = await rw.call("GET", f"/api/v1/timelines/public?limit=2&max_id={newest[1]}")
    assert [s["id"] for s in page] == newest[2:4]
    page = await rw.call("GET", f"/api/v1/timelines/public?since_id={newest[2]}")
    assert [s["id"] for s in page] == newest[:2]
    page = await rw.call("GET", f"/api/v1/timelines/public?min_id={newest[4]}&limit=2")
    assert [s["id"] for s in page] == [newest[2], newest[3]]
    body = await rw.call("GET", "/api/v1/timelines/public?limit=lots", expect=400)
    assert "limit" in body["error"]


async def test_public_timeline_never_shows_private_or_direct(rw):
    await rw.post("alice", "private", visibility="private")
    await rw.post("alice", "direct @carol", visibility="direct")
    await rw.post("alice", "unlisted", visibility="unlisted")
    for who in (None, "bob", "carol", "eve"):
        assert await rw.call("GET", "/api/v1/timelines/public", who) == []


async def test_tag_timeline(rw):
    tagged = await rw.post("alice", "I like #Cats")
    await rw.post("alice", "#cats but private", visibility="private")
    body = await rw.call("GET", "/api/v1/timelines/tag/cats", "bob")
    assert [s["id"] for s in body] == [tagged["id"]]
    assert body[0]["tags"] == [{"name": "cats", "url": "https://plenum.example/tag/cats"}]


async def test_account_statuses_filters(rw):
    top = await rw.post("alice", "top")
    reply = await rw.post("alice", "reply", in_reply_to_id=(await rw.post("eve", "q"))["id"])
    private = await rw.post("alice", "private", visibility="private")
    path = f"/api/v1/accounts/{rw.id('alice')}/statuses"
    assert [s["id"] for s in await rw.call("GET", path, "bob")] == [
        private["id"],
        reply["id"],
        top["id"],
    ]
    assert [s["id"] for s in await rw.call("GET", path, "eve")] == [reply["id"], top["id"]]
    got = await rw.call("GET", path + "?exclude_replies=true")
    assert [s["id"] for s in got] == [top["id"]]
    assert await rw.call("GET", path, "mallory") == []
    body = await rw.call("GET", "/api/v1/accounts/nobody-here/statuses", expect=404)
    assert body["error"]


async def test_favourites_are_paged_by_favourite(rw):
    a = await rw.post("alice", "a")
    b = await rw.post("alice", "b")
    await rw.act("bob", b["id"], "favourite")
    await rw.act("bob", a["id"], "favourite")
    favs = await rw.call("GET", "/api/v1/favourites?limit=1", "bob")
    assert [s["id"] for s in favs] == [a["id"]] and favs[0]["favourited"] is True
    link = rw.last.headers["Link"]
    next_url = link.split(">")[0].lstrip("<").replace("https://plenum.example", "")
    favs = await rw.call("GET", next_url, "bob")
    assert [s["id"] for s in favs] == [b["id"]]
    assert await rw.call("GET", "/api/v1/favourites", "eve") == []


async def test_bookmarks(rw):
    a = await rw.post("alice", "a")
    await rw.act("bob", a["id"], "bookmark")
    body = await rw.call("GET", "/api/v1/bookmarks", "bob")
    assert [s["id"] for s in body] == [a["id"]] and body[0]["bookmarked"] is True


@pytest.mark.parametrize("prefix", ["/api/v1/pleroma", "/api/pleroma"])
async def test_pleroma_account_favourites(rw, prefix):
    public = await rw.post("alice", "public")
    dm = await rw.post("alice", "dm @bob", visibility="direct")
    await rw.act("bob", public["id"], "favourite")
    await rw.act("bob", dm["id"], "favourite")
    path = f"{prefix}/accounts/{rw.id('bob')}/favourites"
    body = await rw.call("GET", path, "eve", expect=403)
    assert body == {"error": "Can't get favorites"}
    await Account.filter(id=rw.id("bob")).update(hide_favorites=False)
    assert [s["id"] for s in await rw.call("GET", path)] == [public["id"]]
    assert [s["id"] for s in await rw.call("GET", path, "eve")] == [public["id"]]
    assert [s["id"] for s in await rw.call("GET", path, "alice")] == [dm["id"], public["id"]]
    body = await rw.call("GET", f"{prefix}/accounts/000000000000000000/favourites", expect=404)
    assert body == {"error": "Record not found"}


async def test_a_page_of_forty_costs_the_same_queries_as_a_page_of_one(rw):
    for i in range(40):
        status = await rw.post("alice", f"post {i} @bob #tag{i % 3}")
        await rw.act("bob", status["id"], "favourite")
    costs = {}
    for limit in (1, 40):
        with count_queries() as queries:
            body = await rw.call("GET", f"/api/v1/timelines/home?limit={limit}", "bob")
        assert len(body) == limit
        costs[limit] = queries.count
    assert costs[1] == costs[40], costs
    assert costs[40] <= 12, costs


async def test_a_token_without_the_scope_reads_pleroma_favourites_as_anonymous(rw, policy):
    from schema.services import tokens

    dm = await rw.post("alice", "dm @bob", visibility="direct")
    public = await rw.post("alice", "public")
    await rw.act("bob", dm["id"], "favourite")
    await rw.act("bob", public["id"], "favourite")
    await Account.filter(id=rw.id("bob")).update(hide_favorites=False)
    write_only = await tokens.issue_token(rw.accounts["alice"], rw.app, ["write"])
    body = await rw.call(
        "GET",
        f"/api/v1/pleroma/accounts/{rw.id('bob')}/favourites",
        headers={"Authorization": f"Bearer {write_only.access_token}"},
    )
    assert [s["id"] for s in body] == [public["id"]]
