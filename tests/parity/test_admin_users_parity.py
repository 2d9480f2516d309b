"""Parity: the admin user API's REST routes and GraphQL fields read the same accounts,
make the same changes and refuse alike (REST's error message is the userError's, or the
GraphQL error's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest_asyncio

from models.accounts import Account
from tests.admin.world import build_admin_world
from tests.admin_users.helpers import API, log_messages, status_of
from tests.graphql.conftest import gql

EXAMPLES = Path(__file__).resolve().parents[2] / "graphql_examples"
USER_FIELDS = (
    "restId nickname email displayName avatar url local actorType tags isActive isConfirmed "
    "isApproved isAdmin isModerator registrationReason createdAt"
)
LIST = (
    "query l($q: String, $f: [AdminUserFilter!], $t: [String!], $p: Int!, $s: Int!) { "
    "adminUsers(query: $q, filters: $f, tags: $t, page: $p, pageSize: $s) { count page "
    "pageSize users { %FIELDS% } } }"
).replace("%FIELDS%", USER_FIELDS)
SHOW = "query s($n: String!) { adminUser(nicknameOrId: $n) { %FIELDS% } }".replace(
    "%FIELDS%", USER_FIELDS
)
USERS_PAYLOAD = "{ users { %FIELDS% } userErrors { code field message } }".replace(
    "%FIELDS%", USER_FIELDS
)


@pytest_asyncio.fixture(name="aw")
async def admin_world(client, policy):
    """The admin world (tests/admin/world.py): root is an admin with an admin token."""
    return await build_admin_world(client, policy)


def example(name: str) -> str:
    return (EXAMPLES / f"{name}.graphql").read_text()


def from_rest(user: dict[str, Any]) -> dict[str, Any]:
    """A REST admin user in GraphQL's shape."""
    return {
        "restId": user["id"],
        "nickname": user["nickname"],
        "email": user["email"],
        "displayName": user["display_name"],
        "avatar": user["avatar"],
        "url": user["url"],
        "local": user["local"],
        "actorType": user["actor_type"],
        "tags": user["tags"],
        "isActive": not user["deactivated"],
        "isConfirmed": not user["confirmation_pending"],
        "isApproved": not user["approval_pending"],
        "isAdmin": user["roles"]["admin"],
        "isModerator": user["roles"]["moderator"],
        "registrationReason": user["registration_reason"],
        "createdAt": user["created_at"],
    }


async def q(aw, query: str, variables: dict[str, Any], who: str = "root") -> dict[str, Any]:
    return await gql(aw.client, query, variables, token=aw.tokens[who])


async def test_the_list_and_one_user_agree(aw):
    await status_of(aw, "PUT", f"{API}/users/tag", "root",
                    json={"nicknames": ["bob", "carol"], "tags": ["verified"]})
    await Account.filter(id=aw.id("eve")).update(is_active=False, registration_reason="hi")
    for params, variables in (
        ("page_size=3&page=2", {"p": 2, "s": 3}),
        ("filters=local,deactivated", {"f": ["LOCAL", "DEACTIVATED"], "p": 1, "s": 50}),
        ("query=o&tags[]=verified", {"q": "o", "t": ["verified"], "p": 1, "s": 50}),
    ):
        rest = await aw.call("GET", f"{API}/users?{params}", "root")
        body = await q(aw, LIST, variables)
        assert "errors" not in body, body
        page = body["data"]["adminUsers"]
        assert page["users"] == [from_rest(u) for u in rest["users"]]
        assert (page["count"], page["pageSize"]) == (rest["count"], rest["page_size"])
        assert page["users"], params
    for ref in ("eve", aw.id("bob")):
        rest = await aw.call("GET", f"{API}/users/{ref}", "root")
        body = await q(aw, SHOW, {"n": ref})
        assert body["data"]["adminUser"] == from_rest(rest)
        roles = await aw.call("GET", f"{API}/users/{ref}/permission_group", "root")
        shown = body["data"]["adminUser"]
        assert roles == {"is_admin": shown["isAdmin"], "is_moderator": shown["isModerator"]}
    await aw.call("GET", f"{API}/users/ghost", "root", expect=404)
    assert (await q(aw, SHOW, {"n": "ghost"}))["data"]["adminUser"] is None


async def test_credentials_agree(aw):
    await aw.call("PATCH", f"{API}/users/bob/credentials", "root", json={
        "name": "Bob B.", "bio": "typed", "fields": [{"name": "a", "value": "https://a.example"}],
        "locked": True, "default_scope": "private",
    })
    rest = await aw.call("GET", f"{API}/users/bob/credentials", "root")
    body = await q(aw, example("adminUserCredentials"), {"nicknameOrId": "bob"})
    found = body["data"]["adminUserCredentials"]
    assert (found["restId"], found["email"]) == (rest["id"], rest["email"])
    account, source = found["account"], found["source"]
    assert account["displayName"] == rest["name"]
    assert (account["locked"], account["discoverable"], account["hideFollowers"]) == (
        rest["locked"], rest["discoverable"], rest["hide_followers"]
    )
    assert (account["avatar"], account["header"], account["backgroundImage"]) == (
        rest["avatar"], rest["banner"], rest["background"]
    )
    assert [{"name": f["name"], "value": f["value"]} for f in account["fields"]] == rest[
        "fields"
    ]
    assert [{"name": f["name"], "value": f["valueSource"]} for f in account["fields"]] == rest[
        "raw_fields"
    ]
    assert (source["note"], source["privacy"], source["actorType"]) == (
        rest["bio"], rest["default_scope"], rest["actor_type"]
    )
    assert (source["noRichText"], source["showRole"], source["skipThreadContainment"]) == (
        rest["no_rich_text"], rest["show_role"], rest["skip_thread_containment"]
    )
    assert source["allowFollowingMove"] == rest["allow_following_move"]


