"""Count the SQL statements Tortoise runs: ``with count_queries() as q: ...; q.count``.

Every Tortoise client (SQLite, asyncpg) logs each statement it executes on the
``tortoise.db_client`` logger at DEBUG level (``execute_query``, ``execute_insert``,
``execute_many``, ``execute_script``, ``execute_query_dict``). The counter attaches a
handler to that logger for the duration of the block and keeps the statements, so a failed
budget can show what ran. Connection-pool housekeeping messages are not statements and are
ignored. Transaction control (BEGIN/COMMIT) issued by the driver is not counted, nor are
the statements of background jobs (:func:`~schema.services.jobs.in_background_job`),
which the request started but which are not part of what it costs.

Usage in a test::

    from tests.querycount import count_queries

    with count_queries() as queries:
        await client.post("/graphql", json={"query": "{ viewer { username } }"})
    queries.assert_at_most(3)
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from schema.services.jobs import in_background_job

LOGGER_NAME = "tortoise.db_client"
_NOT_STATEMENTS = ("Created connection", "Closed connection")


class QueryCounter(logging.Handler):
    """A logging handler that records every statement message."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(_NOT_STATEMENTS) or in_background_job():
            return
        self.statements.append(message)

    @property
    def count(self) -> int:
        """How many statements ran so far."""
        return len(self.statements)

    def reset(self) -> None:
        """Forget what was counted (to measure only a later part of a test)."""
        self.statements.clear()

    def assert_at_most(self, budget: int, what: str = "block") -> None:
        """Fail listing the statements when more than ``budget`` ran."""
        if self.count > budget:
            listing = "\n".join(f"  {i + 1}. {s[:300]}" for i, s in enumerate(self.statements))
            pytest.fail(f"{what}: {self.count} SQL statements, budget {budget}:\n{listing}")


@contextmanager
def count_queries() -> Iterator[QueryCounter]:
    """Count the statements run inside the ``with`` block (any connection, any task)."""
    logger = logging.getLogger(LOGGER_NAME)
    counter = QueryCounter()
    previous_level = logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous_level)


@pytest.fixture
def query_counter() -> Iterator[QueryCounter]:
    """A :class:`QueryCounter` active for the whole test (call ``reset()`` to start over)."""
    with count_queries() as counter:
        yield counter
