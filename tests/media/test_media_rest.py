"""Media over REST: upload (v1/v2), read, describe, serve the file back; errors as JSON."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from aiohttp import FormData
from PIL import Image

from app.main import create_app
from tests.graphql.conftest import build_world
from tests.media.conftest import GPS_SECRET, MP4, PDF, TEXT, animated_gif, image_bytes, png_bomb


@pytest.fixture
async def world(client, policy):
    return await build_world(policy)


def form(data: bytes, name: str = "photo.png", ctype: str = "image/png", **fields) -> FormData:
    body = FormData()
    body.add_field("file", data, filename=name, content_type=ctype)
    for key, value in fields.items():
        body.add_field(key, value)
    return body


async def upload(client, token, data, path="/api/v1/media", **kw):
    return await client.post(path, data=form(data, **kw), headers=auth(token))


def auth(token):
    return {"Authorization": f"Bearer {token}"}


async def test_upload_answers_an_attachment_and_serves_the_cleaned_file(client, world):
    response = await upload(
        client, world.alice_token, image_bytes("JPEG"), name="holiday.jpg",
        description="the beach", focus="0.25,-0.5",
    )
    assert response.status == 200, await response.text()
    body = await response.json()
    assert re.fullmatch(r"[0-9A-Za-z]{18}", body["id"])
    assert body["type"] == "image"
    assert body["pleroma"] == {"mime_type": "image/jpeg"}
    assert body["description"] == "the beach"
    assert re.fullmatch(
        r"https://plenum\.example/media/\d{4}/\d{2}/[\w-]+\.jpg", body["url"]
    ), body["url"]
    assert "holiday" not in body["url"]
    assert body["preview_url"] == body["url"] == body["text_url"]
    assert body["meta"]["original"] == {"width": 40, "height": 20, "size": "40x20", "aspect": 2.0}
    assert body["meta"]["focus"] == {"x": 0.25, "y": -0.5}
    assert body["blurhash"] and len(body["blurhash"]) >= 6

    served = await client.get(body["url"].removeprefix("https://plenum.example"))
    assert served.status == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"].startswith("inline")
    data = await served.read()
    assert GPS_SECRET not in data
    assert dict(Image.open(io.BytesIO(data)).getexif()) == {}


async def test_v2_upload_and_png_exif_stripped(client, world):
    response = await upload(client, world.bob_token, image_bytes("PNG"), path="/api/v2/media")
    assert response.status == 200
    body = await response.json()
    assert body["pleroma"]["mime_type"] == "image/png"
    served = await client.get(body["url"].removeprefix("https://plenum.example"))
    assert served.headers["Content-Type"] == "image/png"
    assert GPS_SECRET not in await served.read()


async def test_animated_gif_is_served_as_uploaded(client, world):
    data = animated_gif()
    body = await (await upload(client, world.alice_token, data, name="a.gif")).json()
    assert body["type"] == "image" and body["pleroma"]["mime_type"] == "image/gif"
    served = await client.get(body["url"].removeprefix("https://plenum.example"))
    assert await served.read() == data


async def test_video_inline_pdf_as_attachment(client, world):
    video = await (await upload(client, world.alice_token, MP4, name="v.bin",
                                ctype="application/octet-stream")).json()
    assert video["type"] == "video" and video["pleroma"]["mime_type"] == "video/mp4"
    assert video["blurhash"] is None
    served = await client.get(video["url"].removeprefix("https://plenum.example"))
    assert served.headers["Content-Type"] == "video/mp4"
    assert served.headers["Content-Disposition"].startswith("inline")

    pdf = await (await upload(client, world.alice_token, PDF, name="doc.png")).json()
    assert pdf["type"] == "unknown" and pdf["pleroma"]["mime_type"] == "application/pdf"
    served = await client.get(pdf["url"].removeprefix("https://plenum.example"))
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("data", "status", "fragment"),
    [
        (TEXT, 415, "Unsupported file type"),
        (png_bomb(), 422, "Image dimensions are too large"),
        (image_bytes("PNG")[:60], 422, "could not be read"),
    ],
)
async def test_bad_files_get_a_clear_error(client, world, data, status, fragment):
    response = await upload(client, world.alice_token, data, name="innocent.png")
    assert response.status == status
    assert fragment in (await response.json())["error"]


async def test_missing_file_and_bad_focus(client, world):
    response = await client.post(
        "/api/v1/media", data={"description": "no file"}, headers=auth(world.alice_token)
    )
    assert response.status == 400
    assert (await response.json())["error"] == "Missing field: file."
    response = await upload(client, world.alice_token, image_bytes("PNG"), focus="3,3")
    assert response.status == 422
    assert "focus" in (await response.json())["error"]


async def test_oversized_upload_is_413(aiohttp_client, settings):
    small = dataclasses.replace(settings, upload_limit=4096)
    client = await aiohttp_client(create_app(small))
    world = await build_world(small.policy())
    # over the upload limit but under the body limit: the service's own answer
    response = await upload(client, world.alice_token, image_bytes("PNG") + b"\0" * 8192)
    assert response.status == 413
    assert await response.json() == {"error": "File is too large"}
    # far over: aiohttp stops reading, still JSON
    response = await upload(client, world.alice_token, b"\0" * (2 * 1024 * 1024))
    assert response.status == 413
    assert "error" in await response.json()


@pytest.mark.parametrize("name", ["../../etc/passwd", "a/b.png", "../../../tmp/x.png"])
async def test_path_traversal_filenames_are_ignored(client, world, settings, name):
    response = await upload(client, world.alice_token, image_bytes("PNG"), name=name)
    assert response.status == 200
    url = (await response.json())["url"]
    assert ".." not in url and "passwd" not in url and "/a/b" not in url
    uploads = settings.data_dir / "uploads"
    files = [p for p in uploads.rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].suffix == ".png"
    assert not (settings.data_dir / "etc").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret_key",
        "/media/%2e%2e/secret_key",
        "/media/..%2fsecret_key",
        "/media/2026",
        "/media/",
        "/media/nothing.png",
        "/media/%2fetc%2fpasswd",
    ],
)
async def test_serving_never_leaves_the_uploads_dir(client, world, path):
    await upload(client, world.alice_token, image_bytes("PNG"))
    response = await client.get(path)
    assert response.status == 404
    assert "error" in await response.json()


async def test_only_the_owner_reads_updates_and_attaches(client, world):
    body = await (await upload(client, world.alice_token, image_bytes("PNG"))).json()
    media_id = body["id"]

    mine = await client.get(f"/api/v1/media/{media_id}", headers=auth(world.alice_token))
    assert mine.status == 200 and (await mine.json())["id"] == media_id
    updated = await client.put(
        f"/api/v1/media/{media_id}",
        json={"description": "alt text", "focus": "0.5,0.5"},
        headers=auth(world.alice_token),
    )
    assert updated.status == 200
    assert (await updated.json())["description"] == "alt text"
    assert (await updated.json())["meta"]["focus"] == {"x": 0.5, "y": 0.5}

    for method in ("GET", "PUT"):
        response = await client.request(
            method, f"/api/v1/media/{media_id}", json={"description": "stolen"},
            headers=auth(world.bob_token),
        )
        assert response.status == 404, method
        assert await response.json() == {"error": "Record not found"}
    again = await client.get(f"/api/v1/media/{media_id}", headers=auth(world.alice_token))
    assert (await again.json())["description"] == "alt text"


async def test_auth_and_scope(client, world):
    anonymous = await client.post("/api/v1/media", data=form(image_bytes("PNG")))
    assert anonymous.status == 403
    read_only = await upload(client, world.read_only_token, image_bytes("PNG"))
    assert read_only.status == 403
    assert "write:media" in (await read_only.json())["error"]
