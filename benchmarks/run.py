"""``make bench``: seed, serve, load, measure, and write the report.

For each database (SQLite, PostgreSQL) and dataset (D1, D2, optionally D3) the runner
seeds the data (once; later runs reuse it), starts Plenum as one process pinned to core 0
(``taskset -c 0``) and drives it with wrk pinned to core 1, every answer judged by
``check.lua``. Each workload runs at 1 and 10 connections: a warm-up, then measured runs,
the median reported. Per run it records req/s, p50, p99, non-2xx and wrong answers, the
server's CPU time per request (from ``/proc/<pid>/stat``), and per server the SQL
statements each workload costs (counted in-process through Tortoise's statement log) and
the RSS after the load. The ceiling references (:mod:`benchmarks.ceiling`) run on the same
core, their measured runs interleaved with W1's (prebuilt and orjson bodies) and W6's
(GraphQL from memory) on the first D1 server, so a slow spell of the host hits both sides
and every figure is also a fair ratio to what bare aiohttp does here.

Results: ``benchmarks/results/<stamp>.json`` and ``latest.json``, ``latest.md`` and
``latest.png`` (see :mod:`benchmarks.report`), and the table in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import seed
from benchmarks.workloads import PAGE, WORKLOADS, HttpRequest, Workload

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
CHECK_LUA = ROOT / "benchmarks" / "check.lua"
SERVER_CORE, LOAD_CORE = "0", "1"
PORT = 4100
CEILING_PORT = 4101
#: Workloads measured on the larger datasets (the scale curve needs the home timeline).
SCALE_WORKLOADS = ("W1", "W5")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Plan:
    """What one ``make bench`` measures and how long each piece runs."""

    databases: list[str]
    sizes: list[int]
    connections: list[int]
    repeats: int
    warmup: float
    duration: float
    workloads: list[str]
    out: Path = RESULTS
    notes: list[str] = field(default_factory=list)


def _python() -> str:
    return sys.executable


def _env(extra: dict[str, str] | None = None, root: Path = ROOT) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLENUM_")}
    env["PYTHONPATH"] = str(root)
    env.update(extra or {})
    return env


def _require_free(port: int) -> None:
    """Refuse to start a server on ``port`` while something else listens there: the
    workloads would measure that stranger (a server left by an interrupted run)."""
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is already in use; stop what listens there first")


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server on port {port} exited with {proc.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port} after {timeout} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _rss_mb(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    values = {}
    for line in status:
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) / 1024
    return {"rss_mb": round(values["VmRSS"], 1), "peak_rss_mb": round(values["VmHWM"], 1)}


def start_plenum(
    url: str,
    data_dir: str,
    port: int = PORT,
    settings: dict[str, str] | None = None,
    root: Path = ROOT,
) -> subprocess.Popen:
    """Plenum on ``port``, one process pinned to the server core, rate limits off.

    ``settings`` are extra ``PLENUM_*`` variables and ``root`` the source tree to run
    (what :mod:`benchmarks.ab` compares).
    """
    env = _env(
        {
            "PLENUM_DATABASE_URL": url,
            "PLENUM_DATA_DIR": data_dir,
            "PLENUM_PORT": str(port),
            "PLENUM_PUBLIC_URL": seed.PUBLIC_URL,
            "PLENUM_RATE_LIMITS": "false",
            "PLENUM_LOG_LEVEL": "WARNING",
            **(settings or {}),
        },
        root,
    )
    _require_free(port)
    proc = subprocess.Popen(
        ["taskset", "-c", SERVER_CORE, _python(), "-m", "app", "serve"],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
    )
    _wait_for_port(port, proc)
    return proc


def start_ceiling(mode: str, *args: str, port: int = CEILING_PORT) -> subprocess.Popen:
    """A reference server of :mod:`benchmarks.ceiling` on ``port``, on the server core."""
    _require_free(port)
    proc = subprocess.Popen(
        [
            "taskset",
            "-c",
            SERVER_CORE,
            _python(),
            "-m",
            "benchmarks.ceiling",
            mode,
            "--port",
            str(port),
            *args,
        ],
        env=_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    _wait_for_port(port, proc)
    return proc


def fetch(port: int, request: HttpRequest) -> tuple[int, bytes]:
    """Send ``request`` once (the pre-flight check before a measured run)."""
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{request.path}",
        data=request.body,
        headers=request.headers,
        method=request.method,
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wrk(
    port: int,
    request: HttpRequest,
    check: str,
    connections: int,
    seconds: float,
    below: str | None = None,
) -> dict[str, Any]:
    """One wrk run pinned to the load core; the parsed ``BENCH_JSON`` line of check.lua."""
    with tempfile.NamedTemporaryFile("wb", suffix=".body") as body:
        if request.body is not None:
            body.write(request.body)
            body.flush()
        env = _env(
            {
                "BENCH_METHOD": request.method,
                "BENCH_BODY_FILE": body.name if request.body is not None else "",
                "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in request.headers.items()),
                "BENCH_CHECK": check,
                "BENCH_PAGE": str(PAGE),
                "BENCH_BELOW": below or "",
            }
        )
        cmd = [
            "taskset",
            "-c",
            LOAD_CORE,
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(CHECK_LUA),
            f"http://127.0.0.1:{port}{request.path}",
        ]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    return json.loads(line[len("BENCH_JSON ") :])


@dataclass
class Target:
    """One server and the request it is measured with."""

    port: int
    pid: int
    request: HttpRequest
    check: str
    below: str | None = None


def _one_run(plan: Plan, target: Target, conns: int) -> dict[str, Any]:
    before = _cpu_seconds(target.pid)
    run = wrk(target.port, target.request, target.check, conns, plan.duration, target.below)
    used = _cpu_seconds(target.pid) - before
    seconds = run["duration_us"] / 1e6
    run["rps"] = round(run["requests"] / seconds, 1) if seconds else 0.0
    run["cpu_ms_per_request"] = round(used * 1000 / run["requests"], 3) if run["requests"] else None
    return run


def measure(
    plan: Plan,
    port: int,
    pid: int,
    request: HttpRequest,
    check: str,
    below: str | None = None,
    partners: dict[str, Target] | None = None,
    partner_results: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Warm up, then ``plan.repeats`` measured runs at each connection count.

    Each of ``partners`` (the ceiling references) is measured in the same rounds, its run
    right after the server's, so a slow spell of the host hits both; their results go
    into ``partner_results[name]``.
    """
    main = Target(port, pid, request, check, below)
    targets = {"": main, **(partners or {})}
    per: dict[str, dict[str, Any]] = {name: {} for name in targets}
    for conns in plan.connections:
        for target in targets.values():
            wrk(target.port, target.request, target.check, conns, plan.warmup, target.below)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in targets}
        for _ in range(plan.repeats):
            for name, target in targets.items():
                runs[name].append(_one_run(plan, target, conns))
        for name in targets:
            per[name][str(conns)] = {"runs": runs[name], "median": _median(runs[name])}
    if partner_results is not None:
        partner_results.update({name: per[name] for name in partners or {}})
    return per[""]


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    def med(key: str) -> float:
        values = [r[key] for r in runs if r.get(key) is not None]
        return statistics.median(values) if values else 0.0

    return {
        "rps": round(med("rps"), 1),
        "p50_ms": round(med("p50_us") / 1000, 2),
        "p99_ms": round(med("p99_us") / 1000, 2),
        "cpu_ms_per_request": round(med("cpu_ms_per_request"), 3),
        "non2xx": sum(r["non2xx"] for r in runs),
        "wrong": sum(r["wrong"] for r in runs),
        "socket_errors": sum(
            r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"] for r in runs
        ),
    }


