"""How ``tests/graphql/test_examples.py`` runs the status examples: set-up and checks.

``CASES`` maps each example to the keyword arguments of the runner's ``Case``. Set-up goes
through REST (alice posts, bob acts), so both projections meet the same data and rules.
"""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64


async def rest(client: Any, world: Any, token: str, method: str, path: str, **kw: Any) -> Any:
    response = await client.request(method, path, headers=world.auth(token), **kw)
    assert response.status == 200, await response.text()
    return await response.json()


async def alice_posts(client: Any, world: Any, text: str = "hello #world @bob", **kw: Any) -> Any:
    return await rest(
        client, world, world.alice_token, "POST", "/api/v1/statuses",
        json={"status": text, **kw},
    )


def action_input(setup):
    """A ``prepare`` that runs ``setup`` and passes the status's global id as ``input``."""

    async def prepare(client: Any, world: Any) -> dict[str, Any]:
        world.status = await setup(client, world)
        return {"input": {"statusId": to_base64("Status", world.status["id"])}}

    return prepare


def rest_id(setup):
    """A ``prepare`` that runs ``setup`` and passes the status's REST id as ``restId``."""

    async def prepare(client: Any, world: Any) -> dict[str, Any]:
        world.status = await setup(client, world)
        return {"restId": world.status["id"]}

    return prepare


async def posted(client: Any, world: Any) -> Any:
    return await alice_posts(client, world)


async def favourited(client: Any, world: Any) -> Any:
    status = await alice_posts(client, world)
    await rest(client, world, world.bob_token, "POST", f"/api/v1/statuses/{status['id']}/favourite")
    return status


async def reblogged(client: Any, world: Any) -> Any:
    status = await alice_posts(client, world)
    await rest(client, world, world.bob_token, "POST", f"/api/v1/statuses/{status['id']}/reblog")
    return status


async def bookmarked(client: Any, world: Any) -> Any:
    status = await alice_posts(client, world)
    await rest(client, world, world.bob_token, "POST", f"/api/v1/statuses/{status['id']}/bookmark")
    return status


async def pinned(client: Any, world: Any) -> Any:
    status = await alice_posts(client, world)
    await rest(client, world, world.alice_token, "POST", f"/api/v1/statuses/{status['id']}/pin")
    return status


async def muted(client: Any, world: Any) -> Any:
    status = await alice_posts(client, world)
    await rest(client, world, world.bob_token, "POST", f"/api/v1/statuses/{status['id']}/mute")
    return status


async def thread(client: Any, world: Any) -> Any:
    root = await alice_posts(client, world, "root")
    middle = await rest(
        client, world, world.bob_token, "POST", "/api/v1/statuses",
        json={"status": "middle", "in_reply_to_id": root["id"]},
    )
    world.root = root
    world.leaf = await alice_posts(client, world, "leaf", in_reply_to_id=middle["id"])
    # alice answers her own leaf directly to carol: bob may not see it
    await alice_posts(client, world, "@carol secret", in_reply_to_id=world.leaf["id"],
                      visibility="direct")
    return middle


async def prepare_statuses(client: Any, world: Any) -> dict[str, Any]:
    first = await alice_posts(client, world, "first")
    private = await alice_posts(client, world, "private", visibility="private")
    second = await alice_posts(client, world, "second")
    world.first, world.second = first, second
    return {"restIds": [second["id"], private["id"], "missing", first["id"]]}


async def prepare_favourited_by(client: Any, world: Any) -> dict[str, Any]:
    world.status = await favourited(client, world)
    await rest(
        client, world, world.alice_token, "POST",
        f"/api/v1/statuses/{world.status['id']}/favourite",
    )
    return {"restId": world.status["id"], "first": 1}


async def prepare_create(client: Any, world: Any) -> dict[str, Any]:
    return {}


async def prepare_reblog(client: Any, world: Any) -> dict[str, Any]:
    world.status = await alice_posts(client, world)
    return {"input": {"statusId": to_base64("Status", world.status["id"])}}


def _ok(data: dict[str, Any], name: str) -> dict[str, Any]:
    payload = data[name]
    assert payload["userErrors"] == [], payload
    return payload["status"]


def check_status(data: dict[str, Any], world: Any) -> None:
    status = data["status"]
    sid = world.status["id"]
    assert status["id"] == to_base64("Status", sid) and status["restId"] == sid
    assert status["uri"] == f"https://plenum.example/objects/{sid}"
    assert status["url"] == f"https://plenum.example/notice/{sid}"
    assert 'href="https://plenum.example/tag/world"' in status["content"]
    assert status["visibility"] == "PUBLIC" and status["local"] is True
    assert status["conversationId"] == sid
    assert (status["repliesCount"], status["reblogsCount"], status["favouritesCount"]) == (
        0, 1, 0,
    )
    assert status["viewerHasReblogged"] is True  # bob asks
    assert status["viewerHasFavourited"] is False and status["pinned"] is False
    assert status["account"]["username"] == "alice"
    assert status["inReplyTo"] is None and status["reblog"] is None
    assert status["mentions"] == [{"restId": world.accounts["bob"].id, "acct": "bob"}]
    assert status["tags"] == [{"name": "world", "url": "https://plenum.example/tag/world"}]
    assert status["application"] == {"name": "World Client", "website": "https://client.example"}


def check_statuses(data: dict[str, Any], world: Any) -> None:
    # anonymous: alice's private status and the missing id are left out, the order is kept
    assert [s["restId"] for s in data["statuses"]] == [world.second["id"], world.first["id"]]


