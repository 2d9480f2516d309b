"""How ``tests/graphql/test_examples.py`` runs the list examples.

Set-up goes through REST in the GraphQL fixture world: bob makes his lists over
``/api/v1/lists`` and adds alice or carol (whom he does not follow: Pleroma allows it);
alice posts. Both projections meet the same rows and rules.
"""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from tests.statuses.graphql_cases import alice_posts, rest

BOB = "bob_token"


def gid(type_name: str, rest_id: str) -> str:
    return to_base64(type_name, rest_id)


async def bob_list(client: Any, world: Any, title: str = "friends", *members: str) -> Any:
    """bob's new list holding ``members`` (nicknames of the world), as REST answers it."""
    made = await rest(
        client, world, world.bob_token, "POST", "/api/v1/lists", json={"title": title}
    )
    if members:
        ids = [world.accounts[m].id for m in members]
        path = f"/api/v1/lists/{made['id']}/accounts"
        await rest(client, world, world.bob_token, "POST", path, json={"account_ids": ids})
    return made


def rest_list(made: dict[str, Any]) -> dict[str, Any]:
    """The GraphQL ``List`` fields expected for a REST List."""
    return {
        "id": gid("List", made["id"]),
        "restId": made["id"],
        "title": made["title"],
        "repliesPolicy": made["replies_policy"].upper(),
        "exclusive": made["exclusive"],
    }


async def prepare_lists(client: Any, world: Any) -> dict[str, Any]:
    world.made = [await bob_list(client, world, t) for t in ("first", "second")]
    await rest(client, world, world.alice_token, "POST", "/api/v1/lists", json={"title": "hers"})
    return {}


def check_lists(data: dict[str, Any], world: Any) -> None:
    assert data["lists"] == [rest_list(m) for m in reversed(world.made)]


async def prepare_list(client: Any, world: Any) -> dict[str, Any]:
    world.made = await bob_list(client, world, "cuties")
    return {"id": gid("List", world.made["id"])}


def check_list(data: dict[str, Any], world: Any) -> None:
    assert data["list"] == rest_list(world.made)
    assert data["list"]["repliesPolicy"] == "LIST"


async def prepare_list_accounts(client: Any, world: Any) -> dict[str, Any]:
    world.made = await bob_list(client, world, "people", "alice", "carol")
    return {"id": world.made["id"], "first": 1}


def check_list_accounts(data: dict[str, Any], world: Any) -> None:
    page = data["listAccounts"]
    (edge,) = page["edges"]
    # carol was added last: the most recent membership comes first
    assert edge["node"] == {
        "restId": world.accounts["carol"].id,
        "username": "carol",
        "acct": "carol",
        "relationship": {"following": False},
    }
    assert page["pageInfo"] == {"hasNextPage": True, "endCursor": edge["cursor"]}


async def prepare_list_timeline(client: Any, world: Any) -> dict[str, Any]:
    alice = world.accounts["alice"].id
    await rest(client, world, world.bob_token, "POST", f"/api/v1/accounts/{alice}/follow")
    world.made = await bob_list(client, world, "alice only", "alice")
    world.posts = [await alice_posts(client, world, f"post {i}") for i in range(2)]
    world.posts.append(await alice_posts(client, world, "for followers", visibility="private"))
    await alice_posts(client, world, "@bob just us", visibility="direct")
    world.posts.append(await alice_posts(client, world, "last one"))
    # bob is no member of his list, and a member's reblog is never shown
    own = await rest(client, world, world.bob_token, "POST", "/api/v1/statuses",
                     json={"status": "bob's own"})
    await rest(client, world, world.alice_token, "POST", f"/api/v1/statuses/{own['id']}/reblog")
    return {"id": gid("List", world.made["id"]), "first": 3}


def check_list_timeline(data: dict[str, Any], world: Any) -> None:
    page = data["listTimeline"]
    newest = [p["id"] for p in reversed(world.posts)]
    assert [e["node"]["restId"] for e in page["edges"]] == newest[:3]
    assert [e["node"]["visibility"] for e in page["edges"]] == ["PUBLIC", "PRIVATE", "PUBLIC"]
    assert page["edges"][1]["node"]["account"]["acct"] == "alice"
    assert page["pageInfo"] == {"hasNextPage": True, "endCursor": newest[2]}


async def prepare_account_lists(client: Any, world: Any) -> dict[str, Any]:
    world.made = await bob_list(client, world, "with alice", "alice")
    await bob_list(client, world, "with carol", "carol")
    return {"accountId": gid("Account", world.accounts["alice"].id)}


