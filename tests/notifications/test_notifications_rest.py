"""The notification endpoints over HTTP: shapes, pagination, filters, errors, scopes."""

from __future__ import annotations

import pytest

from models.notifications import Notification
from schema.services import tokens
from tests.querycount import count_queries

PREFIXES = ("/api/pleroma", "/api/v1/pleroma")


async def token_with(rw, who: str, scopes: list[str]) -> dict[str, str]:
    token = await tokens.issue_token(rw.accounts[who], rw.app, scopes)
    return {"Authorization": f"Bearer {token.access_token}"}


async def mentions(rw, n: int, who: str = "alice", to: str = "bob") -> list[dict]:
    return [await rw.post(who, f"hello {i} @{to}") for i in range(n)]


async def test_the_notification_entity(rw):
    status = await rw.post("alice", "hi @bob")
    [body] = await rw.call("GET", "/api/v1/notifications", "bob")
    assert set(body) == {"id", "type", "created_at", "account", "status", "pleroma"}
    assert body["type"] == "mention"
    assert body["account"]["id"] == rw.id("alice")
    assert body["status"]["id"] == status["id"]
    assert body["status"]["mentions"][0]["id"] == rw.id("bob")
    assert body["pleroma"] == {"is_seen": False, "is_muted": False}
    assert body["created_at"].endswith("Z") and len(body["created_at"]) == 24
    await rw.call("POST", f"/api/v1/accounts/{rw.id('bob')}/follow", "eve")
    follow = (await rw.call("GET", "/api/v1/notifications", "bob"))[0]
    assert follow["type"] == "follow" and "status" not in follow
    assert await rw.call("GET", f"/api/v1/notifications/{body['id']}", "bob") == body


async def test_favourite_and_reblog_notifications_carry_the_original(rw):
    status = await rw.post("alice", "share")
    await rw.act("bob", status["id"], "favourite")
    await rw.act("bob", status["id"], "reblog")
    body = await rw.call("GET", "/api/v1/notifications", "alice")
    assert [(n["type"], n["status"]["id"]) for n in body] == [
        ("reblog", status["id"]), ("favourite", status["id"]),
    ]
    assert body[0]["status"]["reblogged"] is False and body[0]["status"]["reblog"] is None


async def test_pagination_and_link_headers(rw):
    await mentions(rw, 5)
    everything = await rw.call("GET", "/api/v1/notifications", "bob")
    ids = [n["id"] for n in everything]
    assert len(ids) == 5 and ids == sorted(ids, reverse=True)
    page = await rw.call("GET", "/api/v1/notifications?limit=2", "bob")
    assert [n["id"] for n in page] == ids[:2]
    link = rw.last.headers["Link"]
    assert f"max_id={ids[1]}" in link and f"min_id={ids[0]}" in link and "limit=2" in link
    page = await rw.call("GET", f"/api/v1/notifications?max_id={ids[1]}&limit=2", "bob")
    assert [n["id"] for n in page] == ids[2:4]
    page = await rw.call("GET", f"/api/v1/notifications?since_id={ids[2]}", "bob")
    assert [n["id"] for n in page] == ids[:2]
    page = await rw.call("GET", f"/api/v1/notifications?min_id={ids[4]}&limit=2", "bob")
    assert [n["id"] for n in page] == ids[2:4]
    assert await rw.call("GET", "/api/v1/notifications?max_id=0", "bob") == []
    assert "Link" not in rw.last.headers
    await rw.call("GET", "/api/v1/notifications?limit=abc", "bob", expect=400)


async def test_filters(rw):
    status = await rw.post("alice", "hi @bob")
    await rw.act("eve", (await rw.post("bob", "mine"))["id"], "favourite")
    await rw.call("POST", f"/api/v1/accounts/{rw.id('bob')}/follow", "eve")
    del status

    async def types(query: str) -> list[str]:
        return [n["type"] for n in await rw.call("GET", f"/api/v1/notifications?{query}", "bob")]

    assert await types("") == ["follow", "favourite", "mention"]
    assert await types("types[]=mention&types[]=follow") == ["follow", "mention"]
    assert await types("include_types[]=favourite") == ["favourite"]
    assert await types("exclude_types[]=follow&exclude_types[]=mention") == ["favourite"]
    assert await types(f"account_id={rw.id('eve')}") == ["follow", "favourite"]
    assert await types("exclude_visibilities[]=public") == ["follow"]
    body = await rw.call(
        "GET", "/api/v1/notifications?account_id=000000000000000000", "bob", expect=404
    )
    assert body == {"error": "Account is not found"}
    # the repeated-key form works as well as the bracket form
    assert await types("types=follow&types=favourite") == ["follow", "favourite"]


