"""REST handlers for direct conversations: Pleroma's ``/api/v1/pleroma/conversations``
and Mastodon's ``/api/v1/conversations``.

Every rule (ownership, read flags, recipients, visibility of the statuses) lives in
:mod:`schema.services.conversations`; these read the params and render.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.http import json_response
from rest_compat.pagination import link_header, page_params
from rest_compat.params import Params
from rest_compat.render.conversation import render_conversation, render_conversations
from rest_compat.render.status import render_statuses
from schema.context import RequestContext
from schema.services import conversations
from schema.services.status_views import hydrate


def _id(params: Params) -> str:
    return params.str("id") or ""


def _ids(params: Params, name: str) -> list[str]:
    return [str(v) for v in params.list(name) if str(v)]


async def index(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/conversations``: newest activity first; Pleroma's ``recipients[]``."""
    rows, views = await conversations.list_conversations(
        ctx, page_params(params), _ids(params, "recipients")
    )
    body = render_conversations(ctx.policy, views, viewer=ctx.viewer)
    return json_response(body, headers=link_header(request, rows, lambda row: row.last_activity_id))


async def show(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/pleroma/conversations/:id``: one of the viewer's conversations."""
    view = await conversations.get_conversation(ctx, _id(params))
    return render_conversation(ctx.policy, view, viewer=ctx.viewer)


async def statuses(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/pleroma/conversations/:id/statuses``: oldest first, with a Link header."""
    rows = await conversations.conversation_statuses(ctx, _id(params), page_params(params))
    body = render_statuses(ctx.policy, await hydrate(ctx, rows), viewer=ctx.viewer)
    # The Link header pages like a newest-first list: next = older than the oldest shown.
    newest_first = list(reversed(rows))
    return json_response(body, headers=link_header(request, newest_first, lambda s: s.id))


async def update(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PATCH /api/v1/pleroma/conversations/:id``: ``recipients[]`` replaces the set."""
    view = await conversations.update_recipients(ctx, _id(params), _ids(params, "recipients"))
    return render_conversation(ctx.policy, view, viewer=ctx.viewer)


async def read_all(request: web.Request, ctx: RequestContext, params: Params) -> list[Any]:
    """``POST /api/v1/pleroma/conversations/read``: every conversation read; those touched."""
    views = await conversations.mark_all_read(ctx)
    return render_conversations(ctx.policy, views, viewer=ctx.viewer)


async def read(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/conversations/:id/read``: mark one read (it keeps its place)."""
    view = await conversations.mark_read(ctx, _id(params))
    return render_conversation(ctx.policy, view, viewer=ctx.viewer)


async def delete(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``DELETE /api/v1/conversations/:id``: leave the conversation; answers ``{}``."""
    await conversations.delete_conversation(ctx, _id(params))
    return {}
