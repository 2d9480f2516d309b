"""Interaction services without HTTP: exact counters under concurrency, events, hydration."""

from __future__ import annotations

import asyncio

import pytest

from models.interactions import Favourite
from models.statuses import Status
from schema.errors import DomainError
from schema.services import events, interactions, statuses
from schema.services.accounts import create_local_account
from schema.services.pagination import PageRequest
from schema.services.status_views import hydrate
from schema.services.statuses import StatusInput
from tests.querycount import count_queries
from tests.world import make_world


@pytest.fixture
async def world(db, policy):
    return await make_world(policy)


async def crowd(policy, n: int) -> list:
    return [
        await create_local_account(
            policy, nickname=f"fan{i}", email=f"fan{i}@example.org", password="fan-password-1"
        )
        for i in range(n)
    ]


@pytest.fixture
def recorded():
    seen: list[events.Event] = []

    async def record(event: events.Event) -> None:
        seen.append(event)

    kinds = ("status.favourited", "status.reblogged", "status.unreblogged")
    for kind in kinds:
        events.subscribe(kind, record)
    yield seen
    for kind in kinds:
        events.unsubscribe(kind, record)


async def test_concurrent_favourites_by_ten_accounts_are_counted_exactly(world, policy):
    status = await statuses.create_status(world.ctx(world.alice), StatusInput(text="hot"))
    fans = await crowd(policy, 10)
    await asyncio.gather(*(interactions.favourite(world.ctx(f), status.id) for f in fans))
    assert (await Status.get(id=status.id)).favourites_count == 10
    assert await Favourite.filter(status_id=status.id).count() == 10
    # the same ten again, concurrently: nothing changes
    await asyncio.gather(*(interactions.favourite(world.ctx(f), status.id) for f in fans))
    assert (await Status.get(id=status.id)).favourites_count == 10
    await asyncio.gather(*(interactions.unfavourite(world.ctx(f), status.id) for f in fans[:4]))
    assert (await Status.get(id=status.id)).favourites_count == 6


async def test_concurrent_duplicate_favourites_count_once(world, recorded):
    status = await statuses.create_status(world.ctx(world.alice), StatusInput(text="one"))
    bob = world.ctx(world.bob)
    await asyncio.gather(*(interactions.favourite(bob, status.id) for _ in range(8)))
    assert (await Status.get(id=status.id)).favourites_count == 1
    assert [(e.kind, e.actor_id, e.target_id) for e in recorded] == [
        ("status.favourited", world.bob.id, world.alice.id)
    ]


async def test_concurrent_reblogs_make_one_wrapper_each(world, policy, recorded):
    status = await statuses.create_status(world.ctx(world.alice), StatusInput(text="share"))
    fans = await crowd(policy, 10)
    await asyncio.gather(
        *(interactions.reblog(world.ctx(f), status.id) for f in fans for _ in range(2))
    )
    assert (await Status.get(id=status.id)).reblogs_count == 10
    assert await Status.filter(reblog_of_id=status.id).count() == 10
    reblogged = [e for e in recorded if e.kind == "status.reblogged"]
    assert len(reblogged) == 10 and {e.target_id for e in reblogged} == {world.alice.id}
    await asyncio.gather(*(interactions.unreblog(world.ctx(f), status.id) for f in fans[:3]))
    assert (await Status.get(id=status.id)).reblogs_count == 7


async def test_favourited_by_pages_by_favourite_id(world, policy):
    status = await statuses.create_status(world.ctx(world.alice), StatusInput(text="page"))
    fans = await crowd(policy, 5)
    for fan in fans:
        await interactions.favourite(world.ctx(fan), status.id)
    first = await interactions.favourited_by(world.ctx(), status.id, PageRequest(limit=2))
    assert [e.account.nickname for e in first] == ["fan4", "fan3"]
    second = await interactions.favourited_by(
        world.ctx(), status.id, PageRequest(max_id=first[-1].cursor, limit=2)
    )
    assert [e.account.nickname for e in second] == ["fan2", "fan1"]
    newer = await interactions.favourited_by(
        world.ctx(), status.id, PageRequest(min_id=second[0].cursor, limit=2)
    )
    assert [e.account.nickname for e in newer] == ["fan4", "fan3"]


async def test_hidden_status_cannot_be_acted_on(world):
    dm = await statuses.create_status(
        world.ctx(world.alice), StatusInput(text="@carol hi", visibility="direct")
    )
    for action in (interactions.favourite, interactions.reblog, interactions.bookmark,
                   interactions.mute_thread, interactions.pin):
        with pytest.raises(DomainError) as caught:
            await action(world.ctx(world.eve), dm.id)
        assert caught.value.status == 404
    assert (await Status.get(id=dm.id)).favourites_count == 0


async def test_hydrate_costs_the_same_queries_for_1_and_40_statuses(world):
    alice, bob = world.ctx(world.alice), world.ctx(world.bob)
    rows = []
    for i in range(40):
        status = await statuses.create_status(
            alice, StatusInput(text=f"@bob @carol #tag{i} post {i}")
        )
        if i % 3 == 0:
            status = await interactions.reblog(bob, status.id)
        if i % 4 == 0:
            reply = await statuses.create_status(
                bob, StatusInput(text="re", in_reply_to_id=status.reblog_of_id or status.id)
            )
            rows.append(reply)
        await interactions.favourite(bob, status.reblog_of_id or status.id)
        rows.append(status)
    rows = rows[:40]

    with count_queries() as one:
        [single] = await hydrate(world.ctx(world.bob), rows[:1])
    assert single.status.id == rows[0].id
    with count_queries() as many:
        views = await hydrate(world.ctx(world.bob), rows)
    assert len(views) == 40
    assert many.count <= 8
    assert many.count <= one.count + 2  # originals and parents appear only with reblogs/replies
    # the views are complete
    assert all(v.favourited for v in views if v.status.in_reply_to_id is None)
    assert not any(v.favourited for v in views if v.status.in_reply_to_id is not None)
    wrapped = [v for v in views if v.reblog is not None]
    assert wrapped and all(v.reblogged and v.reblog.account.nickname == "alice" for v in wrapped)
    assert all(
        [a.nickname for a in v.mentions] == ["bob", "carol"] for v in views if v.reblog is None
        and v.account.nickname == "alice"
    )
    replies = [v for v in views if v.status.in_reply_to_id]
    assert replies and all(v.in_reply_to_account.nickname == "alice" for v in replies)
