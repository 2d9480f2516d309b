"""REST and GraphQL on the same data give the same facts.

Each test calls a REST endpoint and its paired GraphQL example (the ``graphql=`` of its
route) on the fixture world and compares the overlapping fields. GraphQL names are
camelCase and ids of nodes are global (``restId`` carries the REST id).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from app.main import create_app
from rest_compat.routes import ROUTES
from tests.graphql.conftest import World, build_world, gql

EXAMPLES = Path(__file__).resolve().parents[2] / "graphql_examples"

ACCOUNT_FIELDS = """
  restId username acct displayName note url uri avatar header locked bot createdAt
  followersCount followingCount statusesCount role
"""


def example(name: str) -> str:
    return (EXAMPLES / f"{name}.graphql").read_text()


def paired(method: str, path: str) -> str:
    """The GraphQL example the route table pairs with ``method path``."""
    route = next(r for r in ROUTES if r.method == method and path in r.paths())
    assert route.graphql, f"{method} {path} has no GraphQL pair"
    return route.graphql


def assert_account_parity(rest: dict[str, Any], gql_account: dict[str, Any]) -> None:
    """The fields both projections of an account carry must agree."""
    pairs = {
        "id": "restId",
        "username": "username",
        "acct": "acct",
        "display_name": "displayName",
        "note": "note",
        "url": "url",
        "uri": "uri",
        "avatar": "avatar",
        "header": "header",
        "locked": "locked",
        "bot": "bot",
        "created_at": "createdAt",
        "followers_count": "followersCount",
        "following_count": "followingCount",
        "statuses_count": "statusesCount",
    }
    for rest_key, gql_key in pairs.items():
        if gql_key in gql_account:
            assert rest[rest_key] == gql_account[gql_key], (rest_key, rest[rest_key], gql_account)
    if "role" in gql_account and "is_admin" in rest["pleroma"]:
        assert rest["pleroma"]["is_admin"] == (gql_account["role"] == "ADMIN")
        assert rest["pleroma"]["is_moderator"] == (gql_account["role"] == "MODERATOR")


async def rest_json(client, method: str, path: str, token: str | None = None, **kwargs) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.request(method, path, headers=headers, **kwargs)
    assert response.status == 200, (path, response.status, await response.text())
    return await response.json()


async def test_viewer_matches_verify_credentials(client, world: World):
    assert paired("GET", "/api/v1/accounts/verify_credentials") == "viewer"
    rest = await rest_json(
        client, "GET", "/api/v1/accounts/verify_credentials", token=world.alice_token
    )
    body = await gql(client, example("viewer"), token=world.alice_token)
    assert_account_parity(rest, body["data"]["viewer"])
    assert body["data"]["viewer"]["username"] == "alice"
    assert rest["followers_count"] == 2 and rest["statuses_count"] == 3


async def test_account_matches_accounts_show_for_each_viewer(client, world: World):
    assert paired("GET", "/api/v1/accounts/{id}") == "account"
    query = f"query ($restId: String) {{ account(restId: $restId) {{ {ACCOUNT_FIELDS} }} }}"
    for nickname in ("alice", "bob", "carol"):
        account_id = world.accounts[nickname].id
        for token in (None, world.bob_token, world.alice_token):
            rest = await rest_json(client, "GET", f"/api/v1/accounts/{account_id}", token=token)
            body = await gql(client, query, {"restId": account_id}, token=token)
            assert_account_parity(rest, body["data"]["account"])
    # carol hides her followers count: both projections show 0 to others
    rest = await rest_json(client, "GET", f"/api/v1/accounts/{world.accounts['carol'].id}")
    assert rest["followers_count"] == 0


async def test_hidden_account_is_missing_in_both(client, world: World):
    dave = world.accounts["dave"].id
    response = await client.get(f"/api/v1/accounts/{dave}")
    assert response.status == 404
    body = await gql(client, example("account"), {"restId": dave})
    assert body["data"]["account"] is None


async def test_account_lookup_matches_rest_lookup(client, world: World):
    assert paired("GET", "/api/v1/accounts/lookup") == "accountLookup"
    rest = await rest_json(client, "GET", "/api/v1/accounts/lookup", params={"acct": "bob"})
    body = await gql(client, example("accountLookup"), {"acct": "bob"})
    assert_account_parity(rest, body["data"]["accountLookup"])


async def test_instance_matches_v1_instance(client, world: World):
    assert paired("GET", "/api/v1/instance") == "instance"
    rest = await rest_json(client, "GET", "/api/v1/instance")
    data = (await gql(client, example("instance")))["data"]["instance"]
    assert data["title"] == rest["title"] == "Plenum Test"
    assert data["description"] == rest["description"]
    assert data["uri"] == rest["uri"]
    assert data["version"] == rest["version"]
    assert data["registrations"] == rest["registrations"]
    assert data["approvalRequired"] == rest["approval_required"]
    assert data["invitesEnabled"] == rest["invites_enabled"]
    assert data["maxTootChars"] == rest["max_toot_chars"]
    assert data["uploadLimit"] == rest["upload_limit"]
    assert data["contactEmail"] == rest["email"]
    assert data["languages"] == rest["languages"]
    assert data["contactAccount"]["username"] == rest["contact_account"]["username"]
    assert data["stats"] == {
        "userCount": rest["stats"]["user_count"],
        "statusCount": rest["stats"]["status_count"],
        "domainCount": rest["stats"]["domain_count"],
    }
    assert rest["stats"]["user_count"] == 3


async def test_instance_parity_follows_settings(aiohttp_client, settings):
    closed = dataclasses.replace(
        settings, registrations_open=False, invites_required=True, account_approval_required=True
    )
    client = await aiohttp_client(create_app(closed))
    rest = await rest_json(client, "GET", "/api/v1/instance")
    data = (await gql(client, example("instance")))["data"]["instance"]
    assert (data["registrations"], data["invitesEnabled"], data["approvalRequired"]) == (
        rest["registrations"],
        rest["invites_enabled"],
        rest["approval_required"],
    ) == (False, True, True)


async def test_app_create_matches_post_apps(client):
    assert paired("POST", "/api/v1/apps") == "appCreate"
    form = {
        "client_name": "Parity",
        "redirect_uris": "https://p.example/cb urn:ietf:wg:oauth:2.0:oob",
        "scopes": "read write",
        "website": "https://p.example",
    }
    rest = await rest_json(client, "POST", "/api/v1/apps", json=form)
    body = await gql(
        client,
        example("appCreate"),
        {
            "input": {
                "clientName": form["client_name"],
                "redirectUris": form["redirect_uris"],
                "scopes": form["scopes"],
                "website": form["website"],
            }
        },
    )
    app = body["data"]["appCreate"]["app"]
    assert app["name"] == rest["name"]
    assert app["website"] == rest["website"]
    assert app["redirectUri"] == rest["redirect_uri"]
    assert app["scopes"] == rest["scopes"] == ["read", "write"]
    for gql_key, rest_key in (("clientId", "client_id"), ("clientSecret", "client_secret")):
        assert app[gql_key] and rest[rest_key] and app[gql_key] != rest[rest_key]


async def test_app_create_refusal_matches(client):
    response = await client.post(
        "/api/v1/apps", json={"client_name": "X", "redirect_uris": "not a uri"}
    )
    rest_error = (await response.json())["error"]
    body = await gql(
        client,
        example("appCreate"),
        {"input": {"clientName": "X", "redirectUris": "not a uri"}},
    )
    errors = body["data"]["appCreate"]["userErrors"]
    assert response.status == 422
    assert [e["message"] for e in errors] == [rest_error]


async def test_viewer_app_matches_apps_verify_credentials(client, world: World):
    assert paired("GET", "/api/v1/apps/verify_credentials") == "viewerApp"
    rest = await rest_json(client, "GET", "/api/v1/apps/verify_credentials", token=world.app_token)
    app = (await gql(client, example("viewerApp"), token=world.app_token))["data"]["viewerApp"]
    assert (app["name"], app["website"]) == (rest["name"], rest["website"])


async def test_account_register_matches_post_accounts(client, world: World):
    assert paired("POST", "/api/v1/accounts") == "accountRegister"
    rest = await rest_json(
        client,
        "POST",
        "/api/v1/accounts",
        token=world.app_token,
        json={
            "username": "restuser",
            "email": "restuser@plenum.example",
            "password": "a-long-enough-password",
            "agreement": True,
            "fullname": "Same Name",
            "bio": "Same bio",
        },
    )
    body = await gql(
        client,
        example("accountRegister"),
        {
            "input": {
                "nickname": "gqluser",
                "email": "gqluser@plenum.example",
                "password": "a-long-enough-password",
                "agreement": True,
                "fullname": "Same Name",
                "bio": "Same bio",
            }
        },
        token=world.app_token,
    )
    payload = body["data"]["accountRegister"]
    assert payload["userErrors"] == []
    assert rest["access_token"] and payload["accessToken"]
    # each new account, read back through REST with its own token, has the same shape
    rest_me = await rest_json(
        client, "GET", "/api/v1/accounts/verify_credentials", token=rest["access_token"]
    )
    gql_me = await rest_json(
        client, "GET", "/api/v1/accounts/verify_credentials", token=payload["accessToken"]
    )
    assert gql_me["id"] == payload["account"]["restId"]
    assert_account_parity(gql_me, payload["account"])
    for key in ("display_name", "note", "locked", "bot", "followers_count", "statuses_count"):
        assert rest_me[key] == gql_me[key], key
    assert rest_me["pleroma"]["confirmation_pending"] == gql_me["pleroma"]["confirmation_pending"]


async def test_account_register_refusals_match(client, world: World):
    response = await client.post(
        "/api/v1/accounts",
        headers={"Authorization": f"Bearer {world.app_token}"},
        json={
            "username": "bob",
            "email": "alice@plenum.example",
            "password": "x-password-x",
            "agreement": True,
        },
    )
    assert response.status == 400
    rest_errors = json.loads((await response.json())["error"])
    body = await gql(
        client,
        example("accountRegister"),
        {
            "input": {
                "nickname": "bob",
                "email": "alice@plenum.example",
                "password": "x-password-x",
                "agreement": True,
            }
        },
        token=world.app_token,
    )
    gql_errors: dict[str, list[str]] = {}
    for error in body["data"]["accountRegister"]["userErrors"]:
        gql_errors.setdefault(error["field"], []).append(error["message"])
    assert gql_errors == rest_errors == {
        "email": ["has already been taken"],
        "nickname": ["has already been taken"],
    }


async def test_captcha_and_health_match(aiohttp_client, settings):
    enabled = dataclasses.replace(settings, captcha_enabled=True)
    client = await aiohttp_client(create_app(enabled))
    await build_world(enabled.policy())
    assert paired("GET", "/api/pleroma/captcha") == "captcha"
    rest = await rest_json(client, "GET", "/api/pleroma/captcha")
    captcha = (await gql(client, example("captcha")))["data"]["captcha"]
    assert captcha["type"].lower() == rest["type"] == "native"
    assert captcha["secondsValid"] == rest["seconds_valid"]
    assert captcha["url"].split(",")[0] == rest["url"].split(",")[0]
    assert paired("GET", "/api/pleroma/healthcheck") == "health"
    rest = await rest_json(client, "GET", "/api/pleroma/healthcheck")
    health = (await gql(client, example("health")))["data"]["health"]
    assert (health["poolSize"], health["healthy"]) == (rest["pool_size"], rest["healthy"])
