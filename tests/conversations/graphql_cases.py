"""How ``tests/graphql/test_examples.py`` runs the conversation examples.

Set-up goes through REST (alice writes direct statuses to bob), so both projections meet
the same rows; the budgets hold whatever the page size.
"""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from tests.statuses.graphql_cases import alice_posts, rest

BOB = "bob_token"


async def _bobs_conversations(client: Any, world: Any) -> list[dict[str, Any]]:
    return await rest(client, world, world.bob_token, "GET", "/api/v1/conversations")


async def _two_conversations(client: Any, world: Any) -> None:
    world.first = await alice_posts(client, world, "@bob first", visibility="direct")
    world.second = await alice_posts(client, world, "@bob @carol second", visibility="direct")
    world.conversations = await _bobs_conversations(client, world)


async def prepare_list(client: Any, world: Any) -> dict[str, Any]:
    await _two_conversations(client, world)
    return {"first": 1}


def check_list(data: dict[str, Any], world: Any) -> None:
    page = data["conversations"]
    (edge,) = page["edges"]
    node = edge["node"]
    assert node["restId"] == world.conversations[0]["id"]
    assert node["id"] == to_base64("Conversation", node["restId"])
    assert node["unread"] is True
    assert sorted(a["acct"] for a in node["accounts"]) == ["alice", "carol"]
    assert node["lastStatus"]["restId"] == world.second["id"]
    assert node["lastStatus"]["visibility"] == "DIRECT"
    assert node["lastStatus"]["directConversationId"] == node["restId"]
    assert page["pageInfo"] == {"hasNextPage": True, "endCursor": world.second["id"]}


async def prepare_one(client: Any, world: Any) -> dict[str, Any]:
    await _two_conversations(client, world)
    return {"id": to_base64("Conversation", world.conversations[0]["id"])}


def check_one(data: dict[str, Any], world: Any) -> None:
    conversation = data["conversation"]
    assert conversation["restId"] == world.conversations[0]["id"]
    assert sorted(a["acct"] for a in conversation["recipients"]) == ["alice", "bob", "carol"]
    assert conversation["lastStatus"]["directConversationId"] == conversation["restId"]


async def prepare_statuses(client: Any, world: Any) -> dict[str, Any]:
    await _two_conversations(client, world)
    cid = world.conversations[1]["id"]
    world.reply = await rest(
        client,
        world,
        world.bob_token,
        "POST",
        "/api/v1/statuses",
        json={"status": "reply", "in_reply_to_conversation_id": cid},
    )
    return {"id": cid, "first": 1}


def check_statuses(data: dict[str, Any], world: Any) -> None:
    page = data["conversationStatuses"]
    assert [n["restId"] for n in page["nodes"]] == [world.first["id"]]
    assert page["nodes"][0]["directConversationId"] == world.conversations[1]["id"]
    assert page["pageInfo"] == {"hasNextPage": True, "endCursor": world.first["id"]}


async def prepare_mark_read(client: Any, world: Any) -> dict[str, Any]:
    await _two_conversations(client, world)
    return {"input": {"conversationId": to_base64("Conversation", world.conversations[1]["id"])}}


def check_mark_read(data: dict[str, Any], world: Any) -> None:
    payload = data["conversationMarkRead"]
    assert payload == {
        "conversation": {"restId": world.conversations[1]["id"], "unread": False},
        "userErrors": [],
    }


async def prepare_mark_all(client: Any, world: Any) -> dict[str, Any]:
    await _two_conversations(client, world)
    return {}


def check_mark_all(data: dict[str, Any], world: Any) -> None:
    payload = data["conversationsMarkRead"]
    assert payload["userErrors"] == []
    assert payload["conversations"] == [
        {"restId": c["id"], "unread": False} for c in world.conversations
    ]


async def prepare_recipients(client: Any, world: Any) -> dict[str, Any]:
    await _two_conversations(client, world)
    return {
        "input": {
            "conversationId": world.conversations[1]["id"],
            "recipientIds": [
                to_base64("Account", world.accounts["dave"].id),
                world.accounts["alice"].id,
            ],
        }
    }


def check_recipients(data: dict[str, Any], world: Any) -> None:
    payload = data["conversationUpdateRecipients"]
    assert payload["userErrors"] == []
    conversation = payload["conversation"]
    assert sorted(a["acct"] for a in conversation["accounts"]) == ["alice", "dave"]
    assert sorted(a["acct"] for a in conversation["recipients"]) == ["alice", "bob", "dave"]


async def prepare_delete(client: Any, world: Any) -> dict[str, Any]:
    await _two_conversations(client, world)
    return {"input": {"conversationId": to_base64("Conversation", world.conversations[0]["id"])}}


def check_delete(data: dict[str, Any], world: Any) -> None:
    assert data["conversationDelete"] == {
        "deletedConversationId": world.conversations[0]["id"],
        "userErrors": [],
    }


CASES: dict[str, dict[str, Any]] = {
    "conversations": {"check": check_list, "budget": 6, "token": BOB, "prepare": prepare_list},
    "conversation": {"check": check_one, "budget": 6, "token": BOB, "prepare": prepare_one},
    "conversationStatuses": {
        "check": check_statuses,
        "budget": 5,
        "token": BOB,
        "prepare": prepare_statuses,
    },
    "conversationMarkRead": {
        "check": check_mark_read,
        "budget": 7,
        "token": BOB,
        "prepare": prepare_mark_read,
    },
    "conversationsMarkRead": {
        "check": check_mark_all,
        "budget": 7,
        "token": BOB,
        "prepare": prepare_mark_all,
    },
    "conversationUpdateRecipients": {
        "check": check_recipients,
        "budget": 9,
        "token": BOB,
        "prepare": prepare_recipients,
    },
    "conversationDelete": {
        "check": check_delete,
        "budget": 3,
        "token": BOB,
        "prepare": prepare_delete,
    },
}
