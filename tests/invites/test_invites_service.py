"""The invite rules without HTTP: types, values, revoking, mailing, who may, and that a
made invite is what registration redeems."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from models.registration import Invite
from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import invites, registration
from schema.services.accounts import create_local_account
from schema.viewer import ADMIN_TOKEN_VIEWER, Viewer
from tests.mailbox import Mailbox

ADMIN_SCOPES = frozenset({"read", "write", "admin"})


@pytest.fixture
async def staff(db, policy):
    admin = await create_local_account(
        policy, nickname="boss", email="boss@example.org", password="p", is_admin=True,
        display_name="The Boss",
    )
    user = await create_local_account(policy, nickname="joe", email="joe@example.org", password="p")
    return admin, user


def as_admin(policy, admin, scopes=ADMIN_SCOPES, **extra) -> RequestContext:
    return RequestContext(policy=policy, viewer=Viewer(account=admin, scopes=scopes), **extra)


def closed(policy, **changes):
    return dataclasses.replace(
        policy, registrations_open=False, invites_required=True, **changes
    )


async def refusal(call) -> tuple[int, str, object]:
    with pytest.raises(DomainError) as info:
        await call
    return info.value.status, info.value.message, info.value.body


@pytest.mark.parametrize(
    ("max_use", "expires_at", "kind"),
    [
        (None, None, "one_time"),
        (3, None, "reusable"),
        (None, "2099-05-06", "date_limited"),
        ("7", "2099-05-06", "reusable_date_limited"),
    ],
)
async def test_the_type_follows_what_was_given(staff, policy, max_use, expires_at, kind):
    admin, _ = staff
    invite = await invites.create_invite(
        as_admin(policy, admin), max_use=max_use, expires_at=expires_at
    )
    row = await Invite.get(id=invite.id)
    assert invites.invite_type(row) == kind
    assert row.max_use == (int(max_use) if max_use else None)
    assert row.expires_at == (date(2099, 5, 6) if expires_at else None)
    assert (row.used, row.uses) == (False, 0)
    assert len(row.token) >= 40 and row.token == invite.token


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"max_use": "many"}, "max_use - Invalid integer. Got: string."),
        ({"max_use": 1.5}, "max_use - Invalid integer. Got: number."),
        ({"max_use": True}, "max_use - Invalid integer. Got: boolean."),
        ({"max_use": 0}, "max_use - 0 is smaller than inclusive minimum 1."),
        ({"max_use": "-2"}, "max_use - -2 is smaller than inclusive minimum 1."),
        ({"max_use": 2**31}, f"max_use - {2**31} is larger than inclusive maximum {2**31 - 1}."),
        ({"expires_at": "tomorrow"}, "expires_at - Invalid format. Expected :date."),
        ({"expires_at": "2020-02-30"}, "expires_at - Invalid format. Expected :date."),
        ({"expires_at": "2020-02-03T00:00:00"}, "expires_at - Invalid format. Expected :date."),
        ({"expires_at": 20200203}, "expires_at - Invalid format. Expected :date."),
    ],
)
async def test_bad_values_are_refused_and_nothing_is_made(staff, policy, fields, message):
    admin, _ = staff
    status, error, body = await refusal(invites.create_invite(as_admin(policy, admin), **fields))
    assert (status, error) == (400, message)
    name = next(iter(fields))
    assert body == {
        "error": message,
        "errors": [{"message": message.split(" - ", 1)[1][:-1],
                    "source": {"pointer": f"/{name}"},
                    "title": "Invalid value"}],
    }
    assert await Invite.all().count() == 0


async def test_a_past_date_is_accepted_as_pleroma_does(staff, policy):
    admin, _ = staff
    invite = await invites.create_invite(as_admin(policy, admin), expires_at="2001-01-01")
    assert invite.expires_at == date(2001, 1, 1)


async def test_listing_is_oldest_first_and_one_statement(staff, policy):
    admin, _ = staff
    ctx = as_admin(policy, admin)
    made = [await invites.create_invite(ctx, max_use=n) for n in (1, 2, 3)]
    listed = await invites.list_invites(ctx)
    assert [i.id for i in listed] == [i.id for i in made]


async def test_revoking_marks_used_and_is_idempotent(staff, policy):
    admin, _ = staff
    ctx = as_admin(policy, admin)
    invite = await invites.create_invite(ctx, max_use=5)
    revoked = await invites.revoke_invite(ctx, invite.token)
    assert revoked.id == invite.id and revoked.used is True
    assert (await Invite.get(id=invite.id)).used is True
    again = await invites.revoke_invite(ctx, invite.token)
    assert again.used is True and again.uses == 0


@pytest.mark.parametrize(
    ("token", "status", "message"),
    [
        ("nope", 404, "Not found"),
        ("x" * 300, 404, "Not found"),
        (None, 400, "Missing field: token."),
        ("", 400, "Missing field: token."),
        (["a"], 400, "token - Invalid string. Got: array."),
    ],
)
async def test_revoking_an_unknown_token(staff, policy, token, status, message):
    admin, _ = staff
    got_status, got_message, _ = await refusal(
        invites.revoke_invite(as_admin(policy, admin), token)
    )
    assert (got_status, got_message) == (status, message)


async def test_a_revoked_invite_no_longer_registers(staff, policy):
    admin, _ = staff
    invite = await invites.create_invite(as_admin(policy, admin))
    await invites.revoke_invite(as_admin(policy, admin), invite.token)
    ctx = RequestContext(policy=closed(policy))
    data = registration.RegistrationInput(
        nickname="newbie", email="n@example.org", password="pw", invite_token=invite.token
    )
    status, message, _ = await refusal(registration.register(ctx, data))
    assert (status, message) == (400, "Expired token")


async def test_a_made_invite_registers_once(staff, policy):
    admin, _ = staff
    invite = await invites.create_invite(as_admin(policy, admin))
    ctx = RequestContext(policy=closed(policy))

    def data(nick):
        return registration.RegistrationInput(
            nickname=nick, email=f"{nick}@example.org", password="pw", invite_token=invite.token
        )

    result = await registration.register(ctx, data("newbie"))
    assert result.account.nickname == "newbie"
    row = await Invite.get(id=invite.id)
    assert (row.used, row.uses) == (True, 1)
    status, message, _ = await refusal(registration.register(ctx, data("second")))
    assert (status, message) == (400, "Expired token")


async def test_a_date_limited_invite_expires_after_its_day(staff, policy):
    admin, _ = staff
    today = datetime.now(UTC).date()
    ctx_admin = as_admin(policy, admin)
    good = await invites.create_invite(ctx_admin, expires_at=today.isoformat())
    stale = await invites.create_invite(
        ctx_admin, expires_at=(today - timedelta(days=1)).isoformat()
    )
    ctx = RequestContext(policy=closed(policy))
    ok = await registration.register(
        ctx, registration.RegistrationInput(nickname="a1", password="pw", invite_token=good.token)
    )
    assert ok.account.nickname == "a1"
    status, message, _ = await refusal(
        registration.register(
            ctx,
            registration.RegistrationInput(nickname="a2", password="pw", invite_token=stale.token),
        )
    )
    assert (status, message) == (400, "Expired token")


@pytest.mark.parametrize(
    "viewer",
    [
        Viewer(),
        "user",
        "admin without admin scope",
    ],
)
async def test_only_admins_with_the_invites_scope(staff, policy, viewer):
    admin, user = staff
    if viewer == "user":
        viewer = Viewer(account=user, scopes=ADMIN_SCOPES)
    elif viewer == "admin without admin scope":
        viewer = Viewer(account=admin, scopes=frozenset({"read", "write"}))
    ctx = RequestContext(policy=closed(policy), viewer=viewer, mailer=Mailbox())
    for call in (
        invites.create_invite(ctx),
        invites.list_invites(ctx),
        invites.revoke_invite(ctx, "x"),
        invites.email_invite(ctx, "a@example.org"),
    ):
        status, _, _ = await refusal(call)
        assert status == 403
    assert await Invite.all().count() == 0


async def test_scopes_are_per_direction(staff, policy):
    admin, _ = staff
    reader = as_admin(policy, admin, scopes=frozenset({"admin:read:invites"}))
    writer = as_admin(policy, admin, scopes=frozenset({"admin:write:invites"}))
    assert await invites.list_invites(reader) == []
    status, _, _ = await refusal(invites.create_invite(reader))
    assert status == 403
    made = await invites.create_invite(writer)
    status, _, _ = await refusal(invites.list_invites(writer))
    assert status == 403
    assert [i.id for i in await invites.list_invites(reader)] == [made.id]


async def test_the_admin_token_may_and_is_named_in_the_mail(staff, policy):
    box = Mailbox()
    ctx = RequestContext(policy=closed(policy), viewer=ADMIN_TOKEN_VIEWER, mailer=box)
    invite = await invites.email_invite(ctx, "friend@example.org")
    [mail] = box.sent
    assert mail.to == "friend@example.org"
    assert f"An administrator of {policy.name} invites you" in mail.text
    assert f"https://plenum.example/registration/{invite.token}" in mail.text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registrations_open": True},
         "To send invites you need to set the `registrations_open` option to false."),
        ({"invites_required": False},
         "To send invites you need to set the `invites_enabled` option to true."),
        ({"registrations_open": True, "invites_required": False},
         "To send invites you need to set the `registrations_open` option to false."),
    ],
)
async def test_mailing_is_refused_unless_invites_are_how_people_join(
    staff, policy, changes, message
):
    admin, _ = staff
    ctx = as_admin(dataclasses.replace(closed(policy), **changes), admin, mailer=Mailbox())
    status, error, _ = await refusal(invites.email_invite(ctx, "friend@example.org"))
    assert (status, error) == (400, message)
    assert ctx.mailer.sent == [] and await Invite.all().count() == 0


@pytest.mark.parametrize(
    ("email", "name", "message"),
    [
        (None, None, "Missing field: email."),
        ("", None, "Missing field: email."),
        ("not an address", None, "email - Invalid format. Expected :email."),
        (["a@b.c"], None, "email - Invalid string. Got: array."),
        ("a@example.org", {"x": 1}, "name - Invalid string. Got: map."),
    ],
)
async def test_mailing_needs_an_address(staff, policy, email, name, message):
    admin, _ = staff
    ctx = as_admin(closed(policy), admin, mailer=Mailbox())
    status, error, _ = await refusal(invites.email_invite(ctx, email, name))
    assert (status, error) == (400, message)
    assert await Invite.all().count() == 0


async def test_mailing_without_mail_configured(staff, policy):
    admin, _ = staff
    status, error, _ = await refusal(
        invites.email_invite(as_admin(closed(policy), admin), "friend@example.org")
    )
    assert (status, error) == (400, "deliveries_disabled")
    assert await Invite.all().count() == 0


async def test_a_refused_mail_leaves_no_invite_behind(staff, policy):
    admin, _ = staff
    ctx = as_admin(closed(policy), admin, mailer=Mailbox(fail=True))
    status, error, _ = await refusal(invites.email_invite(ctx, "friend@example.org"))
    assert (status, error) == (503, "The invitation mail could not be sent")
    assert await Invite.all().count() == 0


async def test_the_invitee_name_cannot_inject_headers(staff, policy):
    admin, _ = staff
    box = Mailbox()
    ctx = as_admin(closed(policy), admin, mailer=box)
    await invites.email_invite(ctx, "friend@example.org", "Eve\r\nBcc: victim@example.org")
    [mail] = box.sent
    assert mail.to == '"Eve Bcc: victim@example.org" <friend@example.org>'
    assert "The Boss invites you" in mail.text
