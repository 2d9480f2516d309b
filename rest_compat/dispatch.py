"""Turn the route table into aiohttp routes, and answer every error as JSON.

For each request: parse params, resolve the viewer, enforce ``auth``/``scopes`` and the
rate limit, call the handler with ``(request, ctx, params)``, and serialise what it
returns (a plain value becomes JSON; a ``web.StreamResponse`` is passed through).
"""

from __future__ import annotations

import importlib
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from rest_compat.http import error_response, json_response
from rest_compat.params import Params, read_params
from rest_compat.routes import AUTH_ADMIN, AUTH_APP, AUTH_NONE, AUTH_USER, ROUTES, Route
from rest_compat.runtime import CLIENT_IP, EXTRAS, POLICY, VIEWER_RESOLVER
from schema.context import RequestContext
from schema.errors import INVALID_CREDENTIALS, DomainError
from schema.viewer import ADMIN_TOKEN_VIEWER, ANONYMOUS, admin_token_matches

log = logging.getLogger("plenum.rest")

Handler = Callable[[web.Request, RequestContext, Params], Awaitable[Any]]

#: The request key under which the dispatcher leaves the RequestContext.
CTX_KEY = web.RequestKey("plenum.ctx", RequestContext)


def resolve_handler(ref: str) -> Handler:
    """Import ``module:function`` from ``rest_compat.handlers``."""
    module_name, func_name = ref.split(":", 1)
    module = importlib.import_module(f"rest_compat.handlers.{module_name}")
    return getattr(module, func_name)


async def build_context(
    request: web.Request, params: Params, route: Route | None = None
) -> RequestContext:
    """The per-request context: policy, viewer, client address, app-wide extras.

    A ``route`` with ``own_counts`` has the viewer's owner counters read with the token.
    """
    app = request.app
    if route is not None and route.own_counts:
        viewer = await app[VIEWER_RESOLVER](request, params, with_own_counts=True)
    else:
        viewer = await app[VIEWER_RESOLVER](request, params)
    extras = app[EXTRAS]
    return RequestContext(
        policy=app[POLICY],
        viewer=viewer,
        remote_ip=app[CLIENT_IP](request),
        mailer=extras.get("mailer"),
        extras=extras,
    )


def check_access(route: Route, ctx: RequestContext, params: Params | None = None) -> None:
    """Enforce the route's ``auth`` and ``scopes``; raise the Pleroma error otherwise.

    On a route open to everyone, a token without the route's scopes does not fail the
    request: the viewer is demoted to anonymous (Pleroma's ``proceed_unauthenticated``).
    On an admin route, the configured ``admin_token`` parameter makes the viewer an admin.
    """
    viewer = ctx.viewer
    if route.auth == AUTH_USER:
        viewer.require(*route.scopes)
    elif route.auth == AUTH_ADMIN:
        supplied = params.get("admin_token") if params is not None else None
        if admin_token_matches(ctx.policy.admin_token, supplied):
            ctx.viewer = ADMIN_TOKEN_VIEWER
        else:
            viewer.require_admin(*route.scopes)
    elif route.auth == AUTH_APP and viewer.token is None and viewer.account is None:
        raise DomainError(INVALID_CREDENTIALS, "Invalid credentials")
    elif route.auth == AUTH_NONE and route.scopes and not viewer.has_scope(*route.scopes):
        ctx.viewer = ANONYMOUS


def make_view(
    route: Route, handler: Handler
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Wrap ``handler`` with params, auth, rate limiting and serialisation."""

    async def view(request: web.Request) -> web.StreamResponse:
        params = await read_params(request)
        ctx = await build_context(request, params, route)
        request[CTX_KEY] = ctx
        check_access(route, ctx, params)
        limiter = ctx.extras.get("rate_limiter")
        if route.rate_limit and limiter is not None:
            await limiter.check(route.rate_limit, ctx)
        result = await handler(request, ctx, params)
        if isinstance(result, web.StreamResponse):
            return result
        return json_response(result)

    view.__name__ = f"view_{route.handler.replace(':', '_')}"
    return view


def register_routes(app: web.Application, routes: tuple[Route, ...] = ROUTES) -> None:
    """Add every row of the table (both prefixes for Pleroma rows) to ``app``'s router."""
    seen: set[tuple[str, str]] = set()
    for route in routes:
        handler = resolve_handler(route.handler)
        for path in route.paths():
            key = (route.method, path)
            if key in seen:
                raise ValueError(f"duplicate route {route.method} {path}")
            seen.add(key)
            app.router.add_route(route.method, path, make_view(route, handler))


@web.middleware
async def error_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Answer every failure as ``{"error": ...}`` JSON with the right status.

    Domain errors keep their status and message; aiohttp's own errors (unknown route, bad
    method, body too large) keep their status; anything unexpected is logged with a request
    id and answered 500 without internals.
    """
    try:
        return await handler(request)
    except DomainError as exc:
        return error_response(exc.message, exc.status, exc.body)
    except web.HTTPException as exc:
        if exc.status < 400 or exc.content_type == "application/json":
            raise
        message = {
            404: "Not found",
            405: "Method not allowed",
            413: "Request entity too large",
        }.get(exc.status, exc.reason)
        response = error_response(message, exc.status)
        for name in ("Allow", "Location", "WWW-Authenticate"):
            if name in exc.headers:
                response.headers[name] = exc.headers[name]
        return response
    except Exception:
        request_id = secrets.token_hex(8)
        log.exception(
            "unhandled error in %s %s [request %s]", request.method, request.path, request_id
        )
        return error_response(
            "Something went wrong", 500, {"error": "Something went wrong", "request_id": request_id}
        )
