"""Streaming: live timeline, notification and conversation events for one connection.

The Mastodon streaming API (``/api/v1/streaming``, over WebSocket) and the GraphQL
subscriptions both read a :class:`Subscription`: a set of :class:`Topic` (``user``,
``public:local``, ``hashtag`` with its tag...) and a queue fed by the domain events
(:mod:`schema.services.events`). :func:`install` subscribes the fan-out once per process.

**Who gets what.** The fan-out only copies each event into every open subscription's
queue (cheap, in the emitting request). Each subscription then decides for its own
viewer, in its own task, with the rules that serve the REST lists:

- a new status (or reblog) reaches a timeline topic only when that timeline would list it
  (:func:`schema.services.timelines.streamed_status`: visibility, follows, mutes, blocks,
  muted threads, exactly as ``/api/v1/timelines/*``); ``list`` (with the id of one of the
  viewer's lists, :func:`list_topic`) mirrors ``/api/v1/timelines/list/:id``;
- ``direct`` gets the viewer's conversation for a direct status they may see
  (:func:`schema.services.conversations.streamed_conversation`);
- a new notification reaches its recipient's ``user`` / ``user:notification`` topics when
  the notification list would show it (:func:`schema.services.notifications.streamed_notification`);
- a deleted status (or an undone reblog) sends ``delete`` with its id on the timeline
  topics, only when the viewer could see it before the deletion or this subscription
  delivered it.

**Scale.** Everything lives in this process. Several server processes would need a shared
bus (PostgreSQL ``LISTEN/NOTIFY``, Redis) in front of :func:`_fan_out`; see
``docs/ARCHITECTURE.md``. A subscription whose queue overflows (a client that does not
read) is marked ``overflowed`` and its reader stops, so one slow client cannot hold memory.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from models.statuses import Status
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, UNAUTHORIZED, DomainError
from schema.services import conversations, events, lists, notifications, timelines
from schema.services.visibility import can_see

#: Topic name -> the timeline it mirrors and that timeline's flags.
TIMELINE_TOPICS: dict[str, tuple[str, dict[str, bool]]] = {
    "user": ("home", {}),
    "public": ("public", {}),
    "public:local": ("public", {"local": True}),
    "public:remote": ("public", {"remote": True}),
    "public:media": ("public", {"only_media": True}),
    "public:local:media": ("public", {"local": True, "only_media": True}),
    "public:remote:media": ("public", {"remote": True, "only_media": True}),
    "hashtag": ("tag", {}),
    "hashtag:local": ("tag", {"local": True}),
    "list": ("list", {}),
}
#: The topic of one of the viewer's lists (checked by :func:`list_topic`).
LIST_TOPIC = "list"
#: Every topic name :func:`topic_for` accepts (``list`` goes through :func:`list_topic`).
TOPIC_NAMES = frozenset({*TIMELINE_TOPICS, "user:notification", "direct"} - {LIST_TOPIC})
#: Topics that carry the viewer's own data: an account with one of these scopes is needed.
USER_SCOPES: dict[str, tuple[str, ...]] = {
    "user": ("read:statuses",),
    "user:notification": ("read:notifications",),
    "direct": ("read:statuses",),
}
#: Topics that receive the viewer's notifications.
NOTIFICATION_TOPICS = ("user", "user:notification")
#: Events a subscription waits for; at most this many are queued per subscription.
QUEUE_SIZE = 1000
#: How many delivered status ids a subscription remembers (for ``delete``).
REMEMBERED = 2000

UNKNOWN_STREAM = "Unknown stream type"
NO_TAG = "No tag for stream provided"
NO_LIST = "Missing list name parameter"
NOT_YOUR_LIST = "Not authorized to stream this list"
MISSING_TOKEN = "Missing access token"
BAD_SCOPES = "Access token does not have the required scopes"

_subscriptions: set[Subscription] = set()


@dataclass(frozen=True)
class Topic:
    """One stream: its name and, for hashtag streams, the tag (lower case, no ``#``), for
    the list stream the list's id."""

    name: str
    tag: str | None = None
    list_id: str | None = None

    @property
    def label(self) -> list[str]:
        """The ``stream`` array of Mastodon's messages: ``["user"]``, ``["hashtag", "cats"]``,
        ``["list", "<id>"]``."""
        detail = self.tag if self.tag is not None else self.list_id
        return [self.name, detail] if detail is not None else [self.name]


@dataclass(frozen=True)
class Delivery:
    """One message for the client: ``event`` on ``stream`` with its subject.

    ``event`` is ``update`` (``status``), ``notification`` (``notification``),
    ``conversation`` (``conversation``, a
    :class:`~schema.services.conversations.ConversationView`) or ``delete``
    (``deleted_id``).
    """

    stream: list[str]
    event: str
    status: Status | None = None
    notification: Any = None
    conversation: Any = None
    deleted_id: str | None = None


def topic_for(ctx: RequestContext, name: Any, tag: Any = None) -> Topic:
    """The topic ``name`` (with ``tag`` for hashtag streams) if the viewer may read it.

    400 ``Unknown stream type`` for a name Mastodon does not know, 400 ``No tag for stream
    provided`` for a hashtag stream without a tag, 401 ``Missing access token`` for a
    user stream without an account, 401 ``Access token does not have the required
    scopes`` when the token lacks ``read`` (or the topic's ``read:*`` scope). Public topics
    need no token.
    """
    if not isinstance(name, str) or name not in TOPIC_NAMES:
        raise DomainError(BAD_REQUEST, UNKNOWN_STREAM)
    if name.startswith("hashtag"):
        clean = tag.strip().lstrip("#").lower() if isinstance(tag, str) else ""
        if not clean:
            raise DomainError(BAD_REQUEST, NO_TAG)
        return Topic(name, clean)
    scopes = USER_SCOPES.get(name)
    if scopes is not None:
        if ctx.viewer.account is None:
            raise DomainError(UNAUTHORIZED, MISSING_TOKEN)
        if not ctx.viewer.has_scope(*scopes):
            raise DomainError(UNAUTHORIZED, BAD_SCOPES)
    return Topic(name)


async def list_topic(ctx: RequestContext, list_id: Any) -> Topic:
    """The ``list`` topic of the viewer's list ``list_id``.

    401 ``Missing access token`` without an account, 401 ``Access token does not have the
    required scopes`` without ``read:lists`` (``read`` grants it), 400 ``Missing list
    name parameter`` without an id, 401 ``Not authorized to stream this list`` for a
    list that is not the viewer's (Mastodon's answers). One statement.
    """
    if ctx.viewer.account is None:
        raise DomainError(UNAUTHORIZED, MISSING_TOKEN)
    if not ctx.viewer.has_scope(lists.READ_SCOPE):
        raise DomainError(UNAUTHORIZED, BAD_SCOPES)
    if not isinstance(list_id, str | int) or not str(list_id).strip():
        raise DomainError(BAD_REQUEST, NO_LIST)
    wanted = str(list_id).strip()
    if wanted not in await lists.find_lists(ctx, [wanted]):
        raise DomainError(UNAUTHORIZED, NOT_YOUR_LIST)
    return Topic(LIST_TOPIC, list_id=wanted)


async def resolve_topic(
    ctx: RequestContext, name: Any, tag: Any = None, list_id: Any = None
) -> Topic:
    """The topic a client asked for: :func:`list_topic` for ``list``, :func:`topic_for`
    for every other name."""
    if name == LIST_TOPIC:
        return await list_topic(ctx, list_id)
    return topic_for(ctx, name, tag)


class Subscription:
    """One client's streams: :meth:`add` / :meth:`remove` topics, iterate :meth:`deliveries`.

    Use as ``async with Subscription(ctx) as sub:``; it receives events from entering
    until leaving. ``ctx`` is the connection's context (its viewer decides what is shown);
    its per-request loaders are emptied before each event so counters are never stale.
    """

    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx
        self.topics: list[Topic] = []
        self.overflowed = False
        self._closed = False
        self._queue: asyncio.Queue[events.Event | None] = asyncio.Queue(QUEUE_SIZE)
        self._sent: OrderedDict[str, None] = OrderedDict()

    async def __aenter__(self) -> Subscription:
        _subscriptions.add(self)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop receiving events and end :meth:`deliveries` (idempotent)."""
        self._closed = True
        _subscriptions.discard(self)
        with contextlib.suppress(asyncio.QueueFull):  # a full queue ends on ``_closed``
            self._queue.put_nowait(None)

    def add(self, topic: Topic) -> None:
        """Subscribe to ``topic`` (once)."""
        if topic not in self.topics:
            self.topics.append(topic)

    def remove(self, topic: Topic) -> None:
        """Unsubscribe from ``topic``; nothing happens when it was not subscribed."""
        if topic in self.topics:
            self.topics.remove(topic)

    def offer(self, event: events.Event) -> None:
        """Queue ``event`` without waiting; a full queue ends the subscription."""
        if self.overflowed:
            return
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True
            _subscriptions.discard(self)

    async def deliveries(self) -> AsyncIterator[Delivery]:
        """What this viewer may receive, event by event, until :meth:`close` (or overflow)."""
        while not self._closed:
            if self.overflowed and self._queue.empty():
                return
            event = await self._queue.get()
            if event is None or self._closed:
                return
            self.ctx.loaders.clear()
            for delivery in await self.judge(event):
                if delivery.status is not None:
                    self._remember(delivery.status.id)
                yield delivery

    def _remember(self, status_id: str) -> None:
        self._sent[status_id] = None
        self._sent.move_to_end(status_id)
        while len(self._sent) > REMEMBERED:
            self._sent.popitem(last=False)

    async def judge(self, event: events.Event) -> list[Delivery]:
        """The deliveries ``event`` makes for this subscription's viewer and topics."""
        kind = event.kind
        data = event.data if isinstance(event.data, dict) else {}
        if kind == "status.created" and event.status_id:
            return await self._new_status(str(event.status_id))
        if kind == "status.reblogged" and data.get("reblog_id"):
            return await self._new_status(str(data["reblog_id"]))
        if kind == notifications.CREATED_EVENT:
            return await self._notification(event, data)
        if kind == "status.deleted" and event.status_id:
            row = data.get("row")
            return await self._deleted(str(event.status_id), row)
        if kind == "status.unreblogged" and data.get("reblog_id") and event.status_id:
            original = await Status.filter(id=str(event.status_id)).first()
            return await self._deleted(str(data["reblog_id"]), original)
        return []

    async def _new_status(self, status_id: str) -> list[Delivery]:
        out = []
        viewer_id = self.ctx.viewer.account_id
        row: Status | None = None
        for topic in list(self.topics):
            if topic.name == "direct":
                if row is None:
                    row = await Status.filter(id=status_id).first()
                view = await conversations.streamed_conversation(self.ctx, row) if row else None
                if view is not None:
                    out.append(Delivery(topic.label, "conversation", conversation=view))
                continue
            mirrored = TIMELINE_TOPICS.get(topic.name)
            if mirrored is None:
                continue
            timeline, flags = mirrored
            found = await timelines.streamed_status(
                viewer_id, timeline, status_id, tag=topic.tag, list_id=topic.list_id, **flags
            )
            if found is not None:
                row = found
                out.append(Delivery(topic.label, "update", status=found))
        return out

    async def _notification(self, event: events.Event, data: dict[str, Any]) -> list[Delivery]:
        viewer = self.ctx.viewer
        if viewer.account_id is None or str(event.target_id) != viewer.account_id:
            return []
        if not viewer.has_scope(notifications.READ_SCOPE):
            return []
        wanted = [t for t in self.topics if t.name in NOTIFICATION_TOPICS]
        if not wanted:
            return []
        row = await notifications.streamed_notification(
            self.ctx, str(data.get("notification_id") or "")
        )
        if row is None:
            return []
        return [Delivery(t.label, "notification", notification=row) for t in wanted]

    async def _deleted(self, status_id: str, row: Status | None) -> list[Delivery]:
        wanted = [t for t in self.topics if t.name in TIMELINE_TOPICS]
        if not wanted:
            return []
        known = status_id in self._sent
        if not known and row is not None:
            known = await can_see(self.ctx.viewer.account_id, row)
        if not known:
            return []
        self._sent.pop(status_id, None)
        return [Delivery(t.label, "delete", deleted_id=status_id) for t in wanted]


async def _fan_out(event: events.Event) -> None:
    """Copy ``event`` into every open subscription's queue (never waits)."""
    for subscription in list(_subscriptions):
        subscription.offer(event)


#: The events the fan-out forwards.
STREAMED_EVENTS = (
    "status.created",
    "status.reblogged",
    "status.deleted",
    "status.unreblogged",
    notifications.CREATED_EVENT,
)


def install() -> None:
    """Forward the streamed events to the open subscriptions (idempotent)."""
    for kind in STREAMED_EVENTS:
        events.subscribe(kind, _fan_out)


def uninstall() -> None:
    """Stop forwarding (tests)."""
    for kind in STREAMED_EVENTS:
        events.unsubscribe(kind, _fan_out)


def close_all() -> None:
    """End every open subscription (server shutdown): their connections then close."""
    for subscription in list(_subscriptions):
        subscription.close()


def open_subscriptions() -> list[Subscription]:
    """The subscriptions currently receiving events (tests and health figures)."""
    return list(_subscriptions)
