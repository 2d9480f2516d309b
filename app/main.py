"""``create_app(settings)``: wire the database, auth, REST layer and GraphQL into aiohttp."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from app import db
from app.auth import make_client_ip, resolve_viewer
from app.config import Settings, ensure_secret_key
from app.fetcher import AiohttpFetcher
from app.graphql_view import setup_graphql
from app.mail import make_mailer
from app.postgres_client import request_scope
from app.storage import LocalStorage
from rest_compat.cors import cors_middleware
from rest_compat.dispatch import error_middleware, register_routes
from rest_compat.runtime import CLIENT_IP, EXTRAS, POLICY, VIEWER_RESOLVER
from schema.services import notifications, streaming, subscriptions
from schema.services.jobs import JobRunner

log = logging.getLogger("plenum")

SETTINGS = web.AppKey("settings", Settings)


@web.middleware
async def postgres_request_scope(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Let one request's statements share one PostgreSQL pool connection
    (:func:`app.postgres_client.request_scope`). WebSocket requests (streaming, GraphQL
    subscriptions) live long, so they take pool connections statement by statement."""
    if request.headers.get("Upgrade", "").lower() == "websocket":
        return await handler(request)
    async with request_scope():
        return await handler(request)


def create_app(settings: Settings) -> web.Application:
    """Build the aiohttp application for ``settings``.

    The database pool opens on startup and closes on cleanup; migrations are not applied
    here (``serve`` and ``migrate`` do that) so that tests and tools control them.
    """
    settings = ensure_secret_key(settings)
    middlewares = [cors_middleware, error_middleware]
    if not db.is_sqlite(settings.effective_database_url):
        middlewares.insert(0, postgres_request_scope)
    app = web.Application(
        middlewares=middlewares,
        client_max_size=settings.upload_limit + 1024 * 1024,
    )
    app[SETTINGS] = settings
    app[POLICY] = settings.policy()
    app[VIEWER_RESOLVER] = resolve_viewer
    app[CLIENT_IP] = make_client_ip(settings.trusted_proxies)
    app[EXTRAS] = {}
    if settings.rate_limits:
        # Imported only when limits are on: the library costs ~4 MB of memory.
        from app.ratelimit import RateLimiter

        app[EXTRAS]["rate_limiter"] = RateLimiter()
    app[EXTRAS]["mailer"] = make_mailer(settings)
    app[EXTRAS]["jobs"] = jobs = JobRunner()
    subscriptions.install()
    notifications.install()
    streaming.install()
    app[EXTRAS]["storage"] = LocalStorage(settings.uploads_dir)
    app[EXTRAS]["fetcher"] = AiohttpFetcher()
    register_routes(app)
    setup_graphql(app)

    async def open_db(_app: web.Application) -> None:
        await db.init(
            settings.effective_database_url,
            settings.db_pool_size,
            settings.sqlite_synchronous,
            settings.sqlite_inline_reads,
        )

    async def close_db(_app: web.Application) -> None:
        await db.close()

    async def stop_jobs(_app: web.Application) -> None:
        await jobs.close()

    async def stop_streams(_app: web.Application) -> None:
        streaming.close_all()

    app.on_startup.append(open_db)
    app.on_shutdown.append(stop_streams)
    app.on_shutdown.append(stop_jobs)
    app.on_cleanup.append(close_db)
    return app
