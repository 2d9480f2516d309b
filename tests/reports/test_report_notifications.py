"""The staff's ``pleroma:report`` notification: who gets it, who may list it, what it
carries, and that clients which do not ask for the type never meet it."""

from __future__ import annotations

from models.accounts import Account
from models.notifications import Notification
from schema.context import RequestContext
from schema.services import notifications
from schema.viewer import Viewer
from tests.reports.conftest import file_report

WITH_REPORTS = "/api/v1/notifications?include_types[]=pleroma:report"


async def _report(aw):
    secret = await aw.post("alice", "followers only", visibility="private")
    return secret, await file_report(
        aw, "bob", "alice", status_ids=[secret["id"]], comment="not ok"
    )


async def test_admins_list_it_when_they_ask_for_the_type(aw):
    secret, report = await _report(aw)
    assert await aw.call("GET", "/api/v1/notifications", "root") == []
    [note] = await aw.call("GET", WITH_REPORTS, "root")
    assert (note["type"], note["account"]["id"]) == ("pleroma:report", aw.id("bob"))
    assert "status" not in note
    assert note["report"]["id"] == report["id"]
    assert note["report"]["content"] == "not ok"
    assert [s["id"] for s in note["report"]["statuses"]] == [secret["id"]]
    assert note["pleroma"] == {"is_seen": False, "is_muted": False}
    same = await aw.call("GET", "/api/v1/notifications?types[]=pleroma:report", "root")
    assert [n["id"] for n in same] == [note["id"]]
    shown = await aw.call("GET", f"/api/v1/notifications/{note['id']}", "root")
    assert shown["report"] == note["report"]
    # excluding other types does not bring it in
    assert await aw.call("GET", "/api/v1/notifications?exclude_types[]=follow", "root") == []


async def test_moderators_get_it_without_the_statuses(aw):
    await _report(aw)
    [note] = await aw.call("GET", WITH_REPORTS, "mod")
    assert note["report"]["statuses"] == []
    assert note["report"]["account"]["id"] == aw.id("alice")


async def test_users_never_see_reports(aw):
    await _report(aw)
    for who in ("alice", "bob", "carol", "eve"):
        assert await aw.call("GET", WITH_REPORTS, who) == []
    assert await Notification.filter(account_id__in=[aw.id("alice"), aw.id("bob")]).count() == 0
    # an admin who loses the role loses the notification with it
    [note] = await aw.call("GET", WITH_REPORTS, "root")
    await Account.filter(id=aw.id("root")).update(is_admin=False)
    assert await aw.call("GET", WITH_REPORTS, "root") == []
    assert await aw.call("GET", f"/api/v1/notifications/{note['id']}", "root", expect=403) == {
        "error": "Cannot get notification"
    }


async def test_the_stream_delivers_it_to_staff_only(aw):
    await _report(aw)
    row = await Notification.get(account_id=aw.id("root"))
    root = await Account.get(id=aw.id("root"))
    ctx = RequestContext(policy=None, viewer=Viewer(account=root, via="token"))
    assert (await notifications.streamed_notification(ctx, row.id)).id == row.id
    root.is_admin = False
    assert await notifications.streamed_notification(ctx, row.id) is None


async def test_the_reporter_is_not_told_about_their_own_report(aw):
    await file_report(aw, "root", "alice")
    assert await aw.call("GET", WITH_REPORTS, "root") == []
    [note] = await aw.call("GET", WITH_REPORTS, "mod")
    assert note["account"]["id"] == aw.id("root")
