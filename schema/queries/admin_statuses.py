"""Admin reads of statuses: every status, one account's, one domain's, one by id.

The twins of ``GET /api/pleroma/admin/statuses``, ``.../statuses/:id``,
``.../users/:nickname/statuses`` and ``.../instances/:instance/statuses``: the same
service (:mod:`schema.services.admin_statuses`) decides who may and what a list holds;
each page is hydrated in one batch like every other status list.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.errors import NOT_FOUND, DomainError
from schema.services import admin_statuses as service
from schema.services.admin_statuses import StatusListing, StatusPage
from schema.services.status_views import hydrate
from schema.types.admin_status import AdminStatusPage
from schema.types.status import Status, status_rest_id

PageArg = Annotated[int, strawberry.argument(description="Page number, from 1.")]
PageSizeArg = Annotated[
    int,
    strawberry.argument(
        description=f"Statuses per page (default {service.DEFAULT_PAGE_SIZE}, at most "
        f"{service.MAX_PAGE_SIZE})."
    ),
]
GodmodeArg = Annotated[
    bool, strawberry.argument(description="Also private and direct statuses.")
]
WithReblogsArg = Annotated[bool, strawberry.argument(description="Also reblogs.")]


async def _statuses(info: Info, rows: list) -> list[Status]:
    return [Status.from_view(v) for v in await hydrate(info.context, rows)]


async def _page(info: Info, page: StatusPage) -> AdminStatusPage:
    return AdminStatusPage(total=page.total, statuses=await _statuses(info, page.statuses))


@strawberry.type
class AdminStatusQueries:
    """Statuses as admins read them. Admins only, with `admin:read:statuses`."""

    @strawberry.field(
        description="Every status, newest first: what anyone may see, or everything with "
        "`godmode` (REST: `GET /api/pleroma/admin/statuses`). Blocks and mutes do not apply."
    )
    async def admin_statuses(
        self,
        info: Info,
        page: PageArg = 1,
        page_size: PageSizeArg = service.DEFAULT_PAGE_SIZE,
        godmode: GodmodeArg = False,
        with_reblogs: WithReblogsArg = False,
        local_only: Annotated[
            bool, strawberry.argument(description="Only statuses posted on this instance.")
        ] = False,
    ) -> list[Status]:
        listing = StatusListing(
            page=page,
            page_size=page_size,
            godmode=godmode,
            with_reblogs=with_reblogs,
            local_only=local_only,
        )
        return await _statuses(info, await service.list_statuses(info.context, listing))

    @strawberry.field(
        description="Any status by global id or REST id, whatever its visibility; null "
        "when there is none (REST: `GET /api/pleroma/admin/statuses/:id`)."
    )
    async def admin_status(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The status's global or REST id.")
        ],
    ) -> Status | None:
        try:
            row = await service.get_status(info.context, status_rest_id(str(id)))
        except DomainError as error:
            if error.kind is NOT_FOUND:
                return None
            raise
        return (await _statuses(info, [row]))[0]

    @strawberry.field(
        description="One account's statuses and their total; null for an unknown account "
        "(REST: `GET /api/pleroma/admin/users/:nickname/statuses`)."
    )
    async def admin_user_statuses(
        self,
        info: Info,
        nickname: Annotated[
            str,
            strawberry.argument(description="The account's REST id, nickname or `nick@domain`."),
        ],
        page: PageArg = 1,
        page_size: PageSizeArg = service.DEFAULT_PAGE_SIZE,
        godmode: GodmodeArg = False,
        with_reblogs: WithReblogsArg = False,
    ) -> AdminStatusPage | None:
        listing = StatusListing(
            page=page, page_size=page_size, godmode=godmode, with_reblogs=with_reblogs
        )
        try:
            found = await service.account_statuses(info.context, nickname, listing)
        except DomainError as error:
            if error.kind is NOT_FOUND:
                return None
            raise
        return await _page(info, found)

    @strawberry.field(
        description="The statuses of one domain's accounts and their total; this "
        "instance's own host means local accounts (REST: "
        "`GET /api/pleroma/admin/instances/:instance/statuses`)."
    )
    async def admin_instance_statuses(
        self,
        info: Info,
        instance: Annotated[
            str, strawberry.argument(description="The domain, e.g. `example.org`.")
        ],
        page: PageArg = 1,
        page_size: PageSizeArg = service.DEFAULT_PAGE_SIZE,
        godmode: GodmodeArg = False,
        with_reblogs: WithReblogsArg = False,
    ) -> AdminStatusPage:
        listing = StatusListing(
            page=page, page_size=page_size, godmode=godmode, with_reblogs=with_reblogs
        )
        return await _page(info, await service.instance_statuses(info.context, instance, listing))
