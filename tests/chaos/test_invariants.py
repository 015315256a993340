"""The chaos invariants detect what they claim to: each check fails on a database that breaks
it and passes on one that keeps it (so a green chaos run means something)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.ext.asyncio import AsyncSession

from bench.chaos import invariants as inv
from db.base import utcnow
from db.migrate import upgrade_head
from db.models import (
    Course,
    CourseGeneration,
    Enrollment,
    Notification,
    Payment,
    Reminder,
    User,
)
from db.session import make_engine, make_sessionmaker
from schemas.enums import EnrollmentStatus, GenerationStatus, PaymentKind, Role
from tests.factories import create_course, create_user

PRICE = 4900
WINDOW_DAYS = 14


@pytest.fixture
def migrated(sqlite_url: str) -> str:
    upgrade_head(sqlite_url)
    return sqlite_url


@pytest.fixture
def sync_engine(migrated: str) -> Iterator[Engine]:
    engine = create_engine(migrated)
    yield engine
    engine.dispose()


@pytest.fixture
async def session(migrated: str) -> AsyncIterator[AsyncSession]:
    engine = make_engine(migrated)
    async with make_sessionmaker(engine)() as s:
        yield s
    await engine.dispose()


async def enroll(
    session: AsyncSession, course: Course, student: User, status: EnrollmentStatus, **kw: object
) -> Enrollment:
    row = Enrollment(
        course_id=course.id,
        student_id=student.id,
        workflow_id=f"enroll-{course.id}-{student.id}",
        status=status,
        price_cents=course.price_cents,
        **kw,
    )
    session.add(row)
    await session.flush()
    return row


def pay(session: AsyncSession, enrollment: Enrollment, kind: PaymentKind) -> None:
    session.add(
        Payment(
            enrollment_id=enrollment.id,
            kind=kind,
            idempotency_key=f"{kind.value}:{enrollment.id}",
            amount_cents=PRICE,
            currency="USD",
            gateway="sandbox",
            gateway_ref=f"ref-{uuid.uuid4().hex[:8]}",
        )
    )


async def test_a_pending_enrollment_or_two_live_ones_break_one_final_state(
    session: AsyncSession, sync_engine: Engine
) -> None:
    author = await create_user(session, Role.instructor)
    course = await create_course(session, author, price_cents=PRICE)
    done, stuck = await create_user(session), await create_user(session)
    active = await enroll(session, course, done, EnrollmentStatus.active)
    pending = await enroll(session, course, stuck, EnrollmentStatus.pending)
    await session.commit()
    assert inv.enrollments_final(sync_engine, [active.id]).ok
    assert not inv.enrollments_final(sync_engine, [active.id, pending.id]).ok

    twice = await enroll(session, course, done, EnrollmentStatus.active)
    await session.commit()
    check = inv.enrollments_final(sync_engine, [active.id, twice.id])
    assert not check.ok and "2 live enrollments" in check.detail


async def test_ledger_balances_only_when_kept_payments_match_the_charges(
    session: AsyncSession, sync_engine: Engine
) -> None:
    author = await create_user(session, Role.instructor)
    course = await create_course(session, author, price_cents=PRICE)
    now = utcnow()
    active = await enroll(session, course, await create_user(session), EnrollmentStatus.active)
    pay(session, active, PaymentKind.charge)
    refunded = await enroll(
        session, course, await create_user(session), EnrollmentStatus.cancelled,
        activated_at=now, cancelled_at=now + timedelta(days=1),
    )  # fmt: skip
    pay(session, refunded, PaymentKind.charge)
    pay(session, refunded, PaymentKind.refund)
    late = await enroll(
        session, course, await create_user(session), EnrollmentStatus.cancelled,
        activated_at=now - timedelta(days=30), cancelled_at=now,
    )  # fmt: skip
    pay(session, late, PaymentKind.charge)  # cancelled outside the window: keeps its payment
    await session.commit()
    assert inv.ledger_balances(sync_engine, WINDOW_DAYS).ok

    failed = await enroll(session, course, await create_user(session), EnrollmentStatus.failed)
    pay(session, failed, PaymentKind.charge)  # a failed saga that kept the money
    await session.commit()
    check = inv.ledger_balances(sync_engine, WINDOW_DAYS)
    assert not check.ok and str(failed.id) in check.detail


async def test_published_once_needs_one_course_with_each_lesson_once(
    session: AsyncSession, sync_engine: Engine
) -> None:
    author = await create_user(session, Role.instructor)

    async def generation() -> CourseGeneration:
        gid = uuid.uuid4()
        row = CourseGeneration(
            id=gid, requested_by=author.id, workflow_id=f"course-gen-{gid}", request={},
            status=GenerationStatus.completed,
        )  # fmt: skip
        session.add(row)
        await session.flush()
        return row

    good, missing, short = await generation(), await generation(), await generation()
    for gen, lessons in ((good, 2), (short, 1)):
        course = await create_course(session, author, lessons_per_module=lessons)
        course.generation_id = gen.id
    await session.commit()
    assert inv.published_once(sync_engine, [good.id], modules=1, lessons=2).ok
    assert not inv.published_once(sync_engine, [missing.id], modules=1, lessons=2).ok
    assert not inv.published_once(sync_engine, [short.id], modules=1, lessons=2).ok


def test_model_calls_may_exceed_the_baseline_only_by_those_in_flight() -> None:
    assert inv.model_calls_bounded(calls=25, baseline=25, in_flight=0).ok
    assert inv.model_calls_bounded(calls=27, baseline=25, in_flight=2).ok
    assert not inv.model_calls_bounded(calls=27, baseline=25, in_flight=1).ok


def notice(user: User, kind: str, subject: str) -> Notification:
    return Notification(user_id=user.id, dedupe_key=f"test:{uuid.uuid4()}", kind=kind,
                        subject=subject, body=subject)  # fmt: skip


async def test_a_second_reminder_on_a_day_or_a_second_award_notice_breaks_awarded_once(
    session: AsyncSession, sync_engine: Engine
) -> None:
    learner = await create_user(session, Role.student)
    first = notice(learner, "reminder.idle", "Your course is waiting")
    award = notice(learner, "achievement.earned", "Achievement earned: First steps")
    session.add_all([first, award])
    await session.flush()
    today = utcnow().date()
    session.add(Reminder(user_id=learner.id, day=today, kind="idle", notification_id=first.id))
    await session.commit()
    assert inv.awarded_once(sync_engine).ok

    # The unique (user, day, kind) stops the same kind; a second kind the same day breaks it.
    session.add(Reminder(user_id=learner.id, day=today, kind="streak_at_risk"))
    await session.commit()
    check = inv.awarded_once(sync_engine)
    assert not check.ok and "reminded twice" in check.detail

    other = await create_user(session, Role.student)
    session.add(notice(other, "reminder.idle", "Your course is waiting"))  # no reminder row
    session.add_all([notice(other, "achievement.earned", "Achievement earned: Perfect score")
                     for _ in range(2)])  # fmt: skip
    await session.commit()
    detail = inv.awarded_once(sync_engine).detail
    assert "reminded twice" in detail
    assert "notified of 'Achievement earned: Perfect score' twice" in detail
    assert "without its reminder" in detail
