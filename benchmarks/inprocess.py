"""Plenum served inside the current process on a real socket (profiling, statement counts).

:func:`serve` yields a client session bound to the app on a free port of 127.0.0.1, with
the benchmark's settings (the dataset's database, a throw-away data dir, rate limits off);
:func:`send` sends one workload request and stops the run on any answer but 200.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from aiohttp import web

from benchmarks import seed
from benchmarks.workloads import HttpRequest


@asynccontextmanager
async def serve(url: str) -> AsyncIterator[aiohttp.ClientSession]:
    """The app on the database at ``url``, and a session talking to it; both closed after."""
    from app.config import load_settings
    from app.main import create_app

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
        try:
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = runner.addresses[0][1]
            async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
                yield http
        finally:
            await runner.cleanup()


async def send(http: aiohttp.ClientSession, request: HttpRequest) -> bytes:
    """Send ``request``; its body, or ``SystemExit`` naming the request when not 200."""
    async with http.request(
        request.method, request.path, data=request.body, headers=request.headers
    ) as response:
        body = await response.read()
        if response.status != 200:
            raise SystemExit(f"{request.method} {request.path}: {response.status} {body[:200]!r}")
        return body
