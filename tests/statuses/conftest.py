"""A REST fixture world for status tests: accounts, tokens and a client helper.

alice and bob are ordinary; bob follows alice; carol is alice's direct-message partner;
eve is a stranger; mallory is blocked by alice. Every account has a full-scope token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest_asyncio

from models.relationships import Block, Follow
from schema.context import RequestContext
from schema.services import accounts, apps, tokens

NAMES = ("alice", "bob", "carol", "eve", "mallory")


@dataclass
class RestWorld:
    """Accounts by nickname, their tokens, and the HTTP client."""

    client: Any
    accounts: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    app: Any = None

    def headers(self, who: str | None) -> dict[str, str]:
        """``Authorization`` for ``who`` (no header when ``None``: anonymous)."""
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}

    def id(self, who: str) -> str:
        """The account id of ``who``."""
        return self.accounts[who].id

    async def call(
        self, method: str, path: str, who: str | None = None, expect: int | None = 200, **kw: Any
    ) -> Any:
        """Send a request as ``who``; assert the status (unless ``expect`` is None)."""
        headers = {**self.headers(who), **kw.pop("headers", {})}
        response = await self.client.request(method, path, headers=headers, **kw)
        body = await response.json()
        if expect is not None:
            assert response.status == expect, (response.status, body)
        self.last = response
        return body

    async def post(self, who: str, text: str, expect: int = 200, **params: Any) -> Any:
        """Post a status as ``who`` (JSON body); the answer."""
        return await self.call(
            "POST", "/api/v1/statuses", who, expect=expect, json={"status": text, **params}
        )

    async def act(self, who: str | None, status_id: str, action: str, expect: int = 200) -> Any:
        """``POST /api/v1/statuses/:id/<action>`` as ``who``."""
        return await self.call(
            "POST", f"/api/v1/statuses/{status_id}/{action}", who, expect=expect
        )


async def build_rest_world(
    client: Any, policy: Any, scopes: str = "read write follow"
) -> RestWorld:
    """Create the accounts, relationships and tokens (the app has opened the database)."""
    world = RestWorld(client=client)
    for nick in NAMES:
        world.accounts[nick] = await accounts.create_local_account(
            policy, nickname=nick, email=f"{nick}@example.org", password=f"{nick}-password-1"
        )
    await Follow.create(account_id=world.id("bob"), target_id=world.id("alice"))
    await Block.create(account_id=world.id("alice"), target_id=world.id("mallory"))
    world.app = await apps.create_app(
        RequestContext(policy=policy),
        client_name="Status Tests",
        redirect_uris="urn:ietf:wg:oauth:2.0:oob",
        scopes=scopes,
        website="https://tests.example",
    )
    for nick in NAMES:
        token = await tokens.issue_token(world.accounts[nick], world.app, scopes.split())
        world.tokens[nick] = token.access_token
    return world


@pytest_asyncio.fixture
async def rw(client, policy) -> RestWorld:
    """The REST world inside the running test app."""
    return await build_rest_world(client, policy)
