"""Posting, reading, deleting and threads at the service level (no HTTP)."""

import asyncio

import pytest

from models.accounts import Account
from models.statuses import Mention, Status
from schema.errors import DomainError
from schema.services import statuses
from schema.services.statuses import StatusInput
from tests.world import make_world


@pytest.fixture
async def world(db, policy):
    return await make_world(policy)


async def post(world, who, text, **kw):
    return await statuses.create_status(world.ctx(who), StatusInput(text=text, **kw))


async def test_post_links_mentions_tags_and_urls(world):
    status = await post(world, world.alice, "hi @bob #Cats https://example.com <b>x</b>")
    assert 'class="u-url mention"' in status.content
    assert f'data-user="{world.bob.id}"' in status.content
    assert 'href="https://plenum.example/tag/cats"' in status.content
    assert '<a href="https://example.com"' in status.content
    assert "<b>" not in status.content and "&lt;b&gt;" in status.content
    assert status.source.startswith("hi @bob")
    assert [m.account_id for m in await Mention.filter(status_id=status.id)] == [world.bob.id]
    author = await Account.get(id=world.alice.id)
    assert author.statuses_count == 1


async def test_markdown_and_html_are_sanitised(world):
    md = await post(
        world, world.alice, "**bold** [x](javascript:alert(1))", content_type="text/markdown"
    )
    assert "<strong>bold</strong>" in md.content and "javascript:" not in md.content.replace(
        "[x](javascript:alert(1))", ""
    )
    html = await post(
        world,
        world.alice,
        '<p onclick="x()">hi<script>alert(1)</script></p>',
        content_type="text/html",
    )
    assert "onclick" not in html.content and "<script" not in html.content


@pytest.mark.parametrize(
    ("kwargs", "message", "status"),
    [
        ({"text": ""}, "Cannot post an empty status without attachments", 422),
        ({"text": "x" * 5001}, "The status is over the character limit", 422),
        (
            {"text": "x" * 4990, "spoiler_text": "y" * 11},
            "The status is over the character limit",
            422,
        ),
        ({"text": "x", "visibility": "secret"}, "Invalid visibility: secret", 400),
        ({"text": "x", "content_type": "text/rtf"}, "Invalid content type: text/rtf", 400),
        ({"text": "x", "media_ids": ["nope"]}, "Invalid media attachment", 422),
    ],
)
async def test_bad_posts_are_refused_and_nothing_is_written(world, kwargs, message, status):
    with pytest.raises(DomainError) as err:
        await statuses.create_status(world.ctx(world.alice), StatusInput(**kwargs))
    assert err.value.message == message
    assert err.value.status == status
    assert await Status.all().count() == 0
    assert (await Account.get(id=world.alice.id)).statuses_count == 0


async def test_posting_needs_write_scope(world):
    ctx = world.ctx(world.alice, scopes=frozenset({"read"}))
    with pytest.raises(DomainError) as err:
        await statuses.create_status(ctx, StatusInput(text="hi"))
    assert err.value.message == "Insufficient permissions: write:statuses."


async def test_idempotency_key_returns_the_same_status_even_concurrently(world):
    data = StatusInput(text="once", idempotency_key="k1")
    first, second = await asyncio.gather(
        statuses.create_status(world.ctx(world.alice), data),
        statuses.create_status(world.ctx(world.alice), data),
    )
    assert first.id == second.id
    assert await Status.all().count() == 1
    assert (await Account.get(id=world.alice.id)).statuses_count == 1


@pytest.mark.parametrize("visibility", ["private", "direct"])
async def test_private_and_direct_visibility(world, visibility):
    status = await post(world, world.alice, "secret for @carol", visibility=visibility)
    # the author and the addressee always see it
    assert (await statuses.get_visible(world.ctx(world.alice), status.id)).id == status.id
    assert (await statuses.get_visible(world.ctx(world.carol), status.id)).id == status.id
    # bob follows alice: sees private, not direct
    if visibility == "private":
        assert (await statuses.get_visible(world.ctx(world.bob), status.id)).id == status.id
    else:
        with pytest.raises(DomainError):
            await statuses.get_visible(world.ctx(world.bob), status.id)
    for outsider in (world.eve, None):
        with pytest.raises(DomainError) as err:
            await statuses.get_visible(world.ctx(outsider), status.id)
        assert err.value.status == 404


async def test_context_filters_hidden_replies(world):
    root = await post(world, world.alice, "root")
    public_reply = await post(world, world.bob, "public reply", in_reply_to_id=root.id)
    secret = await post(
        world, world.bob, "psst @alice", in_reply_to_id=root.id, visibility="direct"
    )
    under_secret = await post(
        world, world.alice, "reply to secret", in_reply_to_id=secret.id, visibility="public"
    )
    nested = await post(world, world.alice, "nested", in_reply_to_id=public_reply.id)

    as_eve = await statuses.context(world.ctx(world.eve), nested.id)
    assert [s.id for s in as_eve.ancestors] == [root.id, public_reply.id]
    as_eve_root = await statuses.context(world.ctx(world.eve), root.id)
    assert [s.id for s in as_eve_root.descendants] == [public_reply.id, nested.id]
    as_alice_root = await statuses.context(world.ctx(world.alice), root.id)
    assert {s.id for s in as_alice_root.descendants} == {
        public_reply.id,
        nested.id,
        secret.id,
        under_secret.id,
    }
    # only the public reply is counted: the count must not reveal the direct one
    assert (await Status.get(id=root.id)).replies_count == 1


async def test_reply_to_direct_stays_direct_and_addresses_the_parent_author(world):
    dm = await post(world, world.alice, "hey @bob", visibility="direct")
    reply = await post(world, world.bob, "hi back", in_reply_to_id=dm.id)
    assert reply.visibility == "direct"
    assert reply.conversation_id == dm.conversation_id
    assert [m.account_id for m in await Mention.filter(status_id=reply.id)] == [world.alice.id]
    with pytest.raises(DomainError):
        await post(world, world.eve, "butting in", in_reply_to_id=dm.id)


async def test_delete_own_status_restores_counters(world):
    root = await post(world, world.alice, "root")
    reply = await post(world, world.bob, "reply", in_reply_to_id=root.id)
    with pytest.raises(DomainError):
        await statuses.delete_status(world.ctx(world.alice), reply.id)
    await statuses.delete_status(world.ctx(world.bob), reply.id)
    assert (await Status.get(id=root.id)).replies_count == 0
    assert (await Account.get(id=world.bob.id)).statuses_count == 0
    with pytest.raises(DomainError):
        await statuses.get_visible(world.ctx(world.bob), reply.id)
