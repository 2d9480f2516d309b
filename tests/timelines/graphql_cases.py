"""How ``tests/graphql/test_examples.py`` runs the timeline examples.

Data is made over REST in the GraphQL fixture world (alice posts; bob follows alice,
favourites and bookmarks), so both projections meet the same rows.
"""

from __future__ import annotations

from typing import Any

from models.accounts import Account
from tests.statuses.graphql_cases import alice_posts, rest


async def _bob_follows_alice(client: Any, world: Any) -> None:
    alice = world.accounts["alice"].id
    await rest(client, world, world.bob_token, "POST", f"/api/v1/accounts/{alice}/follow")


async def prepare_home(client: Any, world: Any) -> dict[str, Any]:
    await _bob_follows_alice(client, world)
    world.posts = [await alice_posts(client, world, f"post {i}") for i in range(3)]
    await alice_posts(client, world, "@carol secret", visibility="direct")
    return {"first": 2}


def check_home(data: dict[str, Any], world: Any) -> None:
    page = data["homeTimeline"]
    newest = [p["id"] for p in reversed(world.posts)]
    assert [e["node"]["restId"] for e in page["edges"]] == newest[:2]
    assert page["edges"][0]["node"]["account"]["acct"] == "alice"
    assert page["pageInfo"] == {"hasNextPage": True, "endCursor": newest[1]}


async def prepare_public(client: Any, world: Any) -> dict[str, Any]:
    world.public = await alice_posts(client, world, "for everyone")
    await alice_posts(client, world, "followers only", visibility="private")
    await alice_posts(client, world, "quiet", visibility="unlisted")
    return {}


def check_public(data: dict[str, Any], world: Any) -> None:
    page = data["publicTimeline"]
    assert [n["restId"] for n in page["nodes"]] == [world.public["id"]]
    assert page["nodes"][0]["visibility"] == "PUBLIC"
    assert page["pageInfo"]["hasNextPage"] is False


async def prepare_tag(client: Any, world: Any) -> dict[str, Any]:
    world.cats = await alice_posts(client, world, "#cats")
    world.dogs = await alice_posts(client, world, "#dogs")
    await alice_posts(client, world, "#cats #birds")
    return {"tag": "cats", "any": ["dogs"], "none": ["birds"]}


def check_tag(data: dict[str, Any], world: Any) -> None:
    nodes = data["tagTimeline"]["nodes"]
    assert [n["restId"] for n in nodes] == [world.dogs["id"], world.cats["id"]]
    assert nodes[0]["tags"] == [{"name": "dogs"}]


async def prepare_account_statuses(client: Any, world: Any) -> dict[str, Any]:
    world.top = await alice_posts(client, world, "top")
    question = await rest(
        client, world, world.bob_token, "POST", "/api/v1/statuses", json={"status": "q?"}
    )
    await alice_posts(client, world, "answer", in_reply_to_id=question["id"])
    return {"accountRestId": world.accounts["alice"].id, "excludeReplies": True}


def check_account_statuses(data: dict[str, Any], world: Any) -> None:
    nodes = data["accountStatuses"]["nodes"]
    assert [n["restId"] for n in nodes] == [world.top["id"]]


async def _acted(client: Any, world: Any, action: str) -> dict[str, Any]:
    world.acted = []
    for text in ("a", "b", "c"):
        status = await alice_posts(client, world, text)
        await rest(
            client, world, world.bob_token, "POST", f"/api/v1/statuses/{status['id']}/{action}"
        )
        world.acted.append(status["id"])
    return {"first": 2}


async def prepare_favourites(client: Any, world: Any) -> dict[str, Any]:
    return await _acted(client, world, "favourite")


async def prepare_bookmarks(client: Any, world: Any) -> dict[str, Any]:
    return await _acted(client, world, "bookmark")


def _check_acts(page: dict[str, Any], world: Any, flag: str) -> None:
    newest = list(reversed(world.acted))
    assert [e["node"]["restId"] for e in page["edges"]] == newest[:2]
    assert all(e["node"][flag] for e in page["edges"])
    assert page["pageInfo"]["hasNextPage"] is True
    # the cursor is the act's id, not the status id
    assert page["pageInfo"]["endCursor"] not in world.acted


def check_favourites(data: dict[str, Any], world: Any) -> None:
    _check_acts(data["favourites"], world, "viewerHasFavourited")


def check_bookmarks(data: dict[str, Any], world: Any) -> None:
    _check_acts(data["bookmarks"], world, "viewerHasBookmarked")


async def prepare_account_favourites(client: Any, world: Any) -> dict[str, Any]:
    world.public = await alice_posts(client, world, "public")
    secret = await alice_posts(client, world, "@bob psst", visibility="direct")
    for status in (world.public, secret):
        await rest(
            client, world, world.bob_token, "POST", f"/api/v1/statuses/{status['id']}/favourite"
        )
    await Account.filter(id=world.accounts["bob"].id).update(hide_favorites=False)
    return {"accountRestId": world.accounts["bob"].id}


def check_account_favourites(data: dict[str, Any], world: Any) -> None:
    # anonymous: the direct status bob favourited stays hidden
    assert data["accountFavourites"]["nodes"] == [
        {"restId": world.public["id"], "visibility": "PUBLIC"}
    ]


CASES: dict[str, dict[str, Any]] = {
    "homeTimeline": {
        "check": check_home,
        "budget": 6,
        "token": "bob_token",
        "prepare": prepare_home,
    },
    "publicTimeline": {"check": check_public, "budget": 5, "prepare": prepare_public},
    "tagTimeline": {"check": check_tag, "budget": 5, "prepare": prepare_tag},
    "accountStatuses": {
        "check": check_account_statuses,
        "budget": 6,
        "prepare": prepare_account_statuses,
    },
    "favourites": {
        "check": check_favourites,
        "budget": 8,
        "token": "bob_token",
        "prepare": prepare_favourites,
    },
    "bookmarks": {
        "check": check_bookmarks,
        "budget": 8,
        "token": "bob_token",
        "prepare": prepare_bookmarks,
    },
    "accountFavourites": {
        "check": check_account_favourites,
        "budget": 7,
        "prepare": prepare_account_favourites,
    },
}
