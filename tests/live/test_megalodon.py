"""megalodon (npm), a real client library used by fediverse apps, against a live server.

megalodon picks its dialect from ``/.well-known/nodeinfo``; Plenum must be detected as
Pleroma so that clients built on it use the Pleroma code paths.
"""

from __future__ import annotations

import requests

from tests.live.conftest import INSTANCE_NAME, run_node

PASSWORD = "megalodon test password"


def account_token(base_url: str, username: str) -> str:
    """Create an app and an account over HTTP; return a user token (password grant)."""
    app = requests.post(
        f"{base_url}/api/v1/apps",
        json={"client_name": "megalodon setup", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
              "scopes": "read write follow"},
        timeout=30,
    ).json()
    keys = {"client_id": app["client_id"], "client_secret": app["client_secret"]}
    app_token = requests.post(
        f"{base_url}/oauth/token",
        data={**keys, "grant_type": "client_credentials", "scope": "read write follow"},
        timeout=30,
    ).json()["access_token"]
    registered = requests.post(
        f"{base_url}/api/v1/accounts",
        headers={"Authorization": f"Bearer {app_token}"},
        json={"username": username, "password": PASSWORD, "agreement": True,
              "email": f"{username}@live.example"},
        timeout=30,
    )
    assert registered.status_code == 200, registered.text
    grant = requests.post(
        f"{base_url}/oauth/token",
        data={**keys, "grant_type": "password", "username": username, "password": PASSWORD,
              "scope": "read"},
        timeout=30,
    )
    assert grant.status_code == 200, grant.text
    return grant.json()["access_token"]


def test_megalodon_detects_pleroma_and_reads_the_account(base_url):
    token = account_token(base_url, "megauser")
    result = run_node("megalodon.mjs", base_url, token)

    assert result["sns"] == "pleroma"
    assert result["app"]["clientId"] and result["app"]["clientSecret"]
    # megalodon builds the authorize URL itself, from the base URL
    assert result["app"]["url"].startswith(f"{base_url}/oauth/authorize?")
    # ... and the server accepts it: the login form for megalodon's app
    page = requests.get(result["app"]["url"], timeout=30)
    assert page.status_code == 200, page.text
    assert 'name="authorization[password]"' in page.text
    assert "megalodon live test" in page.text
    assert result["instance"]["title"] == INSTANCE_NAME
    assert result["instance"]["uri"]
    assert "Pleroma" in result["instance"]["version"]
    assert result["me"]["username"] == "megauser"
    assert result["me"]["acct"] == "megauser"
    assert result["anonymousError"]["status"] == 403
    assert result["anonymousError"]["body"] == {"error": "Invalid credentials."}
