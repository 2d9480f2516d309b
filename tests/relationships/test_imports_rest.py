"""Pleroma's follow, block and mute imports over REST (list as text or as a file)."""

from __future__ import annotations

import aiohttp

from models.relationships import Block, Follow, Mute
from rest_compat.runtime import EXTRAS


async def finish_jobs(client) -> None:
    await client.server.app[EXTRAS]["jobs"].join()


async def followed_ids(account) -> set[str]:
    return set(await Follow.filter(account_id=account.id).values_list("target_id", flat=True))


async def test_follow_import_mastodon_csv_string(client, rel):
    text = "Account address,Show boosts\nalice@plenum.example,true\n@carol,false\n\nnobody,true\n"
    r = await client.post(
        "/api/pleroma/follow_import", headers=rel.auth("bob"), data={"list": text}
    )
    assert (r.status, await r.json()) == (200, "job started")
    await finish_jobs(client)
    assert await followed_ids(rel.bob) == {rel.alice.id, rel.carol.id}
    carol_follow = await Follow.get(account_id=rel.bob.id, target_id=rel.carol.id)
    assert carol_follow.accepted is False  # carol is locked: a request


async def test_follow_import_every_identifier_form_from_a_file(client, rel):
    text = "\n".join(
        [rel.alice.uri, "carol", "", "@eve", f"alice@{rel.policy.host}", "@bob", "   "]
    )
    form = aiohttp.FormData()
    form.add_field("list", text.encode(), filename="follows.csv", content_type="text/csv")
    r = await client.post("/api/v1/pleroma/follow_import", headers=rel.auth("bob"), data=form)
    assert (r.status, await r.json()) == (200, "job started")
    await finish_jobs(client)
    # bob himself is skipped silently
    assert await followed_ids(rel.bob) == {rel.alice.id, rel.carol.id, rel.eve.id}


async def test_blocks_and_mutes_import_split_on_whitespace(client, rel):
    form = aiohttp.FormData()
    form.add_field("list", b"@alice  bob\tcarol@plenum.example\nghost", filename="blocks.txt")
    r = await client.post("/api/pleroma/blocks_import", headers=rel.auth("eve"), data=form)
    assert (r.status, await r.json()) == (200, "job started")
    r = await client.post(
        "/api/pleroma/mutes_import", headers=rel.auth("alice"), json={"list": "@bob eve"}
    )
    assert (r.status, await r.json()) == (200, "job started")
    await finish_jobs(client)
    blocked = set(await Block.filter(account_id=rel.eve.id).values_list("target_id", flat=True))
    assert blocked == {rel.alice.id, rel.bob.id, rel.carol.id}
    muted = set(await Mute.filter(account_id=rel.alice.id).values_list("target_id", flat=True))
    assert muted == {rel.bob.id, rel.eve.id}


async def test_import_errors(client, rel):
    r = await client.post("/api/pleroma/follow_import", headers=rel.auth("bob"))
    assert r.status == 400
    body = await r.json()
    assert body["error"] == "Missing field: list."
    assert body["errors"][0]["source"] == {"pointer": "/list"}
    r = await client.post("/api/pleroma/follow_import", data={"list": "alice"})
    assert (r.status, await r.json()) == (403, {"error": "Invalid credentials."})
    other = await rel.token("bob", ["read"])
    cases = {
        "follow_import": "follow | write:follows",
        "blocks_import": "follow | write:blocks",
        "mutes_import": "follow | write:mutes",
    }
    for path, scopes in cases.items():
        r = await client.post(f"/api/pleroma/{path}", headers=other, data={"list": "alice"})
        assert (r.status, await r.json()) == (
            403,
            {"error": f"Insufficient permissions: {scopes}."},
        )
    narrow = await rel.token("bob", ["write:follows"])
    r = await client.post("/api/pleroma/follow_import", headers=narrow, data={"list": "alice"})
    assert r.status == 200
    await finish_jobs(client)
    assert await followed_ids(rel.bob) == {rel.alice.id}
    form = aiohttp.FormData()
    form.add_field("list", b"\xff\xfe\x00bad", filename="x.csv")
    r = await client.post("/api/pleroma/follow_import", headers=rel.auth("bob"), data=form)
    assert r.status == 400
