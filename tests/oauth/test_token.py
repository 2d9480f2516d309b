"""POST /oauth/token (every grant and its errors), /oauth/revoke and the metadata."""

from __future__ import annotations

import dataclasses

from app.main import create_app
from models.accounts import Account
from schema.services.accounts import create_local_account
from schema.services.passwords import pbkdf2_hash
from tests.oauth.conftest import PASSWORD, basic, password_token, register_app


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def whoami(client, headers=None, params=None):
    """Status of the app-bound check and the viewer seen by verify_credentials."""
    resp = await client.get("/api/v1/apps/verify_credentials", headers=headers, params=params)
    return resp.status


async def test_password_grant_by_nickname_and_email(client, alice, oauth_app):
    status, body = await password_token(client, oauth_app, scope="read write")
    assert status == 200
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "read write"
    assert body["me"] == "https://plenum.example/users/alice"
    assert isinstance(body["created_at"], int)
    assert body["expires_in"] > 0
    assert body["refresh_token"] and body["access_token"] and body["id"]
    status, by_email = await password_token(client, oauth_app, username="Alice@Example.org")
    assert status == 200
    assert by_email["me"] == body["me"]
    assert by_email["access_token"] != body["access_token"]
    # default scope: all of the app's (admin dropped for a non-admin)
    assert by_email["scope"] == "read write follow push"


async def test_password_grant_accepts_json_and_name_param(client, alice, oauth_app):
    resp = await client.post(
        "/oauth/token",
        json={
            "grant_type": "password",
            "client_id": oauth_app["client_id"],
            "client_secret": oauth_app["client_secret"],
            "name": "alice",
            "password": PASSWORD,
        },
    )
    assert resp.status == 200
    assert (await resp.json())["me"].endswith("/users/alice")


async def test_password_grant_errors(client, alice, oauth_app):
    status, body = await password_token(client, oauth_app, password="wrong")
    assert (status, body) == (400, {"error": "Invalid credentials"})
    status, body = await password_token(client, oauth_app, username="nobody")
    assert (status, body) == (400, {"error": "Invalid credentials"})
    bad_secret = dict(oauth_app, client_secret="nope")
    status, body = await password_token(client, bad_secret)
    assert (status, body) == (400, {"error": "Invalid credentials"})
    unknown_client = dict(oauth_app, client_id="unknown")
    status, body = await password_token(client, unknown_client)
    assert (status, body) == (400, {"error": "Invalid credentials"})


async def test_client_auth_with_http_basic(client, alice, oauth_app):
    resp = await client.post(
        "/oauth/token",
        data={"grant_type": "password", "username": "alice", "password": PASSWORD},
        headers=basic(oauth_app["client_id"], oauth_app["client_secret"]),
    )
    assert resp.status == 200
    resp = await client.post(
        "/oauth/token",
        data={"grant_type": "password", "username": "alice", "password": PASSWORD},
        headers=basic(oauth_app["client_id"], "wrong"),
    )
    assert resp.status == 400


async def test_unsupported_and_missing_grant_type(client, oauth_app):
    creds = {"client_id": oauth_app["client_id"], "client_secret": oauth_app["client_secret"]}
    resp = await client.post("/oauth/token", data={**creds, "grant_type": "implicit"})
    assert resp.status == 400
    assert await resp.json() == {"error": "Unsupported grant_type"}
    resp = await client.post("/oauth/token", data=creds)
    assert resp.status == 400
    assert await resp.json() == {"error": "Missing field: grant_type."}


async def test_scopes_must_be_within_the_apps(client, alice):
    app = await register_app(client, scopes="read write")
    status, body = await password_token(client, app, scope="write:statuses read:accounts")
    assert status == 200
    assert body["scope"] == "write:statuses read:accounts"
    status, body = await password_token(client, app, scope="read follow")
    assert status == 400
    assert body == {"error": "This action is outside the authorized scopes"}
    narrow = await register_app(client, scopes="read:accounts")
    status, _ = await password_token(client, narrow, scope="read")
    assert status == 400


async def test_admin_scopes_dropped_for_non_admins_only(client, alice, root, oauth_app):
    _, body = await password_token(client, oauth_app, scope="read admin:read")
    assert body["scope"] == "read"
    _, body = await password_token(client, oauth_app, username="root", scope="read admin:read")
    assert body["scope"] == "read admin:read"


async def test_pbkdf2_hash_is_rehashed_to_argon2_on_login(client, alice, oauth_app):
    legacy = pbkdf2_hash(PASSWORD, b"0123456789abcdef", iterations=1000)
    await Account.filter(id=alice.id).update(password_hash=legacy)
    status, _ = await password_token(client, oauth_app)
    assert status == 200
    stored = (await Account.get(id=alice.id)).password_hash
    assert stored.startswith("$argon2id$")
    status, _ = await password_token(client, oauth_app)
    assert status == 200


async def test_account_status_errors(aiohttp_client, settings):
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, account_activation_required=True))
    )
    policy = settings.policy()
    await create_local_account(
        policy, nickname="pending", email="p@example.org", password=PASSWORD,
        is_confirmed=False,
    )
    await create_local_account(
        policy, nickname="waiting", email="w@example.org", password=PASSWORD,
        is_approved=False,
    )
    gone = await create_local_account(
        policy, nickname="gone", email="g@example.org", password=PASSWORD
    )
    await Account.filter(id=gone.id).update(is_active=False)
    app = await register_app(client)
    assert await password_token(client, app, username="pending") == (
        403,
        {
            "error": "Your login is missing a confirmed e-mail address",
            "identifier": "missing_confirmed_email",
        },
    )
    assert await password_token(client, app, username="waiting") == (
        403,
        {"error": "Your account is awaiting approval.", "identifier": "awaiting_approval"},
    )
    assert await password_token(client, app, username="gone") == (
        403,
        {"error": "Your account is currently disabled", "identifier": "account_is_disabled"},
    )
    # a wrong password never reveals the status
    status, body = await password_token(client, app, username="gone", password="x")
    assert (status, body) == (400, {"error": "Invalid credentials"})


