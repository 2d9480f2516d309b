"""Changing a status's audience and its sensitive flag after it was posted (admin API).

:func:`change_scope` is the one place that does it, because several stored facts are
derived from a status's visibility when it is posted, and each must follow a change:

- the replied-to status's ``replies_count`` counts public replies only
  (:data:`~schema.services.visibility.PUBLIC_VISIBILITIES`, as posting and deleting do);
- nobody but the author may reblog a private status, so a status turning private loses
  everyone else's reblogs and the author's own become private
  (:func:`~schema.services.interactions.fit_reblogs_to_private`); streams and
  notifications hear of each removed reblog as of an unreblog;
- a direct status that stops being direct no longer places its conversation in the lists
  (:func:`~schema.services.conversations.direct_status_gone`).

Timelines, notifications, conversation views and streaming read the visibility when they
run (:mod:`schema.services.visibility`), so nothing else is stored that could go stale.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.statuses import Status
from schema.errors import BAD_REQUEST, NOT_FOUND, DomainError
from schema.services import conversations, interactions, row_locks
from schema.services.visibility import PUBLIC_VISIBILITIES

#: The audiences a status may be moved to (Pleroma's admin ``PUT /statuses/:id``).
SCOPE_VISIBILITIES = ("public", "unlisted", "private")
#: Pleroma's answer for any other visibility.
UNSUPPORTED_VISIBILITY = "Unsupported visibility"


def check_visibility(visibility: str | None) -> None:
    """400 ``Unsupported visibility`` unless ``visibility`` is ``None`` or one of
    :data:`SCOPE_VISIBILITIES`."""
    if visibility is not None and visibility not in SCOPE_VISIBILITIES:
        raise DomainError(BAD_REQUEST, UNSUPPORTED_VISIBILITY, field="visibility")


async def change_scope(
    status: Status,
    *,
    sensitive: bool | None = None,
    visibility: str | None = None,
    within: Callable[[], Awaitable[Any]] | None = None,
    missing: DomainError | None = None,
) -> Status:
    """Set ``sensitive`` and/or ``visibility`` of the original ``status``; returns the
    stored row afterwards.

    ``None`` leaves a field as it is; setting a field to its current value changes
    nothing (idempotent). The row, the facts listed in the module doc and ``within``
    (when given: the moderation log entry) are written in one transaction, which holds
    the status row on PostgreSQL so two changes take turns. Removed reblogs are announced
    after commit. Errors: 400 ``Unsupported visibility`` (see :func:`check_visibility`);
    ``missing`` (default 404 ``Record not found``) when the row is gone or is a reblog.
    """
    check_visibility(visibility)
    removed: list[tuple[str, str]] = []
    async with in_transaction():
        query = Status.filter(id=status.id, reblog_of_id=None)
        if row_locks.locks_rows():
            query = query.select_for_update()
        current = await query.first()
        if current is None:
            raise missing or DomainError(NOT_FOUND)
        changes: dict[str, Any] = {}
        if sensitive is not None and bool(sensitive) != bool(current.sensitive):
            changes["sensitive"] = bool(sensitive)
        before = current.visibility
        if visibility is not None and visibility != before:
            changes["visibility"] = visibility
        if changes:
            await Status.filter(id=current.id).update(**changes)
        if "visibility" in changes:
            removed = await _follow_visibility(current, before, visibility or before)
        if within is not None:
            await within()
    await interactions.announce_unreblogged(current.id, removed)
    return await Status.get(id=current.id)


async def _follow_visibility(status: Status, before: str, after: str) -> list[tuple[str, str]]:
    """Move the facts derived from ``status``'s visibility from ``before`` to ``after``
    (inside the transaction); the reblogs removed."""
    was_public, is_public = before in PUBLIC_VISIBILITIES, after in PUBLIC_VISIBILITIES
    if status.in_reply_to_id is not None and was_public != is_public:
        step = 1 if is_public else -1
        await Status.filter(id=status.in_reply_to_id).update(
            replies_count=F("replies_count") + step
        )
    if before == "direct":
        await conversations.direct_status_gone(status)
    if after == "private":
        return await interactions.fit_reblogs_to_private(status)
    return []
