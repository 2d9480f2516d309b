"""Relationships between accounts: follows and follow requests, blocks, mutes, subscriptions.

Every change runs in one transaction that also moves the follower/following counters it
affects (with ``F()`` expressions, so concurrent requests stay exact: a unique constraint on
``(account, target)`` makes the row itself the arbiter). Only accepted follows count.
Events are announced after commit through :mod:`schema.services.events`.

Scopes follow Pleroma: writes need ``follow`` or the matching ``write:*`` scope, reads of
one's own lists need ``read:*`` (or ``follow``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Case, F, Q, Subquery, When
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.ids import ID_LENGTH
from models.relationships import Block, Follow, Mute, Subscription
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, FORBIDDEN, NOT_FOUND, DomainError
from schema.services import events, throttle
from schema.services.accounts import visible_to
from schema.services.pagination import PageRequest, finish, keyset

FOLLOW_SCOPES = ("follow", "write:follows")
BLOCK_SCOPES = ("follow", "write:blocks")
MUTE_SCOPES = ("follow", "write:mutes")
READ_FOLLOWS = ("read:follows", "follow")
READ_BLOCKS = ("read:blocks", "follow")
READ_MUTES = ("read:mutes", "follow")
SEARCH_DEFAULT_LIMIT = 40
SEARCH_MAX_LIMIT = 40


@dataclass
class Relationship:
    """The viewer's relationship with one account (Mastodon's Relationship entity)."""

    id: str
    following: bool = False
    followed_by: bool = False
    blocking: bool = False
    blocked_by: bool = False
    muting: bool = False
    muting_notifications: bool = False
    subscribing: bool = False
    requested: bool = False
    domain_blocking: bool = False
    showing_reblogs: bool = True
    endorsed: bool = False
    notifying: bool = False
    note: str = ""


@dataclass
class ListPage:
    """One page of a relationship list: ``(cursor, account)`` pairs, newest first.

    The cursor is the id of the relationship row (follow, block or mute), which is what
    ``max_id`` / ``since_id`` / ``min_id`` refer to for these lists.
    """

    items: list[tuple[str, Account]] = field(default_factory=list)

    @property
    def accounts(self) -> list[Account]:
        """The accounts of the page, in order."""
        return [account for _, account in self.items]


def _bad(message: str) -> DomainError:
    return DomainError(BAD_REQUEST, message)


async def get_target(ctx: RequestContext, account_id: str) -> Account:
    """The account ``account_id`` if the viewer may see it; 404 ``Record not found``
    (also for a value longer than any id, which the column could not hold)."""
    fits = bool(account_id) and len(account_id) <= ID_LENGTH
    account = await Account.filter(id=account_id).first() if fits else None
    if account is None or not visible_to(ctx.policy, account, ctx.viewer):
        raise DomainError(NOT_FOUND)
    return account


async def _blocks_between(a_id: str, b_id: str) -> tuple[bool, bool]:
    """(a blocks b, b blocks a) in one query."""
    rows = await Block.filter(
        Q(account_id=a_id, target_id=b_id) | Q(account_id=b_id, target_id=a_id)
    ).values_list("account_id", flat=True)
    return a_id in rows, b_id in rows


# --- follows ---------------------------------------------------------------------------


async def follow(
    ctx: RequestContext,
    target_id: str,
    *,
    reblogs: bool | None = None,
    notify: bool | None = None,
) -> Relationship:
    """Follow ``target_id`` as the viewer (a follow request when the target is locked).

    Idempotent: following again only updates ``reblogs``/``notify`` when given. Errors:
    404 unknown or hidden account; 400 ``Can not follow yourself``; 400
    ``Could not follow user: <nick> blocked you.`` when either side blocks the other.
    Emits ``account.followed`` or ``account.follow_requested`` when a row is created.
    """
    viewer = ctx.viewer.require(*FOLLOW_SCOPES)
    await throttle.relation_action(ctx, target_id)
    target = await get_target(ctx, target_id)
    await follow_account(viewer, target, reblogs=reblogs, notify=notify)
    return (await relationships(ctx, [target.id]))[0]


async def follow_account(
    viewer: Account,
    target: Account,
    *,
    reblogs: bool | None = None,
    notify: bool | None = None,
    force: bool = False,
) -> Follow:
    """The follow rule itself (no scope check): see :func:`follow`. Returns the row.

    ``force`` (an admin's forced follow, as Pleroma's) makes the follow accepted even
    when the target is locked, and accepts a pending request; the other refusals stand.
    """
    if viewer.id == target.id:
        raise _bad("Can not follow yourself")
    i_block, they_block = await _blocks_between(viewer.id, target.id)
    if they_block:
        raise _bad(f"Could not follow user: {target.nickname} blocked you.")
    if i_block:
        raise _bad(f"Could not follow user: you are blocking {target.nickname}.")
    if not target.is_active:
        raise _bad(f"Could not follow user: {target.nickname} is deactivated.")
    flags: dict[str, bool] = {}
    if reblogs is not None:
        flags["show_reblogs"] = reblogs
    if notify is not None:
        flags["notify"] = notify
    existing = await Follow.filter(account_id=viewer.id, target_id=target.id).first()
    if existing is None:
        accepted = force or not target.locked
        try:
            async with in_transaction():
                row = await Follow.create(
                    account_id=viewer.id, target_id=target.id, accepted=accepted, **flags
                )
                if accepted:
                    await _count_follow(viewer.id, target.id, +1)
        except IntegrityError:
            existing = await Follow.filter(account_id=viewer.id, target_id=target.id).first()
            if existing is None:  # unfollowed in between: let the client retry
                raise _bad("Could not follow user: please try again.") from None
        else:
            kind = "account.followed" if accepted else "account.follow_requested"
            await events.emit(events.Event(kind, actor_id=viewer.id, target_id=target.id))
            return row
    if flags:
        await Follow.filter(id=existing.id).update(**flags)
        for name, value in flags.items():
            setattr(existing, name, value)
    if force and not existing.accepted and await _accept_request(viewer.id, target.id):
        existing.accepted = True
    return existing


async def _accept_request(requester_id: str, target_id: str) -> bool:
    """Turn ``requester_id``'s pending request to ``target_id`` into a follow, with its
    counters; True when it did (then ``account.followed`` is announced)."""
    async with in_transaction():
        changed = await Follow.filter(
            account_id=requester_id, target_id=target_id, accepted=False
        ).update(accepted=True)
        if changed:
            await _count_follow(requester_id, target_id, +1)
    if changed:
        await events.emit(
            events.Event("account.followed", actor_id=requester_id, target_id=target_id)
        )
    return bool(changed)


async def _count_follow(follower_id: str, followed_id: str, delta: int) -> None:
    await Account.filter(id=follower_id).update(following_count=F("following_count") + delta)
    await Account.filter(id=followed_id).update(followers_count=F("followers_count") + delta)


async def _drop_follow(follower_id: str, followed_id: str) -> tuple[int, int]:
    """Delete the follow (accepted or pending) inside the caller's transaction.

    Returns ``(accepted rows deleted, pending rows deleted)`` and moves the counters for
    the accepted one.
    """
    accepted = await Follow.filter(
        account_id=follower_id, target_id=followed_id, accepted=True
    ).delete()
    pending = await Follow.filter(
        account_id=follower_id, target_id=followed_id, accepted=False
    ).delete()
    if accepted:
        await _count_follow(follower_id, followed_id, -accepted)
    return accepted, pending


async def sever_follows(account_id: str) -> list[tuple[str, str]]:
    """Remove every follow and request from and to ``account_id``, and its subscriptions
    both ways, inside the caller's transaction (account deletion).

    Counters move as for one unfollow each (:func:`_drop_follow`, so a row another request
    removed meanwhile is not counted twice). Returns the ``(follower, followed)`` pairs
    removed, for the caller to announce as ``account.unfollowed`` after its commit.
    """
    rows = await Follow.filter(
        Q(account_id=account_id) | Q(target_id=account_id)
    ).values_list("account_id", "target_id")
    removed = []
    for follower_id, followed_id in rows:
        accepted, pending = await _drop_follow(follower_id, followed_id)
        if accepted or pending:
            removed.append((follower_id, followed_id))
    await Subscription.filter(Q(account_id=account_id) | Q(target_id=account_id)).delete()
    return removed


async def unfollow(ctx: RequestContext, target_id: str) -> Relationship:
    """Stop following ``target_id`` (or withdraw the request); also unsubscribes.

    Idempotent. Errors: 404 unknown account; 400 ``Can not unfollow yourself``.
    Emits ``account.unfollowed`` when a follow or request was removed.
    """
    viewer = ctx.viewer.require(*FOLLOW_SCOPES)
    await throttle.relation_action(ctx, target_id)
    target = await get_target(ctx, target_id)
    await unfollow_account(viewer, target)
    return (await relationships(ctx, [target.id]))[0]


async def unfollow_account(follower: Account, target: Account) -> bool:
    """The unfollow rule itself (no scope check): see :func:`unfollow`. True when a
    follow or request was removed."""
    if follower.id == target.id:
        raise _bad("Can not unfollow yourself")
    async with in_transaction():
        accepted, pending = await _drop_follow(follower.id, target.id)
        await Subscription.filter(account_id=follower.id, target_id=target.id).delete()
    if accepted or pending:
        await events.emit(
            events.Event("account.unfollowed", actor_id=follower.id, target_id=target.id)
        )
    return bool(accepted or pending)


async def follow_requests(ctx: RequestContext, page: PageRequest) -> ListPage:
    """The pending follow requests addressed to the viewer, newest first."""
    viewer = ctx.viewer.require(*READ_FOLLOWS)
    rows = await keyset(
        Follow.filter(target_id=viewer.id, accepted=False).select_related("account"), page
    )
    return ListPage([(row.id, row.account) for row in finish(rows, page)])


async def authorize_follow_request(ctx: RequestContext, requester_id: str) -> Relationship:
    """Accept ``requester_id``'s pending follow request to the viewer.

    Idempotent (an already accepted follow stays as it is); 404 when there is no such
    account or request. Emits ``account.followed`` when a request became a follow.
    """
    viewer = ctx.viewer.require(*FOLLOW_SCOPES)
    requester = await get_target(ctx, requester_id)
    changed = await _accept_request(requester.id, viewer.id)
    if not changed and not await Follow.filter(
        account_id=requester.id, target_id=viewer.id
    ).exists():
        raise DomainError(NOT_FOUND)
    return (await relationships(ctx, [requester.id]))[0]


async def reject_follow_request(ctx: RequestContext, requester_id: str) -> Relationship:
    """Refuse ``requester_id``'s pending follow request (idempotent; 404 unknown account)."""
    viewer = ctx.viewer.require(*FOLLOW_SCOPES)
    requester = await get_target(ctx, requester_id)
    deleted = await Follow.filter(
        account_id=requester.id, target_id=viewer.id, accepted=False
    ).delete()
    if deleted:
        await events.emit(
            events.Event("account.follow_rejected", actor_id=viewer.id, target_id=requester.id)
        )
    return (await relationships(ctx, [requester.id]))[0]


