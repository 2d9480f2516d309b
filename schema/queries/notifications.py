"""Notification reads: the viewer's list (a keyset connection), one notification, settings."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.services import notifications as service
from schema.services.notifications import NotificationFilter
from schema.types.notification import (
    Notification,
    NotificationConnection,
    NotificationEdge,
    NotificationSettings,
    NotificationType,
)
from schema.types.status import Visibility
from schema.types.timeline import DEFAULT_FIRST, page_request

FirstArg = Annotated[
    int | None, strawberry.argument(description="Page size (default 20, at most 40).")
]
AfterArg = Annotated[
    str | None, strawberry.argument(description="The `endCursor` of the previous page.")
]


def rest_id_of(value: str, type_name: str) -> str:
    """The REST id named by a global id of ``type_name``, or ``value`` (a REST id)."""
    try:
        gid = relay.GlobalID.from_id(value)
    except Exception:
        return value
    return gid.node_id if gid.type_name == type_name else value


@strawberry.type
class NotificationQueries:
    """The same reads as `GET /api/v1/notifications` and friends."""

    @strawberry.field(
        description="The viewer's notifications, newest first (REST: "
        "`GET /api/v1/notifications`). Those about statuses the viewer can no longer see "
        "are left out. Needs `read:notifications`."
    )
    async def notifications(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        types: Annotated[
            list[NotificationType] | None,
            strawberry.argument(description="Only these types (REST `types[]`)."),
        ] = None,
        exclude_types: Annotated[
            list[NotificationType] | None,
            strawberry.argument(description="Not these types (REST `exclude_types[]`)."),
        ] = None,
        account_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only from this account (global or REST id)."),
        ] = None,
        with_muted: Annotated[
            bool, strawberry.argument(description="Include those of muted accounts and threads.")
        ] = False,
        exclude_visibilities: Annotated[
            list[Visibility] | None,
            strawberry.argument(description="Leave out those about statuses of these audiences."),
        ] = None,
    ) -> NotificationConnection:
        ctx = info.context
        filters = NotificationFilter(
            types=tuple(t.value for t in types or ()),
            exclude_types=tuple(t.value for t in exclude_types or ()),
            account_id=rest_id_of(str(account_id), "Account") if account_id else None,
            with_muted=with_muted,
            exclude_visibilities=tuple(v.value for v in exclude_visibilities or ()),
        )
        rows = await service.list_notifications(ctx, page_request(first, after), filters)
        first = DEFAULT_FIRST if first is None else first
        page = rows[:first]
        views = await service.hydrate_notifications(ctx, page)
        edges = [NotificationEdge(cursor=v.id, node=Notification.from_view(v)) for v in views]
        return NotificationConnection(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=len(rows) > first,
                has_previous_page=False,
                start_cursor=page[0].id if page else None,
                end_cursor=page[-1].id if page else None,
            ),
        )

    @strawberry.field(
        description="One of the viewer's notifications by global or REST id (REST: "
        "`GET /api/v1/notifications/:id`); null when it is not theirs. "
        "Needs `read:notifications`."
    )
    async def notification(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The notification's global or REST id.")
        ],
    ) -> Notification | None:
        ctx = info.context
        rows = await service.notifications_by_ids(ctx, [rest_id_of(str(id), "Notification")])
        views = await service.hydrate_notifications(ctx, rows)
        return Notification.from_view(views[0]) if views else None

    @strawberry.field(
        description="Whose notifications the viewer receives (null when anonymous)."
    )
    def notification_settings(self, info: Info) -> NotificationSettings | None:
        account = info.context.viewer.account
        return NotificationSettings.of(account) if account is not None else None
