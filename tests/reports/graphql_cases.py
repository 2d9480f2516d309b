"""How ``tests/graphql/test_examples.py`` runs the report examples.

Set-up goes through REST: bob posts a public status and a direct one to carol; carol
reports bob with both, bob reports carol without statuses. The admin examples run as
alice (the world's admin) with a token that grants the admin scopes; ``reportCreate``
runs as carol. Budgets do not depend on the number of reports.
"""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from schema.services import tokens
from tests.statuses.graphql_cases import rest

ADMIN = "alice_admin_token"
CAROL = "carol_token"
ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


async def _tokens(world: Any) -> None:
    alice, carol = world.accounts["alice"], world.accounts["carol"]
    world.alice_admin_token = (
        await tokens.issue_token(alice, world.app, ["read", "write", "admin"])
    ).access_token
    world.carol_token = (
        await tokens.issue_token(carol, world.app, ["read", "write", "follow"])
    ).access_token


async def reported(client: Any, world: Any) -> None:
    """Two reports: carol's about bob (a public and a direct status), then bob's about
    carol (no status); ``world.reports`` newest first."""
    await _tokens(world)
    world.public = await rest(
        client, world, world.bob_token, "POST", "/api/v1/statuses",
        json={"status": "buy my stuff"},
    )
    world.direct = await rest(
        client, world, world.bob_token, "POST", "/api/v1/statuses",
        json={"status": "@carol psst, buy my stuff", "visibility": "direct"},
    )
    first = await rest(
        client, world, world.carol_token, "POST", "/api/v1/reports",
        json={
            "account_id": world.accounts["bob"].id,
            "status_ids": [world.public["id"], world.direct["id"]],
            "comment": "spam\nin my DMs",
        },
    )
    second = await rest(
        client, world, world.bob_token, "POST", "/api/v1/reports",
        json={"account_id": world.accounts["carol"].id, "comment": "rude"},
    )
    world.reports = [second, first]


async def note(client: Any, world: Any, report_id: str, content: str) -> None:
    response = await client.post(
        f"/api/v1/pleroma/admin/reports/{report_id}/notes",
        json={"content": content},
        headers=world.auth(world.alice_admin_token),
    )
    assert response.status == 204, await response.text()


async def prepare_create(client: Any, world: Any) -> dict[str, Any]:
    await _tokens(world)
    world.public = await rest(
        client, world, world.bob_token, "POST", "/api/v1/statuses",
        json={"status": "buy my stuff"},
    )
    return {
        "input": {
            "accountId": to_base64("Account", world.accounts["bob"].id),
            "statusIds": [to_base64("Status", world.public["id"])],
            "comment": "spam",
            "category": "SPAM",
        }
    }


def check_create(data: dict[str, Any], world: Any) -> None:
    payload = data["reportCreate"]
    assert payload["userErrors"] == []
    report = payload["report"]
    assert report["restId"]
    assert {k: v for k, v in report.items() if k not in {"restId", "createdAt"}} == {
        "actionTaken": False,
        "category": "SPAM",
        "comment": "spam",
        "forwarded": False,
        "statusIds": [world.public["id"]],
        "ruleIds": [],
        "targetAccount": {"username": "bob"},
    }


async def prepare_list(client: Any, world: Any) -> dict[str, Any]:
    await reported(client, world)
    await note(client, world, world.reports[1]["id"], "looked at it")
    return {"state": "OPEN", "page": 1, "pageSize": 50}


def check_list(data: dict[str, Any], world: Any) -> None:
    page = data["adminReports"]
    assert page["total"] == 2
    newest, oldest = page["reports"]
    assert newest["restId"] == world.reports[0]["id"]
    assert newest["id"] == to_base64("Report", newest["restId"])
    assert (newest["account"], newest["actor"]) == ({"username": "carol"}, {"username": "bob"})
    assert (newest["statuses"], newest["notes"]) == ([], [])
    assert (oldest["state"], oldest["category"]) == ("OPEN", "OTHER")
    assert (oldest["comment"], oldest["content"]) == ("spam\nin my DMs", "spam<br/>in my DMs")
    # the admin sees the direct status too
    assert [(s["restId"], s["visibility"]) for s in oldest["statuses"]] == [
        (world.public["id"], "PUBLIC"),
        (world.direct["id"], "DIRECT"),
    ]
    assert "psst" in oldest["statuses"][1]["content"]
    [n] = oldest["notes"]
    assert (n["content"], n["author"]) == ("looked at it", {"username": "alice"})