async def test_with_muted_shows_notifications_of_muted_accounts(rw):
    await mentions(rw, 1)
    await rw.call("POST", f"/api/v1/accounts/{rw.id('alice')}/mute", "bob")
    assert await rw.call("GET", "/api/v1/notifications", "bob") == []
    [body] = await rw.call("GET", "/api/v1/notifications?with_muted=true", "bob")
    assert body["pleroma"]["is_muted"] is True


async def test_statuses_the_viewer_cannot_see_are_not_listed(rw):
    dm = await rw.post("alice", "just @carol", visibility="direct")
    assert await rw.call("GET", "/api/v1/notifications", "eve") == []
    [body] = await rw.call("GET", "/api/v1/notifications", "carol")
    assert body["status"]["id"] == dm["id"]
    # alice blocks carol afterwards: the status is hidden from carol, so is the notification
    await rw.call("POST", f"/api/v1/accounts/{rw.id('carol')}/block", "alice")
    assert await rw.call("GET", "/api/v1/notifications", "carol") == []
    body = await rw.call("GET", f"/api/v1/notifications/{dm['id']}", "carol", expect=403)


async def test_show_dismiss_clear_and_destroy_multiple(rw):
    await mentions(rw, 4)
    ids = [n["id"] for n in await rw.call("GET", "/api/v1/notifications", "bob")]
    assert await rw.call("POST", f"/api/v1/notifications/{ids[0]}/dismiss", "bob") == {}
    assert await rw.call("POST", "/api/v1/notifications/dismiss", "bob", data={"id": ids[1]}) == {}
    assert await rw.call(
        "DELETE", f"/api/v1/notifications/destroy_multiple?ids[]={ids[2]}&ids[]=nope", "bob"
    ) == {}
    assert [n["id"] for n in await rw.call("GET", "/api/v1/notifications", "bob")] == [ids[3]]
    assert await rw.call("POST", "/api/v1/notifications/clear", "bob") == {}
    assert await rw.call("GET", "/api/v1/notifications", "bob") == []


async def test_someone_elses_notification_is_refused_like_pleroma(rw):
    await mentions(rw, 1)
    [row] = await Notification.filter(account_id=rw.id("bob"))
    body = await rw.call("GET", f"/api/v1/notifications/{row.id}", "eve", expect=403)
    assert body == {"error": "Cannot get notification"}
    body = await rw.call("GET", "/api/v1/notifications/nope", "bob", expect=403)
    assert body == {"error": "Cannot get notification"}
    body = await rw.call("POST", f"/api/v1/notifications/{row.id}/dismiss", "eve", expect=403)
    assert body == {"error": "Cannot dismiss notification"}
    body = await rw.call(
        "POST", "/api/v1/notifications/dismiss", "eve", expect=403, json={"id": row.id}
    )
    assert body == {"error": "Cannot dismiss notification"}
    await rw.call(
        "DELETE", f"/api/v1/notifications/destroy_multiple?ids[]={row.id}", "eve"
    )
    await rw.call("POST", "/api/v1/notifications/clear", "eve")
    for prefix in PREFIXES:
        body = await rw.call(
            "POST", f"{prefix}/notifications/read", "eve", expect=400, json={"id": row.id}
        )
        assert body == {"error": "Cannot get notification"}
    assert await rw.call("GET", "/api/v1/notifications", "eve") == []
    assert await Notification.filter(id=row.id, seen=False).exists()


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_mark_read_by_id_and_max_id(rw, prefix):
    await mentions(rw, 3)
    ids = [n["id"] for n in await rw.call("GET", "/api/v1/notifications", "bob")]
    body = await rw.call("POST", f"{prefix}/notifications/read", "bob", data={"id": ids[2]})
    assert body["id"] == ids[2] and body["pleroma"]["is_seen"] is True
    seen = {n["id"]: n["pleroma"]["is_seen"] for n in await rw.call(
        "GET", "/api/v1/notifications", "bob")}
    assert seen == {ids[0]: False, ids[1]: False, ids[2]: True}
    body = await rw.call("POST", f"{prefix}/notifications/read", "bob", json={"max_id": ids[1]})
    assert [n["id"] for n in body] == [ids[1]]
    assert all(n["pleroma"]["is_seen"] for n in body)
    seen = {n["id"]: n["pleroma"]["is_seen"] for n in await rw.call(
        "GET", "/api/v1/notifications", "bob")}
    assert seen == {ids[0]: False, ids[1]: True, ids[2]: True}
    body = await rw.call(
        "POST", f"{prefix}/notifications/read", "bob", expect=400, json={"id": "22222222222222"}
    )
    assert body == {"error": "Cannot get notification"}
    await rw.call("POST", f"{prefix}/notifications/read", "bob", expect=400)


