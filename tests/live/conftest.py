"""Live-server fixtures: a real ``python -m app serve`` process per test module.

The server runs as a subprocess on a free port of 127.0.0.1 with its own data directory and
its own database (a migrated copy made for the module, on SQLite or PostgreSQL as the suite
runs), so real clients (Mastodon.py, megalodon, headless Chromium) talk to it over TCP
exactly as they would in production. When a test fails, the server's log is attached to
the failure report.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.dbsetup import TestDatabase

REPO = Path(__file__).resolve().parents[2]
JS_DIR = Path(__file__).resolve().parent / "js"
#: ~2 s on an idle machine; a ceiling, generous because CI machines run several suites at once
STARTUP_TIMEOUT = 60.0
SECRET_KEY = "live-test-secret-key-not-for-production"
INSTANCE_NAME = "Plenum Live"


def chromium_path() -> str:
    """Debian's chromium binary (the real one, not the /usr/bin shell wrapper).

    ``PLENUM_CHROMIUM`` overrides. Fails the test with a hint when none is installed.
    """
    candidates = [os.environ.get("PLENUM_CHROMIUM", ""), "/usr/lib/chromium/chromium"]
    candidates.append(shutil.which("chromium") or "")
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    pytest.fail("chromium is not installed: run `make system-deps` (scripts/system-deps.sh)")


def node_path() -> str:
    """The ``node`` binary, and a check that the npm modules are installed."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (the live tests drive npm modules with it)")
    if not (REPO / "node_modules" / "playwright-core").is_dir():
        pytest.fail("npm modules are missing: run `make system-deps` (scripts/system-deps.sh)")
    return node


def run_node(script: str, *args: str, timeout: float = 120.0, env: dict | None = None) -> dict:
    """Run ``tests/live/js/<script>`` with ``node`` and return the JSON it prints last.

    The script prints one JSON object on its last stdout line. A non-zero exit, a timeout
    or output that is not JSON fails the test and shows the script's stdout and stderr.
    """
    node = node_path()
    full_env = {**os.environ, "PLENUM_CHROMIUM": chromium_path(), **(env or {})}
    try:
        proc = subprocess.run(
            [node, str(JS_DIR / script), *args],
            cwd=REPO,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            f"{script} timed out after {timeout}s\nstdout:\n{exc.stdout}\nstderr:\n{exc.stderr}"
        )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    try:
        result = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        result = None
    if proc.returncode != 0 or not isinstance(result, dict):
        pytest.fail(
            f"{script} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
    return result


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    """A running ``python -m app serve`` subprocess."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self, limit: int = 20_000) -> str:
        """The last ``limit`` characters of the server's stdout and stderr."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return text[-limit:]

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited within 10 seconds."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_server(database_url: str, data_dir: Path, log_path: Path, **settings: str) -> LiveServer:
    """Start the server and wait until it answers ``GET /api/v1/instance``.

    ``settings`` are extra ``PLENUM_*`` values (``registrations_open="false"``...). Raises
    RuntimeError with the server log when it exits or does not answer in STARTUP_TIMEOUT.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLENUM_")}
    env.update(
        {
            "PLENUM_DATA_DIR": str(data_dir),
            "PLENUM_DATABASE_URL": database_url,
            "PLENUM_PUBLIC_URL": url,
            "PLENUM_RATE_LIMITS": "false",
            "PLENUM_SECRET_KEY": SECRET_KEY,
            "PLENUM_INSTANCE_NAME": INSTANCE_NAME,
            "PLENUM_ADMIN_EMAIL": "admin@live.example",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update({f"PLENUM_{k.upper()}": v for k, v in settings.items()})
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log_file.close()
    server = LiveServer(url=url, process=process, log_path=log_path)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server exited with {process.returncode} before answering:\n{server.log()}"
            )
        try:
            requests.get(f"{url}/api/v1/instance", timeout=5)
        except requests.RequestException:  # not listening yet, or too slow to answer
            time.sleep(0.1)
            continue
        return server
    server.stop()
    raise RuntimeError(f"the server did not answer within {STARTUP_TIMEOUT}s:\n{server.log()}")


@pytest.fixture(scope="module")
def live_database(request, worker_id: str, tmp_path_factory):
    """A migrated database of its own for this test module; dropped afterwards.

    The per-test ``database_url`` fixture cannot serve a module-scoped server (on
    PostgreSQL it is the worker's shared database, truncated after every test).
    """
    module = re.sub(r"[^a-z0-9_]", "_", request.module.__name__.rsplit(".", 1)[-1].lower())
    root = tmp_path_factory.mktemp(f"live-db-{module}")
    database = TestDatabase(f"{worker_id}_{module}"[:40], root)
    database.setup()
    try:
        yield database.url_for_test(root / "db")
    finally:
        database.teardown()


@pytest.fixture(scope="module")
def live_server(live_database: str, tmp_path_factory):
    """A running server on its own database for the whole module; yields a LiveServer.

    Afterwards it must shut down cleanly on SIGTERM (exit status 0), as under a supervisor.
    """
    root = tmp_path_factory.mktemp("live-server")
    server = start_server(live_database, root / "data", root / "server.log")
    yield server
    server.stop()
    if server.process.returncode != 0:
        pytest.fail(
            f"the server exited with {server.process.returncode} on SIGTERM:\n{server.log()}"
        )


@pytest.fixture(scope="module")
def base_url(live_server: LiveServer) -> str:
    """The base URL of the module's live server, ``http://127.0.0.1:<port>``."""
    return live_server.url


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the live server's log to the report of a failed test that used it."""
    outcome = yield
    report = outcome.get_result()
    # funcargs holds every fixture of the item's closure, so base_url pulls this in too
    server = getattr(item, "funcargs", {}).get("live_server")
    if report.failed and isinstance(server, LiveServer):
        report.sections.append(("live server log", server.log()))
