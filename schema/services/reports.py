"""Reports: a user tells the staff about an account (and some of its statuses); admins
read them, change their state and keep notes on them.

**Filing** (:func:`create_report`, Mastodon's ``POST /api/v1/reports``, GraphQL
``reportCreate``; scope ``write:reports``). The reported account must be one the reporter
may see (404 ``Account not found`` otherwise, so a hidden account looks unknown). Every
attached status must be the reported account's own post (not a reblog) that the reporter
may see (:func:`~schema.services.visibility.reportable_q`: what ``visible_q`` shows them,
blocks they made themselves aside); any other id is 404 ``Record not found``, exactly like
an unknown status, so a report never reveals that a hidden status exists. The comment is
at most :data:`MAX_COMMENT_LENGTH` characters (400, Pleroma's message). The report and its
status links are written in one transaction; after it commits, ``report.created`` is
emitted (the notifications service gives every admin and moderator a ``pleroma:report``
notification) and, when mail is on, each of them with an address gets a mail in the
background (Pleroma's ``AdminEmail.report``).

**Reading** (admins only, ``admin:read:reports``): :func:`list_reports` (newest first,
``state`` filter, Pleroma's ``page``/``page_size``), :func:`get_report`,
:func:`grouped_reports` (Pleroma 2.0: by reported status). :func:`hydrate_reports` loads
what rendering needs for a whole page in a constant number of statements: the status
links, the notes, the accounts (one loader batch) and the statuses through
:func:`~schema.services.status_views.hydrate`. Statuses are shown as an admin sees them,
private and direct ones included; nobody else ever gets them (a moderator's
``pleroma:report`` notification carries the report without its statuses).

**Acting** (admins only, ``admin:write:reports``): :func:`update_states` (Pleroma's
``PATCH``: each item on its own, as Pleroma does: the valid ones are applied, the others
come back as ``{"id", "error"}``), :func:`update_state` (the 1.1 ``PUT``),
:func:`create_note` and :func:`delete_note`. Each change and its moderation log entry
(``report_update``, ``report_note``, ``report_note_delete``, with the reported account as
``subject_actor``) are written in one transaction. The configured ``admin_token`` acts
with no account: its notes have no author and its log entries name ``admin_token``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Max
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.moderation import Report, ReportNote, ReportStatus
from models.statuses import Status
from schema import loaders
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, NOT_FOUND, VALIDATION, DomainError
from schema.services import accounts as account_service
from schema.services import events, formatting, jobs, mail_templates, moderation_log
from schema.services.status_views import StatusView, hydrate
from schema.services.visibility import reportable_q

log = logging.getLogger("plenum.reports")

#: Scope a user needs to file a report, and (as ``admin:…``) an admin to change one.
WRITE_SCOPE = "write:reports"
#: Scope (as ``admin:read:reports``) an admin needs to read reports.
READ_SCOPE = "read:reports"
#: Emitted after a report is filed: ``actor_id`` the reporter, ``target_id`` the reported
#: account, ``data["report_id"]``.
CREATED_EVENT = "report.created"

#: Pleroma's report states.
STATES = ("open", "closed", "resolved")
#: Mastodon's report categories.
CATEGORIES = ("spam", "legal", "violation", "other")

#: Pleroma's default ``max_report_comment_size`` (Mastodon's limit too).
MAX_COMMENT_LENGTH = 1000
#: The most statuses one report may attach.
MAX_STATUSES = 100
#: The most rule ids one report may name.
MAX_RULE_IDS = 50
#: The longest moderator note.
MAX_NOTE_LENGTH = 10_000
#: The most items one ``PATCH /admin/reports`` may change.
MAX_UPDATES = 100
#: Ids longer than this are unknown without asking the database.
MAX_ID_LENGTH = 64

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
#: ``grouped_reports`` shows the statuses reported most recently, this many at most.
MAX_GROUPS = 100

ACCOUNT_NOT_FOUND = "Account not found"
COMMENT_TOO_LONG = f"Comment must be up to {MAX_COMMENT_LENGTH} characters"
NOT_FOUND_MESSAGE = "Not found"
UNSUPPORTED_STATE = "Unsupported state"
#: What a ``PATCH`` item naming an unknown report gets (Pleroma renders its ``:not_found``).
ITEM_NOT_FOUND = "not_found"
INVALID_STATE_FILTER = "state - Invalid value for enum."
INVALID_CATEGORY = "Validation failed: Category is not included in the list"
INVALID_RULES = "Validation failed: Rule ids does not reference valid rules"
TOO_MANY_STATUSES = f"Too many statuses (at most {MAX_STATUSES})"
TOO_MANY_UPDATES = f"Too many reports (at most {MAX_UPDATES})"
NOTE_TOO_LONG = f"Note must be up to {MAX_NOTE_LENGTH} characters"


def _missing(name: str) -> DomainError:
    return DomainError(BAD_REQUEST, f"Missing field: {name}.", field=name)


def staff_q() -> Q:
    """The accounts told about new reports: active local admins and moderators (Pleroma's
    ``User.all_superusers``)."""
    return Q(Q(is_admin=True) | Q(is_moderator=True), is_active=True, local=True)


def is_staff(account: Any) -> bool:
    """True for an admin or a moderator (who receive ``pleroma:report`` notifications)."""
    return account is not None and bool(account.is_admin or account.is_moderator)


def _require_admin(ctx: RequestContext, scope: str) -> Any:
    """The acting admin (``None`` for the configured admin token); 403 otherwise."""
    return ctx.viewer.require_admin(scope)


def _clean_id(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = str(value)
    return text if 0 < len(text) <= MAX_ID_LENGTH else None


# --- what the projections render ------------------------------------------------------


@dataclass
class FiledReport:
    """A report as its reporter sees it (Mastodon's ``Report`` entity): the row, the
    reported account and the attached status ids."""

    report: Report
    target: Account
    status_ids: list[str]


@dataclass
class NoteView:
    """A moderator's note with its author (``None`` for the admin token or a deleted
    account)."""

    note: ReportNote
    author: Account | None


@dataclass
class ReportView:
    """A report with everything the admin view renders; no further query needed.

    ``statuses`` are hydrated views in the order they were attached (empty when the
    viewer may not see them, see :func:`hydrate_reports`).
    """

    report: Report
    account: Account
    actor: Account
    statuses: list[StatusView] = field(default_factory=list)
    notes: list[NoteView] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The report id."""
        return self.report.id

    @property
    def content_html(self) -> str | None:
        """The reporter's comment as HTML (escaped, line breaks kept); ``None`` when the
        report has no comment, as Pleroma renders ``content``."""
        comment = self.report.content or ""
        return formatting.escape_text(comment) if comment else None


