"""REST handlers: OAuth client registration (``/api/v1/apps``)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.params import Params
from rest_compat.render import app as render_app
from schema.context import RequestContext
from schema.services import apps


async def create(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /api/v1/apps``: register a client; the answer carries its secret."""
    scopes = params.get("scopes")
    if scopes is None:
        scopes = params.get("scope")
    row = await apps.create_app(
        ctx,
        client_name=params.str("client_name", "") or "",
        redirect_uris=params.get("redirect_uris") or "",
        scopes=scopes,
        website=params.str("website"),
    )
    return render_app.app(row)


async def verify(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /api/v1/apps/verify_credentials``: the app behind the token, without secrets."""
    return render_app.app_public(await apps.current_app(ctx))
