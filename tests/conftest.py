"""Shared fixtures: settings, a database per test, the app client, the fixture world."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import pytest_asyncio
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from app import db as app_db
from app.config import Settings
from app.main import create_app
from schema.services import passwords
from tests.dbsetup import TestDatabase

os.environ.setdefault("PLENUM_RATE_LIMITS", "false")

# Argon2's production parameters cost ~50 ms a hash; the suite hashes thousands.
passwords.use_hasher(PasswordHasher.from_parameters(CHEAPEST))

PUBLIC_URL = "https://plenum.example"


@pytest.fixture(scope="session")
def test_database(worker_id: str):
    """The migrated database of this pytest worker (dropped at the end of the run)."""
    root = Path(tempfile.mkdtemp(prefix=f"plenum-{worker_id}-"))
    database = TestDatabase(worker_id, root)
    database.setup()
    yield database
    database.teardown()


@pytest.fixture(scope="session")
def worker_id(request) -> str:
    """The xdist worker name, or ``main`` without xdist."""
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


@pytest_asyncio.fixture
async def database_url(test_database: TestDatabase, tmp_path: Path):
    """A clean database for this test; emptied again afterwards."""
    url = test_database.url_for_test(tmp_path)
    yield url
    await test_database.reset()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings for one test: its own data dir and database, rate limits off."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        public_url=PUBLIC_URL,
        rate_limits=False,
        secret_key="test-secret-key-not-for-production",
        instance_name="Plenum Test",
        admin_email="admin@plenum.example",
    )


@pytest.fixture
def policy(settings: Settings):
    """The instance policy built from ``settings``."""
    return settings.policy()


@pytest_asyncio.fixture
async def db(settings: Settings):
    """An open ORM connection for service tests (no HTTP)."""
    await app_db.init(settings.effective_database_url)
    yield
    await app_db.close()


@pytest_asyncio.fixture
async def client(settings: Settings, aiohttp_client):
    """An aiohttp test client on a fresh app (its startup opens the database).

    ``settings`` is set up first so that teardown shuts the app (and its background
    jobs) down before the database is emptied.
    """
    return await aiohttp_client(create_app(settings))
