"""What an account does to a status: favourite, reblog, bookmark, pin, mute its thread.

Every action first finds the status through :func:`schema.services.statuses.get_visible`
(a hidden status answers 404 like a missing one) and acts on the original when given a
reblog. Each fact is one row made once: a unique constraint (or, for reblogs, a row lock)
makes a repeated or concurrent request a no-op, and the counter it affects moves with
``F()`` in the same transaction. Events are announced after commit.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.ids import new_id
from models.interactions import Bookmark, Favourite, Pin, ThreadMute
from models.statuses import Status
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, NOT_FOUND, VALIDATION, DomainError
from schema.services import events, throttle
from schema.services.pagination import PageRequest, finish, keyset
from schema.services.row_locks import locks_rows
from schema.services.statuses import get_visible
from schema.services.visibility import blocked_either_way_q, visible_q

#: Pleroma's default ``[:instance, :max_pinned_statuses]``.
MAX_PINNED_STATUSES = 1
REBLOG_VISIBILITIES = ("public", "unlisted", "private")


async def _original(ctx: RequestContext, status_id: str) -> Status:
    """The visible status ``status_id``, or the original it reblogs; 404 otherwise."""
    status = await get_visible(ctx, status_id)
    if status.reblog_of_id is not None:
        status = await Status.get(id=status.reblog_of_id)
    return status


async def _reload(status: Status) -> Status:
    return await Status.get(id=status.id)


# --- favourites ---------------------------------------------------------------------


async def favourite(ctx: RequestContext, status_id: str) -> Status:
    """Favourite a visible status (its original when given a reblog); returns the original.

    Idempotent: favouriting twice changes nothing. Emits ``status.favourited`` once.
    404 when the viewer cannot see the status.
    """
    viewer = ctx.viewer.require("write:favourites")
    await throttle.status_action(ctx, "fav_unfav", status_id)
    status = await _original(ctx, status_id)
    try:
        async with in_transaction():
            await Favourite.create(account_id=viewer.id, status_id=status.id)
            await Status.filter(id=status.id).update(favourites_count=F("favourites_count") + 1)
    except IntegrityError:
        return await _reload(status)
    await events.emit(
        events.Event(
            "status.favourited",
            actor_id=viewer.id,
            status_id=status.id,
            target_id=status.account_id,
        )
    )
    return await _reload(status)


async def unfavourite(ctx: RequestContext, status_id: str) -> Status:
    """Take back the viewer's favourite; returns the original status.

    400 ``Could not unfavorite`` when the viewer had not favourited it (Pleroma), 404 when
    the status is hidden. Emits ``status.unfavourited``.
    """
    viewer = ctx.viewer.require("write:favourites")
    await throttle.status_action(ctx, "fav_unfav", status_id)
    status = await _original(ctx, status_id)
    async with in_transaction():
        deleted = await Favourite.filter(account_id=viewer.id, status_id=status.id).delete()
        if deleted:
            await Status.filter(id=status.id).update(favourites_count=F("favourites_count") - 1)
    if not deleted:
        raise DomainError(BAD_REQUEST, "Could not unfavorite")
    await events.emit(
        events.Event("status.unfavourited", actor_id=viewer.id, status_id=status.id)
    )
    return await _reload(status)


# --- reblogs ------------------------------------------------------------------------


def _check_repeatable(status: Status, viewer_id: str) -> None:
    """400 ``Could not repeat`` for a direct status or someone else's private one."""
    if status.visibility == "direct" or (
        status.visibility == "private" and status.account_id != viewer_id
    ):
        raise DomainError(BAD_REQUEST, "Could not repeat")


