"""Direct conversations (Pleroma's participations, Mastodon's ``/api/v1/conversations``).

A conversation is a context (``Status.conversation_id``); each local account addressed by
a direct status there has a :class:`~models.conversations.Participation` with a read flag,
the id of the newest direct status that touched it, and a recipient set. Posting a direct
status (:func:`record_direct`, inside the posting transaction) creates or bumps the
participations: the author's is marked read, everyone else's unread. The recipient set is
the first direct status's addressees and changes only through :func:`update_recipients`.

Everything here is the viewer's own: someone else's participation answers 404
``Unknown conversation id`` exactly like a missing one. A page of conversations costs a
constant number of statements (:func:`views`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q, Subquery
from tortoise.functions import Max
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.conversations import Participation, ParticipationRecipient
from models.relationships import Block, Mute
from models.statuses import Status
from schema import loaders
from schema.context import RequestContext
from schema.errors import NOT_FOUND, DomainError
from schema.services import row_locks
from schema.services.pagination import PageRequest, finish, keyset
from schema.services.relationships import active_mutes_q
from schema.services.status_views import StatusView, hydrate
from schema.services.visibility import can_see, visible_q

READ_SCOPE = "read:statuses"
WRITE_SCOPE = "write:conversations"
UNKNOWN = "Unknown conversation id"
#: At most this many accounts in a recipient set given to PATCH or a filter.
MAX_RECIPIENTS = 100


@dataclass
class ConversationView:
    """A participation with what its renderers need (Mastodon's Conversation entity).

    ``accounts`` is the recipient set minus the reader (the reader alone when nobody else
    is left); ``recipients`` is the whole set; ``last_status`` is the newest direct
    status of the context the reader may see (``None`` when there is none left).
    """

    participation: Participation
    accounts: list[Account]
    recipients: list[Account]
    last_status: StatusView | None

    @property
    def id(self) -> str:
        """The participation id (the conversation id of the API)."""
        return self.participation.id

    @property
    def unread(self) -> bool:
        """True until the reader marks it read (or posts in it)."""
        return not self.participation.read


def _unknown() -> DomainError:
    return DomainError(NOT_FOUND, UNKNOWN)


async def _own(viewer_id: str, participation_id: str | None) -> Participation:
    """The viewer's participation ``participation_id``; 404 for missing or someone else's."""
    row = (
        await Participation.filter(id=str(participation_id), account_id=viewer_id).first()
        if participation_id
        else None
    )
    if row is None:
        raise _unknown()
    return row


async def views(ctx: RequestContext, rows: list[Participation]) -> list[ConversationView]:
    """Views of ``rows`` (the viewer's own) in order, in a constant number of statements.

    One statement for the recipient sets, one for the newest visible direct status of
    each context, then the account loader and :func:`hydrate` for the whole page.
    """
    if not rows:
        return []
    viewer_id = ctx.viewer.account_id
    recipients: dict[str, list[str]] = {row.id: [] for row in rows}
    pairs = (
        await ParticipationRecipient.filter(participation_id__in=list(recipients))
        .order_by("id")
        .values_list("participation_id", "account_id")
    )
    for participation_id, account_id in pairs:
        recipients[participation_id].append(account_id)
    newest = (
        Status.filter(
            visible_q(viewer_id),
            conversation_id__in=list({row.conversation_id for row in rows}),
            visibility="direct",
            reblog_of_id=None,
        )
        .annotate(newest=Max("id"))
        .group_by("conversation_id")
        .values("newest")
    )
    last_rows = await Status.filter(id__in=Subquery(newest))
    account_ids = sorted({a for ids in recipients.values() for a in ids} | {viewer_id})
    loaded = await loaders.account_by_id(ctx).load_many(account_ids)
    accounts = {a.id: a for a in loaded if a is not None}
    last_views = {v.status.conversation_id: v for v in await hydrate(ctx, last_rows)}
    out = []
    for row in rows:
        members = [accounts[a] for a in recipients[row.id] if a in accounts]
        others = [a for a in members if a.id != viewer_id]
        if not others and viewer_id in accounts:
            others = [accounts[viewer_id]]
        out.append(ConversationView(row, others, members, last_views.get(row.conversation_id)))
    return out


async def _one_view(ctx: RequestContext, row: Participation) -> ConversationView:
    return (await views(ctx, [row]))[0]


async def streamed_conversation(ctx: RequestContext, status: Status) -> ConversationView | None:
    """The viewer's conversation that the new direct ``status`` touched, for streaming.

    ``None`` unless ``status`` is a direct status the viewer may see
    (:func:`~schema.services.visibility.can_see`) in a context where the viewer has a
    participation that still shows a direct status.
    """
    viewer_id = ctx.viewer.account_id
    if viewer_id is None or status.visibility != "direct" or status.reblog_of_id is not None:
        return None
    if not await can_see(viewer_id, status):
        return None
    row = await Participation.filter(
        account_id=viewer_id, conversation_id=status.conversation_id
    ).first()
    if row is None:
        return None
    view = await _one_view(ctx, row)
    return view if view.last_status is not None else None


async def list_conversations(
    ctx: RequestContext, page: PageRequest, recipient_ids: list[str] | None = None
) -> tuple[list[Participation], list[ConversationView]]:
    """The viewer's conversations, newest activity first, keyset-paged on the activity.

    ``recipient_ids`` (Pleroma's ``recipients[]``) keeps only the conversations whose
    recipient set holds all of them. Returns the page's participations (for the paging
    cursors) and the views of those that still have a visible direct status.
    """
    viewer = ctx.viewer.require(READ_SCOPE)
    query = Participation.filter(account_id=viewer.id)
    for account_id in list(dict.fromkeys(str(r) for r in recipient_ids or () if r))[
        :MAX_RECIPIENTS
    ]:
        holding = ParticipationRecipient.filter(account_id=account_id).values("participation_id")
        query = query.filter(id__in=Subquery(holding))
    rows = finish(await keyset(query, page, "last_activity_id"), page)
    return rows, [v for v in await views(ctx, rows) if v.last_status is not None]


async def get_conversation(ctx: RequestContext, participation_id: str) -> ConversationView:
    """One of the viewer's conversations (404 ``Unknown conversation id`` otherwise)."""
    viewer = ctx.viewer.require(READ_SCOPE)
    return await _one_view(ctx, await _own(viewer.id, participation_id))


async def find_conversations(ctx: RequestContext, ids: list[str]) -> dict[str, ConversationView]:
    """The viewer's conversations among ``ids`` by id; missing and others' are left out.

    Needs ``read:statuses`` (403 otherwise). Constant statements for any number of ids.
    """
    viewer = ctx.viewer.require(READ_SCOPE)
    wanted = list(dict.fromkeys(str(i) for i in ids if i))[:MAX_RECIPIENTS]
    if not wanted:
        return {}
    rows = await Participation.filter(id__in=wanted, account_id=viewer.id)
    return {v.id: v for v in await views(ctx, rows)}


async def conversation_statuses(
    ctx: RequestContext, participation_id: str, page: PageRequest
) -> list[Status]:
    """The statuses of the conversation's context the viewer may see, oldest first.

    Statuses of muted (and, by the visibility rule, blocked) accounts are left out; the
    page is keyset-paged by status id like a timeline (no bound: the newest ``limit``),
    then returned in ascending order. One query after the ownership check.
    """
    viewer = ctx.viewer.require(READ_SCOPE)
    row = await _own(viewer.id, participation_id)
    muted = Subquery(
        Mute.filter(active_mutes_q(datetime.now(UTC)), account_id=viewer.id).values("target_id")
    )
    query = Status.filter(
        visible_q(viewer.id),
        ~Q(account_id__in=muted),
        conversation_id=row.conversation_id,
        reblog_of_id=None,
    )
    rows = finish(await keyset(query, page), page)
    rows.reverse()
    return rows


async def mark_read(ctx: RequestContext, participation_id: str) -> ConversationView:
    """Mark one conversation read; it keeps its place in the list."""
    viewer = ctx.viewer.require(WRITE_SCOPE)
    row = await _own(viewer.id, participation_id)
    if not row.read:
        await Participation.filter(id=row.id).update(read=True)
        row.read = True
    return await _one_view(ctx, row)


async def mark_all_read(ctx: RequestContext) -> list[ConversationView]:
    """Mark every unread conversation of the viewer read; the ones touched, newest first."""
    viewer = ctx.viewer.require(WRITE_SCOPE)
    rows = await Participation.filter(account_id=viewer.id, read=False).order_by(
        "-last_activity_id"
    )
    if not rows:
        return []
    await Participation.filter(id__in=[r.id for r in rows]).update(read=True)
    for row in rows:
        row.read = True
    return await views(ctx, rows)


async def update_recipients(
    ctx: RequestContext, participation_id: str, account_ids: list[str]
) -> ConversationView:
    """Replace the recipient set with ``account_ids`` plus the viewer; unknown ids drop."""
    viewer = ctx.viewer.require(WRITE_SCOPE)
    row = await _own(viewer.id, participation_id)
    wanted = list(dict.fromkeys(str(a) for a in account_ids if a))[:MAX_RECIPIENTS]
    known = set(await Account.filter(id__in=wanted).values_list("id", flat=True))
    members = [viewer.id, *(a for a in wanted if a in known and a != viewer.id)]
    async with in_transaction():
        await ParticipationRecipient.filter(participation_id=row.id).delete()
        await ParticipationRecipient.bulk_create(
            [ParticipationRecipient(participation_id=row.id, account_id=a) for a in members]
        )
    return await _one_view(ctx, row)


async def delete_conversation(ctx: RequestContext, participation_id: str) -> None:
    """Leave a conversation: the participation goes (a later direct status brings it back)."""
    viewer = ctx.viewer.require(WRITE_SCOPE)
    row = await _own(viewer.id, participation_id)
    await Participation.filter(id=row.id).delete()


@dataclass(frozen=True)
class ReplyTarget:
    """Where a reply to a conversation goes: its context and its recipients."""

    conversation_id: str
    recipient_ids: list[str]


async def reply_target(ctx: RequestContext, participation_id: str) -> ReplyTarget:
    """The context and recipients for ``in_reply_to_conversation_id`` (the viewer's own)."""
    viewer = ctx.viewer.require_account()
    row = await _own(viewer.id, participation_id)
    members = (
        await ParticipationRecipient.filter(participation_id=row.id)
        .order_by("id")
        .values_list("account_id", flat=True)
    )
    return ReplyTarget(row.conversation_id, [m for m in members if m != viewer.id])


async def record_direct(
    status_id: str, conversation_id: str, author_id: str, addressee_ids: list[str]
) -> None:
    """Create or bump the participations of a new direct status (call inside its transaction).

    Every local account among the author and the addressees gets a participation in the
    context: the author's is read, the others' unread (read for an account that blocks one
    of the participants, as Pleroma does: it cannot see the conversation anyway), and all
    point at ``status_id`` as their last activity. A new participation's recipient set is
    the author and the addressees; an existing one keeps its set.

    Postings in one context take turns here (:func:`row_locks.lock_name` on the context,
    held until the posting commits), so two direct statuses posted at the same time never
    both create a participation (the unique account+context index) nor update the same
    participations in different orders (a deadlock on PostgreSQL).
    """
    await row_locks.lock_name(f"conversation:{conversation_id}")
    everyone = list(dict.fromkeys([author_id, *addressee_ids]))
    local = set(await Account.filter(id__in=everyone, local=True).values_list("id", flat=True))
    local.add(author_id)
    blockers = set(
        await Block.filter(account_id__in=list(local), target_id__in=everyone).values_list(
            "account_id", flat=True
        )
    )
    quiet = blockers | {author_id}
    existing = set(
        await Participation.filter(
            conversation_id=conversation_id, account_id__in=list(local)
        ).values_list("account_id", flat=True)
    )
    for read, group in ((False, existing - quiet), (True, existing & quiet)):
        if group:
            await Participation.filter(
                conversation_id=conversation_id, account_id__in=sorted(group)
            ).update(read=read, last_activity_id=status_id)
    new = [
        Participation(
            account_id=account_id,
            conversation_id=conversation_id,
            read=account_id in quiet,
            last_activity_id=status_id,
        )
        for account_id in everyone
        if account_id in local and account_id not in existing
    ]
    if new:
        await Participation.bulk_create(new)
        await ParticipationRecipient.bulk_create(
            [
                ParticipationRecipient(participation_id=p.id, account_id=a)
                for p in new
                for a in everyone
            ]
        )


async def direct_status_gone(status: Status) -> None:
    """A direct status stopped counting in its conversation (deleted, or no longer direct);
    call inside the transaction that made it so.

    Conversations are listed by their newest direct status (``last_activity_id``): the
    participations that point at ``status`` point at the newest direct status left in the
    context instead. When none is left they keep their place; their views show nothing
    and the lists leave them out (:func:`list_conversations`).
    """
    if status.visibility != "direct" or status.reblog_of_id is not None:
        return
    await row_locks.lock_name(f"conversation:{status.conversation_id}")
    newest = (
        await Status.filter(
            conversation_id=status.conversation_id, visibility="direct", reblog_of_id=None
        )
        .exclude(id=status.id)
        .order_by("-id")
        .limit(1)
        .values_list("id", flat=True)
    )
    if newest:
        await Participation.filter(
            conversation_id=status.conversation_id, last_activity_id=status.id
        ).update(last_activity_id=newest[0])
