"""REST handlers: follow, block, mute, subscribe, relationships and relationship lists.

Every rule lives in :mod:`schema.services.relationships`; these functions read params,
call the service and render.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.http import json_response
from rest_compat.pagination import link_header, page_params
from rest_compat.params import Params
from rest_compat.render.account import render_account
from rest_compat.render.relationship import render_relationship
from schema.context import RequestContext
from schema.services import relationships as service
from schema.services.relationships import ListPage


def _id(params: Params) -> str:
    return params.str("id", "") or ""


def account_page_response(
    request: web.Request, ctx: RequestContext, page: ListPage
) -> web.Response:
    """A page of accounts rendered for the viewer, with the ``Link`` header of its cursors."""
    body = [render_account(ctx.policy, account, viewer=ctx.viewer) for account in page.accounts]
    return json_response(body, headers=link_header(request, page.items, lambda item: item[0]))


async def follow(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/accounts/:id/follow`` (``reblogs``, ``notify``): the Relationship."""
    rel = await service.follow(
        ctx, _id(params), reblogs=params.optional_bool("reblogs"),
        notify=params.optional_bool("notify"),
    )
    return render_relationship(rel)


async def unfollow(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/accounts/:id/unfollow``: the Relationship."""
    return render_relationship(await service.unfollow(ctx, _id(params)))


async def block(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/accounts/:id/block``: the Relationship."""
    return render_relationship(await service.block(ctx, _id(params)))


async def unblock(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/accounts/:id/unblock``: the Relationship."""
    return render_relationship(await service.unblock(ctx, _id(params)))


async def mute(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/accounts/:id/mute`` (``notifications``, ``duration`` seconds)."""
    rel = await service.mute(
        ctx, _id(params), notifications=params.bool("notifications", True),
        duration=params.int("duration", 0) or 0,
    )
    return render_relationship(rel)


async def unmute(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/accounts/:id/unmute``: the Relationship."""
    return render_relationship(await service.unmute(ctx, _id(params)))


async def subscribe(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/pleroma/accounts/:id/subscribe``: the Relationship."""
    return render_relationship(await service.subscribe(ctx, _id(params)))


async def unsubscribe(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/pleroma/accounts/:id/unsubscribe``: the Relationship."""
    return render_relationship(await service.unsubscribe(ctx, _id(params)))


async def relationships(request: Any, ctx: RequestContext, params: Params) -> list[Any]:
    """``GET /api/v1/accounts/relationships?id[]=``: one Relationship per id, in order."""
    ids = [str(i) for i in params.list("id")][:100]
    return [render_relationship(r) for r in await service.relationships(ctx, ids)]


async def followers(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/accounts/:id/followers``: a page of accounts with a ``Link`` header."""
    page = await service.followers(ctx, _id(params), page_params(params))
    return account_page_response(request, ctx, page)


async def following(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/accounts/:id/following``: a page of accounts with a ``Link`` header."""
    page = await service.following(ctx, _id(params), page_params(params))
    return account_page_response(request, ctx, page)


async def blocks(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/blocks``: the accounts the viewer blocks."""
    return account_page_response(request, ctx, await service.blocks(ctx, page_params(params)))


async def mutes(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/mutes``: the accounts the viewer mutes."""
    return account_page_response(request, ctx, await service.mutes(ctx, page_params(params)))


async def follow_requests(
    request: web.Request, ctx: RequestContext, params: Params
) -> web.Response:
    """``GET /api/v1/follow_requests``: accounts waiting for the viewer's answer."""
    page = await service.follow_requests(ctx, page_params(params))
    return account_page_response(request, ctx, page)


async def authorize(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/follow_requests/:id/authorize``: the Relationship."""
    return render_relationship(await service.authorize_follow_request(ctx, _id(params)))


async def reject(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/follow_requests/:id/reject``: the Relationship."""
    return render_relationship(await service.reject_follow_request(ctx, _id(params)))


async def search(request: Any, ctx: RequestContext, params: Params) -> list[Any]:
    """``GET /api/v1/accounts/search?q=&limit=&resolve=&following=``: local accounts."""
    params.bool("resolve")  # accepted (and validated); nothing remote to resolve yet
    rows = await service.search_accounts(
        ctx,
        params.str("q", "") or "",
        limit=params.int("limit", service.SEARCH_DEFAULT_LIMIT, minimum=1) or 1,
        following_only=params.bool("following"),
    )
    return [render_account(ctx.policy, row, viewer=ctx.viewer) for row in rows]
