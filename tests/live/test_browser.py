"""A real browser (Debian's headless chromium driven by playwright-core) against a live server.

The Node scripts in ``tests/live/js`` do the clicking and print JSON; these tests set the
scene over HTTP (an app, an account), run a script and check what it saw. Every request the
browser made is recorded: the login page and GraphiQL must work with no internet, so no
request may leave 127.0.0.1.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from PIL import Image, ImageStat

from tests.live.conftest import run_node

OOB = "urn:ietf:wg:oauth:2.0:oob"
PASSWORD = "a browser-typed password"
_names = itertools.count(1)


def create_app(base_url: str, scopes: str = "read") -> dict:
    """Register an out-of-band OAuth client over HTTP."""
    answer = requests.post(
        f"{base_url}/api/v1/apps",
        json={"client_name": "Browser live test", "redirect_uris": OOB, "scopes": scopes},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def register(base_url: str, app: dict) -> str:
    """Register a fresh account with an app token (client_credentials); return its name."""
    username = f"web{next(_names)}"
    grant = requests.post(
        f"{base_url}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "scope": "read",
        },
        timeout=30,
    )
    assert grant.status_code == 200, grant.text
    answer = requests.post(
        f"{base_url}/api/v1/accounts",
        headers={"Authorization": f"Bearer {grant.json()['access_token']}"},
        data={
            "username": username,
            "password": PASSWORD,
            "email": f"{username}@live.example",
            "agreement": "true",
        },
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return username


def authorize_path(app: dict, scope: str = "read") -> str:
    """The /oauth/authorize URL (path and query) a client sends the browser to."""
    query = urlencode(
        {
            "client_id": app["client_id"],
            "redirect_uri": OOB,
            "response_type": "code",
            "scope": scope,
        }
    )
    return f"/oauth/authorize?{query}"


def assert_stayed_local(base_url: str, result: dict) -> None:
    """Every request went to the live server itself (or to data:/blob: URLs)."""
    origin = urlsplit(base_url)
    assert result["requests"], "the browser recorded no requests at all"
    offsite = [
        url
        for url in result["requests"]
        if not url.startswith(("data:", "blob:"))
        and (urlsplit(url).scheme, urlsplit(url).hostname, urlsplit(url).port)
        != (origin.scheme, origin.hostname, origin.port)
    ]
    assert offsite == [], f"requests left the machine: {offsite}"
    assert result["failedRequests"] == [], result["failedRequests"]
    assert result["pageErrors"] == [], result["pageErrors"]


def assert_rendered(path: Path, min_size: tuple[int, int] = (400, 300)) -> None:
    """The screenshot is a real picture: big enough and not a single flat colour."""
    assert path.is_file(), f"no screenshot at {path}"
    with Image.open(path) as image:
        assert image.size[0] >= min_size[0] and image.size[1] >= min_size[1], image.size
        spread = ImageStat.Stat(image.convert("L")).stddev[0]
    assert spread > 5, f"the screenshot at {path} looks blank (stddev {spread:.1f})"


@pytest.fixture(scope="module")
def app(base_url: str) -> dict:
    """One out-of-band OAuth client for the module."""
    return create_app(base_url)


def test_oauth_login_form_shows_code_that_exchanges_for_a_token(base_url, app, tmp_path):
    username = register(base_url, app)
    shot = tmp_path / "oauth-code.png"
    result = run_node("oauth_login.mjs", base_url, authorize_path(app), username, PASSWORD,
                      str(shot))

    assert result["formStatus"] == 200
    assert result["submitStatus"] == 200, result["bodyText"]
    code = result["code"]
    assert code, f"no #authorization-code on the page: {result['bodyText']}"
    assert_stayed_local(base_url, result)
    assert_rendered(shot, min_size=(400, 200))
    session = [c for c in result["cookies"] if c["httpOnly"]]
    assert session and all(c["sameSite"] == "Lax" for c in session), result["cookies"]

    exchange = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": OOB,
        "client_id": app["client_id"],
        "client_secret": app["client_secret"],
    }
    answer = requests.post(f"{base_url}/oauth/token", data=exchange, timeout=30)
    assert answer.status_code == 200, answer.text
    token = answer.json()
    assert token["token_type"].lower() == "bearer"
    assert set(token["scope"].split()) == {"read"}
    me = requests.get(
        f"{base_url}/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=30,
    )
    assert me.status_code == 200, me.text
    assert me.json()["username"] == username

    # a code is good for one exchange only
    again = requests.post(f"{base_url}/oauth/token", data=exchange, timeout=30)
    assert 400 <= again.status_code < 500, again.text
    assert again.json()["error"]


def test_oauth_login_form_with_wrong_password_shows_the_form_again(base_url, app):
    username = register(base_url, app)
    result = run_node("oauth_login.mjs", base_url, authorize_path(app), username, "not it", "")

    assert result["code"] is None
    assert 400 <= result["submitStatus"] < 500, result["bodyText"]
    assert "Invalid credentials" in result["bodyText"], result["bodyText"]
    assert not [c for c in result["cookies"] if c["httpOnly"]], result["cookies"]
    assert_stayed_local(base_url, result)


def test_graphiql_runs_viewer_query_offline_with_the_session_cookie(base_url, app, tmp_path):
    username = register(base_url, app)
    shot = tmp_path / "graphiql.png"
    query = "{ viewer { username } }"
    result = run_node("graphiql.mjs", base_url, authorize_path(app), username, PASSWORD, query,
                      str(shot))

    assert result["loginSubmitStatus"] == 200
    assert result["pageStatus"] == 200
    assert result["graphqlStatus"] == 200
    assert result["responseJson"] == {"data": {"viewer": {"username": username}}}
    assert username in (result["paneText"] or ""), result["paneText"]
    assert "viewer" in (result["editorText"] or ""), result["editorText"]
    assert_stayed_local(base_url, result)
    # GraphiQL's own files came from this server, not a CDN
    assert any("/graphiql" in url and url.endswith(".js") for url in result["requests"]), (
        result["requests"]
    )
    assert_rendered(shot)
    print(f"GraphiQL screenshot: {shot}")
