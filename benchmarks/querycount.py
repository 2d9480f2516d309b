"""SQL statements per request, counted in-process for each workload.

The server under load runs in another process, so statements are counted by this module,
run as its own process for each database (``python -m benchmarks.querycount DB STATUSES
W1,W2...`` prints JSON; Tortoise caches insert statements per connection name, so one
process must not switch between SQLite and PostgreSQL). The app is served on a real
socket; each workload's request is sent once to warm up and once counted, through the
same Tortoise statement log the tests' budgets use (:mod:`tests.querycount`). W1 is also
counted at ``limit=1`` and ``limit=40``: a page costs the same whatever its length.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import replace

import aiohttp

from benchmarks import inprocess, seed
from benchmarks.workloads import WORKLOADS, HttpRequest, Workload
from tests.querycount import count_queries


async def per_workload(
    url: str, dataset: seed.Dataset, workloads: list[Workload]
) -> dict[str, int]:
    """``{workload name: statements}`` for one request of each (plus W1 at other limits)."""
    counts: dict[str, int] = {}
    async with inprocess.serve(url) as http:
        for workload in workloads:
            request = workload.request(dataset)
            counts[workload.name] = await _count(http, request)
            if workload.name == "W1":
                for limit in (1, 40):
                    path = request.path.replace("limit=20", f"limit={limit}")
                    counts[f"W1 limit={limit}"] = await _count(http, replace(request, path=path))
    return counts


async def _count(http: aiohttp.ClientSession, request: HttpRequest) -> int:
    await inprocess.send(http, request)
    with count_queries() as counter:
        await inprocess.send(http, request)
    return counter.count


def main(argv: list[str] | None = None) -> int:
    """Print ``{workload: statements}`` as JSON for the dataset of ``STATUSES`` on ``DB``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", choices=("sqlite", "postgres"))
    parser.add_argument("statuses", type=int)
    parser.add_argument("workloads", help="comma-separated names, e.g. W1,W3")
    args = parser.parse_args(argv)
    url = seed.database_url(args.db, args.statuses)

    async def count() -> dict[str, int]:
        dataset = await seed.seed(url, args.statuses)
        await seed.reset(url, dataset)
        try:
            chosen = [WORKLOADS[name] for name in args.workloads.split(",")]
            return await per_workload(url, dataset, chosen)
        finally:
            await seed.reset(url, dataset)

    print(json.dumps(asyncio.run(count())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
