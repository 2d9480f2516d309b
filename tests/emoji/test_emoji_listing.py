"""The custom emoji listings: ``/api/pleroma/emoji`` (both prefixes), ``/api/v1/custom_emojis``
and the service rule they project (tags, category, order)."""

from __future__ import annotations

import json
import os

import pytest

from schema.services import emoji as emoji_service
from tests.emoji.packs import CUSTOM_EMOJIS, PLEROMA_MAP, make_packs, png
from tests.statuses.conftest import build_rest_world

PLEROMA_PATHS = ["/api/pleroma/emoji", "/api/v1/pleroma/emoji"]


@pytest.fixture
def packs(settings):
    return make_packs(settings.emoji_dir)


async def get_json(client, path, **kw):
    response = await client.get(path, **kw)
    assert response.status == 200, (path, response.status, await response.text())
    assert response.headers["Content-Type"].startswith("application/json")
    return await response.json()


@pytest.mark.parametrize("path", PLEROMA_PATHS)
async def test_pleroma_emoji_maps_shortcodes_to_relative_urls_and_tags(client, packs, path):
    body = await get_json(client, path)
    assert body == PLEROMA_MAP
    assert list(body) == ["Zebra", "blobcat", "party", "wave"]
    # Pleroma's own test: every value has a string image_url and a list of tags.
    for value in body.values():
        assert isinstance(value["image_url"], str) and value["image_url"].startswith("/emoji/")
        assert isinstance(value["tags"], list)


@pytest.mark.parametrize("path", PLEROMA_PATHS)
async def test_pleroma_emoji_is_an_empty_map_without_packs(client, path):
    assert await get_json(client, path) == {}


async def test_custom_emojis_lists_absolute_urls_tags_and_category(client, packs):
    assert await get_json(client, "/api/v1/custom_emojis") == CUSTOM_EMOJIS


async def test_custom_emojis_is_an_empty_list_without_packs(client):
    assert await get_json(client, "/api/v1/custom_emojis") == []


async def test_listed_image_urls_are_served(client, packs):
    for entry in await get_json(client, "/api/v1/custom_emojis"):
        path = entry["url"].removeprefix("https://plenum.example")
        response = await client.get(path)
        assert response.status == 200, path
        assert await response.read() == png()


async def test_no_auth_needed_and_a_token_changes_nothing(client, packs, policy):
    world = await build_rest_world(client, policy)
    for path in [*PLEROMA_PATHS, "/api/v1/custom_emojis"]:
        anonymous = await get_json(client, path)
        signed_in = await get_json(client, path, headers=world.headers("alice"))
        assert anonymous == signed_in


async def test_listings_follow_pack_changes(client, settings, packs):
    assert "Zebra" in await get_json(client, "/api/pleroma/emoji")
    manifest = settings.emoji_dir / "blobs" / "pack.json"
    manifest.write_text(json.dumps({"files": {"blobcat": "sub/cat.png"}}))
    # the table is re-read when pack.json's mtime changes; don't rely on clock granularity
    stat = manifest.stat()
    os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    body = await get_json(client, "/api/pleroma/emoji")
    assert body["blobcat"] == {"image_url": "/emoji/blobs/sub/cat.png", "tags": ["pack:blobs"]}
    assert "Zebra" not in body


def test_service_tags_category_and_order(policy, packs):
    listed = emoji_service.listed_emoji(policy)
    assert [(e.shortcode, e.pack, e.path, e.tags, e.category) for e in listed] == [
        ("Zebra", "blobs", "zebra.png", ("pack:blobs",), "pack:blobs"),
        ("blobcat", "blobs", "sub/cat.png", ("pack:blobs",), "pack:blobs"),
        ("party", "loose", "party.gif", ("Custom",), ""),
        ("wave", "loose", "nested/wave.png", ("Custom",), ""),
    ]
    assert all(e.visible_in_picker for e in listed)
    assert listed[1].image_path == "/emoji/blobs/sub/cat.png"


def test_category_drops_only_the_default_group():
    emoji = emoji_service.CustomEmoji("x", "p", "x.png", ("Custom", "pack:p", "Cats"))
    assert emoji.category == "pack:p,Cats"