def _ordered(names: list[str]) -> list[Workload]:
    """The chosen workloads in the table's order, the writing W2 last."""
    return [w for name, w in WORKLOADS.items() if name in names]


def bench_server(plan: Plan, db: str, size: int, record: dict[str, Any]) -> dict[str, Any]:
    """Seed ``db`` with ``size`` statuses, serve it, and measure the workloads."""
    url = seed.database_url(db, size)
    started = time.monotonic()
    dataset = asyncio.run(seed.seed(url, size))
    seeded_s = round(time.monotonic() - started, 1)
    asyncio.run(seed.reset(url, dataset))
    names = (
        plan.workloads if size == seed.D1 else [w for w in plan.workloads if w in SCALE_WORKLOADS]
    )
    workloads = _ordered(names)
    queries = json.loads(
        subprocess.run(
            [
                _python(),
                "-m",
                "benchmarks.querycount",
                db,
                str(size),
                ",".join(w.name for w in workloads),
            ],
            env=_env(),
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    entry: dict[str, Any] = {
        "db": db,
        "statuses": size,
        "seed_seconds": seeded_s,
        "queries": queries,
        "workloads": {},
    }
    print(f"[{db} {size}] statements per request: {queries}", file=sys.stderr, flush=True)
    # The first D1 server measures the ceiling references in the same rounds as W1 and W6.
    measures_references = size == seed.D1 and "ceiling" not in record
    references: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as data_dir, contextlib.ExitStack() as stack:
        proc = start_plenum(url, data_dir)
        stack.callback(_stop, proc)
        for workload in workloads:
            request = workload.request(dataset)
            status, body = fetch(PORT, request)
            problem = workload.verify(status, body, dataset)
            if problem:
                raise SystemExit(f"[{db} {size}] {workload.name} answers wrongly: {problem}")
            partners: dict[str, Target] = {}
            if measures_references and workload.name in ("W1", "W6"):
                partners = _references(workload.name, body, url, dataset, stack)
            if workload.name == "W1" and size == seed.D1 and "w1_body" not in record:
                record["w1_body"], record["w1_db"] = body, db
            below = dataset.deep_max_id if workload.deep else None
            found: dict[str, Any] = {}
            entry["workloads"][workload.name] = measure(
                plan, PORT, proc.pid, request, workload.check, below, partners, found
            )
            _progress(db, size, workload.name, entry["workloads"][workload.name])
            for mode, result in found.items():
                references[mode] = result
                _progress("ceiling", seed.D1, mode, result)
        entry["memory"] = _rss_mb(proc.pid)
    if references:
        record["ceiling"] = references
    asyncio.run(seed.reset(url, dataset))
    record.setdefault("datasets", {})[str(size)] = dataset
    return entry


def _progress(db: str, size: int, name: str, result: dict[str, Any]) -> None:
    parts = []
    for conns, item in result.items():
        m = item["median"]
        parts.append(f"c{conns}: {m['rps']} req/s p50 {m['p50_ms']} ms p99 {m['p99_ms']} ms")
    print(f"[{db} {size}] {name}: " + "; ".join(parts), file=sys.stderr, flush=True)


def _references(
    name: str, w1_body: bytes, url: str, dataset: seed.Dataset, stack: contextlib.ExitStack
) -> dict[str, Target]:
    """The ceiling servers measured alongside ``name`` (W1: prebuilt, orjson; W6: GraphQL).

    Started on ports of their own, pinned to the server core, stopped with ``stack``.
    """
    targets: dict[str, Target] = {}
    if name == "W1":
        body_file = stack.enter_context(tempfile.NamedTemporaryFile("wb", suffix=".json"))  # noqa: SIM115
        body_file.write(w1_body)
        body_file.flush()
        request = WORKLOADS["W1"].request(dataset)
        for offset, mode in enumerate(("prebuilt", "orjson")):
            port = CEILING_PORT + offset
            proc = start_ceiling(mode, "--body", body_file.name, port=port)
            stack.callback(_stop, proc)
            targets[mode] = Target(port, proc.pid, request, "statuses")
    else:
        request = WORKLOADS["W6"].request(dataset)
        port = CEILING_PORT + 2
        proc = start_ceiling("graphql-memory", "--db", url, "--token", dataset.token, port=port)
        stack.callback(_stop, proc)
        status, answer = fetch(port, request)
        problem = WORKLOADS["W6"].verify(status, answer, dataset)
        if problem:
            raise SystemExit(f"the in-memory GraphQL reference answers wrongly: {problem}")
        targets["graphql-memory"] = Target(port, proc.pid, request, "graphql")
    return targets


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def run(plan: Plan) -> dict[str, Any]:
    """Measure everything in ``plan``; the whole record (also written to disk)."""
    for tool in ("wrk", "taskset"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing (make bench installs it from Debian's packages)")
    record: dict[str, Any] = {}
    servers = []
    for db in plan.databases:
        for size in plan.sizes:
            servers.append(bench_server(plan, db, size, record))
    ceiling = record.get("ceiling", {})
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    result = {
        "meta": {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": _git_commit(),
            "cpu": _cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "wrk": wrk_version.split("\n", 1)[0].strip(),
            "method": {
                "server": f"one process, taskset -c {SERVER_CORE}; rate limits off",
                "load": f"wrk -t1, taskset -c {LOAD_CORE}; every answer checked by check.lua",
                "connections": plan.connections,
                "warmup_s": plan.warmup,
                "duration_s": plan.duration,
                "repeats": plan.repeats,
                "statistic": "median of the repeats",
                "references": (
                    "prebuilt and orjson measured in the same rounds as W1, graphql-memory"
                    " in the same rounds as W6, on the first database's D1 server: each"
                    " reference run right after the server's"
                ),
            },
            "notes": plan.notes,
        },
        "servers": servers,
        "ceiling": ceiling,
    }
    from benchmarks import report

    report.write_all(result, plan.out)
    return result


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, measure, report; non-zero when an answer was wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--d3", action="store_true", help="also D3 (1,000,000 statuses)")
    parser.add_argument("--sizes", help="dataset sizes instead of D1,D2[,D3]")
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--connections", default="1,10")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument(
        "--quick", action="store_true", help="1 repeat of 3 s after 1 s of warm-up (a smoke run)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sizes = [seed.D1, seed.D2] + ([seed.D3] if args.d3 else [])
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    plan = Plan(
        databases=args.db.split(","),
        sizes=sizes,
        connections=[int(c) for c in args.connections.split(",")],
        repeats=1 if args.quick else args.repeats,
        warmup=1.0 if args.quick else args.warmup,
        duration=3.0 if args.quick else args.duration,
        workloads=args.workloads.split(","),
        out=args.out,
    )
    if args.quick:
        plan.notes.append("quick run: 1 repeat of 3 s; not for comparison")
    result = run(plan)
    bad = [
        (s["db"], s["statuses"], name)
        for s in result["servers"]
        for name, per in s["workloads"].items()
        for item in per.values()
        if item["median"]["non2xx"] or item["median"]["wrong"]
    ]
    if bad:
        print(f"wrong or failed answers in: {bad}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
