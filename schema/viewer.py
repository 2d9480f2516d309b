"""Who is asking: the viewer built once per request by ``app.auth``."""

import hmac
from dataclasses import dataclass, field
from typing import Any

from schema.errors import INSUFFICIENT_SCOPE, INVALID_CREDENTIALS, NOT_ADMIN, DomainError


@dataclass(frozen=True)
class Viewer:
    """The authenticated party of a request.

    ``account`` is the account row (or ``None`` when anonymous or app-only). ``scopes`` are
    the token's scopes; ``full_power`` is true for HTTP Basic and session-less CLI use,
    which skip scope checks as Pleroma does. ``via`` says how the viewer was recognised:
    ``anonymous``, ``token``, ``basic`` or ``cookie``. ``own_counts`` holds the account's
    owner counters (``schema.services.own_counts.OwnCounts``) when a route asked for them
    to be read with the token, else ``None``.
    """

    account: Any = None
    app: Any = None
    token: Any = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    full_power: bool = False
    via: str = "anonymous"
    own_counts: Any = None

    @property
    def is_authenticated(self) -> bool:
        """True when an active account is behind the request."""
        return self.account is not None

    @property
    def account_id(self) -> str | None:
        """The viewer's account id, or ``None``."""
        return self.account.id if self.account is not None else None

    @property
    def is_admin(self) -> bool:
        """True for an admin account, or the configured admin token."""
        if self.via == ADMIN_TOKEN:
            return True
        return bool(self.account is not None and self.account.is_admin)

    def has_scope(self, *required: str) -> bool:
        """True when any of ``required`` is granted (a scope grants its ``scope:*`` children)."""
        if self.full_power or not required:
            return True
        return any(scope_granted(self.scopes, r) for r in required)

    def require_account(self) -> Any:
        """Return the account or raise 403 ``Invalid credentials.``."""
        if self.account is None:
            raise DomainError(INVALID_CREDENTIALS)
        return self.account

    def require(self, *required: str) -> Any:
        """Require an account whose token grants any of ``required``; return the account."""
        account = self.require_account()
        if not self.has_scope(*required):
            raise DomainError(
                INSUFFICIENT_SCOPE, f"Insufficient permissions: {' | '.join(required)}."
            )
        return account

    def require_admin(self, *required: str) -> Any:
        """Require an admin whose token grants ``admin:<scope>`` for one of ``required``.

        Returns the admin's account, or ``None`` for the configured admin token. Raises
        403 ``Invalid credentials.`` when anonymous and 403 ``User is not an admin or
        OAuth admin scope is not granted.`` otherwise.
        """
        if self.via == ADMIN_TOKEN:
            return None
        account = self.require_account()
        admin_scopes = tuple(f"admin:{r}" if not r.startswith("admin") else r for r in required)
        if not account.is_admin or not self.has_scope(*admin_scopes):
            raise DomainError(NOT_ADMIN)
        return account


ANONYMOUS = Viewer()

#: ``Viewer.via`` of a request authenticated by the configured admin token.
ADMIN_TOKEN = "admin_token"

#: The viewer of an admin route called with the right ``?admin_token=``.
ADMIN_TOKEN_VIEWER = Viewer(full_power=True, via=ADMIN_TOKEN)


def admin_token_matches(configured: str, supplied: Any) -> bool:
    """True when ``supplied`` equals the configured admin token (constant time); always
    false when none is configured."""
    if not configured or not isinstance(supplied, str) or not supplied:
        return False
    return hmac.compare_digest(configured.encode(), supplied.encode())


def scope_granted(granted: frozenset[str] | set[str], required: str) -> bool:
    """Pleroma's matching: ``write`` grants ``write`` and every ``write:*``."""
    if required in granted:
        return True
    return any(required.startswith(g + ":") for g in granted)
