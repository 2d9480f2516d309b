"""The admin statuses services without HTTP: what a scope change moves, what the lists
hold, the moderation log entries and their transactions, and who may call."""

from __future__ import annotations

import pytest

from models.conversations import Participation
from models.moderation import ModerationLogEntry
from models.relationships import Block
from models.statuses import Status
from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import admin_statuses, events, interactions, status_scope, statuses
from schema.services.admin_statuses import StatusListing
from schema.services.statuses import StatusInput
from schema.viewer import ADMIN_TOKEN_VIEWER, Viewer
from tests.world import make_world

ADMIN_SCOPES = frozenset({"read", "write", "admin"})


@pytest.fixture
async def world(db, policy):
    world = await make_world(policy)
    world.alice.is_admin = True
    await world.alice.save(update_fields=["is_admin"])
    return world


def admin(world) -> RequestContext:
    return world.ctx(world.alice, ADMIN_SCOPES)


async def post(world, who, text, visibility="public", reply_to=None) -> Status:
    data = StatusInput(text=text, visibility=visibility, in_reply_to_id=reply_to)
    return await statuses.create_status(world.ctx(who), data)


@pytest.fixture
def heard():
    """Every ``status.unreblogged`` event emitted during the test."""
    got: list[events.Event] = []

    async def listen(event: events.Event) -> None:
        got.append(event)

    events.subscribe("status.unreblogged", listen)
    yield got
    events.unsubscribe("status.unreblogged", listen)


async def reload(row: Status) -> Status:
    return await Status.get(id=row.id)


# --- change_scope: what follows a visibility change ----------------------------------


async def test_a_reply_counts_on_its_parent_only_while_public(world):
    root = await post(world, world.bob, "root")
    reply = await post(world, world.alice, "reply", reply_to=root.id)
    assert (await reload(root)).replies_count == 1
    await status_scope.change_scope(reply, visibility="private")
    assert (await reload(root)).replies_count == 0
    await status_scope.change_scope(reply, visibility="private")  # no change, no count
    assert (await reload(root)).replies_count == 0
    await status_scope.change_scope(reply, visibility="unlisted")
    assert (await reload(root)).replies_count == 1
    await status_scope.change_scope(reply, visibility="public")  # public to public: same
    assert (await reload(root)).replies_count == 1


async def test_turning_private_withdraws_other_peoples_reblogs(world, heard):
    status = await post(world, world.alice, "to be hidden")
    by_bob = await interactions.reblog(world.ctx(world.bob), status.id)
    by_eve = await interactions.reblog(world.ctx(world.eve), status.id)
    own = await interactions.reblog(world.ctx(world.alice), status.id)
    assert (await reload(status)).reblogs_count == 3

    after = await status_scope.change_scope(status, visibility="private")

    assert after.visibility == "private"
    assert after.reblogs_count == 1
    assert not await Status.filter(id__in=[by_bob.id, by_eve.id]).exists()
    assert (await reload(own)).visibility == "private"
    assert sorted((e.actor_id, e.data["reblog_id"]) for e in heard) == sorted(
        [(world.bob.id, by_bob.id), (world.eve.id, by_eve.id)]
    )
    assert {e.status_id for e in heard} == {status.id}
    # eve, who does not follow alice, sees neither the status nor a reblog of it
    eve = world.ctx(world.eve)
    with pytest.raises(DomainError):
        await statuses.get_visible(eve, status.id)
    # back to public: the author's own reblog stays as it is, nothing comes back
    await status_scope.change_scope(status, visibility="public")
    assert (await reload(status)).reblogs_count == 1
    assert (await reload(own)).visibility == "private"


async def test_a_reblog_racing_a_change_to_private_is_refused(world, monkeypatch, heard):
    """The rule is checked again on the row read inside the reblog's transaction."""
    status = await post(world, world.alice, "about to be hidden")
    seen = interactions._original

    async def then_hidden(ctx, status_id):
        stale = await seen(ctx, status_id)
        await status_scope.change_scope(await reload(stale), visibility="private")
        return stale  # still says public

    monkeypatch.setattr(interactions, "_original", then_hidden)
    with pytest.raises(DomainError) as refused:
        await interactions.reblog(world.ctx(world.bob), status.id)
    assert refused.value.message == "Could not repeat"
    assert not await Status.filter(reblog_of_id=status.id).exists()
    assert (await reload(status)).reblogs_count == 0


