"""GraphQL over HTTP: ``/graphql`` and ``/graphiql`` (POST and GET), GraphiQL offline.

The view authenticates exactly like the REST layer (the app's ``VIEWER_RESOLVER``: bearer
header, ``access_token`` query parameter, Basic, session cookie) and hands resolvers the
same :class:`~schema.context.RequestContext`, with fresh per-request DataLoaders.

A browser's ``GET`` (``Accept: text/html``, no ``query``) gets GraphiQL. Its seven
third-party files are served from ``app/static/graphiql`` (see ``manifest.json`` there),
so the IDE works without internet; the page keeps Strawberry's ``integrity`` attributes.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from aiohttp import ClientConnectionResetError, web
from cross_web import HTTPException
from multidict import MultiDict
from strawberry.aiohttp.views import AiohttpWebSocketAdapter, GraphQLView
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.http.ides import get_graphql_ide_html

from rest_compat.dispatch import build_context
from rest_compat.http import error_response
from rest_compat.params import Params
from schema.context import RequestContext
from schema.errors import DomainError
from schema.graphql import build_schema

STATIC_DIR = Path(__file__).parent / "static"
GRAPHIQL_DIR = STATIC_DIR / "graphiql"
STATIC_PREFIX = "/static"
GRAPHQL_PATHS = ("/graphql", "/graphiql")


def graphiql_manifest() -> list[dict[str, str]]:
    """The vendored GraphiQL files: file, package, version, cdn_url, integrity, license."""
    return json.loads((GRAPHIQL_DIR / "manifest.json").read_text(encoding="utf-8"))


@cache
def graphiql_html() -> str:
    """Strawberry's GraphiQL page with every CDN URL pointed at our static copies.

    Raises ``RuntimeError`` when Strawberry's page names a CDN file we do not vendor (a
    Strawberry upgrade changed the list): better to fail at startup than to serve a page
    that silently loads from the internet.
    """
    html = get_graphql_ide_html("graphiql")
    for item in graphiql_manifest():
        if item["cdn_url"] not in html:
            raise RuntimeError(f"Strawberry's GraphiQL page no longer loads {item['cdn_url']}")
        html = html.replace(item["cdn_url"], f"{STATIC_PREFIX}/graphiql/{item['file']}")
    if "https://unpkg.com/" in html:
        raise RuntimeError("Strawberry's GraphiQL page loads a file we do not vendor")
    return html.replace("<title>Strawberry GraphiQL</title>", "<title>Plenum GraphiQL</title>")


#: Headers a cross-site HTML form cannot send (setting them forces a CORS preflight).
PREFLIGHT_HEADERS = ("GraphQL-Require-Preflight", "Apollo-Require-Preflight")
MULTIPART_REFUSED = (
    "A multipart GraphQL request (file upload) needs an Authorization: Bearer header or a "
    "GraphQL-Require-Preflight header"
)


def multipart_allowed(request: web.Request) -> bool:
    """CSRF guard for uploads: ``multipart/form-data`` is a type any web page may POST
    cross-site with the visitor's cookie, so such a request must carry a header that a
    plain form cannot (or a token in the query string, which the attacker does not know).
    A Bearer token counts; Basic does not (browsers replay cached Basic credentials).
    """
    if request.method != "POST" or request.content_type != "multipart/form-data":
        return True
    bearer = request.headers.get("Authorization", "").lstrip().lower().startswith("bearer")
    return (
        bearer
        or "access_token" in request.query
        or any(h in request.headers for h in PREFLIGHT_HEADERS)
    )


class TextWebSocketAdapter(AiohttpWebSocketAdapter):
    """Sends every subscription message as a text frame.

    Strawberry would send the ``bytes`` of :meth:`PlenumGraphQLView.encode_json` as binary
    frames, which graphql-transport-ws clients (graphql-ws, Apollo) refuse: the protocol
    is text.
    """

    async def send_json(self, message: Any) -> None:
        """One protocol message as a UTF-8 text frame (orjson)."""
        try:
            await self.ws.send_str(orjson.dumps(message).decode())
        except (RuntimeError, ClientConnectionResetError) as exc:
            raise WebSocketDisconnected from exc


class PlenumGraphQLView(GraphQLView):
    """Strawberry's aiohttp view with Plenum's context, errors and offline GraphiQL.

    Subscriptions (``graphql-transport-ws`` and ``graphql-ws``) run on the same paths; the
    view checks a WebSocket's ``Origin`` (same origin only), so a page on another site
    cannot open one with the visitor's session cookie.
    """

    websocket_adapter_class = TextWebSocketAdapter

    async def get_context(self, request: web.Request, response: Any) -> RequestContext:
        """The REST layer's context for this request (viewer, policy, client IP, extras).

        Only the query string is read for ``access_token``: the body belongs to GraphQL.
        ``ctx.loaders`` starts empty, so DataLoader caches live for this request only.
        """
        params = Params(query=MultiDict(request.query))
        return await build_context(request, params)

    def encode_json(self, data: object) -> bytes:
        """The answer as compact JSON through orjson (Strawberry's default is ``json``).

        Same JSON as ``json.dumps(data, separators=(",", ":"))`` except that non-ASCII text
        is sent as UTF-8 rather than ``\\u`` escapes; several times faster on a page.
        """
        return orjson.dumps(data)

    async def render_graphql_ide(self, request: web.Request) -> web.Response:
        """GraphiQL, loading its scripts and styles from this server."""
        return web.Response(text=graphiql_html(), content_type="text/html")

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        """Run the request; transport errors become ``{"error": ...}`` JSON like REST."""
        if not multipart_allowed(request):
            return error_response(MULTIPART_REFUSED, 400)
        if await carries_nul(request):
            return error_response("GraphQL requests cannot contain NUL characters", 400)
        try:
            return await self.run(request=request)
        except HTTPException as exc:
            return error_response(exc.reason, exc.status_code)
        except DomainError as exc:  # raised while building the context (bad credentials)
            return error_response(exc.message, exc.status, exc.body)


_ESCAPED_NUL = re.compile(rb"\\u0000", re.IGNORECASE)


async def carries_nul(request: web.Request) -> bool:
    """True when the query string or a JSON body holds a NUL character (raw or escaped).

    PostgreSQL cannot store or compare NUL, so such a request is refused up front (400)
    rather than failing in the driver. Multipart bodies (uploads) are binary and left to
    the resolvers, whose text variables come from the ``operations`` part.
    """
    if "\x00" in request.query_string or "%00" in request.query_string:
        return True
    if request.method != "POST" or request.content_type != "application/json":
        return False
    raw = await request.read()
    return b"\x00" in raw or bool(_ESCAPED_NUL.search(raw))


def setup_graphql(app: web.Application) -> None:
    """Mount ``/graphql`` and ``/graphiql`` (GET and POST) and ``/static`` (no listing)."""
    view = PlenumGraphQLView(
        schema=build_schema(), graphql_ide="graphiql", multipart_uploads_enabled=True
    )
    for path in GRAPHQL_PATHS:
        app.router.add_route("GET", path, view)
        app.router.add_route("POST", path, view)
    app.router.add_static(STATIC_PREFIX, STATIC_DIR, show_index=False, follow_symlinks=False)
