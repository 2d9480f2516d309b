"""Batch hydration: everything a rendered status needs, for a whole list at once.

:func:`hydrate` turns status rows (already known to be visible to the viewer) into
:class:`StatusView` objects holding the reblogged original, the authors, the replied-to
account, the mentioned accounts, tags, media and the viewer-relative flags. The number of
SQL statements does not depend on the length of the list (at most 5: originals, the
per-status facts (pins, tags, mention links, the viewer's flags and participations), media, accounts
(authors, replied-to and mentioned together), visible parents). Every list of
statuses (one status, context, timelines, notifications) goes through here, and both
projections read the same views.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise import connections

from models.accounts import Account
from models.media import MediaAttachment
from models.statuses import Status
from schema import loaders
from schema.context import RequestContext
from schema.services.prepared import STR, STRS, Prepared
from schema.services.visibility import visible_q


@dataclass
class ViewerFlags:
    """What the viewer did to one status (all false for anonymous viewers)."""

    favourited: bool = False
    reblogged: bool = False
    bookmarked: bool = False
    thread_muted: bool = False


@dataclass
class StatusView:
    """A status with everything its renderers need; no further query is required.

    For a reblog wrapper, ``reblog`` is the original's view and the viewer flags are the
    original's (what the viewer did to the reblogged post), as Pleroma renders them.
    ``pinned_at`` is when the author pinned it (``None`` when not pinned).
    ``direct_conversation_id`` is the viewer's participation in the status's context when
    it is a direct status (``None`` otherwise, or when the viewer does not participate).
    """

    status: Status
    account: Account
    reblog: StatusView | None = None
    in_reply_to_account: Account | None = None
    mentions: list[Account] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    media: list[MediaAttachment] = field(default_factory=list)
    favourited: bool = False
    reblogged: bool = False
    bookmarked: bool = False
    thread_muted: bool = False
    author_muted: bool = False
    parent_visible: bool = True
    pinned_at: datetime | None = None
    direct_conversation_id: str | None = None

    @property
    def id(self) -> str:
        """The status id."""
        return self.status.id

    @property
    def pinned(self) -> bool:
        """True when the author pinned this status."""
        return self.pinned_at is not None

    @property
    def muted(self) -> bool:
        """Mastodon's ``muted``: the viewer muted the thread or the author."""
        return self.thread_muted or self.author_muted


def _placeholders(dialect: str, start: int, count: int) -> list[str]:
    if dialect == "postgres":
        return [f"${i}" for i in range(start, start + count)]
    return ["?"] * count


@dataclass
class _Facts:
    flags: dict[str, ViewerFlags]
    pinned: dict[str, datetime]
    muted_conversations: set[str]
    muted_accounts: set[str]
    tags: dict[str, list[str]]
    mentioned: dict[str, list[str]]  # status id -> mentioned account ids, in mention order
    participations: dict[str, str]  # conversation id -> the viewer's participation id


