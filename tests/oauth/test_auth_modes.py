"""The four ways to authenticate, scope matching, CSRF on the session cookie."""

from __future__ import annotations

import dataclasses

import pytest
import pytest_asyncio

from app.main import create_app
from models.accounts import Account
from models.oauth import Token
from rest_compat.dispatch import make_view
from rest_compat.routes import AUTH_USER, Route
from schema.services import sessions
from schema.services.accounts import create_local_account
from tests.oauth.conftest import CALLBACK, PASSWORD, basic, password_token, register_app

READ_ROUTE = Route("GET", "/test/read-accounts", "unused", "Test.read",
                   auth=AUTH_USER, scopes=("read:accounts",))
WRITE_ROUTE = Route("POST", "/test/write-statuses", "unused", "Test.write",
                    auth=AUTH_USER, scopes=("write:statuses",))


async def whoami_handler(request, ctx, params):
    return {"id": ctx.viewer.account_id, "via": ctx.viewer.via}


def build(settings):
    """The real app plus two test-only routes guarded by scopes."""
    app = create_app(settings)
    app.router.add_route("GET", READ_ROUTE.path, make_view(READ_ROUTE, whoami_handler))
    app.router.add_route("POST", WRITE_ROUTE.path, make_view(WRITE_ROUTE, whoami_handler))
    return app


@pytest_asyncio.fixture
async def tclient(aiohttp_client, settings):
    return await aiohttp_client(build(settings))


@pytest_asyncio.fixture
async def user(tclient, policy):
    return await create_local_account(
        policy, nickname="alice", email="alice@example.org", password=PASSWORD
    )


@pytest_asyncio.fixture
async def app_json(tclient):
    return await register_app(tclient)


async def read(client, **kwargs):
    resp = await client.get(READ_ROUTE.path, **kwargs)
    return resp.status, await resp.json()


async def test_bearer_header_and_access_token_param(tclient, user, app_json):
    _, tok = await password_token(tclient, app_json, scope="read")
    expected = (200, {"id": user.id, "via": "token"})
    raw = tok["access_token"]
    assert await read(tclient, headers={"Authorization": f"Bearer {raw}"}) == expected
    assert await read(tclient, headers={"Authorization": f"bearer: {raw}"}) == expected
    assert await read(tclient, params={"access_token": tok["access_token"]}) == expected
    resp = await tclient.post(WRITE_ROUTE.path, data={"access_token": tok["access_token"]})
    assert resp.status == 403  # the param authenticates; the scope is missing


async def test_unknown_token_is_anonymous(tclient, user):
    status, body = await read(tclient, headers={"Authorization": "Bearer nope"})
    assert (status, body) == (403, {"error": "Invalid credentials."})


async def test_scope_matching(tclient, user, app_json):
    _, tok = await password_token(tclient, app_json, scope="write")
    headers = {"Authorization": f"Bearer {tok['access_token']}"}
    resp = await tclient.post(WRITE_ROUTE.path, headers=headers)
    assert resp.status == 200  # write grants write:statuses
    assert await read(tclient, headers=headers) == (
        403, {"error": "Insufficient permissions: read:accounts."}
    )
    _, narrow = await password_token(tclient, app_json, scope="read:statuses")
    status, _ = await read(tclient, headers={"Authorization": f"Bearer {narrow['access_token']}"})
    assert status == 403


async def test_basic_auth_with_nickname_and_email_has_full_power(tclient, user):
    for login in ("alice", "alice@example.org"):
        auth = basic(login, PASSWORD)
        assert await read(tclient, headers=auth) == (200, {"id": user.id, "via": "basic"})
        resp = await tclient.post(WRITE_ROUTE.path, headers=auth)
        assert resp.status == 200


async def test_bad_basic_is_anonymous(tclient, user):
    status, _ = await read(tclient, headers=basic("alice", "wrong"))
    assert status == 403
    status, _ = await read(tclient, headers={"Authorization": "Basic !!!notbase64"})
    assert status == 403


async def test_token_param_wins_over_basic(tclient, user, policy, app_json):
    bob = await create_local_account(policy, nickname="bob", email="bob@example.org",
                                     password=PASSWORD)
    _, tok = await password_token(tclient, app_json, username="bob", scope="read")
    status, body = await read(
        tclient, params={"access_token": tok["access_token"]},
        headers=basic("alice", PASSWORD),
    )
    assert (status, body["id"]) == (200, bob.id)


async def test_deactivated_user_is_anonymous(tclient, user, app_json):
    _, tok = await password_token(tclient, app_json, scope="read")
    await Account.filter(id=user.id).update(is_active=False)
    status, _ = await read(tclient, headers={"Authorization": f"Bearer {tok['access_token']}"})
    assert status == 403
    status, _ = await read(tclient, headers=basic("alice", PASSWORD))
    assert status == 403


async def login_cookie(client, app_json, scope="read write"):
    resp = await client.post(
        "/oauth/authorize",
        data={
            "authorization[name]": "alice",
            "authorization[password]": PASSWORD,
            "authorization[client_id]": app_json["client_id"],
            "authorization[redirect_uri]": CALLBACK,
            "authorization[scope]": scope,
        },
        allow_redirects=False,
    )
    assert resp.status == 302
    morsel = next(iter(resp.cookies.values()))
    return morsel.key, morsel.value


