"""Parity: the admin statuses, moderation log, stats and OAuth app endpoints answer the same
over REST and GraphQL on the same data, change the same things, and refuse alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest_asyncio
from strawberry.relay import to_base64

from tests.admin.world import build_admin_world
from tests.graphql.conftest import gql

EXAMPLES = Path(__file__).resolve().parents[2] / "graphql_examples"
V1 = "/api/v1/pleroma/admin"
NOT_ADMIN = "User is not an admin or OAuth admin scope is not granted."


@pytest_asyncio.fixture
async def adm(client, policy):
    """The admin world (alice, bob, carol, eve, mallory, root, root_noscope, mod)."""
    return await build_admin_world(client, policy)


def example(name: str) -> str:
    return (EXAMPLES / f"{name}.graphql").read_text()


async def ask(adm, name: str, variables: dict[str, Any] | None = None, who: str = "root") -> Any:
    body = await gql(adm.client, example(name), variables, token=adm.tokens[who])
    assert "errors" not in body, body
    return body["data"][name]


def from_rest(status: dict[str, Any]) -> dict[str, Any]:
    """The fields the ``adminStatuses`` example asks for, from a REST status."""
    return {
        "restId": status["id"],
        "visibility": status["visibility"].upper(),
        "sensitive": status["sensitive"],
        "content": status["content"],
        "account": {"restId": status["account"]["id"], "username": status["account"]["username"]},
        "reblog": {"restId": status["reblog"]["id"]} if status["reblog"] else None,
    }


async def scene(adm) -> dict[str, dict[str, Any]]:
    posts = {
        "public": await adm.post("alice", "public words"),
        "private": await adm.post("alice", "private words", visibility="private"),
        "direct": await adm.post("carol", "@alice direct words", visibility="direct"),
        "unlisted": await adm.post("bob", "unlisted words", visibility="unlisted"),
    }
    posts["reblog"] = await adm.act("bob", posts["public"]["id"], "reblog")
    return posts


async def test_status_lists_agree(adm):
    await scene(adm)
    for query, variables in (
        ("", {}),
        ("?godmode=true&with_reblogs=true", {"godmode": True, "withReblogs": True}),
        ("?godmode=1&page=2&page_size=2", {"godmode": True, "page": 2, "pageSize": 2}),
    ):
        rest = await adm.call("GET", f"{V1}/statuses{query}", "root")
        assert rest, query
        assert await ask(adm, "adminStatuses", variables) == [from_rest(s) for s in rest]


async def test_one_status_agrees(adm):
    posts = await scene(adm)
    rest = await adm.call("GET", f"{V1}/statuses/{posts['direct']['id']}", "root")
    for ref in (posts["direct"]["id"], to_base64("Status", posts["direct"]["id"])):
        got = await ask(adm, "adminStatus", {"id": ref})
        assert got == {
            "restId": rest["id"],
            "visibility": "DIRECT",
            "content": rest["content"],
            "account": {"restId": rest["account"]["id"], "username": "carol"},
        }
    await adm.call("GET", f"{V1}/statuses/nope", "root", expect=404)
    assert await ask(adm, "adminStatus", {"id": "nope"}) is None


async def test_account_and_instance_statuses_agree(adm):
    await scene(adm)
    rest = await adm.call("GET", f"{V1}/users/alice/statuses?godmode=true&page_size=1", "root")
    got = await ask(adm, "adminUserStatuses", {"nickname": "alice", "godmode": True, "pageSize": 1})
    assert got["total"] == rest["total"] == 2
    assert [s["restId"] for s in got["statuses"]] == [s["id"] for s in rest["activities"]]
    await adm.call("GET", f"{V1}/users/nobody/statuses", "root", expect=404)
    assert await ask(adm, "adminUserStatuses", {"nickname": "nobody"}) is None

    rest = await adm.call("GET", f"{V1}/instances/plenum.example/statuses", "root")
    got = await ask(adm, "adminInstanceStatuses", {"instance": "plenum.example"})
    assert got["total"] == rest["total"] == 2
    assert [(s["restId"], s["account"]["username"]) for s in got["statuses"]] == [
        (s["id"], s["account"]["username"]) for s in rest["activities"]
    ]


async def test_changes_agree_and_land_in_one_log(adm):
    posts = await scene(adm)
    public_id = posts["public"]["id"]
    got = await ask(
        adm, "adminStatusUpdate",
        {"input": {"id": to_base64("Status", public_id), "visibility": "PRIVATE"}},
    )
    assert got["userErrors"] == []
    rest = await adm.call("GET", f"{V1}/statuses/{public_id}", "root")
    assert got["status"] == {
        "restId": public_id, "sensitive": rest["sensitive"], "visibility": "PRIVATE"
    }
    assert rest["visibility"] == "private" and rest["reblogs_count"] == 0
    rest = await adm.call(
        "PUT", f"{V1}/statuses/{public_id}", "root", json={"sensitive": True}
    )
    assert (await ask(adm, "adminStatus", {"id": public_id}))["visibility"] == "PRIVATE"
    assert rest["sensitive"] is True

    got = await ask(adm, "adminStatusDelete", {"input": {"id": posts["unlisted"]["id"]}})
    assert got == {"deletedStatusId": posts["unlisted"]["id"], "userErrors": []}
    await adm.call("GET", f"{V1}/statuses/{posts['unlisted']['id']}", "root", expect=404)

    rest_log = await adm.call("GET", f"{V1}/moderation_log", "root")
    gql_log = await ask(adm, "adminModerationLog")
    assert gql_log["total"] == rest_log["total"] == 3
    assert [
        {"restId": e["id"], "action": e["data"]["action"], "message": e["message"],
         "time": e["time"], "data": e["data"], "actorNickname": "root",
         "actor": {"username": "root"}}
        for e in rest_log["items"]
    ] == gql_log["items"]
    rest_log = await adm.call("GET", f"{V1}/moderation_log?search=deleted", "root")
    gql_log = await ask(adm, "adminModerationLog", {"search": "deleted"})
    assert [e["restId"] for e in gql_log["items"]] == [e["id"] for e in rest_log["items"]]
    assert gql_log["total"] == 1


async def test_refusals_agree(adm):
    posts = await scene(adm)
    rest = await adm.call(
        "PUT", f"{V1}/statuses/{posts['public']['id']}", "root", expect=400,
        json={"visibility": "direct"},
    )
    got = await ask(
        adm, "adminStatusUpdate", {"input": {"id": posts["public"]["id"], "visibility": "DIRECT"}}
    )
    assert got == {
        "status": None,
        "userErrors": [{"code": "BAD_REQUEST", "field": "visibility", "message": rest["error"]}],
    }
    rest = await adm.call("DELETE", f"{V1}/statuses/{posts['reblog']['id']}", "root", expect=404)
    got = await ask(adm, "adminStatusDelete", {"input": {"id": posts["reblog"]["id"]}})
    assert got["userErrors"] == [{"code": "NOT_FOUND", "field": None, "message": rest["error"]}]

    # a user who is not an admin: 403 over REST, the same message over GraphQL
    rest = await adm.call("GET", f"{V1}/statuses?godmode=true", "alice", expect=403)
    body = await gql(adm.client, example("adminStatuses"), {"godmode": True},
                     token=adm.tokens["alice"])
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == [rest["error"]] == [NOT_ADMIN]
    assert "private words" not in str(body)
    got = await ask(adm, "adminStatusDelete", {"input": {"id": posts["public"]["id"]}}, "alice")
    assert got["userErrors"] == [{"code": "NOT_ADMIN", "field": None, "message": NOT_ADMIN}]
    assert (await adm.call("GET", f"{V1}/moderation_log", "root"))["total"] == 0


async def test_stats_agree(adm):
    await scene(adm)
    rest = await adm.call("GET", f"{V1}/stats", "root")
    assert rest["status_visibility"] == {"public": 1, "unlisted": 1, "private": 1, "direct": 1}
    got = await ask(adm, "adminStats")
    assert got == {"statusVisibility": rest["status_visibility"]}
    got = await ask(adm, "adminStats", {"instance": "nowhere.example"})
    rest = await adm.call("GET", f"{V1}/stats?instance=nowhere.example", "root")
    assert got == {"statusVisibility": rest["status_visibility"]}


def app_from_rest(app: dict[str, Any]) -> dict[str, Any]:
    return {
        "restId": app["id"],
        "name": app["name"],
        "redirectUri": app["redirect_uri"],
        "website": app["website"],
        "scopes": app["scopes"],
        "trusted": app["trusted"],
        "clientId": app["client_id"],
        "clientSecret": app["client_secret"],
    }


async def test_oauth_apps_agree(adm):
    created = await ask(
        adm, "adminOAuthAppCreate",
        {"input": {"name": "By GraphQL", "redirectUris": "https://g.example/cb",
                   "scopes": ["read", "write"], "trusted": True}},
    )
    assert created["userErrors"] == []
    await adm.call(
        "POST", f"{V1}/oauth_app", "root",
        json={"name": "By REST", "redirect_uris": "https://r.example/cb"},
    )
    for query, variables in (
        ("", {}),
        ("?trusted=true", {"trusted": True}),
        ("?page=2&page_size=2", {"page": 2, "pageSize": 2}),
        ("?name=By%20REST", {"name": "By REST"}),
    ):
        rest = await adm.call("GET", f"{V1}/oauth_app{query}", "root")
        got = await ask(adm, "adminOAuthApps", variables)
        assert got == {
            "count": rest["count"],
            "pageSize": rest["page_size"],
            "apps": [app_from_rest(a) for a in rest["apps"]],
        }, query
    app_id = created["app"]["restId"]
    updated = await ask(
        adm, "adminOAuthAppUpdate", {"input": {"id": app_id, "name": "Renamed", "trusted": False}}
    )
    rest = await adm.call("GET", f"{V1}/oauth_app?client_id={created['app']['clientId']}", "root")
    assert updated["app"] == {
        "restId": app_id, "name": "Renamed", "website": None, "trusted": False
    } and rest["apps"][0]["name"] == "Renamed"
    # refusals: same validation message; an unknown app is REST's bare 400, a NOT_FOUND here
    rest = await adm.call("POST", f"{V1}/oauth_app", "root", expect=400, json={"name": ""})
    got = await ask(adm, "adminOAuthAppCreate", {"input": {"name": "", "redirectUris": ""}})
    assert got["userErrors"][0]["message"] == rest["error"]
    deleted = await ask(adm, "adminOAuthAppDelete", {"input": {"id": app_id}})
    assert deleted == {"deletedAppId": app_id, "userErrors": []}
    again = await ask(adm, "adminOAuthAppDelete", {"input": {"id": app_id}})
    assert again["userErrors"] == [{"code": "NOT_FOUND", "field": None, "message": "Not found"}]
    response = await adm.client.request(
        "DELETE", f"{V1}/oauth_app/{app_id}", headers=adm.headers("root")
    )
    assert (response.status, await response.json()) == (400, "")


async def test_emoji_reload_agrees(adm):
    assert await adm.call("POST", f"{V1}/reload_emoji", "root") == "ok"
    got = await ask(adm, "adminEmojiReload")
    assert got == {"emojiCount": 0, "userErrors": []}
    got = await ask(adm, "adminEmojiReload", who="root_noscope")
    assert got["userErrors"] == [{"code": "NOT_ADMIN", "field": None, "message": NOT_ADMIN}]
    await adm.call("POST", f"{V1}/reload_emoji", "root_noscope", expect=403)