# --- blocks and mutes ------------------------------------------------------------------


async def block(ctx: RequestContext, target_id: str) -> Relationship:
    """Block ``target_id``: removes follows, requests and subscriptions both ways.

    Idempotent; counters of both accounts move in the same transaction. 400
    ``Can not block yourself``. Emits ``account.blocked`` when the block is new.
    """
    viewer = ctx.viewer.require(*BLOCK_SCOPES)
    target = await get_target(ctx, target_id)
    await block_account(viewer, target)
    return (await relationships(ctx, [target.id]))[0]


async def block_account(viewer: Account, target: Account) -> bool:
    """The block rule itself (no scope check). True when a new block was made."""
    if viewer.id == target.id:
        raise _bad("Can not block yourself")
    if await Block.filter(account_id=viewer.id, target_id=target.id).exists():
        return False
    try:
        async with in_transaction():
            await Block.create(account_id=viewer.id, target_id=target.id)
            await _drop_follow(viewer.id, target.id)
            await _drop_follow(target.id, viewer.id)
            await Subscription.filter(
                Q(account_id=viewer.id, target_id=target.id)
                | Q(account_id=target.id, target_id=viewer.id)
            ).delete()
    except IntegrityError:
        return False  # a concurrent request made the same block (and cleaned up)
    await events.emit(events.Event("account.blocked", actor_id=viewer.id, target_id=target.id))
    return True