async def test_session_cookie_authenticates(tclient, user, app_json):
    name, value = await login_cookie(tclient, app_json, scope="read")
    assert name == "__Host-pleroma_key"
    headers = {"Cookie": f"{name}={value}"}
    assert await read(tclient, headers=headers) == (200, {"id": user.id, "via": "cookie"})
    # the historic names are accepted too
    for other in ("pleroma_key", "_pleroma_key"):
        status, _ = await read(tclient, headers={"Cookie": f"{other}={value}"})
        assert status == 200
    # a tampered value is anonymous
    status, _ = await read(tclient, headers={"Cookie": f"{name}={value[:-2]}00"})
    assert status == 403


async def test_cookie_csrf_origin_rule(tclient, user, app_json):
    name, value = await login_cookie(tclient, app_json)
    cookie = {"Cookie": f"{name}={value}"}
    resp = await tclient.post(WRITE_ROUTE.path, headers={**cookie, "Origin": "https://evil.example"})
    assert resp.status == 403
    assert await resp.json() == {"error": "Invalid CSRF origin"}
    resp = await tclient.post(
        WRITE_ROUTE.path, headers={**cookie, "Referer": "https://evil.example/page"}
    )
    assert resp.status == 403
    resp = await tclient.post(WRITE_ROUTE.path, headers={**cookie, "Origin": "null"})
    assert resp.status == 403
    resp = await tclient.post(
        WRITE_ROUTE.path, headers={**cookie, "Origin": "https://plenum.example"}
    )
    assert (resp.status, (await resp.json())["via"]) == (200, "cookie")
    resp = await tclient.post(
        WRITE_ROUTE.path, headers={**cookie, "Referer": "https://plenum.example:443/web"}
    )
    assert resp.status == 200
    resp = await tclient.post(WRITE_ROUTE.path, headers=cookie)  # non-browser client
    assert resp.status == 200
    # a safe request from another site is fine; a bearer token is not subject to the rule
    status, _ = await read(tclient, headers={**cookie, "Origin": "https://evil.example"})
    assert status == 200


async def test_revoking_the_session_token_ends_the_session(tclient, user, app_json):
    name, value = await login_cookie(tclient, app_json)
    token_id = value.split(".")[0]
    await Token.filter(id=token_id).update(revoked=True)
    status, _ = await read(tclient, headers={"Cookie": f"{name}={value}"})
    assert status == 403


async def test_plain_http_instance_uses_pleroma_key(aiohttp_client, settings, policy):
    client = await aiohttp_client(
        build(dataclasses.replace(settings, public_url="http://plenum.test"))
    )
    await create_local_account(
        settings.policy(), nickname="alice", email="alice@example.org", password=PASSWORD
    )
    app_json = await register_app(client)
    resp = await client.post(
        "/oauth/authorize",
        data={"authorization[name]": "alice", "authorization[password]": PASSWORD,
              "authorization[client_id]": app_json["client_id"],
              "authorization[redirect_uri]": CALLBACK},
        allow_redirects=False,
    )
    cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith("pleroma_key=")
    assert "Secure" not in cookie


@pytest.mark.parametrize(
    ("origin", "referer", "ok"),
    [
        (None, None, True),
        ("https://plenum.example", None, True),
        ("https://plenum.example:443", None, True),
        ("http://plenum.example", None, False),
        ("https://plenum.example.evil", None, False),
        ("null", None, False),
        (None, "https://plenum.example/x?y", True),
        (None, "https://evil.example/", False),
        ("https://evil.example", "https://plenum.example/", False),
    ],
)
def test_same_origin_rule(policy, origin, referer, ok):
    assert sessions.same_origin(policy, origin, referer) is ok


def test_session_signature(policy):
    value = sessions.sign(policy, "0" * 18)
    assert sessions.unsign(policy, value) == "0" * 18
    other = dataclasses.replace(policy, secret_key="another")
    assert sessions.unsign(other, value) is None
    assert sessions.unsign(policy, "garbage") is None
    assert sessions.unsign(policy, None) is None


async def test_sign_out_ends_the_cookie_session(tclient, user, app_json):
    name, value = await login_cookie(tclient, app_json)
    cookie = {"Cookie": f"{name}={value}"}
    resp = await tclient.post("/auth/sign_out", headers=cookie, allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"] == "/"
    cleared = [h for h in resp.headers.getall("Set-Cookie") if h.startswith("__Host-pleroma_key=")]
    assert cleared and "Secure" in cleared[0] and "Max-Age=0" in cleared[0]
    status, _ = await read(tclient, headers=cookie)
    assert status == 403
    # idempotent, and harmless without a session
    resp = await tclient.get("/auth/sign_out", headers=cookie, allow_redirects=False)
    assert resp.status == 302


async def test_sign_out_from_another_site_is_refused(tclient, user, app_json):
    name, value = await login_cookie(tclient, app_json)
    cookie = {"Cookie": f"{name}={value}"}
    resp = await tclient.post(
        "/auth/sign_out", headers={**cookie, "Origin": "https://evil.example"},
        allow_redirects=False,
    )
    assert resp.status == 403
    status, _ = await read(tclient, headers=cookie)
    assert status == 200

