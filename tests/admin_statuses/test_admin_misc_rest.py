"""The moderation log, the status counts, ``reload_emoji`` and OAuth apps of the admin API,
over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.main import SETTINGS
from models.moderation import ModerationLogEntry
from schema.services import tokens
from tests.emoji.packs import png
from tests.querycount import count_queries

V1 = "/api/v1/pleroma/admin"
LEGACY = "/api/pleroma/admin"
NOT_ADMIN = "User is not an admin or OAuth admin scope is not granted."


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/moderation_log"),
        ("GET", "/stats"),
        ("POST", "/reload_emoji"),
        ("GET", "/oauth_app"),
        ("POST", "/oauth_app"),
        ("PATCH", "/oauth_app/APP"),
        ("DELETE", "/oauth_app/APP"),
    ],
)
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
    body = await aw.call(
        method, V1 + path.replace("APP", aw.app.id), who, expect=403,
        json={"name": "x", "redirect_uris": "https://x.example/cb"},
    )
    assert body == {"error": error}
    # the app is untouched and nobody saw its secret
    assert aw.app.client_secret not in str(body)
    listed = await aw.call("GET", f"{V1}/oauth_app", "root")
    assert [a["name"] for a in listed["apps"]] == ["Status Tests"]


# --- moderation log ---------------------------------------------------------------------


async def _log_three(aw) -> list[str]:
    posts = [await aw.post("alice", f"post {i}") for i in range(3)]
    await aw.call("PUT", f"{V1}/statuses/{posts[0]['id']}", "root", json={"sensitive": True})
    await aw.call("DELETE", f"{V1}/statuses/{posts[1]['id']}", "root")
    await aw.call("PUT", f"{V1}/statuses/{posts[2]['id']}", "root", json={"visibility": "private"})
    return [p["id"] for p in posts]


async def test_moderation_log_items_and_pages(aw):
    posts = await _log_three(aw)
    body = await aw.call("GET", f"{LEGACY}/moderation_log", "root")
    assert body["total"] == 3
    first = body["items"][0]
    assert first["message"] == f"@root updated status #{posts[2]}, set visibility: 'private'"
    assert first["data"]["action"] == "status_update"
    assert first["data"]["actor"] == {"id": aw.id("root"), "nickname": "root", "type": "user"}
    assert abs(first["time"] - datetime.now(UTC).timestamp()) < 120
    assert set(first) == {"id", "data", "time", "message"}
    body = await aw.call("GET", f"{V1}/moderation_log?page=2&page_size=1", "root")
    assert body["total"] == 3
    assert [e["message"] for e in body["items"]] == [f"@root deleted status #{posts[1]}"]
    body = await aw.call("GET", f"{V1}/moderation_log?search=DELETED", "root")
    assert (body["total"], body["items"][0]["data"]["subject_id"]) == (1, posts[1])


async def test_moderation_log_filters(aw):
    await _log_three(aw)
    old = await ModerationLogEntry.create(
        actor_id=aw.id("mod"), actor_nickname="mod", action="relay_follow",
        data={"action": "relay_follow"}, message="@mod followed relay: https://r.example",
    )
    await ModerationLogEntry.filter(id=old.id).update(
        created_at=datetime.now(UTC) - timedelta(days=30)
    )
    body = await aw.call("GET", f"{V1}/moderation_log?user_id={aw.id('mod')}", "root")
    assert [e["id"] for e in body["items"]] == [old.id]
    since = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = await aw.call("GET", f"{V1}/moderation_log?start_date={since}", "root")
    assert body["total"] == 3 and old.id not in [e["id"] for e in body["items"]]
    body = await aw.call("GET", f"{V1}/moderation_log?end_date={since}", "root")
    assert [e["id"] for e in body["items"]] == [old.id]
    body = await aw.call("GET", f"{V1}/moderation_log?start_date=yesterday", "root", expect=400)
    assert body == {"error": "Invalid start_date"}


async def test_moderation_log_page_cost_does_not_grow(aw):
    await _log_three(aw)
    with count_queries() as one:
        await aw.call("GET", f"{V1}/moderation_log?page_size=1", "root")
    with count_queries() as many:
        await aw.call("GET", f"{V1}/moderation_log?page_size=3", "root")
    assert many.count == one.count


# --- stats ------------------------------------------------------------------------------


async def test_stats_count_statuses_by_visibility(aw):
    await aw.post("alice", "a")
    await aw.post("alice", "b", visibility="unlisted")
    await aw.post("bob", "c", visibility="unlisted")
    await aw.post("bob", "d", visibility="private")
    local_only = await aw.post("bob", "e", visibility="local")
    await aw.act("carol", local_only["id"], "reblog")  # reblogs are not counted
    expected = {"public": 2, "unlisted": 2, "private": 1, "direct": 0}
    with count_queries() as queries:
        body = await aw.call("GET", f"{LEGACY}/stats", "root")
    assert body == {"status_visibility": expected}
    queries.assert_at_most(2, "stats")  # the token, the counts
    body = await aw.call("GET", f"{V1}/stats?instance=plenum.example", "root")
    assert body == {"status_visibility": expected}
    body = await aw.call("GET", f"{V1}/stats?instance=instance2.tld", "root")
    assert body == {"status_visibility": {"public": 0, "unlisted": 0, "private": 0, "direct": 0}}


# --- reload_emoji -----------------------------------------------------------------------


async def test_reload_emoji_reads_the_packs_again(aw):
    root = aw.client.app[SETTINGS].emoji_dir
    (root / "loose" / "deep").mkdir(parents=True)
    (root / "loose" / "deep" / "one.png").write_bytes(png())
    shortcodes = [e["shortcode"] for e in await aw.call("GET", "/api/v1/custom_emojis")]
    assert shortcodes == ["one"]
    # a file added deep inside a scanned pack changes no timestamp the cache looks at
    (root / "loose" / "deep" / "two.png").write_bytes(png())
    assert await aw.call("POST", f"{LEGACY}/reload_emoji", "root") == "ok"
    shortcodes = [e["shortcode"] for e in await aw.call("GET", "/api/v1/custom_emojis")]
    assert shortcodes == ["one", "two"]


# --- OAuth apps -------------------------------------------------------------------------


async def _create(aw, **body) -> dict:
    return await aw.call("POST", f"{V1}/oauth_app", "root", json=body)


async def test_create_app(aw):
    app = await _create(aw, name="Trusted app", redirect_uris="https://tool.example/cb")
    assert (app["name"], app["redirect_uri"], app["trusted"], app["website"]) == (
        "Trusted app", "https://tool.example/cb", False, None
    )
    assert len(app["client_id"]) > 20 and len(app["client_secret"]) > 20
    assert app["scopes"] == ["read"]
    app = await aw.call(
        "POST", f"{LEGACY}/oauth_app", "root",
        data={"name": "Form", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob", "trusted": "true",
              "scopes[]": ["read", "write"], "website": "https://form.example"},
    )
    assert (app["trusted"], app["scopes"], app["website"]) == (
        True, ["read", "write"], "https://form.example"
    )


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({}, 400, "Missing field: name. Missing field: redirect_uris."),
        ({"name": "x"}, 400, "Missing field: redirect_uris."),
        ({"redirect_uris": "https://x.example"}, 400, "Missing field: name."),
        ({"name": "x", "redirect_uris": "not a uri"}, 422, None),
        ({"name": "x", "redirect_uris": "https://x.example", "scopes": ["READ!"]}, 422, None),
        ({"name": "x", "redirect_uris": "https://x.example", "trusted": "perhaps"}, 400,
         "trusted: Invalid boolean value"),
    ],
)
async def test_create_app_refusals(aw, body, status, error):
    answer = await aw.call("POST", f"{V1}/oauth_app", "root", expect=status, json=body)
    if error is not None:
        assert answer == {"error": error}
    else:
        assert answer["error"].startswith(("redirect_uris:", "scopes:"))
    listed = await aw.call("GET", f"{V1}/oauth_app", "root")
    assert listed["count"] == 1


async def test_list_apps_filters_and_pages(aw):
    one = await _create(aw, name="One", redirect_uris="https://one.example")
    two = await _create(aw, name="Two", redirect_uris="https://two.example", trusted=True)
    body = await aw.call("GET", f"{LEGACY}/oauth_app", "root")
    assert (body["count"], body["page_size"]) == (3, 50)
    assert [a["name"] for a in body["apps"]] == ["Status Tests", "One", "Two"]
    assert body["apps"][1] == one
    body = await aw.call("GET", f"{V1}/oauth_app?page_size=1&page=2", "root")
    assert (body["count"], body["page_size"], [a["id"] for a in body["apps"]]) == (
        3, 1, [one["id"]]
    )
    body = await aw.call("GET", f"{V1}/oauth_app?trusted=true", "root")
    assert (body["count"], body["apps"]) == (1, [two])
    body = await aw.call("GET", f"{V1}/oauth_app?trusted=false", "root")
    assert [a["name"] for a in body["apps"]] == ["Status Tests", "One"]
    body = await aw.call("GET", f"{V1}/oauth_app?name=One", "root")
    assert [a["id"] for a in body["apps"]] == [one["id"]]
    body = await aw.call("GET", f"{V1}/oauth_app?client_id={two['client_id']}", "root")
    assert [a["id"] for a in body["apps"]] == [two["id"]]
    with count_queries() as few:
        await aw.call("GET", f"{V1}/oauth_app?page_size=1", "root")
    with count_queries() as all_of_them:
        await aw.call("GET", f"{V1}/oauth_app", "root")
    assert few.count == all_of_them.count


async def test_listing_needs_admin_write_as_in_pleroma(aw):
    token = await tokens.issue_token(aw.accounts["root"], aw.app, ["admin:read"])
    aw.tokens["root_read"] = token.access_token
    body = await aw.call("GET", f"{V1}/oauth_app", "root_read", expect=403)
    assert body == {"error": NOT_ADMIN}


async def test_update_app(aw):
    app = await _create(aw, name="Old", redirect_uris="https://old.example", website="https://w")
    body = await aw.call(
        "PATCH", f"{V1}/oauth_app/{app['id']}", "root",
        json={"name": "another name", "trusted": True, "redirect_uris": "https://example.com",
              "scopes": ["admin"], "website": "http://website.com"},
    )
    assert {k: body[k] for k in ("id", "name", "redirect_uri", "trusted", "website", "scopes")} == {
        "id": app["id"], "name": "another name", "redirect_uri": "https://example.com",
        "trusted": True, "website": "http://website.com", "scopes": ["admin"],
    }
    assert (body["client_id"], body["client_secret"]) == (app["client_id"], app["client_secret"])
    body = await aw.call("PATCH", f"{LEGACY}/oauth_app/{app['id']}", "root", json={"website": ""})
    assert (body["website"], body["name"]) == (None, "another name")
    body = await aw.call(
        "PATCH", f"{V1}/oauth_app/{app['id']}", "root", expect=422, json={"name": "  "}
    )
    assert body == {"error": "name: can't be blank"}


async def test_update_or_delete_an_unknown_app_is_400_with_an_empty_body(aw):
    for method in ("PATCH", "DELETE"):
        for app_id in ("0", "0" * 18):
            response = await aw.client.request(
                method, f"{V1}/oauth_app/{app_id}", headers=aw.headers("root"),
                json={"name": "x"},
            )
            assert response.status == 400
            assert await response.json() == ""


async def test_delete_app_signs_out_its_users(aw):
    app = await _create(aw, name="Doomed", redirect_uris="https://d.example")
    from models.oauth import App

    row = await App.get(id=app["id"])
    token = await tokens.issue_token(aw.accounts["alice"], row, ["read"])
    aw.tokens["doomed"] = token.access_token
    me = await aw.call("GET", "/api/v1/accounts/verify_credentials", "doomed")
    assert me["acct"] == "alice"

    response = await aw.client.request(
        "DELETE", f"{LEGACY}/oauth_app/{app['id']}", headers=aw.headers("root")
    )
    assert (response.status, await response.read()) == (204, b"")
    await aw.call("GET", "/api/v1/accounts/verify_credentials", "doomed", expect=403)
    listed = await aw.call("GET", f"{V1}/oauth_app", "root")
    assert [a["name"] for a in listed["apps"]] == ["Status Tests"]
