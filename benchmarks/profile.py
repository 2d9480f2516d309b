"""Profile one workload in-process with pyinstrument: where does a request's time go?

Serves the app on a real socket in this process, sends the workload's request N times
through one keep-alive connection, and prints pyinstrument's call tree (or writes HTML).

Usage: ``python -m benchmarks.profile [--db sqlite|postgres] [--workload W1] [-n 2000]``.
The dataset is seeded first when missing (see :mod:`benchmarks.seed`).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

import aiohttp
from aiohttp import web

from benchmarks import seed, workloads


async def _run(url: str, workload: workloads.Workload, requests: int):
    from pyinstrument import Profiler

    from app.config import load_settings
    from app.main import create_app

    dataset = await seed.seed(url, seed.D1)
    await seed.reset(url, dataset)
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
        request = workload.request(dataset)
        try:
            async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
                for _ in range(50):
                    await _send(http, request)
                profiler = Profiler(interval=0.0005, async_mode="disabled")
                with profiler:
                    for _ in range(requests):
                        await _send(http, request)
        finally:
            await runner.cleanup()
    return profiler


def _report(profiler, html: Path | None) -> None:
    if html is not None:
        html.write_text(profiler.output_html())
        print(f"wrote {html}")
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=False))


async def _send(http: aiohttp.ClientSession, request: workloads.HttpRequest) -> None:
    async with http.request(
        request.method, request.path, data=request.body, headers=request.headers
    ) as response:
        body = await response.read()
        if response.status != 200:
            raise SystemExit(f"{request.method} {request.path}: {response.status} {body[:200]!r}")


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and profile."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workload", default="W1", choices=sorted(workloads.WORKLOADS))
    parser.add_argument("-n", "--requests", type=int, default=2000)
    parser.add_argument("--html", type=Path, help="write pyinstrument's HTML report here")
    args = parser.parse_args(argv)
    url = seed.database_url(args.db, seed.D1)
    profiler = asyncio.run(_run(url, workloads.WORKLOADS[args.workload], args.requests))
    _report(profiler, args.html)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
