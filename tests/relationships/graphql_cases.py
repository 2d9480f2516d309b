"""How ``tests/graphql/test_examples.py`` runs the relationship examples.

``CASES`` maps each example to the keyword arguments of the runner's ``Case`` (check,
SQL budget, token, set-up). Set-up goes through REST so both projections meet the same
rules; the budgets are constant whatever the page size.
"""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from schema.services import tokens


def gid(world: Any, nick: str) -> str:
    return to_base64("Account", world.accounts[nick].id)


async def rest(client: Any, world: Any, token: str, path: str) -> None:
    response = await client.post(path, headers=world.auth(token))
    assert response.status == 200, await response.text()


async def carol_token(world: Any) -> None:
    issued = await tokens.issue_token(
        world.accounts["carol"], world.app, ["read", "write", "follow"]
    )
    world.carol_token = issued.access_token


def account_input(nick: str, **extra: Any):
    async def prepare(client: Any, world: Any) -> dict[str, Any]:
        return {"input": {"accountId": gid(world, nick), **extra}}

    return prepare


def then(first, second):
    async def prepare(client: Any, world: Any) -> dict[str, Any]:
        await first(client, world)
        return await second(client, world)

    return prepare


def bob_does(action: str, nick: str, prefix: str = "/api/v1/accounts"):
    async def step(client: Any, world: Any) -> dict[str, Any]:
        await rest(client, world, world.bob_token, f"{prefix}/{world.accounts[nick].id}/{action}")
        return {}

    return step


def relationship(data: dict[str, Any], name: str) -> dict[str, Any]:
    payload = data[name]
    assert payload["userErrors"] == [], payload
    return payload["relationship"]


def check_follow(data: dict[str, Any], world: Any) -> None:
    rel = relationship(data, "accountFollow")
    assert rel["restId"] == world.accounts["alice"].id
    assert rel["account"] == {"restId": world.accounts["alice"].id, "username": "alice"}
    assert (rel["following"], rel["requested"]) == (True, False)
    assert (rel["showingReblogs"], rel["notifying"]) == (False, True)


def check_unfollow(data: dict[str, Any], world: Any) -> None:
    rel = relationship(data, "accountUnfollow")
    assert (rel["restId"], rel["following"], rel["subscribing"]) == (
        world.accounts["alice"].id,
        False,
        False,
    )


def check_block(data: dict[str, Any], world: Any) -> None:
    rel = relationship(data, "accountBlock")
    assert (rel["blocking"], rel["following"], rel["followedBy"]) == (True, False, False)


def check_unblock(data: dict[str, Any], world: Any) -> None:
    rel = relationship(data, "accountUnblock")
    assert rel["blocking"] is False and rel["restId"] == world.accounts["alice"].id


def check_mute(data: dict[str, Any], world: Any) -> None:
    rel = relationship(data, "accountMute")
    assert (rel["muting"], rel["mutingNotifications"]) == (True, False)


def check_unmute(data: dict[str, Any], world: Any) -> None:
    assert relationship(data, "accountUnmute")["muting"] is False


def check_subscribe(data: dict[str, Any], world: Any) -> None:
    assert relationship(data, "accountSubscribe")["subscribing"] is True


def check_unsubscribe(data: dict[str, Any], world: Any) -> None:
    assert relationship(data, "accountUnsubscribe")["subscribing"] is False


def check_authorize(data: dict[str, Any], world: Any) -> None:
    rel = relationship(data, "followRequestAuthorize")
    assert (rel["restId"], rel["followedBy"]) == (world.accounts["bob"].id, True)


def check_reject(data: dict[str, Any], world: Any) -> None:
    rel = relationship(data, "followRequestReject")
    assert (rel["restId"], rel["followedBy"]) == (world.accounts["bob"].id, False)


def check_import(name: str):
    def check(data: dict[str, Any], world: Any) -> None:
        assert data[name] == {"started": True, "userErrors": []}

    return check


def usernames(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["username"] for edge in connection["edges"]]


def check_followers(data: dict[str, Any], world: Any) -> None:
    account = data["account"]
    assert usernames(account["followers"]) == ["carol", "bob"]
    assert account["followers"]["pageInfo"]["hasNextPage"] is False
    for edge in account["followers"]["edges"]:  # as bob sees carol and himself
        assert edge["node"]["relationship"] == {"following": False, "followedBy": False}


def check_following(data: dict[str, Any], world: Any) -> None:
    following = data["account"]["following"]
    assert usernames(following) == ["alice"]
    assert following["edges"][0]["node"]["relationship"] == {"following": True, "followedBy": False}
    assert following["pageInfo"]["endCursor"] == following["edges"][0]["cursor"]


def check_blocks(data: dict[str, Any], world: Any) -> None:
    assert usernames(data["viewerBlocks"]) == ["carol", "alice"]
    assert data["viewerBlocks"]["pageInfo"]["hasNextPage"] is False


def check_mutes(data: dict[str, Any], world: Any) -> None:
    assert usernames(data["viewerMutes"]) == ["carol"]


def check_requests(data: dict[str, Any], world: Any) -> None:
    edges = data["viewerFollowRequests"]["edges"]
    assert [e["node"]["username"] for e in edges] == ["bob"]
    assert edges[0]["node"]["relationship"] == {"following": False, "followedBy": False}


def check_relationships(data: dict[str, Any], world: Any) -> None:
    rels = data["relationships"]
    assert [r["restId"] for r in rels] == [world.accounts["alice"].id, world.accounts["carol"].id]
    assert (rels[0]["following"], rels[0]["subscribing"]) == (True, True)
    assert (rels[1]["following"], rels[1]["requested"]) == (False, True)
    assert rels[0]["note"] == "" and rels[0]["domainBlocking"] is False


