"""Fixtures for the OAuth tests: an app client with alice (user) and root (admin)."""

from __future__ import annotations

import aiohttp
import pytest_asyncio

from schema.services.accounts import create_local_account

OOB = "urn:ietf:wg:oauth:2.0:oob"
CALLBACK = "https://client.example/callback"
PASSWORD = "correct horse battery"


def basic(login: str, password: str) -> dict[str, str]:
    """An ``Authorization: Basic`` header."""
    return {"Authorization": aiohttp.encode_basic_auth(login, password)}


async def register_app(client, scopes="read write follow push admin", redirect_uris=None):
    """POST /api/v1/apps and return the JSON (asserting 200)."""
    resp = await client.post(
        "/api/v1/apps",
        json={
            "client_name": "Test client",
            "redirect_uris": redirect_uris or f"{OOB}\n{CALLBACK}",
            "scopes": scopes,
            "website": "https://client.example",
        },
    )
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def password_token(client, app, username="alice", password=PASSWORD, scope=None):
    """A password-grant token response (any status): ``(status, json)``."""
    data = {
        "grant_type": "password",
        "client_id": app["client_id"],
        "client_secret": app["client_secret"],
        "username": username,
        "password": password,
    }
    if scope is not None:
        data["scope"] = scope
    resp = await client.post("/oauth/token", data=data)
    return resp.status, await resp.json()


@pytest_asyncio.fixture
async def alice(client, policy):
    """A confirmed local user (created after the app opened the database)."""
    return await create_local_account(
        policy, nickname="alice", email="alice@example.org", password=PASSWORD
    )


@pytest_asyncio.fixture
async def root(client, policy):
    """An admin."""
    return await create_local_account(
        policy, nickname="root", email="root@example.org", password=PASSWORD, is_admin=True
    )


@pytest_asyncio.fixture
async def oauth_app(client):
    """A registered app allowed every top scope, with the oob and a https callback."""
    return await register_app(client)