async def reblog(ctx: RequestContext, status_id: str, visibility: str | None = None) -> Status:
    """Reblog a visible status; returns the reblog (the wrapper row).

    Idempotent: a second reblog returns the first wrapper. The author may reblog their own
    private status (the reblog stays private); nobody may reblog someone else's private
    status or any direct one: 400 ``Could not repeat`` (a direct status the viewer cannot
    see is 404). ``visibility`` (public, unlisted, private) sets the reblog's audience.
    Emits ``status.reblogged`` (``data.reblog_id``) once.
    """
    viewer = ctx.viewer.require("write:statuses")
    await throttle.status_action(ctx, "reblog_unreblog", status_id)
    status = await _original(ctx, status_id)
    _check_repeatable(status, viewer.id)
    if visibility is not None and visibility not in REBLOG_VISIBILITIES:
        raise DomainError(BAD_REQUEST, f"Invalid visibility: {visibility}", field="visibility")
    reblog_id = new_id()
    async with in_transaction():
        # Re-read inside the transaction: a moderator may have made it private or direct
        # (or deleted it) since the check above. On PostgreSQL the row lock also serialises
        # concurrent reblogs of one status (SQLite serialises writers already).
        current = Status.filter(id=status.id)
        locked = await (current.select_for_update() if locks_rows() else current).first()
        if locked is None:
            raise DomainError(NOT_FOUND)
        status = locked
        _check_repeatable(status, viewer.id)
        wrapper_visibility = (
            "private" if status.visibility == "private" else visibility or "public"
        )
        existing = await Status.filter(account_id=viewer.id, reblog_of_id=status.id).first()
        if existing is None:
            await Status.create(
                id=reblog_id,
                account_id=viewer.id,
                uri=ctx.policy.url(f"/activities/{reblog_id}"),
                url=ctx.policy.url(f"/notice/{reblog_id}"),
                local=True,
                visibility=wrapper_visibility,
                reblog_of_id=status.id,
                conversation_id=status.conversation_id,
                application_name=ctx.viewer.app.name if ctx.viewer.app is not None else None,
                application_website=(
                    ctx.viewer.app.website if ctx.viewer.app is not None else None
                ),
            )
            await Status.filter(id=status.id).update(reblogs_count=F("reblogs_count") + 1)
    if existing is not None:
        return existing
    await events.emit(
        events.Event(
            "status.reblogged",
            actor_id=viewer.id,
            status_id=status.id,
            target_id=status.account_id,
            data={"reblog_id": reblog_id},
        )
    )
    return await Status.get(id=reblog_id)


async def unreblog(ctx: RequestContext, status_id: str) -> Status:
    """Undo the viewer's reblog of a status (or of the status a reblog id points at).

    Returns the original. 400 ``Could not unrepeat`` when the viewer had not reblogged it,
    404 when hidden. Emits ``status.unreblogged`` with the removed reblog's id.
    """
    viewer = ctx.viewer.require("write:statuses")
    await throttle.status_action(ctx, "reblog_unreblog", status_id)
    status = await _original(ctx, status_id)
    async with in_transaction():
        wrappers = await Status.filter(account_id=viewer.id, reblog_of_id=status.id).values_list(
            "id", flat=True
        )
        deleted = await Status.filter(id__in=list(wrappers)).delete() if wrappers else 0
        if deleted:
            await Status.filter(id=status.id).update(reblogs_count=F("reblogs_count") - deleted)
    if not deleted:
        raise DomainError(BAD_REQUEST, "Could not unrepeat")
    await announce_unreblogged(status.id, [(wrapper_id, viewer.id) for wrapper_id in wrappers])
    return await _reload(status)


async def fit_reblogs_to_private(status: Status) -> list[tuple[str, str]]:
    """Make the reblogs of ``status`` fit it having turned private; call inside the
    transaction that changes its visibility.

    Nobody but the author may reblog a private status (:func:`reblog`), so everyone
    else's reblogs of it go and ``reblogs_count`` drops with them; the author's own become
    private, as :func:`reblog` makes them. Returns the removed ``(reblog id, reblogger
    id)`` pairs, for :func:`announce_unreblogged` once the transaction has committed.
    """
    others = await (
        Status.filter(reblog_of_id=status.id)
        .exclude(account_id=status.account_id)
        .values_list("id", "account_id")
    )
    removed = [(str(wrapper_id), str(account_id)) for wrapper_id, account_id in others]
    if removed:
        deleted = await Status.filter(id__in=[w for w, _ in removed]).delete()
        await Status.filter(id=status.id).update(reblogs_count=F("reblogs_count") - deleted)
    await Status.filter(reblog_of_id=status.id, account_id=status.account_id).update(
        visibility="private"
    )
    return removed


async def announce_unreblogged(status_id: str, removed: list[tuple[str, str]]) -> None:
    """``status.unreblogged`` for each removed ``(reblog id, reblogger id)`` of
    ``status_id`` (streams send ``delete``, the ``reblog`` notification goes)."""
    for wrapper_id, account_id in removed:
        await events.emit(
            events.Event(
                "status.unreblogged",
                actor_id=account_id,
                status_id=status_id,
                data={"reblog_id": wrapper_id},
            )
        )


# --- bookmarks ----------------------------------------------------------------------


async def bookmark(ctx: RequestContext, status_id: str) -> Status:
    """Bookmark a visible status (idempotent); returns the original. 404 when hidden."""
    viewer = ctx.viewer.require("write:bookmarks")
    status = await _original(ctx, status_id)
    with contextlib.suppress(IntegrityError):
        await Bookmark.create(account_id=viewer.id, status_id=status.id)
    return status


