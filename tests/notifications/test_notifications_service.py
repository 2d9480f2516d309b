"""Which events make which notifications, and which do not (services, no HTTP)."""

from __future__ import annotations

import pytest

from models.accounts import Account
from models.interactions import ThreadMute
from models.notifications import Notification
from models.relationships import Block, Follow, Mute, Subscription
from schema.errors import DomainError
from schema.services import interactions, notifications, relationships, statuses
from schema.services.notifications import NotificationFilter
from schema.services.pagination import PageRequest
from schema.services.statuses import StatusInput


async def post(world, who, text, **kw):
    return await statuses.create_status(world.ctx(who), StatusInput(text=text, **kw))


async def kinds(account) -> list[tuple[str, str, str | None]]:
    """(type, actor nickname, status id) of every notification of ``account``, oldest first."""
    rows = await Notification.filter(account_id=account.id).order_by("id").prefetch_related(
        "actor"
    )
    return [(r.type, r.actor.nickname, r.status_id) for r in rows]


async def listed(world, who, **filters) -> list[Notification]:
    return await notifications.list_notifications(
        world.ctx(who), PageRequest(limit=40), NotificationFilter(**filters)
    )


# --- mentions ---------------------------------------------------------------------------


async def test_a_mention_notifies_the_mentioned_account_once(world):
    status = await post(world, world.alice, "hi @bob and @bob again and @eve")
    assert await kinds(world.bob) == [("mention", "alice", status.id)]
    assert await kinds(world.eve) == [("mention", "alice", status.id)]
    assert await kinds(world.alice) == []


async def test_mentioning_oneself_notifies_nobody(world):
    await post(world, world.alice, "note to self @alice")
    assert await kinds(world.alice) == []


async def test_a_reply_notifies_the_author_of_the_parent(world):
    parent = await post(world, world.alice, "question")
    reply = await post(world, world.bob, "answer", in_reply_to_id=parent.id)
    assert await kinds(world.alice) == [("mention", "bob", reply.id)]


async def test_a_direct_status_notifies_only_the_addressed(world):
    status = await post(world, world.alice, "secret for @bob", visibility="direct")
    assert await kinds(world.bob) == [("mention", "alice", status.id)]
    for other in (world.carol, world.eve):
        assert await kinds(other) == []
    assert await Notification.filter(status_id=status.id).count() == 1


async def test_a_blocked_or_blocking_actor_does_not_notify(world):
    await Block.create(account_id=world.eve.id, target_id=world.alice.id)
    await post(world, world.alice, "hey @eve")
    assert await kinds(world.eve) == []
    # the other way round: alice blocks bob, bob mentions alice
    await Block.create(account_id=world.alice.id, target_id=world.bob.id)
    await post(world, world.bob, "hey @alice")
    assert await kinds(world.alice) == []


async def test_a_mute_with_notifications_silences_the_actor_but_a_plain_mute_does_not(world):
    await Mute.create(account_id=world.bob.id, target_id=world.alice.id, notifications=True)
    await post(world, world.alice, "one @bob")
    assert await kinds(world.bob) == []
    await Mute.filter(account_id=world.bob.id).update(notifications=False)
    second = await post(world, world.alice, "two @bob")
    assert await kinds(world.bob) == [("mention", "alice", second.id)]
    page = await listed(world, world.bob)
    views = await notifications.hydrate_notifications(world.ctx(world.bob), page)
    assert [v.is_muted for v in views] == [True]


async def test_an_expired_mute_silences_nothing(world):
    from datetime import UTC, datetime, timedelta

    await Mute.create(
        account_id=world.bob.id, target_id=world.alice.id,
        expires_at=datetime.now(UTC) - timedelta(minutes=1),
    )
    status = await post(world, world.alice, "hello @bob")
    assert await kinds(world.bob) == [("mention", "alice", status.id)]


async def test_a_muted_thread_does_not_notify(world):
    root = await post(world, world.bob, "thread")
    await ThreadMute.create(account_id=world.bob.id, conversation_id=root.conversation_id)
    await post(world, world.alice, "reply", in_reply_to_id=root.id)
    await interactions.favourite(world.ctx(world.alice), root.id)
    assert await kinds(world.bob) == []


# --- settings ---------------------------------------------------------------------------


async def test_block_from_strangers_refuses_non_followers(world):
    await notifications.update_settings(world.ctx(world.alice), {"block_from_strangers": True})
    await post(world, world.eve, "hi @alice")  # eve does not follow alice
    assert await kinds(world.alice) == []
    follower_status = await post(world, world.bob, "hi @alice")  # bob follows alice
    assert await kinds(world.alice) == [("mention", "bob", follower_status.id)]


