"""Reports over REST: Mastodon's ``POST /api/v1/reports`` and Pleroma's admin routes, with
their shapes, Pleroma's errors and who may call them."""

from __future__ import annotations

import dataclasses

import pytest

from models.moderation import ModerationLogEntry
from schema.services import tokens
from tests.admin.world import ADMIN_TOKEN
from tests.querycount import count_queries
from tests.reports.conftest import file_report

ADMIN = "/api/pleroma/admin"
ADMIN_V1 = "/api/v1/pleroma/admin"
NOT_ADMIN = "User is not an admin or OAuth admin scope is not granted."
ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, admin_token=ADMIN_TOKEN)


async def _reported(aw):
    """bob reports mallory's post; eve reports carol; one open report each."""
    post = await aw.post("mallory", "buy my stuff")
    first = await file_report(aw, "bob", "mallory", status_ids=[post["id"]], comment="spam!")
    second = await file_report(aw, "eve", "carol", comment="rude")
    return post, first, second


async def test_filing_answers_mastodons_report_entity(aw):
    post = await aw.post("mallory", "buy my stuff")
    body = await file_report(
        aw, "bob", "mallory", status_ids=[post["id"]], comment="spam!", forward="true",
        category="spam",
    )
    assert set(body) == {
        "id", "action_taken", "action_taken_at", "category", "comment", "forwarded",
        "created_at", "status_ids", "rule_ids", "target_account",
    }
    assert body["action_taken"] is False and body["action_taken_at"] is None
    assert (body["category"], body["comment"], body["forwarded"]) == ("spam", "spam!", True)
    assert body["status_ids"] == [post["id"]] and body["rule_ids"] == []
    assert body["target_account"]["id"] == aw.id("mallory")
    assert "email" not in body["target_account"]


async def test_filing_with_a_form_body(aw):
    post = await aw.post("mallory", "buy my stuff")
    body = await aw.call(
        "POST", "/api/v1/reports", "bob",
        data={"account_id": aw.id("mallory"), "status_ids[]": post["id"], "forward": "0"},
    )
    assert body["status_ids"] == [post["id"]] and body["forwarded"] is False


async def test_filing_refusals(aw):
    private = await aw.post("alice", "followers only", visibility="private")
    call = aw.call
    assert await call("POST", "/api/v1/reports", "bob", expect=400, json={}) == {
        "error": "Missing field: account_id."
    }
    assert await file_report(aw, "bob", "alice", expect=400, comment="a" * 1001) == {
        "error": "Comment must be up to 1000 characters"
    }
    assert await call(
        "POST", "/api/v1/reports", "bob", expect=404, json={"account_id": "000000000000000000"}
    ) == {"error": "Account not found"}
    # eve cannot see alice's private post: refused exactly like an unknown status
    hidden = await file_report(aw, "eve", "alice", expect=404, status_ids=[private["id"]])
    unknown = await file_report(aw, "eve", "alice", expect=404, status_ids=["000000000000000000"])
    assert hidden == unknown == {"error": "Record not found"}
    assert await call("POST", "/api/v1/reports", None, expect=403, json={}) == {
        "error": "Invalid credentials."
    }
    assert await file_report(aw, "bob", "alice", expect=422, category="rude") == {
        "error": "Validation failed: Category is not included in the list"
    }


async def test_filing_needs_write_reports(aw):
    token = (await tokens.issue_token(aw.accounts["bob"], aw.app, ["read"])).access_token
    aw.tokens["bob_read"] = token
    body = await file_report(aw, "bob_read", "alice", expect=403)
    assert body == {"error": "Insufficient permissions: write:reports."}


async def test_admin_list_show_and_shapes(aw):
    post, first, second = await _reported(aw)
    for prefix in (ADMIN, ADMIN_V1):
        body = await aw.call("GET", f"{prefix}/reports", "root")
        assert body["total"] == body["totalReports"] == 2
        assert [r["id"] for r in body["reports"]] == [second["id"], first["id"]]
    report = body["reports"][1]
    assert set(report) == {
        "id", "state", "content", "created_at", "account", "actor", "statuses", "notes"
    }
    assert (report["state"], report["content"]) == ("open", "spam!")
    assert report["account"]["nickname"] == "mallory"
    assert report["account"]["email"] == "mallory@example.org"  # the admin view
    assert report["account"]["username"] == "mallory"  # and Mastodon's
    assert report["actor"]["nickname"] == "bob"
    assert [s["id"] for s in report["statuses"]] == [post["id"]]
    assert report["notes"] == []
    shown = await aw.call("GET", f"{ADMIN}/reports/{first['id']}", "root")
    assert shown == report
    assert await aw.call("GET", f"{ADMIN}/reports/nope", "root", expect=404) == {
        "error": "Not found"
    }


