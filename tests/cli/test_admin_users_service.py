"""schema.services.admin_users: the rules behind ``python -m app user ...``."""

from __future__ import annotations

import pytest

from models.accounts import Account
from models.oauth import Token
from schema.context import RequestContext
from schema.errors import NOT_FOUND, DomainError
from schema.services import admin_users
from schema.services.passwords import verify_password
from schema.services.tokens import find_token, issue_token


@pytest.fixture
def ctx(policy):
    return RequestContext(policy=policy)


async def test_create_user_with_roles(db, ctx):
    account = await admin_users.create_user(
        ctx, "root", "root@x.org", "s3cret", admin=True, moderator=True
    )
    row = await Account.get(id=account.id)
    assert row.is_admin and row.is_moderator and row.is_active and row.is_confirmed
    assert row.is_approved and row.local
    assert verify_password("s3cret", row.password_hash)
    assert row.uri == "https://plenum.example/users/root"


@pytest.mark.parametrize(
    ("nickname", "email", "password", "field", "message"),
    [
        ("bad nick", "a@x.org", "pw", "nickname", "has invalid format"),
        ("", "a@x.org", "pw", "nickname", "can't be blank"),
        ("ok", "not-an-email", "pw", "email", "has invalid format"),
        ("ok", "a@x.org", "", "password", "can't be blank"),
    ],
)
async def test_create_user_refuses_bad_input(db, ctx, nickname, email, password, field, message):
    with pytest.raises(DomainError) as caught:
        await admin_users.create_user(ctx, nickname, email, password)
    assert caught.value.status == 400
    assert message in caught.value.extra["field_errors"][field]
    assert await Account.all().count() == 0


async def test_create_user_refuses_taken_nickname_and_email(db, ctx):
    await admin_users.create_user(ctx, "alice", "a@x.org", "pw")
    with pytest.raises(DomainError) as caught:
        await admin_users.create_user(ctx, "ALICE", "A@x.org", "pw")
    errors = caught.value.extra["field_errors"]
    assert errors == {"email": ["has already been taken"], "nickname": ["has already been taken"]}


async def test_set_flags_changes_only_what_is_given(db, ctx):
    await admin_users.create_user(ctx, "alice", "a@x.org", "pw", moderator=True)
    account = await admin_users.set_flags(ctx, "alice", admin=True)
    assert account.is_admin and account.is_moderator and account.is_active
    account = await admin_users.set_flags(ctx, "Alice", moderator=False)
    assert account.is_admin and not account.is_moderator
    again = await admin_users.set_flags(ctx, "alice", moderator=False)
    assert again.is_admin and not again.is_moderator


async def test_deactivation_revokes_tokens_and_reactivation_restores_account(db, ctx):
    account = await admin_users.create_user(ctx, "alice", "a@x.org", "pw")
    issued = await issue_token(account, None, ["read"])
    deactivated = await admin_users.set_flags(ctx, "alice", active=False)
    assert not deactivated.is_active
    assert await find_token(issued.access_token) is None
    assert (await admin_users.set_flags(ctx, "alice", active=True)).is_active


async def test_reset_password_generates_and_revokes(db, ctx):
    account = await admin_users.create_user(ctx, "alice", "a@x.org", "old-password")
    issued = [await issue_token(account, None, ["read"]) for _ in range(2)]
    reset = await admin_users.reset_password(ctx, "alice")
    assert reset.revoked_tokens == 2
    assert len(reset.password) >= 16
    row = await Account.get(id=account.id)
    assert verify_password(reset.password, row.password_hash)
    assert not verify_password("old-password", row.password_hash)
    for item in issued:
        assert await find_token(item.access_token) is None
    assert await Token.filter(account_id=account.id, revoked=False).count() == 0


async def test_reset_password_to_a_given_one(db, ctx):
    await admin_users.create_user(ctx, "alice", "a@x.org", "old")
    reset = await admin_users.reset_password(ctx, "alice", "chosen-one")
    assert reset.password == "chosen-one"
    assert verify_password("chosen-one", (await Account.get(nickname="alice")).password_hash)
    with pytest.raises(DomainError) as caught:
        await admin_users.reset_password(ctx, "alice", "")
    assert caught.value.status == 400


async def test_unknown_user_is_not_found(db, ctx):
    for call in (
        admin_users.set_flags(ctx, "ghost", admin=True),
        admin_users.reset_password(ctx, "ghost"),
    ):
        with pytest.raises(DomainError) as caught:
            await call
        assert caught.value.kind is NOT_FOUND


async def test_a_reset_by_the_operator_ends_every_way_back_in(db, ctx):
    from datetime import UTC, datetime, timedelta

    from models.moderation import PasswordResetToken
    from models.oauth import App, AuthorizationCode

    account = await admin_users.create_user(ctx, "locked", "locked@x.org", "old-pw")
    await Account.filter(id=account.id).update(password_reset_pending=True)
    link = await PasswordResetToken.create(
        token_hash="h" * 64, account_id=account.id,
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    app = await App.create(client_id="c", client_secret="s", name="a", redirect_uris="x")
    await AuthorizationCode.create(
        code="c" * 64, app=app, account_id=account.id, redirect_uri="x", scopes="read",
        expires_at=datetime.now(UTC) + timedelta(minutes=5),
    )
    await admin_users.reset_password(ctx, "locked", "new-pw")
    row = await Account.get(id=account.id)
    assert not row.password_reset_pending  # the forced reset is satisfied
    assert verify_password("new-pw", row.password_hash)
    assert (await PasswordResetToken.get(id=link.id)).used
    assert not await AuthorizationCode.filter(account_id=account.id).exists()
