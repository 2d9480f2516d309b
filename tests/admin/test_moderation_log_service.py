"""The moderation log service without HTTP: what an entry holds, the sentences Pleroma
shows for each action, and the filters and pages of the listing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models.moderation import ModerationLogEntry
from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import moderation_log
from schema.viewer import ADMIN_TOKEN_VIEWER
from tests.world import make_world


@pytest.fixture
async def world(db, policy):
    return await make_world(policy)


async def test_an_entry_keeps_the_actor_subjects_and_message(world):
    ctx = world.ctx(world.alice)
    entry = await moderation_log.record(ctx, "deactivate", subject=[world.bob, world.carol])
    row = await ModerationLogEntry.get(id=entry.id)
    assert row.actor_id == world.alice.id
    assert row.actor_nickname == "alice"
    assert row.message == "@alice deactivated users: @bob, @carol"
    assert row.data["actor"] == {"id": world.alice.id, "nickname": "alice", "type": "user"}
    assert row.data["subject"][1] == {"id": world.carol.id, "nickname": "carol", "type": "user"}
    assert row.data["message"] == row.message


async def test_the_admin_token_is_logged_without_an_account(world):
    ctx = RequestContext(policy=world.policy, viewer=ADMIN_TOKEN_VIEWER)
    entry = await moderation_log.record(ctx, "delete", subject=[world.eve])
    assert entry.actor_id is None
    assert entry.message == "@admin_token deleted users: @eve"


@pytest.mark.parametrize(
    ("action", "fields", "message"),
    [
        ("tag", {"nicknames": ["bob", "eve"], "tags": ["x", "y"]},
         "@alice added tags: x, y to users: @bob, @eve"),
        ("untag", {"nicknames": ["bob"], "tags": ["x"]},
         "@alice removed tags: x from users: @bob"),
        ("grant", {"permission": "moderator", "subject": "BOB"}, "@alice made @bob moderator"),
        ("revoke", {"permission": "admin", "subject": "BOB"},
         "@alice revoked admin role from @bob"),
        ("follow", {"follower": "BOB", "followed": "EVE"}, "@alice made @bob follow @eve"),
        ("report_update",
         {"subject": {"type": "report", "id": "R1", "state": "resolved"}, "subject_actor": "EVE"},
         "@alice updated report #R1 (on user @eve) with 'resolved' state"),
        ("report_note",
         {"subject": {"type": "report", "id": "R1", "state": "open"}, "text": "hi",
          "subject_actor": "EVE"},
         "@alice added note 'hi' to report #R1 on user @eve"),
        ("report_note_delete",
         {"subject": {"type": "report", "id": "R1", "state": "open"}, "text": "hi"},
         "@alice deleted note 'hi' from report #R1"),
        ("status_update",
         {"subject": {"type": "status", "id": "S1"}, "sensitive": True, "visibility": None},
         "@alice updated status #S1, set sensitive: 'true'"),
        ("status_update",
         {"subject": {"type": "status", "id": "S1"}, "sensitive": False,
          "visibility": "private"},
         "@alice updated status #S1, set sensitive: 'false', visibility: 'private'"),
        ("status_delete", {"subject_id": "S1"}, "@alice deleted status #S1"),
        ("force_password_reset", {"subject": ["BOB"]},
         "@alice forced password reset for users: @bob"),
        ("resend_confirmation_email", {"subject": ["BOB"]},
         "@alice re-sent confirmation email for users: @bob"),
        ("relay_follow", {"target": "https://relay.example/actor"},
         "@alice followed relay: https://relay.example/actor"),
    ],
)
async def test_messages_follow_pleroma(world, action, fields, message):
    names = {"BOB": world.bob, "EVE": world.eve}

    def swap(value):
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, str) and value in names:
            return names[value]
        return value

    if action == "grant" or action == "revoke":
        fields = {**fields, "subject": [names[fields["subject"]]]}
    fields = {k: swap(v) for k, v in fields.items()}
    entry = await moderation_log.record(world.ctx(world.alice), action, **fields)
    assert entry.message == message


async def test_listing_filters_and_pages(world):
    alice, bob = world.ctx(world.alice), world.ctx(world.bob)
    for n in range(3):
        await moderation_log.record(alice, "activate", subject=[world.eve], n=n)
    await moderation_log.record(bob, "approve", subject=[world.carol])
    everything = await moderation_log.entries()
    assert everything.total == 4
    assert everything.entries[0].action == "approve"  # newest first
    page2 = await moderation_log.entries(page=2, page_size=3)
    assert (page2.total, len(page2.entries)) == (4, 1)
    by_bob = await moderation_log.entries(user_id=world.bob.id)
    assert [e.actor_nickname for e in by_bob.entries] == ["bob"]
    found = await moderation_log.entries(search="APPROVED")
    assert found.total == 1
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert (await moderation_log.entries(start_date=later.isoformat())).total == 0
    assert (await moderation_log.entries(end_date=later.isoformat())).total == 4


async def test_a_bad_date_is_refused(world):
    with pytest.raises(DomainError) as raised:
        await moderation_log.entries(start_date="yesterday")
    assert raised.value.status == 400
