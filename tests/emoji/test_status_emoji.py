"""Custom emoji from the data dir's packs fill a status's ``emojis`` and are served."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from tests.graphql.conftest import gql
from tests.statuses.conftest import build_rest_world


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (255, 0, 0, 255)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def packs(settings):
    root = settings.emoji_dir
    (root / "blobs" / "sub").mkdir(parents=True)
    (root / "blobs" / "sub" / "cat.png").write_bytes(png())
    (root / "blobs" / "secret.png").write_bytes(png())  # present but not listed
    (root / "blobs" / "pack.json").write_text(
        json.dumps({"pack": {}, "files": {"blobcat": "sub/cat.png", "evil": "../../x.png"}})
    )
    (root / "loose").mkdir()
    (root / "loose" / "party.gif").write_bytes(png())
    return root


async def test_shortcodes_fill_emojis_and_images_are_served(client, policy, packs):
    rw = await build_rest_world(client, policy)
    status = await rw.post(
        "alice", ":blobcat: hi :party: :unknown: :blobcat:", spoiler_text=":party:"
    )
    assert status["emojis"] == [
        {
            "shortcode": "party",
            "url": "https://plenum.example/emoji/loose/party.gif",
            "static_url": "https://plenum.example/emoji/loose/party.gif",
            "visible_in_picker": False,
        },
        {
            "shortcode": "blobcat",
            "url": "https://plenum.example/emoji/blobs/sub/cat.png",
            "static_url": "https://plenum.example/emoji/blobs/sub/cat.png",
            "visible_in_picker": False,
        },
    ]
    response = await client.get("/emoji/blobs/sub/cat.png")
    assert response.status == 200
    assert response.headers["Content-Type"] == "image/png"
    assert await response.read() == png()
    body = await gql(
        client,
        "query s($id: String!) { status(restId: $id) { emojis { shortcode url } } }",
        {"id": status["id"]},
    )
    assert body["data"]["status"]["emojis"] == [
        {"shortcode": e["shortcode"], "url": e["url"]} for e in status["emojis"]
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/emoji/blobs/secret.png",
        "/emoji/blobs/pack.json",
        "/emoji/blobs/%2e%2e/%2e%2e/x.png",
        "/emoji/nope/cat.png",
        "/emoji/blobs/sub",
    ],
)
async def test_only_listed_emoji_files_are_served(client, packs, path):
    response = await client.get(path)
    assert response.status == 404
    assert (await response.json())["error"]


async def test_no_packs_means_no_emoji(client, policy):
    rw = await build_rest_world(client, policy)
    status = await rw.post("alice", ":blobcat:")
    assert status["emojis"] == []
