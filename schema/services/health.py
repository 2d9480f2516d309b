"""Health figures of this server (``/api/pleroma/healthcheck``, GraphQL ``health``).

Read-only and cheap: one query against the database plus a look at this process's memory.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict, dataclass
from typing import Any

from tortoise import connections

log = logging.getLogger("plenum.health")


@dataclass(frozen=True)
class HealthReport:
    """What the healthcheck shows.

    ``pool_size``: configured database connections (1 on SQLite, which has one connection).
    ``active`` / ``idle``: database connections by state. On PostgreSQL they come from
    ``pg_stat_activity`` for the current database (every non-active state counts as idle,
    and every process on the database counts, this one's probe included); on SQLite the one
    connection is active when another task holds it at the moment of the check.
    ``memory_used``: resident memory of this process in MiB, two decimals.
    ``healthy``: on PostgreSQL, the database answered and ``active < pool_size`` (Pleroma's
    rule); on SQLite, the probe got the connection within :data:`SQLITE_PROBE_TIMEOUT`.
    """

    pool_size: int
    active: int
    idle: int
    memory_used: float
    healthy: bool

    def as_dict(self) -> dict[str, Any]:
        """The report as a plain dict (the REST body)."""
        return asdict(self)


def memory_used_mib() -> float:
    """Resident memory of this process in MiB, rounded to two decimals."""
    import psutil  # imported on first use: it costs ~1.5 MB of every process's memory

    return round(psutil.Process().memory_info().rss / (1024 * 1024), 2)


def _is_sqlite(conn: Any) -> bool:
    return getattr(getattr(conn, "capabilities", None), "dialect", None) == "sqlite"


async def _postgres_counts(conn: Any) -> tuple[int, int]:
    rows = await conn.execute_query_dict(
        "SELECT state, count(*) AS n FROM pg_stat_activity "
        "WHERE datname = current_database() AND state IS NOT NULL GROUP BY state"
    )
    active = sum(int(r["n"]) for r in rows if r["state"] == "active")
    idle = sum(int(r["n"]) for r in rows if r["state"] != "active")
    return active, idle


#: How long the SQLite probe may wait for the single connection before the database
#: counts as stuck. Waiting briefly is normal (SQLite serialises every statement), so a
#: busy connection alone must not fail the check and make a load balancer flap.
SQLITE_PROBE_TIMEOUT = 2.0


async def _sqlite_counts(conn: Any) -> tuple[int, int, bool]:
    lock = getattr(conn, "_lock", None)
    busy = bool(lock is not None and lock.locked())
    try:
        await asyncio.wait_for(conn.execute_query("SELECT 1"), SQLITE_PROBE_TIMEOUT)
    except TimeoutError:
        return 1, 0, False
    return (1, 0, True) if busy else (0, 1, True)


async def health(ctx: Any) -> HealthReport:
    """Gather the health figures; never raises for a database failure.

    An unreachable database gives ``healthy=False`` with zero counts (the error is logged
    without connection details).
    """
    memory = memory_used_mib()
    try:
        conn = connections.get("default")
        if _is_sqlite(conn):
            pool_size = 1
            active, idle, answered = await _sqlite_counts(conn)
            return HealthReport(pool_size, active, idle, memory, answered)
        pool_size = ctx.policy.db_pool_size
        active, idle = await _postgres_counts(conn)
    except Exception as exc:  # any driver or pool error means "database unreachable"
        log.warning("healthcheck: database unreachable (%s)", type(exc).__name__)
        pool_size = 1 if _safe_is_sqlite() else ctx.policy.db_pool_size
        return HealthReport(pool_size, 0, 0, memory, False)
    return HealthReport(pool_size, active, idle, memory, active < pool_size)


def _safe_is_sqlite() -> bool:
    try:
        return _is_sqlite(connections.get("default"))
    except Exception:
        return False
