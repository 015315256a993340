"""A small data set for week 2026-W40 (UTC) whose report numbers are worked out by hand.

Window: S = Mon 2026-09-28 00:00Z (inclusive) to E = Mon 2026-10-05 00:00Z (exclusive).

Enrollments (course, student): activated / completed / cancelled, status, progress
  e1 (C1, s1) S+1d            active     40   events in the week
  e2 (C1, s2) S-30d, done S+2d  completed 100   one event in the week
  e3 (C1, s3) S-30d            active     20   last event S-20d  → at risk
  e4 (C1, s4) S-10d, cancelled S+3d      10
  e5 (C1, s5) waitlisted
  e6 (C2, s1) S-5d             active     60   events in the week
  e7 (C2, s6) S-40d, done S-20d completed 100
  e8 (C2, s2) S-20d            active     30   never active        → at risk
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    AIGeneration,
    Course,
    CourseGeneration,
    Enrollment,
    LearningEvent,
    Lesson,
    Payment,
    QuizAttempt,
    User,
)
from schemas.enums import EnrollmentStatus, PaymentKind, Role
from schemas.learning import VERB_PROGRESSED
from tests.factories import create_course
from tests.learning.support import create_enrollment

WEEK = "2026-W40"
S = datetime(2026, 9, 28, tzinfo=UTC)
E = S + timedelta(days=7)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)

EXPECTED_COURSES = {
    "Algebra": {
        "new_enrollments": 1,
        "active_learners": 2,
        "completions": 1,
        "completion_rate": 0.25,
        "average_progress_percent": 30.0,
        "median_time_spent_s": 325.0,
        "quiz_attempts": 2,
        "quiz_pass_rate": 0.5,
        "revenue_cents": 1000,
        "refunds_cents": 1000,
        "net_revenue_cents": 0,
        "waitlist_length": 1,
        "ai_generation_cost_usd": 0.125,
        "weekly_active_learners": 2,
        "learners_at_risk": 1,
    },
    "Biology": {
        "new_enrollments": 0,
        "active_learners": 2,
        "completions": 0,
        "completion_rate": 0.3333,
        "average_progress_percent": 45.0,
        "median_time_spent_s": 440.0,
        "quiz_attempts": 1,
        "quiz_pass_rate": 1.0,
        "revenue_cents": 0,
        "refunds_cents": 0,
        "net_revenue_cents": 0,
        "waitlist_length": 0,
        "ai_generation_cost_usd": 0.0,
        "weekly_active_learners": 1,
        "learners_at_risk": 1,
    },
}
EXPECTED_PLATFORM = {
    "new_enrollments": 1,
    "active_learners": 3,  # s1 (twice), s3, s2
    "completions": 1,
    "completion_rate": 0.2857,  # 2 of 7 activated by E
    "average_progress_percent": 37.5,  # (40 + 20 + 60 + 30) / 4
    "median_time_spent_s": 545.0,  # s1: 600 + 440, s2: 50
    "quiz_attempts": 3,
    "quiz_pass_rate": 0.6667,
    "revenue_cents": 1000,
    "refunds_cents": 1000,
    "net_revenue_cents": 0,
    "waitlist_length": 1,
    "ai_generation_cost_usd": 0.375,
    "weekly_active_learners": 2,
    "learners_at_risk": 2,
}
EXPECTED_DAILY = [  # (active learners, events, seconds) Monday..Sunday
    (0, 0, 0),
    (1, 2, 300),
    (1, 1, 50),
    (1, 2, 700),
    (0, 0, 0),
    (0, 0, 0),
    (1, 1, 40),
]


@dataclass
class Seeded:
    admin: User
    algebra: Course
    biology: Course


async def _user(session: AsyncSession, role: Role) -> User:
    # No argon2 here: these accounts never log in, and hashing is the slow part of seeding.
    user = User(email=f"{role.value}-{uuid.uuid4().hex[:10]}@example.org", full_name="Seeded",
                role=role, password_hash="!")  # fmt: skip
    session.add(user)
    await session.flush()
    return user


async def _course(session: AsyncSession, author: User, title: str, price: int) -> Course:
    course = await create_course(session, author, title=title, price_cents=price)
    course.created_at = S - 60 * DAY
    return course


async def _first_lesson(session: AsyncSession, course: Course) -> uuid.UUID:
    lesson_id = await session.scalar(
        select(Lesson.id).where(Lesson.course_id == course.id).order_by(Lesson.position).limit(1)
    )
    assert lesson_id is not None
    return lesson_id


def _event(e: Enrollment, at: datetime, seconds: int) -> LearningEvent:
    return LearningEvent(
        actor_id=e.student_id, enrollment_id=e.id, course_id=e.course_id, verb=VERB_PROGRESSED,
        object_id=str(uuid.uuid4()), object_type="section", duration_s=seconds,
        timestamp=at, stored_at=at,
    )  # fmt: skip


def _attempt(
    e: Enrollment, lesson_id: uuid.UUID, n: int, passed: bool, at: datetime
) -> QuizAttempt:
    return QuizAttempt(
        enrollment_id=e.id, lesson_id=lesson_id, attempt_number=n, answers=[1],
        score=100 if passed else 0, passed=passed, created_at=at,
    )  # fmt: skip


def _payment(e: Enrollment, kind: PaymentKind, at: datetime) -> Payment:
    return Payment(
        enrollment_id=e.id, kind=kind, idempotency_key=f"{e.id}:{kind.value}",
        amount_cents=1000, currency="USD", gateway="sandbox", gateway_ref="ref", created_at=at,
    )  # fmt: skip


async def seed_week(session: AsyncSession) -> Seeded:
    admin = await _user(session, Role.admin)
    author = await _user(session, Role.instructor)
    s1, s2, s3, s4, s5, s6 = [await _user(session, Role.student) for _ in range(6)]
    c1 = await _course(session, author, "Algebra", 1000)
    c2 = await _course(session, author, "Biology", 0)
    active, done = EnrollmentStatus.active, EnrollmentStatus.completed

    async def enroll(course: Course, student: User, **kw: object) -> Enrollment:
        return await create_enrollment(session, course, student, init_sections=False, **kw)  # type: ignore[arg-type]

    e1 = await enroll(c1, s1, activated_at=S + DAY, progress_percent=Decimal(40))
    e2 = await enroll(c1, s2, status=done, activated_at=S - 30 * DAY,
                      completed_at=S + 2 * DAY, progress_percent=Decimal(100))  # fmt: skip
    e3 = await enroll(c1, s3, activated_at=S - 30 * DAY, progress_percent=Decimal(20))
    e4 = await enroll(c1, s4, status=EnrollmentStatus.cancelled, activated_at=S - 10 * DAY,
                      cancelled_at=S + 3 * DAY, progress_percent=Decimal(10))  # fmt: skip
    await create_enrollment(session, c1, s5, status=EnrollmentStatus.waitlisted,
                            init_sections=False, waitlisted_at=S + DAY)  # fmt: skip
    e5 = await session.scalar(select(Enrollment).where(Enrollment.student_id == s5.id))
    assert e5 is not None
    e5.activated_at = None
    e6 = await enroll(c2, s1, status=active, activated_at=S - 5 * DAY, progress_percent=Decimal(60))
    await enroll(c2, s6, status=done, activated_at=S - 40 * DAY, completed_at=S - 20 * DAY,
                 progress_percent=Decimal(100))  # fmt: skip
    await enroll(c2, s2, activated_at=S - 20 * DAY, progress_percent=Decimal(30))

    session.add_all([
        _event(e1, S + DAY + 10 * HOUR, 100), _event(e1, S + DAY + 11 * HOUR, 200),
        _event(e1, S + 3 * DAY + 9 * HOUR, 300), _event(e2, S + 2 * DAY + 8 * HOUR, 50),
        _event(e6, S + 3 * DAY + 10 * HOUR, 400), _event(e6, S + 6 * DAY + 23.5 * HOUR, 40),
        _event(e3, S - 20 * DAY, 999), _event(e1, E, 777),  # outside: before, and at the end
    ])  # fmt: skip
    l1, l2 = await _first_lesson(session, c1), await _first_lesson(session, c2)
    session.add_all([
        _attempt(e1, l1, 1, False, S + DAY), _attempt(e1, l1, 2, True, S + DAY + HOUR),
        _attempt(e6, l2, 1, True, S + 3 * DAY), _attempt(e3, l1, 1, True, S - 20 * DAY),
    ])  # fmt: skip
    session.add_all([
        _payment(e1, PaymentKind.charge, S + DAY), _payment(e4, PaymentKind.charge, S - 10 * DAY),
        _payment(e4, PaymentKind.refund, S + 3 * DAY),
        _payment(e2, PaymentKind.charge, S - 30 * DAY),
    ])  # fmt: skip
    await _ai_costs(session, author, c1)
    await session.flush()
    return Seeded(admin=admin, algebra=c1, biology=c2)


async def _ai_costs(session: AsyncSession, author: User, c1: Course) -> None:
    g1 = CourseGeneration(requested_by=author.id, workflow_id=f"course-gen-{uuid.uuid4()}",
                          request={}, course_id=c1.id)  # fmt: skip
    g2 = CourseGeneration(requested_by=author.id, workflow_id=f"course-gen-{uuid.uuid4()}",
                          request={})  # fmt: skip
    session.add_all([g1, g2])
    await session.flush()

    def call(generation: CourseGeneration, cost: str, at: datetime) -> AIGeneration:
        return AIGeneration(
            generation_id=generation.id, call_key=str(uuid.uuid4()), stage="outline",
            provider="offline", model="offline", prompt_hash="0" * 64,
            cost_usd=Decimal(cost), created_at=at,
        )  # fmt: skip

    session.add_all([
        call(g1, "0.125", S + DAY), call(g1, "0.5", S - 3 * DAY), call(g2, "0.25", S + 2 * DAY),
    ])  # fmt: skip
