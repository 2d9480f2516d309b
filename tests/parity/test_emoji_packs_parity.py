"""Emoji packs: REST and GraphQL read and write the same packs through the same service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.emoji.admin import issue_tokens
from tests.emoji.packs import make_shared_packs
from tests.graphql.conftest import gql

EXAMPLES = Path(__file__).resolve().parents[2] / "graphql_examples"


def example(name: str) -> str:
    return (EXAMPLES / f"{name}.graphql").read_text()


def rest_pack(name: str, body: dict[str, Any]) -> dict[str, Any]:
    """The REST pack in GraphQL's shape (the overlapping fields)."""
    meta = body["pack"]
    return {
        "name": name,
        "license": meta.get("license"),
        "shareFiles": meta.get("share-files") is True,
        "canDownload": meta["can-download"],
        "downloadSha256": meta.get("download-sha256"),
        "files": [{"shortcode": s, "filename": f} for s, f in sorted(body["files"].items())],
    }


@pytest.fixture
def packs(settings):
    return make_shared_packs(settings.emoji_dir)


async def test_emoji_packs_page_matches_rest(client, packs):
    response = await client.get("/api/pleroma/emoji/packs?page=1&page_size=50")
    rest = await response.json()
    body = await gql(client, example("emojiPacks"), {"page": 1, "pageSize": 50})
    page = body["data"]["emojiPacks"]
    assert page["count"] == rest["count"] == 2
    for pack in page["packs"]:
        pack.pop("filesCount")
    expected = [rest_pack(n, p) for n, p in rest["packs"].items()]
    assert page["packs"] == expected


async def test_emoji_pack_matches_rest(client, packs):
    rest = await (await client.get("/api/pleroma/emoji/pack?name=test_pack")).json()
    body = await gql(client, example("emojiPack"), {"name": "test_pack"})
    pack = body["data"]["emojiPack"]
    assert pack.pop("filesCount") == rest["files_count"]
    pack.pop("description")
    assert pack == rest_pack("test_pack", rest)
    missing = await gql(client, example("emojiPack"), {"name": "nope"})
    assert missing["data"]["emojiPack"] is None
    assert (await client.get("/api/pleroma/emoji/pack?name=nope")).status == 404


@pytest.mark.parametrize("who_name", [None, "user", "admin_no_scope"])
async def test_non_admins_are_refused_alike(client, packs, policy, who_name):
    who = await issue_tokens(policy)
    token = who.tokens[who_name] if who_name else None
    response = await client.post(
        "/api/pleroma/emoji/pack?name=new_pack", headers=who.headers(who_name)
    )
    assert response.status == 403
    rest_error = (await response.json())["error"]
    body = await gql(client, example("emojiPackCreate"), {"input": {"name": "new_pack"}},
                     token=token)
    payload = body["data"]["emojiPackCreate"]
    assert payload["pack"] is None
    [error] = payload["userErrors"]
    assert error["message"] == rest_error
    assert not (packs / "new_pack").exists()


async def test_a_pack_made_in_graphql_is_seen_by_rest_and_back(client, packs, policy):
    who = await issue_tokens(policy)
    made = await gql(client, example("emojiPackCreate"), {"input": {"name": "gq"}},
                     token=who.tokens["admin"])
    assert made["data"]["emojiPackCreate"]["userErrors"] == []
    rest = await (await client.get("/api/pleroma/emoji/packs")).json()
    assert "gq" in rest
    response = await client.put("/api/pleroma/emoji/packs/gq", headers=who.headers("admin"))
    assert response.status == 409
    again = await gql(client, example("emojiPackCreate"), {"input": {"name": "gq"}},
                      token=who.tokens["admin"])
    [error] = again["data"]["emojiPackCreate"]["userErrors"]
    assert error == {"code": "CONFLICT", "field": "name",
                     "message": (await response.json())["error"]}
