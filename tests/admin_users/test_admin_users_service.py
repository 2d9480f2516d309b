"""schema.services.admin_users without HTTP: the admin check each function makes itself
(GraphQL relies on it), batches, the configured admin token, held events, and the
account-state rules it shares with the owners' own actions."""

from __future__ import annotations

import dataclasses

import pytest

from models.accounts import Account
from models.moderation import ModerationLogEntry
from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import admin_users, events
from schema.viewer import ADMIN_TOKEN_VIEWER
from tests.world import make_world

ADMIN_SCOPES = frozenset({"read", "write", "follow", "admin"})


@pytest.fixture
async def world(db, policy):
    world = await make_world(policy)
    await Account.filter(id=world.alice.id).update(is_admin=True)
    world.alice.is_admin = True
    return world


def admin(world):
    return world.ctx(world.alice, ADMIN_SCOPES)


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (admin_users.list_users, ()),
        (admin_users.get_user, ("bob",)),
        (admin_users.create_users, ([admin_users.NewUser("x", None, "pw")],)),
        (admin_users.delete_users, (["bob"],)),
        (admin_users.force_follow, ("eve", "bob")),
        (admin_users.force_unfollow, ("bob", "alice")),
        (admin_users.set_active, (["bob"], False)),
        (admin_users.toggle_activation, ("bob",)),
        (admin_users.approve, (["bob"],)),
        (admin_users.confirm_emails, (["bob"],)),
        (admin_users.resend_confirmation, (["bob"],)),
        (admin_users.tag_users, (["bob"], ["x"])),
        (admin_users.untag_users, (["bob"], ["x"])),
        (admin_users.permission_groups, ("bob",)),
        (admin_users.set_permission, (["bob"], "admin", True)),
        (admin_users.get_credentials, ("bob",)),
        (admin_users.update_credentials, ("bob", admin_users.profile_service.ProfileChanges())),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
async def test_every_admin_function_checks_its_caller(world, call, args):
    for ctx in (world.ctx(None), world.ctx(world.bob), world.ctx(world.alice)):
        with pytest.raises(DomainError) as refused:
            await call(ctx, *args)
        assert refused.value.status == 403
    assert await ModerationLogEntry.all().count() == 0
    assert (await Account.get(id=world.bob.id)).is_active


async def test_the_admin_token_may_revoke_anyone(world):
    ctx = RequestContext(policy=world.policy, viewer=ADMIN_TOKEN_VIEWER)
    rows = await admin_users.set_permission(ctx, ["alice"], "admin", False)
    assert rows[0].is_admin is False
    entry = await ModerationLogEntry.get()
    assert entry.actor_id is None
    assert entry.message == "@admin_token revoked admin role from @alice"


async def test_nicknames_are_found_once_in_the_given_order(world):
    found = await admin_users.find_accounts(
        admin(world), ["eve", "@BOB", "bob@plenum.example", "eve", "alice"]
    )
    assert [a.nickname for a in found] == ["eve", "bob", "alice"]
    assert await admin_users.find_accounts(admin(world), ["ghost", "bob"], skip_unknown=True)
    with pytest.raises(DomainError) as missing:
        await admin_users.find_accounts(admin(world), ["ghost", "bob"])
    assert (missing.value.status, missing.value.message) == (404, "Not found")


async def test_the_user_list_pages_and_filters(world):
    page = await admin_users.list_users(admin(world), filters=["is_admin"], page_size=0)
    assert (page.count, page.page_size, [a.nickname for a in page.users]) == (1, 1, ["alice"])
    page = await admin_users.list_users(admin(world), page=2, page_size=3)
    assert (page.count, [a.nickname for a in page.users]) == (4, ["eve"])
    assert admin_users.parse_filters("local, is_admin,,bogus,local") == ["local", "is_admin"]


async def test_an_instance_that_requires_activation_requires_an_email(world):
    ctx = admin(world)
    ctx.policy = dataclasses.replace(world.policy, account_activation_required=True)
    with pytest.raises(admin_users.UsersRefused) as refused:
        await admin_users.create_users(ctx, [admin_users.NewUser("lain", None, "pw")])
    assert refused.value.status == 409
    assert refused.value.entries[0].error == "email can't be blank"
    assert refused.value.extra["field_errors"] == {"users.0.email": ["can't be blank"]}


async def test_events_of_a_forced_follow_wait_for_the_commit(world):
    seen: list[tuple[str, bool]] = []

    async def handler(event):
        exists = await Account.filter(id=event.target_id, followers_count=1).exists()
        seen.append((event.kind, exists))

    events.subscribe("account.followed", handler)
    try:
        await admin_users.force_follow(admin(world), "eve", "carol")
    finally:
        events.unsubscribe("account.followed", handler)
    assert seen == [("account.followed", True)]


async def test_held_events_are_dropped_when_the_block_fails():
    seen = []

    async def handler(event):
        seen.append(event.kind)

    events.subscribe("test.held", handler)
    try:
        with pytest.raises(RuntimeError):
            async with events.held():
                await events.emit(events.Event("test.held"))
                raise RuntimeError("rolled back")
        assert seen == []
        async with events.held():
            async with events.held():
                await events.emit(events.Event("test.held"))
            assert seen == []
        assert seen == ["test.held"]
    finally:
        events.unsubscribe("test.held", handler)


async def test_deactivating_is_one_rule_for_owner_and_admin(world):
    """The owner's disable_account and the admin's deactivate both revoke the tokens
    through account_security.write_flags."""
    from models.oauth import Token
    from schema.services import tokens

    await tokens.issue_token(world.bob, None, ["read"])
    await admin_users.set_active(admin(world), ["bob"], False)
    assert not await Token.filter(account_id=world.bob.id, revoked=False).exists()
    assert (await Account.get(id=world.bob.id)).is_active is False
