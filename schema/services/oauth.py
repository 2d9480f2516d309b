"""The OAuth2 server: client authentication, grants, authorization codes, revocation.

Grants at ``/oauth/token``: ``password``, ``authorization_code`` (one-time codes valid
for 10 minutes, PKCE S256 honoured), ``client_credentials`` (app-only token) and
``refresh_token``. Errors carry Pleroma's bodies: a bad client, bad password, bad code or
bad refresh token is 400 ``{"error": "Invalid credentials"}``; an account that may not log
in is 403 with an ``identifier``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from models.accounts import Account
from models.oauth import App, AuthorizationCode, Token
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, FORBIDDEN, UNAUTHORIZED, DomainError
from schema.instance import InstancePolicy
from schema.services import accounts, sessions, tokens
from schema.services.apps import OOB_REDIRECT_URI, find_by_client_id, split_redirect_uris
from schema.services.passwords import hash_password, needs_rehash, verify_password
from schema.viewer import scope_granted

CODE_LIFETIME_SECONDS = 600
GRANT_TYPES = ("authorization_code", "password", "client_credentials", "refresh_token")
SUPPORTED_SCOPES = (
    "read", "write", "follow", "push", "admin",
    "read:accounts", "read:blocks", "read:bookmarks", "read:favourites", "read:filters",
    "read:follows", "read:lists", "read:mutes", "read:notifications", "read:search",
    "read:statuses", "read:chats", "read:reports", "read:backups",
    "write:accounts", "write:blocks", "write:bookmarks", "write:conversations",
    "write:favourites", "write:filters", "write:follow", "write:follows", "write:lists",
    "write:media", "write:mutes", "write:notifications", "write:reports", "write:statuses",
    "write:chats",
    "admin:read", "admin:write",
)  # fmt: skip

INVALID_CREDENTIALS_MESSAGE = "Invalid credentials"
OUTSIDE_SCOPES_MESSAGE = "This action is outside the authorized scopes"


def _invalid() -> DomainError:
    """Pleroma's catch-all token-endpoint refusal: 400 ``Invalid credentials``."""
    return DomainError(BAD_REQUEST, INVALID_CREDENTIALS_MESSAGE)


# --- accounts: passwords and whether they may log in -----------------------------------

_DUMMY_HASH: str | None = None


async def check_password(login: str | None, password: str | None) -> Account | None:
    """The local account whose nickname or email is ``login`` and whose password matches.

    A good password on a legacy (pbkdf2) or outdated hash is rehashed with argon2. Unknown
    logins still cost one hash verification, so timing does not reveal which names exist.
    Does not look at the account's status (see :func:`ensure_can_log_in`).
    """
    global _DUMMY_HASH
    if not login or not password or len(login) > 320 or len(password) > 4096:
        return None
    account = await accounts.find_by_login(login)
    if account is None or not account.local or not account.password_hash:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password(secrets.token_hex(8))
        verify_password(password, _DUMMY_HASH)
        return None
    if not verify_password(password, account.password_hash):
        return None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        await account.save(update_fields=["password_hash"])
    return account


def account_status(policy: InstancePolicy, account: Account) -> str:
    """``active``, ``deactivated``, ``password_reset_pending``, ``approval_pending`` or
    ``confirmation_pending`` (Pleroma's order). Anything but ``active`` may not log in, and
    its tokens, sessions and HTTP Basic credentials count as anonymous (``app.auth``)."""
    if not account.is_active:
        return "deactivated"
    if account.password_reset_pending:
        return "password_reset_pending"
    if account.local and not account.is_approved:
        return "approval_pending"
    if account.local and not account.is_confirmed and policy.account_activation_required:
        return "confirmation_pending"
    return "active"


_STATUS_ERRORS = {
    "deactivated": ("Your account is currently disabled", "account_is_disabled"),
    "password_reset_pending": ("Password reset is required", "password_reset_required"),
    "approval_pending": ("Your account is awaiting approval.", "awaiting_approval"),
    "confirmation_pending": (
        "Your login is missing a confirmed e-mail address",
        "missing_confirmed_email",
    ),
}


