"""Statuses: posting, reading one, deleting, and a thread's context.

Every read goes through :mod:`schema.services.visibility`; every write runs in one
transaction that also moves the counters it affects, and announces its event after commit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.ids import new_id
from models.media import MediaAttachment
from models.statuses import IdempotencyKey, Mention, Status, StatusTag, searchable_text
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, NOT_FOUND, VALIDATION, DomainError
from schema.services import conversations, emoji, events, formatting
from schema.services.accounts import acct, find_by_acct
from schema.services.prepared import DATETIME, STR, Prepared
from schema.services.throttle import throttle
from schema.services.visibility import (
    ALL_VISIBILITIES,
    PUBLIC_VISIBILITIES,
    can_see,
    visible_q,
)

MAX_MEDIA_ATTACHMENTS = 4
MIN_EXPIRATION_SECONDS = 3600
CONTEXT_LIMIT = 500


@dataclass
class StatusInput:
    """What a client sends to post a status (Mastodon's params, Pleroma's extras)."""

    text: str = ""
    spoiler_text: str = ""
    sensitive: bool = False
    visibility: str | None = None
    in_reply_to_id: str | None = None
    media_ids: list[str] = field(default_factory=list)
    language: str | None = None
    content_type: str | None = None
    idempotency_key: str | None = None
    expires_in: int | None = None
    in_reply_to_conversation_id: str | None = None


def _fail(message: str, status: int = 422) -> DomainError:
    return DomainError(VALIDATION, message, status=status)


async def get_visible(ctx: RequestContext, status_id: str) -> Status:
    """The status ``status_id`` if the viewer may see it (and its original, for reblogs).

    Raises 404 ``Record not found`` otherwise: a hidden status and a missing one look alike.
    """
    status = await Status.filter(id=status_id).first() if status_id else None
    viewer_id = ctx.viewer.account_id
    if status is None or not await can_see(viewer_id, status):
        raise DomainError(NOT_FOUND)
    if status.reblog_of_id is not None:
        original = await Status.filter(id=status.reblog_of_id).first()
        if original is None or not await can_see(viewer_id, original):
            raise DomainError(NOT_FOUND)
    return status


async def _resolve_mentions(
    ctx: RequestContext, text: str
) -> dict[tuple[str, str | None], Account]:
    found: dict[tuple[str, str | None], Account] = {}
    for nick, host in formatting.mention_candidates(text):
        account = await find_by_acct(ctx.policy, f"{nick}@{host}" if host else nick)
        if account is not None and account.is_active:
            found[(nick, host)] = account
    return found


def _count_status_query(account_id, now):
    """One more status for ``account_id``, posted at ``now``."""
    return Account.filter(id=account_id).update(
        statuses_count=F("statuses_count") + 1, last_status_at=now
    )


_count_status = Prepared(Account, _count_status_query, account_id=STR, now=DATETIME)


async def create_status(ctx: RequestContext, data: StatusInput) -> Status:
    """Post a status as the viewer; returns the stored row.

    Idempotent per ``(account, idempotency_key)``: a repeated key returns the status the
    first request made. Errors (422 unless noted): empty status without attachments,
    over the character limit, too many attachments, unknown content type or visibility
    (400), a reply to a status the viewer cannot see (404), media that is not the
    viewer's or already attached (422). ``in_reply_to_conversation_id`` (one of the viewer's
    conversations, 404 otherwise) makes it direct (422 ``The message visibility must be
    direct`` for any other explicit visibility), addressed to that conversation's
    recipients only, in its context. A direct status creates or bumps the participations
    of its local addressees (:func:`conversations.record_direct`) in the same transaction.
    """
    author = ctx.viewer.require("write:statuses")
    await throttle(ctx, "statuses_actions")
    policy = ctx.policy
    if data.idempotency_key:
        previous = await IdempotencyKey.filter(
            account_id=author.id, key=data.idempotency_key
        ).first()
        if previous is not None:
            return await Status.get(id=previous.status_id)

    text = data.text or ""
    spoiler = data.spoiler_text or ""
    media_ids = [str(m) for m in data.media_ids if str(m)]
    if len(media_ids) > MAX_MEDIA_ATTACHMENTS:
        raise _fail("Too many attachments")
    if not text.strip() and not media_ids:
        raise _fail("Cannot post an empty status without attachments")
    if len(text) + len(spoiler) > policy.max_toot_chars:
        raise _fail("The status is over the character limit")
    content_type = data.content_type or "text/plain"
    if content_type not in formatting.CONTENT_TYPES:
        raise DomainError(
            BAD_REQUEST, f"Invalid content type: {content_type}", field="content_type"
        )

    parent = None
    if data.in_reply_to_id:
        parent = await get_visible(ctx, data.in_reply_to_id)
        if parent.reblog_of_id is not None:
            parent = await Status.get(id=parent.reblog_of_id)

    target = None
    if data.in_reply_to_conversation_id:
        # Replying to a conversation: direct, to its recipients, in its context (Pleroma).
        target = await conversations.reply_target(ctx, data.in_reply_to_conversation_id)
        if data.visibility is not None and data.visibility != "direct":
            raise _fail("The message visibility must be direct")
    visibility = data.visibility or author.default_scope or "public"
    if visibility not in ALL_VISIBILITIES:
        raise DomainError(BAD_REQUEST, f"Invalid visibility: {visibility}", field="visibility")
    if target is not None or (
        parent is not None and parent.visibility == "direct" and data.visibility is None
    ):
        visibility = "direct"

    expires_at = None
    if data.expires_in:
        if data.expires_in < MIN_EXPIRATION_SECONDS:
            raise _fail("Expiry date is too soon")
        expires_at = datetime.now(UTC) + timedelta(seconds=data.expires_in)

    media: list[MediaAttachment] = []
    if media_ids:
        rows = {m.id: m for m in await MediaAttachment.filter(id__in=media_ids)}
        for media_id in media_ids:
            row = rows.get(media_id)
            if row is None or row.account_id != author.id or row.status_id is not None:
                raise _fail("Invalid media attachment")
            media.append(row)

    mentioned = await _resolve_mentions(ctx, text)

    def resolve(nick: str, host: str | None) -> formatting.MentionTarget | None:
        account = mentioned.get((nick, host))
        if account is None:
            return None
        return formatting.MentionTarget(
            account.id, account.nickname, acct(policy, account), account.url
        )

    formatted = formatting.format_content(
        text, content_type, resolve, lambda tag: policy.url(f"/tag/{tag}")
    )
    recipient_ids = formatting.unique(m.account_id for m in formatted.mentions)
    if parent is not None and parent.account_id != author.id:
        recipient_ids = formatting.unique([*recipient_ids, parent.account_id])
    if target is not None:
        # Mentions in the text do not add recipients to a conversation reply.
        recipient_ids = list(target.recipient_ids)
    recipient_ids = [r for r in recipient_ids if r != author.id]
    if target is not None:
        conversation_id = target.conversation_id
    else:
        conversation_id = parent.conversation_id if parent else None

    status_id = new_id()
    conversation_id = conversation_id or status_id
    uri = policy.url(f"/objects/{status_id}")
    app = ctx.viewer.app
    try:
        async with in_transaction():
            status = await Status.create(
                id=status_id,
                account_id=author.id,
                uri=uri,
                url=policy.url(f"/notice/{status_id}"),
                local=True,
                visibility=visibility,
                content=formatted.html,
                source=text,
                search_text=searchable_text(formatted.html, spoiler),
                content_type=content_type,
                spoiler_text=spoiler,
                sensitive=bool(data.sensitive),
                language=data.language or None,
                in_reply_to_id=parent.id if parent else None,
                in_reply_to_account_id=parent.account_id if parent else None,
                conversation_id=conversation_id,
                application_name=app.name if app is not None else None,
                application_website=app.website if app is not None else None,
                has_media=bool(media),
                emojis=emoji.emojis_in(policy, spoiler, text),
                expires_at=expires_at,
            )
            if recipient_ids:
                await Mention.bulk_create(
                    [Mention(status_id=status_id, account_id=r) for r in recipient_ids]
                )
            if visibility == "direct":
                await conversations.record_direct(
                    status_id, conversation_id, author.id, recipient_ids
                )
            if formatted.tags:
                await StatusTag.bulk_create(
                    [StatusTag(status_id=status_id, name=t) for t in formatted.tags]
                )
            for position, row in enumerate(media):
                updated = await MediaAttachment.filter(id=row.id, status_id=None).update(
                    status_id=status_id, position=position
                )
                if not updated:
                    raise _fail("Invalid media attachment")
            await _count_status(account_id=author.id, now=datetime.now(UTC))
            if parent is not None and visibility in PUBLIC_VISIBILITIES:
                # Only public replies are counted (Pleroma): a count must not reveal
                # private or direct replies to those who cannot see them.
                await Status.filter(id=parent.id).update(replies_count=F("replies_count") + 1)
            if data.idempotency_key:
                await IdempotencyKey.create(
                    account_id=author.id, key=data.idempotency_key, status_id=status_id
                )
    except IntegrityError:
        if data.idempotency_key:
            previous = await IdempotencyKey.filter(
                account_id=author.id, key=data.idempotency_key
            ).first()
            if previous is not None:
                return await Status.get(id=previous.status_id)
        raise
    await events.emit(
        events.Event(
            "status.created",
            actor_id=author.id,
            status_id=status_id,
            data={"recipients": recipient_ids, "reply_to": parent.id if parent else None},
        )
    )
    return status


async def delete_status(ctx: RequestContext, status_id: str) -> Status:
    """Delete the viewer's own status (moderators and admins may delete anyone's).

    Returns the row as it was (the REST answer shows it with its source). Counters of the
    author and of the replied-to status drop in the same transaction. 404 when the viewer
    cannot see it, 403 ``Record not found``-style when it is someone else's.
    """
    viewer = ctx.viewer.require("write:statuses")
    await throttle(ctx, "statuses_actions")
    status = await get_visible(ctx, status_id)
    if status.account_id != viewer.id and not (viewer.is_admin or viewer.is_moderator):
        raise DomainError(NOT_FOUND)
    await remove_status(status)
    return status


async def remove_status(
    status: Status, *, within: Callable[[], Awaitable[Any]] | None = None
) -> bool:
    """Delete ``status`` with its counters, then announce ``status.deleted``; no checks.

    The rule behind :func:`delete_status`, also used when an account is deleted and by
    the admin API. The row, the author's ``statuses_count`` (not for reblogs), the
    replied-to status's ``replies_count``, the reblogged status's ``reblogs_count`` and,
    for a direct status, its conversation's place in the lists
    (:func:`conversations.direct_status_gone`) change in one transaction. ``within``, when
    given, runs in that transaction after a deletion (a moderation log entry). False (and
    no event, ``within`` not called) when the row was already gone; idempotent.
    """
    async with in_transaction():
        deleted = await Status.filter(id=status.id).delete()
        if deleted:
            await conversations.direct_status_gone(status)
            if within is not None:
                await within()
            if status.reblog_of_id is None:
                await Account.filter(id=status.account_id).update(
                    statuses_count=F("statuses_count") - 1
                )
            if (
                status.in_reply_to_id is not None
                and status.reblog_of_id is None
                and status.visibility in PUBLIC_VISIBILITIES
            ):
                await Status.filter(id=status.in_reply_to_id).update(
                    replies_count=F("replies_count") - 1
                )
            if status.reblog_of_id is not None:
                await Status.filter(id=status.reblog_of_id).update(
                    reblogs_count=F("reblogs_count") - 1
                )
    if deleted:
        await events.emit(
            events.Event(
                "status.deleted",
                actor_id=status.account_id,
                status_id=status.id,
                data={"row": status},
            )
        )
    return bool(deleted)


@dataclass
class ThreadContext:
    """A status's visible ancestors (oldest first) and descendants (in thread order)."""

    ancestors: list[Status]
    descendants: list[Status]


