"""``POST /api/v1/accounts``: every rule of Pleroma's Mastodon-style registration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson

from models.accounts import Account
from models.registration import Invite
from schema.services.passwords import verify_password
from tests.accounts.conftest import APP_SCOPES, app_token, bearer

GOOD = {"username": "lain", "password": "wired-123", "agreement": True, "email": "lain@example.org"}


async def post(client, auth, **changes):
    """POST /api/v1/accounts with GOOD overridden by ``changes`` (``...`` drops a field)."""
    body = {**GOOD, **changes}
    body = {k: v for k, v in body.items() if v is not ...}
    resp = await client.post("/api/v1/accounts", json=body, headers=bearer(auth))
    return resp.status, await resp.json()


def field_errors(body) -> dict:
    """Decode Pleroma's double-encoded error."""
    return orjson.loads(body["error"])


async def test_success_issues_a_token_with_the_app_scopes(client):
    token = await app_token()
    status, body = await post(client, token, fullname="Lain Iwakura", bio="close the world")
    assert status == 200, body
    assert body["token_type"] == "Bearer"
    assert body["scope"] == APP_SCOPES
    assert body["me"] == "https://plenum.example/users/lain"
    assert isinstance(body["created_at"], int)
    assert body["expires_in"] > 0
    assert body["refresh_token"]
    resp = await client.get(
        "/api/v1/accounts/verify_credentials", headers=bearer(body["access_token"])
    )
    assert resp.status == 200
    me = await resp.json()
    assert me["acct"] == "lain"
    assert me["display_name"] == "Lain Iwakura"
    assert me["source"]["note"] == "close the world"
    assert me["pleroma"]["confirmation_pending"] is False
    row = await Account.get(nickname_lower="lain")
    assert row.password_hash != "wired-123" and verify_password("wired-123", row.password_hash)
    assert row.email == "lain@example.org"


async def test_form_body_and_boolean_spellings(client):
    token = await app_token()
    resp = await client.post(
        "/api/v1/accounts",
        data={"username": "form", "password": "pw-pw-pw", "agreement": "1"},
        headers=bearer(token),
    )
    assert resp.status == 200, await resp.text()
    assert "access_token" in await resp.json()


async def test_no_token_or_a_bad_token_is_refused(client):
    resp = await client.post("/api/v1/accounts", json=GOOD)
    assert resp.status == 403
    assert await resp.json() == {"error": "Invalid credentials"}
    resp = await client.post("/api/v1/accounts", json=GOOD, headers=bearer("nonsense"))
    assert resp.status == 403
    assert await resp.json() == {"error": "Invalid credentials"}
    assert not await Account.exists()


async def test_each_missing_required_field(client):
    token = await app_token()
    for name in ("username", "password", "agreement"):
        status, body = await post(client, token, **{name: ...})
        assert status == 400
        assert body == {
            "error": f"Missing field: {name}.",
            "errors": [
                {
                    "message": f"Missing field: {name}",
                    "source": {"pointer": f"/{name}"},
                    "title": "Invalid value",
                }
            ],
        }
    status, body = await post(client, token, username=..., password=...)
    assert status == 400
    assert body["error"] == "Missing field: username. Missing field: password."
    assert [e["source"]["pointer"] for e in body["errors"]] == ["/username", "/password"]
    assert not await Account.exists()


async def test_agreement_must_be_true(client):
    token = await app_token()
    status, body = await post(client, token, agreement=False)
    assert status == 400
    assert field_errors(body) == {"agreement": ["must be accepted"]}
    status, body = await post(client, token, agreement="perhaps")
    assert status == 400
    assert body["errors"][0]["source"] == {"pointer": "/agreement"}
    assert body["error"] == "agreement - Invalid boolean. Got: string."


