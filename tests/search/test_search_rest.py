"""``GET /api/v2/search`` and ``GET /api/v1/search`` over HTTP.

The REST world: alice and bob (bob follows alice), carol (alice's direct-message partner),
eve the stranger, mallory whom alice blocks. Pleroma's own controller tests are replayed
where Plenum's rules meet them (its account search is Plenum's prefix rule).
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from app.ratelimit import Bucket, RateLimiter, per_minutes
from rest_compat.runtime import EXTRAS
from schema.services import tokens
from tests.graphql.conftest import gql
from tests.querycount import count_queries

BASE = "https://plenum.example"


def v2(**params) -> str:
    return "/api/v2/search?" + urlencode(params)


def v1(**params) -> str:
    return "/api/v1/search?" + urlencode(params)


def ids(body) -> list[str]:
    return [s["id"] for s in body["statuses"]]


async def test_v2_answers_accounts_statuses_and_hashtag_objects(rw):
    about = await rw.post("alice", "This is about 2hu private 天子")
    await rw.post("alice", "This is about 2hu, but private", visibility="private")
    await rw.post("bob", "This isn't")
    body = await rw.call("GET", v2(q="2hu #private"))
    assert set(body) == {"accounts", "statuses", "hashtags"}
    assert ids(body) == [about["id"]]
    assert body["statuses"][0]["content"] == about["content"]
    assert body["statuses"][0]["account"]["acct"] == "alice"
    assert body["hashtags"] == [{"name": "private", "url": f"{BASE}/tag/private"}]
    assert body["accounts"] == []
    body = await rw.call("GET", v2(q="天子"))
    assert body["hashtags"] == [{"name": "天子", "url": f"{BASE}/tag/天子"}]
    assert ids(body) == [about["id"]]


async def test_v1_answers_hashtags_as_names(rw):
    about = await rw.post("alice", "This is about 2hu")
    body = await rw.call("GET", v1(q="2hu"))
    assert body["hashtags"] == ["2hu"]
    assert ids(body) == [about["id"]]
    body = await rw.call("GET", v1(q="john doe JOHN DOE"))
    assert body["hashtags"] == ["john", "doe", "JohnDoe"]


async def test_accounts_are_the_account_searchs(rw):
    body = await rw.call("GET", v2(q="al"))
    assert [a["username"] for a in body["accounts"]] == ["alice"]
    assert body["accounts"][0]["pleroma"]["relationship"] == {}
    body = await rw.call("GET", v2(q="@alice@plenum.example", type="accounts"))
    assert [a["acct"] for a in body["accounts"]] == ["alice"]
    body = await rw.call("GET", v2(q=f"{BASE}/users/carol"))
    assert [a["acct"] for a in body["accounts"]] == ["carol"]
    # alice blocks mallory: alice does not find her, others do
    assert (await rw.call("GET", v2(q="mallory"), "alice"))["accounts"] == []
    assert len((await rw.call("GET", v2(q="mallory"), "eve"))["accounts"]) == 1


async def test_type_returns_only_that_kind(rw):
    await rw.post("alice", "This is about alice")
    body = await rw.call("GET", v1(q="alice", type="statuses"))
    assert (len(body["statuses"]), body["accounts"], body["hashtags"]) == (1, [], [])
    body = await rw.call("GET", v1(q="alice", type="accounts"))
    assert (body["statuses"], len(body["accounts"]), body["hashtags"]) == ([], 1, [])
    body = await rw.call("GET", v1(q="alice", type="hashtags"))
    assert body == {"accounts": [], "statuses": [], "hashtags": ["alice"]}


async def test_limit_and_offset_page_every_kind(rw):
    first = await rw.post("alice", "This is about alice")
    second = await rw.post("alice", "This is also about alice")
    body = await rw.call("GET", v1(q="alice", limit=1))
    assert ids(body) == [second["id"]]
    assert len(body["accounts"]) == 1 and body["hashtags"] == ["alice"]
    body = await rw.call("GET", v1(q="alice", limit=1, offset=1))
    assert ids(body) == [first["id"]]
    assert body["accounts"] == [] and body["hashtags"] == []
    body = await rw.call("GET", v2(q="#some #text #with #hashtags", limit=2, offset=1))
    assert [t["name"] for t in body["hashtags"]] == ["text", "with"]


async def test_account_id_keeps_that_authors_statuses(rw):
    alices = await rw.post("alice", "This is about 2hu")
    bobs = await rw.post("bob", "This is also about 2hu")
    assert ids(await rw.call("GET", v1(q="2hu", account_id=rw.id("alice")))) == [alices["id"]]
    assert ids(await rw.call("GET", v1(q="2hu", account_id=rw.id("bob")))) == [bobs["id"]]
    assert ids(await rw.call("GET", v1(q="2hu", account_id="02iNOSUCHACCOUNT00"))) == []


async def test_blocked_authors_are_left_out(rw):
    # Pleroma's "excludes a blocked users from search results", with alice blocking mallory
    await rw.post("alice", "This is about 2hu private 天子")
    smith = await rw.post("mallory", "Agent Smith")
    neo = await rw.post("eve", "Agent Smith")
    assert ids(await rw.call("GET", v2(q="Agent"), "alice")) == [neo["id"]]
    assert ids(await rw.call("GET", v2(q="Agent"), "mallory")) == [neo["id"], smith["id"]]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        (None, {"public", "unlisted"}),
        ("eve", {"public", "unlisted"}),
        ("mallory", set()),
        ("bob", {"public", "unlisted", "private"}),
        ("carol", {"public", "unlisted", "direct"}),
        ("alice", {"public", "unlisted", "private", "direct"}),
    ],
)
async def test_who_finds_which_status(rw, who, sees):
    posted = {
        "public": await rw.post("alice", "haystack public"),
        "unlisted": await rw.post("alice", "haystack unlisted", visibility="unlisted"),
        "private": await rw.post("alice", "haystack private", visibility="private"),
        "direct": await rw.post("alice", "haystack @carol", visibility="direct"),
    }
    body = await rw.call("GET", v2(q="haystack"), who)
    assert set(ids(body)) == {posted[v]["id"] for v in sees}
    for name, status in posted.items():
        shown = await rw.call("GET", v2(q=status["url"], type="statuses"), who)
        assert ids(shown) == ([status["id"]] if name in sees else []), (who, name)


async def test_a_token_without_read_search_searches_as_anonymous(rw):
    private = await rw.post("alice", "scoped words", visibility="private")
    assert ids(await rw.call("GET", v2(q="scoped"), "bob")) == [private["id"]]
    token = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read:statuses"])
    headers = {"Authorization": f"Bearer {token.access_token}"}
    response = await rw.client.get(v2(q="scoped", with_relationships="true"), headers=headers)
    assert response.status == 200
    assert ids(await response.json()) == []
    search_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read:search"])
    headers = {"Authorization": f"Bearer {search_only.access_token}"}
    response = await rw.client.get(v2(q="scoped"), headers=headers)
    assert ids(await response.json()) == [private["id"]]


async def test_with_relationships_embeds_the_viewers_relationship(rw):
    body = await rw.call("GET", v2(q="alice", with_relationships="true"), "bob")
    relationship = body["accounts"][0]["pleroma"]["relationship"]
    assert relationship["id"] == rw.id("alice")
    assert (relationship["following"], relationship["blocking"]) == (True, False)
    body = await rw.call("GET", v2(q="alice"), "bob")
    assert body["accounts"][0]["pleroma"]["relationship"] == {}
    body = await rw.call("GET", v2(q="alice", with_relationships="1"))
    assert body["accounts"][0]["pleroma"]["relationship"] == {}


async def test_following_keeps_followed_accounts_and_needs_an_account(rw):
    body = await rw.call("GET", v2(q="a", following="true"), "bob")
    assert [a["username"] for a in body["accounts"]] == ["alice"]
    body = await rw.call("GET", v2(q="a", following="true"), "eve")
    assert body["accounts"] == []
    assert await rw.call("GET", v2(q="a", following="true"), expect=403) == {
        "error": "Invalid credentials."
    }


async def test_bad_parameters_get_pleromas_openapi_errors(rw):
    for path in ("/api/v2/search", "/api/v1/search?type=accounts"):
        assert await rw.call("GET", path, expect=400) == {
            "error": "Missing field: q.",
            "errors": [
                {"message": "Missing field: q", "source": {"pointer": "/q"},
                 "title": "Invalid value"}
            ],
        }
    body = await rw.call("GET", v2(q="x", type="people"), expect=400)
    assert body["error"] == "people - Invalid value for enum."
    assert body["errors"][0]["source"] == {"pointer": "/type"}
    body = await rw.call("GET", v2(q="x", limit="many"), expect=400)
    assert body["error"] == "limit - Invalid integer. Got: string."
    body = await rw.call("GET", v1(q="x", offset="1.5"), expect=400)
    assert body["error"] == "offset - Invalid integer. Got: string."
    await rw.call("GET", v2(q="x", resolve="perhaps"), expect=400)
    # an empty query and out-of-range numbers are answered, not refused
    assert await rw.call("GET", v2(q="")) == {"accounts": [], "statuses": [], "hashtags": []}
    await rw.call("GET", v2(q="x", limit=-5, offset=-5))
    await rw.call("GET", v2(q="x", limit=1000, resolve="true"))
    huge = "1" + "0" * 30
    assert await rw.call("GET", v2(q="alice", offset=huge, limit=huge)) == {
        "accounts": [], "statuses": [], "hashtags": [],
    }


async def test_a_page_costs_the_same_statements_whatever_its_size(rw):
    for i in range(8):
        await rw.post("alice" if i % 2 else "carol", f"costly #t{i} @bob @eve")
    path = v2(q="costly", with_relationships="true")
    with count_queries() as one:
        small = await rw.call("GET", path + "&limit=1", "bob")
    with count_queries() as eight:
        large = await rw.call("GET", path + "&limit=8", "bob")
    assert (len(small["statuses"]), len(large["statuses"])) == (1, 8)
    assert eight.count == one.count
    with count_queries() as accounts:
        body = await rw.call("GET", v2(q="a", with_relationships="true"), "bob")
    assert len(body["accounts"]) == 1
    # token, accounts, statuses, hydrate (facts, accounts); relationships: six more
    assert eight.count <= 5 and accounts.count <= 9


async def test_rest_and_graphql_share_the_search_budget(client, rw):
    client.server.app[EXTRAS]["rate_limiter"] = RateLimiter(
        {"search": Bucket(per_minutes(3, 1))}
    )
    await rw.call("GET", v2(q="a"), "bob")
    await rw.call("GET", "/api/v1/accounts/search?q=a", "bob")
    body = await gql(client, '{ search(q: "a") { hashtags { name } } }', token=rw.tokens["bob"])
    assert body["data"]["search"]["hashtags"] == [{"name": "a"}]
    assert await rw.call("GET", v1(q="a"), "bob", expect=429) == {"error": "Throttled"}
    body = await gql(client, '{ search(q: "a") { hashtags { name } } }', token=rw.tokens["bob"])
    assert body["errors"][0]["extensions"]["code"] == "THROTTLED"
    # another account has its own budget
    await rw.call("GET", v2(q="a"), "eve")


async def test_the_account_search_route_shares_the_rule(rw):
    """``/api/v1/accounts/search`` is the same rule: URLs, and no accounts one blocks."""
    body = await rw.call("GET", "/api/v1/accounts/search?" + urlencode({"q": f"{BASE}/users/bob"}))
    assert [a["username"] for a in body] == ["bob"]
    body = await rw.call("GET", "/api/v1/accounts/search?q=mall", "alice")
    assert body == []
    body = await rw.call("GET", "/api/v1/accounts/search?q=mall", "bob")
    assert [a["username"] for a in body] == ["mallory"]