async def test_unlisted_keeps_the_reblogs(world, heard):
    status = await post(world, world.alice, "quieter")
    reblog = await interactions.reblog(world.ctx(world.bob), status.id)
    await status_scope.change_scope(status, visibility="unlisted")
    assert (await reload(reblog)).visibility == "public"
    assert (await reload(status)).reblogs_count == 1
    assert heard == []


async def test_a_direct_status_leaving_direct_gives_up_its_conversation_place(world):
    first = await post(world, world.alice, "@bob first", visibility="direct")
    second = await post(world, world.bob, "@alice second", visibility="direct",
                        reply_to=first.id)
    rows = await Participation.filter(conversation_id=first.conversation_id)
    assert {p.last_activity_id for p in rows} == {second.id}

    await status_scope.change_scope(second, visibility="private")

    rows = await Participation.filter(conversation_id=first.conversation_id)
    assert {p.last_activity_id for p in rows} == {first.id}


async def test_deleting_a_direct_status_gives_up_its_conversation_place_too(world):
    first = await post(world, world.alice, "@bob first", visibility="direct")
    second = await post(world, world.bob, "@alice second", visibility="direct",
                        reply_to=first.id)
    assert await statuses.remove_status(second)
    rows = await Participation.filter(conversation_id=first.conversation_id)
    assert {p.last_activity_id for p in rows} == {first.id}


@pytest.mark.parametrize("visibility", ["direct", "local", "Public", "", "bogus"])
async def test_other_visibilities_are_unsupported(world, visibility):
    status = await post(world, world.alice, "x")
    with pytest.raises(DomainError) as caught:
        await status_scope.change_scope(status, visibility=visibility)
    assert (caught.value.status, caught.value.message) == (400, "Unsupported visibility")
    assert (await reload(status)).visibility == "public"


async def test_sensitive_alone_touches_nothing_else(world, heard):
    status = await post(world, world.alice, "nsfw")
    await interactions.reblog(world.ctx(world.bob), status.id)
    after = await status_scope.change_scope(status, sensitive=True)
    assert (after.sensitive, after.visibility, after.reblogs_count) == (True, "public", 1)
    assert heard == []


async def test_a_failing_step_inside_leaves_the_status_as_it_was(world, heard):
    status = await post(world, world.alice, "stays public")
    reblog = await interactions.reblog(world.ctx(world.bob), status.id)

    async def fail() -> None:
        raise RuntimeError("log write failed")

    with pytest.raises(RuntimeError):
        await status_scope.change_scope(status, visibility="private", sensitive=True, within=fail)
    row = await reload(status)
    assert (row.visibility, row.sensitive, row.reblogs_count) == ("public", False, 1)
    assert await Status.filter(id=reblog.id).exists()
    assert heard == []


# --- the admin services ----------------------------------------------------------------


async def test_update_writes_the_log_entry_with_the_change(world):
    status = await post(world, world.bob, "bob's")
    row = await admin_statuses.update_status(admin(world), status.id, visibility="unlisted")
    assert row.visibility == "unlisted"
    [entry] = await ModerationLogEntry.all()
    assert entry.action == "status_update"
    assert entry.actor_id == world.alice.id
    assert entry.message == f"@alice updated status #{status.id}, set visibility: 'unlisted'"
    assert entry.data["subject"] == {"type": "status", "id": status.id}


async def test_update_refusals_write_no_log_entry(world):
    status = await post(world, world.bob, "bob's")
    reblog = await interactions.reblog(world.ctx(world.alice), status.id)
    for status_id, kw, code, message in (
        (status.id, {"visibility": "direct"}, 400, "Unsupported visibility"),
        ("missing", {"sensitive": True}, 404, "Not found"),
        (reblog.id, {"sensitive": True}, 404, "Not found"),
    ):
        with pytest.raises(DomainError) as caught:
            await admin_statuses.update_status(admin(world), status_id, **kw)
        assert (caught.value.status, caught.value.message) == (code, message)
    assert await ModerationLogEntry.all().count() == 0


