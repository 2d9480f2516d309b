"""Confirmation mail through a real SMTP server (aiosmtpd), and the confirmation link."""

from __future__ import annotations

import re

from app.config import Settings
from app.mail import MailError, SmtpMailer, make_mailer
from models.accounts import Account
from tests.accounts.conftest import app_token, bearer

LINK = re.compile(r"https://plenum\.example/api/account/confirm_email/(\S+)/(\S+)")


async def register(client, **changes):
    body = {"username": "lain", "password": "wired-123", "agreement": True,
            "email": "lain@example.org", **changes}
    resp = await client.post("/api/v1/accounts", json=body, headers=bearer(await app_token()))
    return resp.status, await resp.json()


def link_in(message) -> tuple[str, str, str]:
    text = message.get_payload(decode=True).decode()
    match = LINK.search(text)
    assert match, text
    return match.group(0), match.group(1), match.group(2)


async def test_activation_mail_arrives_and_its_link_confirms(mail_client):
    client, inbox = mail_client
    status, body = await register(client)
    assert status == 200
    assert body["identifier"] == "missing_confirmed_email"
    await inbox.wait(1)
    mail_from, rcpt = inbox.envelopes[0]
    assert rcpt == ["lain@example.org"]
    assert mail_from == "noreply@plenum.example"
    message = inbox.messages[0]
    assert message["To"] == "lain@example.org"
    assert "confirmation" in message["Subject"]
    url, account_id, token = link_in(message)
    row = await Account.get(nickname_lower="lain")
    assert account_id == row.id and row.is_confirmed is False
    assert token not in (row.confirmation_token or "")  # only a digest is stored

    # Unconfirmed accounts are hidden from others.
    resp = await client.get(f"/api/v1/accounts/{row.id}")
    assert resp.status == 404

    resp = await client.get(url.replace("https://plenum.example", ""), allow_redirects=False)
    assert resp.status == 302
    assert resp.headers["Location"] == "/"
    row = await Account.get(id=row.id)
    assert row.is_confirmed is True and row.confirmation_token is None
    resp = await client.get(f"/api/v1/accounts/{row.id}")
    assert resp.status == 200
    assert (await resp.json())["pleroma"]["confirmation_pending"] is False

    # Following the link again is harmless.
    resp = await client.get(url.replace("https://plenum.example", ""), allow_redirects=False)
    assert resp.status == 302


async def test_wrong_confirmation_token_is_refused(mail_client):
    client, inbox = mail_client
    await register(client)
    await inbox.wait(1)
    _, account_id, _ = link_in(inbox.messages[0])
    for path in (
        f"/api/account/confirm_email/{account_id}/wrong-token",
        "/api/account/confirm_email/000000000000000000/whatever",
    ):
        resp = await client.get(path, allow_redirects=False)
        assert resp.status == 400
        assert await resp.json() == {"error": "Invalid confirmation token"}
    assert (await Account.get(id=account_id)).is_confirmed is False


async def test_legacy_registration_sends_the_mail_too(mail_client):
    client, inbox = mail_client
    resp = await client.post(
        "/api/account/register",
        data={"nickname": "old", "email": "old@example.org", "password": "p", "confirm": "p"},
    )
    assert resp.status == 200
    assert await resp.json() == {}
    await inbox.wait(1)
    assert inbox.envelopes[0][1] == ["old@example.org"]


async def test_registration_survives_an_unreachable_smtp_server(make_client):
    client = await make_client(
        account_activation_required=True, smtp_host="127.0.0.1", smtp_port=1
    )
    status, body = await register(client)
    assert status == 200
    assert body["identifier"] == "missing_confirmed_email"
    assert await Account.filter(nickname_lower="lain").exists()


async def test_mailer_sends_plain_text(smtp_server):
    inbox, port = smtp_server
    mailer = SmtpMailer("127.0.0.1", port, "Plenum <noreply@plenum.example>")
    await mailer.send("bob@example.org", "Hello", "Line one\nLine two é\n")
    await inbox.wait(1)
    message = inbox.messages[0]
    assert message["Subject"] == "Hello"
    assert "Line two é" in message.get_payload(decode=True).decode()


async def test_mailer_raises_mail_error_when_refused():
    mailer = SmtpMailer("127.0.0.1", 1, "noreply@plenum.example", timeout=2)
    try:
        await mailer.send("bob@example.org", "Hello", "text")
    except MailError:
        pass
    else:
        raise AssertionError("expected MailError")


def test_no_mailer_without_smtp_host():
    assert make_mailer(Settings(smtp_host="")) is None
    mailer = make_mailer(Settings(smtp_host="mail.example", smtp_from="x@plenum.example"))
    assert mailer is not None and mailer.sender == "x@plenum.example"
