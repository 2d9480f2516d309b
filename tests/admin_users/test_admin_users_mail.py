"""``PATCH /admin/users/resend_confirmation_email`` through a real SMTP server (aiosmtpd):
the mail is the registration's confirmation mail, and its link confirms the account."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from models.accounts import Account
from rest_compat.runtime import EXTRAS
from tests.accounts.test_mail import link_in
from tests.admin_users.helpers import API, log_messages


@pytest.fixture
def settings(settings, smtp_server):
    _, port = smtp_server
    return dataclasses.replace(
        settings,
        account_activation_required=True,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_from="Plenum Test <noreply@plenum.example>",
    )


async def test_resend_mails_a_link_that_confirms(aw, smtp_server):
    inbox, _ = smtp_server
    await Account.filter(id__in=[aw.id("carol"), aw.id("eve")]).update(is_confirmed=False)
    body = await aw.call("PATCH", f"{API}/users/resend_confirmation_email", "root",
                         json={"nicknames": ["carol", "bob", "eve"]})
    assert body == ""
    await aw.client.app[EXTRAS]["jobs"].join()
    await inbox.wait(2)
    await asyncio.sleep(0.2)
    assert sorted(rcpt for _, (rcpt,) in inbox.envelopes) == [
        "carol@example.org", "eve@example.org"
    ]  # bob is confirmed already: no mail for him
    message = next(m for m in inbox.messages if m["To"] == "carol@example.org")
    assert "confirmation" in message["Subject"]
    url, account_id, _ = link_in(message)
    assert account_id == aw.id("carol")
    response = await aw.client.get(url.replace("https://plenum.example", ""),
                                   allow_redirects=False)
    assert response.status == 302
    assert (await Account.get(id=aw.id("carol"))).is_confirmed
    assert not (await Account.get(id=aw.id("eve"))).is_confirmed
    assert await log_messages() == [
        "@root re-sent confirmation email for users: @carol, @bob, @eve"
    ]


async def test_a_new_link_replaces_the_old_one(aw, smtp_server):
    inbox, _ = smtp_server
    await Account.filter(id=aw.id("carol")).update(is_confirmed=False)
    for _ in range(2):
        await aw.call("PATCH", f"{API}/users/resend_confirmation_email", "root",
                      json={"nicknames": ["carol"]})
        await aw.client.app[EXTRAS]["jobs"].join()
    await inbox.wait(2)
    old, new = (link_in(m)[0] for m in inbox.messages[:2])
    response = await aw.client.get(old.replace("https://plenum.example", ""),
                                   allow_redirects=False)
    assert response.status == 400
    response = await aw.client.get(new.replace("https://plenum.example", ""),
                                   allow_redirects=False)
    assert response.status == 302
