"""PLENUM_SQLITE_SYNCHRONOUS: validated, and applied to the SQLite connection."""

from __future__ import annotations

import pytest
from tortoise import connections

from app import db
from app.config import ConfigError, load_settings


def test_default_is_normal_and_values_are_checked():
    assert load_settings(env={}).sqlite_synchronous == "NORMAL"
    assert load_settings(env={"PLENUM_SQLITE_SYNCHRONOUS": " full "}).sqlite_synchronous == "FULL"
    for bad in ("OFF", "0", "fast"):
        with pytest.raises(ConfigError, match="PLENUM_SQLITE_SYNCHRONOUS"):
            load_settings(env={"PLENUM_SQLITE_SYNCHRONOUS": bad})


@pytest.mark.parametrize(("mode", "level"), [("NORMAL", 1), ("FULL", 2)])
async def test_the_connection_runs_at_the_chosen_level(tmp_path, mode, level):
    url = f"sqlite://{tmp_path / 'durability.sqlite3'}"
    await db.init(url, sqlite_synchronous=mode)
    try:
        rows = await connections.get("default").execute_query_dict("PRAGMA synchronous")
        assert rows[0]["synchronous"] == level
        journal = await connections.get("default").execute_query_dict("PRAGMA journal_mode")
        assert journal[0]["journal_mode"] == "wal"
    finally:
        await db.close()
