"""REST handlers for statuses: post, read, delete, thread context and the interactions.

Every handler calls a service (rules, visibility, counters live there), hydrates the rows
it got back with :func:`schema.services.status_views.hydrate` and renders them.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.http import json_response
from rest_compat.pagination import link_header, page_params
from rest_compat.params import Params
from rest_compat.render.account import render_account
from rest_compat.render.status import render_status, render_statuses
from schema.context import RequestContext
from schema.services import interactions
from schema.services import statuses as statuses_service
from schema.services.status_views import hydrate, hydrate_one, visible_statuses
from schema.services.statuses import StatusInput


async def _one(ctx: RequestContext, row: Any, *, with_source: bool = False) -> dict[str, Any]:
    view = await hydrate_one(ctx, row)
    return render_status(ctx.policy, view, viewer=ctx.viewer, with_source=with_source)


def _status_input(request: web.Request, params: Params) -> StatusInput:
    media_ids = [str(m) for m in params.list("media_ids")]
    expires_in = params.int("expires_in")
    return StatusInput(
        text=params.str("status", "") or "",
        spoiler_text=params.str("spoiler_text", "") or "",
        sensitive=params.bool("sensitive"),
        visibility=params.str("visibility") or None,
        in_reply_to_id=params.str("in_reply_to_id") or None,
        media_ids=media_ids,
        language=params.str("language") or None,
        content_type=params.str("content_type") or None,
        idempotency_key=request.headers.get("Idempotency-Key") or None,
        expires_in=expires_in if expires_in else None,
        in_reply_to_conversation_id=params.str("in_reply_to_conversation_id") or None,
    )


async def create(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses``: post a status; answers it (the same one for a repeated
    ``Idempotency-Key``)."""
    row = await statuses_service.create_status(ctx, _status_input(request, params))
    return await _one(ctx, row)


async def show(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/statuses/:id``: one visible status (404 when hidden or missing)."""
    row = await statuses_service.get_visible(ctx, params.str("id") or "")
    return await _one(ctx, row)


async def index(request: web.Request, ctx: RequestContext, params: Params) -> list[Any]:
    """``GET /api/v1/statuses?ids[]=``: the visible ones among ``ids``, in the order given."""
    ids = [str(i) for i in params.list("ids")]
    rows = await visible_statuses(ctx, ids)
    return render_statuses(ctx.policy, await hydrate(ctx, rows), viewer=ctx.viewer)


async def delete(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``DELETE /api/v1/statuses/:id``: delete one's own status; answers it with ``text``
    (its source) so a client can redraft it."""
    status_id = params.str("id") or ""
    ctx.viewer.require("write:statuses")
    view = await hydrate_one(ctx, await statuses_service.get_visible(ctx, status_id))
    await statuses_service.delete_status(ctx, status_id)
    return render_status(ctx.policy, view, viewer=ctx.viewer, with_source=True)


async def context(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/statuses/:id/context``: the visible ancestors and descendants."""
    thread = await statuses_service.context(ctx, params.str("id") or "")
    views = await hydrate(ctx, [*thread.ancestors, *thread.descendants])
    rendered = render_statuses(ctx.policy, views, viewer=ctx.viewer)
    split = len(thread.ancestors)
    return {"ancestors": rendered[:split], "descendants": rendered[split:]}


async def favourite(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses/:id/favourite`` (idempotent)."""
    return await _one(ctx, await interactions.favourite(ctx, params.str("id") or ""))


async def unfavourite(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses/:id/unfavourite``."""
    return await _one(ctx, await interactions.unfavourite(ctx, params.str("id") or ""))


async def reblog(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses/:id/reblog``: answers the reblog (the original nested)."""
    visibility = params.str("visibility") or None
    row = await interactions.reblog(ctx, params.str("id") or "", visibility)
    return await _one(ctx, row)


async def unreblog(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses/:id/unreblog``: answers the original."""
    return await _one(ctx, await interactions.unreblog(ctx, params.str("id") or ""))


async def bookmark(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses/:id/bookmark`` (idempotent)."""
    return await _one(ctx, await interactions.bookmark(ctx, params.str("id") or ""))


async def unbookmark(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses/:id/unbookmark`` (idempotent)."""
    return await _one(ctx, await interactions.unbookmark(ctx, params.str("id") or ""))


async def pin(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses/:id/pin``: own public/unlisted statuses only."""
    return await _one(ctx, await interactions.pin(ctx, params.str("id") or ""))


async def unpin(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses/:id/unpin`` (idempotent)."""
    return await _one(ctx, await interactions.unpin(ctx, params.str("id") or ""))


async def mute(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses/:id/mute``: mute the status's thread."""
    return await _one(ctx, await interactions.mute_thread(ctx, params.str("id") or ""))


async def unmute(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/statuses/:id/unmute`` (idempotent)."""
    return await _one(ctx, await interactions.unmute_thread(ctx, params.str("id") or ""))


async def _accounts_page(
    request: web.Request, ctx: RequestContext, edges: list[interactions.AccountEdge]
) -> web.Response:
    body = [render_account(ctx.policy, e.account, viewer=ctx.viewer) for e in edges]
    return json_response(body, headers=link_header(request, edges, lambda e: e.cursor))


async def favourited_by(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/statuses/:id/favourited_by``: accounts, paged, Link headers."""
    edges = await interactions.favourited_by(ctx, params.str("id") or "", page_params(params))
    return await _accounts_page(request, ctx, edges)


async def reblogged_by(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/statuses/:id/reblogged_by``: accounts, paged, Link headers."""
    edges = await interactions.reblogged_by(ctx, params.str("id") or "", page_params(params))
    return await _accounts_page(request, ctx, edges)

