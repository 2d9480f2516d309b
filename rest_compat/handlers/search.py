"""REST handlers for search: ``GET /api/v2/search`` and the older ``GET /api/v1/search``.

The rules live in :mod:`schema.services.search`; these read Pleroma's parameters (its
OpenAPI errors for a missing ``q``, an unknown ``type`` and a non-integer ``limit`` or
``offset``), embed relationships when asked and render.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.handlers.accounts import openapi_error
from rest_compat.params import Params
from rest_compat.render.search import render_results
from schema.context import RequestContext
from schema.services import relationships as relationship_service
from schema.services import search as service


def _integer(params: Params, name: str) -> int | None:
    """``name`` as an integer (``None`` when absent); Pleroma's 400 when it is not one."""
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        kind = "array" if isinstance(value, list) else "string"
        message = f"Invalid integer. Got: {kind}"
        raise openapi_error([(name, message, f"{name} - {message}.")]) from None


def search_request(params: Params) -> service.SearchRequest:
    """The search the parameters ask for (400 in Pleroma's OpenAPI shape when bad)."""
    query = params.str("q")
    if query is None:
        raise openapi_error([("q", "Missing field: q", "Missing field: q.")])
    kind = params.str("type") or None
    if kind is not None and kind not in service.SEARCH_TYPES:
        message = "Invalid value for enum"
        raise openapi_error([("type", message, f"{kind} - {message}.")])
    limit = _integer(params, "limit")
    offset = _integer(params, "offset")
    return service.SearchRequest(
        q=query,
        type=kind,
        resolve=params.bool("resolve"),
        following=params.bool("following"),
        account_id=params.str("account_id") or None,
        limit=service.DEFAULT_LIMIT if limit is None else limit,
        offset=offset or 0,
    )


async def _search(ctx: RequestContext, params: Params, *, v2: bool) -> dict[str, Any]:
    request = search_request(params)
    embed = params.bool("with_relationships")
    results = await service.search(ctx, request)
    relationships = None
    if embed and results.accounts and ctx.viewer.account_id is not None:
        rows = await relationship_service.relationships(ctx, [a.id for a in results.accounts])
        relationships = {row.id: row for row in rows}
    return render_results(
        ctx.policy, results, viewer=ctx.viewer, v2=v2, relationships=relationships
    )


async def search_v2(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v2/search``: ``q``, ``type``, ``resolve``, ``following``, ``account_id``,
    ``limit``, ``offset``, ``with_relationships``; hashtags as ``{name, url}``."""
    return await _search(ctx, params, v2=True)


async def search_v1(request: web.Request, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/search``: the same search, hashtags as plain names."""
    return await _search(ctx, params, v2=False)
