"""Parity: REST and GraphQL read and change the same lists, list the same members with the
same cursors, show the same list timeline, and refuse alike (``List not found``, Pleroma's
title messages, the timeline's ``Error.``)."""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from tests.graphql.conftest import gql
from tests.lists.graphql_cases import rest_list as gql_list
from tests.statuses.conftest import RestWorld, build_rest_world

LIST_FIELDS = "id restId title repliesPolicy exclusive"
LISTS = "query { lists { F } }".replace("F", LIST_FIELDS)
ONE = "query l($id: ID!) { list(id: $id) { F } }".replace("F", LIST_FIELDS)
HOLDING = "query h($a: ID!) { accountLists(accountId: $a) { F } }".replace("F", LIST_FIELDS)
MEMBERS = (
    "query m($id: ID!, $first: Int, $after: String) { listAccounts(id: $id, first: $first, "
    "after: $after) { edges { cursor node { restId acct } } pageInfo { hasNextPage } } }"
)
TIMELINE = (
    "query t($id: ID!, $first: Int, $after: String) { listTimeline(id: $id, first: $first, "
    "after: $after) { edges { cursor node { restId content visibility account { restId } } } "
    "pageInfo { hasNextPage endCursor } } }"
)
PAYLOAD = "{ list { F } userErrors { code field message } }".replace("F", LIST_FIELDS)
CREATE = "mutation c($input: ListCreateInput!) { listCreate(input: $input) P }"
UPDATE = "mutation u($input: ListUpdateInput!) { listUpdate(input: $input) P }"
ADD = "mutation a($input: ListAccountsInput!) { listAccountsAdd(input: $input) P }"
REMOVE = "mutation r($input: ListAccountsInput!) { listAccountsRemove(input: $input) P }"
DELETE = (
    "mutation d($input: ListActionInput!) { listDelete(input: $input) "
    "{ deletedListId userErrors { code field message } } }"
)


async def q(client, rw: RestWorld, who: str, query: str, **variables: Any) -> dict[str, Any]:
    return await gql(client, query, variables, token=rw.tokens[who])


async def data(client, rw: RestWorld, who: str, query: str, **variables: Any) -> dict[str, Any]:
    body = await q(client, rw, who, query, **variables)
    assert "errors" not in body, body
    return body["data"]


async def mutate(client, rw, who, text, **input: Any) -> dict[str, Any]:
    body = await data(client, rw, who, text.replace("P", PAYLOAD), input=input)
    return next(iter(body.values()))


async def test_lists_read_and_written_either_way_agree(client, policy):
    rw = await build_rest_world(client, policy)
    made = await rw.call("POST", "/api/v1/lists", "bob", json={"title": "over REST"})
    payload = await mutate(client, rw, "bob", CREATE, title="over GraphQL",
                           repliesPolicy="NONE", exclusive=True)
    assert payload["userErrors"] == []
    rest_index = await rw.call("GET", "/api/v1/lists", "bob")
    assert [x["id"] for x in rest_index] == [payload["list"]["restId"], made["id"]]
    assert rest_index[0] == {"id": payload["list"]["restId"], "title": "over GraphQL",
                             "replies_policy": "none", "exclusive": True}
    assert (await data(client, rw, "bob", LISTS))["lists"] == [gql_list(x) for x in rest_index]
    one = await data(client, rw, "bob", ONE, id=made["id"])
    assert one["list"] == gql_list(made)

    renamed = await mutate(client, rw, "bob", UPDATE, listId=to_base64("List", made["id"]),
                           title="renamed", repliesPolicy="FOLLOWED")
    rest = await rw.call("GET", f"/api/v1/lists/{made['id']}", "bob")
    assert rest["title"] == "renamed"
    assert renamed["list"] == gql_list(rest)
    rest = await rw.call("PUT", f"/api/v1/lists/{made['id']}", "bob", json={"title": "again"})
    assert (await data(client, rw, "bob", ONE, id=made["id"]))["list"] == gql_list(rest)

    deleted = await data(client, rw, "bob", DELETE, input={"listId": made["id"]})
    assert deleted["listDelete"] == {"deletedListId": made["id"], "userErrors": []}
    await rw.call("GET", f"/api/v1/lists/{made['id']}", "bob", expect=404)
    assert (await data(client, rw, "bob", ONE, id=made["id"]))["list"] is None


