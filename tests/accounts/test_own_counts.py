"""The owner-only counters on ``verify_credentials`` and their GraphQL twin ``viewerCounts``:
pending follow requests, unread conversations and unseen notifications, in one statement."""

from __future__ import annotations

from schema.services.own_counts import own_counts
from tests.graphql.conftest import gql
from tests.querycount import count_queries
from tests.statuses.conftest import build_rest_world

ME = "/api/v1/accounts/verify_credentials"
COUNTS = "{ viewerCounts { followRequests unreadConversations unreadNotifications } }"


def rest_counts(body: dict) -> dict:
    assert body["source"]["follow_requests_count"] == body["follow_requests_count"]
    return {
        "followRequests": body["follow_requests_count"],
        "unreadConversations": body["pleroma"]["unread_conversation_count"],
        "unreadNotifications": body["pleroma"]["unread_notifications_count"],
    }


async def both(rw, who: str) -> dict:
    """The counters as REST and GraphQL show them to ``who``; they must agree."""
    rest = rest_counts(await rw.call("GET", ME, who))
    body = await gql(rw.client, COUNTS, token=rw.tokens[who])
    assert body["data"]["viewerCounts"] == rest, (body, rest)
    return rest


async def test_counters_follow_what_happens(client, policy):
    rw = await build_rest_world(client, policy)
    assert await both(rw, "alice") == {
        "followRequests": 0, "unreadConversations": 0, "unreadNotifications": 0,
    }
    await rw.call("PATCH", "/api/v1/accounts/update_credentials", "alice", json={"locked": True})
    for who in ("eve", "carol"):
        await rw.call("POST", f"/api/v1/accounts/{rw.id('alice')}/follow", who)
    await rw.post("carol", "psst @alice", visibility="direct")
    await rw.post("eve", "hey @alice")
    counts = await both(rw, "alice")
    # two follow requests; one conversation; the follow requests, the direct mention and
    # eve's mention are unseen notifications
    assert counts["followRequests"] == 2
    assert counts["unreadConversations"] == 1
    unseen = counts["unreadNotifications"]
    listed = await rw.call("GET", "/api/v1/notifications", "alice")
    assert unseen == len(listed) >= 3
    # as in Pleroma, the count is of unseen rows: muting eve afterwards hides her
    # notification from the list but does not lower the count
    await rw.call("POST", f"/api/v1/accounts/{rw.id('eve')}/mute", "alice")
    assert (await both(rw, "alice"))["unreadNotifications"] == unseen
    assert len(await rw.call("GET", "/api/v1/notifications", "alice")) < unseen
    await rw.call("POST", f"/api/v1/accounts/{rw.id('eve')}/unmute", "alice")
    # reading lowers them
    newest = (await rw.call("GET", "/api/v1/notifications", "alice"))[0]["id"]
    await rw.call("POST", "/api/v1/pleroma/notifications/read", "alice",
                  json={"max_id": newest})
    await rw.call("POST", "/api/v1/pleroma/conversations/read", "alice")
    await rw.call(
        "POST", f"/api/v1/follow_requests/{rw.id('eve')}/authorize", "alice"
    )
    assert await both(rw, "alice") == {
        "followRequests": 1, "unreadConversations": 0, "unreadNotifications": 0,
    }
    # nobody else's counters move
    assert await both(rw, "bob") == {
        "followRequests": 0, "unreadConversations": 0, "unreadNotifications": 0,
    }


async def test_others_never_see_the_counters(client, policy):
    rw = await build_rest_world(client, policy)
    await rw.post("carol", "psst @alice", visibility="direct")
    body = await rw.call("GET", f"/api/v1/accounts/{rw.id('alice')}", "bob")
    assert "follow_requests_count" not in body
    assert "unread_notifications_count" not in body["pleroma"]
    assert "unread_conversation_count" not in body["pleroma"]
    anonymous = await gql(client, COUNTS)
    assert anonymous["data"]["viewerCounts"] is None


async def test_the_counters_need_read_accounts(client, policy):
    from schema.services import tokens

    rw = await build_rest_world(client, policy)
    token = (await tokens.issue_token(rw.accounts["bob"], rw.app, ["read:statuses"]))
    body = await gql(client, COUNTS, token=token.access_token)
    assert body["data"] == {"viewerCounts": None}
    assert body["errors"][0]["message"] == "Insufficient permissions: read:accounts."
    await rw.call("GET", ME, headers={"Authorization": f"Bearer {token.access_token}"},
                  expect=403)


async def test_verify_credentials_costs_one_statement(client, policy):
    """The owner's counters are read in the token lookup's statement, however many follow
    requests, conversations and notifications there are, and they are the real ones."""
    rw = await build_rest_world(client, policy)
    costs, seen = [], []
    for _ in range(2):
        with count_queries() as queries:
            body = await rw.call("GET", ME, "alice")
        costs.append(queries.count)
        seen.append(rest_counts(body))
        await rw.post("carol", "psst @alice", visibility="direct")
        await rw.call("PATCH", "/api/v1/accounts/update_credentials", "alice",
                      json={"locked": True})
        await rw.call("POST", f"/api/v1/accounts/{rw.id('alice')}/follow", "eve")
    assert costs == [1, 1], costs
    assert seen[0] == {"followRequests": 0, "unreadConversations": 0, "unreadNotifications": 0}
    assert seen[1]["followRequests"] == 1 and seen[1]["unreadConversations"] == 1
    assert seen[1]["unreadNotifications"] >= 2  # the follow request and the mention
    # the access_token parameter takes the same path
    body = await rw.call("GET", f"{ME}?access_token={rw.tokens['alice']}")
    assert rest_counts(body) == await both(rw, "alice")
    assert rest_counts(body)["followRequests"] == 1


async def test_the_combined_lookup_refuses_what_the_plain_one_refuses(client, policy):
    """Revoked, expired and app-only tokens get no account from the combined lookup."""
    from datetime import UTC, datetime, timedelta

    from schema.services import tokens

    rw = await build_rest_world(client, policy)
    found = await tokens.find_token_with_own_counts(rw.tokens["alice"])
    assert found is not None and found[0].account_id == rw.id("alice")
    assert found[1] == await own_counts(rw.id("alice"))
    app_only = await tokens.issue_token(None, rw.app, ["read"])
    assert (await tokens.find_token_with_own_counts(app_only.access_token))[1] is None
    await rw.call("GET", ME, headers={"Authorization": f"Bearer {app_only.access_token}"},
                  expect=403)
    expired = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read"])
    expired.token.valid_until = datetime.now(UTC) - timedelta(seconds=1)
    await expired.token.save(update_fields=["valid_until"])
    assert await tokens.find_token_with_own_counts(expired.access_token) is None
    await rw.call("GET", ME, headers={"Authorization": f"Bearer {expired.access_token}"},
                  expect=403)
    await tokens.revoke(await tokens.find_token(rw.tokens["alice"]))
    assert await tokens.find_token_with_own_counts(rw.tokens["alice"]) is None
    await rw.call("GET", ME, "alice", expect=403)
    assert await tokens.find_token_with_own_counts("x" * 513) is None
