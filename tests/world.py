"""A named, deterministic fixture world for service tests.

alice and bob are ordinary local accounts; carol is locked (follow requests); eve is
the stranger. bob follows alice; eve follows nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.relationships import Follow
from schema.context import RequestContext
from schema.services.accounts import create_local_account
from schema.viewer import ANONYMOUS, Viewer

FULL_SCOPES = frozenset({"read", "write", "follow", "push"})


@dataclass
class World:
    """The accounts of the fixture world and a context maker."""

    policy: Any
    alice: Any
    bob: Any
    carol: Any
    eve: Any

    def ctx(self, account: Any = None, scopes: frozenset[str] = FULL_SCOPES) -> RequestContext:
        """A request context acting as ``account`` (anonymous when ``None``)."""
        viewer = (
            ANONYMOUS if account is None else Viewer(account=account, scopes=scopes, via="token")
        )
        return RequestContext(policy=self.policy, viewer=viewer)


async def make_world(policy: Any) -> World:
    """Create the accounts and relationships of the world (needs an open database)."""
    accounts = {}
    for nick in ("alice", "bob", "carol", "eve"):
        accounts[nick] = await create_local_account(
            policy, nickname=nick, email=f"{nick}@example.org", password=f"{nick}-password"
        )
    accounts["carol"].locked = True
    await accounts["carol"].save(update_fields=["locked"])
    await Follow.create(account_id=accounts["bob"].id, target_id=accounts["alice"].id)
    return World(policy=policy, **accounts)
