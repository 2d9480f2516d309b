"""Writing one timeline marker row: the upsert both the markers service and the
notifications service use (saving a marker, and marking notifications read, which moves
the notifications marker as Pleroma does).

It lives apart from :mod:`schema.services.markers` so that the notifications service can
move the marker without importing the markers service, which imports it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.markers import Marker
from models.notifications import Notification

#: The timelines a marker may be kept for (Mastodon's set).
TIMELINES = ("home", "notifications")


async def _move(account_id: str, timeline: str, last_read_id: str, now: datetime) -> int:
    """Point an existing marker at ``last_read_id`` when it points elsewhere; rows changed."""
    return (
        await Marker.filter(account_id=account_id, timeline=timeline)
        .exclude(last_read_id=last_read_id)
        .update(last_read_id=last_read_id, version=F("version") + 1, updated_at=now)
    )


async def upsert(account_id: str, timeline: str, last_read_id: str) -> None:
    """Create the marker at version 0, or move it to ``last_read_id``.

    Moving bumps ``version`` by one and sets ``updated_at``; a marker that already points
    at ``last_read_id`` is left as it is (Mastodon saves nothing when nothing changed), so
    repeating a save is idempotent. Safe when two requests race to create the row: the
    loser's insert fails on the unique (account, timeline) pair inside a savepoint and it
    moves the winner's row instead, so every racer's save counts as one move. Call it
    inside the caller's transaction.
    """
    now = datetime.now(UTC)
    if await _move(account_id, timeline, last_read_id, now):
        return
    # Nothing moved: either the marker already points there (done), or there is no row
    # yet, or a racer created one since the update above; only the first case may return
    # without trying, else a racer's fresh row would keep the racer's position.
    if await Marker.filter(
        account_id=account_id, timeline=timeline, last_read_id=last_read_id
    ).exists():
        return
    try:
        async with in_transaction():
            await Marker.create(
                account_id=account_id,
                timeline=timeline,
                last_read_id=last_read_id,
                version=0,
                updated_at=now,
            )
    except IntegrityError:
        await _move(account_id, timeline, last_read_id, now)


async def follow_seen_notifications(account_id: str) -> None:
    """Point the notifications marker at the account's newest seen notification, as
    Pleroma does whenever notifications are marked read (creating the marker if needed);
    nothing when no notification has been seen. Call it inside the marking transaction.
    """
    newest = (
        await Notification.filter(account_id=account_id, seen=True)
        .order_by("-id")
        .limit(1)
        .values_list("id", flat=True)
    )
    if newest:
        await upsert(account_id, "notifications", str(newest[0]))