def ensure_can_log_in(policy: InstancePolicy, account: Account) -> None:
    """Raise 403 ``{"error", "identifier"}`` when ``account`` may not log in now."""
    status = account_status(policy, account)
    if status == "active":
        return
    message, identifier = _STATUS_ERRORS[status]
    raise DomainError(
        FORBIDDEN,
        message,
        body={"error": message, "identifier": identifier},
        extra={"identifier": identifier},
    )


# --- clients and scopes ------------------------------------------------------------------


async def authenticate_client(client_id: str | None, client_secret: str | None) -> App:
    """The app with these credentials; 400 ``Invalid credentials`` otherwise."""
    app = await find_by_client_id(client_id)
    if app is None or not client_secret or not isinstance(client_secret, str):
        raise _invalid()
    if not hmac.compare_digest(app.client_secret.encode(), client_secret.encode()):
        raise _invalid()
    return app


def select_scopes(requested: Any, app_scopes: str, *, status: int = 400) -> list[str]:
    """The scopes to grant: ``requested`` (default: all of the app's), each of which must be
    one of the app's scopes or a narrower one (``write`` allows ``write:statuses``).

    Raises ``This action is outside the authorized scopes`` (``status``) otherwise.
    """
    if requested is not None and not isinstance(requested, str | list):
        raise DomainError(BAD_REQUEST, "scope: expected a string", field="scope")
    allowed = frozenset(tokens.parse_scopes(app_scopes))
    chosen = tokens.parse_scopes(requested, default=app_scopes)
    if not chosen or not all(scope_granted(allowed, s) for s in chosen):
        raise DomainError(
            UNAUTHORIZED if status == 401 else BAD_REQUEST, OUTSIDE_SCOPES_MESSAGE, status=status
        )
    return chosen


# --- the token endpoint ----------------------------------------------------------------


async def _issue(policy: InstancePolicy, account: Account | None, app: App, scopes: list[str]):
    return await tokens.issue_token(
        account, app, scopes, lifetime_seconds=policy.access_token_lifetime
    )


async def password_grant(
    ctx: RequestContext, app: App, *, username: str | None, password: str | None, scope: Any
) -> tokens.IssuedToken:
    """A user token for ``username`` (nickname or email) and ``password`` through ``app``."""
    account = await check_password(username, password)
    if account is None:
        raise _invalid()
    ensure_can_log_in(ctx.policy, account)
    scopes = select_scopes(scope, app.scopes)
    return await _issue(ctx.policy, account, app, scopes)


def _pkce_ok(challenge: str, method: str | None, verifier: str | None) -> bool:
    if not verifier or not 43 <= len(verifier) <= 128:
        return False
    if (method or "S256") != "S256":
        return False
    computed = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return hmac.compare_digest(computed.rstrip(b"=").decode(), challenge)


async def authorization_code_grant(
    ctx: RequestContext,
    app: App,
    *,
    code: str | None,
    redirect_uri: str | None,
    code_verifier: str | None = None,
) -> tokens.IssuedToken:
    """Redeem a code from ``/oauth/authorize`` for a user token.

    The code is one-time (a second use fails even if the first failed a later check), valid
    for ten minutes, bound to ``app`` and to the ``redirect_uri`` it was issued for, and to
    the PKCE ``code_verifier`` when a challenge was sent.
    """
    if not code or not isinstance(code, str) or len(code) > 256:
        raise _invalid()
    row = (
        await AuthorizationCode.filter(code=tokens.digest(code), app_id=app.id)
        .select_related("account")
        .first()
    )
    if row is None:
        raise _invalid()
    claimed = await AuthorizationCode.filter(id=row.id, used=False).update(used=True)
    if not claimed:
        raise _invalid()
    if row.expires_at < datetime.now(UTC):
        raise _invalid()
    if redirect_uri != row.redirect_uri:
        raise _invalid()
    if row.code_challenge and not _pkce_ok(
        row.code_challenge, row.code_challenge_method, code_verifier
    ):
        raise _invalid()
    ensure_can_log_in(ctx.policy, row.account)
    return await _issue(ctx.policy, row.account, app, row.scopes.split())


async def client_credentials_grant(
    ctx: RequestContext, app: App, *, scope: Any = None
) -> tokens.IssuedToken:
    """An app-only token (no account), e.g. for registering accounts."""
    scopes = select_scopes(scope, app.scopes)
    return await _issue(ctx.policy, None, app, scopes)


