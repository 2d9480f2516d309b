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

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import asyncpg
from tortoise.backends.asyncpg import client as tortoise_asyncpg
from tortoise.backends.base.client import PoolConnectionWrapper
from tortoise.connection import get_connections


async def _keep_session(connection: asyncpg.Connection) -> None:
    """The pool's reset hook: nothing to undo (see the module docstring)."""


class AsyncpgDBClient(tortoise_asyncpg.AsyncpgDBClient):
    """Tortoise's asyncpg client whose pool skips the per-release session reset."""

    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        """The connection pool, with :func:`_keep_session` as its reset hook."""
        return await asyncpg.create_pool(None, reset=_keep_session, **kwargs)

    def acquire_connection(self) -> Any:
        """The request scope's connection when one is free, else a pool connection."""
        scope = _usable_scope(self)
        if scope is None:
            return PoolConnectionWrapper(self, self._pool_init_lock)
        return _ScopedConnection(self, scope)

    def _in_transaction(self) -> Any:
        """A transaction on the request scope's connection when it is free."""
        scope = _usable_scope(self)
        if scope is None:
            return super()._in_transaction()
        return _ScopedTransaction(
            tortoise_asyncpg.TransactionWrapper(self), self._pool_init_lock, scope
        )

    async def _give_back(self, connection: Any) -> None:
        if self._pool is not None:
            await self._pool.release(connection)

    async def _end_scoped_use(self, scope: _Scope, *, failed: bool) -> None:
        """A statement or transaction is done with the scope's connection: keep it for
        the request, or give it back when the use failed or the request has ended."""
        scope.busy = False
        if (failed or scope.closed) and scope.connection is not None:
            connection, scope.connection = scope.connection, None
            await self._give_back(connection)


# --- One pool connection per request ------------------------------------------------------
#
# Taking a connection from asyncpg's pool and giving it back costs ~45 us of CPU (a queue,
# a proxy object, and a task for the shielded release), as much as running a short
# statement. A request of four statements paid that four times. Inside a request scope
# (opened by the app's middleware around each HTTP request that is not a WebSocket), the
# first statement takes a connection and keeps it for the request's later statements,
# and a transaction runs on it too; the scope gives it back once, at the end.
#
# Safety rules:
# * one user at a time: while a statement or transaction holds the scope's connection,
#   anything else in the request (a gathered task, a read issued during a transaction)
#   takes its own pool connection as before, so nothing ever waits on the scope;
# * a failure (an error, a cancellation) gives the connection back to the pool at once,
#   which rolls back or drops it; the scope then starts afresh;
# * a task that outlives its request (a background job started by it) finds the scope
#   closed and uses the pool; a connection still in use when the scope closes goes back
#   to the pool when that use ends.


class _Scope:
    """The connection a request holds, if any, and who is using it."""

    __slots__ = ("busy", "client", "closed", "connection")

    def __init__(self) -> None:
        self.connection: Any = None
        self.client: AsyncpgDBClient | None = None
        self.busy = False
        self.closed = False


_request_scope: ContextVar[_Scope | None] = ContextVar("plenum_pg_request_scope", default=None)


@asynccontextmanager
async def request_scope() -> AsyncIterator[None]:
    """Let the statements of the enclosed request share one pool connection.

    Does nothing on other databases (no statement asks for the scope). Idempotent when
    nested: an inner scope reuses the outer one.
    """
    if _request_scope.get() is not None:
        yield
        return
    scope = _Scope()
    token = _request_scope.set(scope)
    try:
        yield
    finally:
        _request_scope.reset(token)
        scope.closed = True
        if scope.connection is not None and not scope.busy:
            connection, scope.connection = scope.connection, None
            await scope.client._give_back(connection)


def _usable_scope(client: AsyncpgDBClient) -> _Scope | None:
    scope = _request_scope.get()
    if scope is None or scope.busy or scope.closed or client._pool is None:
        return None
    if scope.client is not None and scope.client is not client:
        return None
    return scope


class _ScopedConnection:
    """``acquire_connection()`` inside a request scope: the scope's connection."""

    __slots__ = ("client", "scope")

    def __init__(self, client: AsyncpgDBClient, scope: _Scope) -> None:
        self.client = client
        self.scope = scope

    async def __aenter__(self) -> Any:
        scope = self.scope
        scope.busy = True
        if scope.connection is None:
            try:
                scope.connection = await self.client._pool.acquire()
            except BaseException:
                scope.busy = False
                raise
            scope.client = self.client
        return scope.connection

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        await self.client._end_scoped_use(self.scope, failed=exc_type is not None)


class _ScopedTransaction(tortoise_asyncpg.TransactionContextPooled):
    """A transaction on the request scope's connection instead of a fresh one."""

    __slots__ = ("scope",)

    def __init__(self, client: Any, pool_init_lock: Any, scope: _Scope) -> None:
        super().__init__(client, pool_init_lock)
        self.scope = scope

    async def __aenter__(self) -> Any:
        scope = self.scope
        parent = self.client._parent
        scope.busy = True
        try:
            if scope.connection is None:
                scope.connection = await parent._pool.acquire()
                scope.client = parent
            self.client._connection = scope.connection
            self.token = get_connections().set(self.connection_name, self.client)
            try:
                await self.client.begin()
            except BaseException:
                get_connections().reset(self.token)
                raise
        except BaseException:
            await parent._end_scoped_use(scope, failed=True)
            raise
        return self.client

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        failed = exc_type is not None
        try:
            if not self.client._finalized:
                if exc_type:
                    if exc_type is not tortoise_asyncpg.TransactionManagementError:
                        await self.client.rollback()
                else:
                    await self.client.commit()
        except BaseException:
            failed = True
            raise
        finally:
            get_connections().reset(self.token)
            await self.client._parent._end_scoped_use(self.scope, failed=failed)


#: What Tortoise looks up in an engine module.
client_class = AsyncpgDBClient