async def test_mark_read_with_max_id_answers_at_most_eighty(rw):
    rows = [
        Notification(account_id=rw.id("bob"), actor_id=rw.id("alice"), type="follow")
        for _ in range(85)
    ]
    await Notification.bulk_create(rows)
    newest = max(r.id for r in rows)
    body = await rw.call(
        "POST", "/api/v1/pleroma/notifications/read", "bob", json={"max_id": newest}
    )
    assert len(body) == 80 and body[0]["id"] == newest
    assert await Notification.filter(account_id=rw.id("bob"), seen=False).count() == 0


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_notification_settings(rw, prefix):
    path = f"{prefix}/notification_settings"
    body = await rw.call("PUT", path, "alice", json={"block_from_strangers": True, "bar": 1})
    assert body == {"status": "success"}
    me = await rw.call("GET", "/api/v1/accounts/verify_credentials", "alice")
    assert me["pleroma"]["notification_settings"] == {
        "block_from_strangers": True, "hide_notification_contents": False,
    }
    await rw.call("PUT", path, "alice", data={"hide_notification_contents": "1"})
    me = await rw.call("GET", "/api/v1/accounts/verify_credentials", "alice")
    assert me["pleroma"]["notification_settings"]["hide_notification_contents"] is True
    # strangers (eve does not follow alice) are refused now, followers are not
    await rw.post("eve", "hi @alice")
    await rw.post("bob", "hi @alice")
    body = await rw.call("GET", "/api/v1/notifications", "alice")
    assert [n["account"]["username"] for n in body] == ["bob"]
    # another account never sees the settings
    other = await rw.call("GET", f"/api/v1/accounts/{rw.id('alice')}", "bob")
    assert "notification_settings" not in other["pleroma"]


async def test_the_older_notification_settings_keys(rw):
    path = "/api/pleroma/notification_settings"
    await rw.call("PUT", path, "bob", json={"followers": False, "bar": True})
    me = await rw.call("GET", "/api/v1/accounts/verify_credentials", "bob")
    assert me["pleroma"]["notification_settings"] == {
        "block_from_strangers": False, "hide_notification_contents": False,
        "followers": False, "follows": True, "non_followers": True, "non_follows": True,
        "privacy_option": False,
    }
    await rw.call("PUT", path, "bob", data={"privacy_option": "1"})
    me = await rw.call("GET", "/api/v1/accounts/verify_credentials", "bob")
    assert me["pleroma"]["notification_settings"]["privacy_option"] is True
    body = await rw.call("PUT", path, "bob", expect=400, json={"follows": "maybe"})
    assert "follows" in body["error"]


async def test_scopes(rw):
    await mentions(rw, 1)
    writer = await token_with(rw, "bob", ["write"])
    reader = await token_with(rw, "bob", ["read"])
    body = await rw.call("GET", "/api/v1/notifications", headers=writer, expect=403)
    assert body == {"error": "Insufficient permissions: read:notifications."}
    [item] = await rw.call("GET", "/api/v1/notifications", headers=reader)
    await rw.call("GET", f"/api/v1/notifications/{item['id']}", headers=writer, expect=403)
    for method, path, kw in (
        ("POST", "/api/v1/notifications/clear", {}),
        ("POST", f"/api/v1/notifications/{item['id']}/dismiss", {}),
        ("POST", "/api/v1/notifications/dismiss", {"json": {"id": item["id"]}}),
        ("DELETE", f"/api/v1/notifications/destroy_multiple?ids[]={item['id']}", {}),
        ("POST", "/api/v1/pleroma/notifications/read", {"json": {"id": item["id"]}}),
    ):
        body = await rw.call(method, path, headers=reader, expect=403, **kw)
        assert body == {"error": "Insufficient permissions: write:notifications."}, path
    notifications_only = await token_with(rw, "bob", ["write:notifications"])
    body = await rw.call(
        "PUT", "/api/pleroma/notification_settings", headers=notifications_only, expect=403,
        json={"follows": False},
    )
    assert body == {"error": "Insufficient permissions: write:accounts."}
    body = await rw.call("GET", "/api/v1/notifications", expect=403)
    assert body == {"error": "Invalid credentials."}
    assert len(await rw.call("GET", "/api/v1/notifications", "bob")) == 1


async def test_a_page_of_forty_costs_the_same_queries_as_a_page_of_one(rw):
    await rw.call("POST", f"/api/v1/accounts/{rw.id('alice')}/follow", "eve")
    for i in range(14):
        status = await rw.post("alice", f"post {i} @bob #tag{i % 3}")
        await rw.act("bob", status["id"], "favourite")
        await rw.act("eve", status["id"], "favourite")
        await rw.act("carol", status["id"], "reblog")
        await rw.post("bob", f"reply {i} @alice", in_reply_to_id=status["id"])
    costs = {}
    for limit in (1, 40):
        with count_queries() as queries:
            body = await rw.call("GET", f"/api/v1/notifications?limit={limit}", "alice")
        assert len(body) == limit
        costs[limit] = queries.count
    assert costs[1] == costs[40], costs
    assert costs[40] <= 12, costs