@dataclass
class ReportPage:
    """One page of reports, newest first, and how many match in all."""

    views: list[ReportView]
    total: int


@dataclass
class ReportGroup:
    """Pleroma 2.0's grouped reports: one reported status, the reports naming it (newest
    first) and their distinct reporters; ``date`` is the newest report's."""

    status: StatusView
    account: Account
    date: datetime
    actors: list[Account]
    reports: list[ReportView]


@dataclass
class UpdateFailure:
    """One ``PATCH`` item that was not applied: the id as sent and Pleroma's error."""

    id: Any
    error: str


@dataclass
class UpdateResult:
    """What ``PATCH /admin/reports`` did: the reports changed, the items refused."""

    updated: list[Report]
    failures: list[UpdateFailure]


# --- filing ---------------------------------------------------------------------------


def _status_id_list(status_ids: Iterable[Any]) -> list[str]:
    wanted: list[str] = []
    for raw in status_ids or ():
        if raw is None or raw == "":
            continue
        sid = _clean_id(raw)
        if sid is None:
            raise DomainError(NOT_FOUND)
        wanted.append(sid)
    wanted = list(dict.fromkeys(wanted))
    if len(wanted) > MAX_STATUSES:
        raise DomainError(BAD_REQUEST, TOO_MANY_STATUSES, field="status_ids")
    return wanted


def _category(category: Any, rule_ids: list[str]) -> str:
    if category is None or category == "":
        return "violation" if rule_ids else "other"
    text = str(category)
    if text not in CATEGORIES:
        raise DomainError(VALIDATION, INVALID_CATEGORY, field="category")
    return text


