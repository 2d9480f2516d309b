"""REST handlers for the admin API's statuses (``/api/pleroma/admin/statuses...``, and an
account's or an instance's statuses).

The rules (who may, what a list holds, how a change or a deletion moves every derived
fact, the moderation log) live in :mod:`schema.services.admin_statuses`; these read the
params, hydrate the rows in one batch and render Pleroma's admin view of them.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.pagination import offset_page
from rest_compat.params import Params
from rest_compat.render.admin_status import render_admin_status, render_admin_statuses
from rest_compat.render.status import render_status
from schema.context import RequestContext
from schema.services import admin_statuses
from schema.services.admin_statuses import StatusListing
from schema.services.status_views import hydrate, hydrate_one


def listing(params: Params) -> StatusListing:
    """The list params: ``page`` (from 1), ``page_size`` (default 50, at most 100),
    ``godmode``, ``with_reblogs``, ``local_only``."""
    page, page_size = offset_page(
        params, admin_statuses.DEFAULT_PAGE_SIZE, admin_statuses.MAX_PAGE_SIZE
    )
    return StatusListing(
        page=page,
        page_size=page_size,
        godmode=params.bool("godmode"),
        with_reblogs=params.bool("with_reblogs"),
        local_only=params.bool("local_only"),
    )


async def _rendered(ctx: RequestContext, rows: list[Any]) -> list[dict[str, Any]]:
    views = await hydrate(ctx, rows)
    return render_admin_statuses(ctx.policy, views, viewer=ctx.viewer)


async def index(request: web.Request, ctx: RequestContext, params: Params) -> list[Any]:
    """``GET /api/pleroma/admin/statuses``: a page of every status, newest first."""
    return await _rendered(ctx, await admin_statuses.list_statuses(ctx, listing(params)))


async def show(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/pleroma/admin/statuses/:id``: any status (404 ``Not found``)."""
    row = await admin_statuses.get_status(ctx, params.str("id") or "")
    return render_admin_status(ctx.policy, await hydrate_one(ctx, row), viewer=ctx.viewer)


async def update(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PUT /api/pleroma/admin/statuses/:id`` (``sensitive``, ``visibility``): the changed
    status, as the Mastodon API renders it (Pleroma answers with its plain StatusView)."""
    row = await admin_statuses.update_status(
        ctx,
        params.str("id") or "",
        sensitive=params.optional_bool("sensitive"),
        visibility=params.str("visibility") or None,
    )
    return render_status(ctx.policy, await hydrate_one(ctx, row), viewer=ctx.viewer)


async def delete(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``DELETE /api/pleroma/admin/statuses/:id``: ``{}`` once it is gone."""
    await admin_statuses.delete_status(ctx, params.str("id") or "")
    return {}


async def account_statuses(
    request: web.Request, ctx: RequestContext, params: Params
) -> dict[str, Any]:
    """``GET /api/pleroma/admin/users/:nickname/statuses``: ``{"total", "activities"}``
    (Pleroma 2.3+); 404 ``Not found`` for an unknown account."""
    page = await admin_statuses.account_statuses(
        ctx, params.str("nickname") or "", listing(params)
    )
    return {"total": page.total, "activities": await _rendered(ctx, page.statuses)}


async def instance_statuses(
    request: web.Request, ctx: RequestContext, params: Params
) -> dict[str, Any]:
    """``GET /api/pleroma/admin/instances/:instance/statuses``: ``{"total", "activities"}``
    for the accounts of that domain (Pleroma 2.3+)."""
    page = await admin_statuses.instance_statuses(
        ctx, params.str("instance") or "", listing(params)
    )
    return {"total": page.total, "activities": await _rendered(ctx, page.statuses)}
