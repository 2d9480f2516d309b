"""Timeline markers over REST (Mastodon's ``/api/v1/markers`` with Pleroma's
``pleroma.unread_count``): shapes, versions, both body styles, errors, scopes, privacy,
marking notifications read, and the cost of a read."""

from __future__ import annotations

import asyncio
import re

from models.notifications import Notification
from schema.services import tokens
from tests.querycount import count_queries

MARKERS = "/api/v1/markers"
BOTH = f"{MARKERS}?timeline[]=home&timeline[]=notifications"
ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


async def _mentions(rw, count, who="bob", by="alice"):
    """``by`` mentions ``who`` ``count`` times; ``who``'s notification ids, oldest first."""
    for i in range(count):
        await rw.post(by, f"@{who} mention {i}")
    notes = await rw.call("GET", "/api/v1/notifications?limit=40", who)
    return [n["id"] for n in reversed(notes)]


async def _seen(rw, who):
    rows = await Notification.filter(account_id=rw.id(who)).order_by("id")
    return [row.seen for row in rows]


# --- reading ------------------------------------------------------------------------


async def test_nothing_saved_answers_an_empty_map(rw):
    assert await rw.call("GET", BOTH, "bob") == {}
    assert await rw.call("GET", MARKERS, "bob") == {}


async def test_save_then_read_both_markers(rw):
    notes = await _mentions(rw, 3)
    status = await rw.post("alice", "for the home timeline")
    body = await rw.call(
        "POST",
        MARKERS,
        "bob",
        json={"home": {"last_read_id": status["id"]}, "notifications": {"last_read_id": notes[1]}},
    )
    assert set(body) == {"home", "notifications"}
    assert set(body["home"]) == {"last_read_id", "version", "updated_at"}
    assert body["home"]["last_read_id"] == status["id"]
    assert body["home"]["version"] == 0
    assert re.fullmatch(ISO, body["home"]["updated_at"])
    assert body["notifications"]["last_read_id"] == notes[1]
    assert body["notifications"]["version"] == 0
    assert body["notifications"]["pleroma"] == {"unread_count": 1}
    assert await rw.call("GET", BOTH, "bob") == body
    # one timeline at a time, Mastodon's plain `timeline=`, unknown names ignored
    only_home = await rw.call("GET", f"{MARKERS}?timeline=home", "bob")
    assert only_home == {"home": body["home"]}
    only_notes = await rw.call(
        "GET", f"{MARKERS}?timeline[]=notifications&timeline[]=public&timeline[]=x", "bob"
    )
    assert only_notes == {"notifications": body["notifications"]}
    assert await rw.call("GET", f"{MARKERS}?timeline[]=public", "bob") == {}


async def test_moving_bumps_the_version_and_the_same_position_does_not(rw):
    first = await rw.post("alice", "one")
    second = await rw.post("alice", "two")
    made = await rw.call("POST", MARKERS, "bob", json={"home": {"last_read_id": first["id"]}})
    assert made["home"]["version"] == 0
    await asyncio.sleep(0.01)
    moved = await rw.call("POST", MARKERS, "bob", json={"home": {"last_read_id": second["id"]}})
    assert moved["home"] == {
        "last_read_id": second["id"],
        "version": 1,
        "updated_at": moved["home"]["updated_at"],
    }
    assert moved["home"]["updated_at"] > made["home"]["updated_at"]
    again = await rw.call("POST", MARKERS, "bob", json={"home": {"last_read_id": second["id"]}})
    assert again == moved
    back = await rw.call("POST", MARKERS, "bob", json={"home": {"last_read_id": first["id"]}})
    assert back["home"]["version"] == 2
    assert (await rw.call("GET", BOTH, "bob"))["home"]["version"] == 2


async def test_form_bodies_and_flat_json_keys(rw):
    notes = await _mentions(rw, 2)
    status = await rw.post("alice", "home")
    form = {"home[last_read_id]": status["id"], "notifications[last_read_id]": notes[0]}
    body = await rw.call("POST", MARKERS, "bob", data=form)
    assert body["home"]["last_read_id"] == status["id"]
    assert body["notifications"]["last_read_id"] == notes[0]
    assert body["notifications"]["pleroma"]["unread_count"] == 1
    flat = await rw.call("POST", MARKERS, "bob", json={"notifications[last_read_id]": notes[1]})
    assert set(flat) == {"notifications"}
    assert flat["notifications"]["last_read_id"] == notes[1]
    assert flat["notifications"]["version"] == 1
    assert flat["notifications"]["pleroma"]["unread_count"] == 0
    # a query-string form works as well (Mastodon.py sends form bodies, some clients params)
    other = await rw.post("alice", "later")
    query = await rw.call("POST", f"{MARKERS}?home[last_read_id]={other['id']}", "bob")
    assert query["home"]["last_read_id"] == other["id"]
    assert query["home"]["version"] == 1