def _rule_ids(ctx: RequestContext, rule_ids: Iterable[Any]) -> list[str]:
    wanted = list(dict.fromkeys(str(r) for r in rule_ids or () if r is not None and r != ""))
    if not wanted:
        return []
    # The instance lists no rules yet (``/api/v1/instance`` answers ``rules: []``), so no
    # rule id is known until the policy grows ``rule_ids``; then they are checked here.
    known = {str(r) for r in getattr(ctx.policy, "rule_ids", ()) or ()}
    if len(wanted) > MAX_RULE_IDS or not set(wanted) <= known:
        raise DomainError(VALIDATION, INVALID_RULES, field="rule_ids")
    return wanted


async def create_report(
    ctx: RequestContext,
    *,
    account_id: Any,
    status_ids: Iterable[Any] = (),
    comment: str | None = None,
    forward: bool = False,
    category: Any = None,
    rule_ids: Iterable[Any] = (),
) -> FiledReport:
    """File a report by the viewer about ``account_id`` (see the module docstring).

    Raises 400 ``Missing field: account_id.``, 404 ``Account not found``, 400 ``Comment
    must be up to 1000 characters``, 422 for an unknown category or rule, 404 ``Record
    not found`` for a status that is not the reported account's or that the reporter may
    not see. Not idempotent: each call files one more report.
    """
    reporter = ctx.viewer.require(WRITE_SCOPE)
    target_ref = _clean_id(account_id)
    if account_id is None or account_id == "":
        raise _missing("account_id")
    if target_ref is None:
        raise DomainError(NOT_FOUND, ACCOUNT_NOT_FOUND, field="account_id")
    try:
        target = await account_service.find_visible(ctx, target_ref)
    except DomainError:
        raise DomainError(NOT_FOUND, ACCOUNT_NOT_FOUND, field="account_id") from None
    text = "" if comment is None else str(comment)
    if len(text) > MAX_COMMENT_LENGTH:
        raise DomainError(BAD_REQUEST, COMMENT_TOO_LONG, field="comment")
    rules = _rule_ids(ctx, rule_ids)
    kind = _category(category, rules)
    wanted = _status_id_list(status_ids)
    if wanted:
        found = set(
            await Status.filter(
                reportable_q(reporter.id),
                id__in=wanted,
                account_id=target.id,
                reblog_of_id=None,
            ).values_list("id", flat=True)
        )
        if len(found) != len(wanted):
            raise DomainError(NOT_FOUND, field="status_ids")
    try:
        async with in_transaction():
            report = await Report.create(
                reporter_id=reporter.id,
                target_id=target.id,
                content=text,
                category=kind,
                rule_ids=rules,
                forward=bool(forward),
            )
            if wanted:
                await ReportStatus.bulk_create(
                    [ReportStatus(report_id=report.id, status_id=sid) for sid in wanted]
                )
    except IntegrityError:  # a status or the account was deleted meanwhile
        raise DomainError(NOT_FOUND, field="status_ids") from None
    await events.emit(
        events.Event(
            CREATED_EVENT,
            actor_id=reporter.id,
            target_id=target.id,
            data={"report_id": report.id},
        )
    )
    if ctx.mailer is not None:
        await jobs.run(ctx, mail_staff(ctx, report.id), name=f"report_mail:{report.id}")
    return FiledReport(report=report, target=target, status_ids=wanted)


