"""Notifications: made from domain events, listed, read, dismissed; per-account settings.

**Making them.** :func:`install` subscribes the handlers to the events the other services
emit after their transactions commit:

- ``status.created``: a ``mention`` for every addressed account (mentioned, or the author
  of the replied-to status) who may see the status;
- ``subscription.status`` (:mod:`schema.services.subscriptions`): a ``status`` for a
  subscriber of the author (Pleroma's ``subscribe``, Mastodon's follow ``notify``), only
  for top-level statuses the subscriber may see, and not when the subscriber is addressed
  by the status (the ``mention`` covers it). Pleroma before 2.3 rendered these as
  ``mention``; current Pleroma and Mastodon (3.3+) use ``status``, which Mastodon.py,
  megalodon and Pleroma-FE know;
- ``status.favourited`` / ``status.reblogged``: ``favourite`` / ``reblog`` to the author
  of the original;
- ``account.follow_requested``: ``follow_request`` to the locked account;
  ``account.followed``: ``follow`` (an accepted request turns its ``follow_request`` into
  ``follow``, as Pleroma does, instead of adding a second one);
- ``report.created`` (:mod:`schema.services.reports`): ``pleroma:report`` (Pleroma 2.3+)
  to every active local admin and moderator, whatever their settings, mutes or blocks
  (reports are their duty). Only staff ever list such a notification, and, as Pleroma's
  ``include_types`` default does, only when they ask for the type: a client that knows
  nothing of it never receives it in a list. It carries the report (its statuses only
  for admins: see :func:`hydrate_notifications`).

Nobody is notified of their own acts. Nothing is made when the recipient blocks the actor,
mutes the actor with notifications (``Mute.notifications``), muted the status's thread,
or when the recipient's notification settings refuse the actor (:func:`refused_by`).

**Undoing.** Unfavourite, unreblog (or deleting the reblog), unfollow and a rejected
request delete the matching notification; deleting a status or an account deletes its
notifications through the foreign keys.

**Reading.** :func:`list_notifications` is one keyset query: the viewer's notifications
whose status (if any) the viewer may still see (:func:`~schema.services.visibility.visible_q`),
whose actor is active and not blocked, and (unless ``with_muted``) not muted with
notifications nor in a muted thread. :func:`hydrate_notifications` then loads what
rendering needs for a whole page in a constant number of queries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from tortoise import connections
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.interactions import ThreadMute
from models.moderation import Report
from models.notifications import TYPES, Notification
from models.relationships import Block, Mute
from models.statuses import Mention, Status
from schema import loaders
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, FORBIDDEN, NOT_FOUND, DomainError
from schema.services import events, marker_store, reports
from schema.services.account_settings import locked_account, settings_of
from schema.services.pagination import PageRequest, finish, keyset
from schema.services.relationships import active_mutes_q
from schema.services.status_views import StatusView, hydrate
from schema.services.subscriptions import SUBSCRIPTION_EVENT
from schema.services.visibility import ALL_VISIBILITIES, visible_q

READ_SCOPE = "read:notifications"
#: Emitted for each new notification (``target_id`` the recipient); streaming listens.
CREATED_EVENT = "notification.created"
WRITE_SCOPE = "write:notifications"
SETTINGS_SCOPE = "write:accounts"

#: Types whose notification carries a status.
STATUS_TYPES = frozenset({"mention", "status", "reblog", "favourite"})
#: Pleroma's report notification, for staff only.
REPORT_TYPE = "pleroma:report"
#: What a list shows when no types are asked for (Pleroma's default ``include_types``).
DEFAULT_TYPES = tuple(t for t in TYPES if t != REPORT_TYPE)
#: ``POST /api/v1/pleroma/notifications/read`` with ``max_id`` answers at most this many.
MAX_READ_ANSWER = 80
#: ``destroy_multiple`` reads at most this many ids.
MAX_IDS = 100

CANNOT_GET = "Cannot get notification"
CANNOT_DISMISS = "Cannot dismiss notification"
ACCOUNT_NOT_FOUND = "Account is not found"

# --- settings --------------------------------------------------------------------------

#: Pleroma 2.1+ keys (default false). ``hide_notification_contents`` is 2.0's
#: ``privacy_option`` renamed; both names set the one value.
CURRENT_SETTINGS = {"block_from_strangers": False, "hide_notification_contents": False}
#: Pleroma 1.x/2.0 keys (default true): receive notifications from these groups.
LEGACY_SETTINGS = {"followers": True, "follows": True, "non_followers": True, "non_follows": True}
SETTING_ALIASES = {"privacy_option": "hide_notification_contents"}
SETTING_KEYS = frozenset(CURRENT_SETTINGS) | frozenset(LEGACY_SETTINGS) | frozenset(SETTING_ALIASES)


#: Marks settings saved by a 1.x/2.0 client, so the Account echoes that generation's keys.
LEGACY_MARK = "legacy_keys"


def _stored(settings: Any) -> dict[str, bool]:
    stored = settings.get("notification_settings") if isinstance(settings, dict) else None
    if not isinstance(stored, dict):
        return {}
    return {k: bool(v) for k, v in stored.items() if k in SETTING_KEYS or k == LEGACY_MARK}


def stored_settings(account: Any) -> dict[str, bool]:
    """The notification settings an account saved (only the keys it set)."""
    return _stored(getattr(account, "settings", None))


def effective_settings(stored: dict[str, bool]) -> dict[str, bool]:
    """Every setting with its value: the stored ones, defaults for the rest."""
    out = {**CURRENT_SETTINGS, **LEGACY_SETTINGS}
    for key, value in stored.items():
        key = SETTING_ALIASES.get(key, key)
        if key in out:
            out[key] = bool(value)
    return out


def rendered_settings(account: Any) -> dict[str, bool]:
    """``pleroma.notification_settings`` of the owner's Account.

    The current keys always; once the account saved 1.x/2.0 keys (``followers``,
    ``follows``, ``non_followers``, ``non_follows``, ``privacy_option``), those keys too,
    as the Pleroma such a client was written for echoes them.
    """
    stored = stored_settings(account)
    values = effective_settings(stored)
    out = {key: values[key] for key in CURRENT_SETTINGS}
    if stored.get(LEGACY_MARK):
        out.update({key: values[key] for key in LEGACY_SETTINGS})
        out["privacy_option"] = values["hide_notification_contents"]
    return out


def refused_by(settings: dict[str, bool], *, actor_follows: bool, follows_actor: bool) -> bool:
    """True when these (effective) settings refuse notifications from the actor.

    ``actor_follows``: the actor follows the recipient; ``follows_actor``: the recipient
    follows the actor. ``block_from_strangers`` refuses actors that do not follow the
    recipient (Pleroma checks "actor follows user", whatever its docs say).
    """
    if settings["block_from_strangers"] and not actor_follows:
        return True
    if not settings["followers"] and actor_follows:
        return True
    if not settings["follows"] and follows_actor:
        return True
    if not settings["non_followers"] and not actor_follows:
        return True
    return not settings["non_follows"] and not follows_actor


async def update_settings(ctx: RequestContext, values: dict[str, bool]) -> dict[str, bool]:
    """Store the viewer's notification settings; unknown keys are ignored.

    Keys of every Pleroma generation are accepted (see :data:`CURRENT_SETTINGS`,
    :data:`LEGACY_SETTINGS`); returns what the Account now shows. Needs ``write:accounts``.
    """
    viewer = ctx.viewer.require(SETTINGS_SCOPE)
    known = {
        SETTING_ALIASES.get(key, key): bool(value)
        for key, value in values.items()
        if key in SETTING_KEYS
    }
    legacy = any(key in LEGACY_SETTINGS or key in SETTING_ALIASES for key in values)
    async with locked_account(viewer.id) as row:
        settings = settings_of(row)
        stored = {**stored_settings(row), **known}
        if legacy:
            stored[LEGACY_MARK] = True
        settings["notification_settings"] = stored
        await Account.filter(id=viewer.id).update(settings=settings)
    viewer.settings = settings
    return rendered_settings(viewer)


# --- making notifications --------------------------------------------------------------


@dataclass
class _Recipient:
    settings: dict[str, bool] = field(default_factory=dict)
    blocks_actor: bool = False
    blocked_by_actor: bool = False
    mutes_actor: bool = False
    thread_muted: bool = False
    notified: str | None = None  # the type of an existing notification of the same act
    actor_follows: bool = False
    follows_actor: bool = False


def _marks(dialect: str, start: int, count: int) -> str:
    if dialect == "postgres":
        return ", ".join(f"${i}" for i in range(start, start + count))
    return ", ".join("?" * count)


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        moment = value
    else:
        moment = datetime.fromisoformat(str(value))
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


async def _recipients(
    kinds: tuple[str, ...], recipient_ids: list[str], actor_id: str, status_id: str | None
) -> dict[str, _Recipient]:
    """What the rules need about each recipient and the actor, in one statement.

    One ``UNION ALL`` of indexed lookups: the recipients' settings, blocks both ways,
    mutes, thread mutes of the status's conversation, follows both ways, and whether the
    notifications of ``kinds`` from the actor about the same status exist already.
    """
    conn = connections.get("default")
    dialect = getattr(conn.capabilities, "dialect", "sqlite")
    values: list[Any] = []
    parts: list[str] = []

    def add(sql: str, *groups: list[Any]) -> None:
        marks = []
        for group in groups:
            marks.append(_marks(dialect, len(values) + 1, len(group)))
            values.extend(group)
        parts.append(sql.format(*marks))

    ids = list(recipient_ids)
    add("SELECT 'm' AS kind, account_id AS k, expires_at AS at, CAST(NULL AS TEXT) AS v, "
        "CAST(notifications AS INTEGER) AS o FROM mutes "
        "WHERE account_id IN ({0}) AND target_id = {1}", ids, [actor_id])
    add("SELECT 'a', id, NULL, CAST(settings AS TEXT), NULL FROM accounts WHERE id IN ({0})",
        ids)
    add("SELECT 'b', account_id, NULL, NULL, NULL FROM blocks "
        "WHERE account_id IN ({0}) AND target_id = {1}", ids, [actor_id])
    add("SELECT 'B', target_id, NULL, NULL, NULL FROM blocks "
        "WHERE account_id = {0} AND target_id IN ({1})", [actor_id], ids)
    add("SELECT 'f', target_id, NULL, NULL, CAST(accepted AS INTEGER) FROM follows "
        "WHERE account_id = {0} AND target_id IN ({1})", [actor_id], ids)
    add("SELECT 'F', account_id, NULL, NULL, CAST(accepted AS INTEGER) FROM follows "
        "WHERE account_id IN ({0}) AND target_id = {1}", ids, [actor_id])
    if status_id is not None:
        add("SELECT 'n', account_id, NULL, type, NULL FROM notifications WHERE actor_id = {0} "
            "AND account_id IN ({1}) AND type IN ({2}) AND status_id = {3}",
            [actor_id], ids, list(kinds), [status_id])
    else:
        add("SELECT 'n', account_id, NULL, type, NULL FROM notifications WHERE actor_id = {0} "
            "AND account_id IN ({1}) AND type IN ({2}) AND status_id IS NULL",
            [actor_id], ids, list(kinds))
    if status_id is not None:
        add("SELECT 't', tm.account_id, NULL, NULL, NULL FROM thread_mutes tm "
            "JOIN statuses s ON s.conversation_id = tm.conversation_id "
            "WHERE s.id = {0} AND tm.account_id IN ({1})", [status_id], ids)
    rows = await conn.execute_query_dict(" UNION ALL ".join(parts), values)
    now = datetime.now(UTC)
    found = {rid: _Recipient() for rid in ids}
    for row in rows:
        item = found.get(row["k"])
        if item is None:
            continue
        tag = row["kind"]
        if tag == "a":
            raw = row["v"]
            settings = json.loads(raw) if raw else {}
            item.settings = effective_settings(_stored(settings))
        elif tag == "m":
            expires = _as_datetime(row["at"])
            if row["o"] and (expires is None or expires > now):
                item.mutes_actor = True
        elif tag == "b":
            item.blocks_actor = True
        elif tag == "B":
            item.blocked_by_actor = True
        elif tag == "f":
            item.actor_follows = bool(row["o"])
        elif tag == "F":
            item.follows_actor = bool(row["o"])
        elif tag == "t":
            item.thread_muted = True
        elif tag == "n":
            item.notified = row["v"]
    for item in found.values():
        if not item.settings:
            item.settings = effective_settings({})
    return found


async def notify(
    kind: str,
    actor_id: str,
    recipient_ids: list[str],
    status_id: str | None = None,
    *,
    upgrade: str | None = None,
) -> list[Notification]:
    """Make a ``kind`` notification from ``actor_id`` for each recipient the rules allow.

    Two statements whatever the number of recipients (the facts, one insert). Recipients
    who were blocked by the actor are left out too (they cannot see its statuses), and so
    are those who already have this very notification (the same type, actor and status).
    An existing notification of type ``upgrade`` (a follow request that was accepted)
    becomes ``kind`` in place instead, keeping its id and read state.
    """
    wanted = [r for r in dict.fromkeys(str(r) for r in recipient_ids if r) if r != actor_id]
    if not wanted:
        return []
    kinds = (kind, upgrade) if upgrade else (kind,)
    facts = await _recipients(kinds, wanted, actor_id, status_id)
    rows = []
    upgraded = []
    now = datetime.now(UTC)
    for rid in wanted:
        item = facts[rid]
        if item.notified == kind:
            continue
        if upgrade and item.notified == upgrade:
            upgraded.append(rid)
            continue
        if item.blocks_actor or item.blocked_by_actor or item.mutes_actor:
            continue
        if status_id is not None and item.thread_muted:
            continue
        if refused_by(
            item.settings, actor_follows=item.actor_follows, follows_actor=item.follows_actor
        ):
            continue
        rows.append(
            Notification(
                account_id=rid, actor_id=actor_id, type=kind, status_id=status_id, created_at=now
            )
        )
    if upgraded:
        await Notification.filter(
            account_id__in=upgraded, actor_id=actor_id, type=upgrade, status_id=status_id
        ).update(type=kind)
    await _insert_and_announce(rows, actor_id)
    return rows


async def _insert_and_announce(rows: list[Notification], actor_id: str) -> None:
    """Insert ``rows`` (one statement) and emit :data:`CREATED_EVENT` for each."""
    if not rows:
        return
    await Notification.bulk_create(rows)
    for row in rows:
        await events.emit(
            events.Event(
                CREATED_EVENT,
                actor_id=actor_id,
                target_id=row.account_id,
                data={"notification_id": row.id},
            )
        )


async def on_status_created(event: events.Event) -> None:
    """``mention`` for the accounts the new status addresses (they may all see it)."""
    data = event.data if isinstance(event.data, dict) else {}
    recipients = data.get("recipients") or []
    if event.actor_id and event.status_id and recipients:
        await notify("mention", str(event.actor_id), list(recipients), str(event.status_id))


async def on_subscription_status(event: events.Event) -> None:
    """``status`` for a subscriber (who may see it), unless the status addresses them."""
    if not (event.actor_id and event.status_id and event.target_id):
        return
    if await Mention.filter(status_id=event.status_id, account_id=event.target_id).exists():
        return
    await notify("status", str(event.actor_id), [str(event.target_id)], str(event.status_id))


async def on_report_created(event: events.Event) -> None:
    """``pleroma:report`` to every active local admin and moderator but the reporter.

    Two statements (the staff, one insert); no setting, mute or block stands in the way.
    """
    data = event.data if isinstance(event.data, dict) else {}
    report_id, actor_id = data.get("report_id"), event.actor_id
    if not (report_id and actor_id):
        return
    staff = await Account.filter(reports.staff_q()).exclude(id=str(actor_id)).values_list(
        "id", flat=True
    )
    now = datetime.now(UTC)
    rows = [
        Notification(
            account_id=rid,
            actor_id=str(actor_id),
            type=REPORT_TYPE,
            report_id=str(report_id),
            created_at=now,
        )
        for rid in staff
    ]
    await _insert_and_announce(rows, str(actor_id))


async def on_favourited(event: events.Event) -> None:
    """``favourite`` to the author of the favourited status."""
    if event.actor_id and event.status_id and event.target_id:
        await notify("favourite", str(event.actor_id), [str(event.target_id)], str(event.status_id))


async def on_reblogged(event: events.Event) -> None:
    """``reblog`` to the author of the reblogged original."""
    if event.actor_id and event.status_id and event.target_id:
        await notify("reblog", str(event.actor_id), [str(event.target_id)], str(event.status_id))


async def _remove(kind: str | tuple[str, ...], actor_id: Any, **where: Any) -> None:
    kinds = (kind,) if isinstance(kind, str) else kind
    if actor_id:
        await Notification.filter(actor_id=str(actor_id), type__in=kinds, **where).delete()


async def on_unfavourited(event: events.Event) -> None:
    """Take back the ``favourite`` notification."""
    if event.status_id:
        await _remove("favourite", event.actor_id, status_id=str(event.status_id))


async def on_unreblogged(event: events.Event) -> None:
    """Take back the ``reblog`` notification."""
    if event.status_id:
        await _remove("reblog", event.actor_id, status_id=str(event.status_id))


async def on_status_deleted(event: events.Event) -> None:
    """A deleted reblog takes its ``reblog`` notification along.

    The event names only the deleted row, so this drops the author's ``reblog``
    notifications of statuses they no longer reblog (one statement). A deleted original
    takes its notifications along through the foreign key.
    """
    if not event.actor_id:
        return
    actor_id = str(event.actor_id)
    still = Subquery(
        Status.filter(account_id=actor_id, reblog_of_id__isnull=False).values("reblog_of_id")
    )
    await Notification.filter(actor_id=actor_id, type="reblog").exclude(
        status_id__in=still
    ).delete()


async def on_follow_requested(event: events.Event) -> None:
    """``follow_request`` to the locked account."""
    if event.actor_id and event.target_id:
        await notify("follow_request", str(event.actor_id), [str(event.target_id)])


async def on_followed(event: events.Event) -> None:
    """``follow`` to the followed account; an accepted request's notification turns into
    it. Never a second ``follow`` from the same account (Pleroma's ``recently_followed``).
    """
    if not (event.actor_id and event.target_id):
        return
    await notify("follow", str(event.actor_id), [str(event.target_id)], upgrade="follow_request")


async def on_unfollowed(event: events.Event) -> None:
    """An unfollow (or a withdrawn request) takes its notification along."""
    if event.target_id:
        await _remove(
            ("follow", "follow_request"), event.actor_id, account_id=str(event.target_id)
        )


async def on_follow_rejected(event: events.Event) -> None:
    """A rejected request's notification goes (``actor_id`` rejected ``target_id``)."""
    if event.actor_id and event.target_id:
        await _remove("follow_request", event.target_id, account_id=str(event.actor_id))


HANDLERS = (
    ("status.created", on_status_created),
    (SUBSCRIPTION_EVENT, on_subscription_status),
    ("status.favourited", on_favourited),
    ("status.unfavourited", on_unfavourited),
    ("status.reblogged", on_reblogged),
    ("status.unreblogged", on_unreblogged),
    ("status.deleted", on_status_deleted),
    ("account.follow_requested", on_follow_requested),
    ("account.followed", on_followed),
    ("account.unfollowed", on_unfollowed),
    ("account.follow_rejected", on_follow_rejected),
    (reports.CREATED_EVENT, on_report_created),
)


def install() -> None:
    """Subscribe every handler to its event (idempotent)."""
    for kind, handler in HANDLERS:
        events.subscribe(kind, handler)


def uninstall() -> None:
    """Unsubscribe every handler (tests)."""
    for kind, handler in HANDLERS:
        events.unsubscribe(kind, handler)


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationFilter:
    """What a list shows: Mastodon's ``types``/``exclude_types``/``account_id`` and
    Pleroma's ``include_types`` (the same as ``types``), ``with_muted`` and
    ``exclude_visibilities``."""

    types: tuple[str, ...] = ()
    exclude_types: tuple[str, ...] = ()
    account_id: str | None = None
    with_muted: bool = False
    exclude_visibilities: tuple[str, ...] = ()


def _listed(viewer: Any, filters: NotificationFilter) -> Any:
    """The notifications of ``viewer`` (an account) the list may show (see the module
    docstring); ``pleroma:report`` ones only while the viewer is staff."""
    viewer_id = viewer.id
    blocked = Subquery(Block.filter(account_id=viewer_id).values("target_id"))
    query = Notification.filter(
        Q(status_id=None) | visible_q(viewer_id, "status__"),
        ~Q(actor_id__in=blocked),
        account_id=viewer_id,
        actor__is_active=True,
    )
    if not reports.is_staff(viewer):
        query = query.filter(~Q(type=REPORT_TYPE))
    if not filters.with_muted:
        now = datetime.now(UTC)
        muted = Subquery(
            Mute.filter(active_mutes_q(now), account_id=viewer_id, notifications=True).values(
                "target_id"
            )
        )
        threads = Subquery(ThreadMute.filter(account_id=viewer_id).values("conversation_id"))
        query = query.filter(
            ~Q(actor_id__in=muted),
            Q(status_id=None) | ~Q(status__conversation_id__in=threads),
        )
    if filters.types:
        query = query.filter(type__in=list(filters.types))
    if filters.exclude_types:
        query = query.filter(~Q(type__in=list(filters.exclude_types)))
    if filters.account_id:
        query = query.filter(actor_id=filters.account_id)
    hidden = [v for v in filters.exclude_visibilities if v in ALL_VISIBILITIES]
    if hidden:
        query = query.filter(Q(status_id=None) | ~Q(status__visibility__in=hidden))
    return query


async def list_notifications(
    ctx: RequestContext, page: PageRequest, filters: NotificationFilter | None = None
) -> list[Notification]:
    """One page of the viewer's notifications, newest first; one query.

    ``filters.account_id`` must name an existing account: 404 ``Account is not found``
    otherwise (Pleroma). Needs ``read:notifications``.
    """
    viewer = ctx.viewer.require(READ_SCOPE)
    filters = filters or NotificationFilter()
    if not filters.types:
        filters = replace(filters, types=DEFAULT_TYPES)
    if filters.account_id and not await Account.filter(id=filters.account_id).exists():
        raise DomainError(NOT_FOUND, ACCOUNT_NOT_FOUND)
    rows = await keyset(_listed(viewer, filters), page)
    return finish(rows, page)


async def get_notification(ctx: RequestContext, notification_id: str) -> Notification:
    """One of the viewer's notifications, if the list would show it.

    403 ``Cannot get notification`` otherwise, someone else's included (Pleroma's answer;
    Mastodon says 404). Needs ``read:notifications``.
    """
    viewer = ctx.viewer.require(READ_SCOPE)
    row = None
    if notification_id:
        row = await _listed(viewer, NotificationFilter(with_muted=True)).filter(
            id=str(notification_id)
        ).first()
    if row is None:
        raise DomainError(FORBIDDEN, CANNOT_GET)
    return row


async def streamed_notification(ctx: RequestContext, notification_id: str) -> Notification | None:
    """The viewer's new notification ``notification_id`` if the default list shows it.

    For streaming: the list's rules apply (visible status, active and unblocked actor, no
    notification mute or muted thread). ``None`` for anyone else's. One query.
    """
    viewer = ctx.viewer.account
    if viewer is None or not notification_id:
        return None
    return await _listed(viewer, NotificationFilter()).filter(id=str(notification_id)).first()


async def notifications_by_ids(ctx: RequestContext, ids: list[str]) -> list[Notification]:
    """The viewer's notifications among ``ids`` that the list may show (any order).

    For GraphQL node lookups: someone else's come back as nothing. Needs
    ``read:notifications``; an anonymous viewer gets nothing.
    """
    if ctx.viewer.account_id is None or not ids:
        return []
    viewer = ctx.viewer.require(READ_SCOPE)
    wanted = list(dict.fromkeys(str(i) for i in ids))[:MAX_IDS]
    return await _listed(viewer, NotificationFilter(with_muted=True)).filter(id__in=wanted)


# --- changing them ---------------------------------------------------------------------


async def clear(ctx: RequestContext) -> int:
    """Delete every notification of the viewer; returns how many. ``write:notifications``."""
    viewer = ctx.viewer.require(WRITE_SCOPE)
    return await Notification.filter(account_id=viewer.id).delete()


async def dismiss(ctx: RequestContext, notification_id: str) -> None:
    """Delete one of the viewer's notifications.

    403 ``Cannot dismiss notification`` when it is not the viewer's or does not exist
    (Pleroma). Needs ``write:notifications``.
    """
    viewer = ctx.viewer.require(WRITE_SCOPE)
    deleted = 0
    if notification_id:
        deleted = await Notification.filter(
            id=str(notification_id), account_id=viewer.id
        ).delete()
    if not deleted:
        raise DomainError(FORBIDDEN, CANNOT_DISMISS)


async def destroy_multiple(ctx: RequestContext, ids: list[str]) -> int:
    """Delete the viewer's notifications among ``ids`` (others' are left alone)."""
    viewer = ctx.viewer.require(WRITE_SCOPE)
    wanted = list(dict.fromkeys(str(i) for i in ids if i))[:MAX_IDS]
    if not wanted:
        return 0
    return await Notification.filter(account_id=viewer.id, id__in=wanted).delete()


async def set_read_up_to(
    account_id: str, max_id: str, *, move_marker: bool = True
) -> list[str]:
    """Mark every unseen notification of ``account_id`` with an id up to ``max_id`` seen,
    then (``move_marker``) point the notifications marker at the newest seen one
    (Pleroma's ``set_read_up_to``; the markers service, which saves the marker itself,
    passes False). Returns the ids of the newest :data:`MAX_READ_ANSWER` of those marked,
    newest first. Idempotent. Call it inside a transaction.
    """
    unseen = Notification.filter(account_id=account_id, id__lte=max_id, seen=False)
    ids = await unseen.order_by("-id").limit(MAX_READ_ANSWER).values_list("id", flat=True)
    await Notification.filter(account_id=account_id, id__lte=max_id, seen=False).update(
        seen=True
    )
    if move_marker:
        await marker_store.follow_seen_notifications(account_id)
    return [str(i) for i in ids]


async def mark_read(
    ctx: RequestContext, *, notification_id: str | None = None, max_id: str | None = None
) -> Notification | list[Notification]:
    """Pleroma's ``notifications/read``: one notification by id, or all up to ``max_id``.

    Either way the notifications marker then points at the newest seen notification
    (Pleroma 2.2+; created when missing), in the same transaction.

    With ``notification_id``: that notification, now seen (400 ``Cannot get notification``
    when it is not the viewer's, or is about a status the viewer may no longer see).
    With ``max_id``: every unseen notification with an id up to it becomes seen; returns
    the newest :data:`MAX_READ_ANSWER` of them that the list shows (so not those of muted
    accounts, as Pleroma answers). Neither given: 400.
    Needs ``write:notifications``.
    """
    viewer = ctx.viewer.require(WRITE_SCOPE)
    if notification_id:
        row = await _listed(viewer, NotificationFilter(with_muted=True)).filter(
            id=str(notification_id)
        ).first()
        if row is None:
            raise DomainError(BAD_REQUEST, CANNOT_GET)
        async with in_transaction():
            if not row.seen:
                await Notification.filter(id=row.id).update(seen=True)
                row.seen = True
            await marker_store.follow_seen_notifications(viewer.id)
        return row
    if not max_id:
        raise DomainError(BAD_REQUEST, "Missing field: id or max_id")
    async with in_transaction():
        ids = await set_read_up_to(viewer.id, str(max_id))
    if not ids:
        return []
    return await (
        _listed(viewer, NotificationFilter())
        .filter(id__in=list(ids))
        .order_by("-id")
    )


# --- what rendering needs --------------------------------------------------------------


@dataclass
class NotificationView:
    """A notification with its actor, its status's hydrated view and the viewer's flags."""

    notification: Notification
    account: Account
    status: StatusView | None = None
    is_muted: bool = False
    report: reports.ReportView | None = None

    @property
    def id(self) -> str:
        """The notification id."""
        return self.notification.id

    @property
    def type(self) -> str:
        """``mention``, ``status``, ``reblog``, ``favourite``, ``follow``, ``follow_request``,
        ``pleroma:report``."""
        return self.notification.type


async def hydrate_notifications(
    ctx: RequestContext, rows: list[Notification]
) -> list[NotificationView]:
    """Views of ``rows`` in order, in a constant number of queries for the whole page.

    The statuses (one query) go through :func:`~schema.services.status_views.hydrate`,
    the actors are one query, and ``is_muted`` (the viewer mutes the actor) is one more.
    ``pleroma:report`` rows bring their reports through
    :func:`~schema.services.reports.hydrate_reports` (a constant number more, only when
    the page has some), with the reported statuses for an admin viewer only.
    A row whose status, report or actor vanished in between is left out.
    """
    if not rows:
        return []
    report_views: dict[str, reports.ReportView] = {}
    report_ids = list({r.report_id for r in rows if r.report_id})
    if report_ids:
        report_rows = await Report.filter(id__in=report_ids)
        report_views = {
            v.id: v
            for v in await reports.hydrate_reports(
                ctx, report_rows, with_statuses=ctx.viewer.is_admin
            )
        }
    status_ids = list({r.status_id for r in rows if r.status_id})
    views: dict[str, StatusView] = {}
    if status_ids:
        statuses = await Status.filter(id__in=status_ids)
        views = {v.id: v for v in await hydrate(ctx, statuses)}
    actor_ids = sorted({r.actor_id for r in rows})
    # One query of its own rather than the account loader: whether the loader would need
    # one depends on which actors the statuses' accounts already brought, and a page's
    # cost must not depend on its contents. The rows then serve the rest of the request.
    actors = {a.id: a for a in await Account.filter(id__in=actor_ids)}
    loader = loaders.account_by_id(ctx)
    for actor in actors.values():
        loader.prime(actor.id, actor)
    muted: set[str] = set()
    viewer_id = ctx.viewer.account_id
    if viewer_id is not None:
        muted = set(
            await Mute.filter(
                active_mutes_q(datetime.now(UTC)), account_id=viewer_id, target_id__in=actor_ids
            ).values_list("target_id", flat=True)
        )
    out = []
    for row in rows:
        actor = actors.get(row.actor_id)
        status = views.get(row.status_id) if row.status_id else None
        report = report_views.get(row.report_id) if row.report_id else None
        if actor is None or (row.status_id and status is None):
            continue
        if row.report_id and report is None:
            continue
        out.append(
            NotificationView(
                notification=row,
                account=actor,
                status=status,
                is_muted=row.actor_id in muted,
                report=report,
            )
        )
    return out


def known_type(value: str) -> bool:
    """True for a type Plenum makes (others filter nothing in, or nothing out)."""
    return value in TYPES
