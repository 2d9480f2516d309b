"""Direct conversations over REST (reference §17): Pleroma's and Mastodon's endpoints,
replies through ``in_reply_to_conversation_id``, privacy, scopes and query cost."""

from __future__ import annotations

import pytest

from models.relationships import Mute
from schema.services import tokens
from tests.querycount import count_queries

PLEROMA = ("/api/v1/pleroma", "/api/pleroma")


async def _conversations(rw, who, query=""):
    return await rw.call("GET", f"/api/v1/conversations{query}", who)


async def _only(rw, who):
    (conversation,) = await _conversations(rw, who)
    return conversation


# --- pleroma conversation_controller_test --------------------------------------------


@pytest.mark.parametrize("prefix", PLEROMA)
async def test_get_by_id_returns_the_same_id(rw, prefix):
    dm = await rw.post("alice", "hi @bob", visibility="direct")
    mine = await _only(rw, "alice")
    body = await rw.call("GET", f"{prefix}/conversations/{mine['id']}", "alice")
    assert body["id"] == mine["id"]
    assert body["unread"] is False
    assert [a["acct"] for a in body["accounts"]] == ["bob"]
    assert body["last_status"]["id"] == dm["id"]
    assert body["last_status"]["pleroma"]["direct_conversation_id"] == mine["id"]


async def test_statuses_are_ascending_with_limit_and_min_id(rw):
    await rw.post("alice", "Hi @carol!", visibility="direct")
    dm = await rw.post("alice", "Hi @bob!", visibility="direct")
    bobs = await _conversations(rw, "bob")
    assert len(bobs) == 1
    participation = bobs[0]["id"]
    two = await rw.post(
        "bob", "Hi!", in_reply_to_id=dm["id"], in_reply_to_conversation_id=participation
    )
    path = f"/api/v1/pleroma/conversations/{participation}/statuses"
    body = await rw.call("GET", path, "bob")
    assert [s["id"] for s in body] == [dm["id"], two["id"]]
    assert all(s["pleroma"]["direct_conversation_id"] == participation for s in body)
    three = await rw.post(
        "bob", "Bye!", in_reply_to_id=dm["id"], in_reply_to_conversation_id=participation
    )
    body = await rw.call("GET", f"{path}?limit=2", "bob")
    assert [s["id"] for s in body] == [two["id"], three["id"]]
    link = rw.last.headers["Link"]
    assert f"max_id={two['id']}" in link and f"min_id={three['id']}" in link
    body = await rw.call("GET", f"{path}?min_id={two['id']}", "bob")
    assert [s["id"] for s in body] == [three["id"]]
    body = await rw.call("GET", f"{path}?max_id={three['id']}", "bob")
    assert [s["id"] for s in body] == [dm["id"], two["id"]]


async def test_statuses_leave_out_muted_and_hidden(rw):
    dm = await rw.post("alice", "Hi @bob @eve", visibility="direct")
    bob = await _only(rw, "bob")
    reply = await rw.post("eve", "eve here", in_reply_to_id=dm["id"], visibility="direct")
    await rw.post("alice", "only carol @carol", in_reply_to_id=dm["id"], visibility="direct")
    path = f"/api/v1/pleroma/conversations/{bob['id']}/statuses"
    assert [s["id"] for s in await rw.call("GET", path, "bob")] == [dm["id"]]
    assert reply["visibility"] == "direct"
    # eve's reply is not addressed to bob; addressing bob makes it visible to him
    reply2 = await rw.post("eve", "@bob too", in_reply_to_id=dm["id"], visibility="direct")
    assert [s["id"] for s in await rw.call("GET", path, "bob")] == [dm["id"], reply2["id"]]
    await Mute.create(account_id=rw.id("bob"), target_id=rw.id("eve"))
    assert [s["id"] for s in await rw.call("GET", path, "bob")] == [dm["id"]]


