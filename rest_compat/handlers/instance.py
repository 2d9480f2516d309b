"""REST handlers: instance information, nodeinfo, host-meta, WebFinger, healthcheck."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.http import json_response
from rest_compat.params import Params
from rest_compat.render import instance as render
from rest_compat.render.account import render_account
from schema.context import RequestContext
from schema.services import instance as instance_service
from schema.services.health import health
from schema.services.webfinger import resolve_resource

XRD_CONTENT_TYPE = "application/xrd+xml"
JRD_CONTENT_TYPE = "application/jrd+json"


async def _contact(ctx: RequestContext) -> dict[str, Any] | None:
    """The contact account rendered as a Mastodon Account, or ``None``."""
    account = await instance_service.contact_account(ctx)
    if account is None:
        return None
    return render_account(ctx.policy, account, viewer=ctx.viewer)


async def v1(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /api/v1/instance`` (and with a trailing slash): the v1 instance entity."""
    stats = await instance_service.instance_stats(ctx)
    return render.instance_v1(ctx.policy, stats, await _contact(ctx))


async def v2(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /api/v2/instance``: the v2 instance entity."""
    stats = await instance_service.instance_stats(ctx)
    return render.instance_v2(ctx.policy, stats, await _contact(ctx))


async def nodeinfo_index(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /.well-known/nodeinfo``: links to nodeinfo 2.0 and 2.1."""
    return render.nodeinfo_index(ctx.policy)


async def _nodeinfo(ctx: RequestContext, version: str) -> web.Response:
    stats = await instance_service.instance_stats(ctx)
    staff = await instance_service.staff_uris(ctx)
    response = json_response(render.nodeinfo(ctx.policy, stats, version, staff))
    response.headers["Content-Type"] = render.nodeinfo_content_type(version)
    return response


async def nodeinfo_20(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /nodeinfo/2.0.json``."""
    return await _nodeinfo(ctx, "2.0")


async def nodeinfo_21(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /nodeinfo/2.1.json``."""
    return await _nodeinfo(ctx, "2.1")


async def host_meta(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /.well-known/host-meta``: XRD with the WebFinger template."""
    return web.Response(
        text=render.host_meta(ctx.policy), content_type=XRD_CONTENT_TYPE, charset="utf-8"
    )


def _wants_xml(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    return "xrd+xml" in accept or ("application/xml" in accept and "json" not in accept)


async def webfinger(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /.well-known/webfinger?resource=...``: JRD (or XRD when Accept asks for it).

    Missing ``resource``: 400. Unknown or remote account: 404 ``Couldn't find user``.
    """
    account = await resolve_resource(ctx, params.get("resource"))
    subject = f"acct:{account.nickname}@{ctx.policy.host}"
    jrd = render.webfinger_jrd(subject, account.uri, account.url or account.uri)
    if _wants_xml(request):
        return web.Response(
            text=render.webfinger_xrd(jrd), content_type=XRD_CONTENT_TYPE, charset="utf-8"
        )
    response = json_response(jrd)
    response.headers["Content-Type"] = f"{JRD_CONTENT_TYPE}; charset=utf-8"
    return response


async def healthcheck(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /api/pleroma/healthcheck``: 200 with the figures when healthy, 503 otherwise.

    Disabled by ``PLENUM_HEALTHCHECK=false``: 503 ``{}`` (as Pleroma).
    """
    if not ctx.policy.healthcheck:
        return json_response({}, status=503)
    report = await health(ctx)
    return json_response(report.as_dict(), status=200 if report.healthy else 503)
