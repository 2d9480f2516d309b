"""Parity: REST and GraphQL read and save the same markers, with the same unread count,
and refuse bad input alike (``Missing field`` / ``Validation failed`` as the REST error
and as a userError)."""

from __future__ import annotations

from typing import Any

from tests.graphql.conftest import gql
from tests.statuses.conftest import RestWorld, build_rest_world

FIELDS = "timeline lastReadId version updatedAt unreadCount"
READ = "query r($t: [MarkerTimeline!]!) { markers(timelines: $t) { F } }".replace("F", FIELDS)
SAVE = (
    "mutation s($input: MarkersSaveInput!) { markersSave(input: $input) { "
    "markers { F } userErrors { code field message } } }"
).replace("F", FIELDS)


def from_rest(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The GraphQL list expected from a REST marker map."""
    return [
        {
            "timeline": timeline.upper(),
            "lastReadId": marker["last_read_id"],
            "version": marker["version"],
            "updatedAt": marker["updated_at"],
            "unreadCount": marker.get("pleroma", {}).get("unread_count"),
        }
        for timeline, marker in sorted(body.items(), key=lambda kv: kv[0] != "home")
    ]


async def _notes(rw: RestWorld, who: str) -> list[str]:
    return [n["id"] for n in await rw.call("GET", "/api/v1/notifications", who)]


async def test_reads_and_saves_agree(client, policy):
    rw = await build_rest_world(client, policy)
    posts = [await rw.post("alice", f"@bob mention {i}") for i in range(3)]
    notes = await _notes(rw, "bob")  # newest first
    both = "/api/v1/markers?timeline[]=home&timeline[]=notifications"

    # nothing saved yet: both sides answer nothing
    assert await rw.call("GET", both, "bob") == {}
    body = await gql(client, READ, {"t": ["HOME", "NOTIFICATIONS"]}, token=rw.tokens["bob"])
    assert body["data"]["markers"] == []

    # bob saves over REST; GraphQL reads the same
    saved = await rw.call(
        "POST", "/api/v1/markers", "bob", json={"notifications": {"last_read_id": notes[2]}}
    )
    assert saved["notifications"]["pleroma"]["unread_count"] == 2
    body = await gql(client, READ, {"t": ["NOTIFICATIONS"]}, token=rw.tokens["bob"])
    assert body["data"]["markers"] == from_rest(saved)

    # bob saves over GraphQL; REST reads the same
    body = await gql(
        client,
        SAVE,
        {"input": {"home": posts[2]["id"], "notifications": notes[1]}},
        token=rw.tokens["bob"],
    )
    payload = body["data"]["markersSave"]
    assert payload["userErrors"] == []
    rest = await rw.call("GET", both, "bob")
    assert payload["markers"] == from_rest(rest)
    assert rest["notifications"]["version"] == 1
    assert rest["notifications"]["pleroma"]["unread_count"] == 1
    assert rest["home"]["version"] == 0
    body = await gql(client, READ, {"t": ["HOME", "NOTIFICATIONS"]}, token=rw.tokens["bob"])
    assert body["data"]["markers"] == from_rest(rest)

    # alice sees none of bob's markers on either side
    assert await rw.call("GET", both, "alice") == {}
    body = await gql(client, READ, {"t": ["HOME", "NOTIFICATIONS"]}, token=rw.tokens["alice"])
    assert body["data"]["markers"] == []


async def test_refusals_agree(client, policy):
    rw = await build_rest_world(client, policy)
    rest = await rw.call("POST", "/api/v1/markers", "bob", expect=400, json={})
    body = await gql(client, SAVE, {"input": {}}, token=rw.tokens["bob"])
    assert body["data"]["markersSave"] == {
        "markers": [],
        "userErrors": [{"code": "BAD_REQUEST", "field": None, "message": rest["error"]}],
    }
    rest = await rw.call(
        "POST", "/api/v1/markers", "bob", expect=422, json={"home": {"last_read_id": ""}}
    )
    body = await gql(client, SAVE, {"input": {"home": ""}}, token=rw.tokens["bob"])
    assert body["data"]["markersSave"]["userErrors"] == [
        {"code": "VALIDATION", "field": "last_read_id", "message": rest["error"]}
    ]
    assert await rw.call("GET", "/api/v1/markers?timeline[]=home", "bob") == {}
