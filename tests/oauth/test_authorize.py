"""/oauth/authorize (login and consent page) and the authorization_code grant."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from models.oauth import AuthorizationCode
from tests.oauth.conftest import CALLBACK, OOB, PASSWORD, register_app


def form_data(app, redirect_uri=CALLBACK, password=PASSWORD, login="alice", **extra):
    data = {
        "authorization[name]": login,
        "authorization[password]": password,
        "authorization[client_id]": app["client_id"],
        "authorization[redirect_uri]": redirect_uri,
        "authorization[response_type]": "code",
        "authorization[scope]": "read write",
        "authorization[state]": "xyz 123",
    }
    data.update({f"authorization[{k}]": v for k, v in extra.items()})
    return data


async def get_code(client, app, **kwargs):
    resp = await client.post("/oauth/authorize", data=form_data(app, **kwargs),
                             allow_redirects=False)
    assert resp.status == 302, await resp.text()
    query = parse_qs(urlsplit(resp.headers["Location"]).query)
    return query["code"][0]


async def exchange(client, app, code, redirect_uri=CALLBACK, **extra):
    resp = await client.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "code": code,
            "redirect_uri": redirect_uri,
            **extra,
        },
    )
    return resp.status, await resp.json()


async def test_form_shows_app_and_scopes_escaped(client):
    resp = await client.post(
        "/api/v1/apps",
        json={"client_name": "<script>alert(1)</script>", "redirect_uris": OOB,
              "scopes": "read write"},
    )
    app = await resp.json()
    resp = await client.get(
        "/oauth/authorize",
        params={"client_id": app["client_id"], "redirect_uri": OOB, "response_type": "code",
                "scope": "read", "state": '"><b>x'},
    )
    assert resp.status == 200
    assert resp.content_type == "text/html"
    html = await resp.text()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'value="&quot;&gt;&lt;b&gt;x"' in html
    assert 'name="authorization[name]"' in html
    assert 'name="authorization[password]"' in html
    assert "<li>read</li>" in html and "<li>write</li>" not in html
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert "http://" not in html and "https://" not in html  # no external assets


async def test_form_refuses_unknown_client_and_unlisted_redirect(client, oauth_app):
    resp = await client.get("/oauth/authorize", params={"client_id": "nope", "redirect_uri": OOB})
    assert resp.status == 400
    assert "client_id" in (await resp.json())["error"]
    resp = await client.get(
        "/oauth/authorize",
        params={"client_id": oauth_app["client_id"], "redirect_uri": "https://evil.example/"},
    )
    assert resp.status == 400
    assert "redirect_uri" in (await resp.json())["error"]
    resp = await client.post(
        "/oauth/authorize", data=form_data(oauth_app, redirect_uri="https://evil.example/"),
        allow_redirects=False,
    )
    assert resp.status == 400


async def test_wrong_password_rerenders_form_with_401(client, alice, oauth_app):
    resp = await client.post("/oauth/authorize", data=form_data(oauth_app, password="bad"),
                             allow_redirects=False)
    assert resp.status == 401
    html = await resp.text()
    assert "Invalid credentials." in html
    assert 'value="alice"' in html
    assert "Set-Cookie" not in resp.headers


async def test_oob_shows_the_code(client, alice, oauth_app):
    resp = await client.post("/oauth/authorize", data=form_data(oauth_app, redirect_uri=OOB))
    assert resp.status == 200
    html = await resp.text()
    match = re.search(r'id="authorization-code">([^<]+)<', html)
    assert match
    status, body = await exchange(client, oauth_app, match.group(1), redirect_uri=OOB)
    assert status == 200
    assert body["scope"] == "read write"
    assert body["me"] == "https://plenum.example/users/alice"


async def test_redirect_carries_code_and_state_and_sets_session(client, alice, oauth_app):
    resp = await client.post("/oauth/authorize", data=form_data(oauth_app),
                             allow_redirects=False)
    assert resp.status == 302
    location = urlsplit(resp.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    query = parse_qs(location.query)
    assert query["state"] == ["xyz 123"]
    cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith("__Host-pleroma_key=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert "Path=/" in cookie
    status, body = await exchange(client, oauth_app, query["code"][0])
    assert status == 200
    assert body["scope"] == "read write"


async def test_login_by_email_on_form(client, alice, oauth_app):
    code = await get_code(client, oauth_app, login="alice@example.org")
    status, _ = await exchange(client, oauth_app, code)
    assert status == 200


async def test_code_is_one_time(client, alice, oauth_app):
    code = await get_code(client, oauth_app)
    assert (await exchange(client, oauth_app, code))[0] == 200
    assert await exchange(client, oauth_app, code) == (400, {"error": "Invalid credentials"})


async def test_code_needs_matching_redirect_uri_and_app(client, alice, oauth_app):
    code = await get_code(client, oauth_app)
    assert (await exchange(client, oauth_app, code, redirect_uri=OOB))[0] == 400
    other = await register_app(client)
    code = await get_code(client, oauth_app)
    assert (await exchange(client, other, code))[0] == 400
    assert (await exchange(client, oauth_app, "not-a-code"))[0] == 400


async def test_expired_code_is_refused(client, alice, oauth_app):
    code = await get_code(client, oauth_app)
    await AuthorizationCode.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await exchange(client, oauth_app, code) == (400, {"error": "Invalid credentials"})


async def test_scopes_beyond_the_app_are_refused_on_the_form(client, alice):
    app = await register_app(client, scopes="read")
    resp = await client.get(
        "/oauth/authorize",
        params={"client_id": app["client_id"], "redirect_uri": OOB, "scope": "write"},
    )
    assert resp.status == 401
    assert (await resp.json())["error"] == "This action is outside the authorized scopes"


async def test_pkce_s256(client, alice, oauth_app):
    verifier = "v" * 50
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        .rstrip(b"=")
        .decode()
    )
    pkce = {"code_challenge": challenge, "code_challenge_method": "S256"}
    code = await get_code(client, oauth_app, **pkce)
    assert (await exchange(client, oauth_app, code))[0] == 400  # no verifier
    code = await get_code(client, oauth_app, **pkce)
    assert (await exchange(client, oauth_app, code, code_verifier="w" * 50))[0] == 400
    code = await get_code(client, oauth_app, **pkce)
    status, _ = await exchange(client, oauth_app, code, code_verifier=verifier)
    assert status == 200
    resp = await client.get(
        "/oauth/authorize",
        params={"client_id": oauth_app["client_id"], "redirect_uri": OOB,
                "code_challenge": challenge, "code_challenge_method": "plain"},
    )
    assert resp.status == 400


async def test_deactivated_account_cannot_authorize(client, alice, oauth_app):
    from models.accounts import Account

    await Account.filter(id=alice.id).update(is_active=False)
    resp = await client.post("/oauth/authorize", data=form_data(oauth_app),
                             allow_redirects=False)
    assert resp.status == 403
    assert "Your account is currently disabled" in await resp.text()
