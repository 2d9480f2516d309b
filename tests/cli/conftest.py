"""Helpers for running ``python -m app`` against the test's database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_env(settings) -> dict[str, str]:
    """Environment for a ``python -m app`` subprocess on this test's data dir and database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLENUM_")}
    env.update(
        PLENUM_DATA_DIR=str(settings.data_dir),
        PLENUM_DATABASE_URL=settings.effective_database_url,
        PLENUM_PUBLIC_URL=settings.effective_public_url,
        PLENUM_SECRET_KEY=settings.secret_key,
        PLENUM_RATE_LIMITS="false",
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture
def run_cli(cli_env):
    """Run ``python -m app ARGS...``; return the CompletedProcess (text mode)."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "app", *args],
            cwd=ROOT,
            env=env or cli_env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run
