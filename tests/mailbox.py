"""A mailer that keeps what it is asked to send, for tests that need no SMTP server."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Sent:
    """One message handed to the mailer."""

    to: str
    subject: str
    text: str


@dataclass
class Mailbox:
    """``ctx.mailer`` stand-in: ``send`` records; ``fail`` makes it raise instead."""

    sent: list[Sent] = field(default_factory=list)
    fail: bool = False

    async def send(self, to: str, subject: str, text: str) -> None:
        """Record one message (or raise ``OSError`` when ``fail``)."""
        if self.fail:
            raise OSError("refused by the test")
        self.sent.append(Sent(to, subject, text))
