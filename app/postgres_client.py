"""Tortoise's asyncpg client, without asyncpg's session reset on every pool release.

Tortoise takes a pool connection for each statement and gives it back right after. On
every release asyncpg resets the session with one more round trip to the server
(``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL``), so a request
of six statements paid for twelve. Plenum never changes session state: it takes no
advisory locks, declares no cursors, does not ``LISTEN`` and sets no session variables
(``SET LOCAL`` inside a transaction ends with it). The pool here therefore keeps the
session as it is. asyncpg still rolls back a transaction left open on release, and
drops the connection when that fails, whatever the reset function.

If Plenum ever needs session state, it must undo it itself before the connection goes
back, or this client must go.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from tortoise.backends.asyncpg import client as tortoise_asyncpg


async def _keep_session(connection: asyncpg.Connection) -> None:
    """The pool's reset hook: nothing to undo (see the module docstring)."""


class AsyncpgDBClient(tortoise_asyncpg.AsyncpgDBClient):
    """Tortoise's asyncpg client whose pool skips the per-release session reset."""

    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        """The connection pool, with :func:`_keep_session` as its reset hook."""
        return await asyncpg.create_pool(None, reset=_keep_session, **kwargs)


#: What Tortoise looks up in an engine module.
client_class = AsyncpgDBClient
