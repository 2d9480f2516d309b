"""Queries: account visibility, global ids, the batching loader, instance, health."""

from __future__ import annotations

import dataclasses

import pytest
from strawberry.relay import to_base64

from app.main import create_app
from schema.context import RequestContext
from schema.instance import InstancePolicy
from schema.loaders import DataLoader
from tests.graphql.conftest import gql
from tests.querycount import count_queries

ACCOUNT_FIELDS = "restId username"


async def test_deactivated_account_is_hidden_from_others_but_not_from_admins(client, world):
    dave = world.accounts["dave"]
    query = f"""
      query ($rest: String!, $gid: ID!) {{
        byRest: account(restId: $rest) {{ {ACCOUNT_FIELDS} }}
        byGlobal: account(id: $gid) {{ {ACCOUNT_FIELDS} }}
        byNode: node(id: $gid) {{ ... on Account {{ {ACCOUNT_FIELDS} }} }}
        byAcct: accountLookup(acct: "dave") {{ {ACCOUNT_FIELDS} }}
      }}
    """
    variables = {"rest": dave.id, "gid": to_base64("Account", dave.id)}
    for token in (None, world.bob_token):
        body = await gql(client, query, variables, token=token)
        assert body["data"] == {"byRest": None, "byGlobal": None, "byNode": None, "byAcct": None}
    seen = {"restId": dave.id, "username": "dave"}
    body = await gql(client, query, variables, token=world.alice_token)
    assert body["data"] == {"byRest": seen, "byGlobal": seen, "byNode": seen, "byAcct": seen}


async def test_account_by_nickname_and_unknowns(client, world):
    body = await gql(
        client,
        '{ a: account(restId: "bob") { username } b: account(restId: "nobody") { username }'
        ' c: accountLookup(acct: "@bob@plenum.example") { username }'
        ' d: account(id: "bm90IGEgZ2xvYmFsIGlk") { username } }',
    )
    bob = {"username": "bob"}
    assert body["data"] == {"a": bob, "b": None, "c": bob, "d": None}


async def test_account_needs_exactly_one_of_id_and_rest_id(client, world):
    body = await gql(client, "{ account { username } }")
    assert body["errors"][0]["message"] == "Give exactly one of id and restId."
    assert body["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}


async def test_global_id_of_another_type_does_not_resolve_as_account(client, world):
    gid = to_base64("App", world.accounts["bob"].id)
    body = await gql(client, "query ($id: ID!) { account(id: $id) { username } }", {"id": gid})
    assert body["data"]["account"] is None


async def test_hidden_counts_are_shown_to_the_owner_only(client, world, policy):
    from schema.services import tokens

    carol = world.accounts["carol"]
    own = (await tokens.issue_token(carol, world.app, ["read"])).access_token
    query = '{ account(restId: "carol") { followersCount } viewer { followersCount } }'
    assert (await gql(client, query, token=own))["data"] == {
        "account": {"followersCount": 7},
        "viewer": {"followersCount": 7},
    }
    assert (await gql(client, query, token=world.bob_token))["data"]["account"] == {
        "followersCount": 0
    }


async def test_node_lookups_batch_into_one_query(client, world):
    ids = [to_base64("Account", world.accounts[n].id) for n in ("alice", "bob", "carol")]
    query = "query ($a: ID!, $b: ID!, $c: ID!) { " + " ".join(
        f"{k}: node(id: ${k}) {{ ... on Account {{ username }} }}" for k in "abc"
    ) + f' g: account(id: "{ids[0]}") {{ username }} }}'
    with count_queries() as queries:
        body = await gql(client, query, dict(zip("abc", ids, strict=True)))
    assert [body["data"][k]["username"] for k in "abcg"] == ["alice", "bob", "carol", "alice"]
    queries.assert_at_most(1, "three nodes and one account by global id")


async def test_app_node_resolves_only_for_its_own_token(client, world):
    gid = to_base64("App", world.app.id)
    query = "query ($id: ID!) { node(id: $id) { ... on App { name } } }"
    mine = await gql(client, query, {"id": gid}, token=world.app_token)
    assert mine["data"]["node"] == {"name": "World Client"}
    assert (await gql(client, query, {"id": gid}))["data"]["node"] is None


async def test_health_is_null_when_disabled(aiohttp_client, settings):
    client = await aiohttp_client(create_app(dataclasses.replace(settings, healthcheck=False)))
    assert (await gql(client, "{ health { healthy } }"))["data"] == {"health": None}


async def test_instance_follows_the_policy(aiohttp_client, settings):
    closed = dataclasses.replace(
        settings, registrations_open=False, invites_required=True,
        account_approval_required=True, max_toot_chars=777,
    )
    client = await aiohttp_client(create_app(closed))
    body = await gql(
        client,
        "{ instance { registrations invitesEnabled approvalRequired maxTootChars "
        "contactAccount { username } stats { userCount } } }",
    )
    assert body["data"]["instance"] == {
        "registrations": False,
        "invitesEnabled": True,
        "approvalRequired": True,
        "maxTootChars": 777,
        "contactAccount": None,
        "stats": {"userCount": 0},
    }


async def test_dataloader_batches_caches_and_primes():
    calls: list[list[str]] = []

    async def batch(keys: list[str]) -> dict[str, str]:
        calls.append(keys)
        return {k: k.upper() for k in keys if k != "missing"}

    loader: DataLoader[str, str] = DataLoader(batch)
    loader.prime("p", "PRIMED")
    import asyncio

    results = await asyncio.gather(
        loader.load("a"), loader.load("b"), loader.load("a"), loader.load("missing"),
        loader.load("p"),
    )
    assert results == ["A", "B", "A", None, "PRIMED"]
    assert calls == [["a", "b", "missing"]]
    assert await loader.load_many(["a", "b"]) == ["A", "B"]
    assert calls == [["a", "b", "missing"]]


async def test_dataloader_failure_reaches_every_waiter_and_is_not_cached():
    attempts = 0

    async def batch(keys: list[str]) -> dict[str, str]:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise RuntimeError("down")
        return {k: k for k in keys}

    loader: DataLoader[str, str] = DataLoader(batch)
    with pytest.raises(RuntimeError):
        await loader.load_many(["x", "y"])
    assert await loader.load("x") == "x"
    assert attempts == 2


def test_loaders_live_in_the_request_context():
    from schema import loaders

    one, two = RequestContext(policy=InstancePolicy()), RequestContext(policy=InstancePolicy())
    assert loaders.account_by_id(one) is loaders.account_by_id(one)
    assert loaders.account_by_id(one) is not loaders.account_by_id(two)
