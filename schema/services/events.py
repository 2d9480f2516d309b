"""Domain events: what happened, announced after the transaction that made it commits.

Notifications, streaming and (later) federation subscribe here; the services that cause
the events do not know them. Handlers run in order; one failing handler is logged and
does not stop the others or undo the fact.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("plenum.events")

Handler = Callable[["Event"], Awaitable[None]]
_handlers: dict[str, list[Handler]] = defaultdict(list)


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


async def emit(event: Event) -> None:
    """Run every handler of ``event.kind``; failures are logged, never raised."""
    for handler in list(_handlers.get(event.kind, ())):
        try:
            await handler(event)
        except Exception:
            log.exception("event handler %r failed for %s", handler, event.kind)
