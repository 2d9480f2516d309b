"""Timelines: which statuses a list shows, newest first, one keyset query per page.

Every timeline is the visibility rule (:func:`~schema.services.visibility.visible_q`)
AND the timeline's own selection, minus what the viewer muted. Rendering data comes
from :func:`schema.services.status_views.hydrate`, so a page costs a constant number of
queries whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise.expressions import Q, Subquery

from models.interactions import Bookmark, Favourite, Pin, ThreadMute
from models.lists import ListMember
from models.relationships import Follow, Mute
from models.statuses import Mention, Status, StatusTag
from schema.context import RequestContext
from schema.errors import FORBIDDEN, NOT_FOUND, DomainError
from schema.services.accounts import find_visible, get_account, visible_to
from schema.services.pagination import (
    PAGE_SLOTS,
    PageRequest,
    bounded,
    finish,
    page_arguments,
    page_of,
)
from schema.services.prepared import DATETIME, STR, STRS, Prepared
from schema.services.relationships import active_mutes_q
from schema.services.visibility import LISTED_VISIBILITIES, visible_q


@dataclass(frozen=True)
class TagFilter:
    """``/timelines/tag/:hashtag`` with Mastodon's ``any``, ``all`` and ``none``."""

    tag: str
    any: list[str] = field(default_factory=list)
    all: list[str] = field(default_factory=list)
    none: list[str] = field(default_factory=list)


def not_muted_q(viewer_id: str, now: datetime) -> Q:
    """Statuses not written by an account the viewer mutes (mutes still in force at ``now``)."""
    muted = Subquery(Mute.filter(active_mutes_q(now), account_id=viewer_id).values("target_id"))
    return ~Q(account_id__in=muted)


def _now_for(viewer_id: str | None) -> datetime | None:
    """The clock for a viewer's mutes (none to check for anonymous viewers)."""
    return datetime.now(UTC) if viewer_id else None


def _home_query(viewer_id, now, max_id, since_id, min_id, limit, local):
    """Home's selection (see :func:`home`) for one page; a prepared-query builder."""
    followed = Subquery(Follow.filter(account_id=viewer_id, accepted=True).values("target_id"))
    no_reblogs = Subquery(
        Follow.filter(account_id=viewer_id, accepted=True, show_reblogs=False).values("target_id")
    )
    addressed = Subquery(Mention.filter(account_id=viewer_id).values("status_id"))
    muted_threads = Subquery(ThreadMute.filter(account_id=viewer_id).values("conversation_id"))
    query = Status.filter(
        visible_q(viewer_id),
        Q(account_id=viewer_id) | Q(account_id__in=followed) | Q(id__in=addressed),
        not_muted_q(viewer_id, now),
        ~Q(conversation_id__in=muted_threads),
        ~Q(Q(reblog_of_id__isnull=False) & Q(account_id__in=no_reblogs)),
    )
    if local:
        query = query.filter(local=True)
    return bounded(query, page_of(max_id, since_id, min_id, limit))


_home = Prepared(Status, _home_query, viewer_id=STR, now=DATETIME, **PAGE_SLOTS)


async def home(ctx: RequestContext, page: PageRequest, *, local: bool = False) -> list[Status]:
    """The viewer's own statuses, those of accounts they follow, and those addressed to them.

    Reblogs from accounts followed with ``reblogs=false``, muted accounts and muted
    threads are left out. Needs ``read:statuses``. One query.
    """
    viewer = ctx.viewer.require("read:statuses")
    rows = await _home(
        viewer_id=viewer.id, now=datetime.now(UTC), local=local, **page_arguments(page)
    )
    return finish(rows, page)


def _list_query(viewer_id, list_id, now, excluded, max_id, since_id, min_id, limit, with_muted):
    """A list's selection (see :func:`list_statuses`) for one page; a prepared-query
    builder. The members are read through the owner, so another account's list id
    selects nothing."""
    members = Subquery(
        ListMember.filter(list_id=list_id, list__account_id=viewer_id).values("account_id")
    )
    query = Status.filter(
        visible_q(viewer_id),
        ~Q(visibility="direct"),
        account_id__in=members,
        reblog_of_id=None,
    )
    if not with_muted:
        muted_threads = Subquery(ThreadMute.filter(account_id=viewer_id).values("conversation_id"))
        query = query.filter(not_muted_q(viewer_id, now), ~Q(conversation_id__in=muted_threads))
    if excluded:
        query = query.filter(~Q(visibility__in=excluded))
    return bounded(query, page_of(max_id, since_id, min_id, limit))


_list = Prepared(
    Status, _list_query, viewer_id=STR, list_id=STR, now=DATETIME, excluded=STRS, **PAGE_SLOTS
)


