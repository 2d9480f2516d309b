"""WebSocket clients for the tests: Mastodon's streaming API and graphql-transport-ws.

Both wait deterministically: :func:`until` polls a condition (a subscription registered,
a topic added) with a deadline, and :meth:`MastodonStream.next` waits for the next message
with a timeout. To show that something does *not* arrive, a test makes it happen, then
makes a "sentinel" event the stream must deliver, and checks that the sentinel comes
first: each subscription handles its events in order, so no sleep is needed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from contextlib import asynccontextmanager
from typing import Any

from schema.services import streaming

TIMEOUT = 10.0


async def until(condition: Callable[[], bool], what: str, limit: float = TIMEOUT) -> None:
    """Wait until ``condition()`` holds; fail after ``limit`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def subscribed(name: str, tag: str | None = None) -> Callable[[], bool]:
    """A condition: some open subscription follows the topic ``name`` (``tag``)."""
    topic = streaming.Topic(name, tag)
    return lambda: any(topic in s.topics for s in streaming.open_subscriptions())


def unsubscribed(name: str, tag: str | None = None) -> Callable[[], bool]:
    """A condition: no open subscription follows the topic ``name`` (``tag``)."""
    condition = subscribed(name, tag)
    return lambda: not condition()


class MastodonStream:
    """One ``/api/v1/streaming`` connection."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    async def next(self, wait: float = TIMEOUT) -> dict[str, Any]:
        """The next message, with ``payload`` decoded (a JSON entity; ``delete``: the id)."""
        message = await self.ws.receive_json(timeout=wait)
        if "payload" in message and message.get("event") != "delete":
            message["payload"] = json.loads(message["payload"])
        return message

    async def send(self, message: dict[str, Any]) -> None:
        """Send a client message (subscribe / unsubscribe)."""
        await self.ws.send_str(json.dumps(message))

    async def subscribe(self, stream: str, tag: str | None = None) -> None:
        """Subscribe and wait until the server follows the topic."""
        await self.send({"type": "subscribe", "stream": stream, **({"tag": tag} if tag else {})})
        await until(subscribed(stream, tag), f"subscription to {stream}")

    async def unsubscribe(self, stream: str, tag: str | None = None) -> None:
        """Unsubscribe and wait until no subscription follows the topic."""
        await self.send({"type": "unsubscribe", "stream": stream, **({"tag": tag} if tag else {})})
        await until(unsubscribed(stream, tag), f"unsubscription from {stream}")


@asynccontextmanager
async def mastodon_stream(
    client: Any,
    stream: str | None = None,
    *,
    token: str | None = None,
    tag: str | None = None,
    how: str = "param",
):
    """Open ``/api/v1/streaming`` (``how``: token as ``param``, ``protocol`` or ``bearer``).

    Returns once the server has registered the connection's subscription.
    """
    params: dict[str, str] = {}
    headers: dict[str, str] = {}
    protocols: tuple[str, ...] = ()
    if stream:
        params["stream"] = stream
    if tag:
        params["tag"] = tag
    if token and how == "param":
        params["access_token"] = token
    elif token and how == "protocol":
        protocols = (token,)
    elif token:
        headers["Authorization"] = f"Bearer {token}"
    before = set(streaming.open_subscriptions())
    ws = await client.ws_connect(
        "/api/v1/streaming", params=params, headers=headers, protocols=protocols
    )
    try:
        await until(
            lambda: any(s not in before for s in streaming.open_subscriptions()),
            "the stream's subscription",
        )
        yield MastodonStream(ws)
    finally:
        await ws.close()


class GraphQLSubscription:
    """One graphql-transport-ws operation (id ``1``) on an open connection."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    async def next(self, wait: float = TIMEOUT) -> dict[str, Any]:
        """The next ``next`` payload (``{"data": ...}``); an ``error`` fails the test."""
        while True:
            message = await self.ws.receive_json(timeout=wait)
            kind = message.get("type")
            if kind == "ping":
                await self.ws.send_json({"type": "pong"})
                continue
            if kind == "pong":
                continue
            assert kind == "next", message
            return message["payload"]


@asynccontextmanager
async def graphql_subscription(
    client: Any,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    operation_name: str | None = None,
):
    """Open ``/graphql`` over graphql-transport-ws, start ``query``, wait until the server
    has registered its subscription."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    ws = await client.ws_connect("/graphql", protocols=("graphql-transport-ws",), headers=headers)
    try:
        await ws.send_json({"type": "connection_init", "payload": {}})
        ack = await ws.receive_json(timeout=TIMEOUT)
        assert ack["type"] == "connection_ack", ack
        before = set(streaming.open_subscriptions())
        payload: dict[str, Any] = {"query": query}
        if variables:
            payload["variables"] = variables
        if operation_name:
            payload["operationName"] = operation_name
        await ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        await until(
            lambda: any(s not in before for s in streaming.open_subscriptions()),
            "the GraphQL subscription",
        )
        yield GraphQLSubscription(ws)
    finally:
        await ws.close()
