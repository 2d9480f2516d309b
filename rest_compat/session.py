"""Session cookie and HTTP client-authentication helpers for the OAuth handlers."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote_plus

from aiohttp import web

from rest_compat.params import Params
from schema.instance import InstancePolicy
from schema.services import sessions


def set_session_cookie(response: web.StreamResponse, policy: InstancePolicy, value: str) -> None:
    """Set the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure on https."""
    response.set_cookie(
        sessions.cookie_name(policy),
        value,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=sessions.is_secure(policy),
        max_age=policy.access_token_lifetime,
    )


def clear_session_cookies(response: web.StreamResponse, policy: InstancePolicy) -> None:
    """Expire every session cookie name we accept (``__Host-`` ones need Secure to be replaced;
    the others are expired with the same attributes they were set with)."""
    secure = sessions.is_secure(policy)
    for name in sessions.ACCEPTED_COOKIE_NAMES:
        response.del_cookie(
            name,
            path="/",
            secure=True if name.startswith("__Host-") else secure,
            httponly=True,
            samesite="Lax",
        )


def basic_credentials(request: web.Request) -> tuple[str, str] | None:
    """``(user, password)`` from an ``Authorization: Basic`` header, or ``None``.

    Split at the first colon; undecodable headers give ``None``.
    """
    for value in request.headers.getall("Authorization", []):
        scheme, _, encoded = value.strip().partition(" ")
        if scheme.lower() != "basic" or not encoded:
            continue
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        user, sep, password = decoded.partition(":")
        return (user, password) if sep else None
    return None


def client_credentials(request: web.Request, params: Params) -> tuple[str | None, str | None]:
    """The OAuth client's ``(client_id, client_secret)``: HTTP Basic first, then the body.

    Basic credentials are form-urlencoded first (RFC 6749 section 2.3.1).
    """
    basic = basic_credentials(request)
    if basic is not None:
        return unquote_plus(basic[0]), unquote_plus(basic[1])
    return params.str("client_id"), params.str("client_secret")
