"""The markers service without HTTP: the row upsert, racing creators, the unseen count
shared with ``own_counts``, and refusals raised before anything is written."""

from __future__ import annotations

import asyncio

import pytest

from models.markers import Marker
from models.notifications import Notification
from schema.errors import DomainError
from schema.services import marker_store, markers
from schema.services.own_counts import own_counts, unseen_notifications
from tests.world import make_world


@pytest.fixture
async def world(db, policy):
    return await make_world(policy)


async def test_upsert_creates_moves_and_ignores_the_same_position(world):
    bob = world.bob.id
    await marker_store.upsert(bob, "home", "A")
    row = await Marker.get(account_id=bob, timeline="home")
    assert (row.last_read_id, row.version) == ("A", 0)
    await marker_store.upsert(bob, "home", "A")
    same = await Marker.get(account_id=bob, timeline="home")
    assert (same.version, same.updated_at) == (0, row.updated_at)
    await marker_store.upsert(bob, "home", "B")
    moved = await Marker.get(account_id=bob, timeline="home")
    assert (moved.last_read_id, moved.version) == ("B", 1)
    assert moved.updated_at >= row.updated_at
    assert await Marker.filter(account_id=bob).count() == 1


async def test_racing_creators_leave_one_row(world):
    bob = world.bob.id
    await asyncio.gather(*(marker_store.upsert(bob, "home", f"id{i}") for i in range(5)))
    rows = await Marker.filter(account_id=bob, timeline="home")
    assert len(rows) == 1
    # every save after the first moved it
    assert rows[0].version == 4


async def test_unseen_count_is_the_one_own_counts_gives(world):
    bob = world.bob.id
    for seen in (False, False, True):
        await Notification.create(account_id=bob, actor_id=world.alice.id, type="follow", seen=seen)
    await Notification.create(account_id=world.alice.id, actor_id=bob, type="follow")
    assert await unseen_notifications(bob) == 2
    assert (await own_counts(bob)).unread_notifications == 2
    assert await unseen_notifications(world.eve.id) == 0


async def test_refusals_write_nothing(world):
    ctx = world.ctx(world.bob)
    note = await Notification.create(
        account_id=world.bob.id, actor_id=world.alice.id, type="follow"
    )
    with pytest.raises(DomainError) as error:
        await markers.save_markers(ctx, {"notifications": note.id, "home": ""})
    assert (error.value.status, error.value.message) == (
        422,
        "Validation failed: Last read can't be blank",
    )
    with pytest.raises(DomainError) as error:
        await markers.save_markers(world.ctx(world.bob, frozenset({"read"})), {"home": "1"})
    assert (error.value.status, error.value.message) == (
        403,
        "Insufficient permissions: write:statuses.",
    )
    with pytest.raises(DomainError) as error:
        await markers.get_markers(world.ctx(None), ["home"])
    assert error.value.status == 403
    assert await Marker.all().count() == 0
    assert (await Notification.get(id=note.id)).seen is False
