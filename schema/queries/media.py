"""``media``: one of the viewer's own uploads."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.errors import BAD_REQUEST, DomainError
from schema.services import media as media_service
from schema.types.media import MediaAttachment


def media_rest_id(id: strawberry.ID | None, rest_id: str | None) -> str | None:
    """The REST id named by exactly one of a global ``id`` or a ``restId``.

    ``None`` when the global id does not name a ``MediaAttachment``; 400 when both or
    neither are given.
    """
    if (id is None) == (rest_id is None):
        raise DomainError(BAD_REQUEST, "Give exactly one of id and restId.")
    if rest_id is not None:
        return rest_id
    try:
        gid = relay.GlobalID.from_id(id)
    except Exception:
        return None
    return gid.node_id if gid.type_name == "MediaAttachment" else None


@strawberry.type
class MediaQueries:
    """Reads of media attachments."""

    @strawberry.field(
        description="One of the viewer's own uploads by global `id` or `restId` (REST: "
        "`GET /api/v1/media/:id`); null for anyone else's. Needs the `write:media` scope."
    )
    async def media(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The upload's global id.")
        ] = None,
        rest_id: Annotated[
            str | None, strawberry.argument(description="The REST id (`/api/v1/media/:id`).")
        ] = None,
    ) -> MediaAttachment | None:
        ctx = info.context
        ctx.viewer.require("write:media")
        media_id = media_rest_id(id, rest_id)
        if media_id is None:
            return None
        (row,) = await media_service.own_many(ctx, [media_id])
        return MediaAttachment.from_row(row) if row is not None else None