async def test_patch_replaces_the_recipients_and_keeps_the_owner(rw):
    await rw.post("alice", "Hi @bob", visibility="direct")
    mine = await _only(rw, "alice")
    path = f"/api/v1/pleroma/conversations/{mine['id']}"
    body = await rw.call(
        "PATCH",
        f"{path}?recipients[]={rw.id('alice')}&recipients[]={rw.id('carol')}"
        "&recipients[]=000000000000000000",
        "alice",
    )
    assert [a["acct"] for a in body["accounts"]] == ["carol"]
    body = await rw.call("PATCH", path, "alice", json={"recipients": [rw.id("eve"), rw.id("bob")]})
    assert sorted(a["acct"] for a in body["accounts"]) == ["bob", "eve"]
    # the owner stays in the set: emptied, the owner is shown alone
    body = await rw.call("PATCH", path, "alice", json={"recipients": []})
    assert [a["acct"] for a in body["accounts"]] == ["alice"]


async def test_post_read_marks_all_read_and_resets_the_unread_count(rw):
    await rw.post("alice", "one @bob", visibility="direct")
    await rw.post("carol", "two @bob", visibility="direct")
    assert [c["unread"] for c in await _conversations(rw, "bob")] == [True, True]
    me = await rw.call("GET", "/api/v1/accounts/verify_credentials", "bob")
    assert me["pleroma"]["unread_conversation_count"] == 2
    body = await rw.call("POST", "/api/v1/pleroma/conversations/read", "bob")
    assert [c["unread"] for c in body] == [False, False]
    assert [c["unread"] for c in await _conversations(rw, "bob")] == [False, False]
    me = await rw.call("GET", "/api/v1/accounts/verify_credentials", "bob")
    assert me["pleroma"]["unread_conversation_count"] == 0
    assert await rw.call("POST", "/api/pleroma/conversations/read", "bob") == []


# --- mastodon conversation_controller_test -------------------------------------------


async def test_conversations_have_accounts_and_last_status(rw):
    first = await rw.post("alice", "Hi @bob @carol", visibility="direct")
    await rw.post("alice", "public @bob")
    await rw.post("alice", "private @bob", visibility="private")
    (conversation,) = await _conversations(rw, "bob")
    assert conversation["unread"] is True
    assert sorted(a["acct"] for a in conversation["accounts"]) == ["alice", "carol"]
    last = conversation["last_status"]
    assert last["id"] == first["id"] and last["visibility"] == "direct"
    assert last["pleroma"]["direct_conversation_id"] == conversation["id"]
    (alices,) = await _conversations(rw, "alice")
    assert alices["unread"] is False and alices["id"] != conversation["id"]
    assert sorted(a["acct"] for a in alices["accounts"]) == ["bob", "carol"]
    # everywhere a status is rendered, it carries the reader's participation
    shown = await rw.call("GET", f"/api/v1/statuses/{first['id']}", "carol")
    carols = await _only(rw, "carol")
    assert shown["pleroma"]["direct_conversation_id"] == carols["id"]
    home = await rw.call("GET", "/api/v1/timelines/home", "bob")
    by_id = {s["id"]: s for s in home}
    assert by_id[first["id"]]["pleroma"]["direct_conversation_id"] == conversation["id"]
    assert all(
        s["pleroma"]["direct_conversation_id"] is None for s in home if s["id"] != first["id"]
    )


async def test_the_reader_is_shown_when_alone(rw):
    await rw.post("alice", "note to self", visibility="direct")
    (conversation,) = await _conversations(rw, "alice")
    assert [a["acct"] for a in conversation["accounts"]] == ["alice"]