async def context(ctx: RequestContext, status_id: str) -> ThreadContext:
    """Ancestors and descendants of a visible status, each filtered by visibility.

    One query loads the thread (by conversation id); visibility is then decided per row.
    """
    status = await get_visible(ctx, status_id)
    if status.reblog_of_id is not None:
        status = await Status.get(id=status.reblog_of_id)
    thread = (
        await Status.filter(conversation_id=status.conversation_id, reblog_of_id=None)
        .order_by("id")
        .limit(CONTEXT_LIMIT)
    )
    by_id = {s.id: s for s in thread}
    viewer_id = ctx.viewer.account_id
    visible = await visible_ids(viewer_id, thread)

    ancestors: list[Status] = []
    cursor = status.in_reply_to_id
    seen = {status.id}
    while cursor and cursor in by_id and cursor not in seen:
        seen.add(cursor)
        parent = by_id[cursor]
        if parent.id in visible:
            ancestors.append(parent)
        cursor = parent.in_reply_to_id
    ancestors.reverse()

    children: dict[str, list[Status]] = {}
    for row in thread:
        if row.in_reply_to_id:
            children.setdefault(row.in_reply_to_id, []).append(row)
    descendants: list[Status] = []
    stack = list(reversed(children.get(status.id, [])))
    while stack:
        row = stack.pop()
        if row.id in seen:
            continue
        seen.add(row.id)
        if row.id not in visible:
            continue  # a hidden reply hides its branch too
        descendants.append(row)
        stack.extend(reversed(children.get(row.id, [])))
    return ThreadContext(ancestors, descendants)


async def visible_ids(viewer_id: str | None, statuses: list[Status]) -> set[str]:
    """The ids among ``statuses`` the viewer may see, in one query."""
    if not statuses:
        return set()
    ids = [s.id for s in statuses]
    rows = await Status.filter(visible_q(viewer_id), id__in=ids).values_list("id", flat=True)
    return set(rows)
