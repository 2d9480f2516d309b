"""How a transaction makes a read-modify-write its own, on either database.

SQLite needs nothing: the project's client (:mod:`app.sqlite_client`, with Tortoise's
transaction context) holds the one connection's lock from ``BEGIN`` to ``COMMIT``, so no
other statement of this process runs inside a transaction, and SQLite refuses to commit a
write whose snapshot another process (the CLI) made stale. PostgreSQL runs transactions
side by side, so there a transaction takes a lock: on a row it reads
(``select_for_update()`` when :func:`locks_rows`), or on a name (:func:`lock_name`) when
what it guards is not one existing row.
"""

from __future__ import annotations

from tortoise import connections

#: Takes a transaction-scoped advisory lock on a 64-bit hash of a name.
_ADVISORY_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))"


def locks_rows() -> bool:
    """True when the database needs explicit locks (PostgreSQL); false on SQLite."""
    conn = connections.get("default")
    return getattr(conn.capabilities, "dialect", "sqlite") == "postgres"


async def lock_name(name: str) -> None:
    """Inside a transaction: wait until no other transaction holds ``name``, then hold it
    until this one ends (commit or rollback). Nothing on SQLite (see the module doc).

    Names are global to the database: prefix them with what they guard
    (``"conversation:<id>"``). Two names may share a hash; that only makes them wait
    for each other.
    """
    if locks_rows():
        await connections.get("default").execute_query(_ADVISORY_LOCK, [name])
