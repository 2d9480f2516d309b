"""Invite reads for admins."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from schema.services import invites as invite_service
from schema.types.invite import Invite


@strawberry.type
class InviteQueries:
    """The same read as `GET /api/pleroma/admin/users/invites`."""

    @strawberry.field(
        description="Every invite token, oldest first (REST: `GET "
        "/api/pleroma/admin/users/invites`). Admins only; needs `admin:read:invites`."
    )
    async def admin_invites(self, info: Info) -> list[Invite]:
        rows = await invite_service.list_invites(info.context)
        return [Invite.from_row(r) for r in rows]
