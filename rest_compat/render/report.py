"""Reports, as their reporter and as admins see them. Pure: views -> dicts.

- :func:`render_filed_report`: Mastodon's ``Report`` entity, the answer to
  ``POST /api/v1/reports`` (Pleroma renders only ``id`` and ``action_taken``; Mastodon's
  other fields are there too for Mastodon clients);
- :func:`render_report`: Pleroma's admin ``ReportView`` (``id, state, content,
  created_at, account, actor, statuses, notes``), accounts as the merged Mastodon + admin
  view, statuses as the admin viewer sees them;
- :func:`render_report_page`: ``GET /admin/reports`` (``total``, and 2.0's
  ``totalReports``), :func:`render_report_groups`: 2.0's ``grouped_reports``.

A page renders each account once (:class:`MergedMemo` for the merged views, an
``AccountMemo`` for the statuses' authors).
"""

from __future__ import annotations

from typing import Any

from rest_compat.render.account import AccountMemo, fresh_copy, iso_datetime, render_account
from rest_compat.render.admin_account import render_merged_account
from rest_compat.render.status import render_status
from schema.instance import InstancePolicy
from schema.services.reports import FiledReport, NoteView, ReportGroup, ReportPage, ReportView


def render_filed_report(
    policy: InstancePolicy, filed: FiledReport, *, viewer: Any = None
) -> dict[str, Any]:
    """Mastodon's ``Report`` as the reporter (``viewer``) sees it."""
    report = filed.report
    taken = report.state != "open"
    return {
        "id": report.id,
        "action_taken": taken,
        "action_taken_at": iso_datetime(report.updated_at) if taken else None,
        "category": report.category,
        "comment": report.content or "",
        "forwarded": bool(report.forward),
        "created_at": iso_datetime(report.created_at),
        "status_ids": list(filed.status_ids),
        "rule_ids": [str(r) for r in report.rule_ids or ()],
        "target_account": render_account(policy, filed.target, viewer=viewer),
    }


class MergedMemo:
    """Renders each account's merged (Mastodon + admin) view once per answer; a repeat
    gets a :func:`fresh_copy`, so no two places share a mutable dict."""

    def __init__(self, policy: InstancePolicy, viewer: Any) -> None:
        self.policy = policy
        self.viewer = viewer
        self._rendered: dict[str, dict[str, Any]] = {}

    def render(self, account: Any) -> dict[str, Any]:
        """``render_merged_account(policy, account, viewer)``, computed once per id."""
        hit = self._rendered.get(account.id)
        if hit is not None:
            return fresh_copy(hit)
        body = render_merged_account(self.policy, account, viewer=self.viewer)
        self._rendered[account.id] = body
        return fresh_copy(body)


class _Memos:
    def __init__(self, policy: InstancePolicy, viewer: Any) -> None:
        self.merged = MergedMemo(policy, viewer)
        self.authors = AccountMemo(policy, viewer)


def render_note(view: NoteView, memos: _Memos) -> dict[str, Any]:
    """A moderator's note: ``{id, content, user, created_at}`` (``user`` is ``{}`` when
    the author is unknown: the admin token, or a deleted account, as Pleroma renders it)."""
    return {
        "id": view.note.id,
        "content": view.note.content,
        "user": memos.merged.render(view.author) if view.author is not None else {},
        "created_at": iso_datetime(view.note.created_at),
    }


def _report(policy: InstancePolicy, view: ReportView, viewer: Any, memos: _Memos) -> dict:
    report = view.report
    return {
        "id": report.id,
        "state": report.state,
        "content": view.content_html,
        "created_at": iso_datetime(report.created_at),
        "account": memos.merged.render(view.account),
        "actor": memos.merged.render(view.actor),
        "statuses": [
            render_status(policy, status, viewer=viewer, accounts=memos.authors)
            for status in view.statuses
        ],
        "notes": [render_note(note, memos) for note in view.notes],
    }


def render_report(
    policy: InstancePolicy, view: ReportView, *, viewer: Any = None
) -> dict[str, Any]:
    """Pleroma's admin Report of ``view`` (``GET /admin/reports/:id``, and the ``report``
    of a ``pleroma:report`` notification)."""
    return _report(policy, view, viewer, _Memos(policy, viewer))


def render_report_page(
    policy: InstancePolicy, page: ReportPage, *, viewer: Any = None
) -> dict[str, Any]:
    """``GET /admin/reports``: ``{"total", "totalReports", "reports"}`` (2.2+ reads
    ``total``, 2.0's docs ``totalReports``: both carry the count of matching reports)."""
    memos = _Memos(policy, viewer)
    return {
        "total": page.total,
        "totalReports": page.total,
        "reports": [_report(policy, view, viewer, memos) for view in page.views],
    }


def render_report_groups(
    policy: InstancePolicy, groups: list[ReportGroup], *, viewer: Any = None
) -> dict[str, Any]:
    """Pleroma 2.0's ``GET /admin/grouped_reports``: ``{"reports": [{date, account,
    status, actors, reports}]}``; ``account`` is the reported account's Mastodon view,
    ``status`` carries ``deleted: false``."""
    memos = _Memos(policy, viewer)
    out = []
    for group in groups:
        status = render_status(policy, group.status, viewer=viewer, accounts=memos.authors)
        status["deleted"] = False
        out.append(
            {
                "date": iso_datetime(group.date),
                "account": memos.authors.render(group.account),
                "status": status,
                "actors": [memos.merged.render(a) for a in group.actors],
                "reports": [_report(policy, v, viewer, memos) for v in group.reports],
            }
        )
    return {"reports": out}