async def refresh_token_grant(
    ctx: RequestContext, app: App, *, refresh_token: str | None
) -> tokens.IssuedToken:
    """Swap a refresh token of ``app`` for a new token (same account and scopes).

    The old token is revoked, so each refresh token works once.
    """
    if not refresh_token or not isinstance(refresh_token, str) or len(refresh_token) > 512:
        raise _invalid()
    old = (
        await Token.filter(refresh_hash=tokens.digest(refresh_token), app_id=app.id, revoked=False)
        .select_related("account")
        .first()
    )
    if old is None:
        raise _invalid()
    claimed = await Token.filter(id=old.id, revoked=False).update(revoked=True)
    if not claimed:
        raise _invalid()
    if old.account is not None:
        ensure_can_log_in(ctx.policy, old.account)
    return await _issue(ctx.policy, old.account, app, old.scopes.split())


async def token_exchange(
    ctx: RequestContext,
    *,
    grant_type: str | None,
    client_id: str | None,
    client_secret: str | None,
    fields: dict[str, Any],
) -> tokens.IssuedToken:
    """Run the ``/oauth/token`` grant named by ``grant_type`` for the authenticated client.

    ``fields`` holds the grant's parameters (``username``/``name``, ``password``,
    ``scope``/``scopes``, ``code``, ``redirect_uri``, ``code_verifier``, ``refresh_token``).
    Raises 400 ``Unsupported grant_type`` / ``Missing field: grant_type.`` for bad grants.
    """
    if not grant_type:
        raise DomainError(BAD_REQUEST, "Missing field: grant_type.", field="grant_type")
    if grant_type not in GRANT_TYPES:
        raise DomainError(BAD_REQUEST, "Unsupported grant_type", field="grant_type")
    scope = fields.get("scope") or fields.get("scopes")
    app = await authenticate_client(client_id, client_secret)
    if grant_type == "password":
        return await password_grant(
            ctx,
            app,
            username=fields.get("username") or fields.get("name"),
            password=fields.get("password"),
            scope=scope,
        )
    if grant_type == "authorization_code":
        return await authorization_code_grant(
            ctx,
            app,
            code=fields.get("code"),
            redirect_uri=fields.get("redirect_uri"),
            code_verifier=fields.get("code_verifier"),
        )
    if grant_type == "client_credentials":
        return await client_credentials_grant(ctx, app, scope=scope)
    return await refresh_token_grant(ctx, app, refresh_token=fields.get("refresh_token"))


async def revoke_token(
    ctx: RequestContext, *, client_id: str | None, client_secret: str | None, token: str | None
) -> Token | None:
    """Revoke ``token`` (an access or refresh token) if it belongs to the client; idempotent.

    Per RFC 7009 an unknown token or one of another client is not an error: nothing happens
    and ``None`` is returned. A bad client is 400 ``Invalid credentials``; a missing token
    400 ``Missing field: token.``.
    """
    if not token or not isinstance(token, str):
        raise DomainError(BAD_REQUEST, "Missing field: token.", field="token")
    app = await authenticate_client(client_id, client_secret)
    if len(token) > 512:
        return None
    hashed = tokens.digest(token)
    row = await Token.filter(token_hash=hashed, app_id=app.id).first()
    if row is None:
        row = await Token.filter(refresh_hash=hashed, app_id=app.id).first()
    if row is None:
        return None
    await tokens.revoke(row)
    return row


async def sign_out(ctx: RequestContext) -> bool:
    """End the browser session behind the request: revoke its token; idempotent.

    Only a cookie session is ended (a bearer token is revoked through ``/oauth/revoke``).
    Returns True when a session was ended.
    """
    viewer = ctx.viewer
    if viewer.via != "cookie" or viewer.token is None:
        return False
    await tokens.revoke(viewer.token)
    return True


# --- the authorization endpoint ----------------------------------------------------------


@dataclass(frozen=True)
class AuthorizationRequest:
    """A checked ``/oauth/authorize`` request: the app, where to send the code, what scopes."""

    app: App
    redirect_uri: str
    scopes: list[str]
    state: str | None
    code_challenge: str | None
    code_challenge_method: str | None

    @property
    def is_oob(self) -> bool:
        """True when the code is shown on a page rather than redirected."""
        return self.redirect_uri == OOB_REDIRECT_URI


@dataclass(frozen=True)
class GrantedAuthorization:
    """What a successful login on the authorize form produced."""

    code: str
    account: Account
    redirect_to: str | None
    session_cookie: str


