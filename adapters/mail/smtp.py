"""E-mail through an SMTP server (STARTTLS and login when configured)."""

from __future__ import annotations

import asyncio
import smtplib
import ssl

from adapters.mail.outbox import to_mime
from adapters.mail.port import EmailMessage
from core.settings import Settings


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        timeout_s: float = 10.0,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password = username, password
        self.starttls, self.timeout_s = starttls, timeout_s

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpMailer:
        assert settings.smtp_host is not None
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            settings.mail_from,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            starttls=settings.smtp_starttls,
            timeout_s=settings.smtp_timeout_s,
        )

    def _send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username and self.password:
                smtp.login(self.username, self.password)
            smtp.send_message(to_mime(message, self.sender))

    async def send(self, message: EmailMessage) -> None:
        await asyncio.to_thread(self._send, message)
