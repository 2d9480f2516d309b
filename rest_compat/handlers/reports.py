"""REST handlers for reports: Mastodon's ``POST /api/v1/reports`` and Pleroma's admin
report routes (list, show, grouped, state changes, notes).

Every rule (who may file or read, visibility of the attached statuses, states, the
moderation log) lives in :mod:`schema.services.reports`; these read params, call it and
render.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.params import Params
from rest_compat.render.report import (
    render_filed_report,
    render_report,
    render_report_groups,
    render_report_page,
)
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, DomainError
from schema.services import reports as service


def _no_content() -> web.Response:
    """204 with Pleroma's ``application/json`` content type and no body."""
    return web.Response(status=204, content_type="application/json")


async def create(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/reports``: ``account_id``, ``status_ids[]``, ``comment``,
    ``forward``, ``category``, ``rule_ids[]``; Mastodon's Report entity."""
    filed = await service.create_report(
        ctx,
        account_id=params.get("account_id"),
        status_ids=params.list("status_ids"),
        comment=params.str("comment"),
        forward=params.bool("forward"),
        category=params.str("category"),
        rule_ids=params.list("rule_ids"),
    )
    return render_filed_report(ctx.policy, filed, viewer=ctx.viewer)


async def index(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /admin/reports?state=&page=&page_size=``: ``{"total", "totalReports",
    "reports"}``, newest first."""
    page = await service.list_reports(
        ctx,
        state=params.str("state") or None,
        page=params.int("page", 1, minimum=1),
        page_size=params.int("page_size", service.DEFAULT_PAGE_SIZE, minimum=1),
    )
    return render_report_page(ctx.policy, page, viewer=ctx.viewer)


async def show(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /admin/reports/:id``: one report, or 404 ``Not found``."""
    view = await service.get_report(ctx, params.str("id"))
    return render_report(ctx.policy, view, viewer=ctx.viewer)


async def grouped(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /admin/grouped_reports`` (Pleroma 2.0): reports grouped by reported status."""
    groups = await service.grouped_reports(ctx)
    return render_report_groups(ctx.policy, groups, viewer=ctx.viewer)


async def update(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``PATCH /admin/reports`` with ``{"reports": [{"id", "state"}]}``: 204, or 400 with
    ``[{"id", "error"}]`` for the items that were refused (the others are applied)."""
    items = params.get("reports")
    if items is None:
        raise DomainError(BAD_REQUEST, "Missing field: reports.", field="reports")
    if not isinstance(items, list):
        raise DomainError(BAD_REQUEST, "reports: expected a list of objects", field="reports")
    result = await service.update_states(ctx, items)
    if result.failures:
        body = [{"id": f.id, "error": f.error} for f in result.failures]
        raise DomainError(BAD_REQUEST, result.failures[0].error, body=body)
    return _no_content()


async def update_one(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PUT /admin/reports/:id`` with ``state`` (Pleroma 1.1): the updated report."""
    report = await service.update_state(ctx, params.str("id"), params.get("state"))
    view = await service.get_report(ctx, report.id)
    return render_report(ctx.policy, view, viewer=ctx.viewer)


async def note_create(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``POST /admin/reports/:id/notes`` with ``content``: 204."""
    await service.create_note(ctx, params.str("id"), params.str("content"))
    return _no_content()


async def note_delete(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``DELETE /admin/reports/:report_id/notes/:id``: 204."""
    await service.delete_note(ctx, params.str("report_id"), params.str("id"))
    return _no_content()
