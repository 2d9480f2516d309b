"""``Notification``: what happened to the viewer, projected from the same hydrated views
REST renders (:func:`schema.services.notifications.hydrate_notifications`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.services import notifications as service
from schema.services.notifications import NotificationView
from schema.types.account import Account
from schema.types.report import Report
from schema.types.status import Status


@strawberry.enum(description="What a notification is about (Mastodon's types).")
class NotificationType(Enum):
    """The types Plenum makes."""

    MENTION = strawberry.enum_value(
        "mention", description="A status mentions the viewer or replies to them."
    )
    STATUS = strawberry.enum_value(
        "status", description="An account the viewer subscribed to posted a new status."
    )
    REBLOG = strawberry.enum_value("reblog", description="A status of the viewer was reblogged.")
    FAVOURITE = strawberry.enum_value(
        "favourite", description="A status of the viewer was favourited."
    )
    FOLLOW = strawberry.enum_value("follow", description="Someone followed the viewer.")
    FOLLOW_REQUEST = strawberry.enum_value(
        "follow_request", description="Someone asks to follow the (locked) viewer."
    )
    PLEROMA_REPORT = strawberry.enum_value(
        "pleroma:report",
        description="Someone filed a report (admins and moderators only; REST "
        "`pleroma:report`). Lists leave it out unless it is asked for in `types`.",
    )


@strawberry.type(description="Something that happened to the viewer's account.")
class Notification(relay.Node):
    """Built from a hydrated view; only its recipient can load it."""

    key: relay.NodeID[str]
    view: strawberry.Private[Any]

    @classmethod
    def from_view(cls, view: NotificationView) -> Notification:
        """The GraphQL projection of a hydrated notification."""
        return cls(key=view.id, view=view)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Notification | None]:
        """The viewer's own notifications only; anyone else's resolve to null."""
        ctx = info.context
        ids = [str(i) for i in node_ids]
        rows = await service.notifications_by_ids(ctx, ids)
        views = {v.id: v for v in await service.hydrate_notifications(ctx, rows)}
        return [cls.from_view(views[i]) if i in views else None for i in ids]

    @strawberry.field(
        description="The id used by the REST API (`/api/v1/notifications/:id`)."
    )
    def rest_id(self) -> str:
        return self.view.id

    @strawberry.field(description="What happened.")
    def type(self) -> NotificationType:
        return NotificationType(self.view.type)

    @strawberry.field(description="When it happened.")
    def created_at(self) -> datetime:
        return self.view.notification.created_at

    @strawberry.field(description="Who did it.")
    def account(self) -> Account:
        return Account.from_row(self.view.account)

    @strawberry.field(
        description="The status it is about (the mentioning or new status, the favourited "
        "or reblogged original); null for follows."
    )
    def status(self) -> Status | None:
        if self.view.status is None or self.view.type not in service.STATUS_TYPES:
            return None
        return Status.from_view(self.view.status)

    @strawberry.field(
        description="The report a `PLEROMA_REPORT` notification is about (its statuses "
        "only for admins); null for the other types."
    )
    def report(self) -> Report | None:
        return Report.from_view(self.view.report) if self.view.report is not None else None

    @strawberry.field(description="The viewer marked it as read (REST `pleroma.is_seen`).")
    def is_seen(self) -> bool:
        return bool(self.view.notification.seen)

    @strawberry.field(description="The viewer mutes its account (REST `pleroma.is_muted`).")
    def is_muted(self) -> bool:
        return bool(self.view.is_muted)


@strawberry.type(description="A notification in the viewer's list, with its cursor.")
class NotificationEdge:
    """The cursor is the notification id."""

    cursor: str = strawberry.field(description="Pass it as `after` to read past this edge.")
    node: Notification = strawberry.field(description="The notification.")


@strawberry.type(description="A page of the viewer's notifications, newest first.")
class NotificationConnection:
    """Keyset-paged; never more than 40 notifications a page."""

    edges: list[NotificationEdge] = strawberry.field(
        description="The notifications of this page."
    )
    page_info: relay.PageInfo = strawberry.field(description="Where this page stands.")

    @strawberry.field(description="The notifications of this page, without cursors.")
    def nodes(self) -> list[Notification]:
        return [edge.node for edge in self.edges]


@strawberry.type(
    description="Whose notifications the viewer receives (REST: the owner's Account "
    "`pleroma.notification_settings`)."
)
class NotificationSettings:
    """Current Pleroma keys, and the 1.x/2.0 ones (which default to true)."""

    values: strawberry.Private[dict[str, bool]]

    @strawberry.field(description="Refuse notifications from accounts that do not follow you.")
    def block_from_strangers(self) -> bool:
        return self.values["block_from_strangers"]

    @strawberry.field(description="Push notifications leave out the message contents.")
    def hide_notification_contents(self) -> bool:
        return self.values["hide_notification_contents"]

    @strawberry.field(description="Receive notifications from accounts that follow you.")
    def followers(self) -> bool:
        return self.values["followers"]

    @strawberry.field(description="Receive notifications from accounts you follow.")
    def follows(self) -> bool:
        return self.values["follows"]

    @strawberry.field(description="Receive notifications from accounts that do not follow you.")
    def non_followers(self) -> bool:
        return self.values["non_followers"]

    @strawberry.field(description="Receive notifications from accounts you do not follow.")
    def non_follows(self) -> bool:
        return self.values["non_follows"]

    @classmethod
    def of(cls, account: Any) -> NotificationSettings:
        """The effective settings of ``account``."""
        return cls(values=service.effective_settings(service.stored_settings(account)))
