"""The benchmark instrument itself: deterministic seeding, answer checks, target report.

A benchmark that accepted wrong answers, or seeded different data each run, would measure
nothing; these tests hold the instrument to what ``docs/performance.md`` claims. They use
their own SQLite files and servers (whatever database the suite runs on).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks import report, run
from benchmarks.seed import Dataset
from benchmarks.workloads import PAGE, WORKLOADS

ROOT = Path(__file__).resolve().parents[2]


def _seed(data_dir: Path, statuses: int) -> Path:
    env = {**os.environ, "PLENUM_BENCH_DATA": str(data_dir), "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "benchmarks.seed", "sqlite", str(statuses)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return data_dir / f"sqlite-{statuses}" / "plenum.sqlite3"


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_seeding_is_deterministic_and_complete(tmp_path):
    first = _seed(tmp_path / "a", 100)
    second = _seed(tmp_path / "b", 100)
    statuses = "SELECT id, account_id, content, created_at, visibility FROM statuses ORDER BY id"
    assert _rows(first, statuses) == _rows(second, statuses)
    assert len(_rows(first, statuses)) == 100
    assert _rows(first, "SELECT COUNT(*) FROM follows") == [(50,)]
    assert _rows(first, "SELECT COUNT(*) FROM statuses WHERE visibility != 'public'") == [(0,)]
    per_author = _rows(first, "SELECT COUNT(*) FROM statuses GROUP BY account_id")
    assert {n for (n,) in per_author} == {2}
    assert _rows(first, "SELECT token_hash FROM oauth_tokens") == _rows(
        second, "SELECT token_hash FROM oauth_tokens"
    )
    # seeding again is a no-op (the marker is recognised)
    _seed(tmp_path / "a", 100)
    assert len(_rows(first, statuses)) == 100


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _page(ids: list[str]) -> bytes:
    return json.dumps(
        [
            {
                "id": i,
                "uri": f"http://x.example/objects/{i}",
                "account": {"uri": "http://x/users/a"},
            }
            for i in ids
        ],
        separators=(",", ":"),  # compact, as the server (orjson) writes it
    ).encode()


def _graphql_page(ids: list[str], errors: bool = False) -> bytes:
    answer: dict = {
        "data": {"homeTimeline": {"edges": [{"node": {"restId": i, "uri": "u"}} for i in ids]}}
    }
    if errors:
        answer["errors"] = [{"message": "no"}]
    return json.dumps(answer, separators=(",", ":")).encode()


def _judge_with_wrk(
    tmp_path: Path, body: bytes, below: str | None = None, check: str = "statuses"
) -> dict:
    body_file = tmp_path / "body.json"
    body_file.write_bytes(body)
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.ceiling",
            "prebuilt",
            "--port",
            str(port),
            "--body",
            str(body_file),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, "the reference server did not start"
            time.sleep(0.1)
        request = WORKLOADS["W1"].request(
            Dataset(name="t", statuses=0, token="t", bench_id="b", deep_max_id="z")
        )
        return run.wrk(port, request, check, 2, 1, below)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


IDS = [f"02{n:016d}" for n in range(PAGE, 0, -1)]  # newest first


def test_wrk_check_accepts_a_right_page(tmp_path):
    result = _judge_with_wrk(tmp_path, _page(IDS))
    assert result["requests"] > 0
    assert result["wrong"] == 0
    assert result["non2xx"] == 0


@pytest.mark.parametrize(
    ("ids", "below"),
    [
        (IDS[:-1], None),  # one status short
        (list(reversed(IDS)), None),  # oldest first
        ([IDS[0], *IDS[:-1]], None),  # a duplicate
        (IDS, IDS[5]),  # not below W5's max_id
    ],
)
def test_wrk_check_counts_every_wrong_answer(tmp_path, ids, below):
    result = _judge_with_wrk(tmp_path, _page(ids), below)
    assert result["requests"] > 0
    assert result["wrong"] == result["requests"]


def test_python_check_matches():
    dataset = Dataset(name="t", statuses=0, token="t", bench_id="b", deep_max_id=IDS[5])
    home, deep = WORKLOADS["W1"], WORKLOADS["W5"]
    assert home.verify(200, _page(IDS), dataset) is None
    assert home.verify(200, _page(IDS[:-1]), dataset) == f"{PAGE - 1} statuses, expected {PAGE}"
    assert home.verify(500, b"{}", dataset).startswith("status 500")
    assert deep.verify(200, _page(IDS), dataset).startswith("page starts at")
    graphql = {"data": {"homeTimeline": {"edges": [{"node": {"restId": i}} for i in IDS]}}}
    assert WORKLOADS["W6"].verify(200, json.dumps(graphql).encode(), dataset) is None
    graphql["errors"] = [{"message": "no"}]
    assert WORKLOADS["W6"].verify(200, json.dumps(graphql).encode(), dataset) is not None


def _median(rps: float, p50: float = 5.0, p99: float = 20.0) -> dict:
    return {
        "median": {
            "rps": rps,
            "p50_ms": p50,
            "p99_ms": p99,
            "cpu_ms_per_request": 1.0,
            "non2xx": 0,
            "wrong": 0,
            "socket_errors": 0,
        }
    }


def _record(w1_rps: float, pg_w1_rps: float, d2_p50: float) -> dict:
    def server(db, statuses, w1, p50):
        return {
            "db": db,
            "statuses": statuses,
            "seed_seconds": 1.0,
            "queries": {"W1": 6, "W1 limit=1": 6, "W1 limit=40": 6},
            "workloads": {"W1": {"1": _median(w1, p50), "10": _median(w1, p50)}},
            "memory": {"rss_mb": 80.0, "peak_rss_mb": 90.0},
        }

    return {
        "meta": {
            "date": "2026-11-27T00:00:00+00:00",
            "commit": "x",
            "cpu": "cpu",
            "cores": 2,
            "python": "3.11",
            "wrk": "wrk",
            "notes": [],
            "method": {
                "server": "s",
                "load": "l",
                "warmup_s": 2,
                "duration_s": 10,
                "repeats": 3,
                "statistic": "median",
            },
        },
        "servers": [
            server("sqlite", 10_000, w1_rps, 5.0),
            server("sqlite", 100_000, w1_rps, d2_p50),
            server("postgres", 10_000, pg_w1_rps, 5.0),
        ],
        "ceiling": {"prebuilt": {"10": _median(2000.0)}},
    }


def _met(rows: list[dict], prefix: str) -> bool | None:
    matches = [r["met"] for r in rows if r["target"].startswith(prefix)]
    assert matches, prefix
    return matches[0]


def test_targets_are_judged_from_the_measurements():
    good = report.targets(_record(450.0, 400.0, 5.5))
    assert _met(good, "W1 SQLite D1 req/s") is True
    assert _met(good, "W1 PostgreSQL / SQLite") is True
    assert _met(good, "W1 p50 sqlite 100,000") is True
    assert _met(good, "SQL per W1 page sqlite 10,000") is True
    bad = report.targets(_record(300.0, 200.0, 7.0))
    assert _met(bad, "W1 SQLite D1 req/s") is False
    assert _met(bad, "W1 PostgreSQL / SQLite") is False
    assert _met(bad, "W1 p50 sqlite 100,000") is False
    assert _met(bad, "W3 SQLite D1 req/s") is None  # not measured is not "met"
    text = report.markdown(_record(450.0, 400.0, 5.5))
    assert "| sqlite | 10,000 | W1 home timeline | 10 | 450 |" in text
    assert "| 0.23 |" in text  # 450 / 2000 prebuilt ceiling


def test_ab_settings_must_be_plenum_variables():
    from benchmarks import ab

    assert ab._settings(["PLENUM_SQLITE_INLINE_READS=false", "PLENUM_X=a=b"]) == {
        "PLENUM_SQLITE_INLINE_READS": "false",
        "PLENUM_X": "a=b",
    }
    for bad in ("SQLITE_INLINE_READS=false", "PLENUM_X"):
        with pytest.raises(SystemExit, match="PLENUM_NAME=value"):
            ab._settings([bad])


def test_ab_runs_a_revision_from_a_throwaway_worktree():
    from benchmarks import ab

    with ab.source_tree(None) as tree:
        assert tree == run.ROOT
    with ab.source_tree("HEAD") as tree:
        assert tree != run.ROOT
        assert (tree / "app" / "main.py").is_file()
        head = subprocess.run(
            ["git", "-C", str(tree), "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout
        assert head == subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout
    assert not tree.exists()
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "list"], capture_output=True, text=True
    ).stdout
    assert str(tree) not in listed


def test_wrk_graphql_check_accepts_a_right_page_and_counts_wrong_ones(tmp_path):
    right = _judge_with_wrk(tmp_path, _graphql_page(IDS), check="graphql")
    assert right["requests"] > 0 and right["wrong"] == 0
    for body in (
        _graphql_page(IDS, errors=True),
        _graphql_page(IDS[:-1]),
        _graphql_page(list(reversed(IDS))),
    ):
        wrong = _judge_with_wrk(tmp_path, body, check="graphql")
        assert wrong["requests"] > 0
        assert wrong["wrong"] == wrong["requests"]
