"""Pleroma's legacy ``update_avatar`` / ``update_banner`` / ``update_background``, the
mascot, and the built-in images they fall back to."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.media.conftest import GPS_SECRET, MP3, TEXT, image_bytes
from tests.profile.conftest import (
    auth,
    data_uri,
    me,
    multipart,
    png,
    stored_files,
    token,
    truncated_png,
)

MEDIA_PREFIX = r"https://plenum\.example/media/\d{4}/\d{2}/[\w-]+\."
PREFIXES = ("/api/v1/pleroma", "/api/pleroma")


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_update_avatar_from_a_data_uri_and_reset(client, world, settings, prefix):
    path = f"{prefix}/accounts/update_avatar"
    response = await client.patch(
        path, json={"img": data_uri(png())}, headers=auth(world.alice_token)
    )
    assert response.status == 200, await response.text()
    body = await response.json()
    assert set(body) == {"url"}
    assert re.fullmatch(MEDIA_PREFIX + "png", body["url"])
    account = await me(client, world)
    assert account["avatar"] == account["avatar_static"] == body["url"]
    served = await client.get(body["url"].removeprefix("https://plenum.example"))
    assert GPS_SECRET not in await served.read()

    response = await client.patch(path, data={"img": ""}, headers=auth(world.alice_token))
    assert (response.status, await response.json()) == (200, {"url": None})
    assert (await me(client, world))["avatar"] == "https://plenum.example/images/avi.png"
    assert stored_files(settings) == []


async def test_update_banner_takes_banner_and_a_file(client, world):
    path = "/api/v1/pleroma/accounts/update_banner"
    response = await client.patch(
        path, data=multipart(banner=png((90, 30))), headers=auth(world.alice_token)
    )
    assert response.status == 200, await response.text()
    url = (await response.json())["url"]
    assert re.fullmatch(MEDIA_PREFIX + "png", url)
    assert (await me(client, world))["header"] == url
    # ``img`` is not the banner's parameter
    response = await client.patch(path, data={"img": ""}, headers=auth(world.alice_token))
    assert (response.status, await response.json()) == (400, {"error": "Missing field: banner."})
    response = await client.patch(path, data={"banner": ""}, headers=auth(world.alice_token))
    assert (response.status, await response.json()) == (200, {"url": None})
    assert (await me(client, world))["header"] == "https://plenum.example/images/banner.png"


async def test_update_background(client, world):
    path = "/api/v1/pleroma/accounts/update_background"
    response = await client.patch(
        path,
        data=multipart(img=(image_bytes("JPEG"), "bg.jpg", "image/jpeg")),
        headers=auth(world.alice_token),
    )
    assert response.status == 200, await response.text()
    url = (await response.json())["url"]
    assert re.fullmatch(MEDIA_PREFIX + "jpg", url)
    account = await me(client, world)
    assert account["pleroma"]["background_image"] == url
    public = await (await client.get(f"/api/v1/accounts/{account['id']}")).json()
    assert public["pleroma"]["background_image"] == url
    response = await client.patch(path, data={"img": ""}, headers=auth(world.alice_token))
    assert (response.status, await response.json()) == (200, {"url": None})
    assert (await me(client, world))["pleroma"]["background_image"] is None


async def test_legacy_routes_refuse_bad_files_and_missing_scopes(client, world, settings):
    before = await me(client, world)
    path = "/api/v1/pleroma/accounts/update_avatar"
    for img, status in (
        ((TEXT, "x.png", "image/png"), 415),
        ((truncated_png(), "x.png", "image/png"), 422),
        ((b"\x89PNG" + b"\x00" * (2 * 1024 * 1024), "x.png", "image/png"), 413),
    ):
        response = await client.patch(
            path, data=multipart(img=img), headers=auth(world.alice_token)
        )
        assert response.status == status
        assert "error" in await response.json()
    response = await client.patch(
        path, json={"img": "https://elsewhere.example/a.png"}, headers=auth(world.alice_token)
    )
    assert response.status == 400
    response = await client.patch(path, json={}, headers=auth(world.alice_token))
    assert (response.status, await response.json()) == (400, {"error": "Missing field: img."})
    read_only = await token(world, "alice", ["read", "write:media"])
    for route in ("update_avatar", "update_banner", "update_background"):
        response = await client.patch(
            f"/api/v1/pleroma/accounts/{route}",
            data={"img": "", "banner": ""},
            headers=auth(read_only),
        )
        assert (response.status, await response.json()) == (
            403,
            {"error": "Insufficient permissions: write:accounts."},
        )
        response = await client.patch(f"/api/pleroma/accounts/{route}", data={"img": ""})
        assert response.status == 403
    assert await me(client, world) == before
    assert stored_files(settings) == []


DEFAULT_MASCOT = {
    "id": "default-mascot",
    "url": "/images/pleroma-fox-tan-smol.png",
    "preview_url": "/images/pleroma-fox-tan-smol.png",
    "pleroma": {"mime_type": "image/png"},
}


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_mascot_default_upload_and_read_back(client, world, settings, prefix):
    path = f"{prefix}/mascot"
    response = await client.get(path, headers=auth(world.alice_token))
    assert (response.status, await response.json()) == (200, DEFAULT_MASCOT)
    # the default is served from the built-in images
    image = await client.get(DEFAULT_MASCOT["url"])
    assert (image.status, image.headers["Content-Type"]) == (200, "image/png")
    assert Image.open(io.BytesIO(await image.read())).format == "PNG"

    response = await client.put(
        path,
        data=multipart(file=(image_bytes("JPEG"), "an_image.jpg", "image/jpeg")),
        headers=auth(world.alice_token),
    )
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["type"] == "image"
    assert re.fullmatch(r"[0-9A-Za-z]{18}", body["id"])
    assert re.fullmatch(MEDIA_PREFIX + "jpg", body["url"])
    assert body["remote_url"] == body["preview_url"] == body["text_url"] == body["url"]
    assert body["pleroma"] == {"mime_type": "image/jpeg"}
    assert body["description"] == ""
    assert "blurhash" in body
    served = await client.get(body["url"].removeprefix("https://plenum.example"))
    assert GPS_SECRET not in await served.read()

    response = await client.get(path, headers=auth(world.alice_token))
    assert await response.json() == body
    # bob still has the default
    response = await client.get(path, headers=auth(world.bob_token))
    assert await response.json() == DEFAULT_MASCOT

    # a new mascot replaces the old upload
    response = await client.put(path, data=multipart(file=png()), headers=auth(world.alice_token))
    second = await response.json()
    assert second["id"] != body["id"] and second["pleroma"]["mime_type"] == "image/png"
    assert len(stored_files(settings)) == 1
    assert (await client.get(body["url"].removeprefix("https://plenum.example"))).status == 404


async def test_mascot_refuses_what_is_not_an_image(client, world, settings):
    for data, ctype in ((MP3, "audio/mpeg"), (TEXT, "image/png")):
        response = await client.put(
            "/api/v1/pleroma/mascot",
            data=multipart(file=(data, "sound.mp3", ctype)),
            headers=auth(world.alice_token),
        )
        assert (response.status, await response.json()) == (
            415,
            {"error": "mascots can only be images"},
        )
    response = await client.put(
        "/api/v1/pleroma/mascot",
        data=multipart(file=(truncated_png(), "t.png", "image/png")),
        headers=auth(world.alice_token),
    )
    assert response.status == 422
    response = await client.put("/api/v1/pleroma/mascot", headers=auth(world.alice_token))
    assert (response.status, await response.json()) == (400, {"error": "Missing field: file."})
    assert stored_files(settings) == []
    response = await client.get("/api/v1/pleroma/mascot", headers=auth(world.alice_token))
    assert await response.json() == DEFAULT_MASCOT


async def test_mascot_scopes(client, world):
    write_only = await token(world, "alice", ["write:accounts"])
    read_only = await token(world, "alice", ["read:accounts"])
    response = await client.get("/api/v1/pleroma/mascot", headers=auth(write_only))
    assert (response.status, await response.json()) == (
        403,
        {"error": "Insufficient permissions: read:accounts."},
    )
    response = await client.get("/api/v1/pleroma/mascot", headers=auth(read_only))
    assert response.status == 200
    response = await client.put(
        "/api/v1/pleroma/mascot", data=multipart(file=png()), headers=auth(read_only)
    )
    assert (response.status, await response.json()) == (
        403,
        {"error": "Insufficient permissions: write:accounts."},
    )
    response = await client.get("/api/v1/pleroma/mascot")
    assert (response.status, await response.json()) == (403, {"error": "Invalid credentials."})


async def test_built_in_images(client):
    for name in ("avi.png", "banner.png", "pleroma-fox-tan-smol.png"):
        response = await client.get(f"/images/{name}")
        assert response.status == 200, name
        assert response.headers["Content-Type"] == "image/png"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    for bad in ("nope.png", "..%2Fstatic%2Fimages%2Favi.png", "%2e%2e", "avi.png%00"):
        response = await client.get(f"/images/{bad}")
        assert response.status in (400, 404), bad
        assert "error" in await response.json()
