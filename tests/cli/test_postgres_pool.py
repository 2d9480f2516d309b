"""The PostgreSQL pool keeps sessions on release (no reset round trip) but never a
transaction left open."""

from __future__ import annotations

import asyncpg
import pytest
from tortoise import connections

from app.db import tortoise_config
from app.postgres_client import AsyncpgDBClient, _keep_session
from tests.dbsetup import is_postgres

pytestmark = pytest.mark.skipif(not is_postgres(), reason="about the asyncpg pool")


def test_postgres_urls_use_plenums_client():
    config = tortoise_config("postgres://u:p@db.example:5433/plenum", pool_size=7)
    connection = config["connections"]["default"]
    assert connection["engine"] == "app.postgres_client"
    credentials = connection["credentials"]
    assert (credentials["host"], credentials["port"], credentials["database"]) == (
        "db.example",
        5433,
        "plenum",
    )
    assert (credentials["user"], credentials["password"], credentials["maxsize"]) == (
        "u",
        "p",
        "7",
    )


async def test_the_server_pool_uses_the_keep_session_hook(db):
    client = connections.get("default")
    assert isinstance(client, AsyncpgDBClient)
    await client.execute_query("SELECT 1")
    assert client._pool._reset is _keep_session


async def test_release_keeps_session_state_and_rolls_back_open_transactions(database_url):
    dsn = database_url.replace("asyncpg://", "postgres://", 1).split("?", 1)[0]
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=1, reset=_keep_session)
    try:
        async with pool.acquire() as con:
            await con.execute("SET application_name = 'plenum-pool-test'")
            await con.execute("CREATE TEMP TABLE t (v int)")
            tx = con.transaction()
            await tx.start()
            await con.execute("INSERT INTO t VALUES (1)")
            pid = con.get_server_pid()
        async with pool.acquire() as con:
            assert con.get_server_pid() == pid  # the same session, not reset
            assert await con.fetchval("SHOW application_name") == "plenum-pool-test"
            assert await con.fetchval("SELECT count(*) FROM t") == 0  # rolled back
            assert not con.is_in_transaction()
    finally:
        await pool.close()
