"""Compare two Plenum settings or revisions on one workload, with the runs interleaved.

This host's speed drifts by a factor of two within minutes, so two runs measured one after
the other compare the moments as much as the code. Here both servers run at once (both
pinned to the server core, only one under load at a time) and the measured runs alternate
A, B, A, B, ...; a slow spell then hits both sides, and the ratio of their medians holds.

Usage::

    python -m benchmarks.ab --workload W1 --db sqlite \\
        --a PLENUM_SQLITE_INLINE_READS=false --b PLENUM_SQLITE_INLINE_READS=true
    python -m benchmarks.ab --workload W4 --a-rev HEAD~1     # B: the working tree

A side given a revision runs from a temporary ``git worktree`` of it (removed after);
otherwise it runs this tree, uncommitted changes included. Prints, for each side, the
median req/s, p99 and server CPU ms per request, and B/A.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import run, seed
from benchmarks.workloads import WORKLOADS

PORTS = {"A": run.PORT, "B": run.PORT + 2}


def _settings(pairs: list[str]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.startswith("PLENUM_"):
            raise SystemExit(f"expected PLENUM_NAME=value, got {pair!r}")
        settings[key] = value
    return settings


@contextlib.contextmanager
def source_tree(rev: str | None) -> Iterator[Path]:
    """This tree when ``rev`` is ``None``, else a throw-away worktree checked out at ``rev``."""
    if rev is None:
        yield run.ROOT
        return
    with tempfile.TemporaryDirectory(prefix="plenum-ab-") as parent:
        tree = Path(parent) / "tree"
        git = ["git", "-C", str(run.ROOT)]
        subprocess.run([*git, "worktree", "add", "--detach", str(tree), rev], check=True)
        try:
            yield tree
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(tree)], check=False)


def compare(
    db: str,
    workload: str,
    sides: dict[str, dict[str, str]],
    connections: int,
    rounds: int,
    seconds: float,
    roots: dict[str, Path] | None = None,
) -> dict[str, Any]:
    """Interleaved runs of ``workload`` against each side; per side the runs and medians."""
    url = seed.database_url(db, seed.D1)
    dataset = asyncio.run(seed.seed(url, seed.D1))
    asyncio.run(seed.reset(url, dataset))
    chosen = WORKLOADS[workload]
    request = chosen.request(dataset)
    below = dataset.deep_max_id if chosen.deep else None
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as data_a, tempfile.TemporaryDirectory() as data_b:
        dirs = {"A": data_a, "B": data_b}
        procs = {
            name: run.start_plenum(
                url, dirs[name], PORTS[name], settings, (roots or {}).get(name, run.ROOT)
            )
            for name, settings in sides.items()
        }
        try:
            for name in sides:
                status, body = run.fetch(PORTS[name], request)
                problem = chosen.verify(status, body, dataset)
                if problem:
                    raise SystemExit(f"side {name} answers {workload} wrongly: {problem}")
                run.wrk(PORTS[name], request, chosen.check, connections, 2.0, below)
            for _ in range(rounds):
                for name in sides:
                    pid = procs[name].pid
                    before = run._cpu_seconds(pid)
                    one = run.wrk(PORTS[name], request, chosen.check, connections, seconds, below)
                    used = run._cpu_seconds(pid) - before
                    one["rps"] = one["requests"] / (one["duration_us"] / 1e6)
                    one["cpu_ms"] = used * 1000 / max(one["requests"], 1)
                    runs[name].append(one)
        finally:
            for proc in procs.values():
                run._stop(proc)
    if chosen.check == "created":
        asyncio.run(seed.reset(url, dataset))
    summary = {}
    for name, items in runs.items():
        summary[name] = {
            "rps": statistics.median(r["rps"] for r in items),
            "p99_ms": statistics.median(r["p99_us"] for r in items) / 1000,
            "cpu_ms": statistics.median(r["cpu_ms"] for r in items),
            "wrong": sum(r["wrong"] + r["non2xx"] for r in items),
            "rps_runs": [round(r["rps"]) for r in items],
        }
    return summary


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, compare, print; non-zero when an answer was wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workload", default="W1", choices=sorted(WORKLOADS))
    parser.add_argument("--a", nargs="*", default=[], help="PLENUM_X=value settings of side A")
    parser.add_argument("--b", nargs="*", default=[], help="PLENUM_X=value settings of side B")
    parser.add_argument("--a-rev", help="run side A from this git revision")
    parser.add_argument("--b-rev", help="run side B from this git revision")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    sides = {"A": _settings(args.a), "B": _settings(args.b)}
    revs = {"A": args.a_rev, "B": args.b_rev}
    with source_tree(args.a_rev) as root_a, source_tree(args.b_rev) as root_b:
        summary = compare(
            args.db,
            args.workload,
            sides,
            args.connections,
            args.rounds,
            args.seconds,
            {"A": root_a, "B": root_b},
        )
    for name, item in summary.items():
        label = f"{revs[name] or 'this tree'} {sides[name] or '(defaults)'}"
        print(
            f"{name} {label}: {item['rps']:.0f} req/s, "
            f"p99 {item['p99_ms']:.1f} ms, {item['cpu_ms']:.3f} CPU ms/req, "
            f"runs {item['rps_runs']}"
        )
    a, b = summary["A"], summary["B"]
    print(f"B/A: req/s {b['rps'] / a['rps']:.3f}, CPU ms/req {b['cpu_ms'] / a['cpu_ms']:.3f}")
    return 1 if a["wrong"] or b["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
