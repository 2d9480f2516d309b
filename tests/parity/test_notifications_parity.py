"""Parity: the notification endpoints and their GraphQL twins answer the same things.

Both run on the same scene (mentions, a direct status, favourites, reblogs, follows, a
subscription) for every viewer; the fields they share must be equal, and what one
projection refuses or hides the other refuses or hides too.
"""

from __future__ import annotations

import pytest
from strawberry.relay import to_base64

from tests.graphql.conftest import gql
from tests.statuses.conftest import build_rest_world

NODE = "restId type isSeen isMuted account { restId } status { restId visibility }"


async def scene(rw):
    """Every kind of notification, for several recipients."""
    public = await rw.post("alice", "hello @bob @eve")
    await rw.post("alice", "secret @carol", visibility="direct")
    await rw.post("bob", "reply", in_reply_to_id=public["id"])
    mine = await rw.post("bob", "bob's")
    for who in ("alice", "eve", "carol"):
        await rw.act(who, mine["id"], "favourite")
    await rw.act("alice", mine["id"], "reblog")
    await rw.call("POST", f"/api/v1/pleroma/accounts/{rw.id('alice')}/subscribe", "eve")
    await rw.post("alice", "news for subscribers")
    for who in ("eve", "carol"):
        await rw.call("POST", f"/api/v1/accounts/{rw.id('bob')}/follow", who)
    await rw.call("POST", f"/api/v1/accounts/{rw.id('eve')}/mute", "bob")


def from_rest(item: dict) -> dict:
    status = item.get("status")
    return {
        "restId": item["id"],
        "type": item["type"].upper(),
        "isSeen": item["pleroma"]["is_seen"],
        "isMuted": item["pleroma"]["is_muted"],
        "account": {"restId": item["account"]["id"]},
        "status": (
            {"restId": status["id"], "visibility": status["visibility"].upper()}
            if status
            else None
        ),
    }


@pytest.mark.parametrize(
    ("query", "args"),
    [
        ("", ""),
        ("?with_muted=true", "(withMuted: true)"),
        ("?types[]=favourite&types[]=follow", "(types: [FAVOURITE, FOLLOW])"),
        ("?exclude_types[]=favourite", "(excludeTypes: [FAVOURITE])"),
        ("?limit=3", "(first: 3)"),
    ],
)
async def test_lists_are_equal_for_every_viewer(client, policy, query, args):
    rw = await build_rest_world(client, policy)
    await scene(rw)
    for who in ("alice", "bob", "carol", "eve", "mallory"):
        rest = await rw.call("GET", f"/api/v1/notifications{query}", who)
        body = await gql(
            client, "{ notifications" + args + " { nodes { " + NODE + " } } }",
            token=rw.tokens[who],
        )
        assert "errors" not in body, body
        assert body["data"]["notifications"]["nodes"] == [from_rest(n) for n in rest], who


async def test_one_notification_and_someone_elses(client, policy):
    rw = await build_rest_world(client, policy)
    await scene(rw)
    [first, *_] = await rw.call("GET", "/api/v1/notifications", "bob")
    query = "query($id: ID!) { notification(id: $id) { " + NODE + " } }"
    for ref in (first["id"], to_base64("Notification", first["id"])):
        body = await gql(client, query, {"id": ref}, token=rw.tokens["bob"])
        assert body["data"]["notification"] == from_rest(first)
    await rw.call("GET", f"/api/v1/notifications/{first['id']}", "eve", expect=403)
    body = await gql(client, query, {"id": first["id"]}, token=rw.tokens["eve"])
    assert body["data"]["notification"] is None
    body = await gql(
        client, "query($id: ID!) { node(id: $id) { id } }",
        {"id": to_base64("Notification", first["id"])}, token=rw.tokens["eve"],
    )
    assert body["data"]["node"] is None


