"""Admin reads: the moderation log, the status counts and the OAuth apps.

The twins of ``GET /api/pleroma/admin/moderation_log``, ``.../stats`` and
``.../oauth_app``, on the same services.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.services import admin_apps, moderation_log
from schema.services import instance as instance_service
from schema.types.admin_status import AdminStats, StatusVisibilityCounts
from schema.types.app import AdminOAuthAppPage, App
from schema.types.moderation_log import ModerationLogEntry, ModerationLogPage

PageArg = Annotated[int, strawberry.argument(description="Page number, from 1.")]


@strawberry.type
class AdminMiscQueries:
    """Admins only."""

    @strawberry.field(
        description="What admins did, newest first (REST: "
        "`GET /api/pleroma/admin/moderation_log`). Needs `admin:read`."
    )
    async def admin_moderation_log(
        self,
        info: Info,
        page: PageArg = 1,
        page_size: Annotated[
            int,
            strawberry.argument(
                description=f"Entries per page (default {moderation_log.DEFAULT_PAGE_SIZE}, "
                f"at most {moderation_log.MAX_PAGE_SIZE})."
            ),
        ] = moderation_log.DEFAULT_PAGE_SIZE,
        start_date: Annotated[
            str | None,
            strawberry.argument(description="Only entries from then on (ISO 8601)."),
        ] = None,
        end_date: Annotated[
            str | None,
            strawberry.argument(description="Only entries up to then (ISO 8601)."),
        ] = None,
        user_id: Annotated[
            str | None,
            strawberry.argument(description="Only what this admin (REST account id) did."),
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(description="Only entries whose message contains this."),
        ] = None,
    ) -> ModerationLogPage:
        info.context.viewer.require_admin("read")
        found = await moderation_log.entries(
            page=page,
            page_size=page_size,
            start_date=start_date or None,
            end_date=end_date or None,
            user_id=user_id or None,
            search=search or None,
        )
        return ModerationLogPage(
            items=[ModerationLogEntry(row=e) for e in found.entries], total=found.total
        )

    @strawberry.field(
        description="How many statuses there are by visibility, of every account or of "
        "one domain's (REST: `GET /api/pleroma/admin/stats`). Needs `admin:read`."
    )
    async def admin_stats(
        self,
        info: Info,
        instance: Annotated[
            str | None,
            strawberry.argument(description="Only the statuses of this domain's accounts."),
        ] = None,
    ) -> AdminStats:
        counts = await instance_service.status_visibility_counts(info.context, instance or None)
        return AdminStats(status_visibility=StatusVisibilityCounts(**counts))

    @strawberry.field(
        name="adminOAuthApps",
        description="OAuth apps with their credentials, oldest first (REST: "
        "`GET /api/pleroma/admin/oauth_app`). Needs `admin:write`, as in Pleroma."
    )
    async def admin_oauth_apps(
        self,
        info: Info,
        name: Annotated[
            str | None, strawberry.argument(description="Only apps with exactly this name.")
        ] = None,
        client_id: Annotated[
            str | None, strawberry.argument(description="Only the app with this client id.")
        ] = None,
        trusted: Annotated[
            bool | None,
            strawberry.argument(description="Only trusted (true) or untrusted (false) apps."),
        ] = None,
        page: PageArg = 1,
        page_size: Annotated[
            int,
            strawberry.argument(
                description=f"Apps per page (default {admin_apps.DEFAULT_PAGE_SIZE}, at most "
                f"{admin_apps.MAX_PAGE_SIZE})."
            ),
        ] = admin_apps.DEFAULT_PAGE_SIZE,
    ) -> AdminOAuthAppPage:
        found = await admin_apps.list_apps(
            info.context,
            name=name or None,
            client_id=client_id or None,
            trusted=trusted,
            page=page,
            page_size=page_size,
        )
        return AdminOAuthAppPage(
            apps=[App.from_row(a, show_credentials=True) for a in found.apps],
            count=found.count,
            page_size=found.page_size,
        )
