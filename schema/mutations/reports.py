"""Report mutations: filing one (any account), and the admins' state changes and notes.

Each calls the same service as its REST twin, with the same rules and messages;
refusals (non-admins included) come back as ``userErrors``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.queries.notifications import rest_id_of
from schema.services import reports as service
from schema.types.errors import UserError
from schema.types.report import (
    Report,
    ReportCategory,
    ReportNote,
    ReportState,
    SubmittedReport,
)


@strawberry.input(description="What `reportCreate` needs (REST: `POST /api/v1/reports`).")
class ReportCreateInput:
    """The reported account, and optionally its statuses, a comment and a category."""

    account_id: strawberry.ID = strawberry.field(
        description="The reported account (global or REST id; REST `account_id`)."
    )
    status_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Statuses of that account the reporter can see (global or REST ids; "
        "REST `status_ids[]`), at most 100.",
    )
    comment: str | None = strawberry.field(
        default=None, description="Why (at most 1000 characters; REST `comment`)."
    )
    forward: bool = strawberry.field(
        default=False,
        description="Send it on to the reported account's instance when it is remote "
        "(REST `forward`).",
    )
    category: ReportCategory | None = strawberry.field(
        default=None,
        description="What it is about (REST `category`); `VIOLATION` when rules are named, "
        "else `OTHER`.",
    )
    rule_ids: list[str] = strawberry.field(
        default_factory=list,
        description="The instance rules broken (REST `rule_ids[]`); each must be one of "
        "the instance's rules.",
    )


@strawberry.type(description="The result of `reportCreate`.")
class ReportCreatePayload:
    """The report as its reporter sees it, or why it was not filed."""

    report: SubmittedReport | None = strawberry.field(
        default=None, description="The report filed (null when refused)."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.input(description="One report and its new state.")
class ReportStateInput:
    """An item of REST's `reports` list."""

    id: strawberry.ID = strawberry.field(description="The report (global or REST id).")
    state: ReportState = strawberry.field(description="Its new state.")


@strawberry.input(description="What `adminReportsUpdate` needs (REST: `PATCH /admin/reports`).")
class AdminReportsUpdateInput:
    """Up to 100 items, handled one by one."""

    reports: list[ReportStateInput] = strawberry.field(description="The changes.")


@strawberry.type(description="An item of `adminReportsUpdate` that was not applied.")
class ReportUpdateFailure:
    """REST's `{"id", "error"}` item."""

    id: str = strawberry.field(description="The report id as sent.")
    error: str = strawberry.field(
        description="Pleroma's error: `not_found` for an unknown report."
    )


@strawberry.type(description="The result of `adminReportsUpdate`.")
class AdminReportsUpdatePayload:
    """Items are applied one by one, as Pleroma does: the valid ones even when others
    fail."""

    reports: list[Report] = strawberry.field(
        default_factory=list, description="The reports changed, in the order sent."
    )
    failures: list[ReportUpdateFailure] = strawberry.field(
        default_factory=list,
        description="The items not applied (REST's 400 body); each is a userError too.",
    )
    user_errors: list[UserError] = user_errors_field(
        "Why items (or the whole mutation) were refused (empty on full success)."
    )


@strawberry.input(description="What `adminReportNoteCreate` needs.")
class AdminReportNoteCreateInput:
    """REST: `POST /admin/reports/:id/notes`."""

    report_id: strawberry.ID = strawberry.field(description="The report (global or REST id).")
    content: str = strawberry.field(description="The note (plain text, at most 10000).")