# --- bad input ----------------------------------------------------------------------


async def test_bad_input_is_refused_and_nothing_is_written(rw):
    notes = await _mentions(rw, 2)
    for body, status, error in (
        ({}, 400, "Missing field: home or notifications"),
        ({"public": {"last_read_id": "1"}}, 400, "Missing field: home or notifications"),
        ({"home": {}}, 422, "Validation failed: Last read can't be blank"),
        ({"home": {"last_read_id": ""}}, 422, "Validation failed: Last read can't be blank"),
        ({"home": {"last_read_id": None}}, 422, "Validation failed: Last read can't be blank"),
        ({"home": {"last_read_id": ["1"]}}, 422, "Validation failed: Last read can't be blank"),
        ({"home": "1"}, 422, "Validation failed: Last read can't be blank"),
        (
            {"home": {"last_read_id": "9" * 65}},
            422,
            "Validation failed: Last read is too long (maximum is 64 characters)",
        ),
        # a good notifications position does not go through beside a bad home one
        (
            {"notifications": {"last_read_id": notes[1]}, "home": {}},
            422,
            "Validation failed: Last read can't be blank",
        ),
    ):
        answer = await rw.call("POST", MARKERS, "bob", expect=status, json=body)
        assert answer == {"error": error}, body
    answer = await rw.call("POST", MARKERS, "bob", expect=400, data={"home[other]": "1"})
    assert answer == {"error": "Missing field: home or notifications"}
    assert await rw.call("GET", BOTH, "bob") == {}
    assert await _seen(rw, "bob") == [False, False]


# --- notifications ------------------------------------------------------------------


async def test_saving_the_notifications_marker_marks_them_read_up_to_it(rw):
    notes = await _mentions(rw, 3)
    assert await _seen(rw, "bob") == [False, False, False]
    body = await rw.call("POST", MARKERS, "bob", json={"notifications": {"last_read_id": notes[1]}})
    assert await _seen(rw, "bob") == [True, True, False]
    assert body["notifications"]["pleroma"]["unread_count"] == 1
    me = await rw.call("GET", "/api/v1/accounts/verify_credentials", "bob")
    assert me["pleroma"]["unread_notifications_count"] == 1
    # the home marker alone leaves notifications alone
    await rw.call("POST", MARKERS, "bob", json={"home": {"last_read_id": notes[2]}})
    assert await _seen(rw, "bob") == [True, True, False]


async def test_unread_count_is_every_unseen_notification(rw):
    await _mentions(rw, 2)
    body = await rw.call("POST", MARKERS, "bob", json={"notifications": {"last_read_id": "0"}})
    assert body["notifications"]["pleroma"]["unread_count"] == 2
    await _mentions(rw, 3, by="carol")
    body = await rw.call("GET", BOTH, "bob")
    assert body["notifications"]["pleroma"]["unread_count"] == 5
    await rw.call("POST", "/api/v1/pleroma/notifications/read", "bob", json={"max_id": "z" * 18})
    body = await rw.call("GET", BOTH, "bob")
    assert body["notifications"]["pleroma"]["unread_count"] == 0


async def test_marking_notifications_read_moves_the_notifications_marker(rw):
    notes = await _mentions(rw, 3)
    # one by id: the marker is created at the newest seen notification
    await rw.call("POST", "/api/v1/pleroma/notifications/read", "bob", json={"id": notes[0]})
    marker = (await rw.call("GET", BOTH, "bob"))["notifications"]
    assert (marker["last_read_id"], marker["version"]) == (notes[0], 0)
    assert marker["pleroma"]["unread_count"] == 2
    # all up to max_id: it moves
    await rw.call("POST", "/api/v1/pleroma/notifications/read", "bob", json={"max_id": notes[1]})
    marker = (await rw.call("GET", BOTH, "bob"))["notifications"]
    assert (marker["last_read_id"], marker["version"]) == (notes[1], 1)
    assert marker["pleroma"]["unread_count"] == 1
    # reading an older one again keeps it at the newest seen
    await rw.call("POST", "/api/v1/pleroma/notifications/read", "bob", json={"id": notes[0]})
    marker = (await rw.call("GET", BOTH, "bob"))["notifications"]
    assert (marker["last_read_id"], marker["version"]) == (notes[1], 1)
    assert "home" not in await rw.call("GET", BOTH, "bob")