async def list_statuses(
    viewer_id: str,
    list_id: str,
    page: PageRequest,
    *,
    with_muted: bool = False,
    excluded: list[str] | None = None,
) -> list[Status]:
    """The statuses of the members of ``viewer_id``'s list ``list_id`` that the viewer may
    see (:func:`visible_q`), newest first: not reblogs, not direct statuses, not from
    muted accounts or in muted threads unless ``with_muted``, not of the ``excluded``
    visibilities. The caller checks that the list is the viewer's
    (:func:`schema.services.lists.list_timeline`); the query reads the members through
    the owner anyway. One query.
    """
    rows = await _list(
        viewer_id=viewer_id,
        list_id=list_id,
        now=None if with_muted else datetime.now(UTC),
        excluded=list(excluded or []),
        with_muted=bool(with_muted),
        **page_arguments(page),
    )
    return finish(rows, page)


def _public_query(viewer_id, now, max_id, since_id, min_id, limit, local, remote, only_media):
    """The public timeline's selection (see :func:`public`); a prepared-query builder."""
    query = Status.filter(reblog_of_id=None)
    if local:
        query = query.filter(local=True, visibility__in=LISTED_VISIBILITIES)
    else:
        query = query.filter(visibility="public")
        if remote:
            query = query.filter(local=False)
    if only_media:
        query = query.filter(has_media=True)
    if viewer_id:
        query = query.filter(visible_q(viewer_id), not_muted_q(viewer_id, now))
    return bounded(query, page_of(max_id, since_id, min_id, limit))


_public = Prepared(Status, _public_query, viewer_id=STR, now=DATETIME, **PAGE_SLOTS)


async def public(
    ctx: RequestContext,
    page: PageRequest,
    *,
    local: bool = False,
    remote: bool = False,
    only_media: bool = False,
) -> list[Status]:
    """Public statuses (not reblogs); ``local`` also shows local-only ones, and only local."""
    rows = await _public(
        viewer_id=ctx.viewer.account_id,
        now=_now_for(ctx.viewer.account_id),
        local=bool(local),
        remote=bool(remote),
        only_media=bool(only_media),
        **page_arguments(page),
    )
    return finish(rows, page)


def _tag_query(
    viewer_id, now, wanted, required, excluded, max_id, since_id, min_id, limit, local,
    only_media,
):
    """The hashtag timeline's selection (see :func:`tag`); a prepared-query builder."""
    query = Status.filter(
        reblog_of_id=None,
        visibility__in=LISTED_VISIBILITIES if local else ("public",),
        id__in=Subquery(StatusTag.filter(name__in=wanted).values("status_id")),
    )
    for name in required:  # a repeated (padding) item repeats an AND: no change
        query = query.filter(id__in=Subquery(StatusTag.filter(name=name).values("status_id")))
    if excluded:
        query = query.filter(
            ~Q(id__in=Subquery(StatusTag.filter(name__in=excluded).values("status_id")))
        )
    if local:
        query = query.filter(local=True)
    if only_media:
        query = query.filter(has_media=True)
    if viewer_id:
        query = query.filter(visible_q(viewer_id), not_muted_q(viewer_id, now))
    return bounded(query, page_of(max_id, since_id, min_id, limit))


_tag = Prepared(
    Status, _tag_query, viewer_id=STR, now=DATETIME, wanted=STRS, required=STRS,
    excluded=STRS, **PAGE_SLOTS
)


async def tag(
    ctx: RequestContext,
    page: PageRequest,
    tags: TagFilter,
    *,
    local: bool = False,
    only_media: bool = False,
) -> list[Status]:
    """Public statuses tagged ``tag`` or ``any`` other, carrying ``all``, none of ``none``."""
    wanted = [t.lower().lstrip("#") for t in [tags.tag, *tags.any] if t]
    required = [t.lower().lstrip("#") for t in tags.all]
    excluded = [t.lower().lstrip("#") for t in tags.none if t]
    rows = await _tag(
        viewer_id=ctx.viewer.account_id,
        now=_now_for(ctx.viewer.account_id),
        wanted=wanted,
        required=required,
        excluded=excluded,
        local=bool(local),
        only_media=bool(only_media),
        **page_arguments(page),
    )
    return finish(rows, page)


def _account_statuses_query(
    viewer_id, account_id, tagged, max_id, since_id, min_id, limit, pinned,
    exclude_replies, exclude_reblogs, only_media,
):
    """An account's statuses (see :func:`account_statuses`); a prepared-query builder."""
    query = Status.filter(visible_q(viewer_id), account_id=account_id)
    if pinned:
        query = query.filter(id__in=Subquery(Pin.filter(account_id=account_id).values("status_id")))
    if exclude_replies:
        query = query.filter(Q(in_reply_to_id__isnull=True) | Q(in_reply_to_account_id=account_id))
    if exclude_reblogs:
        query = query.filter(reblog_of_id=None)
    if only_media:
        query = query.filter(has_media=True)
    if tagged is not None:
        query = query.filter(id__in=Subquery(StatusTag.filter(name=tagged).values("status_id")))
    return bounded(query, page_of(max_id, since_id, min_id, limit))


_account_statuses = Prepared(
    Status, _account_statuses_query, viewer_id=STR, account_id=STR, tagged=STR, **PAGE_SLOTS
)


