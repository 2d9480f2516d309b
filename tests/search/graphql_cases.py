"""How ``tests/graphql/test_examples.py`` runs the ``search`` example.

Set-up goes through REST: alice posts "Caring for cats" (public) and a private status
about her car, carol posts "Carrots and cats". bob, who follows nobody, searches "car":
carol's account (nickname prefix), the two public statuses newest first (never alice's
private one) and the hashtag ``car``.
"""

from __future__ import annotations

from typing import Any

from schema.services import tokens
from tests.statuses.graphql_cases import alice_posts, rest

BOB = "bob_token"


async def prepare_search(client: Any, world: Any) -> dict[str, Any]:
    world.caring = await alice_posts(client, world, "Caring for cats")
    world.secret = await alice_posts(client, world, "my car is a secret", visibility="private")
    carol_token = await _token(client, world, "carol")
    world.carrots = await rest(
        client, world, carol_token, "POST", "/api/v1/statuses",
        json={"status": "Carrots and cats"},
    )
    return {}


async def _token(client: Any, world: Any, nickname: str) -> str:
    account = world.accounts[nickname]
    return (await tokens.issue_token(account, world.app, ["read", "write"])).access_token


def check_search(data: dict[str, Any], world: Any) -> None:
    found = data["search"]
    assert found["accounts"] == [
        {
            "restId": world.accounts["carol"].id,
            "username": "carol",
            "acct": "carol",
            "displayName": "carol",
        }
    ]
    assert [s["restId"] for s in found["statuses"]] == [world.carrots["id"], world.caring["id"]]
    assert [s["account"]["acct"] for s in found["statuses"]] == ["carol", "alice"]
    assert "Carrots and cats" in found["statuses"][0]["content"]
    assert {s["visibility"] for s in found["statuses"]} == {"PUBLIC"}
    assert found["hashtags"] == [{"name": "car", "url": "https://plenum.example/tag/car"}]


CASES: dict[str, dict[str, Any]] = {
    "search": {"check": check_search, "budget": 5, "token": BOB, "prepare": prepare_search},
}