@strawberry.type(description="The result of `adminReportNoteCreate`.")
class AdminReportNoteCreatePayload:
    """The note and its report."""

    note: ReportNote | None = strawberry.field(default=None, description="The new note.")
    report: Report | None = strawberry.field(
        default=None, description="The report, with the new note among its notes."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.input(description="What `adminReportNoteDelete` needs.")
class AdminReportNoteDeleteInput:
    """REST: `DELETE /admin/reports/:report_id/notes/:id`."""

    report_id: strawberry.ID = strawberry.field(description="The report (global or REST id).")
    note_id: strawberry.ID = strawberry.field(description="The note (`ReportNote.restId`).")


@strawberry.type(description="The result of `adminReportNoteDelete`.")
class AdminReportNoteDeletePayload:
    """The report without the note."""

    deleted_note_id: str | None = strawberry.field(
        default=None, description="The id of the note deleted."
    )
    report: Report | None = strawberry.field(
        default=None, description="The report as it now stands."
    )
    user_errors: list[UserError] = user_errors_field()


def _report_id(value: strawberry.ID) -> str:
    return rest_id_of(str(value), "Report")


@strawberry.type
class ReportMutations:
    """Filing reports and handling them."""

    @strawberry.mutation(
        description="Report an account (and statuses of it the viewer can see) to the "
        "staff, who get a `pleroma:report` notification and a mail (REST: "
        "`POST /api/v1/reports`). Needs `write:reports`."
    )
    async def report_create(
        self,
        info: Info,
        input: Annotated[ReportCreateInput, strawberry.argument(description="The report.")],
    ) -> ReportCreatePayload:
        return await payload_of(
            ReportCreatePayload,
            lambda: service.create_report(
                info.context,
                account_id=rest_id_of(str(input.account_id), "Account"),
                status_ids=[rest_id_of(str(s), "Status") for s in input.status_ids],
                comment=input.comment,
                forward=input.forward,
                category=input.category.value if input.category is not None else None,
                rule_ids=input.rule_ids,
            ),
            lambda filed: ReportCreatePayload(report=SubmittedReport(filed=filed)),
        )

    @strawberry.mutation(
        description="Change the state of reports, each with a moderation log entry (REST: "
        "`PATCH /api/v1/pleroma/admin/reports`). Admins only (`admin:write:reports`)."
    )
    async def admin_reports_update(
        self,
        info: Info,
        input: Annotated[
            AdminReportsUpdateInput, strawberry.argument(description="The changes.")
        ],
    ) -> AdminReportsUpdatePayload:
        ctx = info.context
        items = [{"id": _report_id(i.id), "state": i.state.value} for i in input.reports]

        async def done(result: service.UpdateResult) -> AdminReportsUpdatePayload:
            views = {v.id: v for v in await service.hydrate_reports(ctx, result.updated)}
            failures = [ReportUpdateFailure(id=str(f.id), error=f.error) for f in result.failures]
            return AdminReportsUpdatePayload(
                reports=[Report.from_view(views[r.id]) for r in result.updated if r.id in views],
                failures=failures,
                user_errors=[
                    UserError(
                        code="NOT_FOUND" if f.error == service.ITEM_NOT_FOUND else "BAD_REQUEST",
                        field="reports",
                        message=f"{f.id}: {f.error}",
                    )
                    for f in failures
                ],
            )

        return await payload_of(
            AdminReportsUpdatePayload, lambda: service.update_states(ctx, items), done
        )

    @strawberry.mutation(
        description="Add the viewer's note to a report (REST: `POST /api/v1/pleroma/admin/"
        "reports/:id/notes`). Admins only (`admin:write:reports`)."
    )
    async def admin_report_note_create(
        self,
        info: Info,
        input: Annotated[AdminReportNoteCreateInput, strawberry.argument(description="The note.")],
    ) -> AdminReportNoteCreatePayload:
        ctx = info.context
        report_id = _report_id(input.report_id)

        async def done(note) -> AdminReportNoteCreatePayload:
            view = await service.get_report(ctx, report_id)
            mine = next(n for n in view.notes if n.note.id == note.id)
            return AdminReportNoteCreatePayload(
                note=ReportNote(view=mine), report=Report.from_view(view)
            )

        return await payload_of(
            AdminReportNoteCreatePayload,
            lambda: service.create_note(ctx, report_id, input.content),
            done,
        )

    @strawberry.mutation(
        description="Delete a note of a report (REST: `DELETE /api/v1/pleroma/admin/reports/"
        ":report_id/notes/:id`). Admins only (`admin:write:reports`)."
    )
    async def admin_report_note_delete(
        self,
        info: Info,
        input: Annotated[
            AdminReportNoteDeleteInput, strawberry.argument(description="Which note.")
        ],
    ) -> AdminReportNoteDeletePayload:
        ctx = info.context
        report_id = _report_id(input.report_id)

        async def done(note) -> AdminReportNoteDeletePayload:
            view = await service.get_report(ctx, report_id)
            return AdminReportNoteDeletePayload(
                deleted_note_id=note.id, report=Report.from_view(view)
            )

        return await payload_of(
            AdminReportNoteDeletePayload,
            lambda: service.delete_note(ctx, report_id, str(input.note_id)),
            done,
        )
