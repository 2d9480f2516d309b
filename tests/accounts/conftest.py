"""Fixtures for registration, captcha, mail and account-read tests."""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
import socket
from email import message_from_bytes
from email.message import Message

import pytest
import pytest_asyncio
from aiosmtpd.controller import Controller

from app.main import create_app
from models.oauth import App
from schema.services.tokens import issue_token

APP_SCOPES = "read write follow push"


async def make_app_row(*, trusted: bool = False, scopes: str = APP_SCOPES) -> App:
    """An OAuth client row (the app registration endpoint is another area's)."""
    return await App.create(
        client_id=secrets.token_urlsafe(16),
        client_secret=secrets.token_urlsafe(32),
        name="Test client",
        redirect_uris="urn:ietf:wg:oauth:2.0:oob",
        scopes=scopes,
        trusted=trusted,
    )


async def app_token(*, trusted: bool = False, scopes: str = APP_SCOPES) -> str:
    """A client_credentials-style (app-only) bearer token string."""
    app = await make_app_row(trusted=trusted, scopes=scopes)
    issued = await issue_token(None, app, scopes.split())
    return issued.access_token


async def user_token(account) -> str:
    """A bearer token for ``account`` (no app)."""
    issued = await issue_token(account, None, ["read", "write", "follow"])
    return issued.access_token


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def make_client(aiohttp_client, settings):
    """``await make_client(**setting_overrides)``: a test client on an app with those settings."""

    async def factory(**overrides):
        return await aiohttp_client(create_app(dataclasses.replace(settings, **overrides)))

    return factory


class Inbox:
    """What the test SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"

    async def wait(self, count: int = 1) -> None:
        """Wait (up to 5 s) until ``count`` messages arrived."""
        for _ in range(100):
            if len(self.messages) >= count:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"expected {count} message(s), got {len(self.messages)}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free local port: ``(inbox, port)``."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest_asyncio.fixture
async def mail_client(make_client, smtp_server):
    """A client whose instance requires email activation and mails through ``smtp_server``."""
    inbox, port = smtp_server
    client = await make_client(
        account_activation_required=True,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_from="Plenum Test <noreply@plenum.example>",
    )
    return client, inbox