async def unblock(ctx: RequestContext, target_id: str) -> Relationship:
    """Lift the viewer's block of ``target_id`` (idempotent; 404 unknown account)."""
    viewer = ctx.viewer.require(*BLOCK_SCOPES)
    target = await get_target(ctx, target_id)
    deleted = await Block.filter(account_id=viewer.id, target_id=target.id).delete()
    if deleted:
        await events.emit(
            events.Event("account.unblocked", actor_id=viewer.id, target_id=target.id)
        )
    return (await relationships(ctx, [target.id]))[0]


async def mute(
    ctx: RequestContext, target_id: str, *, notifications: bool = True, duration: int = 0
) -> Relationship:
    """Mute ``target_id`` (and their notifications when ``notifications``).

    ``duration`` in seconds makes the mute expire (0: forever). Muting again updates
    both. 400 ``Can not mute yourself`` or a negative duration.
    """
    viewer = ctx.viewer.require(*MUTE_SCOPES)
    target = await get_target(ctx, target_id)
    await mute_account(viewer, target, notifications=notifications, duration=duration)
    return (await relationships(ctx, [target.id]))[0]


async def mute_account(
    viewer: Account, target: Account, *, notifications: bool = True, duration: int = 0
) -> None:
    """The mute rule itself (no scope check): see :func:`mute`."""
    if viewer.id == target.id:
        raise _bad("Can not mute yourself")
    if duration is None or duration < 0:
        raise _bad("duration: must be zero or a positive number of seconds")
    expires_at = datetime.now(UTC) + timedelta(seconds=duration) if duration else None
    values = {"notifications": bool(notifications), "expires_at": expires_at}
    updated = await Mute.filter(account_id=viewer.id, target_id=target.id).update(**values)
    if updated:
        return
    try:
        await Mute.create(account_id=viewer.id, target_id=target.id, **values)
    except IntegrityError:
        await Mute.filter(account_id=viewer.id, target_id=target.id).update(**values)
    await events.emit(events.Event("account.muted", actor_id=viewer.id, target_id=target.id))


