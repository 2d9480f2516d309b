"""Parity: REST and GraphQL file, read and handle the same reports, and refuse alike.

REST is Mastodon's ``POST /api/v1/reports`` and Pleroma's admin report routes; GraphQL is
``reportCreate``, ``adminReports``, ``adminReport``, ``adminReportGroups``,
``adminReportsUpdate``, ``adminReportNoteCreate`` / ``Delete`` and the ``report`` of a
``PLEROMA_REPORT`` notification. Both run on the same data (the admin world).
"""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from tests.admin.world import build_admin_world
from tests.graphql.conftest import gql
from tests.reports.conftest import file_report

ADMIN = "/api/v1/pleroma/admin"

REPORT_FIELDS = """
  restId state content createdAt
  account { restId } actor { restId }
  statuses { restId visibility content }
  notes { restId content createdAt author { restId } }
"""
LIST = (
    "query l($s: ReportState, $p: Int, $n: Int) { adminReports(state: $s, page: $p, "
    "pageSize: $n) { total reports { @@ } } }"
).replace("@@", REPORT_FIELDS)
ONE = "query o($id: ID!) { adminReport(id: $id) { @@ } }".replace("@@", REPORT_FIELDS)
GROUPS = (
    "{ adminReportGroups { date account { restId } status { restId } actors { restId } "
    "reports { restId } } }"
)
CREATE = (
    "mutation c($input: ReportCreateInput!) { reportCreate(input: $input) { report { "
    "restId actionTaken category comment forwarded createdAt statusIds ruleIds "
    "targetAccount { restId } } userErrors { code field message } } }"
)
UPDATE = (
    "mutation u($input: AdminReportsUpdateInput!) { adminReportsUpdate(input: $input) { "
    "reports { restId state } failures { id error } userErrors { code field message } } }"
)
NOTE = (
    "mutation n($input: AdminReportNoteCreateInput!) { adminReportNoteCreate(input: $input) "
    "{ note { restId } userErrors { code field message } } }"
)
UNNOTE = (
    "mutation d($input: AdminReportNoteDeleteInput!) { adminReportNoteDelete(input: $input) "
    "{ deletedNoteId userErrors { code field message } } }"
)
NOTIFICATIONS = (
    "{ notifications(types: [PLEROMA_REPORT]) { nodes { restId type report { @@ } } } }"
).replace("@@", REPORT_FIELDS)


def from_rest(report: dict[str, Any]) -> dict[str, Any]:
    """The GraphQL report expected from a REST admin report."""
    return {
        "restId": report["id"],
        "state": report["state"].upper(),
        "content": report["content"],
        "createdAt": report["created_at"],
        "account": {"restId": report["account"]["id"]},
        "actor": {"restId": report["actor"]["id"]},
        "statuses": [
            {"restId": s["id"], "visibility": s["visibility"].upper(), "content": s["content"]}
            for s in report["statuses"]
        ],
        "notes": [
            {
                "restId": n["id"],
                "content": n["content"],
                "createdAt": n["created_at"],
                "author": {"restId": n["user"]["id"]} if n["user"] else None,
            }
            for n in report["notes"]
        ],
    }


async def _world(client, policy):
    aw = await build_admin_world(client, policy)
    aw.gql = lambda query, variables=None, who="root": gql(
        client, query, variables, token=aw.tokens[who]
    )
    return aw


async def _reports(aw) -> list[dict[str, Any]]:
    secret = await aw.post("mallory", "@carol psst", visibility="direct")
    loud = await aw.post("mallory", "BUY NOW")
    first = await file_report(
        aw, "carol", "mallory", status_ids=[loud["id"], secret["id"]], comment="spam\n<b>!</b>"
    )
    await aw.call("POST", f"{ADMIN}/reports/{first['id']}/notes", "root", expect=204,
                  json={"content": "seen it"})
    second = await file_report(aw, "bob", "alice", comment="")
    return [second, first]


