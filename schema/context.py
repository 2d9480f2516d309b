"""The per-request context both projections hand to services."""

from dataclasses import dataclass, field
from typing import Any

from schema.instance import InstancePolicy
from schema.viewer import ANONYMOUS, Viewer


@dataclass
class RequestContext:
    """What a service may know about the request: the policy, the viewer, the caches.

    ``loaders`` holds per-request DataLoaders (made lazily by ``schema.loaders``);
    ``remote_ip`` is the client address as trusted by the app (for rate limits and logs);
    ``mailer`` sends mail (``None`` when mail is off); ``services`` holds app-wide
    collaborators (rate limiter, clock) keyed by name.
    """

    policy: InstancePolicy
    viewer: Viewer = ANONYMOUS
    remote_ip: str = "127.0.0.1"
    mailer: Any = None
    extras: dict[str, Any] = field(default_factory=dict)
    loaders: dict[str, Any] = field(default_factory=dict)