async def test_delete_goes_through_the_status_removal_and_logs(world):
    root = await post(world, world.bob, "root")
    reply = await post(world, world.bob, "reply", reply_to=root.id)
    bob_before = (await reload(root)).replies_count
    gone = await admin_statuses.delete_status(admin(world), reply.id)
    assert gone.id == reply.id
    assert not await Status.filter(id=reply.id).exists()
    assert (await reload(root)).replies_count == bob_before - 1
    await world.bob.refresh_from_db()
    assert world.bob.statuses_count == 1
    [entry] = await ModerationLogEntry.all()
    assert entry.message == f"@alice deleted status #{reply.id}"
    assert entry.data["subject_id"] == reply.id
    with pytest.raises(DomainError) as caught:
        await admin_statuses.delete_status(admin(world), reply.id)
    assert (caught.value.status, caught.value.message) == (404, "Not found")
    assert await ModerationLogEntry.all().count() == 1


async def test_the_admin_token_acts_without_an_account(world):
    status = await post(world, world.bob, "x")
    ctx = RequestContext(policy=world.policy, viewer=ADMIN_TOKEN_VIEWER)
    await admin_statuses.delete_status(ctx, status.id)
    [entry] = await ModerationLogEntry.all()
    assert (entry.actor_id, entry.message) == (None, f"@admin_token deleted status #{status.id}")


async def test_lists_hold_what_pleroma_shows(world):
    await Block.create(account_id=world.alice.id, target_id=world.eve.id)
    public = await post(world, world.bob, "public")
    unlisted = await post(world, world.bob, "unlisted", visibility="unlisted")
    private = await post(world, world.bob, "private", visibility="private")
    direct = await post(world, world.bob, "@carol direct", visibility="direct")
    blocked = await post(world, world.eve, "eve, blocked by the admin")
    reblog = await interactions.reblog(world.ctx(world.carol), public.id)
    ctx = admin(world)

    async def ids(**kw) -> list[str]:
        return [s.id for s in await admin_statuses.list_statuses(ctx, StatusListing(**kw))]

    assert await ids() == [blocked.id, unlisted.id, public.id]
    assert await ids(godmode=True) == [blocked.id, direct.id, private.id, unlisted.id, public.id]
    assert await ids(with_reblogs=True) == [reblog.id, blocked.id, unlisted.id, public.id]
    assert await ids(page=2, page_size=2) == [public.id]
    assert await ids(page=3, page_size=2) == []

    page = await admin_statuses.account_statuses(ctx, "bob", StatusListing(godmode=True))
    assert (page.total, [s.id for s in page.statuses]) == (
        4, [direct.id, private.id, unlisted.id, public.id]
    )
    page = await admin_statuses.account_statuses(
        ctx, world.carol.id, StatusListing(with_reblogs=True)
    )
    assert (page.total, [s.id for s in page.statuses]) == (1, [reblog.id])
    page = await admin_statuses.instance_statuses(ctx, "PLENUM.example", StatusListing())
    assert page.total == 3
    page = await admin_statuses.instance_statuses(ctx, "elsewhere.example", StatusListing())
    assert (page.total, page.statuses) == (0, [])
    with pytest.raises(DomainError) as caught:
        await admin_statuses.account_statuses(ctx, "nobody", StatusListing())
    assert (caught.value.status, caught.value.message) == (404, "Not found")


async def test_page_size_is_capped(world):
    assert StatusListing(page=3, page_size=10_000).bounds() == (200, 100)
    assert StatusListing(page=0, page_size=0).bounds() == (0, 1)


@pytest.mark.parametrize(
    ("viewer", "message"),
    [
        (Viewer(), "Invalid credentials."),
        ("bob", "User is not an admin or OAuth admin scope is not granted."),
        ("alice-read", "User is not an admin or OAuth admin scope is not granted."),
    ],
)
async def test_only_admins_with_the_scope_may(world, viewer, message):
    status = await post(world, world.bob, "x")
    if viewer == "bob":
        ctx = world.ctx(world.bob, ADMIN_SCOPES)
    elif viewer == "alice-read":
        ctx = world.ctx(world.alice, frozenset({"read", "write", "admin:read"}))
    else:
        ctx = RequestContext(policy=world.policy, viewer=viewer)
    with pytest.raises(DomainError) as caught:
        await admin_statuses.delete_status(ctx, status.id)
    assert (caught.value.status, caught.value.message) == (403, message)
    assert await Status.filter(id=status.id).exists()