async def test_mutations_match_rest(client, policy):
    rw = await build_rest_world(client, policy)
    await scene(rw)
    ids = [n["id"] for n in await rw.call("GET", "/api/v1/notifications", "bob")]
    mark = (
        "mutation($input: NotificationsMarkReadInput!) { notificationsMarkRead(input: $input)"
        " { notifications { " + NODE + " } userErrors { code message } } }"
    )
    body = await gql(client, mark, {"input": {"maxId": ids[2]}}, token=rw.tokens["bob"])
    marked = body["data"]["notificationsMarkRead"]["notifications"]
    assert [n["restId"] for n in marked] == ids[2:]
    rest = await rw.call("GET", "/api/v1/notifications", "bob")
    assert [from_rest(n) for n in rest][2:] == marked
    # someone else's: the same refusal as REST's 400 / 403
    body = await gql(client, mark, {"input": {"notificationId": ids[0]}}, token=rw.tokens["eve"])
    assert body["data"]["notificationsMarkRead"]["userErrors"] == [
        {"code": "BAD_REQUEST", "message": "Cannot get notification"}
    ]
    dismiss = (
        "mutation($input: NotificationDismissInput!) { notificationDismiss(input: $input)"
        " { dismissedCount userErrors { code message } } }"
    )
    body = await gql(client, dismiss, {"input": {"notificationId": ids[0]}},
                     token=rw.tokens["eve"])
    assert body["data"]["notificationDismiss"] == {
        "dismissedCount": 0,
        "userErrors": [{"code": "FORBIDDEN", "message": "Cannot dismiss notification"}],
    }
    body = await gql(client, dismiss, {"input": {"notificationId": ids[0]}},
                     token=rw.tokens["bob"])
    assert body["data"]["notificationDismiss"]["dismissedCount"] == 1
    assert [n["id"] for n in await rw.call("GET", "/api/v1/notifications", "bob")] == ids[1:]
    everything = await rw.call("GET", "/api/v1/notifications?with_muted=1", "bob")
    clear = "mutation { notificationsClear { dismissedCount userErrors { code } } }"
    body = await gql(client, clear, token=rw.tokens["bob"])
    # muted accounts' notifications go too
    assert body["data"]["notificationsClear"]["dismissedCount"] == len(everything)
    assert await rw.call("GET", "/api/v1/notifications", "bob") == []


async def test_settings_match_the_account_echo(client, policy):
    rw = await build_rest_world(client, policy)
    update = (
        "mutation($input: NotificationSettingsInput!) { notificationSettingsUpdate("
        "input: $input) { settings { blockFromStrangers hideNotificationContents followers "
        "follows nonFollowers nonFollows } userErrors { code message } } }"
    )
    body = await gql(client, update, {"input": {"blockFromStrangers": True}},
                     token=rw.tokens["alice"])
    settings = body["data"]["notificationSettingsUpdate"]["settings"]
    me = await rw.call("GET", "/api/v1/accounts/verify_credentials", "alice")
    assert me["pleroma"]["notification_settings"] == {
        "block_from_strangers": settings["blockFromStrangers"],
        "hide_notification_contents": settings["hideNotificationContents"],
    }
    body = await gql(client, "{ notificationSettings { blockFromStrangers } }",
                     token=rw.tokens["alice"])
    assert body["data"]["notificationSettings"] == {"blockFromStrangers": True}
    await rw.call("PUT", "/api/pleroma/notification_settings", "bob", json={"follows": False})
    body = await gql(client, "{ notificationSettings { follows nonFollows } }",
                     token=rw.tokens["bob"])
    assert body["data"]["notificationSettings"] == {"follows": False, "nonFollows": True}


async def test_scopes_are_refused_alike(client, policy):
    from schema.services import tokens

    rw = await build_rest_world(client, policy)
    await scene(rw)
    token = (await tokens.issue_token(rw.accounts["bob"], rw.app, ["write"])).access_token
    await rw.call("GET", "/api/v1/notifications",
                  headers={"Authorization": f"Bearer {token}"}, expect=403)
    body = await gql(client, "{ notifications { nodes { restId } } }", token=token)
    assert body["data"] is None
    assert body["errors"][0]["message"] == "Insufficient permissions: read:notifications."
    body = await gql(client, "{ notifications { nodes { restId } } }")
    assert body["errors"][0]["message"] == "Invalid credentials."