async def unbookmark(ctx: RequestContext, status_id: str) -> Status:
    """Remove the viewer's bookmark (idempotent); returns the original. 404 when hidden."""
    viewer = ctx.viewer.require("write:bookmarks")
    status = await _original(ctx, status_id)
    await Bookmark.filter(account_id=viewer.id, status_id=status.id).delete()
    return status


# --- pins ---------------------------------------------------------------------------


async def pin(ctx: RequestContext, status_id: str) -> Status:
    """Pin one of the viewer's own public or unlisted statuses to their profile.

    Idempotent for an already pinned status. Errors (Pleroma's): 422 ``Someone else's
    status cannot be pinned``, 422 ``Non-public status cannot be pinned``, 400 ``You have
    already pinned the maximum number of statuses``; 404 when hidden.
    """
    viewer = ctx.viewer.require("write:accounts")
    status = await get_visible(ctx, status_id)
    if status.account_id != viewer.id or status.reblog_of_id is not None:
        raise DomainError(VALIDATION, "Someone else's status cannot be pinned")
    if status.visibility not in ("public", "unlisted"):
        raise DomainError(VALIDATION, "Non-public status cannot be pinned")
    limit = getattr(ctx.policy, "max_pinned_statuses", MAX_PINNED_STATUSES)
    async with in_transaction():
        if locks_rows():
            await Account.filter(id=viewer.id).select_for_update().first()
        if await Pin.filter(account_id=viewer.id, status_id=status.id).exists():
            return status
        if await Pin.filter(account_id=viewer.id).count() >= limit:
            raise DomainError(BAD_REQUEST, "You have already pinned the maximum number of statuses")
        await Pin.create(account_id=viewer.id, status_id=status.id)
    return status


async def unpin(ctx: RequestContext, status_id: str) -> Status:
    """Unpin a status of the viewer's (idempotent); returns it. 404 when hidden."""
    viewer = ctx.viewer.require("write:accounts")
    status = await get_visible(ctx, status_id)
    await Pin.filter(account_id=viewer.id, status_id=status.id).delete()
    return status


# --- thread mutes -------------------------------------------------------------------


async def mute_thread(ctx: RequestContext, status_id: str) -> Status:
    """Mute the thread of a visible status (no notifications from it); returns the original.

    400 ``conversation is already muted`` when it is (Pleroma); 404 when hidden.
    """
    viewer = ctx.viewer.require("write:mutes")
    status = await _original(ctx, status_id)
    try:
        await ThreadMute.create(account_id=viewer.id, conversation_id=status.conversation_id)
    except IntegrityError:
        raise DomainError(BAD_REQUEST, "conversation is already muted") from None
    return status


async def unmute_thread(ctx: RequestContext, status_id: str) -> Status:
    """Unmute the thread of a visible status (idempotent); returns the original."""
    viewer = ctx.viewer.require("write:mutes")
    status = await _original(ctx, status_id)
    await ThreadMute.filter(account_id=viewer.id, conversation_id=status.conversation_id).delete()
    return status


# --- who favourited / reblogged ---------------------------------------------------------


@dataclass(frozen=True)
class AccountEdge:
    """An account in a "who did it" list, with the id its page is keyed on."""

    cursor: str
    account: Any


async def favourited_by(
    ctx: RequestContext, status_id: str, page: PageRequest
) -> list[AccountEdge]:
    """Active accounts that favourited a visible status, newest favourite first.

    Keyset-paged on the favourite's id; accounts blocking or blocked by the viewer are left
    out. 404 when the status is hidden (its favourites are hidden with it).
    """
    status = await _original(ctx, status_id)
    query = Favourite.filter(status_id=status.id, account__is_active=True)
    if ctx.viewer.account_id is not None:
        query = query.filter(blocked_either_way_q(ctx.viewer.account_id))
    rows = finish(await keyset(query, page).select_related("account"), page)
    return [AccountEdge(row.id, row.account) for row in rows]


async def reblogged_by(
    ctx: RequestContext, status_id: str, page: PageRequest
) -> list[AccountEdge]:
    """Active accounts that reblogged a visible status, newest reblog first.

    Keyset-paged on the reblog's id. Reblogs the viewer may not see (a private self-reblog
    seen by a stranger, accounts blocking or blocked by the viewer) are left out.
    404 when the status is hidden.
    """
    status = await _original(ctx, status_id)
    query = Status.filter(
        visible_q(ctx.viewer.account_id), reblog_of_id=status.id, account__is_active=True
    )
    rows = finish(await keyset(query, page).select_related("account"), page)
    return [AccountEdge(row.id, row.account) for row in rows]
