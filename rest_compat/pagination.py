"""Pagination params and ``Link`` headers for every newest-first REST list.

``page_params(params)`` reads ``max_id`` / ``since_id`` / ``min_id`` / ``limit`` (default
20, at most 40) into the services' :class:`~schema.services.pagination.PageRequest`;
``link_header(request, items, key)`` gives the ``Link`` header Mastodon clients follow:
``next`` pages back from the last item, ``prev`` forward from the first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from rest_compat.params import Params
from rest_compat.runtime import POLICY
from schema.services.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageRequest

PAGE_KEYS = ("max_id", "since_id", "min_id", "limit")


def page_params(
    params: Params, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT
) -> PageRequest:
    """The page asked for; ``limit`` is clamped into ``1..maximum`` (400 if not a number)."""
    limit = params.int("limit", default, minimum=1, maximum=maximum)
    return PageRequest(
        max_id=params.str("max_id") or None,
        since_id=params.str("since_id") or None,
        min_id=params.str("min_id") or None,
        limit=limit if limit is not None else default,
    )


def offset_page(params: Params, default_size: int, max_size: int) -> tuple[int, int]:
    """Pleroma's admin paging: ``(page, page_size)``, ``page`` from 1 and ``page_size``
    clamped into ``1..max_size`` (``default_size`` when absent; 400 if not a number)."""
    page = params.int("page", 1, minimum=1)
    size = params.int("page_size", default_size, minimum=1, maximum=max_size)
    return page or 1, size or default_size


def _page_url(request: web.Request, **bound: str) -> str:
    query = [(k, v) for k, v in request.query.items() if k not in PAGE_KEYS]
    if "limit" in request.query:
        query.append(("limit", request.query["limit"]))
    query.extend(bound.items())
    path = request.path + ("?" + urlencode(query) if query else "")
    return request.app[POLICY].url(path)


def link_header(
    request: web.Request, items: Sequence[Any], key: Callable[[Any], str]
) -> dict[str, str]:
    """``{"Link": ...}`` for a page of ``items`` (newest first), or ``{}`` when empty.

    ``key(item)`` is the item's pagination id (the id ``max_id``/``min_id`` compare).
    """
    if not items:
        return {}
    next_url = _page_url(request, max_id=key(items[-1]))
    prev_url = _page_url(request, min_id=key(items[0]))
    return {"Link": f'<{next_url}>; rel="next", <{prev_url}>; rel="prev"'}
