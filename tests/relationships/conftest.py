"""The relationships fixture world: alice, bob, carol (locked), eve, each with a token.

Unlike ``tests.world`` no relationship exists at the start, so every counter is exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest_asyncio

from schema.context import RequestContext
from schema.services import accounts, apps, tokens
from schema.viewer import Viewer

FULL = ["read", "write", "follow"]


@dataclass
class RelWorld:
    """Accounts by nickname, their full tokens, and helpers."""

    policy: Any
    accounts: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    app: Any = None

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["accounts"][name]
        except KeyError:
            raise AttributeError(name) from None

    def auth(self, nickname: str) -> dict[str, str]:
        """The Authorization header of ``nickname``'s full token."""
        return {"Authorization": f"Bearer {self.tokens[nickname]}"}

    async def token(self, nickname: str, scopes: list[str]) -> dict[str, str]:
        """An Authorization header for a new token of ``nickname`` with ``scopes``."""
        issued = await tokens.issue_token(self.accounts[nickname], self.app, scopes)
        return {"Authorization": f"Bearer {issued.access_token}"}

    def ctx(self, nickname: str | None, scopes: frozenset[str] = frozenset(FULL)) -> RequestContext:
        """A service context acting as ``nickname`` (anonymous for ``None``)."""
        if nickname is None:
            return RequestContext(policy=self.policy)
        viewer = Viewer(account=self.accounts[nickname], scopes=scopes, via="token")
        return RequestContext(policy=self.policy, viewer=viewer)


async def build_rel_world(policy: Any) -> RelWorld:
    """Create the world through the services (the database must be open)."""
    world = RelWorld(policy=policy)
    world.app = await apps.create_app(
        RequestContext(policy=policy),
        client_name="Rel Client",
        redirect_uris="urn:ietf:wg:oauth:2.0:oob",
        scopes="read write follow",
        website=None,
    )
    for nick in ("alice", "bob", "carol", "eve"):
        world.accounts[nick] = await accounts.create_local_account(
            policy, nickname=nick, email=f"{nick}@example.org", password=f"{nick}-password-123"
        )
        world.tokens[nick] = (
            await tokens.issue_token(world.accounts[nick], world.app, FULL)
        ).access_token
    carol = world.accounts["carol"]
    carol.locked = True
    await carol.save(update_fields=["locked"])
    return world


@pytest_asyncio.fixture
async def rel(client, policy) -> RelWorld:
    """The world inside the running test app (use with ``client``)."""
    return await build_rel_world(policy)


@pytest_asyncio.fixture
async def srv(db, policy) -> RelWorld:
    """The world for service tests (no HTTP)."""
    return await build_rel_world(policy)
