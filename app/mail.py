"""Outgoing mail over SMTP (aiosmtplib).

``make_mailer(settings)`` gives the :class:`SmtpMailer` that services see as ``ctx.mailer``,
or ``None`` when ``smtp_host`` is empty (mail off). Sending is one SMTP session per
message; a failure raises :class:`MailError` and the caller decides whether that matters.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from app.config import Settings

log = logging.getLogger("plenum.mail")


class MailError(Exception):
    """A message could not be handed to the SMTP server."""


class SmtpMailer:
    """Sends plain-text mail through one SMTP server.

    STARTTLS is used when the server offers it; port 465 uses implicit TLS.
    """

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.username = username
        self.password = password
        self.timeout = timeout

    def build(self, to: str, subject: str, text: str) -> EmailMessage:
        """The message for ``to`` (pure; used by :meth:`send`)."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        domain = self.sender.rpartition("@")[2] or None
        message["Message-ID"] = make_msgid(domain=domain)
        message.set_content(text)
        return message

    async def send(self, to: str, subject: str, text: str) -> None:
        """Send one plain-text message; raise :class:`MailError` when the server refuses."""
        import aiosmtplib  # imported on first use: most processes never send mail

        message = self.build(to, subject, text)
        try:
            await aiosmtplib.send(
                message,
                hostname=self.host,
                port=self.port,
                username=self.username,
                password=self.password,
                use_tls=self.port == 465,
                start_tls=None if self.port != 465 else False,
                timeout=self.timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            # The address is personal data: log the server, not the recipient.
            log.warning("mail to SMTP server %s:%s failed: %s", self.host, self.port, exc)
            raise MailError(str(exc)) from exc


def make_mailer(settings: Settings) -> SmtpMailer | None:
    """The mailer for ``settings``, or ``None`` when no SMTP host is configured."""
    if not settings.smtp_host:
        return None
    sender = settings.smtp_from or (
        settings.admin_email or f"no-reply@{settings.policy().host.split(':')[0]}"
    )
    return SmtpMailer(settings.smtp_host, settings.smtp_port, sender)
