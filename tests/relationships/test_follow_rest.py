"""Follow, unfollow, follow requests and relationships over REST."""

from __future__ import annotations

from models.accounts import Account


async def counts(account) -> tuple[int, int]:
    row = await Account.get(id=account.id)
    return row.followers_count, row.following_count


async def test_follow_and_unfollow_move_counters(client, rel):
    r = await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=rel.auth("bob"))
    assert r.status == 200, await r.text()
    body = await r.json()
    assert body == {
        "id": rel.alice.id,
        "following": True,
        "followed_by": False,
        "blocking": False,
        "blocked_by": False,
        "muting": False,
        "muting_notifications": False,
        "subscribing": False,
        "requested": False,
        "domain_blocking": False,
        "showing_reblogs": True,
        "endorsed": False,
        "notifying": False,
        "note": "",
    }
    assert await counts(rel.alice) == (1, 0)
    assert await counts(rel.bob) == (0, 1)
    # idempotent: counters do not move again, flags update
    r = await client.post(
        f"/api/v1/accounts/{rel.alice.id}/follow",
        headers=rel.auth("bob"),
        data={"reblogs": "false", "notify": "true"},
    )
    body = await r.json()
    assert (body["following"], body["showing_reblogs"], body["notifying"]) == (True, False, True)
    assert await counts(rel.alice) == (1, 0)
    r = await client.post(f"/api/v1/accounts/{rel.alice.id}/unfollow", headers=rel.auth("bob"))
    assert (await r.json())["following"] is False
    assert await counts(rel.alice) == (0, 0)
    assert await counts(rel.bob) == (0, 0)
    r = await client.post(f"/api/v1/accounts/{rel.alice.id}/unfollow", headers=rel.auth("bob"))
    assert r.status == 200
    assert await counts(rel.alice) == (0, 0)


async def test_follow_unknown_self_and_anonymous(client, rel):
    r = await client.post("/api/v1/accounts/nope/follow", headers=rel.auth("bob"))
    assert (r.status, await r.json()) == (404, {"error": "Record not found"})
    r = await client.post(f"/api/v1/accounts/{rel.bob.id}/follow", headers=rel.auth("bob"))
    assert (r.status, await r.json()) == (400, {"error": "Can not follow yourself"})
    r = await client.post(f"/api/v1/accounts/{rel.alice.id}/follow")
    assert (r.status, await r.json()) == (403, {"error": "Invalid credentials."})
    only_read = await rel.token("bob", ["read"])
    r = await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=only_read)
    assert (r.status, await r.json()) == (
        403,
        {"error": "Insufficient permissions: follow | write:follows."},
    )
    narrow = await rel.token("bob", ["write:follows"])
    r = await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=narrow)
    assert r.status == 200


async def test_locked_account_gets_a_request_then_authorizes(client, rel):
    r = await client.post(f"/api/v1/accounts/{rel.carol.id}/follow", headers=rel.auth("bob"))
    body = await r.json()
    assert (body["following"], body["requested"]) == (False, True)
    assert await counts(rel.carol) == (0, 0)
    r = await client.post(f"/api/v1/accounts/{rel.carol.id}/follow", headers=rel.auth("eve"))
    r = await client.get("/api/v1/follow_requests", headers=rel.auth("carol"))
    assert r.status == 200
    assert [a["username"] for a in await r.json()] == ["eve", "bob"]
    r = await client.post(
        f"/api/v1/follow_requests/{rel.bob.id}/authorize", headers=rel.auth("carol")
    )
    body = await r.json()
    assert (body["id"], body["followed_by"]) == (rel.bob.id, True)
    assert await counts(rel.carol) == (1, 0)
    assert await counts(rel.bob) == (0, 1)
    # authorizing again changes nothing
    r = await client.post(
        f"/api/v1/follow_requests/{rel.bob.id}/authorize", headers=rel.auth("carol")
    )
    assert r.status == 200 and await counts(rel.carol) == (1, 0)
    r = await client.post(f"/api/v1/follow_requests/{rel.eve.id}/reject", headers=rel.auth("carol"))
    body = await r.json()
    assert (body["followed_by"], body["requested"]) == (False, False)
    r = await client.get(
        f"/api/v1/accounts/relationships?id[]={rel.carol.id}", headers=rel.auth("eve")
    )
    assert (await r.json())[0]["requested"] is False
    r = await client.get("/api/v1/follow_requests", headers=rel.auth("carol"))
    assert await r.json() == []
    # no request from alice: authorize is a 404
    r = await client.post(
        f"/api/v1/follow_requests/{rel.alice.id}/authorize", headers=rel.auth("carol")
    )
    assert (r.status, await r.json()) == (404, {"error": "Record not found"})


