"""Typed aiohttp application keys: what the composition root hands the REST layer."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from schema.instance import InstancePolicy
from schema.viewer import Viewer

#: The immutable instance policy.
POLICY = web.AppKey("policy", InstancePolicy)
#: ``async (request, params) -> Viewer``: how a request is authenticated (``app.auth``).
VIEWER_RESOLVER = web.AppKey("viewer_resolver", Callable[..., Awaitable[Viewer]])
#: ``(request) -> str``: the client address, honouring trusted proxies only.
CLIENT_IP = web.AppKey("client_ip", Callable[[web.Request], str])
#: App-wide collaborators the services need (mailer, rate limiter, ...), by name.
EXTRAS = web.AppKey("extras", dict[str, Any])
