"""POST /api/v1/apps and GET /api/v1/apps/verify_credentials."""

from __future__ import annotations

from tests.oauth.conftest import CALLBACK, OOB, basic, password_token, register_app


async def test_create_app_json_returns_mastodon_shape(client):
    app = await register_app(client, scopes="read write")
    assert set(app) >= {
        "id", "name", "website", "redirect_uri", "client_id", "client_secret", "vapid_key"
    }
    assert app["name"] == "Test client"
    assert app["website"] == "https://client.example"
    assert app["redirect_uri"] == f"{OOB}\n{CALLBACK}"
    assert app["scopes"] == ["read", "write"]
    assert app["vapid_key"] is None
    assert len(app["client_id"]) >= 32 and len(app["client_secret"]) >= 32


async def test_create_app_form_defaults_scope_to_read(client):
    resp = await client.post(
        "/api/v1/apps", data={"client_name": "toot", "redirect_uris": OOB}
    )
    assert resp.status == 200
    body = await resp.json()
    assert body["scopes"] == ["read"]
    assert body["website"] is None
    assert body["redirect_uri"] == OOB


async def test_create_app_accepts_space_separated_uris_and_scope_list(client):
    resp = await client.post(
        "/api/v1/apps",
        json={
            "client_name": "x",
            "redirect_uris": f"{CALLBACK} https://other.example/cb",
            "scopes": ["read", "write:statuses"],
        },
    )
    body = await resp.json()
    assert body["redirect_uris"] == [CALLBACK, "https://other.example/cb"]
    assert body["scopes"] == ["read", "write:statuses"]


async def test_create_app_missing_fields(client):
    resp = await client.post("/api/v1/apps", json={"redirect_uris": OOB})
    assert resp.status == 400
    assert await resp.json() == {"error": "Missing field: client_name."}
    resp = await client.post("/api/v1/apps", json={"client_name": "x"})
    assert resp.status == 400
    assert await resp.json() == {"error": "Missing field: redirect_uris."}
    resp = await client.post("/api/v1/apps", json={"client_name": "  ", "redirect_uris": OOB})
    assert resp.status == 400


async def test_create_app_rejects_relative_redirect_and_bad_scope(client):
    resp = await client.post(
        "/api/v1/apps", json={"client_name": "x", "redirect_uris": "/callback"}
    )
    assert resp.status == 422
    assert "absolute URI" in (await resp.json())["error"]
    resp = await client.post(
        "/api/v1/apps",
        json={"client_name": "x", "redirect_uris": OOB, "scopes": "read <script>"},
    )
    assert resp.status == 422
    assert "invalid scope" in (await resp.json())["error"]


async def test_verify_credentials_with_user_and_app_tokens(client, alice, oauth_app):
    _, user_token = await password_token(client, oauth_app)
    resp = await client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": oauth_app["client_id"],
            "client_secret": oauth_app["client_secret"],
        },
    )
    app_token = await resp.json()
    for tok in (user_token["access_token"], app_token["access_token"]):
        resp = await client.get(
            "/api/v1/apps/verify_credentials", headers={"Authorization": f"Bearer {tok}"}
        )
        assert resp.status == 200
        assert await resp.json() == {
            "name": "Test client",
            "website": "https://client.example",
            "vapid_key": None,
        }


async def test_verify_credentials_refuses_anonymous_and_basic(client, alice):
    resp = await client.get("/api/v1/apps/verify_credentials")
    assert resp.status == 403
    assert await resp.json() == {"error": "Invalid credentials"}

    resp = await client.get(
        "/api/v1/apps/verify_credentials",
        headers=basic("alice", "correct horse battery"),
    )
    assert resp.status == 403
    assert await resp.json() == {"error": "Invalid credentials"}


async def test_app_created_by_signed_in_user_is_owned(client, alice, oauth_app):
    from models.oauth import App

    _, tok = await password_token(client, oauth_app)
    resp = await client.post(
        "/api/v1/apps",
        json={"client_name": "mine", "redirect_uris": OOB},
        headers={"Authorization": f"Bearer {tok['access_token']}"},
    )
    made = await App.get(id=(await resp.json())["id"])
    assert made.owner_id == alice.id


async def test_odd_json_types_are_4xx_not_500(client):
    for body in (
        {"client_name": "x", "redirect_uris": OOB, "scopes": {"a": 1}},
        {"client_name": {"a": 1}, "redirect_uris": OOB},
        {"client_name": "x", "redirect_uris": {"a": 1}},
        {"client_name": "x", "redirect_uris": OOB, "website": ["a"]},
    ):
        resp = await client.post("/api/v1/apps", json=body)
        assert 400 <= resp.status < 500, body
        assert "error" in await resp.json()