async def prepare_one(client: Any, world: Any) -> dict[str, Any]:
    await reported(client, world)
    await note(client, world, world.reports[1]["id"], "first")
    await note(client, world, world.reports[1]["id"], "second")
    return {"id": to_base64("Report", world.reports[1]["id"])}


def check_one(data: dict[str, Any], world: Any) -> None:
    report = data["adminReport"]
    assert report["restId"] == world.reports[1]["id"]
    assert report["state"] == "OPEN"
    assert (report["account"], report["actor"]) == ({"username": "bob"}, {"username": "carol"})
    assert [s["visibility"] for s in report["statuses"]] == ["PUBLIC", "DIRECT"]
    assert [(n["content"], n["author"]["username"]) for n in report["notes"]] == [
        ("first", "alice"),
        ("second", "alice"),
    ]


async def prepare_groups(client: Any, world: Any) -> dict[str, Any]:
    await reported(client, world)
    return {}


def check_groups(data: dict[str, Any], world: Any) -> None:
    groups = data["adminReportGroups"]
    # both statuses were last reported by the same report: the newer status comes first
    assert [g["status"]["restId"] for g in groups] == [world.direct["id"], world.public["id"]]
    for group in groups:
        assert group["account"] == {"username": "bob"}
        assert group["actors"] == [{"username": "carol"}]
        assert group["reports"] == [{"restId": world.reports[1]["id"], "state": "OPEN"}]


async def prepare_update(client: Any, world: Any) -> dict[str, Any]:
    await reported(client, world)
    return {
        "input": {
            "reports": [
                {"id": world.reports[1]["id"], "state": "RESOLVED"},
                {"id": to_base64("Report", world.reports[0]["id"]), "state": "CLOSED"},
                {"id": "nope", "state": "CLOSED"},
            ]
        }
    }


def check_update(data: dict[str, Any], world: Any) -> None:
    payload = data["adminReportsUpdate"]
    assert payload["reports"] == [
        {"restId": world.reports[1]["id"], "state": "RESOLVED"},
        {"restId": world.reports[0]["id"], "state": "CLOSED"},
    ]
    assert payload["failures"] == [{"id": "nope", "error": "not_found"}]
    assert payload["userErrors"] == [
        {"code": "NOT_FOUND", "field": "reports", "message": "nope: not_found"}
    ]


async def prepare_note_create(client: Any, world: Any) -> dict[str, Any]:
    await reported(client, world)
    return {"input": {"reportId": world.reports[1]["id"], "content": "on it"}}


def check_note_create(data: dict[str, Any], world: Any) -> None:
    payload = data["adminReportNoteCreate"]
    assert payload["userErrors"] == []
    created = payload["note"]
    assert (created["content"], created["author"]) == ("on it", {"username": "alice"})
    assert payload["report"] == {
        "restId": world.reports[1]["id"],
        "notes": [{"restId": created["restId"]}],
    }


async def prepare_note_delete(client: Any, world: Any) -> dict[str, Any]:
    await reported(client, world)
    rid = world.reports[1]["id"]
    await note(client, world, rid, "keep")
    await note(client, world, rid, "drop")
    response = await client.get(
        f"/api/v1/pleroma/admin/reports/{rid}", headers=world.auth(world.alice_admin_token)
    )
    world.notes = (await response.json())["notes"]
    return {"input": {"reportId": to_base64("Report", rid), "noteId": world.notes[1]["id"]}}


def check_note_delete(data: dict[str, Any], world: Any) -> None:
    payload = data["adminReportNoteDelete"]
    assert payload["userErrors"] == []
    assert payload["deletedNoteId"] == world.notes[1]["id"]
    assert payload["report"]["notes"] == [{"restId": world.notes[0]["id"], "content": "keep"}]


CASES: dict[str, dict[str, Any]] = {
    "reportCreate": {
        "check": check_create, "budget": 7, "token": CAROL, "prepare": prepare_create,
    },
    "adminReports": {"check": check_list, "budget": 8, "token": ADMIN, "prepare": prepare_list},
    "adminReport": {"check": check_one, "budget": 7, "token": ADMIN, "prepare": prepare_one},
    "adminReportGroups": {
        "check": check_groups, "budget": 9, "token": ADMIN, "prepare": prepare_groups,
    },
    "adminReportsUpdate": {
        "check": check_update, "budget": 12, "token": ADMIN, "prepare": prepare_update,
    },
    "adminReportNoteCreate": {
        "check": check_note_create, "budget": 11, "token": ADMIN, "prepare": prepare_note_create,
    },
    "adminReportNoteDelete": {
        "check": check_note_delete, "budget": 12, "token": ADMIN, "prepare": prepare_note_delete,
    },
}
