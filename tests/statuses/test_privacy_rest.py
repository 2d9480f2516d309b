"""No endpoint reveals a private or direct status to those who may not see it.

The audiences: a stranger (eve), a follower of the author (bob: may see private, not
direct), a blocked account (mallory) and anonymous callers. Direct statuses are addressed
to carol. Every read and every action answers 404 (403 for anonymous actions), lists leave
the status out, and counters of visible statuses do not move because of hidden replies.
"""

from __future__ import annotations

import pytest

from tests.statuses.conftest import RestWorld

ACTIONS = (
    "favourite", "unfavourite", "reblog", "unreblog", "bookmark", "unbookmark",
    "pin", "unpin", "mute", "unmute",
)
NOT_FOUND = {"error": "Record not found"}


async def assert_hidden(rw: RestWorld, status_id: str, who: str | None) -> None:
    base = f"/api/v1/statuses/{status_id}"
    for path in (base, base + "/context", base + "/favourited_by", base + "/reblogged_by"):
        assert await rw.call("GET", path, who, expect=404) == NOT_FOUND, path
    assert await rw.call("GET", f"/api/v1/statuses?ids[]={status_id}", who) == []
    for action in ACTIONS:
        if who is None:
            assert await rw.act(None, status_id, action, expect=403) == {
                "error": "Invalid credentials."
            }
        else:
            assert await rw.act(who, status_id, action, expect=404) == NOT_FOUND, action
    if who is not None:
        assert await rw.call("DELETE", base, who, expect=404) == NOT_FOUND


async def assert_visible(rw: RestWorld, status_id: str, who: str) -> None:
    shown = await rw.call("GET", f"/api/v1/statuses/{status_id}", who)
    assert shown["id"] == status_id
    listed = await rw.call("GET", f"/api/v1/statuses?ids[]={status_id}", who)
    assert [s["id"] for s in listed] == [status_id]


@pytest.mark.parametrize("who", ["eve", "mallory", None])
async def test_private_status_is_hidden(rw: RestWorld, who):
    private = await rw.post("alice", "followers only", visibility="private")
    await rw.act("bob", private["id"], "favourite")
    await assert_hidden(rw, private["id"], who)
    await assert_visible(rw, private["id"], "bob")


@pytest.mark.parametrize("who", ["eve", "bob", "mallory", None])
async def test_direct_status_is_hidden(rw: RestWorld, who):
    direct = await rw.post("alice", "@carol secret", visibility="direct")
    await rw.act("carol", direct["id"], "favourite")
    await assert_hidden(rw, direct["id"], who)
    await assert_visible(rw, direct["id"], "carol")


async def test_blocked_account_does_not_see_public_statuses_either(rw: RestWorld):
    public = await rw.post("alice", "hello world")
    await assert_hidden(rw, public["id"], "mallory")
    await assert_visible(rw, public["id"], "eve")


@pytest.mark.parametrize("visibility", ["private", "direct"])
async def test_hidden_replies_leave_no_trace_on_a_public_thread(rw: RestWorld, visibility):
    root = await rw.post("bob", "public root")
    hidden = await rw.post("alice", "@carol hidden reply", in_reply_to_id=root["id"],
                           visibility=visibility)
    for who in ("eve", "mallory", None):
        shown = await rw.call("GET", f"/api/v1/statuses/{root['id']}", who)
        assert shown["replies_count"] == 0
        thread = await rw.call("GET", f"/api/v1/statuses/{root['id']}/context", who)
        assert thread["descendants"] == []
    assert hidden["id"] in [
        s["id"]
        for s in (await rw.call("GET", f"/api/v1/statuses/{root['id']}/context", "carol"))[
            "descendants"
        ]
    ]


async def test_favourites_and_reblogs_of_blocked_accounts_are_not_listed(rw: RestWorld):
    public = await rw.post("bob", "everyone welcome")
    await rw.act("mallory", public["id"], "favourite")
    await rw.act("mallory", public["id"], "reblog")
    await rw.act("eve", public["id"], "favourite")
    faved = await rw.call("GET", f"/api/v1/statuses/{public['id']}/favourited_by", "alice")
    assert [a["acct"] for a in faved] == ["eve"]
    reblogged = await rw.call("GET", f"/api/v1/statuses/{public['id']}/reblogged_by", "alice")
    assert reblogged == []
    anon = await rw.call("GET", f"/api/v1/statuses/{public['id']}/favourited_by", None)
    assert [a["acct"] for a in anon] == ["eve", "mallory"]


async def test_reblog_of_a_hidden_original_is_hidden(rw: RestWorld):
    public = await rw.post("alice", "shared")
    wrapper = await rw.act("bob", public["id"], "reblog")
    # mallory is blocked by alice: bob's reblog of alice's post must not show it to her
    await rw.call("GET", f"/api/v1/statuses/{wrapper['id']}", "mallory", expect=404)
    assert await rw.call("GET", f"/api/v1/statuses?ids[]={wrapper['id']}", "mallory") == []
