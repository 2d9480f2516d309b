"""The account security rules without HTTP: delete, disable, change email and password."""

from __future__ import annotations

import pytest

from models.accounts import Account
from models.oauth import Token
from models.relationships import Follow, Subscription
from models.statuses import Status
from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import account_security, events, interactions, relationships, statuses
from schema.services.accounts import create_local_account
from schema.services.passwords import verify_password
from schema.services.statuses import StatusInput
from schema.services.tokens import issue_token
from schema.viewer import Viewer

FULL = frozenset({"read", "write", "follow"})


def ctx_for(policy, account, scopes=FULL) -> RequestContext:
    return RequestContext(policy=policy, viewer=Viewer(account=account, scopes=scopes))


async def make(policy, nickname: str, **extra) -> Account:
    return await create_local_account(
        policy,
        nickname=nickname,
        email=f"{nickname}@example.org",
        password=f"{nickname}-password",
        display_name=nickname.title(),
        bio=f"I am {nickname}",
        **extra,
    )


async def fresh(account: Account) -> Account:
    return await Account.get(id=account.id)


async def refusal(call) -> tuple[str, str, int]:
    with pytest.raises(DomainError) as info:
        await call
    return info.value.code, info.value.message, info.value.status


async def test_delete_wipes_the_account_and_its_relations_and_statuses(db, policy):
    zoe, ann, ben, cat = [await make(policy, n) for n in ("zoe", "ann", "ben", "cat")]
    cat.locked = True
    await cat.save(update_fields=["locked"])
    # zoe follows ann; ann and ben follow zoe; zoe asked to follow locked cat.
    await relationships.follow_account(zoe, ann)
    await relationships.follow_account(ann, zoe)
    await relationships.follow_account(ben, zoe)
    await relationships.follow_account(zoe, cat)
    await relationships.follow_account(ann, ben)  # not zoe's: must stay
    await Subscription.create(account_id=ben.id, target_id=zoe.id)
    # Statuses: ann posts; zoe replies to it, reblogs it, posts her own; ann reblogs zoe's.
    ann_post = await statuses.create_status(ctx_for(policy, ann), StatusInput(text="ann here"))
    zctx = ctx_for(policy, zoe)
    await statuses.create_status(zctx, StatusInput(text="reply", in_reply_to_id=ann_post.id))
    await interactions.reblog(zctx, ann_post.id)
    own = await statuses.create_status(zctx, StatusInput(text="mine"))
    await interactions.reblog(ctx_for(policy, ann), own.id)
    token = (await issue_token(zoe, None, ["read", "write"])).access_token
    seen = []

    async def record(event):
        seen.append((event.kind, event.actor_id, event.target_id, event.status_id))

    for kind in ("account.unfollowed", "account.deleted", "status.deleted"):
        events.subscribe(kind, record)
    try:
        await account_security.delete_account(zctx, "zoe-password")
    finally:
        for kind in ("account.unfollowed", "account.deleted", "status.deleted"):
            events.unsubscribe(kind, record)

    row = await fresh(zoe)
    assert row.is_active is False
    assert (row.email, row.email_lower, row.password_hash) == (None, None, None)
    assert (row.display_name, row.bio, row.bio_html) == ("", "", "")
    assert (row.followers_count, row.following_count, row.statuses_count) == (0, 0, 0)
    assert row.nickname == "zoe"  # the row stays, so the name cannot be taken again
    # Every follow and request from or to zoe is gone; ann -> ben stays.
    assert not await Follow.filter(account_id=zoe.id).exists()
    assert not await Follow.filter(target_id=zoe.id).exists()
    assert not await Subscription.filter(target_id=zoe.id).exists()
    assert await Follow.filter(account_id=ann.id, target_id=ben.id).exists()
    ann_row, ben_row, cat_row = await fresh(ann), await fresh(ben), await fresh(cat)
    assert (ann_row.followers_count, ann_row.following_count) == (0, 1)
    assert (ben_row.followers_count, ben_row.following_count) == (1, 0)
    assert (cat_row.followers_count, cat_row.following_count) == (0, 0)
    # Statuses (with no job runner in the context the job ran inline).
    assert not await Status.filter(account_id=zoe.id).exists()
    post = await Status.get(id=ann_post.id)
    assert (post.replies_count, post.reblogs_count) == (0, 0)
    assert ann_row.statuses_count == 1  # ann's reblog of zoe's status went with it
    assert not await Status.filter(reblog_of_id=own.id).exists()
    # Tokens are revoked.
    assert await Token.filter(account_id=zoe.id, revoked=False).count() == 0
    assert token
    kinds = [k for k, *_ in seen]
    assert kinds.count("account.unfollowed") == 4  # both ways, and the request
    assert kinds.count("status.deleted") == 3
    assert ("account.deleted", zoe.id, None, None) in seen


