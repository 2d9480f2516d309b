"""REST handlers for timeline markers: ``GET`` and ``POST /api/v1/markers``.

The rules (scopes, checks, versions, marking notifications read) live in
:mod:`schema.services.markers`; these read the params and render.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.params import Params
from rest_compat.render.marker import render_markers
from schema.context import RequestContext
from schema.services import markers


def positions(params: Params) -> dict[str, Any]:
    """``{timeline: last_read_id}`` from a nested JSON object (``{"home": {"last_read_id":
    ".."}}``) or a form's ``home[last_read_id]=..``; timelines sent without a
    ``last_read_id`` map to ``None`` (the service answers 422 for them)."""
    found: dict[str, Any] = {}
    for timeline in markers.TIMELINES:
        nested = params.get(timeline)
        flat_key = f"{timeline}[last_read_id]"
        if isinstance(nested, dict):
            found[timeline] = nested.get("last_read_id")
        elif flat_key in params:
            found[timeline] = params[flat_key]
        elif timeline in params:
            found[timeline] = None
    return found


async def index(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/markers?timeline[]=home&timeline[]=notifications`` (or
    ``timeline=home``): the viewer's markers by timeline, only those that exist."""
    return render_markers(await markers.get_markers(ctx, params.list("timeline")))


async def save(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/markers``: create or move the markers sent; the markers written."""
    return render_markers(await markers.save_markers(ctx, positions(params)))
