"""REST contract of statuses: exact shapes, posting params, reads, delete, context."""

from __future__ import annotations

import re

from tests.statuses.conftest import RestWorld

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")

STATUS_KEYS = {
    "id", "uri", "url", "account", "in_reply_to_id", "in_reply_to_account_id", "reblog",
    "content", "text", "created_at", "edited_at", "reblogs_count", "replies_count",
    "favourites_count", "reblogged", "favourited", "bookmarked", "muted", "pinned",
    "sensitive", "spoiler_text", "visibility", "media_attachments", "poll", "mentions",
    "tags", "emojis", "card", "application", "language", "pleroma",
}
PLEROMA_KEYS = {
    "local", "conversation_id", "direct_conversation_id", "in_reply_to_account_acct",
    "content", "spoiler_text", "expires_at", "thread_muted", "emoji_reactions",
    "parent_visible", "pinned_at", "context", "quote", "quote_id", "quote_url",
    "quote_visible", "quotes_count", "bookmark_folder",
}


async def test_post_answers_the_full_status_shape(rw: RestWorld):
    body = await rw.post(
        "alice", "hello @bob #Cats", spoiler_text="cw", sensitive="true", language="en"
    )
    assert set(body) == STATUS_KEYS
    assert set(body["pleroma"]) == PLEROMA_KEYS
    sid = body["id"]
    assert body["uri"] == f"https://plenum.example/objects/{sid}"
    assert body["url"] == f"https://plenum.example/notice/{sid}"
    assert body["account"]["id"] == rw.id("alice")
    assert body["account"]["acct"] == "alice"
    assert ISO.fullmatch(body["created_at"])
    assert body["edited_at"] is None and body["text"] is None
    assert body["in_reply_to_id"] is None and body["reblog"] is None
    assert 'href="https://plenum.example/tag/cats"' in body["content"]
    assert (body["reblogs_count"], body["replies_count"], body["favourites_count"]) == (0, 0, 0)
    assert [body[k] for k in ("reblogged", "favourited", "bookmarked", "muted", "pinned")] == [
        False
    ] * 5
    assert body["sensitive"] is True and body["spoiler_text"] == "cw"
    assert body["visibility"] == "public" and body["language"] == "en"
    assert body["media_attachments"] == [] and body["poll"] is None and body["card"] is None
    assert body["emojis"] == []
    assert body["mentions"] == [
        {
            "id": rw.id("bob"),
            "acct": "bob",
            "username": "bob",
            "url": "https://plenum.example/users/bob",
        }
    ]
    assert body["tags"] == [{"name": "cats", "url": "https://plenum.example/tag/cats"}]
    assert body["application"] == {"name": "Status Tests", "website": "https://tests.example"}
    pleroma = body["pleroma"]
    assert pleroma["local"] is True
    assert pleroma["conversation_id"] == sid
    assert pleroma["direct_conversation_id"] is None
    assert pleroma["in_reply_to_account_acct"] is None
    assert pleroma["content"] == {"text/plain": "hello @bob #Cats"}
    assert pleroma["spoiler_text"] == {"text/plain": "cw"}
    assert pleroma["expires_at"] is None and pleroma["thread_muted"] is False
    assert pleroma["emoji_reactions"] == [] and pleroma["parent_visible"] is True
    assert pleroma["pinned_at"] is None and pleroma["quote"] is None


async def test_mentions_and_tags_keep_the_order_they_were_written_in(rw: RestWorld):
    names = ["mallory", "carol", "eve", "bob"]
    text = " ".join(f"@{n}" for n in names) + " #zeta #alpha #mid"
    posted = await rw.post("alice", text)
    for body in (posted, await rw.call("GET", f"/api/v1/statuses/{posted['id']}", "alice")):
        assert [m["acct"] for m in body["mentions"]] == names
        assert [m["id"] for m in body["mentions"]] == [rw.id(n) for n in names]
        assert [t["name"] for t in body["tags"]] == ["zeta", "alpha", "mid"]
    other = await rw.post("alice", "plain, no links")
    page = await rw.call("GET", "/api/v1/accounts/" + rw.id("alice") + "/statuses", "bob")
    by_id = {s["id"]: s for s in page}
    assert [m["acct"] for m in by_id[posted["id"]]["mentions"]] == names
    assert by_id[other["id"]]["mentions"] == [] and by_id[other["id"]]["tags"] == []


async def test_reply_fields_and_counters(rw: RestWorld):
    parent = await rw.post("alice", "root")
    reply = await rw.post("bob", "answer", in_reply_to_id=parent["id"])
    assert reply["in_reply_to_id"] == parent["id"]
    assert reply["in_reply_to_account_id"] == rw.id("alice")
    assert reply["pleroma"]["in_reply_to_account_acct"] == "alice"
    assert reply["pleroma"]["conversation_id"] == parent["id"]
    assert [m["acct"] for m in reply["mentions"]] == ["alice"]
    shown = await rw.call("GET", f"/api/v1/statuses/{parent['id']}", None)
    assert shown["replies_count"] == 1


