"""The re-engagement run with its ``courseflow worker`` process SIGKILLed mid-page: the page
had committed its reminders and was sending their e-mails (the SMTP server holds the first
one); after a restart the page is retried and every learner has exactly one reminder, one
in-app notice and a sent e-mail. Invariant: ``awarded_once`` (no achievement or reminder
twice), from bench/chaos/invariants.py.

SMTP has no idempotency key: the one message in flight at the kill may arrive twice (the
outbox mailer, keyed by message ID, would not). Everything else arrives exactly once.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, func, select
from temporalio.testing import WorkflowEnvironment

from bench.chaos import invariants as inv
from bench.common import RunConfig, WorkerProcess
from db.base import utcnow
from db.migrate import upgrade_head
from db.models import Notification, Reminder
from db.session import make_engine, make_sessionmaker
from schemas.enums import Role
from schemas.learning import REENGAGEMENT_WORKFLOW, ReengagementInput, ReengagementResult
from tests.factories import create_course, create_token_user
from tests.learning.support import create_enrollment

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(240)]

LEARNERS = 9
WAIT_S = 60.0


class HoldFirstMessage:
    """Accepts mail; the first message is answered only once ``release`` is set."""

    def __init__(self) -> None:
        self.holding = threading.Event()
        self.release = threading.Event()
        self.message_ids: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.holding.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        self.message_ids.append(str(message_from_bytes(envelope.content)["Message-ID"]))
        return "250 Message accepted"


async def _seed(url: str) -> None:
    engine = make_engine(url)
    long_ago = utcnow() - timedelta(days=30)
    async with make_sessionmaker(engine)() as session, session.begin():
        author = await create_token_user(session, Role.instructor)
        course = await create_course(session, author)
        for _ in range(LEARNERS):
            student = await create_token_user(session, Role.student)
            await create_enrollment(session, course, student, activated_at=long_ago,
                                    init_sections=False, last_activity_at=long_ago)  # fmt: skip
    await engine.dispose()


async def test_a_worker_killed_mid_page_sends_each_reminder_once(
    dev_env: WorkflowEnvironment, fresh_postgres_url: str, tmp_path: Path,
    reserve_port: Any,
) -> None:  # fmt: skip
    upgrade_head(fresh_postgres_url)
    await _seed(fresh_postgres_url)
    port = reserve_port()
    smtp = HoldFirstMessage()
    server = Controller(smtp, hostname="127.0.0.1", port=port)
    queue = f"chaos-{uuid.uuid4().hex[:8]}"
    config = RunConfig(
        data_dir=tmp_path / "var", database_url=fresh_postgres_url,
        temporal_address=dev_env.client.service_client.config.target_host,
        task_queue=queue, llm_task_queue=f"{queue}-llm",
        smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
    )  # fmt: skip
    worker = WorkerProcess(config, tmp_path / "logs")
    engine = create_engine(fresh_postgres_url)
    server.start()
    try:
        await asyncio.to_thread(worker.start)
        handle = await dev_env.client.start_workflow(
            REENGAGEMENT_WORKFLOW,
            ReengagementInput(idle_days=7, page_size=4, pages_per_run=2),
            id=f"reengagement-{uuid.uuid4().hex[:8]}",
            task_queue=queue,
            result_type=ReengagementResult,
        )
        # A readiness wait, not a timing assertion: the first page is mid-send.
        assert await asyncio.to_thread(smtp.holding.wait, WAIT_S)
        worker.kill()
        smtp.release.set()
        await asyncio.to_thread(worker.start)
        result = await asyncio.wait_for(handle.result(), 180)
        with engine.connect() as conn:
            reminders = conn.scalar(select(func.count()).select_from(Reminder))
            notices = conn.execute(
                select(Notification.id, Notification.email_sent_at).where(
                    Notification.kind == "reminder.idle"
                )
            ).all()
        check = inv.awarded_once(engine)
    finally:
        worker.stop()
        server.stop()
        engine.dispose()
    assert worker.process.starts == 2
    assert check.ok, check.detail
    assert reminders == LEARNERS and len(notices) == LEARNERS
    assert all(sent is not None for _, sent in notices)
    # The killed page's result was lost: its retry found its reminders already written.
    assert result.counts.sent + result.counts.already_sent == LEARNERS
    assert result.counts.idle == LEARNERS
    delivered = {f"<{notice_id}@courseflow>" for notice_id, _ in notices}
    assert set(smtp.message_ids) == delivered  # every reminder mailed
    assert len(smtp.message_ids) - len(delivered) <= 1  # only the one held at the kill twice
