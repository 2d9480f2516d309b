"""Blocks, mutes, Pleroma subscriptions and account search over REST."""

from __future__ import annotations

from models.accounts import Account
from models.relationships import Follow, Mute


async def counts(account) -> tuple[int, int]:
    row = await Account.get(id=account.id)
    return row.followers_count, row.following_count


async def test_block_removes_follows_both_ways_and_keeps_counters(client, rel):
    await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=rel.auth("bob"))
    await client.post(f"/api/v1/accounts/{rel.bob.id}/follow", headers=rel.auth("alice"))
    await client.post(f"/api/v1/pleroma/accounts/{rel.alice.id}/subscribe", headers=rel.auth("bob"))
    assert await counts(rel.alice) == (1, 1)
    r = await client.post(f"/api/v1/accounts/{rel.bob.id}/block", headers=rel.auth("alice"))
    body = await r.json()
    assert (body["blocking"], body["following"], body["followed_by"]) == (True, False, False)
    assert await counts(rel.alice) == (0, 0)
    assert await counts(rel.bob) == (0, 0)
    assert not await Follow.filter(account_id=rel.bob.id).exists()
    # blocking again is harmless
    r = await client.post(f"/api/v1/accounts/{rel.bob.id}/block", headers=rel.auth("alice"))
    assert r.status == 200
    # bob sees he is blocked and cannot follow back
    r = await client.get(
        f"/api/v1/accounts/relationships?id[]={rel.alice.id}", headers=rel.auth("bob")
    )
    rel_bob = (await r.json())[0]
    assert (rel_bob["blocked_by"], rel_bob["subscribing"]) == (True, False)
    r = await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=rel.auth("bob"))
    assert (r.status, await r.json()) == (
        400,
        {"error": "Could not follow user: alice blocked you."},
    )
    r = await client.post(f"/api/v1/accounts/{rel.bob.id}/follow", headers=rel.auth("alice"))
    assert r.status == 400
    r = await client.post(
        f"/api/v1/pleroma/accounts/{rel.alice.id}/subscribe", headers=rel.auth("bob")
    )
    assert (r.status, await r.json()) == (
        403,
        {"error": "Could not subscribe: alice is blocking you"},
    )
    r = await client.get("/api/v1/blocks", headers=rel.auth("alice"))
    assert [a["username"] for a in await r.json()] == ["bob"]
    assert "Link" in r.headers
    r = await client.post(f"/api/v1/accounts/{rel.bob.id}/unblock", headers=rel.auth("alice"))
    assert (await r.json())["blocking"] is False
    r = await client.get("/api/v1/blocks", headers=rel.auth("alice"))
    assert await r.json() == []
    r = await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=rel.auth("bob"))
    assert r.status == 200 and await counts(rel.alice) == (1, 0)


async def test_block_scope(client, rel):
    narrow = await rel.token("alice", ["write:follows"])
    r = await client.post(f"/api/v1/accounts/{rel.bob.id}/block", headers=narrow)
    assert (r.status, await r.json()) == (
        403,
        {"error": "Insufficient permissions: follow | write:blocks."},
    )
    r = await client.post(
        f"/api/v1/accounts/{rel.bob.id}/block", headers=await rel.token("alice", ["write:blocks"])
    )
    assert r.status == 200
    r = await client.get("/api/v1/blocks", headers=narrow)
    assert r.status == 403


async def test_mute_with_and_without_notifications_and_duration(client, rel):
    r = await client.post(f"/api/v1/accounts/{rel.bob.id}/mute", headers=rel.auth("alice"))
    body = await r.json()
    assert (body["muting"], body["muting_notifications"]) == (True, True)
    r = await client.post(
        f"/api/v1/accounts/{rel.bob.id}/mute",
        headers=rel.auth("alice"),
        json={"notifications": False, "duration": 3600},
    )
    body = await r.json()
    assert (body["muting"], body["muting_notifications"]) == (True, False)
    row = await Mute.get(account_id=rel.alice.id, target_id=rel.bob.id)
    assert row.expires_at is not None
    r = await client.get("/api/v1/mutes", headers=rel.auth("alice"))
    assert [a["username"] for a in await r.json()] == ["bob"]
    r = await client.post(
        f"/api/v1/accounts/{rel.eve.id}/mute", headers=rel.auth("alice"), data={"duration": "-5"}
    )
    assert r.status == 400
    r = await client.post(
        f"/api/v1/accounts/{rel.eve.id}/mute",
        headers=rel.auth("alice"),
        data={"notifications": "maybe"},
    )
    assert r.status == 400
    r = await client.post(f"/api/v1/accounts/{rel.alice.id}/mute", headers=rel.auth("alice"))
    assert (r.status, await r.json()) == (400, {"error": "Can not mute yourself"})
    r = await client.post(f"/api/v1/accounts/{rel.bob.id}/unmute", headers=rel.auth("alice"))
    assert (await r.json())["muting"] is False
    r = await client.get("/api/v1/mutes", headers=rel.auth("alice"))
    assert await r.json() == []


