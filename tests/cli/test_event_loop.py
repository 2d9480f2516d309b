"""PLENUM_EVENT_LOOP: serve runs on uvloop by default, asyncio's loop on request."""

from __future__ import annotations

import asyncio
import gc

import pytest
import uvloop

from app.cli import _freeze_startup_objects, new_event_loop
from app.config import ConfigError, load_settings


def test_setting_is_checked():
    assert load_settings(env={}).event_loop == "uvloop"
    assert load_settings(env={"PLENUM_EVENT_LOOP": "AsyncIO"}).event_loop == "asyncio"
    with pytest.raises(ConfigError, match="PLENUM_EVENT_LOOP"):
        load_settings(env={"PLENUM_EVENT_LOOP": "trio"})


@pytest.mark.parametrize(("kind", "expected"), [("uvloop", uvloop.Loop), ("asyncio", None)])
def test_the_loop_of_each_kind_runs_coroutines(kind, expected):
    loop = new_event_loop(kind)
    try:
        if expected is not None:
            assert isinstance(loop, expected)
        else:
            assert not isinstance(loop, uvloop.Loop)
        assert loop.run_until_complete(asyncio.sleep(0, result=42)) == 42
    finally:
        loop.close()


def test_startup_objects_are_frozen():
    try:
        asyncio.run(_freeze_startup_objects(None))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
