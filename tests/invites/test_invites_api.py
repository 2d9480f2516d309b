"""The admin API's invite routes over HTTP: shapes, errors, who may call them, and the
invitation mail through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import pytest

from models.registration import Invite
from tests.admin.world import ADMIN_TOKEN
from tests.invites.http import NOT_ADMIN, REFUSED_CALLERS, instance, no_content, settings_for

PREFIXES = ("/api/pleroma/admin", "/api/v1/pleroma/admin")
CREATE = "/api/pleroma/admin/users/invite_token"
LIST = "/api/pleroma/admin/users/invites"
REVOKE = "/api/pleroma/admin/users/revoke_invite"
EMAIL = "/api/pleroma/admin/users/email_invite"
KEYS = {"id", "token", "used", "expires_at", "uses", "max_use", "invite_type"}
SMTP = instance(smtp=True)


@pytest.fixture
def settings(settings, request):
    """Registrations closed, invites on, the admin token set, plus the test's changes."""
    return settings_for(
        settings, request,
        registrations_open=False, invites_required=True, admin_token=ADMIN_TOKEN,
    )


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_create_without_options_is_one_time(aw, prefix):
    body = await aw.call("POST", f"{prefix}/users/invite_token", "root", json={})
    assert set(body) == KEYS
    assert (body["used"], body["uses"], body["max_use"], body["expires_at"]) == (
        False, 0, None, None,
    )
    assert body["invite_type"] == "one_time"
    row = await Invite.get(token=body["token"])
    assert row.id == body["id"]


@pytest.mark.parametrize(
    ("sent", "max_use", "expires_at", "kind"),
    [
        ({"max_use": 150}, 150, None, "reusable"),
        ({"expires_at": "2099-04-20"}, None, "2099-04-20", "date_limited"),
        ({"max_use": 150, "expires_at": "2099-04-20"}, 150, "2099-04-20",
         "reusable_date_limited"),
    ],
)
async def test_create_with_limits_as_json(aw, sent, max_use, expires_at, kind):
    body = await aw.call("POST", CREATE, "root", json=sent)
    assert (body["max_use"], body["expires_at"], body["invite_type"]) == (
        max_use, expires_at, kind,
    )


async def test_create_with_limits_as_a_form(aw):
    body = await aw.call("POST", CREATE, "root", data={"max_use": "2", "expires_at": "2099-01-01"})
    assert (body["max_use"], body["expires_at"], body["invite_type"]) == (
        2, "2099-01-01", "reusable_date_limited",
    )


@pytest.mark.parametrize(
    ("sent", "error"),
    [
        ({"max_use": "lots"}, "max_use - Invalid integer. Got: string."),
        ({"max_use": 0}, "max_use - 0 is smaller than inclusive minimum 1."),
        ({"expires_at": "20/04/2099"}, "expires_at - Invalid format. Expected :date."),
    ],
)
async def test_create_refuses_bad_values(aw, sent, error):
    body = await aw.call("POST", CREATE, "root", expect=400, json=sent)
    assert body["error"] == error
    assert body["errors"][0]["title"] == "Invalid value"
    assert body["errors"][0]["source"] == {"pointer": f"/{next(iter(sent))}"}
    assert await Invite.all().count() == 0


async def test_list_is_empty_then_shows_every_invite(aw):
    assert await aw.call("GET", LIST, "root") == {"invites": []}
    first = await aw.call("POST", CREATE, "root", json={})
    second = await aw.call("POST", CREATE, "root", json={"max_use": 3})
    assert await aw.call("GET", LIST, "root") == {"invites": [first, second]}
    assert await aw.call("GET", "/api/v1/pleroma/admin/users/invites", "root") == {
        "invites": [first, second]
    }


async def test_revoke_answers_the_invite_used(aw):
    invite = await aw.call("POST", CREATE, "root", json={})
    body = await aw.call("POST", REVOKE, "root", json={"token": invite["token"]})
    assert body == {**invite, "used": True}
    listed = await aw.call("GET", LIST, "root")
    assert listed["invites"][0]["used"] is True


async def test_revoke_an_unknown_or_missing_token(aw):
    assert await aw.call("POST", REVOKE, "root", expect=404, json={"token": "foo"}) == {
        "error": "Not found"
    }
    body = await aw.call("POST", REVOKE, "root", expect=400, json={})
    assert body["error"] == "Missing field: token."


async def test_a_revoked_invite_cannot_register(aw):
    invite = await aw.call("POST", CREATE, "root", json={})
    await aw.call("POST", REVOKE, "root", json={"token": invite["token"]})
    body = await aw.call(
        "POST", "/api/account/register", None, expect=400,
        data={"nickname": "late", "password": "pw", "confirm": "pw", "token": invite["token"]},
    )
    assert body == "Expired token"


