"""Pleroma subscriptions: tell subscribers about an account's new top-level statuses.

:func:`install` hooks :func:`on_status_created` to ``status.created`` (the app calls it at
startup). For a new status that is not a reply and not a reblog, every subscriber of the
author (and every accepted follower who asked to be notified, Mastodon's ``notify``) who
may see it gets one ``subscription.status`` event (``target_id`` is the subscriber). The
notifications service turns those into notifications.
"""

from __future__ import annotations

from models.statuses import Status
from schema.services import events
from schema.services.prepared import STR, Prepared
from schema.services.raw_sql import rows_over
from schema.services.visibility import can_see

SUBSCRIPTION_EVENT = "subscription.status"


#: Subscribers (Pleroma's ``subscriptions``) then followers with ``notify`` on (accepted
#: follows), each oldest first, in one statement: every new status asks this, and on
#: PostgreSQL a statement's round trip costs more than running it. ``{0}`` is the author.
_SUBSCRIBERS_SQL = (
    "SELECT account_id FROM ("
    "SELECT account_id, 0 AS source, id FROM subscriptions WHERE target_id = {0} "
    "UNION ALL "
    "SELECT account_id, 1 AS source, id FROM follows "
    "WHERE target_id = {0} AND accepted = TRUE AND notify = TRUE"
    ") AS subscribers ORDER BY source, id"
)


def _status_query(status_id):
    return Status.filter(id=status_id).first()


_status = Prepared(Status, _status_query, status_id=STR)


async def subscriber_ids(author_id: str) -> list[str]:
    """Subscribers of ``author_id`` plus followers with ``notify`` on, oldest first, once."""
    rows = await rows_over(_SUBSCRIBERS_SQL, 2, author_id)
    return list(dict.fromkeys(row["account_id"] for row in rows))


async def on_status_created(event: events.Event) -> None:
    """Emit ``subscription.status`` for each subscriber who may see the new status.

    The author's subscribers are read first (``actor_id`` is the author): most authors
    have none, and then the status itself need not be read.
    """
    if event.status_id is None:
        return
    subscribers = None
    if event.actor_id is not None:
        subscribers = await subscriber_ids(str(event.actor_id))
        if not subscribers:
            return
    status = await _status(status_id=str(event.status_id))
    if status is None or status.in_reply_to_id is not None or status.reblog_of_id is not None:
        return
    if subscribers is None or status.account_id != event.actor_id:
        subscribers = await subscriber_ids(status.account_id)
    for subscriber_id in subscribers:
        if subscriber_id == status.account_id:
            continue
        if await can_see(subscriber_id, status):
            await events.emit(
                events.Event(
                    SUBSCRIPTION_EVENT,
                    actor_id=status.account_id,
                    status_id=status.id,
                    target_id=subscriber_id,
                )
            )


def install() -> None:
    """Subscribe the handler to ``status.created`` (idempotent)."""
    events.subscribe("status.created", on_status_created)