async def test_form_body_params_and_expiry(rw: RestWorld):
    body = await rw.call(
        "POST",
        "/api/v1/statuses",
        "alice",
        data={"status": "*hi*", "visibility": "unlisted", "content_type": "text/markdown",
              "expires_in": "7200", "sensitive": "0"},
    )
    assert body["visibility"] == "unlisted"
    assert "<em>hi</em>" in body["content"]
    assert body["sensitive"] is False
    assert ISO.fullmatch(body["pleroma"]["expires_at"])


async def test_idempotency_key_returns_the_first_status(rw: RestWorld):
    headers = {"Idempotency-Key": "abc-123"}
    first = await rw.call("POST", "/api/v1/statuses", "alice", json={"status": "once"},
                          headers=headers)
    again = await rw.call("POST", "/api/v1/statuses", "alice", json={"status": "once"},
                          headers=headers)
    assert again["id"] == first["id"]
    account = await rw.call("GET", f"/api/v1/accounts/{rw.id('alice')}", None)
    assert account["statuses_count"] == 1


async def test_post_errors(rw: RestWorld):
    assert await rw.post("alice", "", expect=422) == {
        "error": "Cannot post an empty status without attachments"
    }
    assert await rw.post("alice", "x", visibility="galaxy", expect=400) == {
        "error": "Invalid visibility: galaxy"
    }
    assert await rw.post("alice", "x", in_reply_to_id="nope", expect=404) == {
        "error": "Record not found"
    }
    assert await rw.call("POST", "/api/v1/statuses", None, expect=403,
                         json={"status": "x"}) == {"error": "Invalid credentials."}
    bad = await rw.call("POST", "/api/v1/statuses", "alice", expect=400,
                        json={"status": "x", "expires_in": "soon"})
    assert "expires_in" in bad["error"]


async def test_show_and_index_keep_order_and_hide_what_is_hidden(rw: RestWorld):
    one = await rw.post("alice", "one")
    two = await rw.post("alice", "two", visibility="private")
    three = await rw.post("bob", "three")
    shown = await rw.call("GET", f"/api/v1/statuses/{one['id']}", "eve")
    assert shown["id"] == one["id"]
    path = (
        f"/api/v1/statuses?ids[]={three['id']}&ids[]={two['id']}&ids[]={one['id']}"
        "&ids[]=missing"
    )
    as_eve = await rw.call("GET", path, "eve")
    assert [s["id"] for s in as_eve] == [three["id"], one["id"]]
    as_bob = await rw.call("GET", path, "bob")
    assert [s["id"] for s in as_bob] == [three["id"], two["id"], one["id"]]
    assert await rw.call("GET", "/api/v1/statuses", None) == []
    assert await rw.call("GET", "/api/v1/statuses/missing", None, expect=404) == {
        "error": "Record not found"
    }


async def test_delete_answers_the_source_and_updates_counters(rw: RestWorld):
    parent = await rw.post("alice", "root")
    reply = await rw.post("bob", "my **source** text", in_reply_to_id=parent["id"])
    assert await rw.call("DELETE", f"/api/v1/statuses/{reply['id']}", "alice", expect=404) == {
        "error": "Record not found"
    }
    deleted = await rw.call("DELETE", f"/api/v1/statuses/{reply['id']}", "bob")
    assert deleted["id"] == reply["id"]
    assert deleted["text"] == "my **source** text"
    assert set(deleted) == STATUS_KEYS
    await rw.call("GET", f"/api/v1/statuses/{reply['id']}", "bob", expect=404)
    assert (await rw.call("GET", f"/api/v1/statuses/{parent['id']}", None))["replies_count"] == 0
    bob = await rw.call("GET", f"/api/v1/accounts/{rw.id('bob')}", None)
    assert bob["statuses_count"] == 0


async def test_context_lists_visible_ancestors_and_descendants(rw: RestWorld):
    root = await rw.post("alice", "root")
    child = await rw.post("bob", "child", in_reply_to_id=root["id"])
    secret = await rw.post("alice", "only followers", in_reply_to_id=child["id"],
                           visibility="private")
    leaf = await rw.post("bob", "leaf", in_reply_to_id=child["id"])
    ctx = await rw.call("GET", f"/api/v1/statuses/{child['id']}/context", "bob")
    assert [s["id"] for s in ctx["ancestors"]] == [root["id"]]
    assert [s["id"] for s in ctx["descendants"]] == [secret["id"], leaf["id"]]
    anon = await rw.call("GET", f"/api/v1/statuses/{child['id']}/context", None)
    assert [s["id"] for s in anon["descendants"]] == [leaf["id"]]
    assert set(anon["ancestors"][0]) == STATUS_KEYS
