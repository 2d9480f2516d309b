"""Rate limits spent by actions themselves, so REST and GraphQL share one budget.

An action that Pleroma limits and GraphQL offers too (registering, creating an app,
posting, deleting, favouriting, reblogging, following) calls :func:`throttle` for each
budget it spends, at its start (after the scope check where it has one): a GraphQL client
cannot get round a limit a REST client meets. Routes without a GraphQL twin (the OAuth
login) keep their limit in the route table. The budgets are Pleroma's
(``app.ratelimit.DEFAULT_BUCKETS``); ``scope`` narrows a budget to one thing, as
Pleroma's ``params: [:id]`` does (``status_id_action`` counts per status, for example).
The limiter is the app-wide one in ``ctx.extras["rate_limiter"]``; without one (rate
limits turned off) nothing is counted.
"""

from __future__ import annotations

from typing import Any


async def throttle(ctx: Any, bucket: str, scope: str | None = None) -> None:
    """Count one attempt against ``bucket`` (and ``scope`` within it); 429 ``Throttled``
    when the caller is over budget. Not idempotent: every call counts."""
    limiter = ctx.extras.get("rate_limiter")
    if limiter is not None:
        await limiter.check(bucket, ctx, scope)


async def status_action(ctx: Any, group: str, status_id: str) -> None:
    """The budgets a favourite or reblog (or their undoing) spends: ``statuses_actions``
    and, per status and ``group`` (``fav_unfav`` or ``reblog_unreblog``),
    ``status_id_action``."""
    await throttle(ctx, "statuses_actions")
    await throttle(ctx, "status_id_action", f"{group}:{status_id}")


async def relation_action(ctx: Any, target_id: str) -> None:
    """The budgets a follow or unfollow spends: ``relations_actions`` and, per target,
    ``relation_id_action``."""
    await throttle(ctx, "relations_actions")
    await throttle(ctx, "relation_id_action", target_id)
