"""Fixtures for the profile tests: the GraphQL fixture world, tokens, files, helpers."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pytest
from aiohttp import FormData
from PIL import Image

from schema.services import tokens
from tests.graphql.conftest import World, build_world
from tests.media.conftest import image_bytes


@pytest.fixture
async def world(client, policy) -> World:
    return await build_world(policy)


async def token(world: World, nickname: str, scopes: list[str]) -> str:
    """A fresh token of ``nickname`` with exactly ``scopes``."""
    issued = await tokens.issue_token(world.accounts[nickname], world.app, scopes)
    return issued.access_token


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def png(size=(40, 20), color=(200, 30, 30)) -> bytes:
    """A PNG carrying GPS EXIF (see tests.media.conftest)."""
    return image_bytes("PNG", size=size, color=color)


def truncated_png() -> bytes:
    """A PNG whose pixel data stops half-way."""
    out = io.BytesIO()
    Image.effect_noise((200, 200), 64).convert("RGB").save(out, "PNG")
    data = out.getvalue()
    return data[: len(data) // 2]


def data_uri(data: bytes, ctype: str = "image/png") -> str:
    return f"data:{ctype};base64," + base64.b64encode(data).decode()


def multipart(**parts: Any) -> FormData:
    """A multipart body: bytes become file parts (``(bytes, name, type)`` tuples too)."""
    form = FormData()
    for name, value in parts.items():
        if isinstance(value, bytes):
            form.add_field(name, value, filename=f"{name}.png", content_type="image/png")
        elif isinstance(value, tuple):
            data, filename, ctype = value
            form.add_field(name, data, filename=filename, content_type=ctype)
        else:
            form.add_field(name, str(value))
    return form


def stored_files(settings: Any) -> list[Path]:
    """Every file under the uploads directory."""
    root = Path(settings.uploads_dir)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def me(client: Any, world: World, nickname: str = "alice") -> dict[str, Any]:
    """``verify_credentials`` of ``nickname``."""
    tok = world.alice_token if nickname == "alice" else world.bob_token
    response = await client.get("/api/v1/accounts/verify_credentials", headers=auth(tok))
    assert response.status == 200
    return await response.json()