async def test_admin_list_filters_and_pages(aw):
    _, first, second = await _reported(aw)
    await aw.call(
        "PATCH", f"{ADMIN}/reports", "root", expect=204,
        json={"reports": [{"id": second["id"], "state": "closed"}]},
    )
    opened = await aw.call("GET", f"{ADMIN}/reports?state=open", "root")
    assert (opened["total"], [r["id"] for r in opened["reports"]]) == (1, [first["id"]])
    closed = await aw.call("GET", f"{ADMIN}/reports?state=closed", "root")
    assert [r["id"] for r in closed["reports"]] == [second["id"]]
    assert await aw.call("GET", f"{ADMIN}/reports?state=resolved", "root") == {
        "total": 0, "totalReports": 0, "reports": []
    }
    paged = await aw.call("GET", f"{ADMIN}/reports?page=2&page_size=1", "root")
    assert (paged["total"], [r["id"] for r in paged["reports"]]) == (2, [first["id"]])
    assert await aw.call("GET", f"{ADMIN}/reports?state=done", "root", expect=400) == {
        "error": "state - Invalid value for enum."
    }
    assert await aw.call("GET", f"{ADMIN}/reports?page=x", "root", expect=400) == {
        "error": "page: Invalid integer value"
    }


async def test_private_and_direct_statuses_show_to_admins_only_in_reports(aw):
    secret = await aw.post("alice", "@carol only for carol", visibility="direct")
    await file_report(aw, "carol", "alice", status_ids=[secret["id"]])
    body = await aw.call("GET", f"{ADMIN}/reports", "root")
    [status] = body["reports"][0]["statuses"]
    assert (status["id"], status["visibility"]) == (secret["id"], "direct")
    assert "only for carol" in status["content"]
    # the reporter cannot read reports at all
    assert await aw.call("GET", f"{ADMIN}/reports", "carol", expect=403) == {"error": NOT_ADMIN}


@pytest.mark.parametrize(
    ("who", "error"),
    [
        (None, "Invalid credentials."),
        ("alice", NOT_ADMIN),
        ("mod", NOT_ADMIN),
        ("root_noscope", NOT_ADMIN),
    ],
)
async def test_admin_routes_refuse_everyone_else(aw, who, error):
    _, first, _ = await _reported(aw)
    rid = first["id"]
    calls = [
        ("GET", f"{ADMIN}/reports", None),
        ("GET", f"{ADMIN}/reports/{rid}", None),
        ("GET", f"{ADMIN}/grouped_reports", None),
        ("PATCH", f"{ADMIN}/reports", {"reports": [{"id": rid, "state": "closed"}]}),
        ("PUT", f"{ADMIN}/reports/{rid}", {"state": "closed"}),
        ("POST", f"{ADMIN}/reports/{rid}/notes", {"content": "x"}),
        ("DELETE", f"{ADMIN}/reports/{rid}/notes/x", None),
    ]
    for method, path, body in calls:
        assert await aw.call(method, path, who, expect=403, json=body) == {"error": error}
    shown = await aw.call("GET", f"{ADMIN}/reports/{rid}", "root")
    assert (shown["state"], shown["notes"]) == ("open", [])
    assert await ModerationLogEntry.all().count() == 0


async def test_a_read_only_admin_token_cannot_change_reports(aw):
    _, first, _ = await _reported(aw)
    root = aw.accounts["root"]
    aw.tokens["root_read"] = (await tokens.issue_token(root, aw.app, ["admin:read"])).access_token
    aw.tokens["root_reports"] = (
        await tokens.issue_token(root, aw.app, ["admin:write:reports", "admin:read:reports"])
    ).access_token
    change = {"reports": [{"id": first["id"], "state": "resolved"}]}
    assert await aw.call("GET", f"{ADMIN}/reports", "root_read")
    assert await aw.call("PATCH", f"{ADMIN}/reports", "root_read", expect=403, json=change) == {
        "error": NOT_ADMIN
    }
    await aw.call("PATCH", f"{ADMIN}/reports", "root_reports", expect=204, json=change)


async def test_the_admin_token_may(aw):
    _, first, _ = await _reported(aw)
    body = await aw.call("GET", f"{ADMIN}/reports?admin_token={ADMIN_TOKEN}")
    assert body["total"] == 2
    await aw.call(
        "POST", f"{ADMIN}/reports/{first['id']}/notes?admin_token={ADMIN_TOKEN}",
        expect=204, json={"content": "from the token"},
    )
    shown = await aw.call("GET", f"{ADMIN}/reports/{first['id']}", "root")
    assert [(n["content"], n["user"]) for n in shown["notes"]] == [("from the token", {})]