async def test_unconfirmed_can_log_in_when_activation_not_required(client, policy, oauth_app):
    await create_local_account(
        policy, nickname="pending", email="p@example.org", password=PASSWORD,
        is_confirmed=False,
    )
    status, _ = await password_token(client, oauth_app, username="pending")
    assert status == 200


async def test_client_credentials_gives_app_only_token(client, oauth_app):
    resp = await client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": oauth_app["client_id"],
            "client_secret": oauth_app["client_secret"],
            "scope": "read",
        },
    )
    assert resp.status == 200
    body = await resp.json()
    assert "me" not in body
    assert body["scope"] == "read"
    assert await whoami(client, bearer(body["access_token"])) == 200
    resp = await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": oauth_app["client_id"],
              "client_secret": "bad"},
    )
    assert resp.status == 400


async def test_refresh_token_grant_rotates(client, alice, oauth_app):
    _, first = await password_token(client, oauth_app, scope="read")
    data = {
        "grant_type": "refresh_token",
        "refresh_token": first["refresh_token"],
        "client_id": oauth_app["client_id"],
        "client_secret": oauth_app["client_secret"],
    }
    resp = await client.post("/oauth/token", data=data)
    assert resp.status == 200
    second = await resp.json()
    assert second["access_token"] != first["access_token"]
    assert second["scope"] == "read"
    assert second["me"] == first["me"]
    # the old access token is revoked, the new one works
    assert await whoami(client, bearer(first["access_token"])) == 403
    assert await whoami(client, bearer(second["access_token"])) == 200
    # a refresh token works once
    resp = await client.post("/oauth/token", data=data)
    assert resp.status == 400
    assert await resp.json() == {"error": "Invalid credentials"}


async def test_refresh_token_bound_to_its_app(client, alice, oauth_app):
    other = await register_app(client)
    _, tok = await password_token(client, oauth_app)
    resp = await client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tok["refresh_token"],
            "client_id": other["client_id"],
            "client_secret": other["client_secret"],
        },
    )
    assert resp.status == 400


async def test_revoke_makes_token_anonymous(client, alice, oauth_app):
    _, tok = await password_token(client, oauth_app)
    assert await whoami(client, bearer(tok["access_token"])) == 200
    creds = {"client_id": oauth_app["client_id"], "client_secret": oauth_app["client_secret"]}
    resp = await client.post("/oauth/revoke", data={**creds, "token": tok["access_token"]})
    assert resp.status == 200
    assert await resp.json() == {}
    assert await whoami(client, bearer(tok["access_token"])) == 403
    # idempotent, and unknown tokens are fine (RFC 7009)
    resp = await client.post("/oauth/revoke", data={**creds, "token": tok["access_token"]})
    assert resp.status == 200
    resp = await client.post("/oauth/revoke", data={**creds, "token": "unknown"})
    assert (resp.status, await resp.json()) == (200, {})


async def test_revoke_needs_the_owning_client(client, alice, oauth_app):
    other = await register_app(client)
    _, tok = await password_token(client, oauth_app)
    resp = await client.post(
        "/oauth/revoke",
        data={"client_id": other["client_id"], "client_secret": other["client_secret"],
              "token": tok["access_token"]},
    )
    assert resp.status == 200
    assert await whoami(client, bearer(tok["access_token"])) == 200
    resp = await client.post(
        "/oauth/revoke",
        data={"client_id": oauth_app["client_id"], "client_secret": "bad",
              "token": tok["access_token"]},
    )
    assert (resp.status, await resp.json()) == (400, {"error": "Invalid credentials"})
    resp = await client.post(
        "/oauth/revoke",
        data={"client_id": oauth_app["client_id"], "client_secret": oauth_app["client_secret"]},
    )
    assert (resp.status, await resp.json()) == (400, {"error": "Missing field: token."})


async def test_metadata_lists_the_password_grant(client):
    resp = await client.get("/.well-known/oauth-authorization-server")
    assert resp.status == 200
    meta = await resp.json()
    assert meta["issuer"] == "https://plenum.example"
    assert meta["token_endpoint"] == "https://plenum.example/oauth/token"
    assert meta["authorization_endpoint"] == "https://plenum.example/oauth/authorize"
    assert meta["revocation_endpoint"] == "https://plenum.example/oauth/revoke"
    assert set(meta["grant_types_supported"]) >= {
        "password", "authorization_code", "client_credentials", "refresh_token"
    }
    assert meta["response_types_supported"] == ["code"]
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert "client_secret_basic" in meta["token_endpoint_auth_methods_supported"]
    assert "read" in meta["scopes_supported"]


async def test_odd_json_types_are_4xx_not_500(client, oauth_app):
    creds = {"client_id": oauth_app["client_id"], "client_secret": oauth_app["client_secret"]}
    for body in (
        {**creds, "grant_type": "client_credentials", "scope": {"a": 1}},
        {**creds, "grant_type": ["password"]},
        {**creds, "grant_type": "password", "username": {"x": 1}, "password": "p"},
        {"client_id": {"a": 1}, "client_secret": "x", "grant_type": "client_credentials"},
    ):
        resp = await client.post("/oauth/token", json=body)
        assert 400 <= resp.status < 500, body
        assert "error" in await resp.json()
