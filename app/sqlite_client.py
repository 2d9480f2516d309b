"""Tortoise's SQLite client, with reads run on the event loop's own thread.

Tortoise talks to SQLite through aiosqlite, which runs every statement on a worker thread
and wakes the event loop when it is done. For a short read that hand-off (a queue, a
thread switch, a self-pipe write and an epoll wake-up) costs more CPU than the read
itself, and on a busy single core the two threads also trade the GIL back and forth.

This client runs ``SELECT`` statements directly on the calling thread. That is safe
because:

- every statement still goes through Tortoise's connection lock, so the worker thread is
  never running a statement of its own at the same time (the sqlite3 connection is opened
  with ``check_same_thread=False`` for this reason only);
- in WAL mode a read never waits for a writer's lock, so it cannot sit in SQLite's busy
  handler and stall the loop for ``busy_timeout``; it costs only its own run time, which
  for the server's keyed, indexed reads is well under a millisecond.

Writes, ``BEGIN``/``COMMIT``/``ROLLBACK`` and scripts still go through aiosqlite's thread,
because a write can wait up to ``busy_timeout`` for another process (``plenum`` CLI
commands) to release the database. Set ``PLENUM_SQLITE_INLINE_READS=false`` to send every
statement through the thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from tortoise.backends.sqlite import client as tortoise_sqlite


def _is_read(query: str) -> bool:
    """True for a plain ``SELECT`` (what Tortoise sends for querysets and counts).

    Anything else, ``WITH`` included (a common table expression may lead a write), is
    treated as a possible write and goes through the worker thread.
    """
    return query[:6].upper() == "SELECT"


class _InlineReads:
    """``execute_query`` and ``execute_query_dict`` with reads run on the calling thread."""

    inline_reads: bool = True

    async def _run(self, query: str, values: list | None) -> tuple[int, Sequence[Any]]:
        """Rows affected (or returned) and the rows of ``query``; reads run inline."""
        query = query.replace("\x00", "'||CHAR(0)||'")
        async with self.acquire_connection() as connection:
            self.log.debug("%s: %s", query, values)
            if self.inline_reads and _is_read(query):
                rows = connection._conn.execute(query, values or ()).fetchall()
                return len(rows), rows
            start = connection.total_changes
            rows = await connection.execute_fetchall(query, values)
            return (connection.total_changes - start) or len(rows), rows

    @tortoise_sqlite.translate_exceptions
    async def execute_query(
        self, query: str, values: list | None = None
    ) -> tuple[int, Sequence[Any]]:
        """Run ``query``: rows affected (or returned) and the rows."""
        return await self._run(query, values)

    @tortoise_sqlite.translate_exceptions
    async def execute_query_dict(self, query: str, values: list | None = None) -> list[dict]:
        """Run ``query`` and return its rows as dicts."""
        _, rows = await self._run(query, values)
        return list(map(dict, rows))


class SqliteTransactionWrapper(_InlineReads, tortoise_sqlite.SqliteTransactionWrapper):
    """A transaction on the shared connection; its reads run inline too."""

    def __init__(self, connection: SqliteClient) -> None:
        super().__init__(connection)
        self.inline_reads = connection.inline_reads


class SqliteClient(_InlineReads, tortoise_sqlite.SqliteClient):
    """Tortoise's SQLite client with inline reads (see the module docstring)."""

    def __init__(self, file_path: str, **kwargs: Any) -> None:
        inline = kwargs.pop("inline_reads", True)  # a bool from app.db.tortoise_config
        super().__init__(file_path, **kwargs)
        self.inline_reads = bool(inline)

    async def create_connection(self, with_db: bool) -> None:
        """Open the one connection (usable from the loop's thread) and apply the pragmas."""
        if self._connection:
            return
        self._connection = await aiosqlite.connect(
            self.filename, isolation_level=None, check_same_thread=False
        )
        self._connection._conn.row_factory = sqlite3.Row
        for pragma, value in self.pragmas.items():
            cursor = await self._connection.execute(f"PRAGMA {pragma}={value}")
            await cursor.close()
        await self._post_connect()

    def _in_transaction(self) -> tortoise_sqlite.TransactionContext:
        return tortoise_sqlite.SqliteTransactionContext(SqliteTransactionWrapper(self), self._lock)


#: What Tortoise looks up in an engine module.
client_class = SqliteClient