async def test_limit_params_and_link_header(rw):
    posted = [await rw.post("alice", f"dm {i} @bob", visibility="direct") for i in range(3)]
    page = await _conversations(rw, "bob", "?limit=2")
    assert [c["last_status"]["id"] for c in page] == [posted[2]["id"], posted[1]["id"]]
    link = rw.last.headers["Link"]
    assert f"max_id={posted[1]['id']}" in link and f"min_id={posted[2]['id']}" in link
    page = await _conversations(rw, "bob", f"?max_id={posted[1]['id']}")
    assert [c["last_status"]["id"] for c in page] == [posted[0]["id"]]
    page = await _conversations(rw, "bob", f"?min_id={posted[0]['id']}&limit=1")
    assert [c["last_status"]["id"] for c in page] == [posted[1]["id"]]
    page = await _conversations(rw, "bob", f"?since_id={posted[0]['id']}")
    assert [c["last_status"]["id"] for c in page] == [posted[2]["id"], posted[1]["id"]]


async def test_recipients_filter(rw):
    with_bob = await rw.post("alice", "@bob", visibility="direct")
    with_both = await rw.post("alice", "@bob @carol", visibility="direct")
    with_carol = await rw.post("alice", "@carol", visibility="direct")

    async def lasts(query):
        return [c["last_status"]["id"] for c in await _conversations(rw, "alice", query)]

    assert await lasts(f"?recipients[]={rw.id('bob')}") == [with_both["id"], with_bob["id"]]
    assert await lasts(f"?recipients[]={rw.id('carol')}") == [
        with_carol["id"],
        with_both["id"],
    ]
    both = f"?recipients[]={rw.id('bob')}&recipients[]={rw.id('carol')}"
    assert await lasts(both) == [with_both["id"]]
    assert await lasts(f"?recipients[]={rw.id('eve')}") == []


async def test_last_status_updates_on_reply_and_the_list_reorders(rw):
    old = await rw.post("alice", "first @bob", visibility="direct")
    newer = await rw.post("alice", "other @carol", visibility="direct")
    assert [c["last_status"]["id"] for c in await _conversations(rw, "alice")] == [
        newer["id"],
        old["id"],
    ]
    reply = await rw.post("bob", "reply @alice", in_reply_to_id=old["id"], visibility="direct")
    listed = await _conversations(rw, "alice")
    assert [c["last_status"]["id"] for c in listed] == [reply["id"], newer["id"]]
    assert listed[0]["unread"] is True  # a reply from bob makes it unread for alice
    bobs = await _only(rw, "bob")
    assert bobs["unread"] is False  # the author's own participation is read


async def test_marking_one_read_keeps_its_place(rw):
    first = await rw.post("alice", "one @bob", visibility="direct")
    second = await rw.post("alice", "two @bob @carol", visibility="direct")
    older = (await _conversations(rw, "bob"))[1]
    assert older["last_status"]["id"] == first["id"]
    body = await rw.call("POST", f"/api/v1/conversations/{older['id']}/read", "bob")
    assert body["id"] == older["id"] and body["unread"] is False
    listed = await _conversations(rw, "bob")
    assert [(c["last_status"]["id"], c["unread"]) for c in listed] == [
        (second["id"], True),
        (first["id"], False),
    ]
    me = await rw.call("GET", "/api/v1/accounts/verify_credentials", "bob")
    assert me["pleroma"]["unread_conversation_count"] == 1


async def test_vanilla_mastodon_frontend_flow(rw):
    # reply to the last status with direct visibility, no conversation id (Mastodon FE)
    dm = await rw.post("alice", "@bob psst", visibility="direct")
    conversation = await _only(rw, "bob")
    reply = await rw.post("bob", "@alice ok", in_reply_to_id=dm["id"], visibility="direct")
    again = await _only(rw, "bob")
    assert again["id"] == conversation["id"]
    assert again["last_status"]["id"] == reply["id"]
    await rw.call("POST", f"/api/v1/conversations/{again['id']}/read", "bob")
    assert (await _only(rw, "bob"))["unread"] is False
    assert (await _only(rw, "alice"))["unread"] is True


