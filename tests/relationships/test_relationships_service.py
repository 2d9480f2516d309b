"""Relationship rules at the service level: concurrency, query counts, subscriptions."""

from __future__ import annotations

import asyncio

import pytest

from models.accounts import Account
from schema.errors import DomainError
from schema.services import events, jobs, relationships, subscriptions, user_import
from schema.services.pagination import PageRequest
from schema.services.statuses import StatusInput, create_status
from tests.querycount import count_queries


async def counts(account) -> tuple[int, int]:
    row = await Account.get(id=account.id)
    return row.followers_count, row.following_count


async def test_concurrent_follows_and_unfollows_keep_counters_exact(srv):
    followers = ["bob", "carol", "eve"]
    await asyncio.gather(
        *(relationships.follow(srv.ctx(n), srv.alice.id) for n in followers for _ in range(3))
    )
    assert await counts(srv.alice) == (3, 0)
    assert await counts(srv.bob) == (0, 1)
    await asyncio.gather(
        *(relationships.unfollow(srv.ctx(n), srv.alice.id) for n in followers for _ in range(3))
    )
    assert await counts(srv.alice) == (0, 0)
    assert await counts(srv.eve) == (0, 0)


async def test_concurrent_blocks_keep_counters_exact(srv):
    await relationships.follow(srv.ctx("bob"), srv.alice.id)
    await relationships.follow(srv.ctx("alice"), srv.bob.id)
    await asyncio.gather(*(relationships.block(srv.ctx("alice"), srv.bob.id) for _ in range(4)))
    assert await counts(srv.alice) == (0, 0)
    assert await counts(srv.bob) == (0, 0)


async def test_relationships_cost_a_constant_number_of_queries(srv):
    await relationships.follow(srv.ctx("bob"), srv.alice.id)
    ids = [srv.alice.id, srv.carol.id, srv.eve.id, "unknown"]
    with count_queries() as few:
        await relationships.relationships(srv.ctx("bob"), ids[:1])
    with count_queries() as many:
        result = await relationships.relationships(srv.ctx("bob"), ids)
    assert many.count == few.count <= 6
    assert [r.following for r in result] == [True, False, False, False]


async def test_anonymous_and_scope_errors(srv):
    with pytest.raises(DomainError) as err:
        await relationships.relationships(srv.ctx(None), [srv.alice.id])
    assert err.value.status == 403
    with pytest.raises(DomainError) as err:
        await relationships.follow(srv.ctx("bob", frozenset({"read"})), srv.alice.id)
    assert err.value.message == "Insufficient permissions: follow | write:follows."


async def test_follow_deactivated_account_is_not_found(srv):
    eve = await Account.get(id=srv.eve.id)
    eve.is_active = False
    await eve.save(update_fields=["is_active"])
    with pytest.raises(DomainError) as err:
        await relationships.follow(srv.ctx("bob"), srv.eve.id)
    assert (err.value.status, err.value.message) == (404, "Record not found")


async def test_follow_events(srv):
    seen: list[tuple[str, str | None, str | None]] = []

    async def record(event):
        seen.append((event.kind, event.actor_id, event.target_id))

    kinds = (
        "account.followed",
        "account.follow_requested",
        "account.unfollowed",
        "account.blocked",
    )
    for kind in kinds:
        events.subscribe(kind, record)
    try:
        await relationships.follow(srv.ctx("bob"), srv.alice.id)
        await relationships.follow(srv.ctx("bob"), srv.alice.id)  # no new event
        await relationships.follow(srv.ctx("bob"), srv.carol.id)
        await relationships.authorize_follow_request(srv.ctx("carol"), srv.bob.id)
        await relationships.unfollow(srv.ctx("bob"), srv.alice.id)
        await relationships.block(srv.ctx("eve"), srv.bob.id)
    finally:
        for kind in kinds:
            events.unsubscribe(kind, record)
    b, a, c, e = srv.bob.id, srv.alice.id, srv.carol.id, srv.eve.id
    assert seen == [
        ("account.followed", b, a),
        ("account.follow_requested", b, c),
        ("account.followed", b, c),
        ("account.unfollowed", b, a),
        ("account.blocked", e, b),
    ]


