"""SQL statements per request, counted in-process for each workload.

The server under load runs in another process, so statements are counted here: the app
is served in this process on a real socket, each workload's request is sent once to warm
up and once counted, through the same Tortoise statement log the tests' budgets use
(:mod:`tests.querycount`). W1 is also counted at ``limit=1`` and ``limit=40``: a page
costs the same whatever its length.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from typing import Any

import aiohttp
from aiohttp import web

from benchmarks import seed
from benchmarks.workloads import HttpRequest, Workload
from tests.querycount import count_queries


async def per_workload(
    url: str, dataset: seed.Dataset, workloads: list[Workload]
) -> dict[str, int]:
    """``{workload name: statements}`` for one request of each (plus W1 at other limits)."""
    from app.config import load_settings
    from app.main import create_app

    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as data_dir:
        settings = load_settings(
            {
                "PLENUM_DATABASE_URL": url,
                "PLENUM_DATA_DIR": data_dir,
                "PLENUM_PUBLIC_URL": seed.PUBLIC_URL,
                "PLENUM_RATE_LIMITS": "false",
                "PLENUM_LOG_LEVEL": "WARNING",
            }
        )
        runner = web.AppRunner(create_app(settings), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        try:
            async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
                for workload in workloads:
                    request = workload.request(dataset)
                    counts[workload.name] = await _count(http, request)
                    if workload.name == "W1":
                        for limit in (1, 40):
                            other = replace(
                                request, path=request.path.replace("limit=20", f"limit={limit}")
                            )
                            counts[f"W1 limit={limit}"] = await _count(http, other)
        finally:
            await runner.cleanup()
    return counts


async def _count(http: aiohttp.ClientSession, request: HttpRequest) -> int:
    await _send(http, request)
    with count_queries() as counter:
        await _send(http, request)
    return counter.count


async def _send(http: aiohttp.ClientSession, request: HttpRequest) -> Any:
    async with http.request(
        request.method, request.path, data=request.body, headers=request.headers
    ) as response:
        body = await response.read()
        if response.status != 200:
            raise SystemExit(f"{request.method} {request.path}: {response.status} {body[:200]!r}")
        return body
