"""The counters only an account's owner sees on it: pending follow requests, unread
conversations and unseen notifications (``verify_credentials``, ``update_credentials``
and GraphQL's ``viewerCounts``); the unseen-notifications count alone is also the
notifications marker's ``unread_count`` (:func:`unseen_notifications`).

All three come from one hand-written statement of scalar subqueries, each an indexed
count, so the owner's view of an account costs one query more than anyone else's view
(``verify_credentials`` reads them in its token lookup instead, with
:func:`counts_columns`, and costs one statement in all).
The statement is written out rather than built with the ORM: building it with Tortoise
cost more than running it, on the path every client calls at start-up (W3 of the
benchmark).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schema.services.raw_sql import rows_over

#: Follow requests (``follows`` by target), unread participations, unseen notifications,
#: each a scalar subquery over the account id ``{0}``, by the column alias it is read as.
#: Like Pleroma, the unseen count is every unseen notification row (the list's hiding
#: of since-muted actors does not lower it).
#: The unseen count is also the notifications marker's ``pleroma.unread_count``
#: (:func:`unseen_notifications`), so it is written once, here.
_UNSEEN_NOTIFICATIONS = (
    "(SELECT COUNT(*) FROM notifications WHERE account_id = {0} AND seen = FALSE)"
)
_COUNTS = (
    ("fr", "(SELECT COUNT(*) FROM follows WHERE target_id = {0} AND accepted = FALSE)"),
    ("uc", "(SELECT COUNT(*) FROM participations WHERE account_id = {0} AND read = FALSE)"),
    ("un", _UNSEEN_NOTIFICATIONS),
)
_SQL = "SELECT " + ", ".join(f"{sql} AS {alias}" for alias, sql in _COUNTS)
_UNSEEN_SQL = " ".join(("SELECT", _UNSEEN_NOTIFICATIONS, "AS un"))


def counts_columns(account_id_sql: str) -> str:
    """The three counters as select expressions over the SQL expression
    ``account_id_sql`` (a column of the enclosing statement), for reading them in a
    statement that finds the account anyway (the token lookup); see :func:`from_row`."""
    return ", ".join(f"{sql.format(account_id_sql)} AS {alias}" for alias, sql in _COUNTS)


@dataclass(frozen=True)
class OwnCounts:
    """What :func:`own_counts` answers."""

    follow_requests: int = 0
    unread_conversations: int = 0
    unread_notifications: int = 0


async def own_counts(account_id: str) -> OwnCounts:
    """The owner-only counters of ``account_id``, in one read-only statement (zeros for an
    account that does not exist)."""
    return from_row((await rows_over(_SQL, 3, account_id))[0])


def from_row(row: Any) -> OwnCounts:
    """The counters read by :func:`counts_columns` (or :func:`own_counts`) from ``row``."""
    return OwnCounts(
        follow_requests=int(row["fr"]),
        unread_conversations=int(row["uc"]),
        unread_notifications=int(row["un"]),
    )


async def unseen_notifications(account_id: str) -> int:
    """Only the unseen-notifications count of :func:`own_counts`, in one read-only
    statement (the notifications marker's ``pleroma.unread_count``)."""
    row = (await rows_over(_UNSEEN_SQL, 1, account_id))[0]
    return int(row["un"])