@pytest.mark.parametrize(
    ("setting", "bob_notifies", "eve_notifies"),
    [
        ("followers", False, True),  # bob follows alice
        ("non_followers", True, False),
        ("follows", True, True),  # alice follows nobody
        ("non_follows", False, False),
    ],
)
async def test_the_older_settings_keys_still_work(world, setting, bob_notifies, eve_notifies):
    await notifications.update_settings(world.ctx(world.alice), {setting: False})
    await post(world, world.bob, "from bob @alice")
    await post(world, world.eve, "from eve @alice")
    actors = [actor for _, actor, _ in await kinds(world.alice)]
    assert ("bob" in actors, "eve" in actors) == (bob_notifies, eve_notifies)


async def test_follows_false_refuses_the_accounts_one_follows(world):
    await Follow.create(account_id=world.alice.id, target_id=world.eve.id)
    await notifications.update_settings(world.ctx(world.alice), {"follows": False})
    await post(world, world.eve, "hi @alice")
    assert await kinds(world.alice) == []


async def test_settings_are_stored_echoed_and_unknown_keys_ignored(world):
    ctx = world.ctx(world.alice)
    shown = await notifications.update_settings(
        ctx, {"block_from_strangers": True, "bar": True}
    )
    assert shown == {"block_from_strangers": True, "hide_notification_contents": False}
    shown = await notifications.update_settings(ctx, {"privacy_option": True})
    assert shown == {
        "block_from_strangers": True, "hide_notification_contents": True,
        "followers": True, "follows": True, "non_followers": True, "non_follows": True,
        "privacy_option": True,
    }
    row = await Account.get(id=world.alice.id)
    assert notifications.rendered_settings(row) == shown


async def test_settings_need_write_accounts(world):
    with pytest.raises(DomainError) as error:
        await notifications.update_settings(
            world.ctx(world.alice, frozenset({"write:notifications"})), {"follows": False}
        )
    assert error.value.status == 403


# --- subscriptions ----------------------------------------------------------------------


async def test_a_subscriber_gets_a_status_notification_for_top_level_posts(world):
    await Subscription.create(account_id=world.eve.id, target_id=world.alice.id)
    top = await post(world, world.alice, "news")
    await post(world, world.alice, "a reply", in_reply_to_id=top.id)
    assert await kinds(world.eve) == [("status", "alice", top.id)]


async def test_a_subscriber_who_may_not_see_the_status_gets_nothing(world):
    await Subscription.create(account_id=world.eve.id, target_id=world.alice.id)
    await post(world, world.alice, "followers only", visibility="private")
    await post(world, world.alice, "to bob only @bob", visibility="direct")
    assert await kinds(world.eve) == []
    # bob follows alice: he sees the private one
    await Subscription.create(account_id=world.bob.id, target_id=world.alice.id)
    private = await post(world, world.alice, "followers again", visibility="private")
    assert ("status", "alice", private.id) in await kinds(world.bob)


async def test_a_subscriber_who_is_mentioned_is_notified_once(world):
    await Subscription.create(account_id=world.eve.id, target_id=world.alice.id)
    status = await post(world, world.alice, "hello @eve")
    assert await kinds(world.eve) == [("mention", "alice", status.id)]


async def test_a_follow_with_notify_gets_status_notifications(world):
    await Follow.filter(account_id=world.bob.id, target_id=world.alice.id).update(notify=True)
    status = await post(world, world.alice, "for my notified followers")
    assert await kinds(world.bob) == [("status", "alice", status.id)]


# --- favourites, reblogs, follows ---------------------------------------------------------


async def test_favourite_and_unfavourite(world):
    status = await post(world, world.alice, "like me")
    await interactions.favourite(world.ctx(world.bob), status.id)
    await interactions.favourite(world.ctx(world.bob), status.id)  # idempotent
    await interactions.favourite(world.ctx(world.alice), status.id)  # own: nothing
    assert await kinds(world.alice) == [("favourite", "bob", status.id)]
    await interactions.unfavourite(world.ctx(world.bob), status.id)
    assert await kinds(world.alice) == []


async def test_reblog_unreblog_and_deleting_the_reblog(world):
    status = await post(world, world.alice, "share me")
    reblog = await interactions.reblog(world.ctx(world.bob), status.id)
    await interactions.reblog(world.ctx(world.alice), status.id)  # own: nothing
    assert await kinds(world.alice) == [("reblog", "bob", status.id)]
    await interactions.unreblog(world.ctx(world.bob), status.id)
    assert await kinds(world.alice) == []
    reblog = await interactions.reblog(world.ctx(world.bob), status.id)
    assert len(await kinds(world.alice)) == 1
    await statuses.delete_status(world.ctx(world.bob), reblog.id)
    assert await kinds(world.alice) == []


async def test_deleting_a_status_removes_its_notifications(world):
    status = await post(world, world.alice, "gone soon @eve")
    await interactions.favourite(world.ctx(world.bob), status.id)
    assert await Notification.filter(status_id=status.id).count() == 2
    await statuses.delete_status(world.ctx(world.alice), status.id)
    assert await Notification.filter(status_id=status.id).count() == 0


