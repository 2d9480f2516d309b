"""Reference servers for the benchmark's ceiling: what the machine allows without Plenum.

Three modes, each one aiohttp process on the event loop Plenum serves on (the runner pins it
to the server's core):

- ``prebuilt``: answers every request with the same bytes (a real W1 body captured from
  Plenum in the same run). The cost of HTTP in aiohttp on this machine.
- ``orjson``: builds that body with ``orjson.dumps`` from the parsed page per request.
  The cost of HTTP plus serialisation, with no database and no rendering.
- ``graphql-memory``: Plenum's own GraphQL types and hardening extensions, answering the
  home timeline from 20 status views hydrated once at start-up (then the database is
  closed). The cost of Strawberry executing W6's selection, with no database and no
  loaders: the reference W6 is held to.

Usage: ``python -m benchmarks.ceiling MODE --port PORT (--body FILE | --db URL --token T)``.
"""

# No ``from __future__ import annotations``: Strawberry reads the real annotations of the
# Query type defined inside graphql_memory_app.
import argparse
import asyncio
from pathlib import Path
from typing import Any

import orjson
from aiohttp import web


def prebuilt_app(body: bytes) -> web.Application:
    """An app answering ``body`` as JSON to any GET."""

    async def handle(_request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json", charset="utf-8")

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handle)
    return app


def orjson_app(body: bytes) -> web.Application:
    """An app serialising the parsed ``body`` with orjson on every GET."""
    page = orjson.loads(body)

    async def handle(_request: web.Request) -> web.Response:
        return web.Response(
            body=orjson.dumps(page), content_type="application/json", charset="utf-8"
        )

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handle)
    return app


async def _home_views(url: str, token: str) -> tuple[Any, list[Any]]:
    """The bench user's context and the first home page's views, read once."""
    from app import db
    from app.auth import viewer_from_token
    from benchmarks.seed import PUBLIC_URL
    from schema.context import RequestContext
    from schema.instance import InstancePolicy
    from schema.services import timelines, tokens
    from schema.services.pagination import PageRequest
    from schema.services.status_views import hydrate

    await db.init(url)
    try:
        policy = InstancePolicy(public_url=PUBLIC_URL)
        found = await tokens.find_token(token)
        if found is None:
            raise SystemExit("the bench token is not in this database")
        ctx = RequestContext(policy=policy, viewer=viewer_from_token(found, policy=policy))
        rows = await timelines.home(ctx, PageRequest(limit=21))
        views = await hydrate(ctx, rows)
    finally:
        await db.close()
    return ctx, views


def graphql_memory_app(url: str, token: str) -> web.Application:
    """Plenum's Strawberry types answering ``homeTimeline`` from memory."""
    import strawberry
    from strawberry import relay
    from strawberry.aiohttp.views import GraphQLView
    from strawberry.schema.config import StrawberryConfig

    from schema.graphql import MAX_PAGE_SIZE, SCALAR_MAP, PlenumSchema, extension_factories
    from schema.types.status import Status
    from schema.types.timeline import StatusConnection, StatusEdge

    ctx, views = asyncio.run(_home_views(url, token))

    @strawberry.type(description="Answers from memory.")
    class Query:
        @strawberry.field(description="The first home page, read once at start-up.")
        def home_timeline(
            self, first: int | None = None, after: str | None = None
        ) -> StatusConnection:
            count = first or 20
            edges = [StatusEdge(cursor=v.id, node=Status.from_view(v)) for v in views[:count]]
            return StatusConnection(
                edges=edges,
                page_info=relay.PageInfo(
                    has_next_page=len(views) > count,
                    has_previous_page=False,
                    start_cursor=edges[0].cursor if edges else None,
                    end_cursor=edges[-1].cursor if edges else None,
                ),
            )

    schema = PlenumSchema(
        query=Query,
        extensions=extension_factories(),
        config=StrawberryConfig(relay_max_results=MAX_PAGE_SIZE, scalar_map=SCALAR_MAP),
    )

    class MemoryView(GraphQLView):
        async def get_context(self, request: web.Request, response: Any) -> Any:
            ctx.loaders = {}
            return ctx

    app = web.Application()
    app.router.add_route("POST", "/graphql", MemoryView(schema=schema))
    return app


def main(argv: list[str] | None = None) -> int:
    """Serve one reference until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("prebuilt", "orjson", "graphql-memory"))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--body", type=Path, help="the captured W1 body (prebuilt, orjson)")
    parser.add_argument("--db", help="database URL holding the dataset (graphql-memory)")
    parser.add_argument("--token", help="the bench user's token (graphql-memory)")
    args = parser.parse_args(argv)
    if args.mode == "graphql-memory":
        app = graphql_memory_app(args.db, args.token)
    else:
        body = args.body.read_bytes()
        app = prebuilt_app(body) if args.mode == "prebuilt" else orjson_app(body)
    # the same event loop as ``python -m app serve``, so the ratios compare like with like
    from app.cli import new_event_loop

    web.run_app(
        app,
        host="127.0.0.1",
        port=args.port,
        access_log=None,
        print=None,
        loop=new_event_loop(),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