def check_context(data: dict[str, Any], world: Any) -> None:
    context = data["statusContext"]
    assert [s["restId"] for s in context["ancestors"]] == [world.root["id"]]
    assert [s["restId"] for s in context["descendants"]] == [world.leaf["id"]]
    assert context["descendants"][0]["inReplyTo"] == {"restId": world.status["id"]}


def check_favourited_by(data: dict[str, Any], world: Any) -> None:
    status = data["status"]
    assert status["favouritesCount"] == 2
    page = status["favouritedBy"]
    assert [e["node"]["username"] for e in page["edges"]] == ["alice"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["endCursor"] == page["edges"][0]["cursor"]


def check_reblogged_by(data: dict[str, Any], world: Any) -> None:
    status = data["status"]
    assert status["reblogsCount"] == 1
    assert [e["node"]["username"] for e in status["rebloggedBy"]["edges"]] == ["bob"]


def check_create(data: dict[str, Any], world: Any) -> None:
    status = _ok(data, "statusCreate")
    assert status["source"] == "Hello @bob #Plenum"
    assert 'class="u-url mention"' in status["content"]
    assert (status["spoilerText"], status["visibility"], status["language"]) == (
        "greeting", "UNLISTED", "en",
    )
    assert status["account"]["username"] == "alice"
    assert status["mentions"] == [{"acct": "bob"}] and status["tags"] == [{"name": "plenum"}]


def check_delete(data: dict[str, Any], world: Any) -> None:
    status = _ok(data, "statusDelete")
    assert status == {"restId": world.status["id"], "source": "hello #world @bob"}


def check_favourite(data: dict[str, Any], world: Any) -> None:
    status = _ok(data, "statusFavourite")
    assert (status["favouritesCount"], status["viewerHasFavourited"]) == (1, True)


def check_unfavourite(data: dict[str, Any], world: Any) -> None:
    status = _ok(data, "statusUnfavourite")
    assert (status["favouritesCount"], status["viewerHasFavourited"]) == (0, False)


def check_reblog(data: dict[str, Any], world: Any) -> None:
    status = _ok(data, "statusReblog")
    assert status["restId"] != world.status["id"]
    assert status["account"]["username"] == "bob" and status["viewerHasReblogged"] is True
    assert status["reblog"] == {
        "restId": world.status["id"], "reblogsCount": 1, "viewerHasReblogged": True,
    }


def check_unreblog(data: dict[str, Any], world: Any) -> None:
    status = _ok(data, "statusUnreblog")
    assert status == {
        "restId": world.status["id"], "reblogsCount": 0, "viewerHasReblogged": False,
    }


def check_flag(name: str, **expected: Any):
    def check(data: dict[str, Any], world: Any) -> None:
        status = _ok(data, name)
        assert status["restId"] == world.status["id"]
        for key, value in expected.items():
            assert status[key] == value, (key, status)

    return check


def check_pin(data: dict[str, Any], world: Any) -> None:
    status = _ok(data, "statusPin")
    assert status["pinned"] is True and status["pinnedAt"].endswith("Z")


# Budgets are exact on SQLite; statusPin and statusReblog take one more statement on
# PostgreSQL (the row lock that serialises concurrent pins and reblogs).
BOB = "bob_token"
ALICE = "alice_token"

CASES: dict[str, dict[str, Any]] = {
    "status": {"check": check_status, "budget": 6, "token": BOB, "prepare": rest_id(reblogged)},
    "statuses": {
        "check": check_statuses, "budget": 5, "token": None, "prepare": prepare_statuses,
    },
    "statusContext": {
        "check": check_context, "budget": 14, "token": BOB, "prepare": rest_id(thread),
    },
    "statusFavouritedBy": {
        "check": check_favourited_by, "budget": 9, "token": BOB,
        "prepare": prepare_favourited_by,
    },
    "statusRebloggedBy": {
        "check": check_reblogged_by, "budget": 9, "token": BOB, "prepare": rest_id(reblogged),
    },
    "statusCreate": {
        "check": check_create, "budget": 15, "token": ALICE, "prepare": prepare_create,
    },
    "statusDelete": {
        "check": check_delete, "budget": 9, "token": ALICE, "prepare": action_input(posted),
    },
    "statusFavourite": {
        "check": check_favourite, "budget": 10, "token": BOB, "prepare": action_input(posted),
    },
    "statusUnfavourite": {
        "check": check_unfavourite, "budget": 10, "token": BOB,
        "prepare": action_input(favourited),
    },
    "statusReblog": {
        "check": check_reblog, "budget": 13, "token": BOB, "prepare": prepare_reblog,
    },
    "statusUnreblog": {
        "check": check_unreblog, "budget": 11, "token": BOB, "prepare": action_input(reblogged),
    },
    "statusBookmark": {
        "check": check_flag("statusBookmark", viewerHasBookmarked=True), "budget": 8,
        "token": BOB, "prepare": action_input(posted),
    },
    "statusUnbookmark": {
        "check": check_flag("statusUnbookmark", viewerHasBookmarked=False), "budget": 8,
        "token": BOB, "prepare": action_input(bookmarked),
    },
    "statusPin": {
        "check": check_pin, "budget": 10, "token": ALICE, "prepare": action_input(posted),
    },
    "statusUnpin": {
        "check": check_flag("statusUnpin", pinned=False, pinnedAt=None), "budget": 7,
        "token": ALICE, "prepare": action_input(pinned),
    },
    "statusMute": {
        "check": check_flag("statusMute", viewerHasMuted=True, viewerHasMutedThread=True),
        "budget": 8, "token": BOB, "prepare": action_input(posted),
    },
    "statusUnmute": {
        "check": check_flag("statusUnmute", viewerHasMuted=False, viewerHasMutedThread=False),
        "budget": 8, "token": BOB, "prepare": action_input(muted),
    },
}
