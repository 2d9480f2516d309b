"""Browser sessions: a signed cookie naming an OAuth token, so a session is revocable.

The cookie value is ``<token id>.<HMAC-SHA256 of the id under the instance secret key>``.
The token row holds the account, the app and the scopes; revoking the token ends the
session. The cookie is HttpOnly, SameSite=Lax, Path=/, and ``__Host-`` prefixed (Secure)
when the public URL is https.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import urlsplit

from models.accounts import Account
from models.ids import looks_like_id
from models.oauth import App, Token
from schema.instance import InstancePolicy
from schema.services import tokens

SECURE_COOKIE_NAME = "__Host-pleroma_key"
PLAIN_COOKIE_NAME = "pleroma_key"
#: Every name a session cookie is accepted under (the first present wins).
ACCEPTED_COOKIE_NAMES = (SECURE_COOKIE_NAME, PLAIN_COOKIE_NAME, "_pleroma_key")


def is_secure(policy: InstancePolicy) -> bool:
    """True when the instance is served over https (the cookie is then Secure)."""
    return policy.public_url.lower().startswith("https://")


def cookie_name(policy: InstancePolicy) -> str:
    """The name new session cookies are set under."""
    return SECURE_COOKIE_NAME if is_secure(policy) else PLAIN_COOKIE_NAME


def _mac(policy: InstancePolicy, token_id: str) -> str:
    if not policy.secret_key:
        raise RuntimeError("sessions need a secret key")
    return hmac.new(
        policy.secret_key.encode(), f"session:{token_id}".encode(), hashlib.sha256
    ).hexdigest()


def sign(policy: InstancePolicy, token_id: str) -> str:
    """The cookie value for the session token ``token_id``."""
    return f"{token_id}.{_mac(policy, token_id)}"


def unsign(policy: InstancePolicy, value: str | None) -> str | None:
    """The token id inside a cookie value, or ``None`` when it is not ours (never raises)."""
    if not value or not policy.secret_key or len(value) > 200:
        return None
    token_id, _, mac = value.partition(".")
    if not looks_like_id(token_id) or not mac:
        return None
    if not hmac.compare_digest(mac, _mac(policy, token_id)):
        return None
    return token_id


async def start_session(
    policy: InstancePolicy, account: Account, app: App | None, scopes: list[str]
) -> str:
    """Create a session token for ``account`` and return the cookie value naming it."""
    issued = await tokens.issue_token(
        account, app, scopes, lifetime_seconds=policy.access_token_lifetime, with_refresh=False
    )
    return sign(policy, issued.token.id)


async def session_token(policy: InstancePolicy, value: str | None) -> Token | None:
    """The live token a cookie value names (account and app loaded), or ``None``."""
    token_id = unsign(policy, value)
    if token_id is None:
        return None
    token = (
        await Token.filter(id=token_id, revoked=False).select_related("account", "app").first()
    )
    if token is None:
        return None
    if token.valid_until is not None and token.valid_until < datetime.now(UTC):
        return None
    return token


def _origin_of(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme)
    return scheme, parts.hostname.lower(), port if port is not None else default


def same_origin(policy: InstancePolicy, origin: str | None, referer: str | None) -> bool:
    """The CSRF rule for cookie-authenticated unsafe requests.

    True when the ``Origin`` header (else the ``Referer``) names this instance's public URL,
    or when neither header is sent (non-browser clients). ``Origin: null`` is foreign.
    """
    claimed = origin if origin is not None else referer
    if claimed is None or claimed == "":
        return origin is None
    ours = _origin_of(policy.public_url)
    theirs = _origin_of(claimed)
    return ours is not None and ours == theirs
