"""Admin changes to statuses: scope and sensitivity, and deletion.

The twins of ``PUT`` and ``DELETE /api/pleroma/admin/statuses/:id``: the same service
(:mod:`schema.services.admin_statuses`), the same moderation log entries; refusals come
back as ``userErrors``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.services import admin_statuses as service
from schema.services.status_views import hydrate_one
from schema.types.errors import UserError
from schema.types.status import Status, Visibility, status_rest_id


@strawberry.input(description="What `adminStatusUpdate` changes; a field left out stays.")
class AdminStatusUpdateInput:
    """REST's ``sensitive`` and ``visibility``."""

    id: strawberry.ID = strawberry.field(description="The status's global or REST id.")
    sensitive: bool | None = strawberry.field(
        default=None, description="Hide its media behind a warning (true) or not (false)."
    )
    visibility: Visibility | None = strawberry.field(
        default=None,
        description="The new audience: PUBLIC, UNLISTED or PRIVATE (others are refused with "
        "`Unsupported visibility`).",
    )


@strawberry.input(description="Which status `adminStatusDelete` deletes.")
class AdminStatusDeleteInput:
    """The status to delete."""

    id: strawberry.ID = strawberry.field(description="The status's global or REST id.")


@strawberry.type(description="The result of `adminStatusUpdate`.")
class AdminStatusPayload:
    """The changed status, or why nothing changed."""

    status: Status | None = strawberry.field(
        default=None, description="The status after the change."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `adminStatusDelete`.")
class AdminStatusDeletePayload:
    """The REST id of the deleted status, or why it was not deleted."""

    deleted_status_id: str | None = strawberry.field(
        default=None, description="The REST id of the status that was deleted."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type
class AdminStatusMutations:
    """Admins only, with `admin:write:statuses`; each change is written to the moderation log."""

    @strawberry.mutation(
        description="Set a status's sensitive flag and/or visibility; every fact derived "
        "from its visibility follows (REST: `PUT /api/pleroma/admin/statuses/:id`)."
    )
    async def admin_status_update(
        self,
        info: Info,
        input: Annotated[
            AdminStatusUpdateInput, strawberry.argument(description="The status and changes.")
        ],
    ) -> AdminStatusPayload:
        ctx = info.context
        return await payload_of(
            AdminStatusPayload,
            lambda: service.update_status(
                ctx,
                status_rest_id(str(input.id)),
                sensitive=input.sensitive,
                visibility=input.visibility.value if input.visibility is not None else None,
            ),
            lambda row: _status_payload(ctx, row),
        )

    @strawberry.mutation(
        description="Delete any status, as its author's deletion does (counters, "
        "notifications, streams) (REST: `DELETE /api/pleroma/admin/statuses/:id`)."
    )
    async def admin_status_delete(
        self,
        info: Info,
        input: Annotated[
            AdminStatusDeleteInput, strawberry.argument(description="The status to delete.")
        ],
    ) -> AdminStatusDeletePayload:
        return await payload_of(
            AdminStatusDeletePayload,
            lambda: service.delete_status(info.context, status_rest_id(str(input.id))),
            lambda row: AdminStatusDeletePayload(deleted_status_id=row.id),
        )


async def _status_payload(ctx, row) -> AdminStatusPayload:
    return AdminStatusPayload(status=Status.from_view(await hydrate_one(ctx, row)))