async def test_subscription_events_for_subscribers_only(srv):
    subscriptions.install()
    got: list[tuple[str, str]] = []

    async def record(event):
        got.append((event.status_id, event.target_id))

    events.subscribe(subscriptions.SUBSCRIPTION_EVENT, record)
    try:
        await relationships.subscribe(srv.ctx("bob"), srv.alice.id)
        await relationships.subscribe(srv.ctx("eve"), srv.alice.id)
        await relationships.follow(srv.ctx("bob"), srv.alice.id)
        public = await create_status(srv.ctx("alice"), StatusInput(text="hello"))
        assert sorted(got) == sorted([(public.id, srv.bob.id), (public.id, srv.eve.id)])
        got.clear()
        # a reply is not announced
        await create_status(srv.ctx("alice"), StatusInput(text="again", in_reply_to_id=public.id))
        assert got == []
        # a followers-only status reaches only the subscriber who follows
        private = await create_status(
            srv.ctx("alice"), StatusInput(text="friends", visibility="private")
        )
        assert got == [(private.id, srv.bob.id)]
        got.clear()
        # carol (not subscribed) gets nothing; unsubscribed eve neither
        await relationships.unsubscribe(srv.ctx("eve"), srv.alice.id)
        third = await create_status(srv.ctx("alice"), StatusInput(text="third"))
        assert got == [(third.id, srv.bob.id)]
    finally:
        events.unsubscribe(subscriptions.SUBSCRIPTION_EVENT, record)


async def test_notify_flag_subscribes_too(srv):
    subscriptions.install()
    got: list[str] = []

    async def record(event):
        got.append(event.target_id)

    events.subscribe(subscriptions.SUBSCRIPTION_EVENT, record)
    try:
        await relationships.follow(srv.ctx("eve"), srv.alice.id, notify=True)
        await create_status(srv.ctx("alice"), StatusInput(text="hello"))
    finally:
        events.unsubscribe(subscriptions.SUBSCRIPTION_EVENT, record)
    assert got == [srv.eve.id]


async def test_subscribers_come_once_and_pending_follows_do_not_count(srv):
    """A subscriber who also follows with ``notify`` is one subscriber; a follow request
    with ``notify`` not yet accepted is none. Subscribers first, each kind oldest first."""
    await relationships.follow(srv.ctx("carol"), srv.alice.id, notify=True)
    await relationships.subscribe(srv.ctx("eve"), srv.alice.id)
    await relationships.subscribe(srv.ctx("bob"), srv.alice.id)
    await relationships.follow(srv.ctx("bob"), srv.alice.id, notify=True)
    assert await subscriptions.subscriber_ids(srv.alice.id) == [
        srv.eve.id, srv.bob.id, srv.carol.id,
    ]
    srv.alice.locked = True
    await srv.alice.save(update_fields=["locked"])
    await relationships.unfollow(srv.ctx("carol"), srv.alice.id)
    await relationships.follow(srv.ctx("carol"), srv.alice.id, notify=True)  # a request now
    assert await subscriptions.subscriber_ids(srv.alice.id) == [srv.eve.id, srv.bob.id]
    assert await subscriptions.subscriber_ids(srv.carol.id) == []


async def test_lists_paginate_by_relationship_id(srv):
    for nick in ("bob", "carol", "eve"):
        await relationships.block(srv.ctx("alice"), srv.accounts[nick].id)
    first = await relationships.blocks(srv.ctx("alice"), PageRequest(limit=2))
    assert [a.nickname for a in first.accounts] == ["eve", "carol"]
    rest = await relationships.blocks(srv.ctx("alice"), PageRequest(max_id=first.items[-1][0]))
    assert [a.nickname for a in rest.accounts] == ["bob"]
    newer = await relationships.blocks(srv.ctx("alice"), PageRequest(since_id=rest.items[0][0]))
    assert [a.nickname for a in newer.accounts] == ["eve", "carol"]


async def test_import_parsers():
    assert user_import.parse_follow_list(
        "Account address,Show boosts\n@a@x.example,true\r\n b \n\n@c\na@x.example"
    ) == ["a@x.example", "b", "c"]
    assert user_import.parse_word_list("@a  b\n\t@@c") == ["a", "b", "@c"]


async def test_job_runner_join_and_close():
    runner = jobs.JobRunner()
    done: list[int] = []

    async def work(n):
        await asyncio.sleep(0.01)
        done.append(n)

    async def boom():
        raise RuntimeError("x")

    runner.spawn(work(1))
    runner.spawn(boom())
    await runner.join()
    assert done == [1] and (runner.completed, runner.failed) == (1, 1)
    runner.spawn(asyncio.sleep(30))
    await runner.close(grace=0.01)
    assert runner.pending == 0


async def test_jobs_know_they_are_background_work_and_the_request_does_not():
    runner = jobs.JobRunner()
    seen: list[bool] = []

    async def child():
        seen.append(jobs.in_background_job())

    async def work():
        seen.append(jobs.in_background_job())
        await asyncio.create_task(child())

    runner.spawn(work())
    await runner.join()
    assert seen == [True, True]
    assert jobs.in_background_job() is False
