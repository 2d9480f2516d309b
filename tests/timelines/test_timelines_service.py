"""Timelines at the service level: selection, visibility, mutes, keyset paging."""

from datetime import UTC, datetime

import pytest

from models.accounts import Account
from models.interactions import Bookmark, Favourite, ThreadMute
from models.relationships import Block, Follow, Mute
from schema.errors import DomainError
from schema.services import statuses, timelines
from schema.services.pagination import PageRequest
from schema.services.statuses import StatusInput
from schema.services.timelines import TagFilter
from tests.world import make_world

PAGE = PageRequest()


@pytest.fixture
async def world(db, policy):
    return await make_world(policy)


async def post(world, who, text, **kw):
    return await statuses.create_status(world.ctx(who), StatusInput(text=text, **kw))


def ids(rows):
    return [r.id for r in rows]


def visible(acts):
    return [status.id for _, status in acts if status is not None]


async def test_home_shows_own_followed_and_addressed_but_not_strangers(world):
    own = await post(world, world.bob, "mine")
    followed = await post(world, world.alice, "from alice")
    private = await post(world, world.alice, "followers only", visibility="private")
    stranger = await post(world, world.eve, "from eve")
    dm_to_bob = await post(world, world.eve, "hey @bob", visibility="direct")
    dm_elsewhere = await post(world, world.alice, "hey @carol", visibility="direct")
    home = ids(await timelines.home(world.ctx(world.bob), PAGE))
    assert home == [dm_to_bob.id, private.id, followed.id, own.id]
    assert stranger.id not in home and dm_elsewhere.id not in home


async def test_home_leaves_out_muted_accounts_and_threads(world):
    keep = await post(world, world.alice, "keep")
    thread = await post(world, world.alice, "noisy thread")
    await ThreadMute.create(account_id=world.bob.id, conversation_id=thread.conversation_id)
    assert ids(await timelines.home(world.ctx(world.bob), PAGE)) == [keep.id]
    mute = await Mute.create(
        account_id=world.bob.id,
        target_id=world.alice.id,
        expires_at=datetime(2000, 1, 1, tzinfo=UTC),
    )
    assert ids(await timelines.home(world.ctx(world.bob), PAGE)) == [keep.id]  # expired
    mute.expires_at = None
    await mute.save()
    assert ids(await timelines.home(world.ctx(world.bob), PAGE)) == []


async def test_home_needs_a_user_with_read_scope(world):
    with pytest.raises(DomainError) as err:
        await timelines.home(world.ctx(None), PAGE)
    assert err.value.status == 403
    with pytest.raises(DomainError) as err:
        await timelines.home(world.ctx(world.bob, scopes=frozenset({"write"})), PAGE)
    assert err.value.message == "Insufficient permissions: read:statuses."


async def test_public_timeline_shows_only_public_and_hides_blocked_authors(world):
    public = await post(world, world.alice, "public")
    await post(world, world.alice, "unlisted", visibility="unlisted")
    await post(world, world.alice, "private", visibility="private")
    await post(world, world.alice, "direct @bob", visibility="direct")
    local_only = await post(world, world.alice, "local only", visibility="local")
    assert ids(await timelines.public(world.ctx(None), PAGE)) == [public.id]
    assert ids(await timelines.public(world.ctx(None), PAGE, local=True)) == [
        local_only.id,
        public.id,
    ]
    await Block.create(account_id=world.alice.id, target_id=world.eve.id)
    assert ids(await timelines.public(world.ctx(world.eve), PAGE)) == []


async def test_keyset_paging_max_since_min(world):
    posts = [await post(world, world.alice, f"n{i}") for i in range(7)]
    newest_first = [p.id for p in reversed(posts)]
    assert ids(await timelines.public(world.ctx(None), PageRequest(limit=3))) == newest_first[:3]
    assert (
        ids(await timelines.public(world.ctx(None), PageRequest(max_id=newest_first[2], limit=3)))
        == newest_first[3:6]
    )
    assert (
        ids(await timelines.public(world.ctx(None), PageRequest(since_id=posts[2].id, limit=2)))
        == newest_first[:2]
    )
    assert ids(
        await timelines.public(world.ctx(None), PageRequest(min_id=posts[2].id, limit=2))
    ) == [posts[4].id, posts[3].id]
    assert len(await timelines.public(world.ctx(None), PageRequest(limit=400))) == 7