async def mail_staff(ctx: RequestContext, report_id: str) -> int:
    """Mail every active local admin and moderator with an address about ``report_id``
    (Pleroma's ``AdminEmail.report``); returns how many mails the SMTP server took.

    A failure for one recipient is logged (without the address) and does not stop the
    others. Does nothing without a mailer or when the report is gone.
    """
    mailer = ctx.mailer
    report = await Report.filter(id=report_id).first()
    if mailer is None or report is None:
        return 0
    people = {
        a.id: a
        for a in await Account.filter(id__in=[report.reporter_id, report.target_id])
    }
    reporter, target = people.get(report.reporter_id), people.get(report.target_id)
    if reporter is None or target is None:
        return 0
    status_urls = list(
        await Status.filter(report_rows__report_id=report.id)
        .order_by("report_rows__id")
        .values_list("url", flat=True)
    )
    subject, text = mail_templates.report(
        ctx.policy, reporter, target, report.content or None, status_urls, report.id
    )
    sent = 0
    for staff in await Account.filter(staff_q(), email__isnull=False).order_by("id"):
        if not staff.email:
            continue
        try:
            await mailer.send(staff.email, subject, text)
        except Exception as exc:
            log.warning("report %s mail for account %s not sent: %s", report.id, staff.id, exc)
            continue
        sent += 1
    return sent


# --- reading --------------------------------------------------------------------------


async def hydrate_reports(
    ctx: RequestContext, rows: Sequence[Report], *, with_statuses: bool = True
) -> list[ReportView]:
    """Views of ``rows`` in order, in a constant number of statements for the whole page:
    the status links, the notes, the accounts (reporters, reported, note authors: one
    loader batch), the statuses and :func:`hydrate` for them.

    ``with_statuses=False`` leaves every view's statuses empty without reading them (for
    viewers who may not see them). The caller has checked that the viewer may read
    reports at all.
    """
    if not rows:
        return []
    ids = [r.id for r in rows]
    links: list[tuple[str, str]] = []
    if with_statuses:
        links = [
            (str(report_id), str(status_id))
            for report_id, status_id in await ReportStatus.filter(report_id__in=ids)
            .order_by("id")
            .values_list("report_id", "status_id")
        ]
    notes = await ReportNote.filter(report_id__in=ids).order_by("created_at", "id")
    account_ids = {r.reporter_id for r in rows} | {r.target_id for r in rows}
    account_ids.update(n.author_id for n in notes if n.author_id)
    ordered = sorted(account_ids)
    accounts = dict(
        zip(ordered, await loaders.account_by_id(ctx).load_many(ordered), strict=True)
    )
    status_views: dict[str, StatusView] = {}
    if links:
        status_ids = list(dict.fromkeys(sid for _, sid in links))
        statuses = await Status.filter(id__in=status_ids)
        status_views = {v.id: v for v in await hydrate(ctx, statuses)}
    by_report: dict[str, list[StatusView]] = {}
    for report_id, status_id in links:
        view = status_views.get(status_id)
        if view is not None:
            by_report.setdefault(report_id, []).append(view)
    notes_of: dict[str, list[NoteView]] = {}
    for note in notes:
        author = accounts.get(note.author_id) if note.author_id else None
        notes_of.setdefault(note.report_id, []).append(NoteView(note=note, author=author))
    out = []
    for row in rows:
        account, actor = accounts.get(row.target_id), accounts.get(row.reporter_id)
        if account is None or actor is None:  # deleted in between: the report went too
            continue
        out.append(
            ReportView(
                report=row,
                account=account,
                actor=actor,
                statuses=by_report.get(row.id, []),
                notes=notes_of.get(row.id, []),
            )
        )
    return out


