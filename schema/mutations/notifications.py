"""Notification mutations: clear, dismiss, mark read, and the notification settings.

Each calls the same service as its REST twin and answers a payload with ``userErrors``
(the same rules and messages, e.g. ``Cannot dismiss notification``).
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.errors import DomainError
from schema.queries.notifications import rest_id_of
from schema.services import notifications as service
from schema.types.errors import UserError, user_errors
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

    dismissed_count: int = strawberry.field(description="How many notifications were deleted.")
    user_errors: list[UserError] = strawberry.field(
        description="Why the mutation did nothing (empty on success)."
    )


@strawberry.type(description="The result of `notificationsMarkRead`.")
class NotificationsMarkReadPayload:
    """The notifications now read (at most 80 for `maxId`)."""

    notifications: list[Notification] = strawberry.field(
        description="The notifications marked read, newest first."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the mutation did nothing (empty on success)."
    )


@strawberry.type(description="The result of `notificationSettingsUpdate`.")
class NotificationSettingsPayload:
    """The settings as they are now."""

    settings: NotificationSettings | None = strawberry.field(
        description="The viewer's notification settings."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the mutation did nothing (empty on success)."
    )


def _nid(value: object) -> str:
    return rest_id_of(str(value), "Notification")


@strawberry.type
class NotificationMutations:
    """Mutations about the viewer's notifications."""

    @strawberry.mutation(
        description="Delete all of the viewer's notifications "
        "(REST: `POST /api/v1/notifications/clear`). Needs `write:notifications`."
    )
    async def notifications_clear(self, info: Info) -> NotificationsDismissPayload:
        try:
            count = await service.clear(info.context)
        except DomainError as error:
            return NotificationsDismissPayload(dismissed_count=0, user_errors=user_errors(error))
        return NotificationsDismissPayload(dismissed_count=count, user_errors=[])

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
        try:
            await service.dismiss(info.context, _nid(input.notification_id))
        except DomainError as error:
            return NotificationsDismissPayload(dismissed_count=0, user_errors=user_errors(error))
        return NotificationsDismissPayload(dismissed_count=1, user_errors=[])

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
        try:
            count = await service.destroy_multiple(
                info.context, [_nid(i) for i in input.notification_ids]
            )
        except DomainError as error:
            return NotificationsDismissPayload(dismissed_count=0, user_errors=user_errors(error))
        return NotificationsDismissPayload(dismissed_count=count, user_errors=[])

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
        try:
            result = await service.mark_read(
                ctx,
                notification_id=_nid(input.notification_id) if input.notification_id else None,
                max_id=_nid(input.max_id) if input.max_id else None,
            )
        except DomainError as error:
            return NotificationsMarkReadPayload(notifications=[], user_errors=user_errors(error))
        rows = result if isinstance(result, list) else [result]
        views = await service.hydrate_notifications(ctx, rows)
        return NotificationsMarkReadPayload(
            notifications=[Notification.from_view(v) for v in views], user_errors=[]
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
        try:
            await service.update_settings(ctx, values)
        except DomainError as error:
            return NotificationSettingsPayload(settings=None, user_errors=user_errors(error))
        return NotificationSettingsPayload(
            settings=NotificationSettings.of(ctx.viewer.account), user_errors=[]
        )