async def test_reads_agree(client, policy):
    aw = await _world(client, policy)
    await _reports(aw)
    rest = await aw.call("GET", f"{ADMIN}/reports", "root")
    body = await aw.gql(LIST)
    assert "errors" not in body, body
    assert body["data"]["adminReports"] == {
        "total": rest["total"],
        "reports": [from_rest(r) for r in rest["reports"]],
    }
    rest = await aw.call("GET", f"{ADMIN}/reports?state=open&page=2&page_size=1", "root")
    body = await aw.gql(LIST, {"s": "OPEN", "p": 2, "n": 1})
    assert body["data"]["adminReports"] == {
        "total": rest["total"],
        "reports": [from_rest(r) for r in rest["reports"]],
    }
    rid = rest["reports"][0]["id"]
    shown = await aw.call("GET", f"{ADMIN}/reports/{rid}", "root")
    for ref in (rid, to_base64("Report", rid)):
        body = await aw.gql(ONE, {"id": ref})
        assert body["data"]["adminReport"] == from_rest(shown)
    assert await aw.call("GET", f"{ADMIN}/reports/nope", "root", expect=404)
    assert (await aw.gql(ONE, {"id": "nope"}))["data"]["adminReport"] is None


async def test_groups_agree(client, policy):
    aw = await _world(client, policy)
    await _reports(aw)
    rest = await aw.call("GET", f"{ADMIN}/grouped_reports", "root")
    body = await aw.gql(GROUPS)
    assert body["data"]["adminReportGroups"] == [
        {
            "date": g["date"],
            "account": {"restId": g["account"]["id"]},
            "status": {"restId": g["status"]["id"]},
            "actors": [{"restId": a["id"]} for a in g["actors"]],
            "reports": [{"restId": r["id"]} for r in g["reports"]],
        }
        for g in rest["reports"]
    ]
    assert len(rest["reports"]) == 2


async def test_filing_agrees(client, policy):
    aw = await _world(client, policy)
    post = await aw.post("mallory", "BUY NOW")
    rest = await file_report(aw, "bob", "mallory", status_ids=[post["id"]], comment="spam",
                             category="spam")
    body = await aw.gql(
        CREATE,
        {"input": {"accountId": aw.id("mallory"), "statusIds": [to_base64("Status", post["id"])],
                   "comment": "spam", "category": "SPAM"}},
        who="bob",
    )
    payload = body["data"]["reportCreate"]
    assert payload["userErrors"] == []
    report = payload["report"]
    assert report["restId"] != rest["id"]
    assert {k: v for k, v in report.items() if k not in {"restId", "createdAt"}} == {
        "actionTaken": rest["action_taken"],
        "category": rest["category"].upper(),
        "comment": rest["comment"],
        "forwarded": rest["forwarded"],
        "statusIds": rest["status_ids"],
        "ruleIds": rest["rule_ids"],
        "targetAccount": {"restId": rest["target_account"]["id"]},
    }
    # both reports reached the admin
    listed = await aw.call("GET", f"{ADMIN}/reports", "root")
    assert {r["id"] for r in listed["reports"]} == {rest["id"], report["restId"]}


async def test_filing_refusals_agree(client, policy):
    aw = await _world(client, policy)
    private = await aw.post("alice", "followers only", visibility="private")
    cases = [
        ({"account_id": "000000000000000000"}, {"accountId": "000000000000000000"}),
        ({"account_id": aw.id("alice"), "comment": "a" * 1001},
         {"accountId": aw.id("alice"), "comment": "a" * 1001}),
        ({"account_id": aw.id("alice"), "status_ids": [private["id"]]},
         {"accountId": aw.id("alice"), "statusIds": [private["id"]]}),
    ]
    for rest_body, gql_input in cases:
        rest = await aw.call("POST", "/api/v1/reports", "eve", expect=None, json=rest_body)
        status = aw.last.status
        body = await aw.gql(CREATE, {"input": gql_input}, who="eve")
        payload = body["data"]["reportCreate"]
        assert payload["report"] is None
        [error] = payload["userErrors"]
        assert error["message"] == rest["error"]
        assert {404: "NOT_FOUND", 400: "BAD_REQUEST"}[status] == error["code"]
    assert await aw.call("GET", f"{ADMIN}/reports", "root") == {
        "total": 0, "totalReports": 0, "reports": []
    }


