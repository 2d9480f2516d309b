"""Remote emoji packs: REST and GraphQL list and download through the same service, and
refuse alike (an instance without the feature, a bad checksum, a private address)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from app.main import create_app
from schema.services.emoji_pack_remote import NOT_SUPPORTED, SHA_MISMATCH
from tests.emoji.admin import issue_tokens
from tests.emoji.remote import start_remote
from tests.graphql.conftest import gql
from tests.parity.test_emoji_packs_parity import example, rest_pack


@pytest.fixture
async def open_client(settings, aiohttp_client):
    return await aiohttp_client(
        create_app(dataclasses.replace(settings, allow_private_network_fetch=True))
    )


@pytest.fixture
async def who(open_client, policy):
    return await issue_tokens(policy)


async def test_remote_listing_matches_rest(open_client, who, aiohttp_server):
    remote = await start_remote(aiohttp_server)
    response = await open_client.get(
        f"/api/pleroma/emoji/packs/remote?url={remote.base}&page=1&page_size=3",
        headers=who.headers("admin"),
    )
    rest = await response.json()
    body = await gql(open_client, example("emojiPacksRemote"),
                     {"url": remote.base, "page": 1, "pageSize": 3}, token=who.tokens["admin"])
    page = body["data"]["emojiPacksRemote"]
    assert page["count"] == rest["count"] == 7
    assert page["packs"] == [rest_pack(n, p) for n, p in rest["packs"].items()]
    seed = await (await open_client.post(
        "/api/pleroma/emoji/packs/list_from", headers=who.headers("admin"),
        json={"instance_address": remote.base},
    )).json()
    assert sorted(seed)[:3] == [p["name"] for p in page["packs"]]


async def test_downloads_match_rest(open_client, who, aiohttp_server, settings):
    remote = await start_remote(aiohttp_server)
    response = await open_client.post(
        "/api/pleroma/emoji/packs/download", headers=who.headers("admin"),
        json={"url": remote.base, "name": "fallback_pack", "as": "by_rest"},
    )
    assert await response.json() == "ok"
    body = await gql(open_client, example("emojiPackDownload"),
                     {"input": {"url": remote.base, "name": "fallback_pack", "as": "by_gql"}},
                     token=who.tokens["admin"])
    payload = body["data"]["emojiPackDownload"]
    assert payload["userErrors"] == []
    assert payload["pack"]["name"] == "by_gql"
    root = settings.emoji_dir
    manifests = [json.loads((root / n / "pack.json").read_text()) for n in ("by_rest", "by_gql")]
    assert manifests[0] == manifests[1]
    assert payload["pack"]["files"] == [
        {"shortcode": s, "filename": f} for s, f in sorted(manifests[0]["files"].items())
    ]


@pytest.mark.parametrize(("shareable", "name", "message"), [
    (False, "shared_pack", NOT_SUPPORTED),
    (True, "bad_sha_pack", SHA_MISMATCH),
])
async def test_download_errors_match(open_client, who, aiohttp_server, settings,
                                     shareable, name, message):
    remote = await start_remote(aiohttp_server, shareable=shareable)
    response = await open_client.post(
        "/api/pleroma/emoji/packs/download", headers=who.headers("admin"),
        json={"url": remote.base, "name": name},
    )
    assert response.status == 500
    assert await response.json() == {"error": message}
    body = await gql(open_client, example("emojiPackDownload"),
                     {"input": {"url": remote.base, "name": name}}, token=who.tokens["admin"])
    payload = body["data"]["emojiPackDownload"]
    assert payload["pack"] is None
    assert payload["userErrors"] == [{"code": "REMOTE_ERROR", "field": None, "message": message}]
    assert [p.name for p in settings.emoji_dir.iterdir()] == []


async def test_private_addresses_are_refused_alike(client, policy):
    who = await issue_tokens(policy)
    response = await client.get("/api/pleroma/emoji/packs/remote?url=http://10.0.0.1",
                                headers=who.headers("admin"))
    assert response.status == 403
    rest_error = (await response.json())["error"]
    body = await gql(client, example("emojiPacksRemote"), {"url": "http://10.0.0.1"},
                     token=who.tokens["admin"])
    assert body["data"] is None
    assert body["errors"][0]["message"] == rest_error
    body = await gql(client, example("emojiPackDownload"),
                     {"input": {"url": "http://10.0.0.1", "name": "p"}},
                     token=who.tokens["admin"])
    [error] = body["data"]["emojiPackDownload"]["userErrors"]
    assert (error["code"], error["message"]) == ("FORBIDDEN", rest_error)
    assert rest_error.startswith("Refusing to fetch http://10.0.0.1/.well-known/nodeinfo")
