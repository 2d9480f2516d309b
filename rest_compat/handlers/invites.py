"""REST handlers: the admin API's invite tokens (``/api/pleroma/admin/users/...``).

The rules live in :mod:`schema.services.invites`; these read the params and render.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.params import Params
from rest_compat.render.invite import render_invite, render_invites
from schema.context import RequestContext
from schema.services import invites


async def create(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /admin/users/invite_token`` (optional ``max_use``, ``expires_at``)."""
    invite = await invites.create_invite(
        ctx, max_use=params.get("max_use"), expires_at=params.get("expires_at")
    )
    return render_invite(invite)


async def index(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /admin/users/invites``: ``{"invites": [...]}``, oldest first."""
    return render_invites(await invites.list_invites(ctx))


async def revoke(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /admin/users/revoke_invite`` (``token``): the invite, now ``used``."""
    return render_invite(await invites.revoke_invite(ctx, params.get("token")))


async def email(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``POST /admin/users/email_invite`` (``email``, optional ``name``): 204."""
    await invites.email_invite(ctx, params.get("email"), params.get("name"))
    return web.Response(status=204)
