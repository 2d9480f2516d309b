"""What every mutation shares: the rate limit buckets REST uses for the same action."""

from __future__ import annotations

from typing import Any


async def throttle(ctx: Any, bucket: str) -> None:
    """Count one attempt against ``bucket`` (shared with REST); raise 429 ``Throttled``.

    The limiter is the app-wide one in ``ctx.extras["rate_limiter"]``; without one (rate
    limits off) nothing is counted.
    """
    limiter = ctx.extras.get("rate_limiter")
    if limiter is not None:
        await limiter.check(bucket, ctx)
