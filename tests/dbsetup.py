"""Test databases: one migrated database per pytest worker, reset after each test.

``PLENUM_TEST_DB=sqlite`` (default): a migrated template file per worker, copied for each
test. ``PLENUM_TEST_DB=postgres``: one fresh database per worker (``PLENUM_TEST_PG``,
default ``postgres://postgres@127.0.0.1:5432``), every table truncated after each test and
the database dropped at the end of the run.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from app import db

KIND = os.environ.get("PLENUM_TEST_DB", "sqlite").lower()
PG_BASE = os.environ.get("PLENUM_TEST_PG", "postgres://postgres@127.0.0.1:5432")
RUN_ID = uuid.uuid4().hex[:10]


def is_postgres() -> bool:
    """True when the suite runs on PostgreSQL."""
    return KIND in {"postgres", "postgresql", "pg"}


@asynccontextmanager
async def scratch_database(tmp_path: Path, name: str) -> AsyncIterator[str]:
    """The URL of a new, empty database of the suite's kind (for upgrade tests that run
    the migrations themselves); a PostgreSQL one is dropped afterwards."""
    if not is_postgres():
        yield f"sqlite://{tmp_path / f'{name}.sqlite3'}"
        return
    dbname = f"plenum_{name}_{RUN_ID}"
    conn = await asyncpg.connect(PG_BASE + "/postgres")
    await conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
    await conn.execute(f'CREATE DATABASE "{dbname}"')
    await conn.close()
    try:
        yield f"{PG_BASE}/{dbname}"
    finally:
        conn = await asyncpg.connect(PG_BASE + "/postgres")
        await conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        await conn.close()


class TestDatabase:
    """The database of one pytest worker."""

    def __init__(self, worker: str, tmp_root: Path) -> None:
        self.worker = worker
        self.tmp_root = tmp_root
        self.pg_name = f"plenum_test_{RUN_ID}_{worker}"
        self.template = tmp_root / f"template-{worker}.sqlite3"
        self._tables: list[str] | None = None

    def setup(self) -> None:
        """Create and migrate the worker's database (blocking; runs its own loop)."""
        if is_postgres():
            asyncio.run(self._create_pg())
        else:
            self.tmp_root.mkdir(parents=True, exist_ok=True)
            asyncio.run(db.migrate(f"sqlite://{self.template}"))

    async def _create_pg(self) -> None:
        conn = await asyncpg.connect(PG_BASE + "/postgres")
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}"')
            await conn.execute(f'CREATE DATABASE "{self.pg_name}"')
        finally:
            await conn.close()
        await db.migrate(self.pg_url)
        conn = await asyncpg.connect(self.pg_url)
        try:
            rows = await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' "
                "AND tablename NOT LIKE 'tortoise%'"
            )
            self._tables = [r["tablename"] for r in rows]
        finally:
            await conn.close()

    @property
    def pg_url(self) -> str:
        """The worker's PostgreSQL URL."""
        return f"{PG_BASE}/{self.pg_name}"

    def url_for_test(self, test_dir: Path) -> str:
        """A database URL for one test: a copy of the template, or the worker's PG db."""
        if is_postgres():
            return self.pg_url
        test_dir.mkdir(parents=True, exist_ok=True)
        path = test_dir / "plenum.sqlite3"
        shutil.copyfile(self.template, path)
        return f"sqlite://{path}"

    async def reset(self) -> None:
        """Empty every table after a test (PostgreSQL only; SQLite files are thrown away)."""
        if not is_postgres() or not self._tables:
            return
        conn = await asyncpg.connect(self.pg_url)
        try:
            tables = ", ".join(f'"{t}"' for t in self._tables)
            await conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        finally:
            await conn.close()

    def teardown(self) -> None:
        """Drop the worker's PostgreSQL database."""
        if is_postgres():
            asyncio.run(self._drop_pg())

    async def _drop_pg(self) -> None:
        conn = await asyncpg.connect(PG_BASE + "/postgres")
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        finally:
            await conn.close()
