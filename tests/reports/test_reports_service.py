"""The reports service without HTTP: what a reporter may attach, the checks, the staff
notification, the admins' state changes and notes with their log entries (in the same
transaction), and a page's statement count."""

from __future__ import annotations

import pytest

from models.moderation import ModerationLogEntry, Report, ReportNote, ReportStatus
from models.notifications import Notification
from models.relationships import Block
from schema.errors import DomainError
from schema.services import moderation_log, notifications, reports, statuses
from schema.services.accounts import create_local_account
from schema.services.statuses import StatusInput
from schema.viewer import ADMIN_TOKEN_VIEWER, Viewer
from tests.querycount import count_queries
from tests.world import make_world

ADMIN_SCOPES = frozenset({"read", "write", "admin"})


@pytest.fixture
async def world(db, policy):
    notifications.install()
    world = await make_world(policy)
    world.root = await create_local_account(
        policy, nickname="root", email="root@example.org", password="pw-123456", is_admin=True
    )
    return world


def admin_ctx(world, scopes=ADMIN_SCOPES):
    return world.ctx(world.root, scopes=scopes)


async def post(world, who, text, visibility="public"):
    return await statuses.create_status(
        world.ctx(who), StatusInput(text=text, visibility=visibility)
    )


async def expect_error(coro, status, message):
    with pytest.raises(DomainError) as info:
        await coro
    assert (info.value.status, info.value.message) == (status, message)
    return info.value


async def test_a_report_keeps_what_was_sent_and_tells_the_staff(world):
    first = await post(world, world.alice, "one")
    second = await post(world, world.alice, "two")
    filed = await reports.create_report(
        world.ctx(world.bob),
        account_id=world.alice.id,
        status_ids=[second.id, first.id, second.id],
        comment="spam\nand more",
        forward=True,
        category="spam",
    )
    row = await Report.get(id=filed.report.id)
    assert (row.reporter_id, row.target_id, row.state) == (world.bob.id, world.alice.id, "open")
    assert (row.content, row.category, row.forward, row.rule_ids) == (
        "spam\nand more", "spam", True, []
    )
    links = await ReportStatus.filter(report_id=row.id).order_by("id").values_list(
        "status_id", flat=True
    )
    assert list(links) == [second.id, first.id]
    assert filed.status_ids == [second.id, first.id]
    # the admin (not bob, not alice) got the staff notification
    notes = await Notification.filter(type="pleroma:report")
    assert [(n.account_id, n.actor_id, n.report_id) for n in notes] == [
        (world.root.id, world.bob.id, row.id)
    ]


async def test_the_category_defaults_to_other_and_unknown_ones_are_refused(world):
    filed = await reports.create_report(world.ctx(world.bob), account_id=world.alice.id)
    assert filed.report.category == "other" and filed.report.content == ""
    await expect_error(
        reports.create_report(world.ctx(world.bob), account_id=world.alice.id, category="rude"),
        422,
        reports.INVALID_CATEGORY,
    )
    # the instance has no rules, so no rule id is one of them
    await expect_error(
        reports.create_report(world.ctx(world.bob), account_id=world.alice.id, rule_ids=["1"]),
        422,
        reports.INVALID_RULES,
    )
    assert await Report.all().count() == 1


async def test_unknown_and_hidden_accounts_look_alike(world):
    world.eve.is_active = False
    await world.eve.save(update_fields=["is_active"])
    for ref in ("000000000000000000", world.eve.id, "x" * 300):
        await expect_error(
            reports.create_report(world.ctx(world.bob), account_id=ref),
            404,
            reports.ACCOUNT_NOT_FOUND,
        )
    await expect_error(
        reports.create_report(world.ctx(world.bob), account_id=""),
        400,
        "Missing field: account_id.",
    )
    assert await Report.all().count() == 0


async def test_the_comment_is_at_most_1000_characters(world):
    filed = await reports.create_report(
        world.ctx(world.bob), account_id=world.alice.id, comment="a" * 1000
    )
    assert len(filed.report.content) == 1000
    await expect_error(
        reports.create_report(world.ctx(world.bob), account_id=world.alice.id, comment="a" * 1001),
        400,
        "Comment must be up to 1000 characters",
    )
    assert await Report.all().count() == 1


async def test_only_statuses_of_the_account_the_reporter_can_see(world):
    public = await post(world, world.alice, "public")
    private = await post(world, world.alice, "followers only", "private")
    direct = await post(world, world.alice, "@carol just you", "direct")
    of_carol = await post(world, world.carol, "carol's")
    reblog = await statuses_reblog(world, world.alice, of_carol)
    # eve follows nobody: alice's private and direct statuses are hidden from her, and so
    # are statuses of another account, reblogs and unknown ids; all answer alike
    for hidden in (private.id, direct.id, of_carol.id, reblog.id, "000000000000000000"):
        await expect_error(
            reports.create_report(
                world.ctx(world.eve), account_id=world.alice.id, status_ids=[public.id, hidden]
            ),
            404,
            "Record not found",
        )
    assert await Report.all().count() == 0
    # bob follows alice: he may attach her private status; carol was addressed
    await reports.create_report(
        world.ctx(world.bob), account_id=world.alice.id, status_ids=[private.id]
    )
    await reports.create_report(
        world.ctx(world.carol), account_id=world.alice.id, status_ids=[direct.id]
    )
    assert await ReportStatus.all().count() == 2


