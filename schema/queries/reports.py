"""Report reads for admins: the list, one report, Pleroma 2.0's grouping by status."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.errors import NOT_FOUND, DomainError
from schema.queries.notifications import rest_id_of
from schema.services import reports as service
from schema.types.report import Report, ReportGroup, ReportPage, ReportState


@strawberry.type
class ReportQueries:
    """The same reads as `GET /admin/reports`, `/admin/reports/:id` and
    `/admin/grouped_reports`; each needs an admin whose token grants
    `admin:read:reports`."""

    @strawberry.field(
        description="Reports, newest first (REST: `GET /api/v1/pleroma/admin/reports`). "
        "Admins only (`admin:read:reports`)."
    )
    async def admin_reports(
        self,
        info: Info,
        state: Annotated[
            ReportState | None,
            strawberry.argument(description="Only reports in this state (REST `state`)."),
        ] = None,
        page: Annotated[
            int, strawberry.argument(description="The page, from 1 (REST `page`).")
        ] = 1,
        page_size: Annotated[
            int,
            strawberry.argument(
                description="Reports per page, 1 to 200 (REST `page_size`, default 50)."
            ),
        ] = service.DEFAULT_PAGE_SIZE,
    ) -> ReportPage:
        result = await service.list_reports(
            info.context,
            state=state.value if state is not None else None,
            page=page,
            page_size=page_size,
        )
        return ReportPage(
            total=result.total, reports=[Report.from_view(v) for v in result.views]
        )

    @strawberry.field(
        description="One report by global or REST id (REST: `GET /api/v1/pleroma/admin/"
        "reports/:id`); null when there is none. Admins only (`admin:read:reports`)."
    )
    async def admin_report(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The report's global or REST id.")
        ],
    ) -> Report | None:
        try:
            view = await service.get_report(info.context, rest_id_of(str(id), "Report"))
        except DomainError as error:
            if error.kind is NOT_FOUND:
                return None
            raise
        return Report.from_view(view)

    @strawberry.field(
        description="The most recently reported statuses (at most 100), each with every "
        "report naming it (REST: Pleroma 2.0's `GET /api/pleroma/admin/grouped_reports`). "
        "Admins only (`admin:read:reports`)."
    )
    async def admin_report_groups(self, info: Info) -> list[ReportGroup]:
        return [ReportGroup(group=g) for g in await service.grouped_reports(info.context)]