async def test_members_and_the_lists_holding_them_agree(client, policy):
    rw = await build_rest_world(client, policy)
    made = await rw.call("POST", "/api/v1/lists", "bob", json={"title": "people"})
    other = await rw.call("POST", "/api/v1/lists", "bob", json={"title": "other"})
    path = f"/api/v1/lists/{made['id']}/accounts"
    await rw.call("POST", path, "bob", json={"account_ids": [rw.id("alice"), rw.id("carol")]})
    added = await mutate(client, rw, "bob", ADD, listId=made["id"],
                         accountIds=[to_base64("Account", rw.id("eve")), "nobody"])
    assert added == {"list": gql_list(made), "userErrors": []}
    await mutate(client, rw, "bob", ADD, listId=other["id"], accountIds=[rw.id("eve")])

    rest = await rw.call("GET", f"{path}?limit=2", "bob")
    cursor = rw.last.headers["Link"].split("max_id=")[1].split(">")[0]
    page = (await data(client, rw, "bob", MEMBERS, id=made["id"], first=2))["listAccounts"]
    assert [e["node"]["restId"] for e in page["edges"]] == [a["id"] for a in rest]
    assert page["edges"][-1]["cursor"] == cursor
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await rw.call("GET", f"{path}?max_id={cursor}", "bob")
    page = (await data(client, rw, "bob", MEMBERS, id=made["id"], after=cursor))["listAccounts"]
    assert [e["node"]["acct"] for e in page["edges"]] == [a["acct"] for a in rest] == ["alice"]

    for nick in ("eve", "alice", "mallory"):
        rest = await rw.call("GET", f"/api/v1/accounts/{rw.id(nick)}/lists", "bob")
        got = await data(client, rw, "bob", HOLDING, a=to_base64("Account", rw.id(nick)))
        assert got["accountLists"] == [gql_list(x) for x in rest]
    assert len(rest) == 0 and len(got["accountLists"]) == 0

    removed = await mutate(client, rw, "bob", REMOVE, listId=to_base64("List", made["id"]),
                           accountIds=[rw.id("eve"), rw.id("carol")])
    assert removed["userErrors"] == []
    assert [a["acct"] for a in await rw.call("GET", path, "bob")] == ["alice"]


async def test_list_timelines_agree(client, policy):
    rw = await build_rest_world(client, policy)
    made = await rw.call("POST", "/api/v1/lists", "bob", json={"title": "timeline"})
    await rw.call("POST", f"/api/v1/lists/{made['id']}/accounts", "bob",
                  json={"account_ids": [rw.id("alice"), rw.id("eve")]})
    for i in range(3):
        await rw.post("alice", f"alice {i}")
    await rw.post("alice", "followers", visibility="private")
    await rw.post("eve", "eve followers", visibility="private")  # bob does not follow eve
    await rw.post("alice", "@bob direct", visibility="direct")
    await rw.post("eve", "eve public")
    path = f"/api/v1/timelines/list/{made['id']}"
    rest = await rw.call("GET", f"{path}?limit=3", "bob")
    page = (await data(client, rw, "bob", TIMELINE, id=made["id"], first=3))["listTimeline"]
    assert [e["node"]["restId"] for e in page["edges"]] == [s["id"] for s in rest]
    assert [e["node"]["content"] for e in page["edges"]] == [s["content"] for s in rest]
    assert [e["node"]["visibility"].lower() for e in page["edges"]] == [
        s["visibility"] for s in rest
    ]
    assert page["pageInfo"] == {"hasNextPage": True, "endCursor": rest[-1]["id"]}
    rest = await rw.call("GET", f"{path}?max_id={rest[-1]['id']}", "bob")
    page = (await data(client, rw, "bob", TIMELINE, id=made["id"],
                       after=page["pageInfo"]["endCursor"]))["listTimeline"]
    assert [e["node"]["restId"] for e in page["edges"]] == [s["id"] for s in rest]
    assert len(rest) == 2 and page["pageInfo"]["hasNextPage"] is False


async def test_refusals_agree(client, policy):
    rw = await build_rest_world(client, policy)
    made = await rw.call("POST", "/api/v1/lists", "bob", json={"title": "bob's"})
    # someone else's list
    rest = await rw.call("PUT", f"/api/v1/lists/{made['id']}", "eve", expect=404,
                         json={"title": "mine"})
    payload = await mutate(client, rw, "eve", UPDATE, listId=made["id"], title="mine")
    assert payload == {"list": None, "userErrors": [
        {"code": "NOT_FOUND", "field": None, "message": rest["error"]}
    ]}
    payload = await mutate(client, rw, "eve", ADD, listId=made["id"], accountIds=[rw.id("eve")])
    assert payload["userErrors"][0]["message"] == "List not found"
    body = await data(client, rw, "eve", DELETE, input={"listId": made["id"]})
    assert body["listDelete"]["userErrors"][0]["message"] == "List not found"
    assert (await data(client, rw, "eve", ONE, id=made["id"]))["list"] is None
    rest = await rw.call("GET", f"/api/v1/lists/{made['id']}/accounts", "eve", expect=404)
    body = await q(client, rw, "eve", MEMBERS, id=made["id"])
    assert body["errors"][0]["message"] == rest["error"]
    rest = await rw.call("GET", f"/api/v1/timelines/list/{made['id']}", "eve", expect=403)
    body = await q(client, rw, "eve", TIMELINE, id=made["id"])
    assert body["errors"][0]["message"] == rest["error"] == "Error."
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # Pleroma's title checks
    rest = await rw.call("POST", "/api/v1/lists", "bob", expect=422, json={"title": " "})
    payload = await mutate(client, rw, "bob", CREATE, title=" ")
    assert payload["userErrors"] == [
        {"code": "VALIDATION", "field": "title", "message": rest["error"]}
    ]
    rest = await rw.call("PUT", f"/api/v1/lists/{made['id']}", "bob", expect=400, json={})
    payload = await mutate(client, rw, "bob", UPDATE, listId=made["id"])
    assert payload["userErrors"] == [
        {"code": "BAD_REQUEST", "field": "title", "message": rest["error"]}
    ]
    assert await rw.call("GET", "/api/v1/lists", "bob") == [made]
    assert await rw.call("GET", "/api/v1/lists", "eve") == []
