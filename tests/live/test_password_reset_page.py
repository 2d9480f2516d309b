"""The password reset page in a real browser (headless Chromium) against a live server.

An admin (the configured admin token) asks for a reset link for a fresh account over HTTP;
the browser opens it, types a new password and submits. The new password then logs in,
the old one does not, and the link is spent. A mismatched confirmation shows the error
page and leaves the link usable.
"""

from __future__ import annotations

import pytest
import requests

from tests.live.conftest import run_node, start_server
from tests.live.test_browser import (
    PASSWORD,
    assert_rendered,
    assert_stayed_local,
    create_app,
    register,
)

ADMIN_TOKEN = "live-admin-token-" + "y" * 24
NEW_PASSWORD = "a password typed after a reset"


@pytest.fixture(scope="module")
def live_server(live_database: str, tmp_path_factory):
    """A live server that accepts ``?admin_token=`` (module-scoped, like the shared one)."""
    root = tmp_path_factory.mktemp("live-reset-server")
    server = start_server(
        live_database, root / "data", root / "server.log", admin_token=ADMIN_TOKEN
    )
    yield server
    server.stop()
    if server.process.returncode != 0:
        pytest.fail(f"the server exited with {server.process.returncode} on SIGTERM")


@pytest.fixture(scope="module")
def app(base_url: str) -> dict:
    return create_app(base_url)


def reset_link(base_url: str, username: str) -> str:
    answer = requests.get(
        f"{base_url}/api/v1/pleroma/admin/users/{username}/password_reset",
        params={"admin_token": ADMIN_TOKEN},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["link"]


def password_grant(base_url: str, app: dict, username: str, password: str) -> requests.Response:
    return requests.post(
        f"{base_url}/oauth/token",
        data={
            "grant_type": "password",
            "username": username,
            "password": password,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "scope": "read",
        },
        timeout=30,
    )


def test_a_reset_link_sets_a_new_password_in_the_browser(base_url, app, tmp_path):
    username = register(base_url, app)
    link = reset_link(base_url, username)
    assert link.startswith(f"{base_url}/api/pleroma/password_reset/")
    shot = tmp_path / "password-reset.png"
    result = run_node("password_reset.mjs", link, NEW_PASSWORD, NEW_PASSWORD, str(shot))

    assert result["formStatus"] == 200
    assert result["heading"] == f"Password Reset for {username}"
    assert result["submitStatus"] == 200, result["bodyText"]
    assert "Password changed!" in result["bodyText"], result["bodyText"]
    assert_stayed_local(base_url, result)
    assert_rendered(shot, min_size=(400, 200))

    assert password_grant(base_url, app, username, NEW_PASSWORD).status_code == 200
    assert password_grant(base_url, app, username, PASSWORD).status_code == 400
    spent = requests.get(link, timeout=30)
    assert spent.status_code == 404 and "Invalid Token" in spent.text


def test_a_mismatched_confirmation_shows_the_error_and_keeps_the_link(base_url, app):
    username = register(base_url, app)
    link = reset_link(base_url, username)
    result = run_node("password_reset.mjs", link, NEW_PASSWORD, "something else", "")

    assert result["submitStatus"] == 422, result["bodyText"]
    assert "Password reset failed" in result["bodyText"]
    assert "Password does not match confirmation." in result["bodyText"]
    assert_stayed_local(base_url, result)
    assert password_grant(base_url, app, username, PASSWORD).status_code == 200
    assert requests.get(link, timeout=30).status_code == 200