# --- privacy and scopes -------------------------------------------------------------


async def test_one_account_never_sees_or_moves_anothers_markers(rw):
    bob_notes = await _mentions(rw, 2)
    alice_notes = await _mentions(rw, 2, who="alice", by="carol")
    await rw.call("POST", MARKERS, "bob", json={"notifications": {"last_read_id": bob_notes[0]}})
    assert await rw.call("GET", BOTH, "alice") == {}
    assert await rw.call("GET", BOTH, "eve") == {}
    # alice's position is newer than all of bob's notifications: only hers become seen
    body = await rw.call(
        "POST", MARKERS, "alice", json={"notifications": {"last_read_id": alice_notes[0]}}
    )
    assert body["notifications"]["version"] == 0
    assert body["notifications"]["pleroma"]["unread_count"] == 1
    assert await _seen(rw, "alice") == [True, False]
    assert await _seen(rw, "bob") == [True, False]
    bob = await rw.call("GET", BOTH, "bob")
    assert bob["notifications"]["last_read_id"] == bob_notes[0]
    assert bob["notifications"]["version"] == 0
    assert bob["notifications"]["pleroma"]["unread_count"] == 1


async def test_anonymous_and_scopes(rw):
    calls = [("GET", BOTH, None), ("POST", MARKERS, {"home": {"last_read_id": "1"}})]
    for method, path, body in calls:
        answer = await rw.call(method, path, None, expect=403, json=body)
        assert answer == {"error": "Invalid credentials."}
    bad = {"Authorization": "Bearer not-a-token"}
    for method, path, body in calls:
        answer = await rw.call(method, path, None, expect=403, headers=bad, json=body)
        assert answer == {"error": "Invalid credentials."}
    read_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["read"])
    write_only = await tokens.issue_token(rw.accounts["bob"], rw.app, ["write"])
    wrong = await tokens.issue_token(
        rw.accounts["bob"], rw.app, ["read:notifications", "write:notifications"]
    )
    for token, method, path, body, missing in (
        (write_only, "GET", BOTH, None, "read:statuses"),
        (read_only, "POST", MARKERS, {"home": {"last_read_id": "1"}}, "write:statuses"),
        (wrong, "GET", BOTH, None, "read:statuses"),
        (wrong, "POST", MARKERS, {"home": {"last_read_id": "1"}}, "write:statuses"),
    ):
        headers = {"Authorization": f"Bearer {token.access_token}"}
        answer = await rw.call(method, path, None, expect=403, headers=headers, json=body)
        assert answer == {"error": f"Insufficient permissions: {missing}."}
    assert await rw.call("GET", BOTH, "bob") == {}
    narrow = await tokens.issue_token(
        rw.accounts["bob"], rw.app, ["read:statuses", "write:statuses"]
    )
    headers = {"Authorization": f"Bearer {narrow.access_token}"}
    saved = await rw.call(
        "POST", MARKERS, None, headers=headers, json={"home": {"last_read_id": "1"}}
    )
    assert await rw.call("GET", BOTH, None, headers=headers) == saved


# --- cost ---------------------------------------------------------------------------


async def test_reading_costs_a_constant_number_of_statements(rw):
    async def cost(who):
        with count_queries() as queries:
            await rw.call("GET", BOTH, who)
        return queries.count

    empty = await cost("bob")
    notes = await _mentions(rw, 1)
    await rw.call(
        "POST",
        MARKERS,
        "bob",
        json={"home": {"last_read_id": notes[0]}, "notifications": {"last_read_id": "0"}},
    )
    few = await cost("bob")
    await _mentions(rw, 30, by="carol")
    many = await cost("bob")
    assert (await rw.call("GET", BOTH, "bob"))["notifications"]["pleroma"]["unread_count"] == 31
    # the markers, then the unseen count only when the notifications marker is there
    assert few == many == empty + 1, (empty, few, many)
    assert many <= 4, many
