"""Media over GraphQL: multipart uploads, owner-only reads, and parity with REST."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp import FormData
from PIL import Image
from strawberry.relay import to_base64

from app.main import create_app
from rest_compat.routes import ROUTES
from tests.graphql.conftest import build_world, gql, gql_upload
from tests.media.conftest import GPS_SECRET, TEXT, image_bytes, png_bomb

EXAMPLES = Path(__file__).resolve().parents[2] / "graphql_examples"
HOST = "https://plenum.example"


def example(name: str) -> str:
    return (EXAMPLES / f"{name}.graphql").read_text()


@pytest.fixture
async def world(client, policy):
    return await build_world(policy)


async def rest_upload(client, token, data=None, **fields) -> dict[str, Any]:
    form = FormData()
    form.add_field("file", data or image_bytes("JPEG"), filename="x.jpg", content_type="image/jpeg")
    for key, value in fields.items():
        form.add_field(key, value)
    response = await client.post(
        "/api/v1/media", data=form, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 200, await response.text()
    return await response.json()


async def gql_upload_file(client, token, data, description=None, **kw):
    variables = {"input": {"file": None, "description": description}}
    return await gql_upload(
        client, example("mediaUpload"), variables,
        {"variables.input.file": ("f.png", data, "image/png")}, token=token, **kw,
    )


def assert_parity(rest: dict[str, Any], media: dict[str, Any]) -> None:
    """The fields both projections of an attachment carry agree."""
    assert media["restId"] == rest["id"]
    assert media["id"] == to_base64("MediaAttachment", rest["id"])
    assert media["type"].lower() == rest["type"]
    assert media["mimeType"] == rest["pleroma"]["mime_type"]
    assert media["url"] == rest["url"]
    for gql_key, rest_key in (("previewUrl", "preview_url"), ("remoteUrl", "remote_url")):
        if gql_key in media:
            assert media[gql_key] == rest[rest_key]
    assert media["description"] == rest["description"]
    assert media["blurhash"] == rest["blurhash"]
    assert media["meta"]["original"] == rest["meta"]["original"]
    assert media["meta"]["focus"] == rest["meta"].get("focus")


def test_routes_pair_with_the_media_examples():
    pairs = {(r.method, r.path): r.graphql for r in ROUTES if r.handler.startswith("media:")}
    assert pairs[("POST", "/api/v1/media")] == "mediaUpload"
    assert pairs[("POST", "/api/v2/media")] == "mediaUpload"
    assert pairs[("GET", "/api/v1/media/{id}")] == "media"
    assert pairs[("PUT", "/api/v1/media/{id}")] == "mediaUpdate"


async def test_graphql_upload_matches_rest_show_and_strips_exif(client, world):
    body = await gql_upload_file(client, world.alice_token, image_bytes("PNG"), "alt")
    assert "errors" not in body, body
    media = body["data"]["mediaUpload"]["media"]
    rest = await (await client.get(
        f"/api/v1/media/{media['restId']}", headers={"Authorization": f"Bearer {world.alice_token}"}
    )).json()
    assert_parity(rest, media)
    served = await client.get(media["url"].removeprefix(HOST))
    assert served.status == 200 and served.headers["Content-Type"] == "image/png"
    data = await served.read()
    assert GPS_SECRET not in data
    assert dict(Image.open(io.BytesIO(data)).getexif()) == {}


async def test_rest_upload_matches_graphql_media(client, world):
    rest = await rest_upload(client, world.alice_token, description="alt", focus="0.5,-1")
    body = await gql(client, example("media"), {"restId": rest["id"]}, token=world.alice_token)
    assert_parity(rest, body["data"]["media"])
    node = await gql(
        client, "query ($id: ID!) { node(id: $id) { ... on MediaAttachment { restId } } }",
        {"id": to_base64("MediaAttachment", rest["id"])}, token=world.alice_token,
    )
    assert node["data"]["node"] == {"restId": rest["id"]}


async def test_update_matches_rest_put(client, world):
    rest = await rest_upload(client, world.alice_token)
    put = await client.put(
        f"/api/v1/media/{rest['id']}", json={"description": "via rest", "focus": "0.1,0.1"},
        headers={"Authorization": f"Bearer {world.alice_token}"},
    )
    via_rest = await put.json()
    variables = {"input": {"id": rest["id"], "description": "via graphql",
                           "focus": {"x": 0.1, "y": 0.1}}}
    body = await gql(client, example("mediaUpdate"), variables, token=world.alice_token)
    payload = body["data"]["mediaUpdate"]
    assert payload["userErrors"] == []
    assert payload["media"]["meta"]["focus"] == via_rest["meta"]["focus"] == {"x": 0.1, "y": 0.1}
    assert payload["media"]["description"] == "via graphql"


async def test_someone_elses_media_is_hidden_in_both(client, world):
    rest = await rest_upload(client, world.alice_token, description="alice's")
    gid = to_base64("MediaAttachment", rest["id"])
    bob = world.bob_token
    response = await client.get(
        f"/api/v1/media/{rest['id']}", headers={"Authorization": f"Bearer {bob}"}
    )
    assert response.status == 404
    rest_error = (await response.json())["error"]
    body = await gql(client, example("media"), {"restId": rest["id"]}, token=bob)
    assert body["data"]["media"] is None
    node = await gql(client, "query ($id: ID!) { node(id: $id) { id } }", {"id": gid}, token=bob)
    assert node["data"]["node"] is None
    for media_id in (gid, rest["id"]):
        update = await gql(
            client, example("mediaUpdate"),
            {"input": {"id": media_id, "description": "bob's now"}}, token=bob,
        )
        payload = update["data"]["mediaUpdate"]
        assert payload["media"] is None
        assert [(e["code"], e["message"]) for e in payload["userErrors"]] == [
            ("NOT_FOUND", rest_error)
        ]
    mine = await gql(client, example("media"), {"restId": rest["id"]}, token=world.alice_token)
    assert mine["data"]["media"]["description"] == "alice's"


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [(TEXT, 415, "UNSUPPORTED_MEDIA"), (png_bomb(), 422, "VALIDATION")],
)
async def test_refusals_match_rest(client, world, data, status, code):
    form = FormData()
    form.add_field("file", data, filename="x.png", content_type="image/png")
    response = await client.post(
        "/api/v1/media", data=form, headers={"Authorization": f"Bearer {world.alice_token}"}
    )
    assert response.status == status
    body = await gql_upload_file(client, world.alice_token, data)
    payload = body["data"]["mediaUpload"]
    assert payload["media"] is None
    assert [(e["code"], e["field"], e["message"]) for e in payload["userErrors"]] == [
        (code, "file", (await response.json())["error"])
    ]


async def test_upload_given_as_a_string_is_a_user_error(client, world):
    body = await gql(
        client, example("mediaUpload"), {"input": {"file": "not a file"}}, token=world.alice_token
    )
    errors = body["data"]["mediaUpload"]["userErrors"]
    assert [(e["field"], e["message"]) for e in errors] == [
        ("file", "file: expected a multipart file upload")
    ]


async def test_multipart_needs_a_header_a_form_cannot_send(client, world):
    # A cross-site form can post multipart with the visitor's cookie but no custom header.
    form = FormData(default_to_multipart=True)
    form.add_field("operations", '{"query": "{ instance { title } }"}')
    form.add_field("map", "{}")
    refused = await client.post("/graphql", data=form)
    assert refused.content_type == "application/json"
    assert refused.status == 400
    assert "GraphQL-Require-Preflight" in (await refused.json())["error"]
    form = FormData(default_to_multipart=True)
    form.add_field("operations", '{"query": "{ instance { title } }"}')
    form.add_field("map", "{}")
    # a browser replays cached Basic credentials on a forged form: not enough
    basic = await client.post("/graphql", data=form, headers={"Authorization": "Basic YTpi"})
    assert basic.status == 400
    form = FormData(default_to_multipart=True)
    form.add_field("operations", '{"query": "{ instance { title } }"}')
    form.add_field("map", "{}")
    allowed = await client.post("/graphql", data=form, headers={"GraphQL-Require-Preflight": "1"})
    assert allowed.status == 200
    assert (await allowed.json())["data"]["instance"]["title"] == "Plenum Test"


async def test_anonymous_and_read_only_tokens_cannot_upload(client, world):
    anonymous = await gql_upload_file(
        client, None, image_bytes("PNG"), headers={"GraphQL-Require-Preflight": "1"}
    )
    assert anonymous["data"] is None and anonymous["errors"]
    read_only = await gql_upload_file(client, world.read_only_token, image_bytes("PNG"))
    assert read_only["data"] is None
    assert "write:media" in read_only["errors"][0]["message"]


async def test_oversized_graphql_upload(aiohttp_client, settings):
    small = dataclasses.replace(settings, upload_limit=4096)
    client = await aiohttp_client(create_app(small))
    world = await build_world(small.policy())
    body = await gql_upload_file(client, world.alice_token, image_bytes("PNG") + b"\0" * 8192)
    errors = body["data"]["mediaUpload"]["userErrors"]
    assert [(e["code"], e["message"]) for e in errors] == [("TOO_LARGE", "File is too large")]
    # far over the body limit: aiohttp stops reading; still a JSON error, never a 500
    operations = {
        "query": "mutation ($input: MediaUploadInput!) "
        "{ mediaUpload(input: $input) { media { id } } }",
        "variables": {"input": {"file": None}},
    }
    form = FormData()
    form.add_field("operations", json.dumps(operations))
    form.add_field("map", '{"0": ["variables.input.file"]}')
    form.add_field("0", b"\0" * (2 * 1024 * 1024), filename="big.png", content_type="image/png")
    response = await client.post(
        "/graphql", data=form, headers={"Authorization": f"Bearer {world.alice_token}"}
    )
    assert response.status == 413
    assert "error" in await response.json()