async def unmute(ctx: RequestContext, target_id: str) -> Relationship:
    """Lift the viewer's mute of ``target_id`` (idempotent; 404 unknown account)."""
    viewer = ctx.viewer.require(*MUTE_SCOPES)
    target = await get_target(ctx, target_id)
    await Mute.filter(account_id=viewer.id, target_id=target.id).delete()
    return (await relationships(ctx, [target.id]))[0]


def active_mutes_q(now: datetime) -> Q:
    """Mutes still in force at ``now``: without an end, or ending after it.

    ``now`` is a parameter (callers pass ``datetime.now(UTC)``) so that a prepared query
    binds it per call instead of freezing the clock at compile time.
    """
    return Q(expires_at=None) | Q(expires_at__gt=now)


async def blocks(ctx: RequestContext, page: PageRequest) -> ListPage:
    """The accounts the viewer blocks, most recent block first."""
    viewer = ctx.viewer.require(*READ_BLOCKS)
    rows = await keyset(Block.filter(account_id=viewer.id).select_related("target"), page)
    return ListPage([(row.id, row.target) for row in finish(rows, page)])


async def mutes(ctx: RequestContext, page: PageRequest) -> ListPage:
    """The accounts the viewer mutes (expired mutes left out), most recent first."""
    viewer = ctx.viewer.require(*READ_MUTES)
    active = active_mutes_q(datetime.now(UTC))
    rows = await keyset(
        Mute.filter(active, account_id=viewer.id).select_related("target"), page
    )
    return ListPage([(row.id, row.target) for row in finish(rows, page)])


