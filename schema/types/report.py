"""Reports: ``Report`` as admins see it (REST: Pleroma's admin ReportView) and
``SubmittedReport`` as its reporter sees it (REST: Mastodon's Report entity).

Both are built from the views :mod:`schema.services.reports` gives REST too, so the
fields match the REST answers the parity tests compare.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.services import reports as service
from schema.services.reports import FiledReport, NoteView, ReportView
from schema.services.reports import ReportGroup as GroupView
from schema.types.account import Account
from schema.types.scalars import HTML
from schema.types.status import Status


@strawberry.enum(description="Where a report stands (Pleroma's report states).")
class ReportState(Enum):
    """Any state may follow any other."""

    OPEN = strawberry.enum_value("open", description="Waiting for the staff.")
    CLOSED = strawberry.enum_value("closed", description="Dismissed without action.")
    RESOLVED = strawberry.enum_value("resolved", description="Handled.")


@strawberry.enum(description="What a report is about (Mastodon's report categories).")
class ReportCategory(Enum):
    """Chosen by the reporter; ``OTHER`` when they named none."""

    SPAM = strawberry.enum_value("spam", description="Unwanted advertising or repetition.")
    LEGAL = strawberry.enum_value("legal", description="Illegal content.")
    VIOLATION = strawberry.enum_value(
        "violation", description="Breaks one of the instance's rules (see `ruleIds`)."
    )
    OTHER = strawberry.enum_value("other", description="Anything else.")


@strawberry.type(description="A moderator's note on a report.")
class ReportNote:
    """Admins only ever see it."""

    view: strawberry.Private[NoteView]

    @strawberry.field(description="The note id (REST: the `:id` of the note deletion route).")
    def rest_id(self) -> str:
        return self.view.note.id

    @strawberry.field(description="The note as typed (plain text).")
    def content(self) -> str:
        return self.view.note.content

    @strawberry.field(description="When it was written.")
    def created_at(self) -> datetime:
        return self.view.note.created_at

    @strawberry.field(
        description="Who wrote it (null when written with the configured admin token, or "
        "when the account is gone)."
    )
    def author(self) -> Account | None:
        return Account.from_row(self.view.author) if self.view.author is not None else None


@strawberry.type(
    description="A complaint about an account and some of its statuses, as admins see it "
    "(REST: Pleroma's admin Report). Only admins with `admin:read:reports` can load one."
)
class Report(relay.Node):
    """Built from a hydrated view; node lookups by anyone else resolve to null."""

    key: relay.NodeID[str]
    view: strawberry.Private[Any]

    @classmethod
    def from_view(cls, view: ReportView) -> Report:
        """The GraphQL projection of a hydrated report."""
        return cls(key=view.id, view=view)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Report | None]:
        """Reports for an admin with `admin:read:reports`; null for everyone else."""
        ids = [str(i) for i in node_ids]
        views = {v.id: v for v in await service.reports_by_ids(info.context, ids)}
        return [cls.from_view(views[i]) if i in views else None for i in ids]

    @strawberry.field(description="The id used by the REST API (`/admin/reports/:id`).")
    def rest_id(self) -> str:
        return self.view.id

    @strawberry.field(description="Where the report stands.")
    def state(self) -> ReportState:
        return ReportState(self.view.report.state)

    @strawberry.field(description="The reporter's comment as typed (empty when none).")
    def comment(self) -> str:
        return self.view.report.content or ""

    @strawberry.field(
        description="The comment as HTML, escaped, line breaks kept (REST `content`); "
        "null when there is none."
    )
    def content(self) -> HTML | None:
        html = self.view.content_html
        return HTML(html) if html is not None else None

    @strawberry.field(description="What the report is about.")
    def category(self) -> ReportCategory:
        return ReportCategory(self.view.report.category)

    @strawberry.field(description="The instance rules the reporter named.")
    def rule_ids(self) -> list[str]:
        return [str(r) for r in self.view.report.rule_ids or ()]

    @strawberry.field(
        description="The reporter asked for the report to be sent on to the reported "
        "account's instance (REST: Mastodon's `forward`)."
    )
    def forward(self) -> bool:
        return bool(self.view.report.forward)

    @strawberry.field(description="When it was filed.")
    def created_at(self) -> datetime:
        return self.view.report.created_at

    @strawberry.field(description="When it was filed or last changed.")
    def updated_at(self) -> datetime:
        return self.view.report.updated_at

    @strawberry.field(description="The reported account (REST `account`).")
    def account(self) -> Account:
        return Account.from_row(self.view.account)

    @strawberry.field(description="Who filed it (REST `actor`).")
    def actor(self) -> Account:
        return Account.from_row(self.view.actor)

    @strawberry.field(
        description="The reported statuses in the order they were attached, as the admin "
        "sees them (private and direct ones included); a deleted status drops out."
    )
    def statuses(self) -> list[Status]:
        return [Status.from_view(v) for v in self.view.statuses]

    @strawberry.field(description="The moderators' notes, oldest first.")
    def notes(self) -> list[ReportNote]:
        return [ReportNote(view=n) for n in self.view.notes]


@strawberry.type(description="A page of reports, newest first (REST: `GET /admin/reports`).")
class ReportPage:
    """Offset-paged by `page` and `pageSize`, as Pleroma's admin API defines it."""

    total: int = strawberry.field(
        description="How many reports match the filter in all (REST `total`)."
    )
    reports: list[Report] = strawberry.field(description="The reports of this page.")