async def test_an_invite_registers_through_the_mastodon_path(aw):
    invite = await aw.call("POST", CREATE, "root", json={"max_use": 2})
    for nick in ("one", "two"):
        await aw.call(
            "POST", "/api/v1/accounts", "alice",
            json={"username": nick, "password": "pw-123", "agreement": True,
                  "email": f"{nick}@example.org", "token": invite["token"]},
        )
    listed = (await aw.call("GET", LIST, "root"))["invites"][0]
    assert (listed["uses"], listed["used"]) == (2, True)


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", CREATE), ("GET", LIST), ("POST", REVOKE), ("POST", EMAIL)],
)
@REFUSED_CALLERS
async def test_only_admins_may(aw, method, path, who, error):
    body = await aw.call(method, path, who, expect=403, json={"token": "x", "email": "a@b.org"})
    assert body == {"error": error}
    assert await Invite.all().count() == 0


async def test_the_admin_token_may(aw):
    body = await aw.call("POST", f"{CREATE}?admin_token={ADMIN_TOKEN}", json={})
    assert body["invite_type"] == "one_time"


async def test_a_token_with_only_the_read_scope_cannot_write(aw, policy):
    from schema.services import tokens

    issued = await tokens.issue_token(aw.accounts["root"], aw.app, ["admin:read:invites"])
    aw.tokens["reader"] = issued.access_token
    assert await aw.call("GET", LIST, "reader") == {"invites": []}
    body = await aw.call("POST", CREATE, "reader", expect=403, json={})
    assert body == {"error": NOT_ADMIN}


@SMTP
async def test_email_invite_mails_a_registration_link(aw, inbox):
    await no_content(aw, "POST", EMAIL, "root", json={"email": "foo@bar.com", "name": "J. D."})
    await inbox.wait(1)
    mail_from, rcpt = inbox.envelopes[0]
    assert rcpt == ["foo@bar.com"]
    assert mail_from == "noreply@plenum.example"
    message = inbox.messages[0]
    assert message["To"] == '"J. D." <foo@bar.com>'
    assert message["Subject"] == "Invitation to Plenum Test"
    text = message.get_payload(decode=True).decode()
    [row] = await Invite.all()
    assert (row.used, row.max_use, row.expires_at) == (False, None, None)
    assert f"https://plenum.example/registration/{row.token}" in text
    assert "root invites you to join Plenum Test" in text


@SMTP
async def test_email_invite_with_a_plus_address_and_no_name(aw, inbox):
    await no_content(aw, "POST", EMAIL, "root", data={"email": "foo+bar@baz.com"})
    await inbox.wait(1)
    assert inbox.envelopes[0][1] == ["foo+bar@baz.com"]
    assert inbox.messages[0]["To"] == "foo+bar@baz.com"


@SMTP
async def test_an_injected_name_does_not_add_recipients(aw, inbox):
    await no_content(
        aw, "POST", EMAIL, "root",
        json={"email": "friend@example.org", "name": "Eve\r\nBcc: victim@example.org"},
    )
    await inbox.wait(1)
    assert inbox.envelopes[0][1] == ["friend@example.org"]
    assert inbox.messages[0]["Bcc"] is None


@instance(smtp=True, registrations_open=True)
async def test_email_invite_refused_while_registrations_are_open(aw, inbox):
    body = await aw.call("POST", EMAIL, "root", expect=400, json={"email": "foo@bar.com"})
    assert body == {
        "error": "To send invites you need to set the `registrations_open` option to false."
    }
    assert inbox.messages == [] and await Invite.all().count() == 0


@instance(smtp=True, invites_required=False)
async def test_email_invite_refused_when_invites_are_off(aw, inbox):
    body = await aw.call("POST", EMAIL, "root", expect=400, json={"email": "foo@bar.com"})
    assert body == {
        "error": "To send invites you need to set the `invites_enabled` option to true."
    }


async def test_email_invite_without_mail_configured(aw):
    body = await aw.call("POST", EMAIL, "root", expect=400, json={"email": "foo@bar.com"})
    assert body == {"error": "deliveries_disabled"}
    assert await Invite.all().count() == 0


@instance(smtp_host="127.0.0.1", smtp_port=1)
async def test_email_invite_when_the_smtp_server_is_unreachable(aw):
    body = await aw.call("POST", EMAIL, "root", expect=503, json={"email": "foo@bar.com"})
    assert body == {"error": "The invitation mail could not be sent"}
    assert await Invite.all().count() == 0


@SMTP
async def test_email_invite_needs_an_address(aw, inbox):
    body = await aw.call("POST", EMAIL, "root", expect=400, json={"name": "x"})
    assert body["error"] == "Missing field: email."
    body = await aw.call("POST", EMAIL, "root", expect=400, json={"email": "nobody"})
    assert body["error"] == "email - Invalid format. Expected :email."

