"""The GraphQL fixture world and a helper to run operations over HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest_asyncio

from schema.context import RequestContext
from schema.services import accounts, apps, tokens


@dataclass
class World:
    """alice (admin), bob, carol (locked, hides her counts), dave (deactivated), an app."""

    accounts: dict[str, Any] = field(default_factory=dict)
    app: Any = None
    alice_token: str = ""
    bob_token: str = ""
    app_token: str = ""
    read_only_token: str = ""

    def auth(self, token: str) -> dict[str, str]:
        """An ``Authorization`` header for ``token``."""
        return {"Authorization": f"Bearer {token}"}


async def build_world(policy: Any) -> World:
    """Create the world through the services (the app must already have opened the DB)."""
    world = World()
    ctx = RequestContext(policy=policy)
    for nickname, extra in (
        ("alice", {"is_admin": True, "display_name": "Alice A.", "bio": "<p>hi</p>"}),
        ("bob", {}),
        ("carol", {}),
        ("dave", {}),
    ):
        world.accounts[nickname] = await accounts.create_local_account(
            policy,
            nickname=nickname,
            email=f"{nickname}@plenum.example",
            password=f"{nickname}-password-123",
            **extra,
        )
    alice = world.accounts["alice"]
    alice.followers_count, alice.following_count, alice.statuses_count = 2, 1, 3
    await alice.save(update_fields=["followers_count", "following_count", "statuses_count"])
    carol = world.accounts["carol"]
    carol.locked, carol.hide_followers_count, carol.followers_count = True, True, 7
    await carol.save(update_fields=["locked", "hide_followers_count", "followers_count"])
    dave = world.accounts["dave"]
    dave.is_active = False
    await dave.save(update_fields=["is_active"])

    world.app = await apps.create_app(
        ctx,
        client_name="World Client",
        redirect_uris="https://client.example/callback",
        scopes="read write follow",
        website="https://client.example",
    )
    scopes = ["read", "write", "follow"]
    world.alice_token = (await tokens.issue_token(alice, world.app, scopes)).access_token
    world.bob_token = (
        await tokens.issue_token(world.accounts["bob"], world.app, scopes)
    ).access_token
    world.app_token = (await tokens.issue_token(None, world.app, ["read"])).access_token
    world.read_only_token = (
        await tokens.issue_token(world.accounts["bob"], world.app, ["read:statuses"])
    ).access_token
    return world


@pytest_asyncio.fixture
async def world(client, policy) -> World:
    """The fixture world, created inside the running test app."""
    return await build_world(policy)


async def gql(
    client: Any,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    path: str = "/graphql",
    operation_name: str | None = None,
) -> dict[str, Any]:
    """POST one operation; assert HTTP 200 and return the decoded body."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    if operation_name is not None:
        body["operationName"] = operation_name
    response = await client.post(path, json=body, headers=headers)
    assert response.status == 200, await response.text()
    return await response.json()


async def gql_upload(
    client: Any,
    query: str,
    variables: dict[str, Any],
    files: dict[str, tuple[str, bytes, str]],
    *,
    token: str | None = None,
    operation_name: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST one operation as a GraphQL multipart request (file uploads).

    ``files`` maps a variable path (``"variables.input.file"``) to ``(filename, data,
    content type)``; assert HTTP 200 and return the decoded body.
    """
    import json as _json

    from aiohttp import FormData

    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    operations: dict[str, Any] = {"query": query, "variables": variables}
    if operation_name is not None:
        operations["operationName"] = operation_name
    form = FormData()
    form.add_field("operations", _json.dumps(operations))
    form.add_field("map", _json.dumps({str(i): [path] for i, path in enumerate(files)}))
    for i, (filename, data, content_type) in enumerate(files.values()):
        form.add_field(str(i), data, filename=filename, content_type=content_type)
    response = await client.post("/graphql", data=form, headers=sent)
    assert response.status == 200, await response.text()
    return await response.json()
