"""A small in-process job runner: work that should not hold up the response.

The app makes one :class:`JobRunner` and leaves it in ``ctx.extras["jobs"]``; services
hand it coroutines with :meth:`JobRunner.spawn`. On shutdown the app awaits the running
jobs for a grace period, then cancels what is left. Tests call :meth:`JobRunner.join` to
wait until every job has finished. A failing job is logged, never raised.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("plenum.jobs")

_in_job: contextvars.ContextVar[bool] = contextvars.ContextVar("plenum_in_job", default=False)


def in_background_job() -> bool:
    """True inside a job started by :meth:`JobRunner.spawn` (and tasks it starts).

    Lets the statement counters of the tests tell a request's own SQL from the background
    work it kicked off, which runs interleaved with the request's last steps.
    """
    return _in_job.get()


class JobRunner:
    """Tracks background asyncio tasks so they can be awaited or cancelled."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self.completed = 0
        self.failed = 0

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str = "job") -> asyncio.Task[Any]:
        """Start ``coro`` now in the background; returns its task."""
        task = asyncio.get_running_loop().create_task(self._run(coro, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _run(self, coro: Coroutine[Any, Any, Any], name: str) -> Any:
        _in_job.set(True)  # the task runs in a copy of the context: this stays in the job
        try:
            result = await coro
        except asyncio.CancelledError:
            raise
        except Exception:
            self.failed += 1
            log.exception("background job %s failed", name)
            return None
        self.completed += 1
        return result

    @property
    def pending(self) -> int:
        """How many jobs are still running."""
        return len(self._tasks)

    async def join(self) -> None:
        """Wait until every job (including ones spawned meanwhile) has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self, grace: float = 5.0) -> None:
        """Wait up to ``grace`` seconds for running jobs, then cancel the rest."""
        if not self._tasks:
            return
        _, still = await asyncio.wait(list(self._tasks), timeout=grace)
        for task in still:
            task.cancel()
        if still:
            await asyncio.gather(*still, return_exceptions=True)


async def run(ctx: Any, coro: Coroutine[Any, Any, Any], name: str = "job") -> None:
    """Run ``coro`` through the context's job runner, or inline when there is none."""
    runner = ctx.extras.get("jobs") if ctx is not None else None
    if runner is None:
        await coro
    else:
        runner.spawn(coro, name)