async def statuses_reblog(world, who, status):
    from schema.services import interactions

    return await interactions.reblog(world.ctx(who), status.id)


async def test_blocking_the_reported_account_does_not_stop_a_report(world):
    public = await post(world, world.alice, "rude")
    await Block.create(account_id=world.eve.id, target_id=world.alice.id)
    await reports.create_report(
        world.ctx(world.eve), account_id=world.alice.id, status_ids=[public.id]
    )
    # but an author who blocks the reporter hides even public statuses from the report
    await Block.create(account_id=world.alice.id, target_id=world.bob.id)
    await expect_error(
        reports.create_report(
            world.ctx(world.bob), account_id=world.alice.id, status_ids=[public.id]
        ),
        404,
        "Record not found",
    )


async def test_filing_needs_the_write_reports_scope(world):
    ctx = world.ctx(world.bob, scopes=frozenset({"read"}))
    await expect_error(
        reports.create_report(ctx, account_id=world.alice.id),
        403,
        "Insufficient permissions: write:reports.",
    )
    ctx = world.ctx(world.bob, scopes=frozenset({"write:reports"}))
    await reports.create_report(ctx, account_id=world.alice.id)


async def _two_reports(world):
    status = await post(world, world.alice, "bad")
    first = await reports.create_report(
        world.ctx(world.bob), account_id=world.alice.id, status_ids=[status.id]
    )
    second = await reports.create_report(world.ctx(world.eve), account_id=world.carol.id)
    return first.report, second.report


async def test_updates_are_applied_item_by_item_with_their_log_entries(world):
    first, second = await _two_reports(world)
    result = await reports.update_states(
        admin_ctx(world),
        [
            {"id": first.id, "state": "resolved"},
            {"id": "nope", "state": "closed"},
            {"id": second.id, "state": "maybe"},
            {"state": "closed"},
        ],
    )
    assert [r.id for r in result.updated] == [first.id]
    assert [(f.id, f.error) for f in result.failures] == [
        ("nope", "not_found"),
        (second.id, "Unsupported state"),
        (None, "not_found"),
    ]
    assert (await Report.get(id=first.id)).state == "resolved"
    assert (await Report.get(id=second.id)).state == "open"
    entry = await ModerationLogEntry.get(action="report_update")
    assert entry.message == (
        f"@root updated report #{first.id} (on user @alice) with 'resolved' state"
    )
    assert entry.data["subject"] == {"type": "report", "id": first.id, "state": "resolved"}
    assert entry.data["subject_actor"]["nickname"] == "alice"


async def test_a_failing_log_entry_undoes_the_change(world, monkeypatch):
    first, _ = await _two_reports(world)

    async def broken(*args, **kwargs):
        raise RuntimeError("log is down")

    monkeypatch.setattr(moderation_log, "record", broken)
    with pytest.raises(RuntimeError):
        await reports.update_states(admin_ctx(world), [{"id": first.id, "state": "closed"}])
    assert (await Report.get(id=first.id)).state == "open"
    with pytest.raises(RuntimeError):
        await reports.create_note(admin_ctx(world), first.id, "a note")
    assert await ReportNote.all().count() == 0


async def test_notes_with_their_log_entries(world):
    first, second = await _two_reports(world)
    note = await reports.create_note(admin_ctx(world), first.id, "looked at it")
    assert (note.author_id, note.content) == (world.root.id, "looked at it")
    entry = await ModerationLogEntry.get(action="report_note")
    assert entry.message == f"@root added note 'looked at it' to report #{first.id} on user @alice"
    # a note of another report, an unknown note, an unknown report: 404
    for report_id, note_id in ((second.id, note.id), (first.id, "nope"), ("nope", note.id)):
        await expect_error(
            reports.delete_note(admin_ctx(world), report_id, note_id), 404, "Not found"
        )
    await reports.delete_note(admin_ctx(world), first.id, note.id)
    assert await ReportNote.all().count() == 0
    entry = await ModerationLogEntry.get(action="report_note_delete")
    assert entry.message == (
        f"@root deleted note 'looked at it' from report #{first.id} on user @alice"
    )
    await expect_error(reports.create_note(admin_ctx(world), first.id, "  "), 400,
                       "Missing field: content.")
    await expect_error(reports.create_note(admin_ctx(world), "nope", "x"), 404, "Not found")


async def test_the_admin_token_acts_without_an_account(world, policy):
    first, _ = await _two_reports(world)
    from schema.context import RequestContext

    ctx = RequestContext(policy=policy, viewer=ADMIN_TOKEN_VIEWER)
    note = await reports.create_note(ctx, first.id, "by token")
    assert note.author_id is None
    entry = await ModerationLogEntry.get(action="report_note")
    assert entry.actor_id is None and entry.message.startswith("@admin_token added note")
    view = await reports.get_report(ctx, first.id)
    assert [n.author for n in view.notes] == [None]