def check_search(data: dict[str, Any], world: Any) -> None:
    assert data["accountSearch"] == [
        {
            "restId": world.accounts["carol"].id,
            "username": "carol",
            "acct": "carol",
            "displayName": "carol",
        }
    ]


async def prepare_followers(client: Any, world: Any) -> dict[str, Any]:
    await rest(
        client, world, world.bob_token, f"/api/v1/accounts/{world.accounts['alice'].id}/follow"
    )
    await carol_token(world)
    await rest(
        client, world, world.carol_token, f"/api/v1/accounts/{world.accounts['alice'].id}/follow"
    )
    return {"restId": world.accounts["alice"].id}


async def prepare_following(client: Any, world: Any) -> dict[str, Any]:
    await rest(
        client, world, world.bob_token, f"/api/v1/accounts/{world.accounts['alice'].id}/follow"
    )
    return {"restId": world.accounts["bob"].id}


async def prepare_blocks(client: Any, world: Any) -> dict[str, Any]:
    for nick in ("alice", "carol"):
        await rest(
            client, world, world.bob_token, f"/api/v1/accounts/{world.accounts[nick].id}/block"
        )
    return {}


async def prepare_mutes(client: Any, world: Any) -> dict[str, Any]:
    await rest(
        client, world, world.bob_token, f"/api/v1/accounts/{world.accounts['carol'].id}/mute"
    )
    return {}


async def prepare_requests(client: Any, world: Any) -> dict[str, Any]:
    await rest(
        client, world, world.bob_token, f"/api/v1/accounts/{world.accounts['carol'].id}/follow"
    )
    await carol_token(world)
    return {}


async def prepare_request_answer(client: Any, world: Any) -> dict[str, Any]:
    await prepare_requests(client, world)
    return {"input": {"accountId": gid(world, "bob")}}


async def prepare_relationships(client: Any, world: Any) -> dict[str, Any]:
    alice, carol = world.accounts["alice"].id, world.accounts["carol"].id
    await rest(client, world, world.bob_token, f"/api/v1/accounts/{alice}/follow")
    await rest(client, world, world.bob_token, f"/api/v1/pleroma/accounts/{alice}/subscribe")
    await rest(client, world, world.bob_token, f"/api/v1/accounts/{carol}/follow")
    return {"restIds": [alice, carol]}


BOB = "bob_token"

# Following, unfollowing and answering requests make or remove notifications: one or two
# statements of schema.services.notifications on top of the relationship's own.
CASES: dict[str, dict[str, Any]] = {
    "accountFollow": {
        "check": check_follow,
        "budget": 16,
        "token": BOB,
        "prepare": account_input("alice", reblogs=False, notify=True),
    },
    "accountUnfollow": {
        "check": check_unfollow,
        "budget": 15,
        "token": BOB,
        "prepare": then(bob_does("follow", "alice"), account_input("alice")),
    },
    "accountBlock": {
        "check": check_block,
        "budget": 18,
        "token": BOB,
        "prepare": then(bob_does("follow", "alice"), account_input("alice")),
    },
    "accountUnblock": {
        "check": check_unblock,
        "budget": 10,
        "token": BOB,
        "prepare": then(bob_does("block", "alice"), account_input("alice")),
    },
    "accountMute": {
        "check": check_mute,
        "budget": 12,
        "token": BOB,
        "prepare": account_input("alice", notifications=False, duration=3600),
    },
    "accountUnmute": {
        "check": check_unmute,
        "budget": 10,
        "token": BOB,
        "prepare": then(bob_does("mute", "alice"), account_input("alice")),
    },
    "accountSubscribe": {
        "check": check_subscribe,
        "budget": 12,
        "token": BOB,
        "prepare": account_input("alice"),
    },
    "accountUnsubscribe": {
        "check": check_unsubscribe,
        "budget": 10,
        "token": BOB,
        "prepare": then(
            bob_does("subscribe", "alice", "/api/v1/pleroma/accounts"), account_input("alice")
        ),
    },
    "followRequestAuthorize": {
        "check": check_authorize,
        "budget": 14,
        "token": "carol_token",
        "prepare": prepare_request_answer,
    },
    "followRequestReject": {
        "check": check_reject,
        "budget": 11,
        "token": "carol_token",
        "prepare": prepare_request_answer,
    },
    "followImport": {"check": check_import("followImport"), "budget": 2, "token": BOB},
    "blocksImport": {"check": check_import("blocksImport"), "budget": 2, "token": BOB},
    "mutesImport": {"check": check_import("mutesImport"), "budget": 2, "token": BOB},
    "viewerBlocks": {
        "check": check_blocks,
        "budget": 8,
        "token": BOB,
        "prepare": prepare_blocks,
    },
    "viewerMutes": {"check": check_mutes, "budget": 8, "token": BOB, "prepare": prepare_mutes},
    "viewerFollowRequests": {
        "check": check_requests,
        "budget": 8,
        "token": "carol_token",
        "prepare": prepare_requests,
    },
    "accountFollowers": {
        "check": check_followers,
        "budget": 10,
        "token": BOB,
        "prepare": prepare_followers,
    },
    "accountFollowing": {
        "check": check_following,
        "budget": 10,
        "token": BOB,
        "prepare": prepare_following,
    },
    "relationships": {
        "check": check_relationships,
        "budget": 8,
        "token": BOB,
        "prepare": prepare_relationships,
    },
    "accountSearch": {"check": check_search, "budget": 1},
}
