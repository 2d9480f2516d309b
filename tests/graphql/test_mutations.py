"""Mutations: payloads, userErrors from the services' refusals, shared rate limits."""

from __future__ import annotations

import dataclasses

from app.main import create_app
from app.ratelimit import Bucket, RateLimiter, per_minutes
from rest_compat.runtime import EXTRAS
from tests.graphql.conftest import build_world, gql

APP_CREATE = """
mutation ($input: AppCreateInput!) {
  appCreate(input: $input) {
    app { name clientId clientSecret scopes redirectUri }
    userErrors { code field message }
  }
}
"""

REGISTER = """
mutation ($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    account { username displayName }
    accessToken refreshToken identifier message
    userErrors { code field message }
  }
}
"""


def register_input(**overrides):
    base = {
        "nickname": "newbie",
        "email": "newbie@plenum.example",
        "password": "correct horse battery",
        "agreement": True,
    }
    return {**base, **overrides}


async def test_app_create_defaults_scopes_to_read_and_accepts_oob(client):
    body = await gql(
        client,
        APP_CREATE,
        {"input": {"clientName": "Min", "redirectUris": "urn:ietf:wg:oauth:2.0:oob"}},
    )
    payload = body["data"]["appCreate"]
    assert payload["userErrors"] == []
    assert payload["app"]["scopes"] == ["read"]
    assert payload["app"]["redirectUri"] == "urn:ietf:wg:oauth:2.0:oob"


async def test_app_create_refusals_are_user_errors(client):
    body = await gql(
        client, APP_CREATE, {"input": {"clientName": " ", "redirectUris": "https://x.example/"}}
    )
    assert body["data"]["appCreate"] == {
        "app": None,
        "userErrors": [
            {
                "code": "BAD_REQUEST",
                "field": "client_name",
                "message": "Missing field: client_name.",
            }
        ],
    }
    body = await gql(
        client, APP_CREATE, {"input": {"clientName": "App", "redirectUris": "not a uri"}}
    )
    errors = body["data"]["appCreate"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("VALIDATION", "redirect_uris")]


async def test_app_create_is_rate_limited_with_the_rest_bucket(aiohttp_client, settings):
    app = create_app(settings)
    app[EXTRAS]["rate_limiter"] = RateLimiter({"app_create": Bucket(per_minutes(2, 1))})
    client = await aiohttp_client(app)
    variables = {"input": {"clientName": "A", "redirectUris": "urn:ietf:wg:oauth:2.0:oob"}}
    for _ in range(2):
        body = await gql(client, APP_CREATE, variables)
        assert body["data"]["appCreate"]["userErrors"] == []
    body = await gql(client, APP_CREATE, variables)
    assert body["data"]["appCreate"] == {
        "app": None,
        "userErrors": [{"code": "THROTTLED", "field": None, "message": "Throttled"}],
    }
    # the same bucket as POST /api/v1/apps: the REST call is refused too
    rest = await client.post(
        "/api/v1/apps", json={"client_name": "A", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"}
    )
    assert rest.status == 429


async def test_register_with_an_app_token_logs_in(client, world):
    body = await gql(client, REGISTER, {"input": register_input()}, token=world.app_token)
    payload = body["data"]["accountRegister"]
    assert payload["userErrors"] == []
    assert payload["account"] == {"username": "newbie", "displayName": "newbie"}
    assert payload["accessToken"] and payload["refreshToken"]
    viewer = await gql(client, "{ viewer { username } }", token=payload["accessToken"])
    assert viewer["data"]["viewer"] == {"username": "newbie"}


async def test_register_without_an_app_creates_the_account_but_no_token(client, world):
    body = await gql(client, REGISTER, {"input": register_input(fullname="New Bie")})
    payload = body["data"]["accountRegister"]
    assert payload["account"] == {"username": "newbie", "displayName": "New Bie"}
    assert payload["accessToken"] is None and payload["userErrors"] == []


async def test_register_field_errors_become_one_user_error_each(client, world):
    body = await gql(
        client,
        REGISTER,
        {"input": register_input(nickname="alice", email="bob@plenum.example", agreement=False)},
        token=world.app_token,
    )
    payload = body["data"]["accountRegister"]
    assert payload["account"] is None and payload["accessToken"] is None
    assert sorted((e["field"], e["message"]) for e in payload["userErrors"]) == [
        ("agreement", "must be accepted"),
        ("email", "has already been taken"),
        ("nickname", "has already been taken"),
    ]
    assert {e["code"] for e in payload["userErrors"]} == {"BAD_REQUEST"}


async def test_register_mismatched_confirmation(client, world):
    body = await gql(client, REGISTER, {"input": register_input(confirm="something else")})
    errors = body["data"]["accountRegister"]["userErrors"]
    assert [(e["field"], e["message"]) for e in errors] == [
        ("password_confirmation", "does not match confirmation")
    ]


async def test_register_awaiting_approval_gives_identifier_and_message(aiohttp_client, settings):
    approval = dataclasses.replace(settings, account_approval_required=True)
    client = await aiohttp_client(create_app(approval))
    world = await build_world(approval.policy())
    body = await gql(
        client, REGISTER, {"input": register_input(reason="I like it")}, token=world.app_token
    )
    payload = body["data"]["accountRegister"]
    assert payload["userErrors"] == []
    assert payload["accessToken"] is None
    assert payload["identifier"] == "awaiting_approval"
    assert "approved" in payload["message"]


async def test_register_when_closed_needs_an_invite(aiohttp_client, settings):
    closed = dataclasses.replace(settings, registrations_open=False)
    client = await aiohttp_client(create_app(closed))
    body = await gql(client, REGISTER, {"input": register_input()})
    assert body["data"]["accountRegister"]["userErrors"] == [
        {"code": "BAD_REQUEST", "field": "token", "message": "Invalid token"}
    ]


async def test_registration_budget_is_shared_by_rest_and_graphql(aiohttp_client, settings):
    """``app_account_creation`` is spent by the registration itself, whichever way it came."""
    app = create_app(settings)
    app[EXTRAS]["rate_limiter"] = RateLimiter(
        {"app_account_creation": Bucket(per_minutes(2, 1))}
    )
    client = await aiohttp_client(app)
    body = await gql(client, REGISTER, {"input": register_input()})
    assert body["data"]["accountRegister"]["userErrors"] == []
    legacy = await client.post(
        "/api/account/register",
        data={"nickname": "second", "email": "second@plenum.example",
              "password": "correct horse battery", "confirm": "correct horse battery"},
    )
    assert legacy.status == 200, await legacy.text()
    body = await gql(
        client, REGISTER, {"input": register_input(nickname="third", email="t@plenum.example")}
    )
    assert body["data"]["accountRegister"]["userErrors"] == [
        {"code": "THROTTLED", "field": None, "message": "Throttled"}
    ]
    refused = await client.post(
        "/api/account/register",
        data={"nickname": "fourth", "email": "fourth@plenum.example",
              "password": "correct horse battery", "confirm": "correct horse battery"},
    )
    assert refused.status == 429