async def _facts(
    viewer_id: str | None,
    status_ids: list[str],
    content_ids: list[str],
    conversation_ids: list[str],
    author_ids: list[str],
) -> _Facts:
    """The statuses' pins, tags and mention links, and the viewer's favourites, reblogs,
    bookmarks, mutes and direct-conversation participations.

    One ``UNION ALL`` statement for all of them (each branch reads one table by an
    indexed key); tags and mentions of ``content_ids`` come in their insertion order.
    Read-only, so calling it twice returns the same facts.
    """
    conn = connections.get("default")
    dialect = getattr(conn.capabilities, "dialect", "sqlite")
    values: list[Any] = []
    parts: list[str] = []

    def add(sql: str, *groups: list[Any]) -> None:
        pieces = []
        for group in groups:
            marks = _placeholders(dialect, len(values) + 1, len(group))
            values.extend(group)
            pieces.append(", ".join(marks) if len(group) != 1 else marks[0])
        parts.append(sql.format(*pieces))

    add("SELECT 'p' AS kind, status_id AS k, created_at AS at, CAST(NULL AS TEXT) AS v, "
        "CAST(NULL AS INTEGER) AS o FROM pins WHERE status_id IN ({0})", status_ids)
    if content_ids:
        add("SELECT 't', status_id, NULL, name, id FROM status_tags WHERE status_id IN ({0})",
            content_ids)
        add("SELECT 'n', status_id, NULL, account_id, id FROM mentions "
            "WHERE status_id IN ({0})", content_ids)
    if viewer_id is not None:
        add("SELECT 'f', status_id, created_at, NULL, NULL FROM favourites "
            "WHERE account_id = {0} AND status_id IN ({1})", [viewer_id], status_ids)
        add("SELECT 'b', status_id, created_at, NULL, NULL FROM bookmarks "
            "WHERE account_id = {0} AND status_id IN ({1})", [viewer_id], status_ids)
        add("SELECT 'r', reblog_of_id, created_at, NULL, NULL FROM statuses "
            "WHERE account_id = {0} AND reblog_of_id IN ({1})", [viewer_id], status_ids)
        if conversation_ids:
            add("SELECT 'm', conversation_id, NULL, NULL, NULL FROM thread_mutes "
                "WHERE account_id = {0} AND conversation_id IN ({1})",
                [viewer_id], conversation_ids)
            add("SELECT 'd', conversation_id, NULL, id, NULL FROM participations "
                "WHERE account_id = {0} AND conversation_id IN ({1})",
                [viewer_id], conversation_ids)
        if author_ids:
            add("SELECT 'u', target_id, created_at, NULL, NULL FROM mutes "
                "WHERE account_id = {0} AND target_id IN ({1})", [viewer_id], author_ids)
    sql = " UNION ALL ".join(parts) + " ORDER BY 1, 5"
    rows = await conn.execute_query_dict(sql, values)
    flags: dict[str, ViewerFlags] = {}
    muted_conversations: set[str] = set()
    muted_accounts: set[str] = set()
    pinned: dict[str, datetime] = {}
    tags: dict[str, list[str]] = {}
    mentioned: dict[str, list[str]] = {}
    participations: dict[str, str] = {}
    for row in rows:
        kind, key = row["kind"], row["k"]
        if kind == "t":
            tags.setdefault(key, []).append(row["v"])
        elif kind == "n":
            mentioned.setdefault(key, []).append(row["v"])
        elif kind == "p":
            at = row["at"]
            if isinstance(at, str):
                at = datetime.fromisoformat(at)
            pinned[key] = at
        elif kind == "m":
            muted_conversations.add(key)
        elif kind == "d":
            participations[key] = row["v"]
        elif kind == "u":
            muted_accounts.add(key)
        else:
            item = flags.setdefault(key, ViewerFlags())
            if kind == "f":
                item.favourited = True
            elif kind == "b":
                item.bookmarked = True
            elif kind == "r":
                item.reblogged = True
    return _Facts(
        flags, pinned, muted_conversations, muted_accounts, tags, mentioned, participations
    )


def _statuses_query(ids):
    return Status.filter(id__in=ids)


def _media_query(ids):
    return MediaAttachment.filter(status_id__in=ids).order_by("position", "id")


def _visible_ids_query(viewer_id, ids):
    return Status.filter(visible_q(viewer_id), id__in=ids).values_list("id", flat=True)


def _visible_statuses_query(viewer_id, ids):
    return Status.filter(visible_q(viewer_id), id__in=ids)


_statuses = Prepared(Status, _statuses_query, ids=STRS)
_media = Prepared(MediaAttachment, _media_query, ids=STRS)
_visible_ids = Prepared(Status, _visible_ids_query, viewer_id=STR, ids=STRS)
_visible_statuses = Prepared(Status, _visible_statuses_query, viewer_id=STR, ids=STRS)


