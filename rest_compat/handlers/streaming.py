"""The Mastodon streaming API over WebSocket (``/api/v1/streaming``) and its health probe.

A connection authenticates with a token only: the ``access_token`` parameter, the
``Sec-WebSocket-Protocol`` header (what browsers can send; echoed back as Mastodon does)
or ``Authorization: Bearer``. The session cookie and HTTP Basic are not accepted here: a
browser attaches them to a WebSocket opened by any site, and WebSockets know no CORS. A
token that does not check out answers 401 ``Invalid access token`` before the upgrade;
no token at all gives an anonymous connection that may read the public streams.

``stream`` (and ``tag``, or ``list`` for a list stream) name the first stream; the client
then sends ``{"type": "subscribe" | "unsubscribe", "stream": ..., "tag": ..., "list":
...}``. A refused
subscription is answered on the socket with ``{"error": ..., "status": ...}`` and the
connection stays open. Each message is ``{"stream": [...], "event": ..., "payload": ...}``
where ``payload`` is the JSON text of the entity the REST API renders for this viewer
(or the status id for ``delete``). What reaches whom is decided in
:mod:`schema.services.streaming`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import orjson
from aiohttp import WSCloseCode, WSMsgType, web
from multidict import MultiDict

from rest_compat.params import Params
from rest_compat.render.conversation import render_conversation
from rest_compat.render.notification import render_notification
from rest_compat.render.status import render_status
from rest_compat.runtime import VIEWER_RESOLVER
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, UNAUTHORIZED, DomainError
from schema.services import streaming
from schema.services.notifications import hydrate_notifications
from schema.services.status_views import hydrate_one
from schema.viewer import ANONYMOUS

log = logging.getLogger("plenum.streaming")

INVALID_TOKEN = "Invalid access token"
NOT_WEBSOCKET = "This endpoint only answers WebSocket connections"
BAD_MESSAGE = "Invalid JSON"
#: Seconds between WebSocket pings (proxies drop silent connections).
HEARTBEAT = 30.0


def _protocol_token(request: web.Request) -> str | None:
    """The token a browser sent as the (first) ``Sec-WebSocket-Protocol``, if any."""
    value = request.headers.get("Sec-WebSocket-Protocol", "")
    first = value.split(",")[0].strip()
    return first or None


async def _stream_viewer(request: web.Request, ctx: RequestContext, params: Params) -> str | None:
    """Set ``ctx.viewer`` from the connection's token; return the protocol to echo.

    Raises 401 ``Invalid access token`` when a token was sent and does not check out.
    """
    param = params.get("access_token")
    protocol = None if isinstance(param, str) and param else _protocol_token(request)
    bearer = request.headers.get("Authorization", "").lstrip().lower().startswith("bearer")
    if not (isinstance(param, str) and param) and protocol is None and not bearer:
        ctx.viewer = ANONYMOUS
        return None
    viewer = ctx.viewer
    if protocol is not None:
        query = MultiDict({"access_token": protocol})
        viewer = await request.app[VIEWER_RESOLVER](request, Params(query=query))
    if viewer.via != "token" or viewer.token is None:
        raise DomainError(UNAUTHORIZED, INVALID_TOKEN)
    ctx.viewer = viewer
    return protocol


async def stream(request: web.Request, ctx: RequestContext, params: Params) -> web.StreamResponse:
    """``GET /api/v1/streaming``: upgrade to a WebSocket and stream events until closed.

    400 when the request is not a WebSocket upgrade or ``stream`` is unknown (or a
    hashtag stream lacks ``tag``, a list stream ``list``); 401 for a bad token, a user
    stream without one, or a list that is not the viewer's.
    """
    protocol = await _stream_viewer(request, ctx, params)
    ws = web.WebSocketResponse(protocols=(protocol,) if protocol else (), heartbeat=HEARTBEAT)
    if not ws.can_prepare(request).ok:
        raise DomainError(BAD_REQUEST, NOT_WEBSOCKET)
    first = None
    if params.get("stream"):
        first = await streaming.resolve_topic(
            ctx, params.get("stream"), params.get("tag"), params.get("list")
        )
    async with streaming.Subscription(ctx) as subscription:
        if first is not None:
            subscription.add(first)
        await ws.prepare(request)
        writer = asyncio.create_task(_write(ws, ctx, subscription))
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    await _command(ws, ctx, subscription, message.data)
        finally:
            subscription.close()
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)
    return ws


async def _command(
    ws: web.WebSocketResponse, ctx: RequestContext, subscription: Any, text: str
) -> None:
    """Apply one client message (``subscribe`` / ``unsubscribe``); others are ignored."""
    try:
        message = orjson.loads(text)
    except orjson.JSONDecodeError:
        await _send_error(ws, BAD_MESSAGE, 400)
        return
    if not isinstance(message, dict) or message.get("type") not in ("subscribe", "unsubscribe"):
        return
    try:
        topic = await streaming.resolve_topic(
            ctx, message.get("stream"), message.get("tag"), message.get("list")
        )
    except DomainError as exc:
        await _send_error(ws, exc.message, exc.status)
        return
    if message["type"] == "subscribe":
        subscription.add(topic)
    else:
        subscription.remove(topic)


async def _send_error(ws: web.WebSocketResponse, message: str, status: int) -> None:
    if not ws.closed:
        await ws.send_str(orjson.dumps({"error": message, "status": status}).decode())


async def _write(ws: web.WebSocketResponse, ctx: RequestContext, subscription: Any) -> None:
    """Send every delivery as a text frame; close the socket when the subscription ends."""
    last: tuple[tuple[str, str], str] | None = None
    async for delivery in subscription.deliveries():
        key = (delivery.event, _subject_id(delivery))
        if delivery.event == "delete":
            payload = str(delivery.deleted_id)
        elif last is not None and last[0] == key:
            payload = last[1]
        else:
            try:
                payload = orjson.dumps(await _payload(ctx, delivery)).decode()
            except Exception:
                log.exception("streaming: could not render a %s event", delivery.event)
                continue
            last = (key, payload)
        frame = {"stream": delivery.stream, "event": delivery.event, "payload": payload}
        try:
            await ws.send_str(orjson.dumps(frame).decode())
        except (ConnectionResetError, RuntimeError):
            return
    if not ws.closed:  # the queue overflowed, or the server is shutting down
        if subscription.overflowed:
            await ws.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"too slow")
        else:
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")


def _subject_id(delivery: Any) -> str:
    subject = delivery.status or delivery.notification or delivery.conversation
    return str(subject.id) if subject is not None else str(delivery.deleted_id)


async def _payload(ctx: RequestContext, delivery: Any) -> Any:
    """The entity of ``delivery`` as the REST API renders it for the connection's viewer."""
    if delivery.event == "update":
        view = await hydrate_one(ctx, delivery.status)
        return render_status(ctx.policy, view, viewer=ctx.viewer)
    if delivery.event == "notification":
        views = await hydrate_notifications(ctx, [delivery.notification])
        return render_notification(ctx.policy, views[0], viewer=ctx.viewer)
    if delivery.event == "conversation":
        return render_conversation(ctx.policy, delivery.conversation, viewer=ctx.viewer)
    raise ValueError(f"no payload for {delivery.event}")


async def health(request: web.Request, ctx: RequestContext, params: Params) -> web.Response:
    """``GET /api/v1/streaming/health``: ``OK`` as plain text while the server streams."""
    return web.Response(text="OK", content_type="text/plain")