async def prepare_authorization(
    ctx: RequestContext,
    *,
    client_id: str | None,
    redirect_uri: str | None,
    response_type: str | None,
    scope: Any,
    state: str | None,
    code_challenge: str | None = None,
    code_challenge_method: str | None = None,
) -> AuthorizationRequest:
    """Check an authorization request before any login is asked for.

    Errors (400): unknown ``client_id``, a ``redirect_uri`` not registered for the app
    (omitted: the app's only one), a ``response_type`` other than ``code``, an unsupported
    PKCE method; 401 ``This action is outside the authorized scopes`` for scopes beyond the
    app's.
    """
    app = await find_by_client_id(client_id)
    if app is None:
        raise DomainError(BAD_REQUEST, "Unknown client_id: no app is registered with it",
                          field="client_id")
    registered = split_redirect_uris(app.redirect_uris)
    if not redirect_uri and len(registered) == 1:
        redirect_uri = registered[0]
    if not redirect_uri or redirect_uri not in registered:
        raise DomainError(BAD_REQUEST, "Unlisted redirect_uri: it is not registered for this app",
                          field="redirect_uri")
    if (response_type or "code") != "code":
        raise DomainError(BAD_REQUEST, "Unsupported response_type: only 'code' is supported",
                          field="response_type")
    if code_challenge:
        if (code_challenge_method or "") != "S256":
            raise DomainError(BAD_REQUEST, "Unsupported code_challenge_method: use S256",
                              field="code_challenge_method")
        if not 43 <= len(code_challenge) <= 128:
            raise DomainError(BAD_REQUEST, "Invalid code_challenge", field="code_challenge")
    scopes = select_scopes(scope, app.scopes, status=401)
    return AuthorizationRequest(
        app=app,
        redirect_uri=redirect_uri,
        scopes=scopes,
        state=state or None,
        code_challenge=code_challenge or None,
        code_challenge_method="S256" if code_challenge else None,
    )


def _with_params(uri: str, extra: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in query if k not in extra] + list(extra.items())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


async def grant_authorization(
    ctx: RequestContext, request: AuthorizationRequest, *, login: str | None,
    password: str | None,
) -> GrantedAuthorization:
    """Log the user in on the authorize form and issue a one-time code (and a session).

    Errors: 401 ``Invalid credentials.`` for a bad login or password; 403 with Pleroma's
    message when the account may not log in.
    """
    account = await check_password(login, password)
    if account is None:
        raise DomainError(UNAUTHORIZED, "Invalid credentials.")
    ensure_can_log_in(ctx.policy, account)
    code = secrets.token_urlsafe(32)
    await AuthorizationCode.create(
        code=tokens.digest(code),
        app=request.app,
        account=account,
        scopes=" ".join(request.scopes),
        redirect_uri=request.redirect_uri,
        code_challenge=request.code_challenge,
        code_challenge_method=request.code_challenge_method,
        expires_at=datetime.now(UTC) + timedelta(seconds=CODE_LIFETIME_SECONDS),
    )
    cookie = await sessions.start_session(ctx.policy, account, request.app, request.scopes)
    redirect_to = None
    if not request.is_oob:
        params = {"code": code}
        if request.state is not None:
            params["state"] = request.state
        redirect_to = _with_params(request.redirect_uri, params)
    return GrantedAuthorization(
        code=code, account=account, redirect_to=redirect_to, session_cookie=cookie
    )


def server_metadata(policy: InstancePolicy) -> dict[str, Any]:
    """The RFC 8414 authorization server metadata document."""
    return {
        "issuer": policy.public_url,
        "authorization_endpoint": policy.url("/oauth/authorize"),
        "token_endpoint": policy.url("/oauth/token"),
        "revocation_endpoint": policy.url("/oauth/revoke"),
        "app_registration_endpoint": policy.url("/api/v1/apps"),
        "scopes_supported": list(SUPPORTED_SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": list(GRANT_TYPES),
        "token_endpoint_auth_methods_supported": [
            "client_secret_basic",
            "client_secret_post",
        ],
        "revocation_endpoint_auth_methods_supported": [
            "client_secret_basic",
            "client_secret_post",
        ],
        "code_challenge_methods_supported": ["S256"],
    }
