"""Domain events: what happened, announced after the transaction that made it commits.

Notifications, streaming and (later) federation subscribe here; the services that cause
the events do not know them. Handlers run in order; one failing handler is logged and
does not stop the others or undo the fact.
"""

from __future__ import annotations

import contextvars
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("plenum.events")

Handler = Callable[["Event"], Awaitable[None]]
_handlers: dict[str, list[Handler]] = defaultdict(list)
#: The events held by the innermost :func:`held` block of this task, if any.
_held: contextvars.ContextVar[list[Event] | None] = contextvars.ContextVar(
    "plenum_held_events", default=None
)


@dataclass(frozen=True)
class Event:
    """One fact: ``kind`` (e.g. ``status.created``) and its ids."""

    kind: str
    actor_id: str | None = None
    status_id: str | None = None
    target_id: str | None = None
    data: Any = None


def subscribe(kind: str, handler: Handler) -> None:
    """Call ``handler`` for every event of ``kind`` from now on (idempotent per handler)."""
    if handler not in _handlers[kind]:
        _handlers[kind].append(handler)


def unsubscribe(kind: str, handler: Handler) -> None:
    """Stop calling ``handler`` for ``kind``; no error when it was not subscribed."""
    if handler in _handlers[kind]:
        _handlers[kind].remove(handler)


@asynccontextmanager
async def held() -> AsyncIterator[None]:
    """Hold back the events emitted inside the block until it ends.

    For a caller that wraps other services' writes in a transaction of its own (an admin
    action and its moderation log entry): put the transaction inside this block, and the
    events those services emit go out only after it committed, in the order emitted. If
    the block raises, they are dropped with the rolled-back writes. Blocks may nest (the
    inner one hands its events to the outer one).
    """
    outer = _held.get()
    pending: list[Event] = []
    token = _held.set(pending)
    try:
        yield
    finally:
        _held.reset(token)
    if outer is not None:
        outer.extend(pending)
        return
    for event in pending:
        await emit(event)


async def emit(event: Event) -> None:
    """Run every handler of ``event.kind``; failures are logged, never raised.

    Inside a :func:`held` block the event waits for the block's end instead.
    """
    pending = _held.get()
    if pending is not None:
        pending.append(event)
        return
    for handler in list(_handlers.get(event.kind, ())):
        try:
            await handler(event)
        except Exception:
            log.exception("event handler %r failed for %s", handler, event.kind)
