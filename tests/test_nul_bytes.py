"""NUL characters in any parameter get a clear 400 on both databases, never a 500.

PostgreSQL cannot store or compare NUL in text; the refusal happens where parameters are
read (REST) and where GraphQL requests arrive, before any query runs.
"""

import pytest

REST_CASES = [
    ("GET", "/api/v1/timelines/public?max_id=%00", None),
    ("GET", "/api/v1/accounts/a%00b", None),
    ("GET", "/api/v1/accounts/%00/statuses", None),
    ("GET", "/api/v1/accounts/lookup?acct=%00", None),
    ("GET", "/api/v1/statuses/%00", None),
    ("GET", "/api/v1/statuses?ids[]=%00", None),
    ("GET", "/api/v1/accounts/search?q=%00", None),
    ("GET", "/api/v1/timelines/tag/a%00", None),
    (
        "POST",
        "/api/v1/apps",
        {"client_name": "a\x00", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"},
    ),
    ("POST", "/oauth/token", {"grant_type": "password", "username": "\x00", "password": "x"}),
]


@pytest.mark.parametrize(("method", "path", "json"), REST_CASES)
async def test_rest_refuses_nul_with_400(client, method, path, json):
    response = await client.request(method, path, json=json)
    assert response.status == 400, (path, await response.text())
    assert "NUL" in (await response.json())["error"]


async def test_form_bodies_are_checked_too(client):
    response = await client.post(
        "/api/v1/apps", data={"client_name": "a\x00b", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"}
    )
    assert response.status == 400
    assert (await response.json()) == {"error": "client_name: cannot contain NUL characters"}


@pytest.mark.parametrize(
    "body",
    [
        {
            "query": "query q($a: String!) { accountLookup(acct: $a) { username } }",
            "variables": {"a": "x\x00y"},
        },
        {"query": '{ accountLookup(acct: "x\\u0000y") { username } }'},
    ],
)
async def test_graphql_refuses_nul_with_400(client, body):
    response = await client.post("/graphql", json=body)
    assert response.status == 400
    assert "NUL" in (await response.json())["error"]


async def test_graphql_get_refuses_nul(client):
    response = await client.get("/graphql?query=%7Bhealth%7Bhealthy%7D%7D%00")
    assert response.status == 400


async def test_ordinary_requests_still_work(client):
    response = await client.post("/graphql", json={"query": "{ instance { title } }"})
    assert response.status == 200
    assert (await response.json())["data"]["instance"]["title"] == "Plenum Test"