async def account_statuses(
    ctx: RequestContext,
    account_ref: str,
    page: PageRequest,
    *,
    pinned: bool = False,
    exclude_replies: bool = False,
    exclude_reblogs: bool = False,
    only_media: bool = False,
    tagged: str | None = None,
) -> list[Status]:
    """An account's statuses the viewer may see (404 for an account they may not see)."""
    account = await find_visible(ctx, account_ref)
    rows = await _account_statuses(
        viewer_id=ctx.viewer.account_id,
        account_id=account.id,
        tagged=tagged.lower().lstrip("#") if tagged else None,
        pinned=bool(pinned),
        exclude_replies=bool(exclude_replies),
        exclude_reblogs=bool(exclude_reblogs),
        only_media=bool(only_media),
        **page_arguments(page),
    )
    return finish(rows, page)


async def streamed_status(
    viewer_id: str | None,
    timeline: str,
    status_id: str,
    *,
    local: bool = False,
    remote: bool = False,
    only_media: bool = False,
    tag: str | None = None,
    list_id: str | None = None,
) -> Status | None:
    """``status_id`` if ``timeline`` (``home``, ``public``, ``tag`` or ``list`` with
    ``list_id``) shows it to the viewer now, else ``None``: the very selection of the
    pages above, narrowed to one id.

    For streaming (:mod:`schema.services.streaming`): a new status reaches a stream only
    when the timeline it mirrors would list it. ``home`` and ``list`` need a viewer.
    One query.
    """
    slots = {"max_id": None, "since_id": None, "min_id": None, "limit": 1}
    now = _now_for(viewer_id)
    if timeline == "home":
        if viewer_id is None:
            return None
        query = _home_query(viewer_id, datetime.now(UTC), local=local, **slots)
    elif timeline == "public":
        query = _public_query(
            viewer_id, now, local=local, remote=remote, only_media=only_media, **slots
        )
    elif timeline == "list" and list_id:
        if viewer_id is None:
            return None
        query = _list_query(
            viewer_id, str(list_id), datetime.now(UTC), [], with_muted=False, **slots
        )
    elif timeline == "tag" and tag:
        wanted = [tag.lower().lstrip("#")]
        query = _tag_query(
            viewer_id, now, wanted, [], [], local=local, only_media=only_media, **slots
        )
    else:
        return None
    return await query.filter(id=str(status_id)).first()


def _visible_ids_query(viewer_id, ids):
    return Status.filter(visible_q(viewer_id), id__in=ids)


_visible_among = Prepared(Status, _visible_ids_query, viewer_id=STR, ids=STRS)


async def _by_act(
    ctx: RequestContext, model, account_id: str, page: PageRequest, viewer_id: str | None
) -> list[tuple[str, Status | None]]:
    """One page of acts (favourites, bookmarks) by ``account_id``, newest act first.

    Each item is ``(act_id, status)``, with ``status`` ``None`` when the viewer may not
    see it (any more): the act ids still page the list (``Link`` headers, cursors), while
    only visible statuses are shown. Visibility is checked in one query.
    """
    acts = finish(
        await _ACTS[model](account_id=account_id, **page_arguments(page)), page
    )
    if not acts:
        return []
    rows = {
        s.id: s
        for s in await _visible_among(viewer_id=viewer_id, ids=[a.status_id for a in acts])
    }
    return [(a.id, rows.get(a.status_id)) for a in acts]


def _acts_builder(model):
    def build(account_id, max_id, since_id, min_id, limit):
        page = page_of(max_id, since_id, min_id, limit)
        return bounded(model.filter(account_id=account_id), page)
    return build


_ACTS = {
    model: Prepared(model, _acts_builder(model), account_id=STR, **PAGE_SLOTS)
    for model in (Favourite, Bookmark)
}


async def favourites(ctx: RequestContext, page: PageRequest):
    """The viewer's favourites, newest favourite first, as ``(favourite id, status)``."""
    viewer = ctx.viewer.require("read:favourites")
    return await _by_act(ctx, Favourite, viewer.id, page, viewer.id)


async def bookmarks(ctx: RequestContext, page: PageRequest):
    """The viewer's bookmarks, newest bookmark first, as ``(bookmark id, status)``."""
    viewer = ctx.viewer.require("read:bookmarks")
    return await _by_act(ctx, Bookmark, viewer.id, page, viewer.id)


async def account_favourites(ctx: RequestContext, account_ref: str, page: PageRequest):
    """Pleroma's favourites of any account (``/api/v1/pleroma/accounts/:id/favourites``).

    403 ``Can't get favorites`` when the account hides them (the default) unless the
    viewer is that account; only statuses the viewer may see are listed. A viewer whose
    token lacks ``read:favourites`` reads as anonymous (Pleroma's fallback).
    """
    viewer_id = ctx.viewer.account_id if ctx.viewer.has_scope("read:favourites") else None
    account = await get_account(ctx.policy, account_ref)
    if not visible_to(ctx.policy, account, ctx.viewer):
        raise DomainError(NOT_FOUND)
    if account.hide_favorites and viewer_id != account.id:
        raise DomainError(FORBIDDEN, "Can't get favorites")
    return await _by_act(ctx, Favourite, account.id, page, viewer_id)
