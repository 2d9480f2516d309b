"""Authentication: a request's credentials -> one :class:`~schema.viewer.Viewer`.

Order as in Pleroma: ``access_token`` param, then ``Authorization: Bearer``, then HTTP
Basic, then the session cookie. A credential that does not check out leaves the request
anonymous; a deactivated account is treated as anonymous.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Any

from aiohttp import web

from schema.services import tokens
from schema.viewer import ANONYMOUS, Viewer

_BEARER = re.compile(r"^\s*bearer:?\s+(\S+)\s*$", re.IGNORECASE)


def bearer_from_headers(request: web.Request) -> str | None:
    """The token of the first ``Authorization: Bearer`` header, if any."""
    for value in request.headers.getall("Authorization", []):
        match = _BEARER.match(value)
        if match:
            return match.group(1)
    return None


def viewer_from_token(token: Any, via: str = "token") -> Viewer:
    """The viewer for a live token (anonymous-with-app when its account is inactive)."""
    account = token.account
    if account is not None and not account.is_active:
        return ANONYMOUS
    return Viewer(
        account=account,
        app=token.app,
        token=token,
        scopes=frozenset(token.scopes.split()),
        via=via,
    )


async def resolve_viewer(request: web.Request, params: Any) -> Viewer:
    """Build the viewer of ``request`` (``params`` gives the ``access_token`` param)."""
    raw = None
    if params is not None:
        value = params.get("access_token")
        raw = value if isinstance(value, str) and value else None
    raw = raw or bearer_from_headers(request)
    if raw:
        token = await tokens.find_token(raw)
        if token is not None:
            return viewer_from_token(token)
    return ANONYMOUS


def make_client_ip(trusted_proxies: tuple[str, ...]) -> Callable[[web.Request], str]:
    """A function giving a request's client address.

    ``X-Forwarded-For`` is honoured only when the direct peer is one of ``trusted_proxies``
    (addresses or CIDR networks); then the right-most untrusted address is the client.
    """
    networks = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies]

    def trusted(addr: str) -> bool:
        try:
            ip = ipaddress.ip_address(addr)
        except ValueError:
            return False
        return any(ip in net for net in networks)

    def client_ip(request: web.Request) -> str:
        peer = request.remote or "unknown"
        if not networks or not trusted(peer):
            return peer
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        for hop in reversed(hops):
            if not trusted(hop):
                return hop
        return hops[0] if hops else peer

    return client_ip
