"""Mail adapters through real protocols: SmtpMailer against an aiosmtpd server on loopback,
OutboxMailer writing .eml files a mail client can open."""

from __future__ import annotations

import email
import smtplib
from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from adapters.mail import make_mailer
from adapters.mail.outbox import OutboxMailer
from adapters.mail.port import EmailMessage
from adapters.mail.smtp import SmtpMailer
from core.settings import Settings

SENDER = "courseflow <no-reply@courseflow.local>"
MESSAGE = EmailMessage(
    to="learner@example.org",
    subject="Enrollment in Statistics: active",
    body_text="You are enrolled. Happy learning!",
    message_id="7c7a3f0e-notification",
)


class Inbox:
    """aiosmtpd handler: keeps every message it accepts."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def parsed(self) -> list[Message]:
        return [email.message_from_bytes(e.original_content or b"") for e in self.envelopes]


def check_login(
    server: Any, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"mailer",
        b"s3cret",
    )
    return AuthResult(success=ok, handled=False)  # let aiosmtpd answer 535


@pytest.fixture
def smtp_server(reserve_port: Callable[[], int]) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = reserve_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=check_login,
        auth_require_tls=False,  # loopback test server without a certificate
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


async def test_smtp_mailer_delivers_the_message_with_login(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    mailer = SmtpMailer(
        "127.0.0.1", port, SENDER, username="mailer", password="s3cret", starttls=False
    )
    await mailer.send(MESSAGE)
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["learner@example.org"]
    [message] = inbox.parsed()
    assert message["Subject"] == MESSAGE.subject
    assert message["To"] == "learner@example.org"
    assert message["Message-ID"] == "<7c7a3f0e-notification@courseflow>"
    assert message.get_payload(decode=True).decode().strip() == MESSAGE.body_text  # type: ignore[union-attr]


async def test_smtp_mailer_raises_on_bad_credentials(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    mailer = SmtpMailer(
        "127.0.0.1", port, SENDER, username="mailer", password="wrong", starttls=False
    )
    with pytest.raises(smtplib.SMTPAuthenticationError):
        await mailer.send(MESSAGE)
    assert inbox.envelopes == []


async def test_smtp_mailer_raises_when_the_server_is_down(
    reserve_port: Callable[[], int],
) -> None:
    mailer = SmtpMailer("127.0.0.1", reserve_port(), SENDER, starttls=False, timeout_s=2)
    with pytest.raises(OSError):  # the calling activity fails and Temporal retries it
        await mailer.send(MESSAGE)


async def test_settings_choose_smtp_when_a_host_is_set(tmp_path: Path) -> None:
    smtp = make_mailer(Settings(environment="test", smtp_host="127.0.0.1", data_dir=tmp_path))
    outbox = make_mailer(Settings(environment="test", data_dir=tmp_path))
    assert isinstance(smtp, SmtpMailer) and isinstance(outbox, OutboxMailer)


async def test_outbox_writes_one_eml_per_message_even_when_resent(tmp_path: Path) -> None:
    mailer = OutboxMailer(tmp_path / "outbox", SENDER)
    await mailer.send(MESSAGE)
    await mailer.send(MESSAGE)  # a retried activity
    [path] = list((tmp_path / "outbox").iterdir())
    assert path.suffix == ".eml"
    message = email.message_from_bytes(path.read_bytes())
    assert message["From"] == SENDER
    assert message["Subject"] == MESSAGE.subject
    assert message.get_payload(decode=True).decode().strip() == MESSAGE.body_text  # type: ignore[union-attr]


async def test_outbox_file_names_cannot_escape_the_directory(tmp_path: Path) -> None:
    mailer = OutboxMailer(tmp_path / "outbox", SENDER)
    hostile = EmailMessage(to="a@example.org", subject="s", body_text="b", message_id="../../x")
    await mailer.send(hostile)
    [path] = list((tmp_path / "outbox").iterdir())
    assert path.parent == tmp_path / "outbox"
