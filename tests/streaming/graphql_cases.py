"""How ``tests/graphql/test_examples.py`` runs the subscription examples.

bob runs them over graphql-transport-ws; the ``trigger`` (alice posting over REST) makes
the event the runner waits for. bob follows alice first (``prepare``).
"""

from __future__ import annotations

from typing import Any

from tests.statuses.graphql_cases import alice_posts, rest

BOB = "bob_token"


async def bob_follows_alice(client: Any, world: Any) -> dict[str, Any]:
    alice = world.accounts["alice"].id
    await rest(client, world, world.bob_token, "POST", f"/api/v1/accounts/{alice}/follow")
    return {}


async def alice_posts_live(client: Any, world: Any) -> None:
    world.streamed = await alice_posts(client, world, "live from alice")


async def alice_mentions_bob(client: Any, world: Any) -> None:
    world.streamed = await alice_posts(client, world, "hi @bob")


def check_home_updates(data: dict[str, Any], world: Any) -> None:
    status = data["homeUpdates"]
    assert status["restId"] == world.streamed["id"]
    assert status["content"] == world.streamed["content"]
    assert status["visibility"] == "PUBLIC"
    assert status["account"] == {"acct": "alice"}
    assert status["reblog"] is None
    assert status["viewerHasFavourited"] is False


def check_notification_added(data: dict[str, Any], world: Any) -> None:
    notification = data["notificationAdded"]
    assert notification["type"] == "MENTION"
    assert notification["account"] == {"acct": "alice"}
    assert notification["status"]["restId"] == world.streamed["id"]
    assert notification["status"]["content"] == world.streamed["content"]


# Budgets hold the trigger (alice's post over REST, with its notification and fan-out)
# and the delivery together: 11 and 18 statements when measured.
CASES: dict[str, dict[str, Any]] = {
    "homeUpdates": {
        "check": check_home_updates,
        "budget": 12,
        "token": BOB,
        "prepare": bob_follows_alice,
        "trigger": alice_posts_live,
    },
    "notificationAdded": {
        "check": check_notification_added,
        "budget": 19,
        "token": BOB,
        "trigger": alice_mentions_bob,
    },
}
