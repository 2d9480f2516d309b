"""The PostgreSQL pool keeps sessions on release (no reset round trip) but never a
transaction left open, and a request's statements share one pool connection."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError

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


# --- One connection per request ------------------------------------------------------------

from app.postgres_client import request_scope  # noqa: E402


def _count_acquires(client, monkeypatch) -> list[int]:
    """Counts the connections taken (from the spares or the pool) by ``client``."""
    calls: list[int] = []
    real = AsyncpgDBClient._take

    async def counting(self):
        if self is client:
            calls.append(1)
        return await real(self)

    monkeypatch.setattr(AsyncpgDBClient, "_take", counting)
    return calls


async def _backend_pid() -> int:
    client = connections.get("default")
    _, rows = await client.execute_query("SELECT pg_backend_pid() AS pid")
    return rows[0]["pid"]


async def test_a_scope_runs_its_statements_on_one_connection(db, monkeypatch):
    client = connections.get("default")
    await client.execute_query("SELECT 1")  # the pool exists
    calls = _count_acquires(client, monkeypatch)
    spares_before = len(client._spares)
    async with request_scope():
        pids = {await _backend_pid() for _ in range(4)}
        assert len(client._spares) == spares_before - 1  # held for the request
    assert len(pids) == 1
    assert len(calls) == 1
    assert len(client._spares) == spares_before  # given back at the end


async def test_a_transaction_in_a_scope_uses_its_connection_and_rolls_back(db, monkeypatch):
    from tortoise.transactions import in_transaction

    from models.registration import Invite

    client = connections.get("default")
    await client.execute_query("SELECT 1")
    calls = _count_acquires(client, monkeypatch)
    async with request_scope():
        pid = await _backend_pid()
        async with in_transaction() as tx:
            await Invite.create(token="kept")
            _, rows = await tx.execute_query("SELECT pg_backend_pid() AS pid")
            assert rows[0]["pid"] == pid
        with pytest.raises(RuntimeError):
            async with in_transaction():
                await Invite.create(token="rolled-back")
                raise RuntimeError("boom")
        # after a failure the scope starts afresh and still works
        assert await Invite.filter(token__in=["kept", "rolled-back"]).count() == 1
        # the first connection, and a fresh one after the failure gave it back
        assert len(calls) == 2
    assert await Invite.filter(token="kept").exists()
    assert not await Invite.filter(token="rolled-back").exists()


async def test_concurrent_statements_in_a_scope_do_not_wait_on_each_other(db):
    client = connections.get("default")
    async with request_scope():
        results = await asyncio.gather(
            *(client.execute_query("SELECT pg_sleep(0.05), 1 AS one") for _ in range(4))
        )
    assert all(rows[0]["one"] == 1 for _, rows in results)


async def test_a_task_that_outlives_its_scope_uses_the_pool(db):
    client = connections.get("default")
    await client.execute_query("SELECT 1")
    free = len(client._spares)
    gate = asyncio.Event()

    async def later() -> int:
        await gate.wait()
        return await _backend_pid()

    async with request_scope():
        await _backend_pid()
        task = asyncio.create_task(later())  # inherits the scope's context
    assert len(client._spares) == free
    gate.set()
    assert await task > 0
    assert len(client._spares) == free


async def test_a_rest_request_takes_one_pool_connection(client, policy, monkeypatch):
    from tests.statuses.conftest import build_rest_world

    world = await build_rest_world(client, policy)
    pg = connections.get("default")
    calls = _count_acquires(pg, monkeypatch)
    body = await world.call("GET", "/api/v1/accounts/verify_credentials", "alice")
    assert body["username"] == "alice"
    await world.call("GET", "/api/v1/timelines/home", "bob")
    assert len(calls) == 2  # one per request, however many statements each ran


# --- Spares: connections handed from one user to the next -------------------------------


async def test_a_connection_given_back_in_good_order_serves_the_next_request(db):
    client = connections.get("default")
    async with request_scope():
        first = await _backend_pid()
    async with request_scope():
        second = await _backend_pid()
    assert first == second
    assert client._spares and client._pool.get_idle_size() == 0


async def test_a_failed_use_goes_back_to_the_pool_not_the_spares(db):
    client = connections.get("default")
    await client.execute_query("SELECT 1")  # the pool exists
    await client._release_spares()
    with pytest.raises(OperationalError):
        async with request_scope():
            await client.execute_query("SELECT * FROM no_such_table")
    assert client._spares == []
    with pytest.raises(OperationalError):
        await client.execute_query("SELECT * FROM no_such_table")  # outside a scope too
    assert client._spares == []


async def test_with_someone_waiting_connections_go_to_the_pool(db):
    client = connections.get("default")
    await client.execute_query("SELECT 1")  # the pool exists
    await client._release_spares()
    idle = client._pool.get_idle_size()
    client._waiting += 1  # as if a caller were blocked in Pool.acquire
    try:
        async with request_scope():
            await _backend_pid()
    finally:
        client._waiting -= 1
    assert client._spares == []
    assert client._pool.get_idle_size() == idle


async def test_more_users_than_connections_all_finish(db):
    """Twice the pool's size of concurrent requests: those who wait get connections as
    others finish; nobody waits while a spare sits idle."""
    client = connections.get("default")
    await client.execute_query("SELECT 1")
    size = client._pool.get_max_size()

    async def request() -> int:
        async with request_scope():
            _, rows = await client.execute_query("SELECT pg_sleep(0.02), 1 AS one")
            return rows[0]["one"]

    results = await asyncio.wait_for(asyncio.gather(*(request() for _ in range(2 * size))), 10)
    assert results == [1] * (2 * size)
    assert client._waiting == 0
    assert len(client._spares) <= size


async def test_idle_spares_go_back_to_the_pool(db, monkeypatch):
    import app.postgres_client as pg

    client = connections.get("default")
    await client.execute_query("SELECT 1")  # the pool exists
    await client._release_spares()
    monkeypatch.setattr(pg, "SPARE_IDLE_SECONDS", 0.05)
    idle = client._pool.get_idle_size()
    async with request_scope():
        await _backend_pid()
    assert len(client._spares) == 1
    await asyncio.sleep(0.3)
    assert client._spares == []
    assert client._pool.get_idle_size() == idle  # back in the pool


async def test_a_transaction_outside_a_scope_gives_its_connection_back(db):
    from tortoise.transactions import in_transaction

    from models.registration import Invite

    client = connections.get("default")
    await client.execute_query("SELECT 1")  # the pool exists
    await client._release_spares()
    async with in_transaction():
        await Invite.create(token="outside")
    assert len(client._spares) == 1
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await Invite.create(token="undone")
            raise RuntimeError("boom")
    assert client._spares == []  # it took that spare, failed, and went to the pool
    assert await Invite.filter(token="outside").exists()
    assert not await Invite.filter(token="undone").exists()
