"""Profile one workload in-process with pyinstrument: where does a request's time go?

Serves the app on a real socket in this process, sends the workload's request N times
through one keep-alive connection, and prints pyinstrument's call tree (or writes HTML).

Usage: ``python -m benchmarks.profile [--db sqlite|postgres] [--workload W1] [-n 2000]``.
The dataset is seeded first when missing (see :mod:`benchmarks.seed`).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from benchmarks import inprocess, seed, workloads


async def _run(url: str, workload: workloads.Workload, requests: int):
    from pyinstrument import Profiler

    dataset = await seed.seed(url, seed.D1)
    await seed.reset(url, dataset)
    request = workload.request(dataset)
    async with inprocess.serve(url) as http:
        for _ in range(50):
            await inprocess.send(http, request)
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        with profiler:
            for _ in range(requests):
                await inprocess.send(http, request)
    return profiler


def _report(profiler, html: Path | None) -> None:
    if html is not None:
        html.write_text(profiler.output_html())
        print(f"wrote {html}")
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=False))


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