async def hydrate(ctx: RequestContext, statuses: list[Status]) -> list[StatusView]:
    """Views of ``statuses`` in the given order, in a constant number of queries.

    The caller has already checked visibility. Originals of reblogs are loaded here (the
    visibility rule makes a wrapper visible only when its original is). Accounts go through
    the request's account loader, so rows loaded earlier in the request are reused.
    """
    if not statuses:
        return []
    originals: dict[str, Status] = {}
    reblog_ids = list({s.reblog_of_id for s in statuses if s.reblog_of_id})
    if reblog_ids:
        originals = {s.id: s for s in await _statuses(ids=reblog_ids)}
    every = {s.id: s for s in statuses}
    every.update(originals)
    rows = list(every.values())
    ids = list(every)
    content_ids = [s.id for s in rows if s.reblog_of_id is None]

    viewer_id = ctx.viewer.account_id
    conversation_ids = list({s.conversation_id for s in rows})
    facts = await _facts(
        viewer_id, ids, content_ids, conversation_ids, sorted({s.account_id for s in rows})
    )
    media: dict[str, list[MediaAttachment]] = {}
    with_media = [s.id for s in rows if s.reblog_of_id is None and s.has_media]
    if with_media:
        for item in await _media(ids=with_media):
            media.setdefault(item.status_id, []).append(item)

    account_ids = {s.account_id for s in rows}
    account_ids.update(s.in_reply_to_account_id for s in rows if s.in_reply_to_account_id)
    for mentioned_ids in facts.mentioned.values():
        account_ids.update(mentioned_ids)
    ordered_ids = sorted(account_ids)
    loaded = await loaders.account_by_id(ctx).load_many(ordered_ids)
    accounts = dict(zip(ordered_ids, loaded, strict=True))
    mentions = {
        status_id: [accounts[i] for i in mentioned_ids if accounts[i] is not None]
        for status_id, mentioned_ids in facts.mentioned.items()
    }
    parent_ids = list({s.in_reply_to_id for s in rows if s.in_reply_to_id})
    visible_parents: set[str] = set()
    if parent_ids:
        visible_parents = set(await _visible_ids(viewer_id=viewer_id, ids=parent_ids))

    def view_of(status: Status) -> StatusView:
        original = originals.get(status.reblog_of_id) if status.reblog_of_id else None
        reblog = view_of(original) if original is not None else None
        subject = original if original is not None else status
        mine = facts.flags.get(subject.id, ViewerFlags())
        return StatusView(
            status=status,
            account=accounts[status.account_id],
            reblog=reblog,
            in_reply_to_account=(
                accounts.get(status.in_reply_to_account_id)
                if status.in_reply_to_account_id
                else None
            ),
            mentions=mentions.get(status.id, []),
            tags=facts.tags.get(status.id, []),
            media=media.get(status.id, []),
            favourited=mine.favourited,
            reblogged=mine.reblogged,
            bookmarked=mine.bookmarked,
            thread_muted=subject.conversation_id in facts.muted_conversations,
            author_muted=subject.account_id in facts.muted_accounts,
            parent_visible=(
                status.in_reply_to_id is None or status.in_reply_to_id in visible_parents
            ),
            pinned_at=facts.pinned.get(status.id),
            direct_conversation_id=(
                facts.participations.get(status.conversation_id)
                if status.visibility == "direct"
                else None
            ),
        )

    return [view_of(s) for s in statuses]


async def hydrate_one(ctx: RequestContext, status: Status) -> StatusView:
    """The view of one status (same queries as a list of one)."""
    return (await hydrate(ctx, [status]))[0]


#: How many ids ``GET /api/v1/statuses?ids[]=`` reads at most.
MAX_IDS = 100


async def visible_statuses(ctx: RequestContext, ids: list[str]) -> list[Status]:
    """The statuses among ``ids`` the viewer may see, in the order given (duplicates once).

    Reblogs whose original is hidden from the viewer are left out. At most :data:`MAX_IDS`
    ids are read; two queries whatever their number.
    """
    wanted = list(dict.fromkeys(str(i) for i in ids if i))[:MAX_IDS]
    if not wanted:
        return []
    viewer_id = ctx.viewer.account_id
    rows = {s.id: s for s in await _visible_statuses(viewer_id=viewer_id, ids=wanted)}
    original_ids = list({s.reblog_of_id for s in rows.values() if s.reblog_of_id})
    if original_ids:
        seen = set(await _visible_ids(viewer_id=viewer_id, ids=original_ids))
        rows = {k: s for k, s in rows.items() if s.reblog_of_id is None or s.reblog_of_id in seen}
    return [rows[i] for i in wanted if i in rows]
