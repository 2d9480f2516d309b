"""REST handlers for notifications (Mastodon's and Pleroma's) and notification settings.

Every rule lives in :mod:`schema.services.notifications`; these read params, call the
service, hydrate a page in a constant number of queries and render.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.http import json_response
from rest_compat.pagination import link_header, page_params
from rest_compat.params import Params, parse_bool
from rest_compat.render.notification import render_notification, render_notifications
from schema.context import RequestContext
from schema.errors import FORBIDDEN, DomainError
from schema.services import notifications as service
from schema.services.notifications import NotificationFilter


def _strings(params: Params, key: str) -> tuple[str, ...]:
    return tuple(str(v) for v in params.list(key) if v is not None and str(v))


def filters_from(params: Params) -> NotificationFilter:
    """``types[]`` (and Pleroma's ``include_types[]``), ``exclude_types[]``, ``account_id``,
    ``with_muted``, ``exclude_visibilities[]``."""
    types = _strings(params, "types") + _strings(params, "include_types")
    return NotificationFilter(
        types=tuple(dict.fromkeys(types)),
        exclude_types=_strings(params, "exclude_types"),
        account_id=params.str("account_id") or None,
        with_muted=params.bool("with_muted"),
        exclude_visibilities=_strings(params, "exclude_visibilities"),
    )


async def _render_one(ctx: RequestContext, row: Any) -> dict[str, Any]:
    views = await service.hydrate_notifications(ctx, [row])
    if not views:  # its status or actor vanished in between
        raise DomainError(FORBIDDEN, service.CANNOT_GET)
    return render_notification(ctx.policy, views[0], viewer=ctx.viewer)


async def _render_many(ctx: RequestContext, rows: list[Any]) -> list[dict[str, Any]]:
    views = await service.hydrate_notifications(ctx, rows)
    return render_notifications(ctx.policy, views, viewer=ctx.viewer)


async def index(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/notifications``: a page, newest first, with a ``Link`` header."""
    rows = await service.list_notifications(ctx, page_params(params), filters_from(params))
    body = await _render_many(ctx, rows)
    return json_response(body, headers=link_header(request, rows, lambda row: row.id))


async def show(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/notifications/:id``: 403 ``Cannot get notification`` if not the viewer's."""
    return await _render_one(ctx, await service.get_notification(ctx, params.str("id") or ""))


async def clear(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/notifications/clear``: ``{}``."""
    await service.clear(ctx)
    return {}


async def dismiss(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/notifications/:id/dismiss`` and the older ``/dismiss`` with ``id``."""
    await service.dismiss(ctx, params.str("id") or "")
    return {}


async def destroy_multiple(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``DELETE /api/v1/notifications/destroy_multiple`` (``ids[]``): ``{}``."""
    await service.destroy_multiple(ctx, [str(i) for i in params.list("ids")])
    return {}


async def mark_read(request: Any, ctx: RequestContext, params: Params) -> Any:
    """``POST /api/v1/pleroma/notifications/read``: ``id`` (one) or ``max_id`` (up to 80)."""
    notification_id = params.str("id") or None
    result = await service.mark_read(
        ctx, notification_id=notification_id, max_id=params.str("max_id") or None
    )
    if isinstance(result, list):
        return await _render_many(ctx, result)
    return await _render_one(ctx, result)


async def update_settings(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PUT /api/pleroma/notification_settings``: ``{"status":"success"}``.

    Boolean-like values of every Pleroma generation's keys; unknown keys are ignored.
    """
    values = {
        key: parse_bool(params[key], key) for key in params if key in service.SETTING_KEYS
    }
    await service.update_settings(ctx, values)
    return {"status": "success"}
