"""REST contract of favourites, reblogs, bookmarks, pins, thread mutes and who-did-it lists."""

from __future__ import annotations

from tests.statuses.conftest import RestWorld


async def test_favourite_is_idempotent_and_counted(rw: RestWorld):
    status = await rw.post("alice", "like me")
    first = await rw.act("bob", status["id"], "favourite")
    assert first["favourited"] is True and first["favourites_count"] == 1
    again = await rw.act("bob", status["id"], "favourite")
    assert again["favourites_count"] == 1
    as_alice = await rw.call("GET", f"/api/v1/statuses/{status['id']}", "alice")
    assert as_alice["favourited"] is False and as_alice["favourites_count"] == 1
    undone = await rw.act("bob", status["id"], "unfavourite")
    assert undone["favourited"] is False and undone["favourites_count"] == 0
    assert await rw.act("bob", status["id"], "unfavourite", expect=400) == {
        "error": "Could not unfavorite"
    }


async def test_favourited_by_pages_with_link_headers(rw: RestWorld):
    status = await rw.post("alice", "popular")
    for who in ("bob", "carol", "eve"):
        await rw.act(who, status["id"], "favourite")
    path = f"/api/v1/statuses/{status['id']}/favourited_by"
    everyone = await rw.call("GET", path, None)
    assert [a["acct"] for a in everyone] == ["eve", "carol", "bob"]
    page = await rw.call("GET", path + "?limit=2", None)
    assert [a["acct"] for a in page] == ["eve", "carol"]
    link = rw.last.headers["Link"]
    assert 'rel="next"' in link and 'rel="prev"' in link
    next_url = link.split(">;")[0].lstrip("<").replace("https://plenum.example", "")
    rest = await rw.call("GET", next_url, None)
    assert [a["acct"] for a in rest] == ["bob"]


async def test_reblog_wrapper_shape_idempotence_and_unreblog(rw: RestWorld):
    status = await rw.post("alice", "share me")
    wrapper = await rw.act("bob", status["id"], "reblog")
    assert wrapper["id"] != status["id"]
    assert wrapper["account"]["acct"] == "bob"
    assert wrapper["reblog"]["id"] == status["id"]
    assert wrapper["reblog"]["reblogs_count"] == 1
    assert wrapper["reblogged"] is True and wrapper["reblog"]["reblogged"] is True
    assert wrapper["content"] == "" and wrapper["reblogs_count"] == 0
    assert wrapper["pleroma"]["local"] is True
    assert wrapper["pleroma"]["content"] == {"text/plain": ""}
    assert wrapper["reblog"]["pleroma"]["content"] == {"text/plain": "share me"}
    again = await rw.act("bob", status["id"], "reblog")
    assert again["id"] == wrapper["id"]
    shown = await rw.call("GET", f"/api/v1/statuses/{wrapper['id']}", "eve")
    assert shown["reblog"]["id"] == status["id"]
    assert shown["reblog"]["reblogs_count"] == 1
    by = await rw.call("GET", f"/api/v1/statuses/{status['id']}/reblogged_by", None)
    assert [a["acct"] for a in by] == ["bob"]
    # favouriting the wrapper favourites the original
    faved = await rw.act("eve", wrapper["id"], "favourite")
    assert faved["id"] == status["id"] and faved["favourites_count"] == 1
    original = await rw.act("bob", status["id"], "unreblog")
    assert original["id"] == status["id"]
    assert original["reblogged"] is False and original["reblogs_count"] == 0
    await rw.call("GET", f"/api/v1/statuses/{wrapper['id']}", None, expect=404)
    assert await rw.act("bob", status["id"], "unreblog", expect=400) == {
        "error": "Could not unrepeat"
    }