async def test_duplicate_nickname_and_email_case_insensitively(client):
    token = await app_token()
    assert (await post(client, token))[0] == 200
    status, body = await post(client, token, username="LAIN", email="other@example.org")
    assert status == 400
    assert body == {"error": '{"nickname":["has already been taken"]}'}
    status, body = await post(client, token, username="lain2", email="LAIN@Example.org")
    assert status == 400
    assert body == {"error": '{"email":["has already been taken"]}'}
    assert await Account.all().count() == 1


async def test_bad_nickname_format(client):
    token = await app_token()
    for nickname in ("la in", "lain!", "lain@here", "l.ain", "ли"):
        status, body = await post(client, token, username=nickname)
        assert status == 400, nickname
        assert field_errors(body) == {"nickname": ["has invalid format"]}
    status, _ = await post(client, token, username="Lain_Iwakura-2")
    assert status == 200


async def test_blank_username_and_password(client):
    token = await app_token()
    status, body = await post(client, token, username="", password="")
    assert status == 400
    assert field_errors(body) == {"nickname": ["can't be blank"], "password": ["can't be blank"]}


async def test_reserved_nickname(make_client):
    client = await make_client(restricted_nicknames=("admin", "relay"))
    token = await app_token()
    status, body = await post(client, token, username="Admin")
    assert status == 400
    assert field_errors(body) == {"nickname": ["is reserved"]}


async def test_pleroma_reserved_nicknames_by_default(make_client):
    """Paths of the server (``/users``, ``/relay``, ``/api``...) are not nicknames unless the
    admin empties ``PLENUM_RESTRICTED_NICKNAMES``."""
    client = await make_client()
    token = await app_token()
    for nickname in ("relay", "Users", "API", "nodeinfo", "internal"):
        status, body = await post(client, token, username=nickname)
        assert status == 400, nickname
        assert field_errors(body) == {"nickname": ["is reserved"]}, nickname
    status, _ = await post(client, token, username="relayer")
    assert status == 200


async def test_an_emptied_reserved_list_reserves_nothing(make_client):
    client = await make_client(restricted_nicknames=())
    status, _ = await post(client, await app_token(), username="relay")
    assert status == 200


async def test_email_format_and_blacklist(make_client):
    client = await make_client(email_blacklist=("spam.example",))
    token = await app_token()
    for email in ("not-an-email", "a@b@c", "x@-bad.example"):
        status, body = await post(client, token, email=email)
        assert status == 400, email
        assert field_errors(body) == {"email": ["has invalid format"]}
    for email in ("lain@spam.example", "lain@mail.spam.example", "lain@SPAM.example"):
        status, body = await post(client, token, email=email)
        assert status == 400, email
        assert body == {"error": '{"email":["Invalid email"]}'}
    status, _ = await post(client, token, email="lain@notspam.example")
    assert status == 200


async def test_length_limits(client):
    token = await app_token()
    status, body = await post(client, token, bio="x" * 5001, fullname="n" * 101)
    assert status == 400
    assert field_errors(body) == {
        "bio": ["should be at most 5000 character(s)"],
        "name": ["should be at most 100 character(s)"],
    }
    status, body = await post(client, token, reason="r" * 501)
    assert status == 400
    assert field_errors(body) == {
        "registration_reason": ["should be at most 500 character(s)"]
    }
    status, _ = await post(client, token, bio="x" * 5000, fullname="n" * 100)
    assert status == 200


async def test_email_optional_when_activation_not_required(client):
    token = await app_token()
    assert (await post(client, token, username="noemail", email=...))[0] == 200
    assert (await post(client, token, username="emptyemail", email=""))[0] == 200
    rows = await Account.filter(nickname_lower__in=["noemail", "emptyemail"])
    assert [r.email for r in rows] == [None, None]


