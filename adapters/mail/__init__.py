"""Mail port and implementations (SMTP, outbox directory)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.mail.port import Mailer
    from core.settings import Settings


def make_mailer(settings: Settings) -> Mailer:
    if settings.smtp_host:
        from adapters.mail.smtp import SmtpMailer

        return SmtpMailer.from_settings(settings)
    from adapters.mail.outbox import OutboxMailer

    return OutboxMailer(settings.resolved_outbox_dir, settings.mail_from)
