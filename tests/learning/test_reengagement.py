"""Re-engagement reminders: who is due (a streak about to break in the learner's own zone,
idle learners once per idle stretch), opt-out, one reminder per learner and day through
retries and re-runs; the workflow pages, continues as new, shows its counts; the schedule."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.testing import ActivityEnvironment

from activities.learning import ReminderActivities
from adapters.mail.outbox import OutboxMailer
from adapters.mail.smtp import SmtpMailer
from core.settings import Settings
from db.migrate import upgrade_head
from db.models import Enrollment, LearningEvent, Notification, Reminder, User
from db.session import make_engine, make_sessionmaker
from schemas.enums import Role
from schemas.learning import (
    REENGAGEMENT_SCHEDULE_ID,
    REENGAGEMENT_WORKFLOW,
    VERB_COMPLETED,
    ReengagementInput,
    ReengagementResult,
    ReminderPageInput,
)
from services import learning
from tests.factories import create_course, create_token_user
from tests.learning.support import create_enrollment, running_worker
from tests.notifications.test_activities import Inbox

AS_OF = datetime(2026, 6, 10, 17, 0, tzinfo=UTC)  # 05:00 on June 11 in Auckland
SENDER = "cf <no-reply@courseflow.local>"


@dataclass
class Cohort:
    streak: User  # Auckland: learned on its June 10, nothing yet on its June 11
    idle: User  # last active 10 days ago
    fresh: User  # learned an hour ago
    opted_out: User  # idle, but said no to reminders
    reminded: User  # idle, and already reminded since their last activity


async def _learner(
    session: AsyncSession, course: Any, *, last_active: datetime, zone: str = "UTC",
    opted_out: bool = False,
) -> tuple[User, Enrollment]:  # fmt: skip
    user = await create_token_user(session, Role.student)
    user.time_zone, user.reminders_opt_out = zone, opted_out
    enrollment = await create_enrollment(
        session, course, user, activated_at=last_active - timedelta(days=30),
        init_sections=False, last_activity_at=last_active,
    )  # fmt: skip
    return user, enrollment


def _learned(session: AsyncSession, enrollment: Enrollment, at: datetime) -> None:
    session.add(
        LearningEvent(
            actor_id=enrollment.student_id, enrollment_id=enrollment.id,
            course_id=enrollment.course_id, verb=VERB_COMPLETED, object_id=str(uuid.uuid4()),
            object_type="section", timestamp=at, stored_at=at,
        )
    )  # fmt: skip


async def seed_cohort(sessionmaker: async_sessionmaker[AsyncSession]) -> Cohort:
    async with sessionmaker() as session, session.begin():
        author = await create_token_user(session, Role.instructor)
        course = await create_course(session, author)
        # 20:00 UTC June 9 = 08:00 June 10 in Auckland: "yesterday" there at AS_OF.
        at = datetime(2026, 6, 9, 20, 0, tzinfo=UTC)
        streak, e = await _learner(session, course, last_active=at, zone="Pacific/Auckland")
        _learned(session, e, at)
        idle, _ = await _learner(session, course, last_active=AS_OF - timedelta(days=10))
        fresh, e = await _learner(session, course, last_active=AS_OF - timedelta(hours=1))
        _learned(session, e, AS_OF - timedelta(hours=1))
        opted, _ = await _learner(session, course, last_active=AS_OF - timedelta(days=10),
                                  opted_out=True)  # fmt: skip
        reminded, _ = await _learner(session, course, last_active=AS_OF - timedelta(days=20))
        session.add(Reminder(user_id=reminded.id, day=(AS_OF - timedelta(days=12)).date(),
                             kind="idle", created_at=AS_OF - timedelta(days=12)))  # fmt: skip
    return Cohort(streak, idle, fresh, opted, reminded)


async def _fresh_sqlite(sqlite_url: str) -> async_sessionmaker[AsyncSession]:
    upgrade_head(sqlite_url)
    return make_sessionmaker(make_engine(sqlite_url))


async def _reminders(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[uuid.UUID, str]:
    async with sessionmaker() as session:
        rows = await session.execute(
            select(Reminder.user_id, Reminder.kind).where(Reminder.day >= AS_OF.date())
        )
        return dict(rows.tuples().all())


async def _unsent(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        return int(
            await session.scalar(
                select(func.count()).where(
                    Notification.kind.like("reminder.%"), Notification.email_sent_at.is_(None)
                )
            )
            or 0
        )


def page(limit: int = 100) -> ReminderPageInput:
    return ReminderPageInput(as_of=AS_OF, after_user_id=None, limit=limit, idle_days=7)


async def test_a_page_reminds_who_is_due_once_in_app_and_by_mail(
    sqlite_url: str, tmp_path: Path
) -> None:
    sessionmaker = await _fresh_sqlite(sqlite_url)
    c = await seed_cohort(sessionmaker)
    activities = ReminderActivities(sessionmaker, OutboxMailer(tmp_path / "outbox", SENDER))
    env = ActivityEnvironment()
    first = await env.run(activities.send_reminders_page, page())
    counts = first.counts
    assert (counts.scanned, counts.streak_at_risk, counts.idle) == (5, 1, 2)
    assert (counts.sent, counts.opted_out, counts.already_sent) == (2, 1, 0)
    assert first.last_user_id is None
    assert await _reminders(sessionmaker) == {c.streak.id: "streak_at_risk", c.idle.id: "idle"}
    again = await env.run(activities.send_reminders_page, page())  # a re-run, the same day
    assert (again.counts.sent, again.counts.already_sent) == (0, 2)
    assert len(await _reminders(sessionmaker)) == 2
    assert len(list((tmp_path / "outbox").iterdir())) == 2
    assert await _unsent(sessionmaker) == 0
    async with sessionmaker() as session:
        subjects = list(
            await session.scalars(select(Notification.subject).where(
                Notification.user_id.in_([c.streak.id, c.idle.id])))
        )  # fmt: skip
    assert sorted(subjects) == ["Keep your streak going", "Your course is waiting"]


async def test_a_page_retried_after_the_mail_server_failed_sends_each_reminder_once(
    sqlite_url: str, reserve_port: Callable[[], int]
) -> None:
    sessionmaker = await _fresh_sqlite(sqlite_url)
    c = await seed_cohort(sessionmaker)
    port = reserve_port()  # nothing listens yet: the SMTP server is down
    mailer = SmtpMailer("127.0.0.1", port, SENDER, starttls=False, timeout_s=5)
    activities = ReminderActivities(sessionmaker, mailer)
    env = ActivityEnvironment()
    with pytest.raises(ConnectionRefusedError):  # Temporal retries the activity
        await env.run(activities.send_reminders_page, page())
    assert len(await _reminders(sessionmaker)) == 2  # committed before the mail
    assert await _unsent(sessionmaker) == 2
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        retried = await env.run(activities.send_reminders_page, page())
        again = await env.run(activities.send_reminders_page, page())
    finally:
        server.stop()
    assert (retried.counts.sent, retried.counts.already_sent) == (0, 2)
    assert again.counts.already_sent == 2
    assert sorted(e.rcpt_tos[0] for e in inbox.envelopes) == sorted([c.streak.email, c.idle.email])
    assert await _unsent(sessionmaker) == 0


async def test_the_workflow_pages_continues_as_new_and_reports_its_counts(
    fresh_postgres_url: str, dev_client: Client, task_queue: str,
    make_settings: Callable[..., Settings],
) -> None:  # fmt: skip
    upgrade_head(fresh_postgres_url)
    settings = make_settings(database_url=fresh_postgres_url, task_queue=task_queue)
    engine = make_engine(fresh_postgres_url)
    sessionmaker = make_sessionmaker(engine)
    try:
        c = await seed_cohort(sessionmaker)
        run = ReengagementInput(as_of=AS_OF, idle_days=7, page_size=2, pages_per_run=2)
        async with running_worker(dev_client, settings):
            handle = await dev_client.start_workflow(
                REENGAGEMENT_WORKFLOW, run, id=f"reengagement-{uuid.uuid4()}",
                task_queue=task_queue, result_type=ReengagementResult,
            )  # fmt: skip
            result = await handle.result()  # follows the continue-as-new chain
            metadata = await dev_client.get_workflow_handle(handle.id).query(
                "__temporal_workflow_metadata"
            )
            first_run = await dev_client.get_workflow_handle(
                handle.id, run_id=handle.result_run_id
            ).describe()
            rerun = await dev_client.execute_workflow(
                REENGAGEMENT_WORKFLOW, run, id=f"reengagement-{uuid.uuid4()}",
                task_queue=task_queue, result_type=ReengagementResult,
            )  # fmt: skip
        counts = result.counts
        assert (counts.scanned, counts.pages) == (5, 3)
        assert (counts.streak_at_risk, counts.idle, counts.sent, counts.opted_out) == (1, 2, 2, 1)
        assert first_run.status == WorkflowExecutionStatus.CONTINUED_AS_NEW
        assert "sent 2" in metadata.current_details and "3 pages" in metadata.current_details
        assert (rerun.counts.sent, rerun.counts.already_sent) == (0, 2)
        assert await _reminders(sessionmaker) == {c.streak.id: "streak_at_risk", c.idle.id: "idle"}
    finally:
        await engine.dispose()


async def test_the_workflow_retries_a_page_while_the_mail_server_is_down(
    fresh_postgres_url: str, dev_client: Client, task_queue: str,
    make_settings: Callable[..., Settings], reserve_port: Callable[[], int],
) -> None:  # fmt: skip
    """The page commits its reminders, fails on the first e-mail and is retried by Temporal
    until the SMTP server is up: each due learner gets one reminder and one e-mail."""
    upgrade_head(fresh_postgres_url)
    port = reserve_port()  # nothing listens yet
    smtp = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False}
    settings = make_settings(database_url=fresh_postgres_url, task_queue=task_queue, **smtp)
    engine = make_engine(fresh_postgres_url)
    sessionmaker = make_sessionmaker(engine)
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    try:
        c = await seed_cohort(sessionmaker)
        async with running_worker(dev_client, settings):
            handle = await dev_client.start_workflow(
                REENGAGEMENT_WORKFLOW, ReengagementInput(as_of=AS_OF, page_size=10),
                id=f"reengagement-{uuid.uuid4()}", task_queue=task_queue,
                result_type=ReengagementResult,
            )  # fmt: skip
            for _ in range(600):  # a readiness wait: the page failed at least once
                pending = (await handle.describe()).raw_description.pending_activities
                if pending and pending[0].attempt >= 2:
                    break
                await asyncio.sleep(0.05)
            assert pending and pending[0].attempt >= 2
            assert len(await _reminders(sessionmaker)) == 2 and await _unsent(sessionmaker) == 2
            server.start()
            result = await handle.result()
    finally:
        server.stop()
        await engine.dispose()
    assert (result.counts.sent, result.counts.already_sent) == (0, 2)  # the retry's view
    assert sorted(e.rcpt_tos[0] for e in inbox.envelopes) == sorted([c.streak.email, c.idle.email])
    assert len(await _reminders(sessionmaker)) == 2


async def test_the_daily_schedule_is_created_then_updated(
    dev_client: Client, make_settings: Callable[..., Settings], task_queue: str
) -> None:
    settings = make_settings(task_queue=task_queue, reengagement_hour_utc=5)
    schedule_id = f"{REENGAGEMENT_SCHEDULE_ID}-{uuid.uuid4().hex[:8]}"
    try:
        assert await learning.apply_reengagement_schedule(
            dev_client, settings, schedule_id=schedule_id
        ) == "created"  # fmt: skip
        moved = make_settings(task_queue=task_queue, reengagement_hour_utc=6)
        assert await learning.apply_reengagement_schedule(
            dev_client, moved, schedule_id=schedule_id
        ) == "updated"  # fmt: skip
        described = await dev_client.get_schedule_handle(schedule_id).describe()
        [calendar] = described.schedule.spec.calendars
        assert calendar.hour[0].start == 6
        action = described.schedule.action
        assert action.workflow == REENGAGEMENT_WORKFLOW  # type: ignore[attr-defined]
    finally:
        await dev_client.get_schedule_handle(schedule_id).delete()
