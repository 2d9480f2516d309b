"""How ``tests/graphql/test_examples.py`` runs the admin examples of this area.

alice is an admin in the GraphQL world; ``prepare`` issues her a token with the admin
scopes (``world.admin_token``) and makes the data over REST: alice posts in public, bob
posts a private status and a direct one to alice, and reblogs alice's post. Budgets
count the whole operation: token lookup, the service's statements, ``hydrate``.
"""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from app.main import SETTINGS
from schema.services import tokens
from tests.emoji.packs import GRAPHQL_EMOJIS, make_packs
from tests.statuses.graphql_cases import alice_posts, rest

ADMIN = "admin_token"
ADMIN_API = "/api/v1/pleroma/admin"


async def _admin(world: Any) -> None:
    token = await tokens.issue_token(
        world.accounts["alice"], world.app, ["read", "write", "admin"]
    )
    world.admin_token = token.access_token


async def prepare_admin(client: Any, world: Any) -> dict[str, Any]:
    await _admin(world)
    return {}


async def prepare_statuses(client: Any, world: Any) -> dict[str, Any]:
    """The four statuses (``world.public``, ``private``, ``direct``, ``reblog``)."""
    await _admin(world)
    world.public = await alice_posts(client, world, "hello world")
    bob = world.bob_token
    post = "/api/v1/statuses"
    world.private = await rest(
        client, world, bob, "POST", post, json={"status": "bob only", "visibility": "private"}
    )
    world.direct = await rest(
        client, world, bob, "POST", post, json={"status": "@alice psst", "visibility": "direct"}
    )
    world.reblog = await rest(
        client, world, bob, "POST", f"/api/v1/statuses/{world.public['id']}/reblog"
    )
    return {}


def check_statuses(data: dict[str, Any], world: Any) -> None:
    got = [(s["restId"], s["visibility"], s["account"]["username"]) for s in data["adminStatuses"]]
    assert got == [
        (world.reblog["id"], "PUBLIC", "bob"),
        (world.direct["id"], "DIRECT", "bob"),
        (world.private["id"], "PRIVATE", "bob"),
        (world.public["id"], "PUBLIC", "alice"),
    ]
    assert data["adminStatuses"][0]["reblog"] == {"restId": world.public["id"]}
    assert data["adminStatuses"][2]["content"] == "bob only"


async def prepare_status(client: Any, world: Any) -> dict[str, Any]:
    await prepare_statuses(client, world)
    return {"id": to_base64("Status", world.private["id"])}


def check_status(data: dict[str, Any], world: Any) -> None:
    assert data["adminStatus"] == {
        "restId": world.private["id"],
        "visibility": "PRIVATE",
        "content": "bob only",
        "account": {"restId": world.accounts["bob"].id, "username": "bob"},
    }


async def prepare_user_statuses(client: Any, world: Any) -> dict[str, Any]:
    await prepare_statuses(client, world)
    return {"nickname": "bob"}


def check_user_statuses(data: dict[str, Any], world: Any) -> None:
    page = data["adminUserStatuses"]
    # godmode: the private and the direct status; the reblog is left out by default
    assert page["total"] == 2
    assert [(s["restId"], s["visibility"]) for s in page["statuses"]] == [
        (world.direct["id"], "DIRECT"),
        (world.private["id"], "PRIVATE"),
    ]


def check_instance_statuses(data: dict[str, Any], world: Any) -> None:
    page = data["adminInstanceStatuses"]
    assert page == {
        "total": 1,
        "statuses": [
            {"restId": world.public["id"], "visibility": "PUBLIC", "account": {"username": "alice"}}
        ],
    }


async def prepare_update(client: Any, world: Any) -> dict[str, Any]:
    await prepare_statuses(client, world)
    return {
        "input": {
            "id": to_base64("Status", world.public["id"]),
            "sensitive": True,
            "visibility": "PRIVATE",
        }
    }


def check_update(data: dict[str, Any], world: Any) -> None:
    assert data["adminStatusUpdate"] == {
        "status": {"restId": world.public["id"], "sensitive": True, "visibility": "PRIVATE"},
        "userErrors": [],
    }


async def prepare_delete(client: Any, world: Any) -> dict[str, Any]:
    await prepare_statuses(client, world)
    return {"input": {"id": world.private["id"]}}


def check_delete(data: dict[str, Any], world: Any) -> None:
    assert data["adminStatusDelete"] == {"deletedStatusId": world.private["id"], "userErrors": []}


async def prepare_log(client: Any, world: Any) -> dict[str, Any]:
    await prepare_statuses(client, world)
    await rest(
        client, world, world.admin_token, "PUT", f"{ADMIN_API}/statuses/{world.public['id']}",
        json={"sensitive": True},
    )
    await rest(
        client, world, world.admin_token, "DELETE", f"{ADMIN_API}/statuses/{world.private['id']}"
    )
    return {"search": "updated"}


def check_log(data: dict[str, Any], world: Any) -> None:
    page = data["adminModerationLog"]
    assert page["total"] == 1
    [entry] = page["items"]
    message = f"@alice updated status #{world.public['id']}, set sensitive: 'true'"
    assert (entry["action"], entry["message"], entry["actorNickname"]) == (
        "status_update", message, "alice"
    )
    assert entry["actor"] == {"username": "alice"}
    assert entry["data"]["subject"] == {"type": "status", "id": world.public["id"]}
    assert entry["data"]["sensitive"] is True
    assert isinstance(entry["time"], int) and entry["time"] > 1_700_000_000


