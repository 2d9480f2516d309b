"""PLENUM_SQLITE_INLINE_READS: SELECTs on the loop's thread, writes on aiosqlite's thread."""

from __future__ import annotations

import asyncio
import sqlite3

import aiosqlite
import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from app import db
from app.config import load_settings
from app.sqlite_client import SqliteClient, _is_read


@pytest.fixture
def thread_calls(monkeypatch):
    """The names of the functions aiosqlite ran on its worker thread."""
    calls: list[str] = []
    original = aiosqlite.Connection._execute

    async def counting(self, fn, *args, **kwargs):
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    return calls


async def _open(tmp_path, inline: bool):
    url = f"sqlite://{tmp_path / 'inline.sqlite3'}"
    await db.init(url, sqlite_inline_reads=inline)
    client = connections.get("default")
    await client.execute_script("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")
    return client


def test_the_setting_defaults_to_on():
    assert load_settings(env={}).sqlite_inline_reads is True
    assert load_settings(env={"PLENUM_SQLITE_INLINE_READS": "false"}).sqlite_inline_reads is False


def test_only_plain_selects_count_as_reads():
    assert _is_read('SELECT "id" FROM "t"')
    assert _is_read("select 1")
    for statement in (
        "INSERT INTO t (v) VALUES (?) RETURNING id",
        "UPDATE t SET v = ?",
        "DELETE FROM t",
        "WITH x AS (SELECT 1) DELETE FROM t",
        "PRAGMA optimize",
        "BEGIN",
    ):
        assert not _is_read(statement), statement


async def test_reads_skip_the_thread_and_writes_use_it(tmp_path, thread_calls):
    client = await _open(tmp_path, inline=True)
    try:
        assert isinstance(client, SqliteClient)
        thread_calls.clear()
        await client.execute_query("INSERT INTO t (v) VALUES (?)", ["a"])
        writes = len(thread_calls)
        assert writes >= 1
        for _ in range(5):
            count, rows = await client.execute_query("SELECT v FROM t")
            assert (count, [tuple(r) for r in rows]) == (1, [("a",)])
            assert await client.execute_query_dict("SELECT v FROM t") == [{"v": "a"}]
        assert len(thread_calls) == writes
    finally:
        await db.close()


async def test_turned_off_every_statement_uses_the_thread(tmp_path, thread_calls):
    client = await _open(tmp_path, inline=False)
    try:
        thread_calls.clear()
        for _ in range(3):
            await client.execute_query("SELECT 1")
        assert len(thread_calls) == 3
    finally:
        await db.close()


async def test_reads_in_a_transaction_see_its_writes_and_a_rollback_undoes_them(tmp_path):
    client = await _open(tmp_path, inline=True)
    try:
        with pytest.raises(RuntimeError):
            async with in_transaction() as tx:
                await tx.execute_query("INSERT INTO t (v) VALUES (?)", ["inside"])
                _, rows = await tx.execute_query("SELECT v FROM t")
                assert [r["v"] for r in rows] == ["inside"]
                raise RuntimeError("roll back")
        _, rows = await client.execute_query("SELECT v FROM t")
        assert rows == []
        async with in_transaction() as tx:
            await tx.execute_query("INSERT INTO t (v) VALUES (?)", ["kept"])
        _, rows = await client.execute_query("SELECT v FROM t")
        assert [r["v"] for r in rows] == ["kept"]
    finally:
        await db.close()


async def test_a_write_waiting_for_another_process_does_not_stall_the_loop(tmp_path):
    client = await _open(tmp_path, inline=True)
    other = sqlite3.connect(tmp_path / "inline.sqlite3", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticking = asyncio.create_task(ticker())
        write = asyncio.create_task(client.execute_query("INSERT INTO t (v) VALUES (?)", ["w"]))
        await asyncio.sleep(0.5)
        assert not write.done()
        assert ticks >= 20  # the loop kept running while the write waited
        other.execute("COMMIT")
        await asyncio.wait_for(write, 10)
        ticking.cancel()
        _, rows = await client.execute_query("SELECT v FROM t")
        assert [r["v"] for r in rows] == ["w"]
    finally:
        other.close()
        await db.close()
