"""Mail port: transactional e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class EmailMessage:
    to: str
    subject: str
    body_text: str
    # Stable per notification, so a retried send is recognisable as the same message.
    message_id: str


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Deliver or raise; transient failures are retried by the calling activity."""
