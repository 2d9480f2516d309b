"""``/api/pleroma/admin/statuses...``, an account's and an instance's statuses, over HTTP:
Pleroma's shapes, params, errors and access rules, and what a change or a deletion does
to what everyone else sees."""

from __future__ import annotations

import dataclasses

import pytest

from tests.admin.world import ADMIN_TOKEN
from tests.querycount import count_queries

V1 = "/api/v1/pleroma/admin"
LEGACY = "/api/pleroma/admin"
NOT_ADMIN = "User is not an admin or OAuth admin scope is not granted."


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, admin_token=ADMIN_TOKEN)


async def scene(aw) -> dict[str, dict]:
    """alice: a public post (bob reblogs it), an unlisted and a private one; carol: a
    direct message to alice; mallory (whom alice blocks, not root): a public post."""
    posts = {
        "public": await aw.post("alice", "public words"),
        "unlisted": await aw.post("alice", "unlisted words", visibility="unlisted"),
        "private": await aw.post("alice", "private words", visibility="private"),
        "direct": await aw.post("carol", "@alice direct words", visibility="direct"),
        "mallory": await aw.post("mallory", "mallory speaks"),
    }
    posts["reblog"] = await aw.act("bob", posts["public"]["id"], "reblog")
    return posts


def ids(body: list[dict]) -> list[str]:
    return [s["id"] for s in body]


