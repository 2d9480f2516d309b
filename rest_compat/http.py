"""Response helpers: JSON through orjson, HTML pages, ``Link`` pagination headers."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

JSON_CONTENT_TYPE = "application/json"


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """Serialise ``data`` with orjson into an ``application/json`` response."""
    return web.Response(
        body=orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS),
        status=status,
        content_type=JSON_CONTENT_TYPE,
        charset="utf-8",
        headers=headers,
    )


def error_response(message: Any, status: int, body: Any = None) -> web.Response:
    """``{"error": message}`` (or ``body`` verbatim) with ``status``."""
    return json_response(body if body is not None else {"error": message}, status=status)


def html_response(
    text: str, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A UTF-8 ``text/html`` page (server-rendered pages pass their security headers)."""
    return web.Response(
        text=text, status=status, content_type="text/html", charset="utf-8", headers=headers
    )
