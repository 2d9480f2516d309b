"""How ``tests/graphql/test_examples.py`` runs the media examples: set-up and checks.

Kept here (no import of the example runner) so the runner only lists them.
"""

from __future__ import annotations

import re
from typing import Any

from strawberry.relay import to_base64

from tests.media.conftest import image_bytes

URL_RE = r"https://plenum\.example/media/\d{4}/\d{2}/[\w-]+\.png"


def upload_files() -> dict[str, tuple[str, bytes, str]]:
    """The file the mediaUpload example sends (a PNG carrying GPS EXIF)."""
    return {"variables.input.file": ("../../evil name.png", image_bytes("PNG"), "image/png")}


async def alice_upload(client: Any, world: Any) -> dict[str, Any]:
    """alice uploads a PNG over REST; returns the Attachment."""
    from aiohttp import FormData

    form = FormData()
    form.add_field("file", image_bytes("PNG"), filename="x.png", content_type="image/png")
    form.add_field("description", "first words")
    response = await client.post(
        "/api/v1/media", data=form, headers={"Authorization": f"Bearer {world.alice_token}"}
    )
    assert response.status == 200, await response.text()
    return await response.json()


async def prepare_media(client: Any, world: Any) -> dict[str, Any]:
    attachment = await alice_upload(client, world)
    world.media_id = attachment["id"]
    return {"restId": attachment["id"]}


async def prepare_media_update(client: Any, world: Any) -> dict[str, Any]:
    attachment = await alice_upload(client, world)
    world.media_id = attachment["id"]
    return {
        "input": {
            "id": to_base64("MediaAttachment", attachment["id"]),
            "description": "A red square on a white wall",
            "focus": {"x": -0.5, "y": 0.5},
        }
    }


def check_media_upload(data: dict[str, Any], world: Any) -> None:
    payload = data["mediaUpload"]
    assert payload["userErrors"] == []
    media = payload["media"]
    assert media["id"] == to_base64("MediaAttachment", media["restId"])
    assert (media["type"], media["mimeType"]) == ("IMAGE", "image/png")
    assert re.fullmatch(URL_RE, media["url"]), media["url"]
    assert "evil" not in media["url"]
    assert media["previewUrl"] == media["remoteUrl"] == media["url"]
    assert media["description"] == "A red square"
    assert media["blurhash"]
    assert media["meta"]["original"] == {"width": 40, "height": 20, "size": "40x20", "aspect": 2.0}
    assert media["meta"]["small"]["size"] == "40x20"
    assert media["meta"]["focus"] == {"x": 0.25, "y": -0.5}
    assert media["attached"] is False


def check_media(data: dict[str, Any], world: Any) -> None:
    media = data["media"]
    assert media["restId"] == world.media_id
    assert media["id"] == to_base64("MediaAttachment", world.media_id)
    assert media["type"] == "IMAGE" and media["mimeType"] == "image/png"
    assert media["description"] == "first words"
    assert media["meta"] == {
        "original": {"width": 40, "height": 20, "size": "40x20", "aspect": 2.0},
        "focus": None,
    }
    assert media["attached"] is False


def check_media_update(data: dict[str, Any], world: Any) -> None:
    payload = data["mediaUpdate"]
    assert payload["userErrors"] == []
    assert payload["media"]["restId"] == world.media_id
    assert payload["media"]["description"] == "A red square on a white wall"
    assert payload["media"]["meta"]["focus"] == {"x": -0.5, "y": 0.5}
