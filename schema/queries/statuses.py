"""Status reads: one status, several by id, a thread's context."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.errors import BAD_REQUEST, DomainError
from schema.services import statuses as status_service
from schema.services.status_views import MAX_IDS, hydrate, visible_statuses
from schema.types.status import Status, StatusContext, status_rest_id, status_view_loader


def _one_id(id: str | None, rest_id: str | None) -> str:
    if (id is None) == (rest_id is None):
        raise DomainError(BAD_REQUEST, "Give exactly one of id and restId.")
    return status_rest_id(id) if id is not None else str(rest_id)


IdArg = Annotated[strawberry.ID | None, strawberry.argument(description="The status's global id.")]
RestIdArg = Annotated[
    str | None, strawberry.argument(description="The REST id (`/api/v1/statuses/:id`).")
]


@strawberry.type
class StatusQueries:
    """Reads of statuses; hidden statuses look exactly like missing ones (null)."""

    @strawberry.field(
        description="A status by global `id` or `restId`; null when missing or hidden "
        "from the viewer."
    )
    async def status(
        self, info: Info, id: IdArg = None, rest_id: RestIdArg = None
    ) -> Status | None:
        view = await status_view_loader(info.context).load(_one_id(id, rest_id))
        return Status.from_view(view) if view is not None else None

    @strawberry.field(
        description=f"The visible statuses among `restIds` (at most {MAX_IDS}), in the "
        "order given; hidden and missing ones are left out."
    )
    async def statuses(
        self,
        info: Info,
        rest_ids: Annotated[
            list[str], strawberry.argument(description="REST ids (global ids accepted too).")
        ],
    ) -> list[Status]:
        ctx = info.context
        rows = await visible_statuses(ctx, [status_rest_id(i) for i in rest_ids])
        return [Status.from_view(v) for v in await hydrate(ctx, rows)]

    @strawberry.field(
        description="The visible ancestors and descendants of a status; null when the "
        "status is missing or hidden."
    )
    async def status_context(
        self, info: Info, id: IdArg = None, rest_id: RestIdArg = None
    ) -> StatusContext | None:
        ctx = info.context
        try:
            thread = await status_service.context(ctx, _one_id(id, rest_id))
        except DomainError as error:
            if error.status == 404:
                return None
            raise
        views = await hydrate(ctx, [*thread.ancestors, *thread.descendants])
        split = len(thread.ancestors)
        statuses = [Status.from_view(v) for v in views]
        return StatusContext(ancestors=statuses[:split], descendants=statuses[split:])
