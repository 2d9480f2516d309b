"""How ``tests/graphql/test_examples.py`` runs the marker examples.

Set-up goes through REST: alice mentions bob twice (two notifications for bob), and for
``markers`` bob saves both markers with the older notification as read, so one is unread.
"""

from __future__ import annotations

import re
from typing import Any

from tests.statuses.graphql_cases import alice_posts, rest

BOB = "bob_token"
ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


async def _two_mentions(client: Any, world: Any) -> None:
    world.first = await alice_posts(client, world, "@bob first")
    world.second = await alice_posts(client, world, "@bob second")
    notes = await rest(client, world, world.bob_token, "GET", "/api/v1/notifications")
    world.notes = [n["id"] for n in notes]  # newest first
    assert len(world.notes) == 2


async def prepare_read(client: Any, world: Any) -> dict[str, Any]:
    await _two_mentions(client, world)
    body = {
        "home": {"last_read_id": world.second["id"]},
        "notifications": {"last_read_id": world.notes[1]},
    }
    world.saved = await rest(client, world, world.bob_token, "POST", "/api/v1/markers", json=body)
    return {"timelines": ["NOTIFICATIONS", "HOME"]}


def check_read(data: dict[str, Any], world: Any) -> None:
    home, notifications = data["markers"]
    assert {k: home[k] for k in ("timeline", "lastReadId", "version", "unreadCount")} == {
        "timeline": "HOME",
        "lastReadId": world.second["id"],
        "version": 0,
        "unreadCount": None,
    }
    assert {k: notifications[k] for k in ("timeline", "lastReadId", "version")} == {
        "timeline": "NOTIFICATIONS",
        "lastReadId": world.notes[1],
        "version": 0,
    }
    assert notifications["unreadCount"] == 1
    assert notifications["updatedAt"] == world.saved["notifications"]["updated_at"]
    assert re.fullmatch(ISO, home["updatedAt"])


async def prepare_save(client: Any, world: Any) -> dict[str, Any]:
    await _two_mentions(client, world)
    return {"input": {"home": world.first["id"], "notifications": world.notes[1]}}


def check_save(data: dict[str, Any], world: Any) -> None:
    payload = data["markersSave"]
    assert payload["userErrors"] == []
    home, notifications = payload["markers"]
    assert (home["timeline"], home["lastReadId"], home["version"]) == (
        "HOME",
        world.first["id"],
        0,
    )
    assert home["unreadCount"] is None
    assert (notifications["timeline"], notifications["lastReadId"]) == (
        "NOTIFICATIONS",
        world.notes[1],
    )
    # the older mention became seen, the newer one is still unread
    assert notifications["unreadCount"] == 1
    assert re.fullmatch(ISO, notifications["updatedAt"])


CASES: dict[str, dict[str, Any]] = {
    "markers": {"check": check_read, "budget": 4, "token": BOB, "prepare": prepare_read},
    "markersSave": {"check": check_save, "budget": 12, "token": BOB, "prepare": prepare_save},
}
