"""How many SQL statements and transactions one enrollment's forward steps cost, on both
databases. Each is a round trip to the database per saga; a change that adds one (a
read-before-insert, a savepoint, a second session) fails here and has to say why."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import event, func, select
from temporalio.testing import ActivityEnvironment

from activities.enrollment import EnrollmentActivities, PaymentActivities, SeatActivities
from activities.learning import LearningActivities
from activities.notifications import NotificationActivities
from db.base import utcnow
from db.models import Enrollment, Payment, Section, SectionProgress
from schemas.enrollment import ChargeInput, EligibilityInput, RecordStatusInput, SeatInput
from schemas.enums import EnrollmentStatus
from schemas.learning import ProgressInput
from schemas.notifications import NotifyUserInput
from tests.enrollment.conftest import EnrollEnv

# Statements (BEGIN/COMMIT not counted) and transactions of each forward step.
EXPECTED = {
    "check_eligibility": (4, 1),  # course with prerequisites, student, insert row, other enrollment
    "reserve_seat": (2, 1),  # claim the row's seat, take one of the course's
    "charge_payment": (2, 1),  # ledger row by idempotency key; (the gateway;) insert
    "init_progress": (2, 1),  # required sections with their progress rows, insert the missing
    # UPDATE … RETURNING; on activation, the xAPI registered statement (INSERT … ON CONFLICT
    # DO NOTHING under its derived ID: a retried activation writes it once)
    "record_status": (2, 1),
    "notify_user": (3, 2),  # user and notification, insert; after the e-mail: mark it sent
}


@pytest.fixture
def db_url(database_url: str) -> str:
    """These run on SQLite (the embedded default) and on PostgreSQL."""
    return database_url


class Tally:
    def __init__(self) -> None:
        self.statements = 0
        self.transactions = 0

    def statement(self, _conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if not sql.lstrip().upper().startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE
            self.statements += 1

    def commit(self, _conn: Any) -> None:
        self.transactions += 1


async def test_one_enrollment_costs_the_counted_statements(env: EnrollEnv) -> None:
    course = await env.course(price_cents=4900, modules=2, lessons_per_module=2)
    student = await env.student()
    enrollment_id = uuid.uuid4()
    sm = env.sessionmaker
    enrollment, seats = EnrollmentActivities(sm), SeatActivities(sm)
    payments = PaymentActivities(sm, env.deps.payments)
    learning = LearningActivities(sm)
    notifications = NotificationActivities(sm, env.deps.mailer)
    steps: dict[str, Callable[[], Awaitable[Any]]] = {
        "check_eligibility": lambda: act.run(
            enrollment.check_eligibility,
            EligibilityInput(
                enrollment_id=enrollment_id,
                course_id=course.id,
                student_id=student.id,
                workflow_id=f"enroll-{course.id}-{student.id}",
                payment_token="tok_visa",
            ),
        ),
        "reserve_seat": lambda: act.run(
            seats.reserve_seat, SeatInput(enrollment_id=enrollment_id, course_id=course.id)
        ),
        "charge_payment": lambda: act.run(
            payments.charge_payment,
            ChargeInput(
                enrollment_id=enrollment_id, amount_cents=4900, currency="USD", token="tok_visa"
            ),
        ),
        "init_progress": lambda: act.run(
            learning.init_progress,
            ProgressInput(enrollment_id=enrollment_id, course_id=course.id),
        ),
        "record_status": lambda: act.run(
            enrollment.record_status,
            RecordStatusInput(
                enrollment_id=enrollment_id, status=EnrollmentStatus.active, at=utcnow()
            ),
        ),
        "notify_user": lambda: act.run(
            notifications.notify_user,
            NotifyUserInput(
                user_id=student.id,
                kind="enrollment.active",
                subject="Enrolled",
                body="You are enrolled.",
                dedupe_key=f"enrollment.active:{enrollment_id}",
            ),
        ),
    }
    act = ActivityEnvironment()
    engine = env.deps.engine.sync_engine
    counted: dict[str, tuple[int, int]] = {}
    for name, step in steps.items():
        tally = Tally()
        event.listen(engine, "before_cursor_execute", tally.statement)
        event.listen(engine, "commit", tally.commit)
        try:
            await step()
        finally:
            event.remove(engine, "before_cursor_execute", tally.statement)
            event.remove(engine, "commit", tally.commit)
        counted[name] = (tally.statements, tally.transactions)
    assert counted == EXPECTED

    # ...and the steps did their work: the counts are of a real enrollment.
    async with sm() as session:
        row = await session.get(Enrollment, enrollment_id)
        assert row is not None and row.status is EnrollmentStatus.active and row.seat_held
        assert row.price_cents == 4900
        progress_rows = await session.scalar(
            select(func.count()).where(SectionProgress.enrollment_id == enrollment_id)
        )
        required = await session.scalar(
            select(func.count()).where(Section.course_id == course.id, Section.required.is_(True))
        )
        assert required and progress_rows == required
        paid = await session.scalar(
            select(func.sum(Payment.amount_cents)).where(Payment.enrollment_id == enrollment_id)
        )
        assert paid == 4900