ROUTES = [
    ("GET", "/statuses"),
    ("GET", "/statuses/{id}"),
    ("PUT", "/statuses/{id}"),
    ("DELETE", "/statuses/{id}"),
    ("GET", "/users/alice/statuses"),
    ("GET", "/instances/plenum.example/statuses"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize(
    ("who", "error"),
    [
        (None, "Invalid credentials."),
        ("alice", NOT_ADMIN),
        ("mod", NOT_ADMIN),
        ("root_noscope", NOT_ADMIN),
    ],
)
async def test_only_admins_with_an_admin_scope(aw, method, path, who, error):
    post = await aw.post("alice", "private words", visibility="private")
    body = await aw.call(
        method, V1 + path.format(id=post["id"]), who, expect=403, json={"sensitive": True}
    )
    assert body == {"error": error}
    assert "private words" not in str(body)
    # nothing changed
    shown = await aw.call("GET", f"/api/v1/statuses/{post['id']}", "alice")
    assert shown["sensitive"] is False


async def test_the_scope_must_cover_statuses(aw):
    from schema.services import tokens

    read_only = await tokens.issue_token(aw.accounts["root"], aw.app, ["admin:read:accounts"])
    aw.tokens["root_accounts"] = read_only.access_token
    body = await aw.call("GET", f"{V1}/statuses", "root_accounts", expect=403)
    assert body == {"error": NOT_ADMIN}
    statuses_only = await tokens.issue_token(aw.accounts["root"], aw.app, ["admin:read:statuses"])
    aw.tokens["root_statuses"] = statuses_only.access_token
    assert await aw.call("GET", f"{V1}/statuses", "root_statuses") == []
    post = await aw.post("alice", "x")
    body = await aw.call("DELETE", f"{V1}/statuses/{post['id']}", "root_statuses", expect=403)
    assert body == {"error": NOT_ADMIN}


async def test_index_shows_public_and_unlisted_by_default_blocks_ignored(aw):
    posts = await scene(aw)
    await aw.call("POST", f"/api/v1/accounts/{aw.id('mallory')}/block", "root")
    body = await aw.call("GET", f"{LEGACY}/statuses", "root")
    assert ids(body) == [posts["mallory"]["id"], posts["unlisted"]["id"], posts["public"]["id"]]
    assert {s["visibility"] for s in body} == {"public", "unlisted"}


async def test_index_godmode_reblogs_pages(aw):
    posts = await scene(aw)
    body = await aw.call("GET", f"{V1}/statuses?godmode=true&with_reblogs=1", "root")
    assert ids(body) == [
        posts["reblog"]["id"],
        posts["mallory"]["id"],
        posts["direct"]["id"],
        posts["private"]["id"],
        posts["unlisted"]["id"],
        posts["public"]["id"],
    ]
    assert body[0]["reblog"]["id"] == posts["public"]["id"]
    body = await aw.call("GET", f"{V1}/statuses?godmode=true&page=2&page_size=2", "root")
    assert ids(body) == [posts["private"]["id"], posts["unlisted"]["id"]]
    body = await aw.call("GET", f"{V1}/statuses?local_only=true&page_size=1", "root")
    assert ids(body) == [posts["mallory"]["id"]]
    body = await aw.call("GET", f"{V1}/statuses?page=abc", "root", expect=400)
    assert body == {"error": "page: Invalid integer value"}
    body = await aw.call("GET", f"{V1}/statuses?godmode=maybe", "root", expect=400)
    assert body == {"error": "godmode: Invalid boolean value"}


async def test_statuses_carry_the_merged_admin_account(aw):
    posts = await scene(aw)
    [status] = [
        s for s in await aw.call("GET", f"{V1}/statuses", "root")
        if s["id"] == posts["public"]["id"]
    ]
    account = status["account"]
    assert account["id"] == aw.id("alice")
    assert account["acct"] == "alice"  # Mastodon's Account
    assert account["nickname"] == "alice"  # and the admin view over it
    assert account["email"] == "alice@example.org"
    assert account["roles"] == {"admin": False, "moderator": False}
    assert (account["deactivated"], account["is_active"]) == (False, True)
    assert status["content"] == "public words"
    assert status["pleroma"]["local"] is True


async def test_a_page_costs_the_same_statements_as_a_page_of_one(aw):
    for i in range(6):
        await aw.post(["alice", "bob", "carol"][i % 3], f"post {i}")
    await aw.call("GET", f"{V1}/statuses?page_size=1", "root")  # warm the prepared paths
    with count_queries() as one:
        assert len(await aw.call("GET", f"{V1}/statuses?page_size=1", "root")) == 1
    with count_queries() as many:
        assert len(await aw.call("GET", f"{V1}/statuses?page_size=6", "root")) == 6
    assert many.count == one.count
    with count_queries() as one:
        await aw.call("GET", f"{V1}/users/alice/statuses?page_size=1", "root")
    with count_queries() as many:
        await aw.call("GET", f"{V1}/users/alice/statuses?page_size=6", "root")
    assert many.count == one.count


async def test_show_any_status_and_404(aw):
    posts = await scene(aw)
    body = await aw.call("GET", f"{V1}/statuses/{posts['direct']['id']}", "root")
    assert (body["id"], body["visibility"]) == (posts["direct"]["id"], "direct")
    assert body["content"] == posts["direct"]["content"]
    assert body["account"]["email"] == "carol@example.org"
    body = await aw.call("GET", f"{V1}/statuses/{posts['reblog']['id']}", "root")
    assert body["reblog"]["id"] == posts["public"]["id"]
    for missing in ("not_found", "0" * 18):
        body = await aw.call("GET", f"{V1}/statuses/{missing}", "root", expect=404)
        assert body == {"error": "Not found"}


async def test_update_sensitive_and_visibility(aw):
    posts = await scene(aw)
    status_id = posts["public"]["id"]
    body = await aw.call("PUT", f"{V1}/statuses/{status_id}", "root", json={"sensitive": "true"})
    assert (body["id"], body["sensitive"], body["visibility"]) == (status_id, True, "public")
    assert body["account"]["acct"] == "alice" and "email" not in body["account"]
    body = await aw.call(
        "PUT", f"{LEGACY}/statuses/{status_id}", "root", data={"visibility": "unlisted"}
    )
    assert (body["sensitive"], body["visibility"]) == (True, "unlisted")
    body = await aw.call(
        "PUT", f"{V1}/statuses/{status_id}", "root",
        json={"visibility": "public", "sensitive": False},
    )
    assert (body["sensitive"], body["visibility"]) == (False, "public")
    log = await aw.call("GET", f"{V1}/moderation_log", "root")
    assert [e["message"] for e in log["items"]] == [
        f"@root updated status #{status_id}, set sensitive: 'false', visibility: 'public'",
        f"@root updated status #{status_id}, set visibility: 'unlisted'",
        f"@root updated status #{status_id}, set sensitive: 'true'",
    ]


@pytest.mark.parametrize("visibility", ["test", "direct", "local"])
async def test_update_refuses_other_visibilities(aw, visibility):
    post = await aw.post("alice", "x")
    body = await aw.call(
        "PUT", f"{V1}/statuses/{post['id']}", "root", expect=400, json={"visibility": visibility}
    )
    assert body == {"error": "Unsupported visibility"}
    assert (await aw.call("GET", f"{V1}/moderation_log", "root"))["total"] == 0


async def test_update_missing_or_a_reblog_is_404(aw):
    posts = await scene(aw)
    for status_id in ("nope", posts["reblog"]["id"]):
        body = await aw.call(
            "PUT", f"{V1}/statuses/{status_id}", "root", expect=404, json={"sensitive": True}
        )
        assert body == {"error": "Not found"}
    body = await aw.call(
        "PUT", f"{V1}/statuses/{posts['public']['id']}", "root", expect=400,
        json={"sensitive": "sometimes"},
    )
    assert body == {"error": "sensitive: Invalid boolean value"}


async def test_making_a_status_private_hides_it_and_its_reblogs(aw):
    posts = await scene(aw)
    status_id = posts["public"]["id"]
    await aw.call("PUT", f"{V1}/statuses/{status_id}", "root", json={"visibility": "private"})
    # eve does not follow alice: gone from the public timeline, bob's reblog is gone too
    public = await aw.call("GET", "/api/v1/timelines/public", "eve")
    assert status_id not in ids(public)
    await aw.call("GET", f"/api/v1/statuses/{status_id}", "eve", expect=404)
    await aw.call("GET", f"/api/v1/statuses/{posts['reblog']['id']}", "bob", expect=404)
    bobs = await aw.call("GET", f"/api/v1/accounts/{aw.id('bob')}/statuses", "eve")
    assert posts["reblog"]["id"] not in ids(bobs)
    # bob follows alice: he still sees it, with no reblog counted; alice lost bob's
    # reblog notification with the reblog
    shown = await aw.call("GET", f"/api/v1/statuses/{status_id}", "bob")
    assert (shown["visibility"], shown["reblogs_count"], shown["reblogged"]) == (
        "private", 0, False
    )
    notes = await aw.call("GET", "/api/v1/notifications", "alice")
    assert "reblog" not in [n["type"] for n in notes]


async def test_delete(aw):
    posts = await scene(aw)
    status_id = posts["public"]["id"]
    before = await aw.call("GET", "/api/v1/accounts/verify_credentials", "alice")
    assert await aw.call("DELETE", f"{LEGACY}/statuses/{status_id}", "root") == {}
    await aw.call("GET", f"/api/v1/statuses/{status_id}", "alice", expect=404)
    await aw.call("GET", f"/api/v1/statuses/{posts['reblog']['id']}", "bob", expect=404)
    after = await aw.call("GET", "/api/v1/accounts/verify_credentials", "alice")
    assert after["statuses_count"] == before["statuses_count"] - 1
    body = await aw.call("DELETE", f"{V1}/statuses/{status_id}", "root", expect=404)
    assert body == {"error": "Not found"}
    body = await aw.call("DELETE", f"{V1}/statuses/{posts['reblog']['id']}", "root", expect=404)
    assert body == {"error": "Not found"}
    log = await aw.call("GET", f"{V1}/moderation_log", "root")
    assert [e["message"] for e in log["items"]] == [f"@root deleted status #{status_id}"]


async def test_delete_with_the_admin_token(aw):
    post = await aw.post("alice", "x")
    assert await aw.call("DELETE", f"{V1}/statuses/{post['id']}?admin_token={ADMIN_TOKEN}") == {}
    log = await aw.call("GET", f"{V1}/moderation_log?admin_token={ADMIN_TOKEN}")
    assert log["items"][0]["message"] == f"@admin_token deleted status #{post['id']}"


async def test_user_statuses(aw):
    posts = await scene(aw)
    body = await aw.call("GET", f"{V1}/users/alice/statuses", "root")
    assert body["total"] == 2
    assert ids(body["activities"]) == [posts["unlisted"]["id"], posts["public"]["id"]]
    assert body["activities"][0]["account"]["email"] == "alice@example.org"
    body = await aw.call(
        "GET", f"{LEGACY}/users/{aw.id('alice')}/statuses?godmode=true&page_size=1&page=2",
        "root",
    )
    assert (body["total"], ids(body["activities"])) == (3, [posts["unlisted"]["id"]])
    body = await aw.call("GET", f"{V1}/users/bob/statuses", "root")
    assert body == {"total": 0, "activities": []}
    body = await aw.call("GET", f"{V1}/users/bob/statuses?with_reblogs=true", "root")
    assert (body["total"], ids(body["activities"])) == (1, [posts["reblog"]["id"]])
    body = await aw.call("GET", f"{V1}/users/nobody/statuses", "root", expect=404)
    assert body == {"error": "Not found"}


async def test_instance_statuses(aw):
    posts = await scene(aw)
    body = await aw.call("GET", f"{V1}/instances/plenum.example/statuses", "root")
    assert body["total"] == 3
    assert ids(body["activities"]) == [
        posts["mallory"]["id"], posts["unlisted"]["id"], posts["public"]["id"]
    ]
    body = await aw.call(
        "GET", f"{LEGACY}/instances/plenum.example/statuses?with_reblogs=true&page_size=1",
        "root",
    )
    assert (body["total"], ids(body["activities"])) == (4, [posts["reblog"]["id"]])
    body = await aw.call("GET", f"{V1}/instances/nonexistent.com/statuses", "root")
    assert body == {"total": 0, "activities": []}