async def test_delete_refuses_a_wrong_or_missing_password_and_changes_nothing(db, policy):
    zoe = await make(policy, "zoe")
    ann = await make(policy, "ann")
    await relationships.follow_account(ann, zoe)
    for password in ("hi", "", None, "ZOE-PASSWORD"):
        code, message, status = await refusal(
            account_security.delete_account(ctx_for(policy, zoe), password)
        )
        assert (code, message, status) == ("INVALID_PASSWORD", "Invalid password.", 200)
    row = await fresh(zoe)
    assert row.is_active is True and row.email == "zoe@example.org"
    assert row.followers_count == 1


async def test_account_security_needs_write_accounts(db, policy):
    zoe = await make(policy, "zoe")
    ctx = ctx_for(policy, zoe, frozenset({"read", "write:statuses"}))
    for call in (
        account_security.delete_account(ctx, "zoe-password"),
        account_security.disable_account(ctx, "zoe-password"),
        account_security.change_email(ctx, "zoe-password", "new@example.org"),
        account_security.change_password(ctx, "zoe-password", "x", "x"),
    ):
        assert await refusal(call) == (
            "INSUFFICIENT_SCOPE",
            "Insufficient permissions: write:accounts.",
            403,
        )
    assert (await fresh(zoe)).is_active is True


async def test_delete_statuses_job_leaves_an_active_account_alone(db, policy):
    zoe = await make(policy, "zoe")
    await statuses.create_status(ctx_for(policy, zoe), StatusInput(text="keep me"))
    assert await account_security.delete_account_statuses(zoe.id) == 0
    assert await Status.filter(account_id=zoe.id).count() == 1


async def test_disable_deactivates_and_revokes_but_keeps_follows(db, policy):
    zoe = await make(policy, "zoe")
    ann = await make(policy, "ann")
    await relationships.follow_account(ann, zoe)
    await issue_token(zoe, None, ["read"])
    code, message, _ = await refusal(
        account_security.disable_account(ctx_for(policy, zoe), "nope")
    )
    assert (code, message) == ("INVALID_PASSWORD", "Invalid password.")
    assert (await fresh(zoe)).is_active is True
    await account_security.disable_account(ctx_for(policy, zoe), "zoe-password")
    row = await fresh(zoe)
    assert row.is_active is False and row.email == "zoe@example.org"
    assert await Token.filter(account_id=zoe.id, revoked=False).count() == 0
    assert await Follow.filter(account_id=ann.id, target_id=zoe.id).exists()


async def test_change_email_rules(db, policy):
    zoe = await make(policy, "zoe")
    await make(policy, "ann")
    ctx = ctx_for(policy, zoe)
    cases = {
        ("bad", "z@example.org"): "Invalid password.",
        ("zoe-password", None): "Email can't be blank.",
        ("zoe-password", "   "): "Email can't be blank.",
        ("zoe-password", "not-an-email"): "Email has invalid format.",
        ("zoe-password", "ANN@example.org"): "Email has already been taken.",
    }
    for (password, email), expected in cases.items():
        _, message, status = await refusal(account_security.change_email(ctx, password, email))
        assert (message, status) == (expected, 200), (password, email)
    assert (await fresh(zoe)).email == "zoe@example.org"
    # The current address again is fine; a new one is stored with its lower-case key.
    await account_security.change_email(ctx, "zoe-password", "zoe@example.org")
    await account_security.change_email(ctx, "zoe-password", " Zoe.New@Example.org ")
    row = await fresh(zoe)
    assert (row.email, row.email_lower) == ("Zoe.New@Example.org", "zoe.new@example.org")


async def test_change_email_ignores_the_registration_blacklist(db, policy):
    import dataclasses

    strict = dataclasses.replace(policy, email_blacklist=("blocked.example",))
    zoe = await make(strict, "zoe")
    await account_security.change_email(ctx_for(strict, zoe), "zoe-password", "z@blocked.example")
    assert (await fresh(zoe)).email == "z@blocked.example"


async def test_change_password_rules(db, policy):
    zoe = await make(policy, "zoe")
    ctx = ctx_for(policy, zoe)
    cases = {
        ("bad", "new-pass", "new-pass"): "Invalid password.",
        ("zoe-password", "new-pass", "other"): "New password does not match confirmation.",
        ("zoe-password", "new-pass", None): "New password does not match confirmation.",
        ("zoe-password", "", ""): "New password can't be blank.",
        ("zoe-password", None, None): "New password can't be blank.",
    }
    for args, expected in cases.items():
        _, message, status = await refusal(account_security.change_password(ctx, *args))
        assert (message, status) == (expected, 200), args
    assert verify_password("zoe-password", (await fresh(zoe)).password_hash)
    other = await issue_token(zoe, None, ["read"])
    await account_security.change_password(ctx, "zoe-password", "new-pass", "new-pass")
    stored = (await fresh(zoe)).password_hash
    assert stored.startswith("$argon2id$")
    assert verify_password("new-pass", stored) and not verify_password("zoe-password", stored)
    assert (await Token.get(id=other.token.id)).revoked is False  # Pleroma 2.2+
