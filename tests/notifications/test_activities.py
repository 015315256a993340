"""NotificationActivities.notify_user: one in-app row and one e-mail per dedupe key, and a
failed e-mail left for the retry to finish."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.notifications import NotificationActivities
from adapters.mail.outbox import OutboxMailer
from adapters.mail.smtp import SmtpMailer
from db.models import Notification, User
from db.session import transaction
from schemas.notifications import NotifyUserInput
from tests.factories import create_user


class Inbox:
    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def outbox_notifications(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> NotificationActivities:
    return NotificationActivities(
        sessionmaker, OutboxMailer(tmp_path / "outbox", "cf <no-reply@courseflow.local>")
    )


async def a_user(sessionmaker: async_sessionmaker[AsyncSession]) -> User:
    async with transaction(sessionmaker) as session:
        return await create_user(session)


def request(user: User, key: str, email: bool = True) -> NotifyUserInput:
    return NotifyUserInput(
        user_id=user.id,
        kind="enrollment.active",
        subject="Enrollment in Statistics: active",
        body="You are enrolled.",
        dedupe_key=key,
        email=email,
    )


async def rows(sessionmaker: async_sessionmaker[AsyncSession], key: str) -> list[Notification]:
    async with sessionmaker() as session:
        return list(
            await session.scalars(select(Notification).where(Notification.dedupe_key == key))
        )


async def test_the_same_dedupe_key_notifies_once(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    activities = outbox_notifications(sessionmaker, tmp_path)
    user = await a_user(sessionmaker)
    key = f"enrollment.active:{uuid.uuid4()}"
    env = ActivityEnvironment()
    first = await env.run(activities.notify_user, request(user, key))
    second = await env.run(activities.notify_user, request(user, key))
    assert first.emailed and not second.emailed
    assert first.notification_id == second.notification_id
    [row] = await rows(sessionmaker, key)
    assert row.email_sent_at is not None
    assert len(list((tmp_path / "outbox").iterdir())) == 1


async def test_a_failed_email_is_sent_by_the_retry_without_a_second_row(
    sessionmaker: async_sessionmaker[AsyncSession], reserve_port: Callable[[], int]
) -> None:
    port = reserve_port()  # nothing listens yet: the SMTP server is down
    activities = NotificationActivities(
        sessionmaker, SmtpMailer("127.0.0.1", port, "cf <no-reply@courseflow.local>",
                                 starttls=False, timeout_s=5)
    )  # fmt: skip
    user = await a_user(sessionmaker)
    key = f"enrollment.active:{uuid.uuid4()}"
    env = ActivityEnvironment()
    with pytest.raises(ConnectionRefusedError):  # Temporal retries the activity
        await env.run(activities.notify_user, request(user, key))
    [row] = await rows(sessionmaker, key)
    assert row.email_sent_at is None
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        retried = await env.run(activities.notify_user, request(user, key))
    finally:
        server.stop()
    assert retried.emailed and retried.notification_id == row.id
    [row] = await rows(sessionmaker, key)
    assert row.email_sent_at is not None
    assert [e.rcpt_tos for e in inbox.envelopes] == [[user.email]]


async def test_in_app_only_and_unknown_users(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    activities = outbox_notifications(sessionmaker, tmp_path)
    user = await a_user(sessionmaker)
    env = ActivityEnvironment()
    quiet = await env.run(activities.notify_user, request(user, f"k:{uuid.uuid4()}", email=False))
    assert not quiet.emailed and not (tmp_path / "outbox").exists()
    ghost = User(id=uuid.uuid4(), email="x", full_name="x", role=user.role, password_hash="x")
    with pytest.raises(ApplicationError) as missing:
        await env.run(activities.notify_user, request(ghost, f"k:{uuid.uuid4()}"))
    assert missing.value.type == "UserNotFound" and missing.value.non_retryable
    async with sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(Notification).where(Notification.user_id == ghost.id)
        )
    assert count == 0


async def test_concurrent_attempts_with_one_dedupe_key_write_one_row(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """An attempt that loses the insert to another reads the winner's row, not an error."""
    activities = outbox_notifications(sessionmaker, tmp_path)
    user = await a_user(sessionmaker)
    key = f"enrollment.active:{uuid.uuid4()}"
    env = ActivityEnvironment()
    results = await asyncio.gather(
        *(env.run(activities.notify_user, request(user, key, email=False)) for _ in range(6))
    )
    [row] = await rows(sessionmaker, key)
    assert {r.notification_id for r in results} == {row.id}
