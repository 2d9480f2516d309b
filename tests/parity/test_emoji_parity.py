"""REST and GraphQL list the same custom emoji with the same tags, category and order."""

from __future__ import annotations

from tests.emoji.packs import make_packs
from tests.graphql.conftest import World, gql
from tests.parity.test_parity import example, paired, rest_json

BASE = "https://plenum.example"


async def test_custom_emojis_match_both_rest_listings(client, settings, world: World):
    assert paired("GET", "/api/v1/custom_emojis") == "customEmojis"
    assert paired("GET", "/api/pleroma/emoji") == "customEmojis"
    assert paired("GET", "/api/v1/pleroma/emoji") == "customEmojis"
    make_packs(settings.emoji_dir)

    mastodon = await rest_json(client, "GET", "/api/v1/custom_emojis")
    pleroma = await rest_json(client, "GET", "/api/pleroma/emoji")
    body = await gql(client, example("customEmojis"))
    assert "errors" not in body, body
    graphql = body["data"]["customEmojis"]

    assert len(graphql) == 4  # both packs are there, so the comparisons below mean something
    assert [e["shortcode"] for e in graphql] == [e["shortcode"] for e in mastodon]
    assert [e["shortcode"] for e in graphql] == list(pleroma)
    for gql_emoji, rest in zip(graphql, mastodon, strict=True):
        assert gql_emoji == {
            "shortcode": rest["shortcode"],
            "url": rest["url"],
            "staticUrl": rest["static_url"],
            "visibleInPicker": rest["visible_in_picker"],
            "tags": rest["tags"],
            "category": rest["category"],
        }
        assert pleroma[gql_emoji["shortcode"]] == {
            "image_url": gql_emoji["url"].removeprefix(BASE),
            "tags": gql_emoji["tags"],
        }
        assert gql_emoji["url"].startswith(BASE + "/emoji/")


async def test_no_packs_means_no_emoji_anywhere(client, world: World):
    assert await rest_json(client, "GET", "/api/v1/custom_emojis") == []
    assert await rest_json(client, "GET", "/api/v1/pleroma/emoji") == {}
    body = await gql(client, example("customEmojis"))
    assert body["data"]["customEmojis"] == []
