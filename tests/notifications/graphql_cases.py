"""How ``tests/graphql/test_examples.py`` runs the notification examples.

Set-up goes through REST (alice mentions bob, favourites his status, follows him), so both
projections meet the same data; bob runs the examples. Budgets do not depend on the page.
"""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

BOB = "bob_token"


async def rest(client: Any, world: Any, token: str, method: str, path: str, **kw: Any) -> Any:
    response = await client.request(method, path, headers=world.auth(token), **kw)
    assert response.status == 200, await response.text()
    return await response.json()


async def three_notifications(client: Any, world: Any) -> list[dict[str, Any]]:
    """bob gets a mention, a favourite and a follow from alice; newest first."""
    alice, bob = world.alice_token, world.bob_token
    world.mention = await rest(
        client, world, alice, "POST", "/api/v1/statuses", json={"status": "hi @bob"}
    )
    mine = await rest(client, world, bob, "POST", "/api/v1/statuses", json={"status": "mine"})
    world.favourited = mine
    await rest(client, world, alice, "POST", f"/api/v1/statuses/{mine['id']}/favourite")
    bob_id = world.accounts["bob"].id
    await rest(client, world, alice, "POST", f"/api/v1/accounts/{bob_id}/follow")
    world.notifications = await rest(client, world, bob, "GET", "/api/v1/notifications")
    assert [n["type"] for n in world.notifications] == ["follow", "favourite", "mention"]
    return world.notifications


async def prepare_list(client: Any, world: Any) -> dict[str, Any]:
    await three_notifications(client, world)
    return {"first": 2}


def check_list(data: dict[str, Any], world: Any) -> None:
    page = data["notifications"]
    expected = world.notifications[:2]
    assert [e["cursor"] for e in page["edges"]] == [n["id"] for n in expected]
    follow, favourite = (e["node"] for e in page["edges"])
    assert follow["type"] == "FOLLOW" and follow["status"] is None
    assert follow["account"] == {"username": "alice"}
    assert favourite["type"] == "FAVOURITE"
    assert favourite["status"]["restId"] == world.favourited["id"]
    assert favourite["isSeen"] is False and favourite["isMuted"] is False
    assert page["pageInfo"] == {"hasNextPage": True, "endCursor": expected[-1]["id"]}


async def prepare_one(client: Any, world: Any) -> dict[str, Any]:
    notes = await three_notifications(client, world)
    return {"id": to_base64("Notification", notes[2]["id"])}


def check_one(data: dict[str, Any], world: Any) -> None:
    assert data["notification"] == {
        "restId": world.notifications[2]["id"], "type": "MENTION", "isSeen": False,
        "account": {"username": "alice"}, "status": {"restId": world.mention["id"]},
    }


def check_dismissed(name: str, count: int):
    def check(data: dict[str, Any], world: Any) -> None:
        assert data[name] == {"dismissedCount": count, "userErrors": []}

    return check


async def prepare_clear(client: Any, world: Any) -> dict[str, Any]:
    await three_notifications(client, world)
    return {}


async def prepare_dismiss(client: Any, world: Any) -> dict[str, Any]:
    notes = await three_notifications(client, world)
    return {"input": {"notificationId": to_base64("Notification", notes[0]["id"])}}


async def prepare_dismiss_many(client: Any, world: Any) -> dict[str, Any]:
    notes = await three_notifications(client, world)
    ids = [to_base64("Notification", notes[0]["id"]), notes[1]["id"], "not-a-notification"]
    return {"input": {"notificationIds": ids}}


async def prepare_mark_read(client: Any, world: Any) -> dict[str, Any]:
    notes = await three_notifications(client, world)
    return {"input": {"maxId": notes[1]["id"]}}


def check_mark_read(data: dict[str, Any], world: Any) -> None:
    payload = data["notificationsMarkRead"]
    assert payload["userErrors"] == []
    assert payload["notifications"] == [
        {"restId": n["id"], "type": n["type"].upper(), "isSeen": True}
        for n in world.notifications[1:]
    ]


def check_settings(data: dict[str, Any], world: Any) -> None:
    assert data["notificationSettingsUpdate"] == {
        "settings": {
            "blockFromStrangers": True, "hideNotificationContents": True, "followers": True,
            "follows": True, "nonFollowers": True, "nonFollows": True,
        },
        "userErrors": [],
    }


CASES: dict[str, dict[str, Any]] = {
    "notifications": {"check": check_list, "budget": 9, "token": BOB, "prepare": prepare_list},
    "notification": {"check": check_one, "budget": 9, "token": BOB, "prepare": prepare_one},
    "notificationsClear": {
        "check": check_dismissed("notificationsClear", 3), "budget": 2, "token": BOB,
        "prepare": prepare_clear,
    },
    "notificationDismiss": {
        "check": check_dismissed("notificationDismiss", 1), "budget": 2, "token": BOB,
        "prepare": prepare_dismiss,
    },
    "notificationsDismiss": {
        "check": check_dismissed("notificationsDismiss", 2), "budget": 2, "token": BOB,
        "prepare": prepare_dismiss_many,
    },
    # 13: creating the notifications marker it moves (newest seen, move, exists, insert)
    "notificationsMarkRead": {
        "check": check_mark_read, "budget": 13, "token": BOB, "prepare": prepare_mark_read,
    },
    "notificationSettingsUpdate": {"check": check_settings, "budget": 3, "token": BOB},
}
