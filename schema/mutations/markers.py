"""Marker mutation: save the viewer's read positions.

Same service, rules and messages as `POST /api/v1/markers`; refusals come back as
``userErrors``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.errors import DomainError
from schema.services import markers as marker_service
from schema.types.errors import UserError, user_errors
from schema.types.marker import Marker


@strawberry.input(description="What `markersSave` needs: at least one position.")
class MarkersSaveInput:
    """The new positions; a timeline left out keeps its marker."""

    home: str | None = strawberry.field(
        default=None,
        description="The id of the newest home timeline status read (REST `home[last_read_id]`).",
    )
    notifications: str | None = strawberry.field(
        default=None,
        description="The id of the newest notification read (REST "
        "`notifications[last_read_id]`); the viewer's notifications up to it become seen.",
    )


@strawberry.type(description="The result of `markersSave`.")
class MarkersPayload:
    """The markers written, or why nothing was."""

    markers: list[Marker] = strawberry.field(
        description="The markers saved, in the order home, notifications."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the mutation did nothing (empty on success)."
    )


@strawberry.type
class MarkerMutations:
    """Mutations about the viewer's markers."""

    @strawberry.mutation(
        description="Create or move the viewer's markers; a move bumps `version` "
        "(REST: `POST /api/v1/markers`). Needs `write:statuses`."
    )
    async def markers_save(
        self,
        info: Info,
        input: Annotated[
            MarkersSaveInput, strawberry.argument(description="The positions to save.")
        ],
    ) -> MarkersPayload:
        positions = {
            name: value
            for name, value in (("home", input.home), ("notifications", input.notifications))
            if value is not None
        }
        try:
            views = await marker_service.save_markers(info.context, positions)
        except DomainError as error:
            return MarkersPayload(markers=[], user_errors=user_errors(error))
        return MarkersPayload(markers=[Marker.from_view(v) for v in views], user_errors=[])
