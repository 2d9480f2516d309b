"""Access tokens: issue, look up, revoke. Only SHA-256 digests are stored.

This is the one place that turns a token string into a viewer's account, app and scopes.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from models.accounts import Account
from models.oauth import App, Token
from schema.services import own_counts
from schema.services.own_counts import OwnCounts
from schema.services.prepared import STR, Prepared

#: Scopes Pleroma knows; ``read``, ``write``, ``follow``, ``push`` and ``admin`` are the tops.
TOP_SCOPES = ("read", "write", "follow", "push", "admin")


def digest(raw: str) -> str:
    """The stored form of a token string."""
    return hashlib.sha256(raw.encode()).hexdigest()


def parse_scopes(raw: str | list[str] | None, default: str = "read") -> list[str]:
    """Split a space- or comma-separated scope string (or list) into unique scopes, in order."""
    if raw is None or raw == "" or raw == []:
        raw = default
    items = raw if isinstance(raw, list) else raw.replace(",", " ").split()
    seen: list[str] = []
    for item in items:
        item = str(item).strip()
        if item and item not in seen:
            seen.append(item)
    return seen


@dataclass(frozen=True)
class IssuedToken:
    """A freshly issued token: the raw strings are only ever seen here."""

    token: Token
    access_token: str
    refresh_token: str | None


async def issue_token(
    account: Account | None,
    app: App | None,
    scopes: list[str],
    *,
    lifetime_seconds: int | None = None,
    with_refresh: bool = True,
) -> IssuedToken:
    """Create and store a token for ``account`` (``None``: app-only) through ``app``.

    Admin scopes are dropped for non-admin accounts, as Pleroma does.
    """
    if account is not None and not account.is_admin:
        scopes = [s for s in scopes if s != "admin" and not s.startswith("admin:")]
    access = secrets.token_urlsafe(32)
    refresh = secrets.token_urlsafe(32) if with_refresh else None
    valid_until = (
        datetime.now(UTC) + timedelta(seconds=lifetime_seconds) if lifetime_seconds else None
    )
    token = await Token.create(
        token_hash=digest(access),
        refresh_hash=digest(refresh) if refresh else None,
        app=app,
        account=account,
        scopes=" ".join(scopes),
        valid_until=valid_until,
    )
    return IssuedToken(token, access, refresh)


def _live_token_query(token_hash: str):
    """The unrevoked token with this digest, joined with its account and app."""
    query = Token.filter(token_hash=token_hash, revoked=False)
    return query.select_related("account", "app").first()


_live_token = Prepared(Token, _live_token_query, token_hash=STR)


async def find_token(raw: str) -> Token | None:
    """The live token for ``raw`` with its account and app loaded, or ``None``.

    Unknown, revoked and expired tokens are ``None``: the request is then anonymous.
    One query (the token joined with its account and app).
    """
    if not raw or len(raw) > 512:
        return None
    return _unexpired(await _live_token(token_hash=digest(raw)))


async def find_token_with_own_counts(raw: str) -> tuple[Token, OwnCounts | None] | None:
    """:func:`find_token`, plus its account's owner counters read in the same statement
    (``None`` for an app-only token): what ``verify_credentials`` answers with, for the
    price of the lookup alone."""
    if not raw or len(raw) > 512:
        return None
    found = await _live_token.first_with(
        own_counts.counts_columns("q.account_id"), token_hash=digest(raw)
    )
    if found is None or _unexpired(found[0]) is None:
        return None
    token, row = found
    return token, own_counts.from_row(row) if token.account_id is not None else None


def _unexpired(token: Token | None) -> Token | None:
    if token is None:
        return None
    if token.valid_until is not None and token.valid_until < datetime.now(UTC):
        return None
    return token


async def revoke(token: Token) -> None:
    """Mark ``token`` revoked; idempotent."""
    if not token.revoked:
        token.revoked = True
        await token.save(update_fields=["revoked"])