# --- subscriptions (Pleroma) -----------------------------------------------------------


async def subscribe(ctx: RequestContext, target_id: str) -> Relationship:
    """Subscribe the viewer to ``target_id``'s new top-level statuses (idempotent).

    404 ``Record not found`` for an unknown id; 403
    ``Could not subscribe: <nick> is blocking you`` when the target blocks the viewer.
    """
    viewer = ctx.viewer.require(*FOLLOW_SCOPES)
    target = await get_target(ctx, target_id)
    if viewer.id == target.id:
        raise _bad("Can not subscribe to yourself")
    _, they_block = await _blocks_between(viewer.id, target.id)
    if they_block:
        raise DomainError(FORBIDDEN, f"Could not subscribe: {target.nickname} is blocking you")
    if not await Subscription.filter(account_id=viewer.id, target_id=target.id).exists():
        with contextlib.suppress(IntegrityError):  # made by a concurrent request
            await Subscription.create(account_id=viewer.id, target_id=target.id)
    return (await relationships(ctx, [target.id]))[0]


async def unsubscribe(ctx: RequestContext, target_id: str) -> Relationship:
    """Remove the viewer's subscription to ``target_id`` (idempotent; 404 unknown id)."""
    viewer = ctx.viewer.require(*FOLLOW_SCOPES)
    target = await get_target(ctx, target_id)
    await Subscription.filter(account_id=viewer.id, target_id=target.id).delete()
    return (await relationships(ctx, [target.id]))[0]


# --- reading ---------------------------------------------------------------------------


async def relationships(ctx: RequestContext, ids: list[str]) -> list[Relationship]:
    """The viewer's relationship with each of ``ids``, in order (duplicates dropped).

    Six queries whatever the number of ids. Unknown ids get an all-false relationship,
    as Mastodon does. Needs an account (403 ``Invalid credentials.`` otherwise).
    """
    viewer = ctx.viewer.require_account()
    wanted = list(dict.fromkeys(str(i) for i in ids if i))
    if not wanted:
        return []
    me = viewer.id
    outgoing = {
        row.target_id: row for row in await Follow.filter(account_id=me, target_id__in=wanted)
    }
    followers = set(
        await Follow.filter(account_id__in=wanted, target_id=me, accepted=True).values_list(
            "account_id", flat=True
        )
    )
    blocking = set(
        await Block.filter(account_id=me, target_id__in=wanted).values_list(
            "target_id", flat=True
        )
    )
    blocked_by = set(
        await Block.filter(account_id__in=wanted, target_id=me).values_list(
            "account_id", flat=True
        )
    )
    muted = {
        target: notifications
        for target, notifications in await Mute.filter(
            active_mutes_q(datetime.now(UTC)), account_id=me, target_id__in=wanted
        ).values_list("target_id", "notifications")
    }
    subscribed = set(
        await Subscription.filter(account_id=me, target_id__in=wanted).values_list(
            "target_id", flat=True
        )
    )
    result = []
    for account_id in wanted:
        row = outgoing.get(account_id)
        result.append(
            Relationship(
                id=account_id,
                following=bool(row is not None and row.accepted),
                requested=bool(row is not None and not row.accepted),
                showing_reblogs=bool(row.show_reblogs) if row is not None else True,
                notifying=bool(row is not None and row.notify),
                followed_by=account_id in followers,
                blocking=account_id in blocking,
                blocked_by=account_id in blocked_by,
                muting=account_id in muted,
                muting_notifications=bool(muted.get(account_id, False)),
                subscribing=account_id in subscribed,
            )
        )
    return result


