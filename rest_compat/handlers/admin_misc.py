"""REST handlers for the rest of the admin API this area serves: the moderation log, the
status counts, reloading the emoji, and OAuth apps (``/api/pleroma/admin/oauth_app``).

Rules live in the services (:mod:`schema.services.moderation_log`,
:mod:`schema.services.instance`, :mod:`schema.services.emoji`,
:mod:`schema.services.admin_apps`); these read the params and render.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.pagination import offset_page
from rest_compat.params import Params
from rest_compat.render import app as render_app
from rest_compat.render.moderation_log import render_log_page
from schema.context import RequestContext
from schema.services import admin_apps, emoji, moderation_log
from schema.services import instance as instance_service


async def moderation_log_index(
    request: web.Request, ctx: RequestContext, params: Params
) -> dict[str, Any]:
    """``GET /api/pleroma/admin/moderation_log`` (``page``, ``page_size``, ``start_date``,
    ``end_date``, ``user_id``, ``search``): ``{"items", "total"}``, newest first."""
    ctx.viewer.require_admin("read")
    number, size = offset_page(
        params, moderation_log.DEFAULT_PAGE_SIZE, moderation_log.MAX_PAGE_SIZE
    )
    page = await moderation_log.entries(
        page=number,
        page_size=size,
        start_date=params.str("start_date") or None,
        end_date=params.str("end_date") or None,
        user_id=params.str("user_id") or None,
        search=params.str("search") or None,
    )
    return render_log_page(page)


async def stats(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/pleroma/admin/stats`` (optional ``instance``):
    ``{"status_visibility": {"public", "unlisted", "private", "direct"}}``."""
    counts = await instance_service.status_visibility_counts(
        ctx, params.str("instance") or None
    )
    return {"status_visibility": counts}


async def reload_emoji(request: web.Request, ctx: RequestContext, params: Params) -> str:
    """``POST /api/pleroma/admin/reload_emoji``: read the packs again; ``"ok"``."""
    emoji.reload(ctx)
    return "ok"


async def apps_index(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/pleroma/admin/oauth_app`` (``name``, ``client_id``, ``trusted``, ``page``,
    ``page_size``): ``{"apps", "count", "page_size"}``."""
    number, size = offset_page(params, admin_apps.DEFAULT_PAGE_SIZE, admin_apps.MAX_PAGE_SIZE)
    page = await admin_apps.list_apps(
        ctx,
        name=params.str("name") or None,
        client_id=params.str("client_id") or None,
        trusted=params.optional_bool("trusted"),
        page=number,
        page_size=size,
    )
    return render_app.admin_app_page(page)


def _app_fields(params: Params) -> dict[str, Any]:
    """The app fields a request sends (absent ones ``None``); ``scopes`` as a string, a
    JSON array or ``scopes[]``."""
    scopes = params.list("scopes") if "scopes[]" in params else params.get("scopes")
    return {
        "name": params.get("name"),
        "redirect_uris": params.get("redirect_uris"),
        "scopes": scopes,
        "website": params.str("website"),
    }


async def apps_create(
    request: web.Request, ctx: RequestContext, params: Params
) -> dict[str, Any]:
    """``POST /api/pleroma/admin/oauth_app`` (``name``, ``redirect_uris``, ``scopes``,
    ``website``, ``trusted``): the new app with its credentials."""
    row = await admin_apps.create_app(ctx, **_app_fields(params), trusted=params.bool("trusted"))
    return render_app.admin_app(row)


async def apps_update(
    request: web.Request, ctx: RequestContext, params: Params
) -> dict[str, Any]:
    """``PATCH /api/pleroma/admin/oauth_app/:id``: the changed app (400 with an empty body
    for an unknown id, as Pleroma answers)."""
    row = await admin_apps.update_app(
        ctx, params.str("id") or "", **_app_fields(params),
        trusted=params.optional_bool("trusted"),
    )
    return render_app.admin_app(row)


async def apps_delete(
    request: web.Request, ctx: RequestContext, params: Params
) -> web.Response:
    """``DELETE /api/pleroma/admin/oauth_app/:id``: 204 (400 with an empty body for an
    unknown id); its tokens go with it."""
    await admin_apps.delete_app(ctx, params.str("id") or "")
    return web.Response(status=204)
