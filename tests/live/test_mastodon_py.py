"""Mastodon.py, a real client library, against a running server over TCP.

One server for the module; each test registers its own account so that the tests do not
depend on their order.
"""

from __future__ import annotations

import itertools
import warnings

import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import MastodonIllegalArgumentError

from tests.live.conftest import INSTANCE_NAME

SCOPES = ["read", "write", "follow"]
PASSWORD = "correct horse battery staple"
_names = itertools.count(1)


@pytest.fixture(scope="module")
def app_keys(base_url: str) -> tuple[str, str]:
    """An OAuth client registered through Mastodon.create_app (POST /api/v1/apps)."""
    client_id, client_secret = Mastodon.create_app(
        "Mastodon.py live test", scopes=SCOPES, api_base_url=base_url, request_timeout=30
    )
    assert client_id and client_secret
    return client_id, client_secret


def new_client(base_url: str, app_keys: tuple[str, str], **kwargs) -> Mastodon:
    """A Mastodon.py client for the app; ``version_check_mode='created'`` reads the version."""
    client_id, client_secret = app_keys
    return Mastodon(
        client_id=client_id,
        client_secret=client_secret,
        api_base_url=base_url,
        version_check_mode="created",
        request_timeout=30,
        ratelimit_method="throw",
        **kwargs,
    )


def register(base_url: str, app_keys: tuple[str, str]) -> tuple[str, str]:
    """Register a fresh account with create_account; return (username, its token)."""
    username = f"mpy{next(_names)}"
    api = new_client(base_url, app_keys)
    token = api.create_account(
        username, PASSWORD, f"{username}@live.example", agreement=True, scopes=SCOPES
    )
    assert token, "create_account returned no token (registration should log in at once)"
    return username, token


def test_version_is_detected_as_pleroma_compatible(base_url, app_keys):
    """Mastodon.py reads /api/v1/instance/ and parses the version up to the first space."""
    with warnings.catch_warnings():
        # Mastodon.py warns when it sees >= 4.3.0 without api_versions: we claim 2.7.2
        warnings.simplefilter("error", UserWarning)
        api = new_client(base_url, app_keys)
        version = api.retrieve_mastodon_version(fail_hard=True)
    raw = requests.get(f"{base_url}/api/v1/instance/", timeout=30).json()["version"]
    assert raw.split(" ")[0] == version
    assert "Pleroma" in raw, raw
    assert (api.mastodon_major, api.mastodon_minor) >= (2, 7)
    assert api.verify_minimum_version("2.7.0", cached=True)


def test_instance_has_title_and_version(base_url, app_keys):
    api = new_client(base_url, app_keys)
    info = api.instance()
    assert info["title"] == INSTANCE_NAME
    assert info["version"].startswith(api.retrieve_mastodon_version(fail_hard=True) + " ")
    assert info["uri"]


def test_register_then_verify_credentials(base_url, app_keys):
    username, token = register(base_url, app_keys)
    api = Mastodon(access_token=token, api_base_url=base_url, request_timeout=30)
    me = api.account_verify_credentials()
    assert me["username"] == username
    assert me["acct"] == username
    assert me["source"] is not None


def test_password_login(base_url, app_keys):
    username, _ = register(base_url, app_keys)
    api = new_client(base_url, app_keys)
    token = api.log_in(username, PASSWORD, scopes=SCOPES, allow_http=True)
    assert token
    assert api.account_verify_credentials()["username"] == username
    # the token works for a second, independent client too
    again = Mastodon(access_token=token, api_base_url=base_url, request_timeout=30)
    assert again.account_verify_credentials()["username"] == username


def test_wrong_password_raises(base_url, app_keys):
    username, _ = register(base_url, app_keys)
    api = new_client(base_url, app_keys)
    with pytest.raises(MastodonIllegalArgumentError):
        api.log_in(username, PASSWORD + "!", scopes=SCOPES, allow_http=True)
    assert api.access_token is None
    # on the wire: a 4xx with a JSON error, never a 500
    client_id, client_secret = app_keys
    answer = requests.post(
        f"{base_url}/oauth/token",
        data={
            "grant_type": "password",
            "username": username,
            "password": "wrong",
            "client_id": client_id,
            "client_secret": client_secret,
            "scope": " ".join(SCOPES),
        },
        timeout=30,
    )
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.json()["error"]


def test_unknown_account_cannot_log_in(base_url, app_keys):
    api = new_client(base_url, app_keys)
    with pytest.raises(MastodonIllegalArgumentError):
        api.log_in("nobody-here", PASSWORD, scopes=SCOPES, allow_http=True)


def test_search_v2_finds_accounts_statuses_and_hashtags(base_url, app_keys):
    """Mastodon.py's search_v2 (GET /api/v2/search, resolve=1) as the author and anonymous:
    the private status only for its author, hashtags as objects."""
    username, token = register(base_url, app_keys)
    author = new_client(base_url, app_keys, access_token=token)
    public = author.status_post(f"Findable words by {username}")
    private = author.status_post(f"findable secret by {username}", visibility="private")
    found = author.search_v2(f"findable {username}")
    assert [s["id"] for s in found["statuses"]] == [private["id"], public["id"]]
    assert [a["acct"] for a in found["accounts"]] == []  # the whole query is no name prefix
    joined = "Findable" + username.capitalize()
    assert [t["name"] for t in found["hashtags"]] == ["findable", username, joined]
    assert found["hashtags"][0]["url"] == f"{base_url}/tag/findable"
    anonymous = new_client(base_url, app_keys)
    seen = anonymous.search_v2(f"findable {username}", result_type="statuses")
    assert [s["id"] for s in seen["statuses"]] == [public["id"]]
    assert (seen["accounts"], seen["hashtags"]) == ([], [])
    people = anonymous.search_v2(username, result_type="accounts")
    assert people["accounts"][0]["acct"] == username  # the exact match comes first
    assert people["accounts"][0]["id"] == author.account_verify_credentials()["id"]