@strawberry.type(
    description="One reported status with every report naming it (REST: Pleroma 2.0's "
    "`GET /admin/grouped_reports`)."
)
class ReportGroup:
    """Built from the service's group."""

    group: strawberry.Private[GroupView]

    @strawberry.field(description="When the newest of these reports was filed.")
    def date(self) -> datetime:
        return self.group.date

    @strawberry.field(description="The reported account.")
    def account(self) -> Account:
        return Account.from_row(self.group.account)

    @strawberry.field(description="The reported status, as the admin sees it.")
    def status(self) -> Status:
        return Status.from_view(self.group.status)

    @strawberry.field(description="Everyone who reported it, once each.")
    def actors(self) -> list[Account]:
        return [Account.from_row(a) for a in self.group.actors]

    @strawberry.field(description="The reports naming it, newest first.")
    def reports(self) -> list[Report]:
        return [Report.from_view(v) for v in self.group.reports]


@strawberry.type(
    description="A report as the account that filed it sees it (REST: Mastodon's Report "
    "entity, the answer to `POST /api/v1/reports`)."
)
class SubmittedReport:
    """Never shows the staff's notes or the report's other readers."""

    filed: strawberry.Private[FiledReport]

    @strawberry.field(description="The report id.")
    def rest_id(self) -> str:
        return self.filed.report.id

    @strawberry.field(description="True once the staff closed or resolved it.")
    def action_taken(self) -> bool:
        return self.filed.report.state != "open"

    @strawberry.field(description="What the report is about.")
    def category(self) -> ReportCategory:
        return ReportCategory(self.filed.report.category)

    @strawberry.field(description="The comment as typed (empty when none).")
    def comment(self) -> str:
        return self.filed.report.content or ""

    @strawberry.field(
        description="The reporter asked for it to be sent on to the reported account's "
        "instance (REST `forwarded`)."
    )
    def forwarded(self) -> bool:
        return bool(self.filed.report.forward)

    @strawberry.field(description="When it was filed.")
    def created_at(self) -> datetime:
        return self.filed.report.created_at

    @strawberry.field(description="The REST ids of the attached statuses.")
    def status_ids(self) -> list[str]:
        return list(self.filed.status_ids)

    @strawberry.field(description="The instance rules named.")
    def rule_ids(self) -> list[str]:
        return [str(r) for r in self.filed.report.rule_ids or ()]

    @strawberry.field(description="The reported account (REST `target_account`).")
    def target_account(self) -> Account:
        return Account.from_row(self.filed.target)