async def test_reblog_rules_for_private_and_direct(rw: RestWorld):
    private = await rw.post("alice", "followers only", visibility="private")
    assert await rw.act("bob", private["id"], "reblog", expect=400) == {
        "error": "Could not repeat"
    }
    own = await rw.act("alice", private["id"], "reblog")
    assert own["visibility"] == "private" and own["reblog"]["id"] == private["id"]
    direct = await rw.post("alice", "@carol psst", visibility="direct")
    assert await rw.act("carol", direct["id"], "reblog", expect=400) == {
        "error": "Could not repeat"
    }
    assert await rw.act("eve", direct["id"], "reblog", expect=404) == {
        "error": "Record not found"
    }
    # a stranger sees neither the private self-reblog nor its count source
    by = await rw.call("GET", f"/api/v1/statuses/{private['id']}/reblogged_by", "bob")
    assert [a["acct"] for a in by] == ["alice"]
    await rw.call("GET", f"/api/v1/statuses/{own['id']}", "eve", expect=404)


async def test_bookmark_and_thread_mute(rw: RestWorld):
    status = await rw.post("alice", "keep")
    marked = await rw.act("bob", status["id"], "bookmark")
    assert marked["bookmarked"] is True
    assert (await rw.act("bob", status["id"], "bookmark"))["bookmarked"] is True
    assert (await rw.act("bob", status["id"], "unbookmark"))["bookmarked"] is False
    assert (await rw.act("bob", status["id"], "unbookmark"))["bookmarked"] is False

    reply = await rw.post("bob", "noise", in_reply_to_id=status["id"])
    muted = await rw.act("alice", reply["id"], "mute")
    assert muted["muted"] is True and muted["pleroma"]["thread_muted"] is True
    root = await rw.call("GET", f"/api/v1/statuses/{status['id']}", "alice")
    assert root["muted"] is True and root["pleroma"]["thread_muted"] is True
    assert await rw.act("alice", status["id"], "mute", expect=400) == {
        "error": "conversation is already muted"
    }
    unmuted = await rw.act("alice", status["id"], "unmute")
    assert unmuted["muted"] is False and unmuted["pleroma"]["thread_muted"] is False
    assert (await rw.act("alice", status["id"], "unmute"))["muted"] is False


async def test_pin_rules(rw: RestWorld):
    status = await rw.post("alice", "pin me")
    pinned = await rw.act("alice", status["id"], "pin")
    assert pinned["pinned"] is True and pinned["pleroma"]["pinned_at"] is not None
    assert (await rw.act("alice", status["id"], "pin"))["pinned"] is True
    seen_by_bob = await rw.call("GET", f"/api/v1/statuses/{status['id']}", "bob")
    assert seen_by_bob["pinned"] is True
    second = await rw.post("alice", "another")
    assert await rw.act("alice", second["id"], "pin", expect=400) == {
        "error": "You have already pinned the maximum number of statuses"
    }
    assert await rw.act("bob", status["id"], "pin", expect=422) == {
        "error": "Someone else's status cannot be pinned"
    }
    private = await rw.post("alice", "private", visibility="private")
    assert await rw.act("alice", private["id"], "pin", expect=422) == {
        "error": "Non-public status cannot be pinned"
    }
    unpinned = await rw.act("alice", status["id"], "unpin")
    assert unpinned["pinned"] is False and unpinned["pleroma"]["pinned_at"] is None
    assert (await rw.act("alice", second["id"], "pin"))["pinned"] is True


async def test_scopes_are_enforced(rw: RestWorld, policy):
    from schema.services import tokens

    status = await rw.post("alice", "scoped")
    read_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read"])
    headers = {"Authorization": f"Bearer {read_only.access_token}"}
    for action, scope in (
        ("favourite", "write:favourites"),
        ("reblog", "write:statuses"),
        ("bookmark", "write:bookmarks"),
        ("mute", "write:mutes"),
        ("pin", "write:accounts"),
    ):
        response = await rw.client.post(
            f"/api/v1/statuses/{status['id']}/{action}", headers=headers
        )
        assert response.status == 403
        assert await response.json() == {"error": f"Insufficient permissions: {scope}."}
    response = await rw.client.post(f"/api/v1/statuses/{status['id']}/favourite")
    assert response.status == 403
    assert await response.json() == {"error": "Invalid credentials."}
