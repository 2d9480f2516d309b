"""The lists service without HTTP: ownership, checks, membership as Pleroma allows it,
and what the list timeline shows (visibility, reblogs, direct statuses, mutes, blocks)."""

from __future__ import annotations

import asyncio

import pytest

from models.accounts import Account
from models.interactions import ThreadMute
from models.lists import AccountList, ListMember
from models.relationships import Block, Follow, Mute
from schema.errors import DomainError
from schema.services import interactions, lists, relationships, statuses, timelines
from schema.services.pagination import PageRequest
from schema.services.statuses import StatusInput
from tests.world import make_world

PAGE = PageRequest()


@pytest.fixture
async def world(db, policy):
    return await make_world(policy)


async def post(world, who, text, **kw):
    return await statuses.create_status(world.ctx(who), StatusInput(text=text, **kw))


async def refused(call, status: int, message: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        await call
    assert (caught.value.status, caught.value.message) == (status, message)
    return caught.value


def ids(rows):
    return [row.id for row in rows]


async def members(list_id):
    return set(await ListMember.filter(list_id=list_id).values_list("account_id", flat=True))


# --- the lists themselves -------------------------------------------------------------------


async def test_create_read_rename_delete(world):
    bob = world.ctx(world.bob)
    made = await lists.create_list(bob, "cuties")
    assert (made.title, made.replies_policy, made.exclusive) == ("cuties", "list", False)
    assert made.account_id == world.bob.id
    assert (await lists.get_list(bob, made.id)).title == "cuties"
    renamed = await lists.update_list(bob, made.id, title="cofe")
    assert renamed.title == "cofe"
    assert (await AccountList.get(id=made.id)).title == "cofe"
    assert await lists.delete_list(bob, made.id) == made.id
    assert not await AccountList.filter(id=made.id).exists()
    await refused(lists.get_list(bob, made.id), 404, "List not found")
    await refused(lists.delete_list(bob, made.id), 404, "List not found")


async def test_mastodon_settings_are_stored_and_changed_alone(world):
    bob = world.ctx(world.bob)
    made = await lists.create_list(bob, "news", replies_policy="none", exclusive=True)
    assert (made.replies_policy, made.exclusive) == ("none", True)
    changed = await lists.update_list(bob, made.id, replies_policy="followed")
    row = await AccountList.get(id=made.id)
    assert (row.title, row.replies_policy, row.exclusive) == ("news", "followed", True)
    assert changed.replies_policy == "followed"
    await lists.update_list(bob, made.id, exclusive=False)
    assert (await AccountList.get(id=made.id)).exclusive is False


async def test_index_is_newest_first_and_only_the_viewers(world):
    bob = world.ctx(world.bob)
    first = await lists.create_list(bob, "first")
    second = await lists.create_list(bob, "second")
    await lists.create_list(world.ctx(world.alice), "hers")
    assert ids(await lists.viewer_lists(bob)) == [second.id, first.id]
    assert await lists.viewer_lists(world.ctx(world.eve)) == []


async def test_index_shows_the_newest_fifty(world):
    bob = world.bob.id
    rows = [AccountList(account_id=bob, title=f"list {i}") for i in range(lists.INDEX_LIMIT + 2)]
    await AccountList.bulk_create(rows)
    shown = await lists.viewer_lists(world.ctx(world.bob))
    assert len(shown) == lists.INDEX_LIMIT
    assert ids(shown) == sorted((r.id for r in rows), reverse=True)[: lists.INDEX_LIMIT]


@pytest.mark.parametrize(
    ("title", "message"),
    [("", "can't be blank"), ("   ", "can't be blank"), ("x" * 256, lists.LONG_TITLE)],
)
async def test_bad_titles_write_nothing(world, title, message):
    bob = world.ctx(world.bob)
    error = await refused(lists.create_list(bob, title), 422, message)
    assert error.field == "title"
    made = await lists.create_list(bob, "x" * 255)
    await refused(lists.update_list(bob, made.id, title=title), 422, message)
    assert await AccountList.filter(account_id=world.bob.id).count() == 1
    assert (await AccountList.get(id=made.id)).title == "x" * 255


async def test_missing_title_and_bad_policy_are_refused(world):
    bob = world.ctx(world.bob)
    await refused(lists.create_list(bob, None), 400, "Missing field: title.")
    await refused(
        lists.create_list(bob, "ok", replies_policy="everyone"), 422, lists.BAD_POLICY
    )
    made = await lists.create_list(bob, "ok")
    await refused(lists.update_list(bob, made.id), 400, "Missing field: title.")
    await refused(
        lists.update_list(bob, made.id, title="new", replies_policy="x"), 422, lists.BAD_POLICY
    )
    assert (await AccountList.get(id=made.id)).title == "ok"


async def test_someone_elses_list_looks_missing(world):
    made = await lists.create_list(world.ctx(world.bob), "bob's")
    alice = world.ctx(world.alice)
    for call in (
        lists.get_list(alice, made.id),
        lists.update_list(alice, made.id, title="mine now"),
        lists.delete_list(alice, made.id),
        lists.list_accounts(alice, made.id, PAGE),
        lists.add_accounts(alice, made.id, [world.eve.id]),
        lists.remove_accounts(alice, made.id, [world.eve.id]),
    ):
        await refused(call, 404, "List not found")
    # Pleroma refuses another account's list timeline with 403 "Error."
    await refused(lists.list_timeline(alice, made.id, PAGE), 403, "Error.")
    assert await lists.find_lists(alice, [made.id]) == {}
    row = await AccountList.get(id=made.id)
    assert (row.title, await members(made.id)) == ("bob's", set())
    # ids of any shape are simply unknown
    for bad in ("", "nope", "x" * 300, "0" * 18):
        await refused(lists.get_list(alice, bad), 404, "List not found")
        await refused(lists.list_timeline(alice, bad, PAGE), 403, "Error.")


async def test_scopes(world):
    bob_read = world.ctx(world.bob, frozenset({"read:lists"}))
    bob_write = world.ctx(world.bob, frozenset({"write:lists"}))
    bob_statuses = world.ctx(world.bob, frozenset({"read:statuses", "write:statuses"}))
    made = await lists.create_list(bob_write, "scoped")
    assert ids(await lists.viewer_lists(bob_read)) == [made.id]
    await refused(lists.create_list(bob_read, "no"), 403, "Insufficient permissions: write:lists.")
    await refused(lists.viewer_lists(bob_write), 403, "Insufficient permissions: read:lists.")
    await refused(
        lists.add_accounts(bob_read, made.id, [world.alice.id]),
        403,
        "Insufficient permissions: write:lists.",
    )
    await refused(
        lists.list_timeline(bob_statuses, made.id, PAGE),
        403,
        "Insufficient permissions: read:lists.",
    )
    await refused(lists.viewer_lists(world.ctx()), 403, "Invalid credentials.")


# --- members -----------------------------------------------------------------------------


async def test_any_visible_account_can_be_added_followed_or_not(world):
    bob = world.ctx(world.bob)
    made = await lists.create_list(bob, "people")
    dave = await Account.create(
        nickname="dave", uri="https://x/dave", url="https://x/dave", is_active=False
    )
    await lists.add_accounts(
        bob, made.id, [world.alice.id, world.eve.id, dave.id, "nobody", "0" * 18, 7, None]
    )
    # alice is followed, eve is not (Pleroma allows both); dave is deactivated: skipped
    assert await members(made.id) == {world.alice.id, world.eve.id}
    # adding again changes nothing
    await lists.add_accounts(bob, made.id, [world.eve.id, world.alice.id])
    assert await ListMember.filter(list_id=made.id).count() == 2
    await lists.remove_accounts(bob, made.id, [world.alice.id, world.carol.id, "nobody"])
    assert await members(made.id) == {world.eve.id}


async def test_racing_adds_leave_one_row_each(world):
    bob = world.ctx(world.bob)
    made = await lists.create_list(bob, "race")
    wanted = [world.alice.id, world.eve.id]
    await asyncio.gather(*(lists.add_accounts(bob, made.id, wanted) for _ in range(4)))
    assert await ListMember.filter(list_id=made.id).count() == 2


async def test_too_many_ids_are_refused_before_anything_is_written(world):
    bob = world.ctx(world.bob)
    made = await lists.create_list(bob, "big")
    many = [f"{i:018d}" for i in range(lists.MAX_ACCOUNT_IDS)] + [world.alice.id]
    await refused(lists.add_accounts(bob, made.id, many), 400, lists.TOO_MANY_IDS)
    assert await members(made.id) == set()
    # duplicates count once
    await lists.add_accounts(bob, made.id, [world.alice.id] * (lists.MAX_ACCOUNT_IDS + 5))
    assert await members(made.id) == {world.alice.id}


async def test_members_page_newest_membership_first(world):
    bob = world.ctx(world.bob)
    made = await lists.create_list(bob, "paged")
    for who in (world.alice, world.carol, world.eve):
        await lists.add_accounts(bob, made.id, [who.id])
    page = await lists.list_accounts(bob, made.id, PageRequest(limit=2))
    assert [a.nickname for a in page.accounts] == ["eve", "carol"]
    rest = await lists.list_accounts(bob, made.id, PageRequest(max_id=page.items[-1][0]))
    assert [a.nickname for a in rest.accounts] == ["alice"]
    # a member that became hidden is left out
    await Account.filter(id=world.eve.id).update(is_active=False)
    page = await lists.list_accounts(bob, made.id, PAGE)
    assert [a.nickname for a in page.accounts] == ["carol", "alice"]


async def test_lists_holding_an_account(world):
    bob = world.ctx(world.bob)
    one = await lists.create_list(bob, "one")
    two = await lists.create_list(bob, "two")
    await lists.create_list(bob, "none")
    hers = await lists.create_list(world.ctx(world.alice), "hers")
    await lists.add_accounts(bob, one.id, [world.eve.id])
    await lists.add_accounts(bob, two.id, [world.eve.id, world.alice.id])
    await lists.add_accounts(world.ctx(world.alice), hers.id, [world.eve.id])
    assert ids(await lists.lists_with_account(bob, world.eve.id)) == [two.id, one.id]
    assert ids(await lists.lists_with_account(bob, world.alice.id)) == [two.id]
    assert await lists.lists_with_account(bob, world.carol.id) == []
    await refused(lists.lists_with_account(bob, "0" * 18), 404, "Record not found")


async def test_unfollowing_or_blocking_keeps_the_membership_as_pleroma_does(world):
    bob = world.ctx(world.bob)
    made = await lists.create_list(bob, "kept")
    await lists.add_accounts(bob, made.id, [world.alice.id, world.eve.id])
    await relationships.unfollow(bob, world.alice.id)
    await relationships.block(bob, world.eve.id)
    assert await members(made.id) == {world.alice.id, world.eve.id}


async def test_deleting_a_list_or_an_account_takes_the_memberships_along(world):
    bob = world.ctx(world.bob)
    made = await lists.create_list(bob, "gone")
    kept = await lists.create_list(bob, "kept")
    await lists.add_accounts(bob, made.id, [world.alice.id])
    await lists.add_accounts(bob, kept.id, [world.alice.id, world.eve.id])
    await lists.delete_list(bob, made.id)
    assert not await ListMember.filter(list_id=made.id).exists()
    await Account.filter(id=world.eve.id).delete()
    assert await members(kept.id) == {world.alice.id}


# --- the timeline ------------------------------------------------------------------------


async def _alice_and_eve_list(world):
    bob = world.ctx(world.bob)
    made = await lists.create_list(bob, "alice and eve")
    await lists.add_accounts(bob, made.id, [world.alice.id, world.eve.id])
    return bob, made


async def test_timeline_shows_what_the_owner_may_see_of_the_members(world):
    bob, made = await _alice_and_eve_list(world)
    alice_public = await post(world, world.alice, "alice public")
    alice_private = await post(world, world.alice, "alice followers", visibility="private")
    alice_unlisted = await post(world, world.alice, "alice quiet", visibility="unlisted")
    await post(world, world.alice, "@bob alice direct", visibility="direct")
    eve_public = await post(world, world.eve, "eve public")
    # eve is a member bob does not follow: her followers-only status stays hidden, even
    # when it mentions someone else, and so do her direct statuses to bob
    await post(world, world.eve, "eve followers", visibility="private")
    await post(world, world.eve, "@carol eve followers", visibility="private")
    await post(world, world.eve, "@bob eve direct", visibility="direct")
    await post(world, world.bob, "bob is no member")
    await post(world, world.carol, "carol is no member")
    shown = await lists.list_timeline(bob, made.id, PAGE)
    assert ids(shown) == [eve_public.id, alice_unlisted.id, alice_private.id, alice_public.id]

    # following eve shows her followers-only statuses; unfollowing hides them again
    await Follow.create(account_id=world.bob.id, target_id=world.eve.id)
    assert len(await lists.list_timeline(bob, made.id, PAGE)) == 6
    await relationships.unfollow(bob, world.eve.id)
    assert len(await lists.list_timeline(bob, made.id, PAGE)) == 4


async def test_timeline_leaves_out_reblogs_blocked_and_muted(world):
    bob, made = await _alice_and_eve_list(world)
    original = await post(world, world.carol, "carol's")
    await interactions.reblog(world.ctx(world.alice), original.id)
    alice_post = await post(world, world.alice, "alice")
    eve_post = await post(world, world.eve, "eve")
    assert ids(await lists.list_timeline(bob, made.id, PAGE)) == [eve_post.id, alice_post.id]

    await Mute.create(account_id=world.bob.id, target_id=world.eve.id)
    assert ids(await lists.list_timeline(bob, made.id, PAGE)) == [alice_post.id]
    assert ids(await lists.list_timeline(bob, made.id, PAGE, with_muted=True)) == [
        eve_post.id,
        alice_post.id,
    ]
    await Mute.filter(account_id=world.bob.id).delete()
    await ThreadMute.create(account_id=world.bob.id, conversation_id=eve_post.conversation_id)
    assert ids(await lists.list_timeline(bob, made.id, PAGE)) == [alice_post.id]
    await ThreadMute.filter(account_id=world.bob.id).delete()

    await Block.create(account_id=world.eve.id, target_id=world.bob.id)
    assert ids(await lists.list_timeline(bob, made.id, PAGE)) == [alice_post.id]
    assert ids(await lists.list_timeline(bob, made.id, PAGE, with_muted=True)) == [alice_post.id]


async def test_timeline_excludes_visibilities_and_pages_by_keyset(world):
    bob, made = await _alice_and_eve_list(world)
    posted = [await post(world, world.alice, f"post {i}") for i in range(5)]
    private = await post(world, world.alice, "followers", visibility="private")
    shown = await lists.list_timeline(bob, made.id, PAGE, exclude_visibilities=["private", "x"])
    assert ids(shown) == [p.id for p in reversed(posted)]
    first = await lists.list_timeline(bob, made.id, PageRequest(limit=2))
    assert ids(first) == [private.id, posted[4].id]
    older = await lists.list_timeline(bob, made.id, PageRequest(max_id=first[-1].id, limit=2))
    assert ids(older) == [posted[3].id, posted[2].id]
    newer = await lists.list_timeline(bob, made.id, PageRequest(min_id=posted[1].id, limit=2))
    assert ids(newer) == [posted[3].id, posted[2].id]


async def test_streamed_status_follows_the_timeline(world):
    _, made = await _alice_and_eve_list(world)
    shown = await post(world, world.alice, "alice")
    hidden = await post(world, world.eve, "eve followers", visibility="private")
    stranger = await post(world, world.carol, "carol")
    found = await timelines.streamed_status(world.bob.id, "list", shown.id, list_id=made.id)
    assert found is not None and found.id == shown.id
    for status_id in (hidden.id, stranger.id):
        assert await timelines.streamed_status(
            world.bob.id, "list", status_id, list_id=made.id
        ) is None
    # someone else's list, or no viewer, streams nothing
    for viewer_id in (world.alice.id, None):
        assert await timelines.streamed_status(
            viewer_id, "list", shown.id, list_id=made.id
        ) is None