async def test_only_admins_with_the_scope_read_or_act(world):
    first, _ = await _two_reports(world)
    world.carol.is_moderator = True
    refused = [
        world.ctx(world.bob),
        world.ctx(world.carol),
        admin_ctx(world, frozenset({"read", "write"})),
        admin_ctx(world, frozenset({"admin:write"})),
    ]
    for ctx in refused:
        with pytest.raises(DomainError):
            await reports.list_reports(ctx)
        with pytest.raises(DomainError):
            await reports.get_report(ctx, first.id)
    with pytest.raises(DomainError) as info:
        await reports.update_states(
            admin_ctx(world, frozenset({"admin:read"})), [{"id": first.id, "state": "closed"}]
        )
    assert info.value.status == 403
    assert await reports.reports_by_ids(world.ctx(world.bob), [first.id]) == []
    page = await reports.list_reports(admin_ctx(world, frozenset({"admin:read:reports"})))
    assert page.total == 2


async def test_list_filters_pages_and_shows_private_statuses_to_admins(world):
    private = await post(world, world.alice, "for followers", "private")
    mine = await reports.create_report(
        world.ctx(world.bob), account_id=world.alice.id, status_ids=[private.id]
    )
    for _ in range(3):
        await reports.create_report(world.ctx(world.eve), account_id=world.carol.id)
    await reports.update_states(admin_ctx(world), [{"id": mine.report.id, "state": "closed"}])
    page = await reports.list_reports(admin_ctx(world), state="closed")
    assert page.total == 1
    [view] = page.views
    assert [s.status.content for s in view.statuses] == [private.content]
    assert (view.account.id, view.actor.id) == (world.alice.id, world.bob.id)
    page = await reports.list_reports(admin_ctx(world), page=2, page_size=2)
    assert page.total == 4 and len(page.views) == 2
    everything = await reports.list_reports(admin_ctx(world))
    assert [v.id for v in everything.views] == sorted(
        (v.id for v in everything.views), reverse=True
    )
    await expect_error(
        reports.list_reports(admin_ctx(world), state="done"),
        400,
        "state - Invalid value for enum.",
    )


async def test_a_page_costs_the_same_whatever_its_length(world):
    async def cost(n):
        await Report.all().delete()
        for i in range(n):
            status = await post(world, world.alice, f"bad {n} {i}")
            filed = await reports.create_report(
                world.ctx(world.bob if i % 2 else world.eve),
                account_id=world.alice.id,
                status_ids=[status.id],
                comment=f"report {i}",
            )
            await reports.create_note(admin_ctx(world), filed.report.id, f"note {i}")
        with count_queries() as queries:
            page = await reports.list_reports(admin_ctx(world))
        assert len(page.views) == n
        assert all(len(v.statuses) == 1 and len(v.notes) == 1 for v in page.views)
        return queries.count

    one = await cost(1)
    assert await cost(6) == one
    assert one <= 10


async def test_a_deleted_status_drops_out_of_its_report(world):
    status = await post(world, world.alice, "soon gone")
    filed = await reports.create_report(
        world.ctx(world.bob), account_id=world.alice.id, status_ids=[status.id]
    )
    await statuses.delete_status(world.ctx(world.alice), status.id)
    view = await reports.get_report(admin_ctx(world), filed.report.id)
    assert view.statuses == []


async def test_grouped_by_status_newest_first(world):
    one = await post(world, world.alice, "one")
    two = await post(world, world.alice, "two")
    a = await reports.create_report(
        world.ctx(world.bob), account_id=world.alice.id, status_ids=[one.id]
    )
    b = await reports.create_report(
        world.ctx(world.eve), account_id=world.alice.id, status_ids=[one.id, two.id]
    )
    c = await reports.create_report(
        world.ctx(world.bob), account_id=world.alice.id, status_ids=[one.id]
    )
    groups = await reports.grouped_reports(admin_ctx(world))
    assert [g.status.id for g in groups] == [one.id, two.id]
    assert [v.id for v in groups[0].reports] == [c.report.id, b.report.id, a.report.id]
    assert [a.nickname for a in groups[0].actors] == ["bob", "eve"]
    assert groups[0].date == c.report.created_at
    assert [v.id for v in groups[1].reports] == [b.report.id]


async def test_staff_are_notified_but_not_the_reporter_nor_users(world):
    world.carol.is_moderator = True
    await world.carol.save(update_fields=["is_moderator"])
    await reports.create_report(world.ctx(world.root), account_id=world.alice.id)
    await reports.create_report(world.ctx(world.bob), account_id=world.alice.id)
    received = sorted(
        (n.account_id, n.actor_id)
        for n in await Notification.filter(type="pleroma:report")
    )
    assert received == sorted(
        [(world.carol.id, world.root.id), (world.root.id, world.bob.id),
         (world.carol.id, world.bob.id)]
    )


def test_staff_means_admins_and_moderators():
    assert reports.is_staff(Viewer(account=None).account) is False
    row = type("Row", (), {"is_admin": False, "is_moderator": True})()
    assert reports.is_staff(row)