async def test_writes_through_either_side_read_the_same(aw):
    mutation = "mutation m($i: AdminUsersTagInput!) { adminUsersTag(input: $i) %P% }"
    mutation = mutation.replace("%P%", USERS_PAYLOAD)
    body = await q(aw, mutation, {"i": {"nicknames": ["carol"], "tags": ["Spam"]}})
    await status_of(aw, "PUT", f"{API}/users/tag", "root",
                    json={"nicknames": ["eve"], "tags": ["Spam"]})
    carol = body["data"]["adminUsersTag"]["users"][0]
    assert carol == from_rest(await aw.call("GET", f"{API}/users/carol", "root"))
    eve = await aw.call("GET", f"{API}/users/eve", "root")
    assert (carol["tags"], eve["tags"]) == (["spam"], ["spam"])

    mutation = "mutation m($i: AdminUsersSetActiveInput!) { adminUsersSetActive(input: $i) %P% }"
    mutation = mutation.replace("%P%", USERS_PAYLOAD)
    body = await q(aw, mutation, {"i": {"nicknames": ["carol"], "active": False}})
    rest = await aw.call("PATCH", f"{API}/users/deactivate", "root",
                         json={"nicknames": ["eve"]})
    graph = body["data"]["adminUsersSetActive"]["users"][0]
    assert graph == from_rest(await aw.call("GET", f"{API}/users/carol", "root"))
    assert (graph["isActive"], rest["users"][0]["is_active"]) == (False, False)

    follow = example("adminUserFollow")
    body = await q(aw, follow, {"input": {"follower": "alice", "followed": "bob"}})
    assert body["data"]["adminUserFollow"]["userErrors"] == []
    await aw.call("POST", f"{API}/users/follow", "root",
                  json={"follower": "mallory", "followed": "bob"})
    rows = await Account.get(id=aw.id("bob"))
    assert rows.followers_count == 2
    assert await log_messages() == [
        "@root added tags: spam to users: @carol",
        "@root added tags: spam to users: @eve",
        "@root deactivated users: @carol",
        "@root deactivated users: @eve",
        "@root made @alice follow @bob",
        "@root made @mallory follow @bob",
    ]


async def test_refusals_agree(aw):
    # an unknown nickname
    rest = await aw.call("PATCH", f"{API}/users/approve", "root", expect=404,
                         json={"nicknames": ["ghost"]})
    body = await q(aw, example("adminUsersApprove"), {"input": {"nicknames": ["ghost"]}})
    assert body["data"]["adminUsersApprove"] == {
        "users": [], "userErrors": [{"code": "NOT_FOUND", "field": None,
                                     "message": rest["error"]}]
    }
    # one's own role
    rest = await aw.call("DELETE", f"{API}/users/permission_group/admin", "root", expect=403,
                         json={"nicknames": ["root"]})
    body = await q(aw, example("adminUsersSetPermission"),
                   {"input": {"nicknames": ["root"], "group": "ADMIN", "granted": False}})
    assert body["data"]["adminUsersSetPermission"]["userErrors"] == [
        {"code": "FORBIDDEN", "field": None, "message": rest["error"]}
    ]
    # a taken email when creating, and when editing
    users = [{"nickname": "lain", "email": "bob@example.org", "password": "x"}]
    rest = await aw.call("POST", f"{API}/users", "root", expect=409, json={"users": users})
    body = await q(aw, example("adminUsersCreate"), {"input": {"users": users}})
    assert body["data"]["adminUsersCreate"]["userErrors"] == [
        {"code": "CONFLICT", "field": "users.0.email", "message": "has already been taken"}
    ]
    assert rest[0]["error"] == "email has already been taken"
    rest = await aw.call("PATCH", f"{API}/users/eve/credentials", "root", expect=400,
                         json={"email": "bob@example.org"})
    body = await q(aw, example("adminUserCredentialsUpdate"),
                   {"input": {"nickname": "eve", "email": "bob@example.org"}})
    assert body["data"]["adminUserCredentialsUpdate"] == {
        "credentials": None,
        "userErrors": [{"code": "BAD_REQUEST", "field": "email",
                        "message": rest["errors"]["email"]}],
    }
    assert await log_messages() == []


async def test_who_may_agrees(aw):
    for who in ("alice", "mod", "root_noscope"):
        rest = await aw.call("GET", f"{API}/users", who, expect=403)
        body = await q(aw, LIST, {"p": 1, "s": 5}, who=who)
        assert body["data"] is None
        assert body["errors"][0]["message"] == rest["error"]
        body = await q(aw, example("adminUsersDelete"), {"input": {"nicknames": ["bob"]}},
                       who=who)
        assert body["errors"][0]["message"] == rest["error"]
    assert (await Account.get(id=aw.id("bob"))).is_active
