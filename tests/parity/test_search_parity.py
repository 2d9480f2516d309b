"""Parity: ``GET /api/v2/search`` and GraphQL ``search`` find the same accounts, statuses
and hashtags, in the same order, for every viewer; a private status stays out of both for
those who may not see it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from strawberry.relay import to_base64

from tests.graphql.conftest import gql
from tests.statuses.conftest import build_rest_world

QUERY = """
query s($q: String!, $type: SearchType, $limit: Int, $offset: Int, $author: String) {
  search(q: $q, type: $type, limit: $limit, offset: $offset, accountRestId: $author) {
    accounts { restId acct displayName url }
    statuses { restId content visibility spoilerText account { restId } }
    hashtags { name url }
  }
}
"""


def from_rest(body: dict[str, Any]) -> dict[str, Any]:
    """The GraphQL answer expected from a REST v2 answer."""
    return {
        "accounts": [
            {"restId": a["id"], "acct": a["acct"], "displayName": a["display_name"],
             "url": a["url"]}
            for a in body["accounts"]
        ],
        "statuses": [
            {"restId": s["id"], "content": s["content"], "visibility": s["visibility"].upper(),
             "spoilerText": s["spoiler_text"], "account": {"restId": s["account"]["id"]}}
            for s in body["statuses"]
        ],
        "hashtags": body["hashtags"],
    }


async def both(rw, client, who: str | None, **params: Any) -> tuple[dict, dict]:
    """The REST v2 answer and the GraphQL one for the same search as ``who``."""
    rest = await rw.call("GET", "/api/v2/search?" + urlencode(params), who)
    variables = {
        "q": params["q"],
        "type": params["type"].upper() if "type" in params else None,
        "limit": params.get("limit"),
        "offset": params.get("offset"),
        "author": params.get("account_id"),
    }
    body = await gql(client, QUERY, variables, token=rw.tokens[who] if who else None)
    assert "errors" not in body, body
    return rest, body["data"]["search"]


async def scene(rw) -> dict[str, Any]:
    return {
        "public": await rw.post("alice", "Parity about alice and #cats"),
        "private": await rw.post("alice", "Parity private about alice", visibility="private"),
        "direct": await rw.post("alice", "Parity @carol about alice", visibility="direct"),
        "warned": await rw.post("eve", "parity body", spoiler_text="About Alice"),
        "blocked": await rw.post("mallory", "parity from mallory about alice"),
    }


@pytest.mark.parametrize("who", [None, "alice", "bob", "carol", "eve", "mallory"])
async def test_search_parity_for_every_viewer(client, policy, who):
    rw = await build_rest_world(client, policy)
    posted = await scene(rw)
    for params in (
        {"q": "about alice"},
        {"q": "parity", "limit": 2},
        {"q": "parity", "limit": 2, "offset": 2},
        {"q": "a", "type": "accounts"},
        {"q": "#Cats #dogs", "type": "hashtags"},
        {"q": "parity", "account_id": rw.id("alice")},
        {"q": posted["private"]["url"]},
    ):
        rest, graphql = await both(rw, client, who, **params)
        assert graphql == from_rest(rest), (who, params)
    rest, graphql = await both(rw, client, who, q="parity")
    found = {s["id"] for s in rest["statuses"]}
    private, direct = posted["private"]["id"], posted["direct"]["id"]
    assert (private in found) == (who in ("alice", "bob")), who
    assert (direct in found) == (who in ("alice", "carol")), who
    assert (posted["blocked"]["id"] in found) == (who not in ("alice",)), who
    assert ("Parity private" in str(graphql)) == (who in ("alice", "bob")), who


async def test_a_private_status_stays_out_of_both_for_a_stranger(client, policy):
    rw = await build_rest_world(client, policy)
    private = await rw.post("alice", "unguessable-secret words", visibility="private")
    for who in (None, "eve"):
        for q in ("unguessable-secret", private["url"], private["uri"]):
            rest, graphql = await both(rw, client, who, q=q)
            assert rest["statuses"] == [] and graphql["statuses"] == [], (who, q)
            # (hashtags echo the query, a URL's last segment included, as Pleroma's do)
            assert private["id"] not in str(rest["statuses"]) + str(graphql["statuses"])
    # bob, alice's follower, finds it on both sides
    rest, graphql = await both(rw, client, "bob", q="unguessable-secret")
    assert [s["id"] for s in rest["statuses"]] == [private["id"]]
    assert graphql == from_rest(rest)


async def test_refusals_agree(client, policy):
    rw = await build_rest_world(client, policy)
    rest = await rw.call("GET", "/api/v2/search?q=a&following=true", None, expect=403)
    body = await gql(client, '{ search(q: "a", following: true) { accounts { restId } } }')
    assert body["data"] is None
    assert body["errors"][0]["message"] == rest["error"]
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"
    by_author = "query a($id: ID!) { search(q: \"a\", accountId: $id) { statuses { restId } } }"
    body = await gql(client, by_author, {"id": to_base64("Status", "x")})
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    alices = await rw.post("alice", "a status by alice")
    await rw.post("eve", "a status by eve")
    body = await gql(client, by_author, {"id": to_base64("Account", rw.id("alice"))})
    assert body["data"]["search"]["statuses"] == [{"restId": alices["id"]}]
