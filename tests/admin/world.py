"""The admin API's fixture world: the status tests' REST world plus the staff.

``root`` is an admin whose token has ``read write follow admin``; ``root_noscope`` is
the same admin with a token lacking every admin scope; ``mod`` is a moderator (not an
admin). Everyone from :mod:`tests.statuses.conftest` is there too (alice, bob, carol,
eve, mallory). ``ADMIN_TOKEN`` is the configured admin secret when a test enables it.
"""

from __future__ import annotations

from typing import Any

import pytest_asyncio

from schema.services import accounts, tokens
from tests.statuses.conftest import RestWorld, build_rest_world

ADMIN_TOKEN = "admin-secret-" + "x" * 24


async def build_admin_world(client: Any, policy: Any) -> RestWorld:
    """The REST world with ``root``, ``root_noscope`` and ``mod`` added."""
    world = await build_rest_world(client, policy, scopes="read write follow admin")
    root = await accounts.create_local_account(
        policy, nickname="root", email="root@example.org", password="root-password-1",
        is_admin=True,
    )
    mod = await accounts.create_local_account(
        policy, nickname="mod", email="mod@example.org", password="mod-password-1",
        is_moderator=True,
    )
    world.accounts.update(root=root, root_noscope=root, mod=mod)
    scopes = ["read", "write", "follow", "admin"]
    world.tokens["root"] = (await tokens.issue_token(root, world.app, scopes)).access_token
    world.tokens["root_noscope"] = (
        await tokens.issue_token(root, world.app, ["read", "write", "follow"])
    ).access_token
    world.tokens["mod"] = (await tokens.issue_token(mod, world.app, scopes)).access_token
    return world


@pytest_asyncio.fixture
async def aw(client, policy) -> RestWorld:
    """The admin world inside the running test app."""
    return await build_admin_world(client, policy)