async def test_patch_applies_items_one_by_one_as_pleroma(aw):
    _, first, second = await _reported(aw)
    body = await aw.call(
        "PATCH", f"{ADMIN}/reports", "root", expect=400,
        json={"reports": [
            {"id": first["id"], "state": "resolved"},
            {"id": "test", "state": "closed"},
            {"id": second["id"], "state": "test"},
        ]},
    )
    assert body == [
        {"id": "test", "error": "not_found"},
        {"id": second["id"], "error": "Unsupported state"},
    ]
    states = {r["id"]: r["state"] for r in
              (await aw.call("GET", f"{ADMIN}/reports", "root"))["reports"]}
    assert states == {first["id"]: "resolved", second["id"]: "open"}
    [entry] = await ModerationLogEntry.all()
    assert entry.message == (
        f"@root updated report #{first['id']} (on user @mallory) with 'resolved' state"
    )
    assert await aw.call("PATCH", f"{ADMIN}/reports", "root", expect=400, json={}) == {
        "error": "Missing field: reports."
    }
    assert await aw.call(
        "PATCH", f"{ADMIN}/reports", "root", expect=400, json={"reports": "all"}
    ) == {"error": "reports: expected a list of objects"}
    assert await aw.call(
        "PATCH", f"{ADMIN}/reports", "root", expect=400, json={"reports": ["x"]}
    ) == {"error": "reports: expected a list of objects"}


async def test_patch_several_and_the_seed_put(aw):
    _, first, second = await _reported(aw)
    await aw.call(
        "PATCH", f"{ADMIN_V1}/reports", "root", expect=204,
        json={"reports": [
            {"id": first["id"], "state": "resolved"}, {"id": second["id"], "state": "closed"},
        ]},
    )
    messages = [e.message for e in await ModerationLogEntry.all().order_by("id")]
    assert messages == [
        f"@root updated report #{first['id']} (on user @mallory) with 'resolved' state",
        f"@root updated report #{second['id']} (on user @carol) with 'closed' state",
    ]
    body = await aw.call("PUT", f"{ADMIN}/reports/{first['id']}", "root", json={"state": "open"})
    assert (body["id"], body["state"]) == (first["id"], "open")
    assert await aw.call(
        "PUT", f"{ADMIN}/reports/{first['id']}", "root", expect=400, json={"state": "x"}
    ) == {"error": "Unsupported state"}
    assert await aw.call(
        "PUT", f"{ADMIN}/reports/nope", "root", expect=404, json={"state": "open"}
    ) == {"error": "Not found"}


async def test_notes(aw):
    _, first, second = await _reported(aw)
    rid = first["id"]
    for content in ("this is disgusting!", "this is disgusting2!"):
        assert await aw.call(
            "POST", f"{ADMIN}/reports/{rid}/notes", "root", expect=204, json={"content": content}
        ) is None
    body = await aw.call("GET", f"{ADMIN}/reports", "root")
    notes = next(r for r in body["reports"] if r["id"] == rid)["notes"]
    assert [n["content"] for n in notes] == ["this is disgusting!", "this is disgusting2!"]
    assert notes[0]["user"]["nickname"] == "root"
    assert set(notes[0]) == {"id", "content", "user", "created_at"}
    assert await aw.call(
        "POST", f"{ADMIN}/reports/{rid}/notes", "root", expect=400, json={}
    ) == {"error": "Missing field: content."}
    assert await aw.call(
        "POST", f"{ADMIN}/reports/nope/notes", "root", expect=404, json={"content": "x"}
    ) == {"error": "Not found"}
    # a note is deleted only through its own report
    path = f"{ADMIN}/reports/{second['id']}/notes/{notes[0]['id']}"
    assert await aw.call("DELETE", path, "root", expect=404) == {"error": "Not found"}
    await aw.call("DELETE", f"{ADMIN_V1}/reports/{rid}/notes/{notes[0]['id']}", "root",
                  expect=204)
    shown = await aw.call("GET", f"{ADMIN}/reports/{rid}", "root")
    assert [n["content"] for n in shown["notes"]] == ["this is disgusting2!"]
    actions = [e.action for e in await ModerationLogEntry.all().order_by("id")]
    assert actions == ["report_note", "report_note", "report_note_delete"]


async def test_grouped_reports(aw):
    post, first, _ = await _reported(aw)
    again = await file_report(aw, "eve", "mallory", status_ids=[post["id"]])
    body = await aw.call("GET", f"{ADMIN}/grouped_reports", "root")
    [group] = body["reports"]
    assert set(group) == {"date", "account", "status", "actors", "reports"}
    assert group["status"]["id"] == post["id"] and group["status"]["deleted"] is False
    assert group["account"]["id"] == aw.id("mallory")
    assert [a["nickname"] for a in group["actors"]] == ["eve", "bob"]
    assert [r["id"] for r in group["reports"]] == [again["id"], first["id"]]
    assert group["date"] == again["created_at"]


async def test_a_page_of_reports_costs_the_same_whatever_its_length(aw):
    async def cost() -> int:
        with count_queries() as queries:
            await aw.call("GET", f"{ADMIN}/reports", "root")
        return queries.count

    post = await aw.post("mallory", "one")
    await file_report(aw, "bob", "mallory", status_ids=[post["id"]])
    one = await cost()
    for who, target in (("eve", "carol"), ("alice", "mallory"), ("carol", "bob")):
        status = await aw.post(target, f"by {target}")
        report = await file_report(aw, who, target, status_ids=[status["id"]])
        await aw.call("POST", f"{ADMIN}/reports/{report['id']}/notes", "root", expect=204,
                      json={"content": "seen"})
    assert await cost() == one
