"""The healthcheck (Pleroma §15): 200 healthy, 503 unhealthy, 503 {} when disabled."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from app.main import create_app
from schema.context import RequestContext
from schema.services import health as health_service
from tests.dbsetup import is_postgres

KEYS = {"pool_size", "active", "idle", "memory_used", "healthy"}


async def test_healthy_answers_200_with_figures_on_both_prefixes(client, settings):
    for path in ("/api/pleroma/healthcheck", "/api/v1/pleroma/healthcheck"):
        resp = await client.get(path)
        assert resp.status == 200, path
        body = await resp.json()
        assert set(body) == KEYS
        assert body["healthy"] is True
        assert body["pool_size"] == (settings.db_pool_size if is_postgres() else 1)
        assert body["active"] < body["pool_size"]
        assert body["memory_used"] > 1
        assert round(body["memory_used"], 2) == body["memory_used"]
        if is_postgres():
            assert body["active"] >= 1  # the probe itself is active


async def test_disabled_answers_503_empty(aiohttp_client, settings):
    client = await aiohttp_client(create_app(dataclasses.replace(settings, healthcheck=False)))
    resp = await client.get("/api/pleroma/healthcheck")
    assert resp.status == 503
    assert await resp.json() == {}


async def test_unhealthy_answers_503_with_same_keys(aiohttp_client, settings, monkeypatch):
    if is_postgres():
        # a pool of one: the probe's own active connection fills it
        client = await aiohttp_client(create_app(dataclasses.replace(settings, db_pool_size=1)))
        resp = await client.get("/api/v1/pleroma/healthcheck")
    else:
        # SQLite: another task holds the single connection for longer than the probe waits
        monkeypatch.setattr(health_service, "SQLITE_PROBE_TIMEOUT", 0.2)
        client = await aiohttp_client(create_app(settings))
        from tortoise import connections

        lock = connections.get("default")._lock
        await lock.acquire()
        try:
            resp = await client.get("/api/v1/pleroma/healthcheck")
        finally:
            lock.release()
    assert resp.status == 503
    body = await resp.json()
    assert set(body) == KEYS
    assert body["healthy"] is False
    assert body["active"] >= body["pool_size"]


@pytest.mark.skipif(is_postgres(), reason="about SQLite's single serialised connection")
async def test_sqlite_connection_busy_for_a_moment_is_still_healthy(aiohttp_client, settings):
    client = await aiohttp_client(create_app(settings))
    from tortoise import connections

    lock = connections.get("default")._lock
    await lock.acquire()
    pending = asyncio.create_task(client.get("/api/v1/pleroma/healthcheck"))
    await asyncio.sleep(0.3)  # the probe waits for the connection meanwhile
    lock.release()
    resp = await pending
    assert resp.status == 200
    assert (await resp.json())["healthy"] is True


async def test_unreachable_database_is_unhealthy(db, policy, monkeypatch):
    class Broken:
        async def execute_query(self, *a, **k):
            raise OSError("connection refused")

        async def execute_query_dict(self, *a, **k):
            raise OSError("connection refused")

    monkeypatch.setattr(health_service.connections, "get", lambda name: Broken())
    report = await health_service.health(RequestContext(policy=policy))
    assert report.healthy is False
    assert report.active == 0 and report.idle == 0
    assert report.memory_used > 0