async def test_delete_leaves_the_conversation_until_the_next_message(rw):
    dm = await rw.post("alice", "@bob hi", visibility="direct")
    conversation = await _only(rw, "bob")
    body = await rw.call("DELETE", f"/api/v1/conversations/{conversation['id']}", "bob")
    assert body == {}
    assert await _conversations(rw, "bob") == []
    body = await rw.call(
        "GET", f"/api/v1/pleroma/conversations/{conversation['id']}", "bob", expect=404
    )
    assert body == {"error": "Unknown conversation id"}
    shown = await rw.call("GET", f"/api/v1/statuses/{dm['id']}", "bob")
    assert shown["pleroma"]["direct_conversation_id"] is None
    await rw.post("alice", "@bob still there?", in_reply_to_id=dm["id"], visibility="direct")
    back = await _only(rw, "bob")
    assert back["id"] != conversation["id"] and back["unread"] is True


# --- replying through in_reply_to_conversation_id ------------------------------------


async def test_reply_to_conversation_is_direct_to_its_recipients_in_its_context(rw):
    dm = await rw.post("alice", "@bob @carol hello", visibility="direct")
    bobs = await _only(rw, "bob")
    reply = await rw.post("bob", "hi all @eve", in_reply_to_conversation_id=bobs["id"])
    assert reply["visibility"] == "direct"
    assert reply["pleroma"]["conversation_id"] == dm["pleroma"]["conversation_id"]
    assert reply["pleroma"]["direct_conversation_id"] == bobs["id"]
    assert sorted(m["acct"] for m in reply["mentions"]) == ["alice", "carol"]
    # eve is mentioned in the text but not a recipient: she neither sees it nor gets a
    # conversation
    await rw.call("GET", f"/api/v1/statuses/{reply['id']}", "eve", expect=404)
    assert await _conversations(rw, "eve") == []
    carols = await _only(rw, "carol")
    assert carols["last_status"]["id"] == reply["id"] and carols["unread"] is True
    explicit = await rw.post(
        "bob", "again", in_reply_to_conversation_id=bobs["id"], visibility="direct"
    )
    assert explicit["visibility"] == "direct"


async def test_reply_to_conversation_refuses_another_visibility(rw):
    await rw.post("alice", "@bob hello", visibility="direct")
    bobs = await _only(rw, "bob")
    body = await rw.post(
        "bob", "hi", expect=422, in_reply_to_conversation_id=bobs["id"], visibility="public"
    )
    assert body == {"error": "The message visibility must be direct"}


async def test_reply_to_someone_elses_conversation_is_unknown(rw):
    await rw.post("alice", "@bob hello", visibility="direct")
    bobs = await _only(rw, "bob")
    body = await rw.post("eve", "sneaky", expect=404, in_reply_to_conversation_id=bobs["id"])
    assert body == {"error": "Unknown conversation id"}
    assert [c["last_status"]["content"] for c in await _conversations(rw, "bob")] == [
        bobs["last_status"]["content"]
    ]


# --- privacy and scopes --------------------------------------------------------------


async def test_someone_elses_conversation_is_never_readable(rw):
    await rw.post("alice", "@bob secret", visibility="direct")
    bobs = await _only(rw, "bob")
    cid = bobs["id"]
    attempts = [
        ("GET", f"/api/v1/pleroma/conversations/{cid}"),
        ("GET", f"/api/pleroma/conversations/{cid}"),
        ("GET", f"/api/v1/pleroma/conversations/{cid}/statuses"),
        ("PATCH", f"/api/v1/pleroma/conversations/{cid}"),
        ("POST", f"/api/v1/conversations/{cid}/read"),
        ("DELETE", f"/api/v1/conversations/{cid}"),
        ("GET", "/api/v1/pleroma/conversations/000000000000000000"),
    ]
    for who in ("alice", "eve"):
        for method, path in attempts:
            body = await rw.call(method, path, who, expect=404)
            assert body == {"error": "Unknown conversation id"}, (who, method, path)
    assert await _conversations(rw, "eve") == []
    assert await rw.call("POST", "/api/v1/pleroma/conversations/read", "eve") == []
    # bob's participation is untouched by the attempts
    assert (await _only(rw, "bob"))["unread"] is True