def _page_numbers(page: int | None, page_size: int | None) -> tuple[int, int]:
    number = max(1, int(page or 1))
    size = max(1, min(int(page_size or DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE))
    return number, size


async def list_reports(
    ctx: RequestContext,
    *,
    state: str | None = None,
    page: int | None = 1,
    page_size: int | None = DEFAULT_PAGE_SIZE,
) -> ReportPage:
    """Reports newest first, only those in ``state`` when given (``open``, ``closed``,
    ``resolved``; 400 ``state - Invalid value for enum.`` otherwise), paged by ``page``
    (from 1) and ``page_size`` (1..200, default 50). Admins only (``read:reports``)."""
    _require_admin(ctx, READ_SCOPE)
    if state is not None and state != "" and state not in STATES:
        raise DomainError(BAD_REQUEST, INVALID_STATE_FILTER, field="state")
    number, size = _page_numbers(page, page_size)
    query = Report.filter(state=state) if state else Report.all()
    total = await query.count()
    rows = await query.order_by("-id").offset((number - 1) * size).limit(size)
    return ReportPage(views=await hydrate_reports(ctx, rows), total=total)


async def _report(report_id: Any) -> Report:
    rid = _clean_id(report_id)
    row = await Report.filter(id=rid).first() if rid else None
    if row is None:
        raise DomainError(NOT_FOUND, NOT_FOUND_MESSAGE)
    return row


async def get_report(ctx: RequestContext, report_id: Any) -> ReportView:
    """One report; 404 ``Not found`` for an unknown id. Admins only (``read:reports``)."""
    _require_admin(ctx, READ_SCOPE)
    return (await hydrate_reports(ctx, [await _report(report_id)]))[0]


async def reports_by_ids(ctx: RequestContext, ids: Sequence[Any]) -> list[ReportView]:
    """The reports among ``ids`` (any order) for an admin with ``read:reports``; nothing
    for anyone else (GraphQL node lookups)."""
    try:
        _require_admin(ctx, READ_SCOPE)
    except DomainError:
        return []
    wanted = [i for i in dict.fromkeys(_clean_id(i) for i in ids) if i][:MAX_PAGE_SIZE]
    if not wanted:
        return []
    return await hydrate_reports(ctx, await Report.filter(id__in=wanted))


async def grouped_reports(ctx: RequestContext) -> list[ReportGroup]:
    """Pleroma 2.0's ``grouped_reports``: the :data:`MAX_GROUPS` most recently reported
    statuses (newest report first, then newest status), each with every report naming it.
    Admins only (``read:reports``)."""
    _require_admin(ctx, READ_SCOPE)
    latest = (
        await ReportStatus.annotate(latest=Max("report_id"))
        .group_by("status_id")
        .order_by("-latest", "-status_id")
        .limit(MAX_GROUPS)
        .values_list("status_id", "latest")
    )
    status_ids = [str(row[0]) for row in latest]
    if not status_ids:
        return []
    pairs = await ReportStatus.filter(status_id__in=status_ids).values_list(
        "report_id", "status_id"
    )
    report_ids = list(dict.fromkeys(str(r) for r, _ in pairs))
    rows = await Report.filter(id__in=report_ids).order_by("-id")
    views = {v.id: v for v in await hydrate_reports(ctx, rows)}
    reports_of: dict[str, list[ReportView]] = {}
    for report_id, status_id in sorted(pairs, key=lambda p: str(p[0]), reverse=True):
        view = views.get(str(report_id))
        if view is not None:
            reports_of.setdefault(str(status_id), []).append(view)
    groups = []
    for status_id in status_ids:
        reports = reports_of.get(status_id)
        if not reports:
            continue
        status = next(s for s in reports[0].statuses if s.id == status_id)
        actors = list({v.actor.id: v.actor for v in reports}.values())
        groups.append(
            ReportGroup(
                status=status,
                account=reports[0].account,
                date=reports[0].report.created_at,
                actors=actors,
                reports=reports,
            )
        )
    return groups


# --- acting ---------------------------------------------------------------------------


def report_map(report: Report) -> dict[str, Any]:
    """How a report is written into a moderation log entry (Pleroma's ``report_to_map``)."""
    return {"type": "report", "id": report.id, "state": report.state}


async def _set_state(
    ctx: RequestContext, report: Report, state: str, target: Any
) -> Report | None:
    """Set the state and log it in one transaction; ``None`` (nothing written) when the
    report was deleted meanwhile."""
    async with in_transaction():
        if not await Report.filter(id=report.id).update(state=state):
            return None
        report.state = state
        await moderation_log.record(
            ctx, "report_update", subject=report_map(report), subject_actor=target
        )
    return report


async def update_states(ctx: RequestContext, items: Sequence[Any]) -> UpdateResult:
    """Pleroma's ``PATCH /admin/reports``: each item is ``{"id", "state"}``.

    Items are handled one by one, as Pleroma does: an unknown report gives ``not_found``,
    an unknown state ``Unsupported state``, and the valid items are applied all the same
    (each with its log entry, in its own transaction). At most :data:`MAX_UPDATES` items
    (400 otherwise). Admins only (``write:reports``).
    """
    _require_admin(ctx, WRITE_SCOPE)
    if len(items) > MAX_UPDATES:
        raise DomainError(BAD_REQUEST, TOO_MANY_UPDATES, field="reports")
    wanted = []
    for item in items:
        if not isinstance(item, dict):
            raise DomainError(BAD_REQUEST, "reports: expected a list of objects", field="reports")
        wanted.append((item.get("id"), item.get("state")))
    ids = [i for i in (_clean_id(rid) for rid, _ in wanted) if i]
    rows = {r.id: r for r in await Report.filter(id__in=ids)} if ids else {}
    targets = {
        a.id: a
        for a in await Account.filter(id__in=list({r.target_id for r in rows.values()}))
    } if rows else {}
    updated: list[Report] = []
    failures: list[UpdateFailure] = []
    for raw_id, state in wanted:
        row = rows.get(_clean_id(raw_id) or "")
        if row is None:
            failures.append(UpdateFailure(id=raw_id, error=ITEM_NOT_FOUND))
        elif state not in STATES:
            failures.append(UpdateFailure(id=raw_id, error=UNSUPPORTED_STATE))
        else:
            done = await _set_state(ctx, row, str(state), targets.get(row.target_id))
            if done is None:
                failures.append(UpdateFailure(id=raw_id, error=ITEM_NOT_FOUND))
            else:
                updated.append(done)
    return UpdateResult(updated=updated, failures=failures)


async def update_state(ctx: RequestContext, report_id: Any, state: Any) -> Report:
    """Pleroma 1.1's ``PUT /admin/reports/:id``: one report's state. 404 ``Not found``,
    400 ``Unsupported state``. Admins only (``write:reports``)."""
    _require_admin(ctx, WRITE_SCOPE)
    report = await _report(report_id)
    if state not in STATES:
        raise DomainError(BAD_REQUEST, UNSUPPORTED_STATE, field="state")
    target = await Account.filter(id=report.target_id).first()
    done = await _set_state(ctx, report, str(state), target)
    if done is None:
        raise DomainError(NOT_FOUND, NOT_FOUND_MESSAGE)
    return done


async def create_note(ctx: RequestContext, report_id: Any, content: Any) -> ReportNote:
    """Add the acting admin's note to a report (``report_note`` in the log, same
    transaction). 404 ``Not found`` for an unknown report, 400 for missing or overlong
    content. Admins only (``write:reports``)."""
    admin = _require_admin(ctx, WRITE_SCOPE)
    report = await _report(report_id)
    text = "" if content is None else str(content)
    if not text.strip():
        raise _missing("content")
    if len(text) > MAX_NOTE_LENGTH:
        raise DomainError(BAD_REQUEST, NOTE_TOO_LONG, field="content")
    target = await Account.filter(id=report.target_id).first()
    async with in_transaction():
        note = await ReportNote.create(
            report_id=report.id, author_id=admin.id if admin is not None else None, content=text
        )
        await moderation_log.record(
            ctx, "report_note", subject=report_map(report), subject_actor=target, text=text
        )
    return note


async def delete_note(ctx: RequestContext, report_id: Any, note_id: Any) -> ReportNote:
    """Delete a note of a report (``report_note_delete`` in the log, same transaction).
    404 ``Not found`` when the report or the note is unknown, or the note belongs to
    another report. Admins only (``write:reports``)."""
    _require_admin(ctx, WRITE_SCOPE)
    report = await _report(report_id)
    nid = _clean_id(note_id)
    note = await ReportNote.filter(id=nid, report_id=report.id).first() if nid else None
    if note is None:
        raise DomainError(NOT_FOUND, NOT_FOUND_MESSAGE)
    target = await Account.filter(id=report.target_id).first()
    async with in_transaction():
        deleted = await ReportNote.filter(id=note.id).delete()
        if not deleted:  # another admin deleted it meanwhile
            raise DomainError(NOT_FOUND, NOT_FOUND_MESSAGE)
        await moderation_log.record(
            ctx,
            "report_note_delete",
            subject=report_map(report),
            subject_actor=target,
            text=note.content,
        )
    return note
