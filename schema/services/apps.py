"""OAuth clients ("apps"): registration and the app behind a request.

``POST /api/v1/apps`` and the GraphQL ``appCreate`` mutation both call :func:`create_app`;
``GET /api/v1/apps/verify_credentials`` and ``viewerApp`` call :func:`current_app`.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from models.oauth import App
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, INVALID_CREDENTIALS, VALIDATION, DomainError
from schema.services.throttle import throttle
from schema.services.tokens import parse_scopes

#: The redirect URI that asks for the code to be shown on a page instead of redirected.
OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"

MAX_NAME_LENGTH = 255
MAX_WEBSITE_LENGTH = 2048
MAX_REDIRECT_URIS_LENGTH = 8192
MAX_SCOPES_LENGTH = 1024

#: A scope word: ``read``, ``write:statuses``, ``admin:read:accounts``...
_SCOPE = re.compile(r"^[a-z][a-z_-]*(:[a-z][a-z_-]*)*$")
#: An absolute URI: a scheme, a colon, and something after it.
_ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def split_redirect_uris(raw: str) -> list[str]:
    """The registered redirect URIs of an app (space or newline separated)."""
    return raw.split()


def _clean_redirect_uris(raw: Any) -> str:
    if isinstance(raw, list | tuple):
        raw = " ".join(str(x) for x in raw)
    text = (raw or "").strip() if isinstance(raw, str) else ""
    if not text:
        raise DomainError(BAD_REQUEST, "Missing field: redirect_uris.", field="redirect_uris")
    if len(text) > MAX_REDIRECT_URIS_LENGTH:
        raise DomainError(VALIDATION, "redirect_uris: too long", field="redirect_uris")
    uris = split_redirect_uris(text)
    for uri in uris:
        if uri == OOB_REDIRECT_URI:
            continue
        if not _ABSOLUTE_URI.match(uri) or "#" in uri:
            raise DomainError(
                VALIDATION,
                f"redirect_uris: {uri!r} must be an absolute URI without a fragment",
                field="redirect_uris",
            )
    return "\n".join(uris)


def _clean_scopes(raw: Any) -> str:
    if raw is not None and not isinstance(raw, str | list | tuple):
        raise DomainError(VALIDATION, "scopes: expected a string or a list", field="scopes")
    if isinstance(raw, tuple):
        raw = list(raw)
    scopes = parse_scopes(raw if raw not in (None, "", []) else None, default="read")
    for scope in scopes:
        if not _SCOPE.match(scope):
            raise DomainError(VALIDATION, f"scopes: invalid scope {scope!r}", field="scopes")
    text = " ".join(scopes)
    if len(text) > MAX_SCOPES_LENGTH:
        raise DomainError(VALIDATION, "scopes: too long", field="scopes")
    return text


def _clean_name(raw: Any, field: str) -> str:
    name = raw.strip() if isinstance(raw, str) else ""
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError(VALIDATION, f"{field}: at most {MAX_NAME_LENGTH} characters", field=field)
    return name


def _clean_website(raw: Any) -> str | None:
    site = raw.strip() if isinstance(raw, str) else None
    if site and len(site) > MAX_WEBSITE_LENGTH:
        raise DomainError(
            VALIDATION, f"website: at most {MAX_WEBSITE_LENGTH} characters", field="website"
        )
    return site or None


def app_fields(
    *, name: Any, redirect_uris: Any, scopes: Any, website: Any, name_field: str = "client_name"
) -> dict[str, Any]:
    """The stored columns (``name``, ``redirect_uris``, ``scopes``, ``website``) of a new
    app made from what a client sent: the one set of rules for every way to register one.

    ``scopes`` is a space/comma separated string or a list (default ``read``). Errors: 400
    ``Missing field: <name_field>.`` and/or ``Missing field: redirect_uris.`` (both named
    when both are missing, as Pleroma's validation does); 422 for a redirect URI that is
    not absolute (or has a fragment), a malformed scope or an over-long field.
    """
    clean_name = _clean_name(name, name_field)
    uris = redirect_uris
    if isinstance(uris, list | tuple):
        uris = " ".join(str(u) for u in uris)
    given = {name_field: bool(clean_name), "redirect_uris": isinstance(uris, str) and uris.strip()}
    missing = [f for f, present in given.items() if not present]
    if missing:
        message = " ".join(f"Missing field: {f}." for f in missing)
        raise DomainError(BAD_REQUEST, message, field=missing[0])
    return {
        "name": clean_name,
        "redirect_uris": _clean_redirect_uris(redirect_uris),
        "scopes": _clean_scopes(scopes),
        "website": _clean_website(website),
    }


def app_changes(
    *, name: Any = None, redirect_uris: Any = None, scopes: Any = None, website: Any = None
) -> dict[str, Any]:
    """The columns to change on an existing app, checked by the rules of
    :func:`app_fields`; ``None`` leaves a field alone, an empty ``website`` clears it.

    Errors as :func:`app_fields`, and 422 ``name: can't be blank`` for a blank name.
    """
    changes: dict[str, Any] = {}
    if name is not None:
        clean_name = _clean_name(name, "name")
        if not clean_name:
            raise DomainError(VALIDATION, "name: can't be blank", field="name")
        changes["name"] = clean_name
    if redirect_uris is not None:
        changes["redirect_uris"] = _clean_redirect_uris(redirect_uris)
    if scopes is not None:
        changes["scopes"] = _clean_scopes(scopes)
    if website is not None:
        changes["website"] = _clean_website(website)
    return changes


def new_credentials() -> dict[str, str]:
    """A fresh ``client_id`` and ``client_secret`` for a new app."""
    return {"client_id": secrets.token_urlsafe(32), "client_secret": secrets.token_urlsafe(32)}


async def create_app(
    ctx: RequestContext,
    *,
    client_name: str,
    redirect_uris: str,
    scopes: Any,
    website: str | None,
) -> App:
    """Register a new OAuth client and return it (with its fresh ``client_secret``).

    The fields follow :func:`app_fields`. The viewer, when signed in, becomes the app's
    owner. Not idempotent: each call makes a new client.

    Errors: those of :func:`app_fields` (400 ``Missing field: client_name.`` /
    ``Missing field: redirect_uris.``, 422 for bad values); 429 ``Throttled`` over the
    ``app_create`` budget.
    """
    await throttle(ctx, "app_create")
    fields = app_fields(
        name=client_name, redirect_uris=redirect_uris, scopes=scopes, website=website
    )
    return await App.create(**new_credentials(), **fields, owner=ctx.viewer.account)


async def current_app(ctx: RequestContext) -> App:
    """The app whose token authenticated the request.

    Raises 403 ``Invalid credentials`` when the request carries no app-bound token (anonymous,
    HTTP Basic).
    """
    app = ctx.viewer.app
    if app is None:
        raise DomainError(INVALID_CREDENTIALS, "Invalid credentials")
    return app


async def find_by_client_id(client_id: str | None) -> App | None:
    """The app with ``client_id``, or ``None`` (also for a missing or absurd id)."""
    if not client_id or not isinstance(client_id, str) or len(client_id) > 64:
        return None
    return await App.filter(client_id=client_id).first()
