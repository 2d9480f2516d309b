"""``mascot`` and ``viewerCounts``: reads about the viewer's own profile."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from schema.errors import INSUFFICIENT_SCOPE, DomainError
from schema.services import profile as profile_service
from schema.services.own_counts import own_counts
from schema.types.profile import Mascot, ViewerCounts


@strawberry.type
class ProfileQueries:
    """Reads about the viewer's own profile."""

    @strawberry.field(
        description="The viewer's Pleroma-FE mascot, or the instance default when none was "
        "uploaded (REST: `GET /api/v1/pleroma/mascot`). Needs the `read:accounts` scope."
    )
    async def mascot(self, info: Info) -> Mascot:
        return Mascot(value=await profile_service.get_mascot(info.context))

    @strawberry.field(
        description="The viewer's owner-only counters: pending follow requests, unread "
        "conversations and unseen notifications (REST: the counters of "
        "`GET /api/v1/accounts/verify_credentials`). Null when anonymous; needs the "
        "`read:accounts` scope."
    )
    async def viewer_counts(self, info: Info) -> ViewerCounts | None:
        viewer = info.context.viewer
        if viewer.account is None:
            return None
        if not viewer.has_scope("read:accounts"):
            raise DomainError(INSUFFICIENT_SCOPE, "Insufficient permissions: read:accounts.")
        counts = await own_counts(viewer.account.id)
        return ViewerCounts(
            follow_requests=counts.follow_requests,
            unread_conversations=counts.unread_conversations,
            unread_notifications=counts.unread_notifications,
        )
