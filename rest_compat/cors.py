"""CORS: browser clients on other origins may call the API with bearer tokens.

Every answer carries ``Access-Control-Allow-Origin: *``; a preflight ``OPTIONS`` on any path
is answered 204 here, before routing. Credentials (cookies) are not allowed cross-origin:
the cookie flow is same-site only, which is also what keeps it safe from CSRF.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key"
EXPOSE_HEADERS = "Link, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
MAX_AGE = "86400"


def _is_preflight(request: web.Request) -> bool:
    return request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers


def _add_headers(response: web.StreamResponse) -> None:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    vary = response.headers.get("Vary")
    if vary is None:
        response.headers["Vary"] = "Origin"
    elif "origin" not in vary.lower():
        response.headers["Vary"] = f"{vary}, Origin"


@web.middleware
async def cors_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Answer preflights; add the CORS headers to every other answer (errors included).

    Put it before the error middleware so that error answers, which that middleware builds,
    pass back through here. A ``web.HTTPException`` that escapes gets the headers too.
    """
    if _is_preflight(request):
        response = web.Response(status=204)
        _add_headers(response)
        response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = MAX_AGE
        return response
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        _add_headers(exc)
        raise
    if not response.prepared:
        _add_headers(response)
    return response
