"""Renderers for OAuth clients (Mastodon ``Application``) and token responses."""

from __future__ import annotations

from typing import Any


def app(row: Any, *, vapid_key: str | None = None) -> dict[str, Any]:
    """The app as ``POST /api/v1/apps`` answers it, secret included (only its owner sees it).

    ``redirect_uri`` is the registered URIs joined by newlines (Mastodon 4.3 adds the
    ``redirect_uris`` list and ``scopes``).
    """
    uris = row.redirect_uris.split()
    return {
        "id": row.id,
        "name": row.name,
        "website": row.website,
        "redirect_uri": "\n".join(uris),
        "redirect_uris": uris,
        "scopes": row.scopes.split(),
        "client_id": row.client_id,
        "client_secret": row.client_secret,
        "vapid_key": vapid_key,
    }


def app_public(row: Any, *, vapid_key: str | None = None) -> dict[str, Any]:
    """The app as ``GET /api/v1/apps/verify_credentials`` answers it: no credentials."""
    return {"name": row.name, "website": row.website, "vapid_key": vapid_key}


def token(issued: Any) -> dict[str, Any]:
    """The ``/oauth/token`` answer for a freshly issued token.

    ``me`` (the account's URI) is present for user tokens only; ``expires_in`` counts
    seconds from now; ``refresh_token`` may be ``None``.
    """
    row = issued.token
    body: dict[str, Any] = {
        "id": row.id,
        "token_type": "Bearer",
        "access_token": issued.access_token,
        "refresh_token": issued.refresh_token,
        "scope": row.scopes,
        "created_at": int(row.created_at.timestamp()),
        "expires_in": (
            max(0, int((row.valid_until - row.created_at).total_seconds()))
            if row.valid_until is not None
            else None
        ),
    }
    if row.account is not None:
        body["me"] = row.account.uri
    return body


def admin_app(row: Any) -> dict[str, Any]:
    """The app as Pleroma's admin API shows it: :func:`app` (credentials included, as
    Pleroma's admin view has them) and ``trusted``. Admin routes only."""
    return {**app(row), "trusted": bool(row.trusted)}


def admin_app_page(page: Any) -> dict[str, Any]:
    """``{"apps": [...], "count": N, "page_size": N}`` for an admin
    :class:`~schema.services.admin_apps.AppPage`."""
    return {
        "apps": [admin_app(row) for row in page.apps],
        "count": page.count,
        "page_size": page.page_size,
    }