def check_stats(data: dict[str, Any], world: Any) -> None:
    assert data["adminStats"] == {
        "statusVisibility": {"public": 1, "unlisted": 0, "private": 1, "direct": 1}
    }


async def prepare_reload(client: Any, world: Any) -> dict[str, Any]:
    await _admin(world)
    make_packs(client.app[SETTINGS].emoji_dir)
    return {}


def check_reload(data: dict[str, Any], world: Any) -> None:
    assert data["adminEmojiReload"] == {"emojiCount": len(GRAPHQL_EMOJIS), "userErrors": []}


async def _tool(client: Any, world: Any, **extra: Any) -> dict[str, Any]:
    body = {"name": "Tool", "redirect_uris": "https://tool.example/cb", **extra}
    return await rest(client, world, world.admin_token, "POST", f"{ADMIN_API}/oauth_app", json=body)


async def prepare_apps(client: Any, world: Any) -> dict[str, Any]:
    await _admin(world)
    world.tool = await _tool(client, world, trusted=True, website="https://tool.example")
    return {"trusted": True}


def check_apps(data: dict[str, Any], world: Any) -> None:
    assert data["adminOAuthApps"] == {
        "count": 1,
        "pageSize": 50,
        "apps": [
            {
                "restId": world.tool["id"],
                "name": "Tool",
                "redirectUri": "https://tool.example/cb",
                "website": "https://tool.example",
                "scopes": ["read"],
                "trusted": True,
                "clientId": world.tool["client_id"],
                "clientSecret": world.tool["client_secret"],
            }
        ],
    }


def check_app_create(data: dict[str, Any], world: Any) -> None:
    payload = data["adminOAuthAppCreate"]
    assert payload["userErrors"] == []
    app = payload["app"]
    assert {k: app[k] for k in ("name", "redirectUri", "website", "scopes", "trusted")} == {
        "name": "Admin Tool",
        "redirectUri": "https://tool.example/callback",
        "website": "https://tool.example",
        "scopes": ["read", "admin:read"],
        "trusted": True,
    }
    assert len(app["clientId"]) >= 40 and len(app["clientSecret"]) >= 40


async def prepare_app_update(client: Any, world: Any) -> dict[str, Any]:
    await _admin(world)
    world.tool = await _tool(client, world, trusted=True, website="https://tool.example")
    return {"input": {"id": world.tool["id"], "name": "Renamed", "website": "", "trusted": False}}


def check_app_update(data: dict[str, Any], world: Any) -> None:
    assert data["adminOAuthAppUpdate"] == {
        "app": {"restId": world.tool["id"], "name": "Renamed", "website": None, "trusted": False},
        "userErrors": [],
    }


async def prepare_app_delete(client: Any, world: Any) -> dict[str, Any]:
    await _admin(world)
    world.tool = await _tool(client, world)
    return {"input": {"id": to_base64("App", world.tool["id"])}}


def check_app_delete(data: dict[str, Any], world: Any) -> None:
    assert data["adminOAuthAppDelete"] == {"deletedAppId": world.tool["id"], "userErrors": []}


CASES: dict[str, dict[str, Any]] = {
    "adminStatuses": {
        "check": check_statuses, "budget": 5, "token": ADMIN, "prepare": prepare_statuses,
    },
    "adminStatus": {"check": check_status, "budget": 4, "token": ADMIN, "prepare": prepare_status},
    "adminUserStatuses": {
        "check": check_user_statuses, "budget": 6, "token": ADMIN,
        "prepare": prepare_user_statuses,
    },
    "adminInstanceStatuses": {
        "check": check_instance_statuses, "budget": 5, "token": ADMIN,
        "prepare": prepare_statuses,
    },
    "adminStatusUpdate": {
        "check": check_update, "budget": 13, "token": ADMIN, "prepare": prepare_update,
    },
    "adminStatusDelete": {
        "check": check_delete, "budget": 6, "token": ADMIN, "prepare": prepare_delete,
    },
    "adminModerationLog": {"check": check_log, "budget": 4, "token": ADMIN, "prepare": prepare_log},
    "adminStats": {"check": check_stats, "budget": 2, "token": ADMIN, "prepare": prepare_statuses},
    "adminEmojiReload": {
        "check": check_reload, "budget": 1, "token": ADMIN, "prepare": prepare_reload,
    },
    "adminOAuthApps": {"check": check_apps, "budget": 3, "token": ADMIN, "prepare": prepare_apps},
    "adminOAuthAppCreate": {
        "check": check_app_create, "budget": 2, "token": ADMIN,
        "prepare": prepare_admin,
    },
    "adminOAuthAppUpdate": {
        "check": check_app_update, "budget": 4, "token": ADMIN, "prepare": prepare_app_update,
    },
    "adminOAuthAppDelete": {
        "check": check_app_delete, "budget": 5, "token": ADMIN, "prepare": prepare_app_delete,
    },
}
