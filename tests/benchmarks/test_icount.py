"""The instruction counter: a per-iteration cost that is stable, additive and falls on errors.

:mod:`benchmarks.icount` compares code by the instructions callgrind counts, so it must
give the same cost for the same work whatever the host does, more for more work, and
refuse a command that fails. Tiny Python programs stand in for the server here (a real
request takes minutes under callgrind); they run under Debian's valgrind, which
``make system-deps`` installs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import icount

ROOT = Path(__file__).resolve().parents[2]


def _loop(body: str):
    def command(n: int) -> list[str]:
        return [sys.executable, "-S", "-c", f"for _ in range({n}):\n    {body}"]

    return command


def test_cost_per_iteration_is_stable_and_grows_with_the_work() -> None:
    light = _loop("sum(range(200))")
    heavy = _loop("sum(range(2000))")
    first = icount.per_iteration(light, 200, 1200, ROOT, {})
    second = icount.per_iteration(light, 400, 1400, ROOT, {})
    more = icount.per_iteration(heavy, 200, 1200, ROOT, {})
    assert first > 0
    # The start-up cancels out: other iteration counts give the same cost per iteration.
    assert abs(first - second) / first < 0.02
    # Ten times the summing costs several times more per iteration.
    assert more > 5 * first


def test_a_failing_command_is_an_error_not_a_count() -> None:
    with pytest.raises(RuntimeError, match="under callgrind failed"):
        icount.count_instructions([sys.executable, "-S", "-c", "raise SystemExit(3)"], ROOT, {})
    with pytest.raises(ValueError):
        icount.per_iteration(_loop("pass"), 10, 10, ROOT, {})
