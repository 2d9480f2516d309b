"""GraphQL authenticates like REST: HTTP Basic and the session cookie with its CSRF rule."""

from __future__ import annotations

import base64

from schema.services import sessions
from tests.graphql.conftest import gql

VIEWER = {"query": "{ viewer { username } }"}


async def test_basic_auth_is_a_full_power_viewer(client, world):
    creds = base64.b64encode(b"bob:bob-password-123").decode()
    response = await client.post(
        "/graphql", json=VIEWER, headers={"Authorization": f"Basic {creds}"}
    )
    assert (await response.json())["data"]["viewer"] == {"username": "bob"}
    wrong = base64.b64encode(b"bob:wrong").decode()
    response = await client.post(
        "/graphql", json=VIEWER, headers={"Authorization": f"Basic {wrong}"}
    )
    assert (await response.json())["data"]["viewer"] is None


async def test_session_cookie_from_our_own_page_works(client, world, policy):
    value = await sessions.start_session(policy, world.accounts["alice"], world.app, ["read"])
    cookies = {sessions.cookie_name(policy): value}
    response = await client.post(
        "/graphql", json=VIEWER, cookies=cookies, headers={"Origin": policy.public_url}
    )
    assert response.status == 200
    assert (await response.json())["data"]["viewer"] == {"username": "alice"}
    # a GET (GraphiQL's introspection, queries in the URL) needs no Origin
    response = await client.get("/graphql", params={"query": "{ viewer { username } }"},
                                cookies=cookies)
    assert (await response.json())["data"]["viewer"] == {"username": "alice"}


async def test_session_cookie_from_another_site_is_refused_as_json(client, world, policy):
    value = await sessions.start_session(policy, world.accounts["alice"], world.app, ["read"])
    response = await client.post(
        "/graphql",
        json={"query": 'mutation { appCreate(input: {clientName: "x", '
              'redirectUris: "urn:ietf:wg:oauth:2.0:oob"}) { app { name } } }'},
        cookies={sessions.cookie_name(policy): value},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status == 403
    assert await response.json() == {"error": "Invalid CSRF origin"}


async def test_a_bearer_token_needs_no_origin(client, world):
    body = await gql(client, VIEWER["query"], token=world.bob_token)
    assert body["data"]["viewer"] == {"username": "bob"}
