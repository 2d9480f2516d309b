"""Pleroma's per-action rate limits, spent by the actions themselves (REST and GraphQL).

Favouriting and reblogging spend ``statuses_actions`` and, per status, ``status_id_action``
(favourite/unfavourite and reblog/unreblog counted apart, as Pleroma's bucket names
``status_id_action:fav_unfav`` and ``status_id_action:reblog_unreblog`` do); following and
unfollowing spend ``relations_actions`` and, per target, ``relation_id_action``. A GraphQL
client spends the same budgets as a REST one, so it cannot get round them.
"""

from __future__ import annotations

from pathlib import Path

from app.ratelimit import DEFAULT_BUCKETS, RateLimiter
from rest_compat.runtime import EXTRAS

EXAMPLES = Path(__file__).resolve().parents[2] / "graphql_examples"
THROTTLED = {"error": "Throttled"}


def _limit(client, **buckets) -> None:
    """Turn rate limits on in the running app: Pleroma's budgets, some replaced."""
    client.server.app[EXTRAS]["rate_limiter"] = RateLimiter({**DEFAULT_BUCKETS, **buckets})


async def _gql(rw, who: str, name: str, variables: dict) -> dict:
    query = (EXAMPLES / f"{name}.graphql").read_text()
    response = await rw.client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=rw.headers(who)
    )
    assert response.status == 200
    return (await response.json())["data"][name]


async def test_fourth_favourite_action_on_one_status_is_throttled(client, rw) -> None:
    _limit(client)
    status = await rw.post("alice", "like me")
    other = await rw.post("alice", "and me")
    path = f"/api/v1/statuses/{status['id']}"
    await rw.act("bob", status["id"], "favourite")
    await rw.act("bob", status["id"], "unfavourite")
    await rw.act("bob", status["id"], "favourite")
    assert await rw.act("bob", status["id"], "unfavourite", expect=429) == THROTTLED
    # Nothing was undone by the refused call.
    assert (await rw.call("GET", path, "bob"))["favourited"] is True
    # Another status, another account, and reblogs of the same status have their own budget.
    await rw.act("bob", other["id"], "favourite")
    await rw.act("eve", status["id"], "favourite")
    await rw.act("bob", status["id"], "reblog")


async def test_reblog_budget_is_shared_with_graphql(client, rw) -> None:
    _limit(client)
    status = await rw.post("alice", "boost me")
    await rw.act("bob", status["id"], "reblog")
    await rw.act("bob", status["id"], "unreblog")
    await rw.act("bob", status["id"], "reblog")
    payload = await _gql(rw, "bob", "statusUnreblog", {"input": {"statusId": status["id"]}})
    assert payload["status"] is None
    assert payload["userErrors"] == [{"code": "THROTTLED", "field": None, "message": "Throttled"}]
    # GraphQL spends the favourite budget too: three there, the fourth refused over REST.
    for _ in range(3):
        payload = await _gql(rw, "bob", "statusFavourite", {"input": {"statusId": status["id"]}})
        assert payload["userErrors"] == []
    assert await rw.act("bob", status["id"], "favourite", expect=429) == THROTTLED


async def test_statuses_actions_budget_counts_posts_and_interactions(client, rw) -> None:
    from app.ratelimit import Bucket, per_seconds

    _limit(client, statuses_actions=Bucket(per_seconds(3, 10)))
    first = await rw.post("alice", "one")
    await rw.post("alice", "two")
    await rw.act("alice", first["id"], "favourite")
    assert await rw.post("alice", "three", expect=429) == THROTTLED
    payload = await _gql(rw, "alice", "statusCreate", {"input": {"text": "four"}})
    assert payload["userErrors"][0]["code"] == "THROTTLED"
    # Only two statuses exist: the refused posts wrote nothing.
    mine = await rw.call("GET", f"/api/v1/accounts/{rw.id('alice')}/statuses", "alice")
    assert [s["content"] for s in mine] == ["two", "one"]
    # Another account has its own budget.
    await rw.post("bob", "bob is fine")


async def test_third_follow_action_on_one_account_is_throttled(client, rw) -> None:
    _limit(client)
    eve = rw.id("eve")
    await rw.call("POST", f"/api/v1/accounts/{eve}/follow", "carol")
    await rw.call("POST", f"/api/v1/accounts/{eve}/unfollow", "carol")
    refused = await rw.call("POST", f"/api/v1/accounts/{eve}/follow", "carol", expect=429)
    assert refused == THROTTLED
    relationship = await rw.call("GET", f"/api/v1/accounts/relationships?id={eve}", "carol")
    assert relationship[0]["following"] is False
    # GraphQL shares the budget; another target has its own.
    payload = await _gql(rw, "carol", "accountUnfollow", {"input": {"accountId": eve}})
    assert payload["userErrors"][0]["code"] == "THROTTLED"
    await rw.call("POST", f"/api/v1/accounts/{rw.id('alice')}/follow", "carol")


async def test_relations_actions_budget_spans_targets(client, rw) -> None:
    from app.ratelimit import Bucket, per_seconds

    _limit(client, relations_actions=Bucket(per_seconds(2, 10)))
    await rw.call("POST", f"/api/v1/accounts/{rw.id('alice')}/follow", "eve")
    await rw.call("POST", f"/api/v1/accounts/{rw.id('bob')}/follow", "eve")
    target = rw.id("carol")
    assert await rw.call("POST", f"/api/v1/accounts/{target}/follow", "eve", expect=429) == (
        THROTTLED
    )
