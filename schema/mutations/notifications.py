"""Notification mutations: clear, dismiss, mark read, and the notification settings.

Each calls the same service as its REST twin and answers a payload with ``userErrors``
(the same rules and messages, e.g. ``Cannot dismiss notification``).
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.queries.notifications import rest_id_of
from schema.services import notifications as service
from schema.types.errors import UserError
from schema.types.notification import Notification, NotificationSettings


@strawberry.input(description="Names one of the viewer's notifications.")
class NotificationDismissInput:
    """The notification to delete."""

    notification_id: strawberry.ID = strawberry.field(
        description="The notification's global id (its REST id is accepted too)."
    )


@strawberry.input(description="Names several of the viewer's notifications.")
class NotificationsDismissInput:
    """The notifications to delete (others' ids are ignored)."""

    notification_ids: list[strawberry.ID] = strawberry.field(
        description="Global or REST ids (at most 100)."
    )


@strawberry.input(description="What `notificationsMarkRead` needs: exactly one of the two.")
class NotificationsMarkReadInput:
    """One notification, or all up to an id."""

    notification_id: strawberry.ID | None = strawberry.field(
        default=None, description="Mark this notification (global or REST id) as read."
    )
    max_id: strawberry.ID | None = strawberry.field(
        default=None, description="Mark every notification up to this one as read."
    )


@strawberry.input(description="The notification settings to change; omitted ones stay.")
class NotificationSettingsInput:
    """Current Pleroma keys and the 1.x/2.0 ones."""

    block_from_strangers: bool | None = strawberry.field(
        default=None, description="Refuse notifications from accounts that do not follow you."
    )
    hide_notification_contents: bool | None = strawberry.field(
        default=None, description="Push notifications leave out the message contents."
    )
    followers: bool | None = strawberry.field(
        default=None, description="Receive notifications from accounts that follow you."
    )
    follows: bool | None = strawberry.field(
        default=None, description="Receive notifications from accounts you follow."
    )
    non_followers: bool | None = strawberry.field(
        default=None, description="Receive notifications from accounts that do not follow you."
    )
    non_follows: bool | None = strawberry.field(
        default=None, description="Receive notifications from accounts you do not follow."
    )


@strawberry.type(description="The result of deleting notifications.")
class NotificationsDismissPayload:
    """How many were deleted, or why nothing was."""

    dismissed_count: int = strawberry.field(
        default=0, description="How many notifications were deleted."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `notificationsMarkRead`.")
class NotificationsMarkReadPayload:
    """The notifications now read (at most 80 for `maxId`)."""

    notifications: list[Notification] = strawberry.field(
        default_factory=list, description="The notifications marked read, newest first."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `notificationSettingsUpdate`.")
class NotificationSettingsPayload:
    """The settings as they are now."""

    settings: NotificationSettings | None = strawberry.field(
        default=None, description="The viewer's notification settings."
    )
    user_errors: list[UserError] = user_errors_field()


def _nid(value: object) -> str:
    return rest_id_of(str(value), "Notification")


def _dismissed(count: int) -> NotificationsDismissPayload:
    return NotificationsDismissPayload(dismissed_count=count)


@strawberry.type
class NotificationMutations:
    """Mutations about the viewer's notifications."""

    @strawberry.mutation(
        description="Delete all of the viewer's notifications "
        "(REST: `POST /api/v1/notifications/clear`). Needs `write:notifications`."
    )
    async def notifications_clear(self, info: Info) -> NotificationsDismissPayload:
        return await payload_of(
            NotificationsDismissPayload, lambda: service.clear(info.context), _dismissed
        )

    @strawberry.mutation(
        description="Delete one of the viewer's notifications (REST: "
        "`POST /api/v1/notifications/:id/dismiss`). Needs `write:notifications`."
    )
    async def notification_dismiss(
        self,
        info: Info,
        input: Annotated[
            NotificationDismissInput, strawberry.argument(description="The notification.")
        ],
    ) -> NotificationsDismissPayload:
        return await payload_of(
            NotificationsDismissPayload,
            lambda: service.dismiss(info.context, _nid(input.notification_id)),
            lambda _: _dismissed(1),
        )

    @strawberry.mutation(
        description="Delete the viewer's notifications among the ids (REST: "
        "`DELETE /api/v1/notifications/destroy_multiple`). Needs `write:notifications`."
    )
    async def notifications_dismiss(
        self,
        info: Info,
        input: Annotated[
            NotificationsDismissInput, strawberry.argument(description="The notifications.")
        ],
    ) -> NotificationsDismissPayload:
        return await payload_of(
            NotificationsDismissPayload,
            lambda: service.destroy_multiple(
                info.context, [_nid(i) for i in input.notification_ids]
            ),
            _dismissed,
        )

    @strawberry.mutation(
        description="Mark one notification, or all up to `maxId`, as read (REST: "
        "`POST /api/v1/pleroma/notifications/read`). Needs `write:notifications`."
    )
    async def notifications_mark_read(
        self,
        info: Info,
        input: Annotated[
            NotificationsMarkReadInput, strawberry.argument(description="What to mark.")
        ],
    ) -> NotificationsMarkReadPayload:
        ctx = info.context

        async def done(result: Any) -> NotificationsMarkReadPayload:
            rows = result if isinstance(result, list) else [result]
            views = await service.hydrate_notifications(ctx, rows)
            return NotificationsMarkReadPayload(
                notifications=[Notification.from_view(v) for v in views]
            )

        return await payload_of(
            NotificationsMarkReadPayload,
            lambda: service.mark_read(
                ctx,
                notification_id=_nid(input.notification_id) if input.notification_id else None,
                max_id=_nid(input.max_id) if input.max_id else None,
            ),
            done,
        )

    @strawberry.mutation(
        description="Change whose notifications the viewer receives (REST: "
        "`PUT /api/pleroma/notification_settings`). Needs `write:accounts`."
    )
    async def notification_settings_update(
        self,
        info: Info,
        input: Annotated[
            NotificationSettingsInput, strawberry.argument(description="The settings to change.")
        ],
    ) -> NotificationSettingsPayload:
        values = {
            key: value
            for key, value in vars(input).items()
            if key in service.SETTING_KEYS and value is not None
        }
        ctx = info.context
        return await payload_of(
            NotificationSettingsPayload,
            lambda: service.update_settings(ctx, values),
            lambda _: NotificationSettingsPayload(
                settings=NotificationSettings.of(ctx.viewer.account)
            ),
        )
