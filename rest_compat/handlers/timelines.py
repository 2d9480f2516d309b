"""REST handlers for timelines: home, public, tag, an account's statuses, favourites,
bookmarks and Pleroma's favourites of any account.

Each asks :mod:`schema.services.timelines` for one page of rows, hydrates them in a
constant number of queries and answers the rendered list with a ``Link`` header.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiohttp import web

from rest_compat.http import json_response
from rest_compat.pagination import link_header, page_params
from rest_compat.params import Params
from rest_compat.render.status import render_statuses
from schema.context import RequestContext
from schema.services import timelines
from schema.services.status_views import hydrate
from schema.services.timelines import TagFilter


async def statuses_page(
    request: web.Request,
    ctx: RequestContext,
    rows: Sequence[Any],
    keys: Sequence[str] | None = None,
) -> web.Response:
    """Render ``rows``; the ``Link`` header pages by ``keys`` (default: the rows' ids)."""
    views = await hydrate(ctx, list(rows))
    body = render_statuses(ctx.policy, views, viewer=ctx.viewer)
    keys = list(keys) if keys is not None else [row.id for row in rows]
    return json_response(body, headers=link_header(request, keys, lambda key: key))


async def _acts_page(
    request: web.Request, ctx: RequestContext, acts: list[tuple[str, Any]]
) -> web.Response:
    """A page of favourites or bookmarks: visible statuses, paged by the acts' ids."""
    rows = [status for _, status in acts if status is not None]
    return await statuses_page(request, ctx, rows, [act_id for act_id, _ in acts])


async def home(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/timelines/home``: own, followed and addressed statuses (``local``)."""
    rows = await timelines.home(ctx, page_params(params), local=params.bool("local"))
    return await statuses_page(request, ctx, rows)


async def public(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/timelines/public``: ``local``, ``remote``, ``only_media``."""
    rows = await timelines.public(
        ctx,
        page_params(params),
        local=params.bool("local"),
        remote=params.bool("remote"),
        only_media=params.bool("only_media"),
    )
    return await statuses_page(request, ctx, rows)


async def tag(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/timelines/tag/:hashtag``: ``any[]``, ``all[]``, ``none[]``, ``local``."""
    tags = TagFilter(
        tag=params.str("hashtag") or "",
        any=[str(t) for t in params.list("any")],
        all=[str(t) for t in params.list("all")],
        none=[str(t) for t in params.list("none")],
    )
    rows = await timelines.tag(
        ctx,
        page_params(params),
        tags,
        local=params.bool("local"),
        only_media=params.bool("only_media"),
    )
    return await statuses_page(request, ctx, rows)


async def account_statuses(
    request: web.Request, ctx: RequestContext, params: Params
) -> web.Response:
    """``GET /api/v1/accounts/:id/statuses``: ``pinned``, ``exclude_replies``,
    ``exclude_reblogs``, ``only_media``, ``tagged``."""
    rows = await timelines.account_statuses(
        ctx,
        params.str("id") or "",
        page_params(params),
        pinned=params.bool("pinned"),
        exclude_replies=params.bool("exclude_replies"),
        exclude_reblogs=params.bool("exclude_reblogs"),
        only_media=params.bool("only_media"),
        tagged=params.str("tagged") or None,
    )
    return await statuses_page(request, ctx, rows)


async def favourites(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/favourites``: the viewer's favourites, paged by favourite."""
    return await _acts_page(request, ctx, await timelines.favourites(ctx, page_params(params)))


async def bookmarks(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/bookmarks``: the viewer's bookmarks, paged by bookmark."""
    return await _acts_page(request, ctx, await timelines.bookmarks(ctx, page_params(params)))


async def account_favourites(
    request: web.Request, ctx: RequestContext, params: Params
) -> web.Response:
    """``GET /api/v1/pleroma/accounts/:id/favourites``: any account's favourites, if shown."""
    acts = await timelines.account_favourites(ctx, params.str("id") or "", page_params(params))
    return await _acts_page(request, ctx, acts)