async def test_email_required_when_activation_required(make_client):
    client = await make_client(account_activation_required=True)
    token = await app_token()
    status, body = await post(client, token, email=...)
    assert status == 400
    assert body == {"error": "Missing parameter: email"}
    status, body = await post(client, token, email="")
    assert status == 400
    assert body == {"error": '{"email":["can\'t be blank"]}'}
    status, body = await post(client, token)
    assert status == 200
    assert body == {
        "identifier": "missing_confirmed_email",
        "message": "You have been registered. Please check your email for further instructions.",
    }
    row = await Account.get(nickname_lower="lain")
    assert row.is_confirmed is False and row.confirmation_token


async def test_approval_required(make_client):
    client = await make_client(account_approval_required=True)
    token = await app_token()
    status, body = await post(client, token, reason="I want to talk about wired")
    assert status == 200
    assert body == {
        "identifier": "awaiting_approval",
        "message": (
            "You have been registered. You'll be able to log in once your account is approved."
        ),
    }
    row = await Account.get(nickname_lower="lain")
    assert row.is_approved is False
    assert row.registration_reason == "I want to talk about wired"
    resp = await client.get(f"/api/v1/accounts/{row.id}")
    assert resp.status == 404
    assert await resp.json() == {"error": "Can't find user"}


async def test_closed_registrations_need_a_valid_invite(make_client):
    client = await make_client(registrations_open=False)
    token = await app_token()
    status, body = await post(client, token)
    assert (status, body) == (400, {"error": "Invalid token"})
    status, body = await post(client, token, token="no-such-invite")
    assert (status, body) == (400, {"error": "Invalid token"})
    assert not await Account.exists()


async def test_one_time_invite(make_client):
    client = await make_client(registrations_open=False)
    token = await app_token()
    await Invite.create(token="once")
    status, body = await post(client, token, token="once")
    assert status == 200, body
    invite = await Invite.get(token="once")
    assert invite.used is True and invite.uses == 1
    status, body = await post(client, token, token="once", username="second", email=...)
    assert (status, body) == (400, {"error": "Expired token"})


async def test_reusable_invite_until_max_use(make_client):
    client = await make_client(registrations_open=False)
    token = await app_token()
    await Invite.create(token="multi", max_use=2)
    for nickname in ("one", "two"):
        status, body = await post(client, token, token="multi", username=nickname, email=...)
        assert status == 200, body
    invite = await Invite.get(token="multi")
    assert (invite.uses, invite.used) == (2, True)
    status, body = await post(client, token, token="multi", username="three", email=...)
    assert (status, body) == (400, {"error": "Expired token"})


async def test_date_limited_invites(make_client):
    client = await make_client(registrations_open=False)
    token = await app_token()
    today = datetime.now(UTC).date()
    await Invite.create(token="today", expires_at=today)
    await Invite.create(token="overdue", expires_at=today - timedelta(days=1))
    await Invite.create(token="both", expires_at=today + timedelta(days=1), max_use=1)
    status, body = await post(client, token, token="overdue")
    assert (status, body) == (400, {"error": "Expired token"})
    for nickname in ("a1", "a2"):  # date-limited only: reusable until the date
        status, body = await post(client, token, token="today", username=nickname, email=...)
        assert status == 200, body
    assert (await Invite.get(token="today")).uses == 2
    status, _ = await post(client, token, token="both", username="b1", email=...)
    assert status == 200
    status, body = await post(client, token, token="both", username="b2", email=...)
    assert (status, body) == (400, {"error": "Expired token"})


async def test_failed_validation_does_not_spend_the_invite(make_client):
    client = await make_client(registrations_open=False)
    token = await app_token()
    await Invite.create(token="once")
    status, _ = await post(client, token, token="once", username="bad name")
    assert status == 400
    invite = await Invite.get(token="once")
    assert (invite.uses, invite.used) == (0, False)
    status, _ = await post(client, token, token="once")
    assert status == 200


async def test_invite_ignored_when_registrations_are_open(client):
    token = await app_token()
    status, _ = await post(client, token, token="whatever")
    assert status == 200
