"""Database lifecycle: Tortoise config, init/close and migrations.

SQLite (the default) runs in WAL mode with a busy timeout so the CLI can write while the
server runs; PostgreSQL is reached through asyncpg.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext
from tortoise.migrations.api import migrate as run_migrations

from models import MODEL_MODULES


def normalise_url(url: str, pool_size: int = 10) -> str:
    """Map ``postgres://`` / ``postgresql://`` to Tortoise's asyncpg scheme and set pool size."""
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme in {"postgres", "postgresql", "asyncpg"}:
        query = dict(parse_qsl(parts.query))
        query.setdefault("maxsize", str(pool_size))
        query.setdefault("minsize", "1")
        return urlunsplit(("asyncpg", parts.netloc, parts.path, urlencode(query), ""))
    return url


def is_sqlite(url: str) -> bool:
    """True when ``url`` names an SQLite database."""
    return url.startswith("sqlite://")


def tortoise_config(
    url: str,
    pool_size: int = 10,
    sqlite_synchronous: str = "NORMAL",
    sqlite_inline_reads: bool = True,
) -> dict[str, Any]:
    """The Tortoise configuration for ``url`` with our single app ``models``.

    SQLite runs in WAL mode with ``synchronous`` at ``sqlite_synchronous``: ``NORMAL``
    (the default) does not fsync on every commit, so a power cut can lose the last
    transactions but never corrupts the file; ``FULL`` fsyncs every commit. Its client is
    :mod:`app.sqlite_client`, which runs reads on the loop's thread unless
    ``sqlite_inline_reads`` is false. PostgreSQL's is :mod:`app.postgres_client`.
    """
    url = normalise_url(url, pool_size)
    if is_sqlite(url):
        credentials: dict[str, Any] = {
            "file_path": url[len("sqlite://") :],
            "journal_mode": "WAL",
            "journal_size_limit": 16 * 1024 * 1024,
            "foreign_keys": "ON",
            "busy_timeout": 10000,
            "synchronous": sqlite_synchronous,
            "inline_reads": sqlite_inline_reads,
        }
        connection: Any = {"engine": "app.sqlite_client", "credentials": credentials}
    else:
        connection = expand_db_url(url)
        connection["engine"] = "app.postgres_client"
    return {
        "connections": {"default": connection},
        "apps": {
            "models": {
                "models": list(MODEL_MODULES),
                "default_connection": "default",
                "migrations": "models.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _forget_compiled_sql() -> None:
    """Drop the SQL Tortoise compiled for the previous database of this process.

    Tortoise caches each model's INSERT/DELETE statements by connection name only, so a
    process that closes a SQLite database and opens a PostgreSQL one under the same name
    ("default") would send SQLite's ``?`` placeholders to PostgreSQL.
    """
    EXECUTOR_CACHE.clear()


async def migrate(url: str, pool_size: int = 10) -> None:
    """Apply every pending migration to the database at ``url``; idempotent."""
    _forget_compiled_sql()
    async with TortoiseContext():
        await run_migrations(config=tortoise_config(url, pool_size))
        await Tortoise.close_connections()


_active: TortoiseContext | None = None


async def init(
    url: str,
    pool_size: int = 10,
    sqlite_synchronous: str = "NORMAL",
    sqlite_inline_reads: bool = True,
) -> TortoiseContext:
    """Open the connection pool and make it the process-wide ORM context.

    aiohttp runs startup, requests and cleanup in different tasks, so the context is the
    global fallback rather than a task-local one. Raises ``RuntimeError`` when a pool is
    already open in this process.
    """
    global _active
    if _active is not None:
        raise RuntimeError("the database is already open in this process")
    _forget_compiled_sql()
    ctx = TortoiseContext()
    with ctx:
        await ctx.init(
            config=tortoise_config(url, pool_size, sqlite_synchronous, sqlite_inline_reads),
            _enable_global_fallback=True,
        )
    _active = ctx
    return ctx


async def close() -> None:
    """Close the pool opened by :func:`init`; idempotent."""
    global _active
    ctx, _active = _active, None
    if ctx is not None:
        await ctx.close_connections()


#: Used by ``tortoise -c app.db.MIGRATIONS_CONFIG makemigrations`` (``make migrations``).
MIGRATIONS_CONFIG = tortoise_config("sqlite://:memory:")