async def test_deleting_an_account_removes_its_notifications(world):
    await post(world, world.alice, "hi @eve")
    await relationships.follow(world.ctx(world.eve), world.alice.id)
    assert await Notification.filter(actor_id=world.alice.id).count() == 1
    assert await Notification.filter(account_id=world.alice.id).count() == 1
    await Account.filter(id=world.alice.id).delete()
    assert await Notification.all().count() == 0


async def test_follow_and_unfollow(world):
    await relationships.follow(world.ctx(world.eve), world.alice.id)
    assert await kinds(world.alice) == [("follow", "eve", None)]
    await relationships.unfollow(world.ctx(world.eve), world.alice.id)
    assert await kinds(world.alice) == []
    await relationships.follow(world.ctx(world.eve), world.alice.id)
    await relationships.follow(world.ctx(world.eve), world.alice.id)  # idempotent
    assert await kinds(world.alice) == [("follow", "eve", None)]


async def test_a_follow_request_becomes_a_follow_when_accepted(world):
    await relationships.follow(world.ctx(world.eve), world.carol.id)
    [request] = await Notification.filter(account_id=world.carol.id)
    assert request.type == "follow_request"
    await relationships.authorize_follow_request(world.ctx(world.carol), world.eve.id)
    [after] = await Notification.filter(account_id=world.carol.id)
    assert (after.id, after.type) == (request.id, "follow")


async def test_a_rejected_or_withdrawn_request_takes_its_notification_along(world):
    await relationships.follow(world.ctx(world.eve), world.carol.id)
    await relationships.reject_follow_request(world.ctx(world.carol), world.eve.id)
    assert await kinds(world.carol) == []
    await relationships.follow(world.ctx(world.bob), world.carol.id)
    assert await kinds(world.carol) == [("follow_request", "bob", None)]
    await relationships.unfollow(world.ctx(world.bob), world.carol.id)
    assert await kinds(world.carol) == []


# --- reading ----------------------------------------------------------------------------


async def test_the_list_hides_statuses_the_viewer_can_no_longer_see(world):
    await Follow.create(account_id=world.eve.id, target_id=world.alice.id)
    await Subscription.create(account_id=world.eve.id, target_id=world.alice.id)
    private = await post(world, world.alice, "followers only", visibility="private")
    assert [n.status_id for n in await listed(world, world.eve)] == [private.id]
    await relationships.unfollow(world.ctx(world.eve), world.alice.id)
    assert await listed(world, world.eve) == []


async def test_the_list_hides_blocked_and_muted_actors_unless_with_muted(world):
    await post(world, world.alice, "hi @eve")
    await post(world, world.bob, "hi @eve")
    assert len(await listed(world, world.eve)) == 2
    await Mute.create(account_id=world.eve.id, target_id=world.alice.id)
    assert [n.actor_id for n in await listed(world, world.eve)] == [world.bob.id]
    assert len(await listed(world, world.eve, with_muted=True)) == 2
    await Block.create(account_id=world.eve.id, target_id=world.bob.id)
    assert await listed(world, world.eve) == []
    # a deactivated actor's notifications are hidden too
    await Mute.filter(account_id=world.eve.id).delete()
    await Account.filter(id=world.alice.id).update(is_active=False)
    assert await listed(world, world.eve, with_muted=True) == []


async def test_the_list_filters_by_type_account_and_visibility(world):
    mention = await post(world, world.bob, "hi @alice", visibility="unlisted")
    await relationships.follow(world.ctx(world.eve), world.alice.id)
    await interactions.favourite(world.ctx(world.eve), (await post(world, world.alice, "x")).id)
    types = lambda rows: [n.type for n in rows]  # noqa: E731
    assert types(await listed(world, world.alice)) == ["favourite", "follow", "mention"]
    assert types(await listed(world, world.alice, types=("follow", "mention"))) == [
        "follow", "mention",
    ]
    assert types(await listed(world, world.alice, exclude_types=("follow",))) == [
        "favourite", "mention",
    ]
    assert types(await listed(world, world.alice, account_id=world.eve.id)) == [
        "favourite", "follow",
    ]
    assert types(await listed(world, world.alice, exclude_visibilities=("unlisted",))) == [
        "favourite", "follow",
    ]
    assert mention.visibility == "unlisted"
    with pytest.raises(DomainError) as error:
        await listed(world, world.alice, account_id="nobody")
    assert (error.value.status, error.value.message) == (404, "Account is not found")


async def test_another_accounts_notification_is_never_readable(world):
    await post(world, world.alice, "hi @bob")
    [row] = await Notification.filter(account_id=world.bob.id)
    for action in (
        notifications.get_notification(world.ctx(world.eve), row.id),
        notifications.dismiss(world.ctx(world.eve), row.id),
        notifications.mark_read(world.ctx(world.eve), notification_id=row.id),
    ):
        with pytest.raises(DomainError):
            await action
    assert await notifications.notifications_by_ids(world.ctx(world.eve), [row.id]) == []
    assert await notifications.destroy_multiple(world.ctx(world.eve), [row.id]) == 0
    assert await notifications.clear(world.ctx(world.eve)) == 0
    assert await Notification.filter(id=row.id, seen=False).exists()
