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

Two more savings live here (each section below says how and why): a request's statements
share one pool connection, and a connection given back in good order waits on a spare
list for its next user instead of going through the pool.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import asyncpg
from tortoise.backends.asyncpg import client as tortoise_asyncpg
from tortoise.backends.base.client import PoolConnectionWrapper
from tortoise.connection import get_connections


async def _keep_session(connection: asyncpg.Connection) -> None:
    """The pool's reset hook: nothing to undo (see the module docstring)."""


#: How long a connection given back may wait in the client's spare list before it goes
#: back to the pool (whose inactivity timer then closes it when nobody takes it).
SPARE_IDLE_SECONDS = 60.0


class AsyncpgDBClient(tortoise_asyncpg.AsyncpgDBClient):
    """Tortoise's asyncpg client: no per-release session reset, one connection per
    request, and connections handed from one user to the next without the pool."""

    _spares: list[tuple[Any, float]]
    _waiting = 0
    _sweeper: asyncio.TimerHandle | None = None

    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        """The connection pool, with :func:`_keep_session` as its reset hook."""
        self._spares = []
        self._waiting = 0
        return await asyncpg.create_pool(None, reset=_keep_session, **kwargs)

    def acquire_connection(self) -> Any:
        """The request scope's connection when one is free, else a connection of its own."""
        scope = _usable_scope(self)
        if scope is None:
            return _OwnConnection(self, self._pool_init_lock)
        return _ScopedConnection(self, scope)

    def _in_transaction(self) -> Any:
        """A transaction on the request scope's connection when it is free, else on a
        connection of its own."""
        scope = _usable_scope(self)
        if scope is None:
            return _OwnTransaction(tortoise_asyncpg.TransactionWrapper(self), self._pool_init_lock)
        return _ScopedTransaction(
            tortoise_asyncpg.TransactionWrapper(self), self._pool_init_lock, scope
        )

    # --- Spares: connections between users --------------------------------------------
    #
    # Giving a connection back to asyncpg's pool and taking it again costs ~50 us of CPU
    # (the release runs in a shielded task of its own), a sixth of a one-statement
    # request. A connection given back in good order (no failure, no open transaction)
    # is kept on a list instead and handed to the next user. Every acquisition goes
    # through :meth:`_take`, which counts who waits on the pool: while anyone waits,
    # connections go back to the pool, so nobody waits while a spare sits idle. Spares
    # idle for SPARE_IDLE_SECONDS go back to the pool; closing the client returns them
    # first.

    async def _take(self) -> Any:
        """A spare connection, else one from the pool (waiting for it if need be)."""
        spares = self._spares
        while spares:
            connection, _ = spares.pop()
            if not connection.is_closed():
                return connection
            await self._pool.release(connection)  # frees its slot in the pool
        self._waiting += 1
        try:
            return await self._pool.acquire()
        finally:
            self._waiting -= 1

    async def _give_back(self, connection: Any, failed: bool = False) -> None:
        """Keep ``connection`` as a spare, or give it to the pool: after a failure, with
        a transaction open, when closed, or while someone waits on the pool."""
        pool = self._pool
        if pool is None:
            return
        if failed or self._waiting or connection.is_closed() or connection.is_in_transaction():
            await pool.release(connection)  # rolls back, or drops a broken connection
            return
        self._spares.append((connection, time.monotonic()))
        if self._sweeper is None:
            loop = asyncio.get_running_loop()
            self._sweeper = loop.call_later(SPARE_IDLE_SECONDS, self._sweep)

    def _sweep(self) -> None:
        """Timer callback: give spares idle for too long back to the pool."""
        self._sweeper = None
        if self._pool is None or not self._spares:
            return
        now = time.monotonic()
        stale = [c for c, since in self._spares if now - since >= SPARE_IDLE_SECONDS]
        if stale:
            self._spares = [(c, t) for c, t in self._spares if now - t < SPARE_IDLE_SECONDS]
            asyncio.get_running_loop().create_task(self._release_all(stale))
        if self._spares:
            oldest = min(since for _, since in self._spares)
            delay = max(0.0, SPARE_IDLE_SECONDS - (now - oldest))
            self._sweeper = asyncio.get_running_loop().call_later(delay, self._sweep)

    async def _release_all(self, connections: list[Any]) -> None:
        pool = self._pool
        for connection in connections:
            if pool is not None:
                await pool.release(connection)

    async def _release_spares(self) -> None:
        """Give every spare back to the pool (before it closes or expires connections)."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        spares, self._spares = getattr(self, "_spares", []), []
        await self._release_all([connection for connection, _ in spares])

    async def _expire_connections(self) -> None:
        await self._release_spares()
        await super()._expire_connections()

    async def _close(self) -> None:
        await self._release_spares()
        await super()._close()

    async def _end_scoped_use(self, scope: _Scope, *, failed: bool) -> None:
        """A statement or transaction is done with the scope's connection: keep it for
        the request, or give it back when the use failed or the request has ended."""
        scope.busy = False
        if (failed or scope.closed) and scope.connection is not None:
            connection, scope.connection = scope.connection, None
            await self._give_back(connection, failed)


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
                scope.connection = await self.client._take()
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
                scope.connection = await parent._take()
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
        parent, scope = self.client._parent, self.scope
        await _finish(self, exc_type, lambda failed: parent._end_scoped_use(scope, failed=failed))


async def _finish(
    context: Any, exc_type: Any, hand_back: Callable[[bool], Awaitable[None]]
) -> None:
    """End ``context``'s transaction as Tortoise's own contexts do (commit, or roll back
    after an error, unless already finished), then ``hand_back(failed)`` its connection."""
    client = context.client
    failed = exc_type is not None
    try:
        if not client._finalized:
            if exc_type:
                if exc_type is not tortoise_asyncpg.TransactionManagementError:
                    await client.rollback()
            else:
                await client.commit()
    except BaseException:
        failed = True
        raise
    finally:
        get_connections().reset(context.token)
        await hand_back(failed)


class _OwnConnection(PoolConnectionWrapper):
    """``acquire_connection()`` outside a request scope: a spare or a pool connection for
    one statement."""

    async def __aenter__(self) -> Any:
        await self.ensure_connection()
        self.connection = await self.client._take()
        return self.connection

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        await self.client._give_back(self.connection, failed=exc_type is not None)


class _OwnTransaction(tortoise_asyncpg.TransactionContextPooled):
    """A transaction outside a request scope, on a spare or a pool connection."""

    async def __aenter__(self) -> Any:
        await self.ensure_connection()
        parent = self.client._parent
        self.client._connection = await parent._take()
        self.token = get_connections().set(self.connection_name, self.client)
        try:
            await self.client.begin()
        except BaseException:
            get_connections().reset(self.token)
            await parent._give_back(self.client._connection, failed=True)
            raise
        return self.client

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        parent, connection = self.client._parent, self.client._connection
        await _finish(self, exc_type, lambda failed: parent._give_back(connection, failed))


#: What Tortoise looks up in an engine module.
client_class = AsyncpgDBClient
