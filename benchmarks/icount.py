"""Instructions per request, counted by callgrind: an A/B that host noise cannot blur.

This host's speed drifts by a factor of two within minutes, so wall-clock and CPU-time
comparisons (:mod:`benchmarks.ab`) cannot separate effects under about 20%. Valgrind's
callgrind counts the instructions a process executes instead, which does not depend on
the host's speed. Each side serves the app in-process (:mod:`benchmarks.inprocess`) under
callgrind and sends one workload request ``low`` times and then, in a second run, ``high``
times (after the same warm-up); the difference divided by ``high - low`` is the cost of
one request, client side included, with start-up and warm-up cancelled out. Hash
randomisation is off so both runs build the same dicts.

Usage::

    python -m benchmarks.icount --workload W1 --a-rev HEAD     # B: the working tree
    python -m benchmarks.icount --workload W4 --db postgres -n 300

Prints, per side, millions of instructions per request, and B/A. Needs Debian's
``valgrind`` (``make system-deps`` installs it). A run takes about two minutes: the
interpreter runs some 50 times slower under callgrind.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks import ab, run

#: Requests sent before counting starts in both runs (statement caches, loaders, memos).
WARM_UP = 20
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def count_instructions(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> int:
    """The instructions ``argv`` executes, by callgrind; ``RuntimeError`` if it fails."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        cwd=cwd,
        env={**env, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        tail = "\n".join(done.stderr.splitlines()[-15:])
        raise RuntimeError(f"{argv[:4]} under callgrind failed ({done.returncode}):\n{tail}")
    return int(found.group(1).replace(",", ""))


def per_iteration(
    command: Callable[[int], Sequence[str]], low: int, high: int, cwd: Path, env: dict[str, str]
) -> float:
    """Instructions one iteration costs: the runs of ``command(low)`` and ``command(high)``
    (concurrently, each single-threaded under valgrind) differ by ``high - low`` of them."""
    if high <= low:
        raise ValueError("high must be above low")
    with ThreadPoolExecutor(max_workers=2) as pool:
        small, large = pool.map(lambda n: count_instructions(command(n), cwd, env), (low, high))
    return (large - small) / (high - low)


def _drive(url: str, workload: str, requests: int) -> None:
    """Serve in-process and send ``WARM_UP + requests`` requests of ``workload``."""
    from benchmarks import inprocess, seed
    from benchmarks.workloads import WORKLOADS

    async def go() -> None:
        dataset = await seed.seed(url, seed.D1)
        request = WORKLOADS[workload].request(dataset)
        async with inprocess.serve(url) as http:
            for _ in range(WARM_UP + requests):
                await inprocess.send(http, request)

    asyncio.run(go())


def side_cost(root: Path, url: str, workload: str, requests: int) -> float:
    """Instructions per ``workload`` request of the tree at ``root`` on the D1 at ``url``."""
    env = run._env(root=root)

    # This file drives both sides (a revision may predate it); the app comes from ``root``.
    def command(n: int) -> list[str]:
        return [
            run._python(), str(Path(__file__).resolve()), "--drive", str(n), "--url", url,
            "--workload", workload,
        ]  # fmt: skip

    return per_iteration(command, requests // 4, requests, root, env)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line; count each side; print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workload", default="W1")
    parser.add_argument("-n", "--requests", type=int, default=200)
    parser.add_argument("--a-rev", help="side A from this git revision (default: this tree)")
    parser.add_argument("--b-rev", help="side B from this git revision (default: this tree)")
    parser.add_argument("--drive", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.drive is not None:
        _drive(args.url, args.workload, args.drive)
        return 0
    from benchmarks import seed
    from benchmarks.workloads import WORKLOADS

    if args.workload not in WORKLOADS or WORKLOADS[args.workload].check == "created":
        parser.error("--workload must be a reading workload (W2 writes)")
    url = seed.database_url(args.db, seed.D1)
    asyncio.run(seed.seed(url, seed.D1))
    costs = {}
    with ab.source_tree(args.a_rev) as root_a, ab.source_tree(args.b_rev) as root_b:
        for name, root in (("A", root_a), ("B", root_b)):
            costs[name] = side_cost(root, url, args.workload, args.requests)
            label = getattr(args, f"{name.lower()}_rev") or "this tree"
            print(f"{name} {label}: {costs[name] / 1e6:.3f} M instructions per request")
    print(f"B/A: {costs['B'] / costs['A']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