async def test_changes_agree(client, policy):
    aw = await _world(client, policy)
    second, first = await _reports(aw)
    rest = await aw.call(
        "PATCH", f"{ADMIN}/reports", "root", expect=400,
        json={"reports": [{"id": "nope", "state": "closed"}, {"id": first["id"],
                                                              "state": "closed"}]},
    )
    body = await aw.gql(
        UPDATE, {"input": {"reports": [{"id": "nope", "state": "CLOSED"},
                                       {"id": second["id"], "state": "RESOLVED"}]}}
    )
    payload = body["data"]["adminReportsUpdate"]
    assert [{"id": f["id"], "error": f["error"]} for f in payload["failures"]] == rest
    assert payload["reports"] == [{"restId": second["id"], "state": "RESOLVED"}]
    states = {r["id"]: r["state"] for r in
              (await aw.call("GET", f"{ADMIN}/reports", "root"))["reports"]}
    assert states == {first["id"]: "closed", second["id"]: "resolved"}

    body = await aw.gql(NOTE, {"input": {"reportId": second["id"], "content": "by graphql"}})
    note_id = body["data"]["adminReportNoteCreate"]["note"]["restId"]
    shown = await aw.call("GET", f"{ADMIN}/reports/{second['id']}", "root")
    assert [(n["id"], n["content"]) for n in shown["notes"]] == [(note_id, "by graphql")]
    # deleting through the wrong report: the same 404 on both sides
    rest = await aw.call(
        "DELETE", f"{ADMIN}/reports/{first['id']}/notes/{note_id}", "root", expect=404
    )
    body = await aw.gql(UNNOTE, {"input": {"reportId": first["id"], "noteId": note_id}})
    assert body["data"]["adminReportNoteDelete"] == {
        "deletedNoteId": None,
        "userErrors": [{"code": "NOT_FOUND", "field": None, "message": rest["error"]}],
    }
    body = await aw.gql(UNNOTE, {"input": {"reportId": second["id"], "noteId": note_id}})
    assert body["data"]["adminReportNoteDelete"]["deletedNoteId"] == note_id
    shown = await aw.call("GET", f"{ADMIN}/reports/{second['id']}", "root")
    assert shown["notes"] == []


async def test_refusals_of_non_admins_agree(client, policy):
    aw = await _world(client, policy)
    await _reports(aw)
    for who in ("alice", "mod", "root_noscope"):
        rest = await aw.call("GET", f"{ADMIN}/reports", who, expect=403)
        body = await aw.gql(LIST, who=who)
        assert body["data"] is None
        assert [e["message"] for e in body["errors"]] == [rest["error"]]
        body = await aw.gql(
            UPDATE, {"input": {"reports": [{"id": "x", "state": "CLOSED"}]}}, who=who
        )
        assert body["data"]["adminReportsUpdate"]["userErrors"] == [
            {"code": "NOT_ADMIN", "field": None, "message": rest["error"]}
        ]
        assert (await aw.gql(GROUPS, who=who))["data"] is None


async def test_the_staff_notification_agrees(client, policy):
    aw = await _world(client, policy)
    await _reports(aw)
    for who in ("root", "mod"):
        rest = await aw.call(
            "GET", "/api/v1/notifications?include_types[]=pleroma:report", who
        )
        body = await aw.gql(NOTIFICATIONS, who=who)
        assert body["data"]["notifications"]["nodes"] == [
            {"restId": n["id"], "type": "PLEROMA_REPORT", "report": from_rest(n["report"])}
            for n in rest
        ]
        assert len(rest) == 2
    # a user has none on either side
    assert await aw.call("GET", "/api/v1/notifications?types[]=pleroma:report", "alice") == []
    body = await aw.gql(NOTIFICATIONS, who="alice")
    assert body["data"]["notifications"]["nodes"] == []
