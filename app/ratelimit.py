"""Rate limits per route bucket, with Pleroma's default budgets (moving windows in memory).

A route names its bucket in ``rest_compat.routes`` (``rate_limit="authentication"``); the
dispatcher calls :meth:`RateLimiter.check` before the handler. Actions that GraphQL offers
too spend their budgets in the service instead (:mod:`schema.services.throttle`), so both
interfaces share them. Requests are counted per account when authenticated, else per
client address (``ctx.remote_ip``, which honours ``X-Forwarded-For`` only from trusted
proxies); a ``scope`` (one status, one target) gets its own budget within a bucket. Over
budget: 429 ``{"error": "Throttled"}``.

State lives in this process (``limits.aio`` MemoryStorage), so limits apply per worker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from schema.context import RequestContext
from schema.errors import THROTTLED, DomainError

log = logging.getLogger("plenum.ratelimit")


@dataclass(frozen=True)
class Bucket:
    """A budget: ``anonymous`` per address, ``authenticated`` per account (default: same)."""

    anonymous: RateLimitItem
    authenticated: RateLimitItem | None = None

    def item_for(self, authenticated: bool) -> RateLimitItem:
        """The budget that applies to this kind of caller."""
        if authenticated and self.authenticated is not None:
            return self.authenticated
        return self.anonymous


def per_seconds(amount: int, seconds: int) -> RateLimitItem:
    """``amount`` requests per ``seconds`` seconds."""
    return RateLimitItemPerSecond(amount, seconds)


def per_minutes(amount: int, minutes: int) -> RateLimitItem:
    """``amount`` requests per ``minutes`` minutes."""
    return RateLimitItemPerMinute(amount, minutes)


#: Pleroma's defaults (``config :pleroma, :rate_limit``), plus ``app_create``.
DEFAULT_BUCKETS: dict[str, Bucket] = {
    # login form and password grant: 15 per minute per address
    "authentication": Bucket(per_minutes(15, 1)),
    # account registration through the API: 25 per 30 minutes per address
    "app_account_creation": Bucket(per_minutes(25, 30)),
    # OAuth client registration (not limited by Pleroma): 30 per 5 minutes
    "app_create": Bucket(per_minutes(30, 5)),
    # search: 10 per second anonymous, 30 per second signed in
    "search": Bucket(per_seconds(10, 1), per_seconds(30, 1)),
    # timelines: Pleroma allows 3 per 500 ms; windows here are whole seconds
    "timeline": Bucket(per_seconds(6, 1)),
    "relations_actions": Bucket(per_seconds(10, 10)),
    "relation_id_action": Bucket(per_minutes(2, 1)),
    "statuses_actions": Bucket(per_seconds(15, 10)),
    "status_id_action": Bucket(per_minutes(3, 1)),
    "password_reset": Bucket(per_minutes(5, 30)),
    # confirmation mails: 5 per 8,640 s
    "account_confirmation_resend": Bucket(per_seconds(5, 8640)),
    "ap_routes": Bucket(per_minutes(15, 1)),
}


class RateLimiter:
    """Counts requests per bucket and caller; the dispatcher's ``extras["rate_limiter"]``."""

    def __init__(self, buckets: dict[str, Bucket] | None = None) -> None:
        self.buckets = dict(DEFAULT_BUCKETS if buckets is None else buckets)
        self._strategy = MovingWindowRateLimiter(MemoryStorage())
        self._warned: set[str] = set()

    async def hit(self, bucket: str, ctx: RequestContext, scope: str | None = None) -> bool:
        """Count one request; ``False`` when the caller is over the bucket's budget.

        ``scope`` gives each value its own budget within the bucket (one status, one
        target account). An unknown bucket is not limited (and logged once).
        """
        spec = self.buckets.get(bucket)
        if spec is None:
            if bucket not in self._warned:
                self._warned.add(bucket)
                log.warning("rate limit bucket %r is not configured; not limiting", bucket)
            return True
        account_id = ctx.viewer.account_id
        if account_id is not None:
            kind, key = "account", account_id
        else:
            kind, key = "ip", ctx.remote_ip
        keys = (bucket, kind, key) if scope is None else (bucket, kind, key, scope)
        return await self._strategy.hit(spec.item_for(account_id is not None), *keys)

    async def check(self, bucket: str, ctx: RequestContext, scope: str | None = None) -> None:
        """Count one request; raise 429 ``Throttled`` when over budget."""
        if not await self.hit(bucket, ctx, scope):
            raise DomainError(THROTTLED, "Throttled")