def check_account_lists(data: dict[str, Any], world: Any) -> None:
    assert data["accountLists"] == [{"restId": world.made["id"], "title": "with alice"}]


def check_list_create(data: dict[str, Any], world: Any) -> None:
    payload = data["listCreate"]
    assert payload["userErrors"] == []
    made = payload["list"]
    assert (made["title"], made["repliesPolicy"], made["exclusive"]) == (
        "Friends", "FOLLOWED", True,
    )
    assert made["id"] == gid("List", made["restId"])


async def prepare_list_update(client: Any, world: Any) -> dict[str, Any]:
    world.made = await bob_list(client, world, "old name")
    return {"input": {"listId": gid("List", world.made["id"]), "title": "new name"}}


def check_list_update(data: dict[str, Any], world: Any) -> None:
    payload = data["listUpdate"]
    assert payload["userErrors"] == []
    assert payload["list"] == {**rest_list(world.made), "title": "new name"}


async def prepare_list_delete(client: Any, world: Any) -> dict[str, Any]:
    world.made = await bob_list(client, world, "short-lived", "alice")
    return {"input": {"listId": world.made["id"]}}


def check_list_delete(data: dict[str, Any], world: Any) -> None:
    assert data["listDelete"] == {"deletedListId": world.made["id"], "userErrors": []}


async def prepare_accounts_add(client: Any, world: Any) -> dict[str, Any]:
    world.made = await bob_list(client, world, "growing")
    ids = [gid("Account", world.accounts["alice"].id), world.accounts["carol"].id, "nobody"]
    return {"input": {"listId": gid("List", world.made["id"]), "accountIds": ids}}


def check_list_payload(name: str):
    def check(data: dict[str, Any], world: Any) -> None:
        assert data[name] == {"list": rest_list(world.made), "userErrors": []}

    return check


async def prepare_accounts_remove(client: Any, world: Any) -> dict[str, Any]:
    world.made = await bob_list(client, world, "shrinking", "alice", "carol")
    ids = [gid("Account", world.accounts["alice"].id)]
    return {"input": {"listId": world.made["id"], "accountIds": ids}}


async def prepare_list_updates(client: Any, world: Any) -> dict[str, Any]:
    world.made = await bob_list(client, world, "live", "alice")
    return {"id": gid("List", world.made["id"])}


async def alice_posts_live(client: Any, world: Any) -> None:
    world.streamed = await alice_posts(client, world, "live for the list")


def check_list_updates(data: dict[str, Any], world: Any) -> None:
    assert data["listUpdates"] == {
        "restId": world.streamed["id"],
        "content": world.streamed["content"],
        "visibility": "PUBLIC",
        "account": {"acct": "alice"},
    }


CASES: dict[str, dict[str, Any]] = {
    "lists": {"check": check_lists, "budget": 2, "token": BOB, "prepare": prepare_lists},
    "list": {"check": check_list, "budget": 2, "token": BOB, "prepare": prepare_list},
    "listAccounts": {
        "check": check_list_accounts, "budget": 9, "token": BOB,
        "prepare": prepare_list_accounts,
    },
    "listTimeline": {
        "check": check_list_timeline, "budget": 5, "token": BOB,
        "prepare": prepare_list_timeline,
    },
    "accountLists": {
        "check": check_account_lists, "budget": 3, "token": BOB,
        "prepare": prepare_account_lists,
    },
    "listCreate": {
        "check": check_list_create, "budget": 2, "token": BOB,
        "variables": lambda world: {
            "input": {"title": "Friends", "repliesPolicy": "FOLLOWED", "exclusive": True}
        },
    },
    "listUpdate": {
        "check": check_list_update, "budget": 3, "token": BOB, "prepare": prepare_list_update,
    },
    "listDelete": {
        "check": check_list_delete, "budget": 2, "token": BOB, "prepare": prepare_list_delete,
    },
    "listAccountsAdd": {
        "check": check_list_payload("listAccountsAdd"), "budget": 4, "token": BOB,
        "prepare": prepare_accounts_add,
    },
    "listAccountsRemove": {
        "check": check_list_payload("listAccountsRemove"), "budget": 3, "token": BOB,
        "prepare": prepare_accounts_remove,
    },
    "listUpdates": {
        "check": check_list_updates, "budget": 12, "token": BOB,
        "prepare": prepare_list_updates, "trigger": alice_posts_live,
    },
}