async def test_expired_mute_no_longer_counts(client, rel):
    from datetime import UTC, datetime, timedelta

    await Mute.create(
        account_id=rel.alice.id,
        target_id=rel.bob.id,
        expires_at=datetime.now(UTC) - timedelta(seconds=5),
    )
    r = await client.get(
        f"/api/v1/accounts/relationships?id[]={rel.bob.id}", headers=rel.auth("alice")
    )
    assert (await r.json())[0]["muting"] is False
    r = await client.get("/api/v1/mutes", headers=rel.auth("alice"))
    assert await r.json() == []


async def test_subscribe_and_unsubscribe_under_both_prefixes(client, rel):
    for prefix in ("/api/v1/pleroma", "/api/pleroma"):
        r = await client.post(
            f"{prefix}/accounts/{rel.alice.id}/subscribe", headers=rel.auth("bob")
        )
        assert r.status == 200
        body = await r.json()
        assert (body["id"], body["subscribing"]) == (rel.alice.id, True)
        r = await client.post(
            f"{prefix}/accounts/{rel.alice.id}/unsubscribe", headers=rel.auth("bob")
        )
        assert (await r.json())["subscribing"] is False
    for action in ("subscribe", "unsubscribe"):
        r = await client.post(f"/api/v1/pleroma/accounts/nobody/{action}", headers=rel.auth("bob"))
        assert (r.status, await r.json()) == (404, {"error": "Record not found"})


async def test_unfollow_also_unsubscribes(client, rel):
    await client.post(f"/api/v1/accounts/{rel.alice.id}/follow", headers=rel.auth("bob"))
    await client.post(f"/api/v1/pleroma/accounts/{rel.alice.id}/subscribe", headers=rel.auth("bob"))
    r = await client.post(f"/api/v1/accounts/{rel.alice.id}/unfollow", headers=rel.auth("bob"))
    assert (await r.json())["subscribing"] is False


async def test_account_search(client, rel):
    bob = await Account.get(id=rel.bob.id)
    bob.display_name = "Alfred B."
    await bob.save(update_fields=["display_name"])
    r = await client.get("/api/v1/accounts/search?q=al")
    assert [a["username"] for a in await r.json()] == ["alice", "bob"]
    r = await client.get("/api/v1/accounts/search?q=@ALICE@plenum.example")
    assert [a["username"] for a in await r.json()] == ["alice"]
    r = await client.get("/api/v1/accounts/search?q=alice@elsewhere.example")
    assert await r.json() == []
    r = await client.get("/api/v1/accounts/search?q=al&limit=1")
    assert [a["username"] for a in await r.json()] == ["alice"]
    r = await client.get("/api/v1/accounts/search?q=")
    assert await r.json() == []
    await client.post(f"/api/v1/accounts/{rel.bob.id}/follow", headers=rel.auth("eve"))
    r = await client.get("/api/v1/accounts/search?q=al&following=true", headers=rel.auth("eve"))
    assert [a["username"] for a in await r.json()] == ["bob"]
    r = await client.get("/api/v1/accounts/search?q=al&following=true")
    assert r.status == 403
    r = await client.get("/api/v1/accounts/search?q=al&limit=x")
    assert r.status == 400
    eve = await Account.get(id=rel.eve.id)
    eve.is_active = False
    await eve.save(update_fields=["is_active"])
    r = await client.get("/api/v1/accounts/search?q=eve")
    assert await r.json() == []
