"""What every mutation shares: the rate limit buckets REST uses for the same action."""

from __future__ import annotations

from schema.services.throttle import throttle

__all__ = ["throttle"]
