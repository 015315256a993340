"""E-mail written as .eml files into a directory (the embedded default)."""

from __future__ import annotations

import asyncio
import re
from email.message import EmailMessage as MimeMessage
from pathlib import Path

from adapters.mail.port import EmailMessage


def to_mime(message: EmailMessage, sender: str) -> MimeMessage:
    mime = MimeMessage()
    mime["From"] = sender
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Message-ID"] = f"<{message.message_id}@courseflow>"
    mime.set_content(message.body_text)
    return mime


class OutboxMailer:
    def __init__(self, directory: Path, sender: str) -> None:
        self.directory = directory
        self.sender = sender

    def path_for(self, message_id: str) -> Path:
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", message_id)
        return self.directory / f"{safe}.eml"

    def _write(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        # One file per message ID: a retried send overwrites instead of duplicating.
        self.path_for(message.message_id).write_bytes(bytes(to_mime(message, self.sender)))

    async def send(self, message: EmailMessage) -> None:
        await asyncio.to_thread(self._write, message)