async def test_unfollow_withdraws_a_pending_request(client, rel):
    await client.post(f"/api/v1/accounts/{rel.carol.id}/follow", headers=rel.auth("bob"))
    r = await client.post(f"/api/v1/accounts/{rel.carol.id}/unfollow", headers=rel.auth("bob"))
    assert (await r.json())["requested"] is False
    r = await client.get("/api/v1/follow_requests", headers=rel.auth("carol"))
    assert await r.json() == []


async def test_relationships_in_order_with_unknown_ids(client, rel):
    await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=rel.auth("bob"))
    await client.post(f"/api/v1/accounts/{rel.bob.id}/follow", headers=rel.auth("alice"))
    r = await client.get(
        f"/api/v1/accounts/relationships?id[]={rel.alice.id}&id[]=unknown&id[]={rel.eve.id}",
        headers=rel.auth("bob"),
    )
    assert r.status == 200, await r.text()
    body = await r.json()
    assert [b["id"] for b in body] == [rel.alice.id, "unknown", rel.eve.id]
    assert (body[0]["following"], body[0]["followed_by"]) == (True, True)
    assert body[1]["following"] is False and body[2]["followed_by"] is False
    r = await client.get(
        f"/api/v1/accounts/relationships?id={rel.alice.id}", headers=rel.auth("bob")
    )
    assert [b["id"] for b in await r.json()] == [rel.alice.id]
    r = await client.get(f"/api/v1/accounts/relationships?id[]={rel.alice.id}")
    assert r.status == 403


async def test_followers_and_following_pages_with_link_headers(client, rel):
    for nick in ("bob", "carol", "eve"):
        r = await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=rel.auth(nick))
        assert r.status == 200
    r = await client.get(f"/api/v1/accounts/{rel.alice.id}/followers?limit=2")
    assert r.status == 200
    first = await r.json()
    assert [a["username"] for a in first] == ["eve", "carol"]
    link = r.headers["Link"]
    assert 'rel="next"' in link and 'rel="prev"' in link
    next_url = link.split(">;")[0].lstrip("<")
    assert next_url.startswith(f"https://plenum.example/api/v1/accounts/{rel.alice.id}/followers?")
    assert "limit=2" in next_url and "max_id=" in next_url
    query = next_url.split("?", 1)[1]
    r = await client.get(f"/api/v1/accounts/{rel.alice.id}/followers?{query}")
    assert [a["username"] for a in await r.json()] == ["bob"]
    prev_url = link.split(", <")[1].split(">;")[0]
    r = await client.get(f"/api/v1/accounts/{rel.alice.id}/followers?" + prev_url.split("?", 1)[1])
    assert await r.json() == []
    r = await client.get(f"/api/v1/accounts/{rel.bob.id}/following")
    assert [a["username"] for a in await r.json()] == ["alice"]
    r = await client.get(f"/api/v1/accounts/{rel.alice.id}/followers?limit=abc")
    assert r.status == 400
    r = await client.get("/api/v1/accounts/unknown/followers")
    assert (r.status, await r.json()) == (404, {"error": "Record not found"})


async def test_min_id_gives_the_items_just_above(client, rel):
    for nick in ("bob", "carol", "eve"):
        await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=rel.auth(nick))
    r = await client.get(f"/api/v1/accounts/{rel.alice.id}/followers")
    all_link = r.headers["Link"]
    last_cursor = all_link.split("max_id=")[1].split(">")[0]
    r = await client.get(f"/api/v1/accounts/{rel.alice.id}/followers?min_id={last_cursor}&limit=1")
    assert [a["username"] for a in await r.json()] == ["carol"]


async def test_hidden_followers_are_shown_to_the_owner_only(client, rel):
    await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=rel.auth("bob"))
    await client.post(f"/api/v1/accounts/{rel.eve.id}/follow", headers=rel.auth("alice"))
    alice = await Account.get(id=rel.alice.id)
    alice.hide_followers = alice.hide_follows = True
    await alice.save(update_fields=["hide_followers", "hide_follows"])
    for path in ("followers", "following"):
        r = await client.get(f"/api/v1/accounts/{rel.alice.id}/{path}", headers=rel.auth("bob"))
        assert (r.status, await r.json()) == (200, [])
        r = await client.get(f"/api/v1/accounts/{rel.alice.id}/{path}")
        assert await r.json() == []
        r = await client.get(f"/api/v1/accounts/{rel.alice.id}/{path}", headers=rel.auth("alice"))
        assert len(await r.json()) == 1


async def test_relationships_and_search_are_not_taken_for_an_account_id(client, rel):
    r = await client.get("/api/v1/accounts/search?q=AL", headers=rel.auth("bob"))
    assert r.status == 200
    assert [a["username"] for a in await r.json()] == ["alice"]
    r = await client.get("/api/v1/accounts/relationships", headers=rel.auth("bob"))
    assert (r.status, await r.json()) == (200, [])
