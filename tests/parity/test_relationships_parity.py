"""Relationships: REST and GraphQL on the same data give the same facts."""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from tests.graphql.conftest import World, gql
from tests.parity.test_parity import assert_account_parity, example, paired, rest_json

REL_PAIRS = {
    "id": "restId",
    "following": "following",
    "followed_by": "followedBy",
    "blocking": "blocking",
    "blocked_by": "blockedBy",
    "muting": "muting",
    "muting_notifications": "mutingNotifications",
    "subscribing": "subscribing",
    "requested": "requested",
    "domain_blocking": "domainBlocking",
    "showing_reblogs": "showingReblogs",
    "endorsed": "endorsed",
    "notifying": "notifying",
    "note": "note",
}


def assert_relationship_parity(rest: dict[str, Any], gql_rel: dict[str, Any]) -> None:
    assert set(rest) == set(REL_PAIRS), sorted(rest)
    for rest_key, gql_key in REL_PAIRS.items():
        if gql_key in gql_rel:
            assert rest[rest_key] == gql_rel[gql_key], (rest_key, rest, gql_rel)


async def test_relationships_match_for_every_state(client, world: World):
    assert paired("GET", "/api/v1/accounts/relationships") == "relationships"
    alice, carol, bob = (world.accounts[n].id for n in ("alice", "carol", "bob"))
    token = world.bob_token
    await rest_json(
        client,
        "POST",
        f"/api/v1/accounts/{alice}/follow",
        token=token,
        data={"reblogs": "false", "notify": "true"},
    )
    await rest_json(client, "POST", f"/api/v1/pleroma/accounts/{alice}/subscribe", token=token)
    await rest_json(client, "POST", f"/api/v1/accounts/{carol}/follow", token=token)
    await rest_json(
        client,
        "POST",
        f"/api/v1/accounts/{carol}/mute",
        token=token,
        data={"notifications": "false"},
    )
    await rest_json(client, "POST", f"/api/v1/accounts/{bob}/follow", token=world.alice_token)
    ids = [alice, carol, "unknown"]
    rest = await rest_json(
        client,
        "GET",
        "/api/v1/accounts/relationships",
        token=token,
        params=[("id[]", i) for i in ids],
    )
    body = await gql(client, example("relationships"), {"restIds": ids}, token=token)
    rels = body["data"]["relationships"]
    assert len(rest) == len(rels) == 3
    for r, g in zip(rest, rels, strict=True):
        assert_relationship_parity(r, g)
    assert rest[0]["followed_by"] is True and rest[1]["muting"] is True


async def test_follow_and_block_mutations_answer_like_rest(client, world: World):
    alice = world.accounts["alice"]
    rest = await rest_json(
        client, "POST", f"/api/v1/accounts/{alice.id}/follow", token=world.bob_token
    )
    # the same call again through GraphQL is idempotent and reports the same relationship
    variables = {"input": {"accountId": to_base64("Account", alice.id)}}
    body = await gql(client, example("accountFollow"), variables, token=world.bob_token)
    assert_relationship_parity(rest, body["data"]["accountFollow"]["relationship"])
    body = await gql(client, example("accountBlock"), variables, token=world.bob_token)
    blocked = body["data"]["accountBlock"]["relationship"]
    rest = await rest_json(
        client, "POST", f"/api/v1/accounts/{alice.id}/block", token=world.bob_token
    )
    assert_relationship_parity(rest, blocked)
    assert rest["blocking"] is True and rest["following"] is False


async def test_errors_match(client, world: World):
    carol = world.accounts["carol"]
    await rest_json(
        client,
        "POST",
        f"/api/v1/accounts/{world.accounts['bob'].id}/block",
        token=world.alice_token,
    )
    response = await client.post(
        f"/api/v1/accounts/{world.accounts['alice'].id}/follow",
        headers={"Authorization": f"Bearer {world.bob_token}"},
    )
    rest_error = (await response.json())["error"]
    variables = {"input": {"accountId": to_base64("Account", world.accounts["alice"].id)}}
    body = await gql(client, example("accountFollow"), variables, token=world.bob_token)
    payload = body["data"]["accountFollow"]
    assert payload["relationship"] is None
    assert (
        payload["userErrors"][0]["message"]
        == rest_error
        == ("Could not follow user: alice blocked you.")
    )
    variables = {"input": {"accountId": "nobody"}}
    body = await gql(client, example("accountSubscribe"), variables, token=world.bob_token)
    assert body["data"]["accountSubscribe"]["userErrors"][0]["code"] == "NOT_FOUND"
    response = await client.post(
        "/api/v1/pleroma/accounts/nobody/subscribe",
        headers={"Authorization": f"Bearer {world.bob_token}"},
    )
    assert response.status == 404
    # read-only token: same refusal in both
    variables = {"input": {"accountId": to_base64("Account", carol.id)}}
    body = await gql(client, example("accountFollow"), variables, token=world.read_only_token)
    message = body["data"]["accountFollow"]["userErrors"][0]["message"]
    response = await client.post(
        f"/api/v1/accounts/{carol.id}/follow",
        headers={"Authorization": f"Bearer {world.read_only_token}"},
    )
    assert (await response.json())["error"] == message


async def test_followers_lists_match(client, world: World):
    assert paired("GET", "/api/v1/accounts/{id}/followers") == "accountFollowers"
    alice = world.accounts["alice"].id
    await rest_json(client, "POST", f"/api/v1/accounts/{alice}/follow", token=world.bob_token)
    rest = await rest_json(
        client, "GET", f"/api/v1/accounts/{alice}/followers", token=world.bob_token
    )
    body = await gql(client, example("accountFollowers"), {"restId": alice}, token=world.bob_token)
    nodes = [edge["node"] for edge in body["data"]["account"]["followers"]["edges"]]
    assert [a["restId"] for a in nodes] == [a["id"] for a in rest] == [world.accounts["bob"].id]
    for r, g in zip(rest, nodes, strict=True):
        assert_account_parity(r, g)


async def test_search_matches(client, world: World):
    assert paired("GET", "/api/v1/accounts/search") == "accountSearch"
    rest = await rest_json(client, "GET", "/api/v1/accounts/search", params={"q": "b"})
    body = await gql(client, example("accountSearch"), {"query": "b"})
    assert [a["id"] for a in rest] == [a["restId"] for a in body["data"]["accountSearch"]]
    for r, g in zip(rest, body["data"]["accountSearch"], strict=True):
        assert_account_parity(r, g)