def _may_list(ctx: RequestContext, account: Account, hidden: bool) -> bool:
    viewer_id = ctx.viewer.account_id
    return not hidden or viewer_id == account.id or ctx.viewer.is_admin


async def followers(ctx: RequestContext, account_id: str, page: PageRequest) -> ListPage:
    """The accepted followers of ``account_id``, most recent follow first.

    Empty when the account hides its followers, except for the owner (and admins), as
    Pleroma answers. Deactivated followers are left out. 404 for an unknown account.
    """
    account = await get_target(ctx, account_id)
    if not _may_list(ctx, account, account.hide_followers):
        return ListPage()
    rows = await keyset(
        Follow.filter(target_id=account.id, accepted=True, account__is_active=True)
        .select_related("account"),
        page,
    )
    return ListPage([(row.id, row.account) for row in finish(rows, page)])


async def following(ctx: RequestContext, account_id: str, page: PageRequest) -> ListPage:
    """The accounts ``account_id`` follows, most recent follow first.

    Empty when the account hides its follows, except for the owner (and admins).
    """
    account = await get_target(ctx, account_id)
    if not _may_list(ctx, account, account.hide_follows):
        return ListPage()
    rows = await keyset(
        Follow.filter(account_id=account.id, accepted=True, target__is_active=True)
        .select_related("target"),
        page,
    )
    return ListPage([(row.id, row.target) for row in finish(rows, page)])


async def search_accounts(ctx: RequestContext, query: str, **options: Any) -> list[Account]:
    """:func:`matching_accounts` (same ``options``), spending the ``search`` rate-limit
    budget: Pleroma limits its account search with the other searches."""
    await throttle.throttle(ctx, "search")
    return await matching_accounts(ctx, query, **options)


async def matching_accounts(
    ctx: RequestContext,
    query: str,
    *,
    limit: int = SEARCH_DEFAULT_LIMIT,
    offset: int = 0,
    following_only: bool = False,
) -> list[Account]:
    """Local accounts whose nickname or display name starts with ``query``; one query.

    Case-insensitive; a leading ``@`` and this instance's ``@host`` are ignored. A query
    that is a local account's ActivityPub id or profile URL finds that account. Exact
    nickname matches come first, then by nickname; ``offset`` skips that many, and at most
    ``limit`` (capped at 40) follow. Only active, approved accounts, and none the viewer
    blocks. ``following_only`` keeps the accounts the viewer follows (needs an account).
    A blank query, or another instance's ``@host``, gives an empty list.
    """
    text = (query or "").strip()
    qs = Account.filter(domain=None, is_active=True, is_approved=True)
    if text.startswith(("http://", "https://")):
        url = text.rstrip("/")
        qs = qs.filter(Q(uri=url) | Q(url=url))
        exact = ""
    else:
        nick, _, host = text.lstrip("@").partition("@")
        if host and host.lower() != ctx.policy.host.lower():
            return []
        exact = nick.lower()
        if not exact:
            return []
        qs = qs.filter(Q(nickname_lower__startswith=exact) | Q(display_name__istartswith=exact))
    if following_only:
        viewer = ctx.viewer.require_account()
        qs = qs.filter(
            id__in=Subquery(
                Follow.filter(account_id=viewer.id, accepted=True).values("target_id")
            )
        )
    if ctx.viewer.account_id is not None:
        blocked = Block.filter(account_id=ctx.viewer.account_id).values("target_id")
        qs = qs.filter(~Q(id__in=Subquery(blocked)))
    limit = max(1, min(int(limit or SEARCH_DEFAULT_LIMIT), SEARCH_MAX_LIMIT))
    return await (
        # text values: PostgreSQL would take untyped CASE parameters for text anyway
        qs.annotate(inexact=Case(When(nickname_lower=exact, then="0"), default="1"))
        .order_by("inexact", "nickname_lower", "id")
        .offset(max(0, int(offset or 0)))
        .limit(limit)
    )
