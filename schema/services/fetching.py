"""Outgoing HTTP fetches to other servers, with a guard against private addresses.

Every fetch this instance makes for an admin goes through :func:`fetch`: ``http`` and
``https`` only, no credentials in the URL, a cap on the response size, timeouts, at most
:data:`MAX_REDIRECTS` redirects, each checked again like the first URL.

The guard: unless the instance policy's ``allow_private_network_fetch`` is true, a URL
whose host is, or resolves to, a loopback, private, link-local, multicast, reserved,
unspecified or otherwise non-global address (IPv4, IPv6, and IPv4 inside IPv6) is refused
before any connection is made. Literal addresses are refused here, before the transport
is called at all; host names are checked by the transport's resolver, so the address that
is checked is the one connected to (no DNS-rebinding gap).

The transport (``ctx.extras["fetcher"]``, see :class:`Transport`; the app's is aiohttp's
client in ``app.fetcher``) makes one request and follows no redirect. Errors are
:class:`~schema.errors.DomainError`: ``FORBIDDEN`` for a refused URL or address,
``REMOTE_ERROR`` (500, as Pleroma answers failed remote calls) for network failures, time
outs, oversized bodies and unusable answers. Messages and logs name URLs without their
user-info part; no header is ever logged.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

from schema.context import RequestContext
from schema.errors import FORBIDDEN, REMOTE_ERROR, UNAVAILABLE, DomainError
from schema.instance import InstancePolicy

#: Seconds to connect, and for the whole of one request.
CONNECT_TIMEOUT = 10.0
TOTAL_TIMEOUT = 60.0
#: Largest JSON document read (nodeinfo, pack lists).
MAX_JSON_BYTES = 4 * 1024 * 1024
#: Largest archive read (emoji pack zips).
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024
MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)


class PrivateAddressError(Exception):
    """A transport's resolver found a non-public address for ``host``."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(host, address)
        self.host = host
        self.address = address


class TransportError(Exception):
    """The request failed (connection, timeout, size cap); ``str()`` says why, no secrets."""


@dataclass(frozen=True)
class Response:
    """What a transport hands back for one request (redirects are not followed)."""

    status: int
    content_type: str = ""
    location: str | None = None
    body: bytes = b""


class Transport(Protocol):
    """Makes one GET; never follows redirects.

    With ``allow_private`` false it must refuse (``PrivateAddressError``) a host name that
    resolves to an address :func:`is_public_address` rejects, before connecting. A body
    over ``max_bytes`` raises ``TransportError`` (it is not read to the end).
    """

    async def get(
        self, url: str, *, accept: str, max_bytes: int, allow_private: bool
    ) -> Response: ...


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def is_public_address(address: str) -> bool:
    """True when ``address`` (an IP literal) is a global unicast address.

    Loopback, private, link-local, multicast, reserved, unspecified, shared (CGNAT),
    documentation and site-local addresses are not; an IPv4-mapped or 6to4 IPv6 address
    is judged by the IPv4 address inside it. Not an address at all: false.
    """
    ip = _ip(address)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is not None:
            return is_public_address(str(inner))
        if ip.is_site_local:
            return False
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def redacted(url: str) -> str:
    """``url`` without its user-info (``user:password@``), for messages and logs."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    except ValueError:
        return "<invalid URL>"


def refused(url: str, host: str, address: str) -> DomainError:
    """The error for a fetch the guard refuses."""
    return DomainError(
        FORBIDDEN,
        f"Refusing to fetch {redacted(url)}: {host} is a private or reserved address "
        f"({address}); set PLENUM_ALLOW_PRIVATE_NETWORK_FETCH=true to allow it",
        field="url",
    )


def check_url(policy: InstancePolicy, url: str) -> str:
    """``url`` if it may be fetched; ``FORBIDDEN`` otherwise (nothing is sent).

    Needs scheme ``http``/``https``, a host and no user-info; a literal host address must
    be public unless ``allow_private_network_fetch``. Host names are checked when the
    transport resolves them.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a bad port
    except (ValueError, TypeError, AttributeError):
        raise DomainError(FORBIDDEN, "Invalid URL", field="url") from None
    if parts.scheme not in ("http", "https") or not host:
        raise DomainError(
            FORBIDDEN, f"Only http and https URLs can be fetched: {redacted(url)}", field="url"
        )
    if "@" in parts.netloc:
        raise DomainError(FORBIDDEN, "URLs with credentials are not fetched", field="url")
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise DomainError(FORBIDDEN, "Invalid URL", field="url")
    literal = _ip(host) is not None
    if not policy.allow_private_network_fetch and literal and not is_public_address(host):
        raise refused(url, host, host)
    return url


@dataclass(frozen=True)
class Fetched:
    """A final (non-redirect) answer: its URL, status, content type and body."""

    url: str
    status: int
    content_type: str
    body: bytes = field(repr=False)

    def json(self) -> Any:
        """The body as JSON; ``REMOTE_ERROR`` when it is not JSON."""
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise DomainError(
                REMOTE_ERROR, f"{redacted(self.url)} did not answer with JSON"
            ) from None

    def error_text(self) -> str | None:
        """The remote's ``{"error": ...}`` message, when it sent one."""
        try:
            data = json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            return None
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            return data["error"]
        return None


def transport(ctx: RequestContext) -> Transport:
    """The app's transport; 503 when the app has none."""
    found = ctx.extras.get("fetcher")
    if found is None:
        raise DomainError(UNAVAILABLE, "Fetching from other servers is not available")
    return found


async def fetch(
    ctx: RequestContext,
    url: str,
    *,
    max_bytes: int = MAX_JSON_BYTES,
    accept: str = "application/json",
) -> Fetched:
    """GET ``url``, following redirects (each hop checked); the final answer, any status.

    ``FORBIDDEN`` for a refused URL or address (no connection made); ``REMOTE_ERROR`` for
    network failures, time outs, too many redirects and bodies over ``max_bytes``.
    """
    policy = ctx.policy
    allow_private = policy.allow_private_network_fetch
    current = check_url(policy, url)
    client = transport(ctx)
    for _ in range(MAX_REDIRECTS + 1):
        try:
            response = await client.get(
                current, accept=accept, max_bytes=max_bytes, allow_private=allow_private
            )
        except PrivateAddressError as err:
            raise refused(current, err.host, err.address) from None
        except TransportError as err:
            raise DomainError(
                REMOTE_ERROR, f"Failed to fetch {redacted(current)}: {err}"
            ) from None
        if response.status in REDIRECTS:
            if not response.location:
                raise DomainError(REMOTE_ERROR, f"{redacted(current)} redirected nowhere")
            current = check_url(policy, urljoin(current, response.location))
            continue
        return Fetched(current, response.status, response.content_type, response.body)
    raise DomainError(REMOTE_ERROR, f"Too many redirects fetching {redacted(url)}")


async def fetch_ok(ctx: RequestContext, url: str, **kw: Any) -> Fetched:
    """:func:`fetch`, and ``REMOTE_ERROR`` unless the answer is a 2xx.

    The message is the remote's ``{"error": ...}`` text when it sent one.
    """
    fetched = await fetch(ctx, url, **kw)
    if not 200 <= fetched.status < 300:
        raise DomainError(
            REMOTE_ERROR,
            fetched.error_text() or f"{redacted(fetched.url)} answered {fetched.status}",
        )
    return fetched