async def test_a_direct_status_never_reaches_a_non_addressee_through_conversations(rw):
    dm = await rw.post("alice", "@bob just us", visibility="direct")
    await rw.post("eve", "@alice hi", visibility="direct")
    eves = await _only(rw, "eve")
    # eve replies in her own conversation, into alice's context: still nothing of alice's
    path = f"/api/v1/pleroma/conversations/{eves['id']}/statuses"
    assert dm["id"] not in [s["id"] for s in await rw.call("GET", path, "eve")]
    assert eves["last_status"]["id"] != dm["id"]
    # carol, added by PATCH to bob's recipient set, still cannot see the status
    bobs = await _only(rw, "bob")
    await rw.call(
        "PATCH",
        f"/api/v1/pleroma/conversations/{bobs['id']}",
        "bob",
        json={"recipients": [rw.id("carol")]},
    )
    assert await _conversations(rw, "carol") == []
    await rw.call("GET", f"/api/v1/statuses/{dm['id']}", "carol", expect=404)


async def test_blocked_authors_are_not_a_last_status(rw):
    # alice blocks mallory (world): mallory's direct post to alice is hidden from her
    await rw.post("mallory", "@alice hey", visibility="direct")
    assert await _conversations(rw, "alice") == []
    me = await rw.call("GET", "/api/v1/accounts/verify_credentials", "alice")
    assert me["pleroma"]["unread_conversation_count"] == 0
    # the blocked author still has their own conversation
    assert len(await _conversations(rw, "mallory")) == 1


async def test_anonymous_and_scopes(rw):
    await rw.post("alice", "@bob hello", visibility="direct")
    bobs = await _only(rw, "bob")
    cid = bobs["id"]
    reads = [
        ("GET", "/api/v1/conversations"),
        ("GET", f"/api/v1/pleroma/conversations/{cid}"),
        ("GET", f"/api/v1/pleroma/conversations/{cid}/statuses"),
    ]
    writes = [
        ("PATCH", f"/api/v1/pleroma/conversations/{cid}"),
        ("POST", "/api/v1/pleroma/conversations/read"),
        ("POST", f"/api/v1/conversations/{cid}/read"),
        ("DELETE", f"/api/v1/conversations/{cid}"),
    ]
    for method, path in reads + writes:
        body = await rw.call(method, path, None, expect=403)
        assert body == {"error": "Invalid credentials."}
    write_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["write"])
    read_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read"])
    for token, calls, missing in (
        (write_only, reads, "read:statuses"),
        (read_only, writes, "write:conversations"),
    ):
        headers = {"Authorization": f"Bearer {token.access_token}"}
        for method, path in calls:
            body = await rw.call(method, path, None, expect=403, headers=headers)
            assert body == {"error": f"Insufficient permissions: {missing}."}, (method, path)
    narrow = await tokens.issue_token(
        rw.accounts["bob"], rw.app, ["read:statuses", "write:conversations"]
    )
    headers = {"Authorization": f"Bearer {narrow.access_token}"}
    await rw.call("GET", "/api/v1/conversations", None, headers=headers)
    await rw.call("POST", f"/api/v1/conversations/{cid}/read", None, headers=headers)
    assert (await _only(rw, "bob"))["unread"] is False


async def test_a_page_of_forty_costs_the_same_as_a_page_of_one(rw):
    others = ["alice", "carol", "eve"]
    for i in range(40):
        await rw.post(others[i % 3], f"dm {i} @bob", visibility="direct")
    costs = {}
    for limit in (1, 40):
        with count_queries() as queries:
            body = await _conversations(rw, "bob", f"?limit={limit}")
        assert len(body) == limit
        assert all(c["last_status"] and c["accounts"] for c in body)
        costs[limit] = queries.count
    assert costs[1] == costs[40], costs
    assert costs[40] <= 12, costs
    with count_queries() as queries:
        await rw.call("GET", "/api/v1/timelines/home?limit=40", "bob")
    home = queries.count
    with count_queries() as queries:
        await rw.call("GET", "/api/v1/timelines/home?limit=1", "bob")
    assert queries.count == home
