"""Timeline markers (Mastodon's ``/api/v1/markers``, with Pleroma's unread count).

A client saves where its user stopped reading the home timeline and the notifications,
and reads it back on another device. Each account has at most one marker per timeline
(:data:`~schema.services.marker_store.TIMELINES`); someone else's markers are never read
or written, since every query is keyed by the viewer's account.

Reading needs ``read:statuses`` and costs at most two statements: the markers, and, when
the notifications marker is among them, the viewer's unseen-notifications count
(Pleroma's ``pleroma.unread_count``, counted by :mod:`schema.services.own_counts`).
Saving needs ``write:statuses``; saving the notifications marker also marks the viewer's
notifications up to ``last_read_id`` seen, as Pleroma does, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from models.markers import Marker
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, VALIDATION, DomainError
from schema.services import marker_store, notifications
from schema.services.own_counts import unseen_notifications

READ_SCOPE = "read:statuses"
WRITE_SCOPE = "write:statuses"
TIMELINES = marker_store.TIMELINES
#: The longest ``last_read_id`` kept (ids of this server are 18 characters).
MAX_ID_LENGTH = 64
NO_TIMELINE = "Missing field: home or notifications"
BLANK_ID = "Validation failed: Last read can't be blank"
LONG_ID = f"Validation failed: Last read is too long (maximum is {MAX_ID_LENGTH} characters)"


@dataclass(frozen=True)
class MarkerView:
    """One marker as both projections show it.

    ``unread_count`` is set on the notifications marker only (Pleroma's extra).
    """

    timeline: str
    last_read_id: str
    version: int
    updated_at: datetime
    unread_count: int | None = None


def known_timelines(names: Iterable[Any]) -> list[str]:
    """The known timeline names among ``names``, in :data:`TIMELINES` order, once each;
    unknown names are ignored (as Mastodon does)."""
    wanted = {str(n) for n in names if n is not None}
    return [t for t in TIMELINES if t in wanted]


async def _views(account_id: str, timelines: list[str]) -> list[MarkerView]:
    rows = await Marker.filter(account_id=account_id, timeline__in=timelines)
    by_timeline = {row.timeline: row for row in rows}
    unread = await unseen_notifications(account_id) if "notifications" in by_timeline else None
    return [
        MarkerView(
            timeline=t,
            last_read_id=row.last_read_id,
            version=row.version,
            updated_at=row.updated_at,
            unread_count=unread if t == "notifications" else None,
        )
        for t in TIMELINES
        if (row := by_timeline.get(t)) is not None
    ]


async def get_markers(ctx: RequestContext, timelines: Iterable[Any]) -> list[MarkerView]:
    """The viewer's markers for ``timelines`` (unknown names ignored; timelines without a
    marker are left out, so no names give an empty list). Read-only, at most two
    statements. Needs ``read:statuses`` (403 ``Insufficient permissions: read:statuses.``).
    """
    viewer = ctx.viewer.require(READ_SCOPE)
    wanted = known_timelines(timelines)
    if not wanted:
        return []
    return await _views(viewer.id, wanted)


def _last_read_id(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise DomainError(VALIDATION, BLANK_ID, field="last_read_id")
    text = str(value).strip()
    if not text:
        raise DomainError(VALIDATION, BLANK_ID, field="last_read_id")
    if len(text) > MAX_ID_LENGTH:
        raise DomainError(VALIDATION, LONG_ID, field="last_read_id")
    return text


def checked_positions(positions: Mapping[str, Any]) -> dict[str, str]:
    """``{timeline: last_read_id}`` from what a client sent, checked.

    Unknown timelines are dropped. 400 ``Missing field: home or notifications`` when no
    known timeline is left; 422 ``Validation failed: Last read can't be blank`` when a
    known timeline has no usable ``last_read_id`` (missing, empty or not a string), and
    422 when it is longer than :data:`MAX_ID_LENGTH`.
    """
    known = {t: positions[t] for t in TIMELINES if t in positions}
    if not known:
        raise DomainError(BAD_REQUEST, NO_TIMELINE)
    return {t: _last_read_id(v) for t, v in known.items()}


async def save_markers(ctx: RequestContext, positions: Mapping[str, Any]) -> list[MarkerView]:
    """Create or move the viewer's markers; answers the markers written.

    ``positions`` maps a timeline name to its new ``last_read_id`` (checked by
    :func:`checked_positions`, so nothing is written on bad input). A new marker starts
    at version 0; moving one bumps its version and ``updated_at``; saving the position a
    marker already has changes nothing. Saving ``notifications`` first marks the viewer's
    unseen notifications with ids up to ``last_read_id`` seen (Pleroma). All in one
    transaction. Needs ``write:statuses`` (403 ``Insufficient permissions:
    write:statuses.``).
    """
    viewer = ctx.viewer.require(WRITE_SCOPE)
    checked = checked_positions(positions)
    async with in_transaction():
        if "notifications" in checked:
            await notifications.set_read_up_to(
                viewer.id, checked["notifications"], move_marker=False
            )
        for timeline, last_read_id in checked.items():
            await marker_store.upsert(viewer.id, timeline, last_read_id)
    return await _views(viewer.id, list(checked))
