"""Marker reads: the viewer's saved read positions."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.services import markers as marker_service
from schema.types.marker import Marker, MarkerTimeline


@strawberry.type
class MarkerQueries:
    """The same read as `GET /api/v1/markers`."""

    @strawberry.field(
        description="The viewer's markers for these timelines, only those that exist, in "
        "the order home, notifications (REST: `GET /api/v1/markers`). Needs `read:statuses`."
    )
    async def markers(
        self,
        info: Info,
        timelines: Annotated[
            list[MarkerTimeline],
            strawberry.argument(description="The timelines wanted (REST `timeline[]`)."),
        ],
    ) -> list[Marker]:
        views = await marker_service.get_markers(info.context, [t.value for t in timelines])
        return [Marker.from_view(v) for v in views]
