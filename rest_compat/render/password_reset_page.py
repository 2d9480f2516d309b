"""Server-rendered HTML for the password reset link: the form, and what came of it.

The pages of ``/api/pleroma/password_reset`` keep Pleroma's headings (``Password Reset for
<nickname>``, ``Invalid Token``, ``Password changed!``, ``Password reset failed``) inside the
frame and headers of the login page (:mod:`rest_compat.render.oauth_page`): no scripts,
no external assets, no caching, no referrer (the token is in the page's URL), no framing.
Every interpolated value goes through :func:`html.escape`.
"""

from __future__ import annotations

from html import escape

from rest_compat.render.oauth_page import PAGE_HEADERS, page

__all__ = ["PAGE_HEADERS", "failed", "form", "invalid_token", "success"]


def form(*, instance_name: str, nickname: str, token: str, action: str) -> str:
    """The form choosing a new password for ``nickname``; it posts to ``action``."""
    body = (
        f"<h2>Password Reset for {escape(nickname)}</h2>"
        f'<form method="post" action="{escape(action)}" autocomplete="off">'
        # a hidden username lets password managers file the new password under the account
        f'<input type="hidden" name="username" autocomplete="username" '
        f'value="{escape(nickname)}">'
        '<label for="password">Password</label>'
        '<input type="password" id="password" name="data[password]" required '
        'autocomplete="new-password">'
        '<label for="password_confirmation">Confirmation</label>'
        '<input type="password" id="password_confirmation" '
        'name="data[password_confirmation]" required autocomplete="new-password">'
        f'<input type="hidden" name="data[token]" value="{escape(token)}">'
        '<button type="submit">Reset</button></form>'
    )
    return page("Password reset", instance_name, body)


def _home(home_url: str) -> str:
    return f'<h3><a href="{escape(home_url)}">Homepage</a></h3>'


def invalid_token(*, instance_name: str) -> str:
    """The page for a link that is unknown, used or expired."""
    body = (
        "<h2>Invalid Token</h2>"
        '<p class="error" role="alert">This password reset link is invalid, expired or '
        "already used. Ask for a new one.</p>"
    )
    return page("Invalid token", instance_name, body)


def success(*, instance_name: str, home_url: str) -> str:
    """The page after the password was changed."""
    body = (
        "<h2>Password changed!</h2>"
        "<p>You can now log in with your new password; every app and browser that was "
        "logged in to your account has been logged out.</p>"
        f"{_home(home_url)}"
    )
    return page("Password changed", instance_name, body)


def failed(*, instance_name: str, home_url: str, reason: str) -> str:
    """The page when the new password was refused (``reason`` says why)."""
    body = (
        "<h2>Password reset failed</h2>"
        f'<p class="error" role="alert">{escape(reason)}</p>'
        f"{_home(home_url)}"
    )
    return page("Password reset failed", instance_name, body)
