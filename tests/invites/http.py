"""Test helpers for the invite and password reset routes: per-test instance settings
(with a real SMTP server when asked), 204 answers, the password grant."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

NOT_ADMIN = "User is not an admin or OAuth admin scope is not granted."
#: Who an admin route refuses, with Pleroma's 403 message: anonymous, a user, a
#: moderator (not an admin) and an admin whose token lacks the admin scopes.
REFUSED_CALLERS = pytest.mark.parametrize(
    ("who", "error"),
    [
        (None, "Invalid credentials."),
        ("alice", NOT_ADMIN),
        ("mod", NOT_ADMIN),
        ("root_noscope", NOT_ADMIN),
    ],
)


async def no_content(aw: Any, method: str, path: str, who: str | None = None, **kw: Any) -> None:
    """Send a request as ``who`` and assert 204 with an empty body (showing the body
    otherwise)."""
    headers = {**aw.headers(who), **kw.pop("headers", {})}
    response = await aw.client.request(method, path, headers=headers, **kw)
    body = await response.read()
    assert (response.status, body) == (204, b""), (response.status, body)


@pytest.fixture
def inbox(smtp_server: Any) -> Any:
    """What the test's SMTP server received (the ``smtp_server`` fixture's inbox)."""
    return smtp_server[0]


def instance(**changes: Any) -> Any:
    """Run the test on an instance with these setting changes (``smtp=True``: mail goes
    to the test's SMTP server); the module's ``settings`` fixture applies them through
    :func:`settings_for`."""
    return pytest.mark.parametrize("settings", [changes], indirect=True, ids=[""])


def settings_for(settings: Any, request: Any, **base: Any) -> Any:
    """``settings`` with ``base`` and the test's :func:`instance` changes applied."""
    changes = {**base, **getattr(request, "param", {})}
    if changes.pop("smtp", False):
        _, port = request.getfixturevalue("smtp_server")
        changes.update(
            smtp_host="127.0.0.1", smtp_port=port, smtp_from="Plenum Test <noreply@plenum.example>"
        )
    return dataclasses.replace(settings, **changes)


async def password_grant(aw: Any, username: str, password: str, expect: int = 200) -> Any:
    """The OAuth password grant for ``username`` through the world's app; the answer."""
    return await aw.call(
        "POST", "/oauth/token", None, expect=expect,
        data={
            "grant_type": "password", "username": username, "password": password,
            "client_id": aw.app.client_id, "client_secret": aw.app.client_secret,
            "scope": "read",
        },
    )
