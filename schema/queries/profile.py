"""``mascot``: the viewer's Pleroma-FE mascot."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from schema.services import profile as profile_service
from schema.types.profile import Mascot


@strawberry.type
class ProfileQueries:
    """Reads about the viewer's own profile."""

    @strawberry.field(
        description="The viewer's Pleroma-FE mascot, or the instance default when none was "
        "uploaded (REST: `GET /api/v1/pleroma/mascot`). Needs the `read:accounts` scope."
    )
    async def mascot(self, info: Info) -> Mascot:
        return Mascot(value=await profile_service.get_mascot(info.context))