async def test_tag_timeline_any_all_none(world):
    cats = await post(world, world.alice, "#cats")
    both = await post(world, world.alice, "#cats #dogs")
    dogs = await post(world, world.alice, "#dogs")
    await post(world, world.alice, "#cats secret", visibility="private")
    ctx = world.ctx(None)
    assert ids(await timelines.tag(ctx, PAGE, TagFilter("Cats"))) == [both.id, cats.id]
    assert ids(await timelines.tag(ctx, PAGE, TagFilter("cats", any=["dogs"]))) == [
        dogs.id,
        both.id,
        cats.id,
    ]
    assert ids(await timelines.tag(ctx, PAGE, TagFilter("cats", all=["dogs"]))) == [both.id]
    assert ids(await timelines.tag(ctx, PAGE, TagFilter("cats", none=["dogs"]))) == [cats.id]


async def test_account_statuses_respect_visibility_and_filters(world):
    top = await post(world, world.alice, "top")
    private = await post(world, world.alice, "private", visibility="private")
    reply = await post(
        world, world.alice, "reply to eve", in_reply_to_id=(await post(world, world.eve, "q")).id
    )
    as_bob = ids(await timelines.account_statuses(world.ctx(world.bob), "alice", PAGE))
    assert as_bob == [reply.id, private.id, top.id]
    as_eve = ids(await timelines.account_statuses(world.ctx(world.eve), world.alice.id, PAGE))
    assert as_eve == [reply.id, top.id]
    no_replies = await timelines.account_statuses(
        world.ctx(None), "alice", PAGE, exclude_replies=True
    )
    assert ids(no_replies) == [top.id]


async def test_favourites_and_bookmarks_page_by_the_act_and_hide_what_became_invisible(world):
    a = await post(world, world.alice, "a")
    b = await post(world, world.alice, "b", visibility="private")
    # bob favourites b first, then a: newest favourite first
    await Favourite.create(account_id=world.bob.id, status_id=b.id)
    await Favourite.create(account_id=world.bob.id, status_id=a.id)
    acts = await timelines.favourites(world.ctx(world.bob), PAGE)
    assert [s.id for _, s in acts] == [a.id, b.id]
    # alice blocks bob: the follow goes, so the private status is no longer visible
    await Follow.filter(account_id=world.bob.id).delete()
    acts = await timelines.favourites(world.ctx(world.bob), PAGE)
    assert len(acts) == 2 and acts[0][1].id == a.id and acts[1][1] is None
    await Bookmark.create(account_id=world.bob.id, status_id=a.id)
    assert visible(await timelines.bookmarks(world.ctx(world.bob), PAGE)) == [a.id]


async def test_pleroma_account_favourites(world):
    status = await post(world, world.alice, "fav me")
    dm = await post(world, world.alice, "dm @bob", visibility="direct")
    await Favourite.create(account_id=world.bob.id, status_id=status.id)
    await Favourite.create(account_id=world.bob.id, status_id=dm.id)
    with pytest.raises(DomainError) as err:
        await timelines.account_favourites(world.ctx(world.eve), world.bob.id, PAGE)
    assert (err.value.status, err.value.message) == (403, "Can't get favorites")
    await Account.filter(id=world.bob.id).update(hide_favorites=False)
    acts = await timelines.account_favourites(world.ctx(None), world.bob.id, PAGE)
    assert visible(acts) == [status.id]
    acts = await timelines.account_favourites(world.ctx(world.alice), world.bob.id, PAGE)
    assert visible(acts) == [dm.id, status.id]
    with pytest.raises(DomainError) as err:
        await timelines.account_favourites(world.ctx(None), "000000000000000000", PAGE)
    assert (err.value.status, err.value.message) == (404, "Record not found")
