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

from rest_compat.runtime import POLICY
from rest_compat.session import basic_credentials
from schema.errors import FORBIDDEN, DomainError
from schema.instance import InstancePolicy
from schema.services import oauth, sessions, tokens
from schema.viewer import ANONYMOUS, Viewer

#: Methods that change state: a cookie alone must come from our own origin to use them.
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_BEARER = re.compile(r"^\s*bearer:?\s+(\S+)\s*$", re.IGNORECASE)


def bearer_from_headers(request: web.Request) -> str | None:
    """The token of the first ``Authorization: Bearer`` header, if any."""
    for value in request.headers.getall("Authorization", []):
        match = _BEARER.match(value)
        if match:
            return match.group(1)
    return None


def viewer_from_token(
    token: Any,
    via: str = "token",
    policy: InstancePolicy | None = None,
    own_counts: Any = None,
) -> Viewer:
    """The viewer for a live token; anonymous when its account may not log in now
    (deactivated, or awaiting approval / confirmation when ``policy`` requires them).
    ``own_counts`` are the account's counters when they were read with the token."""
    account = token.account
    if account is not None and not account.is_active:
        return ANONYMOUS
    if (
        account is not None
        and policy is not None
        and oauth.account_status(policy, account) != "active"
    ):
        return ANONYMOUS
    return Viewer(
        account=account,
        app=token.app,
        token=token,
        scopes=frozenset(token.scopes.split()),
        via=via,
        own_counts=own_counts,
    )


async def _basic_viewer(request: web.Request) -> Viewer | None:
    """HTTP Basic (nickname or email + password): full power, no scope checks.

    ``None`` when no Basic header is sent; anonymous when its credentials are wrong.
    """
    creds = basic_credentials(request)
    if creds is None:
        return None
    account = await oauth.check_password(*creds)
    policy = request.app[POLICY]
    if account is None or oauth.account_status(policy, account) != "active":
        return ANONYMOUS
    return Viewer(account=account, full_power=True, via="basic")


async def _cookie_viewer(request: web.Request) -> Viewer | None:
    """The session cookie's viewer; ``None`` without a valid session.

    Raises 403 ``Invalid CSRF origin`` for an unsafe request whose Origin (or Referer)
    names another site than this instance.
    """
    policy = request.app[POLICY]
    for name in sessions.ACCEPTED_COOKIE_NAMES:
        value = request.cookies.get(name)
        if not value:
            continue
        token = await sessions.session_token(policy, value)
        if token is None:
            continue
        if request.method in UNSAFE_METHODS and not sessions.same_origin(
            policy, request.headers.get("Origin"), request.headers.get("Referer")
        ):
            raise DomainError(FORBIDDEN, "Invalid CSRF origin")
        return viewer_from_token(token, via="cookie", policy=policy)
    return None


async def resolve_viewer(
    request: web.Request, params: Any, *, with_own_counts: bool = False
) -> Viewer:
    """Build the viewer of ``request`` (``params`` gives the ``access_token`` param).

    Order: ``access_token`` param, ``Authorization: Bearer``, HTTP Basic, session cookie;
    the first credential that checks out wins, one that does not is skipped. With
    ``with_own_counts`` a token's lookup also reads its account's owner counters
    (``Viewer.own_counts``; other credentials leave them ``None``).
    """
    policy = request.app[POLICY]
    raw = None
    if params is not None:
        value = params.get("access_token")
        raw = value if isinstance(value, str) and value else None
    for candidate in (raw, bearer_from_headers(request)):
        if candidate and with_own_counts:
            found = await tokens.find_token_with_own_counts(candidate)
            if found is not None:
                return viewer_from_token(found[0], policy=policy, own_counts=found[1])
        elif candidate:
            token = await tokens.find_token(candidate)
            if token is not None:
                return viewer_from_token(token, policy=policy)
    # On /oauth/* a Basic header carries the client's credentials, not a user's.
    if not request.path.startswith("/oauth/"):
        basic = await _basic_viewer(request)
        if basic is not None and basic.is_authenticated:
            return basic
    cookie = await _cookie_viewer(request)
    if cookie is not None:
        return cookie
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
