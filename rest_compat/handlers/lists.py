"""REST handlers for lists: ``/api/v1/lists`` and its members, ``/api/v1/accounts/:id/lists``
and ``/api/v1/timelines/list/:list_id``.

The rules (ownership, scopes, checks, who may be added, what the timeline shows) live in
:mod:`schema.services.lists`; these read the params and render. Parameter casting follows
Pleroma's OpenAPI layer (400 ``Missing field: title.``, ``title - null value where string
expected.``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aiohttp import web

from rest_compat.handlers.accounts import openapi_error
from rest_compat.handlers.relationships import account_page_response
from rest_compat.handlers.timelines import statuses_page
from rest_compat.pagination import page_params
from rest_compat.params import Params
from rest_compat.render.list import render_list, render_lists
from schema.context import RequestContext
from schema.services import lists
from schema.services.pagination import MAX_LIMIT

_JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (list, "array"))


def _id(params: Params) -> str:
    return params.str("id", "") or ""


def _title(params: Params) -> str | None:
    """``title`` as sent (``None`` when absent); 400 in Pleroma's OpenAPI shape when it is
    null or not a string."""
    if "title" not in params:
        return None
    value = params.get("title")
    if isinstance(value, str):
        return value
    if value is None:
        message = "null value where string expected"
    else:
        got = next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "object")
        message = f"Invalid string. Got: {got}"
    raise openapi_error([("title", message, f"title - {message}.")])


def _settings(params: Params) -> dict[str, Any]:
    """``title`` and Mastodon's ``replies_policy`` / ``exclusive``, ``None`` when absent."""
    return {
        "title": _title(params),
        "replies_policy": params.str("replies_policy") or None,
        "exclusive": params.optional_bool("exclusive"),
    }


def _missing_title() -> Exception:
    return openapi_error([("title", "Missing field: title", "Missing field: title.")])


async def index(request: Any, ctx: RequestContext, params: Params) -> list[dict[str, Any]]:
    """``GET /api/v1/lists``: the viewer's lists, newest first."""
    return render_lists(await lists.viewer_lists(ctx))


async def show(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/lists/:id``: one of the viewer's lists."""
    return render_list(await lists.get_list(ctx, _id(params)))


async def create(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/lists`` (``title``, ``replies_policy``, ``exclusive``): the new List."""
    settings = _settings(params)
    if settings["title"] is None:
        raise _missing_title()
    return render_list(await lists.create_list(ctx, **settings))


async def update(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PUT /api/v1/lists/:id`` (``title``; Mastodon's settings): the List as changed."""
    settings = _settings(params)
    if all(value is None for value in settings.values()):
        raise _missing_title()
    return render_list(await lists.update_list(ctx, _id(params), **settings))


async def delete(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``DELETE /api/v1/lists/:id``: ``{}``."""
    await lists.delete_list(ctx, _id(params))
    return {}


async def accounts(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/lists/:id/accounts``: a page of members (default 40; Mastodon's
    ``limit=0``, "all", gives the largest page) with a ``Link`` header."""
    page = page_params(params, default=lists.MEMBERS_DEFAULT_LIMIT)
    if str(params.get("limit", "")).strip() == "0":
        page = replace(page, limit=MAX_LIMIT)
    return account_page_response(request, ctx, await lists.list_accounts(ctx, _id(params), page))


async def add_accounts(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/lists/:id/accounts`` (``account_ids[]``): ``{}``."""
    await lists.add_accounts(ctx, _id(params), params.list("account_ids"))
    return {}


async def remove_accounts(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``DELETE /api/v1/lists/:id/accounts`` (``account_ids[]`` in the query or body): ``{}``."""
    await lists.remove_accounts(ctx, _id(params), params.list("account_ids"))
    return {}


async def account_lists(request: Any, ctx: RequestContext, params: Params) -> list[Any]:
    """``GET /api/v1/accounts/:id/lists``: the viewer's lists holding that account."""
    return render_lists(await lists.lists_with_account(ctx, _id(params)))


async def timeline(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/timelines/list/:list_id`` (``with_muted``, ``exclude_visibilities[]``,
    pagination): the list's statuses, rendered like the home timeline."""
    rows = await lists.list_timeline(
        ctx,
        params.str("list_id") or "",
        page_params(params),
        with_muted=params.bool("with_muted"),
        exclude_visibilities=params.list("exclude_visibilities"),
    )
    return await statuses_page(request, ctx, rows)
