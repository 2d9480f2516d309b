"""The staff's mail about a new report, through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import dataclasses

import pytest

from models.moderation import Report
from rest_compat.runtime import EXTRAS
from tests.accounts.conftest import smtp_server  # noqa: F401  (fixture re-export)
from tests.reports.conftest import file_report


@pytest.fixture
def settings(settings, smtp_server):  # noqa: F811
    _, port = smtp_server
    return dataclasses.replace(
        settings, smtp_host="127.0.0.1", smtp_port=port, smtp_from="noreply@plenum.example"
    )


def body_of(message) -> str:
    return message.get_payload(decode=True).decode()


async def test_every_admin_and_moderator_gets_a_mail(aw, smtp_server):  # noqa: F811
    inbox, _ = smtp_server
    post = await aw.post("mallory", "buy my stuff")
    report = await file_report(
        aw, "bob", "mallory", status_ids=[post["id"]], comment="spam, again"
    )
    await aw.client.app[EXTRAS]["jobs"].join()
    await inbox.wait(2)
    assert sorted(rcpt for _, [rcpt] in inbox.envelopes) == ["mod@example.org", "root@example.org"]
    message = inbox.messages[0]
    assert message["Subject"] == "Plenum Test Report"
    text = body_of(message)
    assert "Reported by: bob (https://plenum.example/users/bob)" in text
    assert "Reported Account: mallory (https://plenum.example/users/mallory)" in text
    assert "Comment: spam, again" in text
    assert f"- {post['url']}" in text
    assert report["id"] in text
    # nobody else was mailed, and no address leaks into another's mail
    assert "bob@example.org" not in text and "mallory@example.org" not in text


async def test_a_staff_member_without_an_address_is_skipped(aw, smtp_server):  # noqa: F811
    inbox, _ = smtp_server
    mod = aw.accounts["mod"]
    mod.email, mod.email_lower = None, None
    await mod.save(update_fields=["email", "email_lower"])
    await file_report(aw, "bob", "mallory")
    await aw.client.app[EXTRAS]["jobs"].join()
    await inbox.wait(1)
    assert [rcpt for _, rcpt in inbox.envelopes] == [["root@example.org"]]


async def test_an_unreachable_smtp_server_does_not_fail_the_report(make_client_for_reports):
    aw = make_client_for_reports
    body = await file_report(aw, "bob", "mallory")
    await aw.client.app[EXTRAS]["jobs"].join()
    assert await Report.filter(id=body["id"]).exists()


@pytest.fixture
async def make_client_for_reports(aiohttp_client, settings, policy):
    from app.main import create_app
    from tests.admin.world import build_admin_world

    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=1))
    )
    return await build_admin_world(client, policy)
