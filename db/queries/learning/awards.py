"""SQL of achievements, streaks, re-engagement reminders, certificates and the inbox's
learning side: the counts an achievement's criteria read, the awards (inserted once per
learner and achievement), the moments of a learner's learning days, the pages of learners
the re-engagement run walks, the reminders (once per learner, day and kind)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    AchievementDefinition,
    Certificate,
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    Notification,
    QuizAttempt,
    Reminder,
    SectionProgress,
    User,
    UserAchievement,
)
from db.queries.inserts import dialect_insert, table_of
from schemas.enums import EnrollmentStatus
from schemas.learning import VERB_COMPLETED

LEARNING_DAY_EVENTS = or_(
    and_(LearningEvent.object_type == "section", LearningEvent.verb == VERB_COMPLETED),
    LearningEvent.object_type == "quiz",
)


# --- achievements -------------------------------------------------------------------------
async def definitions(session: AsyncSession, *, active_only: bool) -> list[AchievementDefinition]:
    stmt = select(AchievementDefinition).order_by(
        AchievementDefinition.position, AchievementDefinition.code
    )
    if active_only:
        stmt = stmt.where(AchievementDefinition.active.is_(True))
    return list(await session.scalars(stmt))


async def definition_by_code(session: AsyncSession, code: str) -> AchievementDefinition | None:
    row: AchievementDefinition | None = await session.scalar(
        select(AchievementDefinition).where(AchievementDefinition.code == code)
    )
    return row


async def earned(
    session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[UserAchievement, AchievementDefinition]]:
    rows = await session.execute(
        select(UserAchievement, AchievementDefinition)
        .join(AchievementDefinition, AchievementDefinition.id == UserAchievement.achievement_id)
        .where(UserAchievement.user_id == user_id)
        .order_by(UserAchievement.earned_at, AchievementDefinition.code)
    )
    return [(award, definition) for award, definition in rows.tuples()]


async def award(
    session: AsyncSession,
    user_id: uuid.UUID,
    achievement_id: uuid.UUID,
    enrollment_id: uuid.UUID | None,
    now: datetime,
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on (user, achievement): True only for the one
    transaction whose insert made the award (a concurrent one waits on the unique index
    and then skips)."""
    statement = (
        dialect_insert(session, UserAchievement)
        .values(
            id=uuid.uuid4(),
            user_id=user_id,
            achievement_id=achievement_id,
            enrollment_id=enrollment_id,
            earned_at=now,
        )
        .on_conflict_do_nothing(index_elements=["user_id", "achievement_id"])
        .returning(UserAchievement.id)
    )
    return (await session.scalars(statement)).one_or_none() is not None


@dataclass(frozen=True)
class Counts:
    sections_completed: int
    lessons_completed: int
    courses_completed: int
    best_graded_score: int


async def counts(session: AsyncSession, user_id: uuid.UUID) -> Counts:
    """What the count and quiz criteria read, over all the learner's enrollments."""
    mine = select(Enrollment.id).where(Enrollment.student_id == user_id).scalar_subquery()
    sections = await session.scalar(
        select(func.count()).where(
            SectionProgress.enrollment_id.in_(mine), SectionProgress.completed_at.is_not(None)
        )
    )
    lessons = await session.scalar(
        select(func.count()).where(
            LessonProgress.enrollment_id.in_(mine), LessonProgress.completed_at.is_not(None)
        )
    )
    courses = await session.scalar(
        select(func.count()).where(
            Enrollment.student_id == user_id, Enrollment.status == EnrollmentStatus.completed
        )
    )
    best = await session.scalar(
        select(func.max(QuizAttempt.score)).where(
            QuizAttempt.enrollment_id.in_(mine), QuizAttempt.review.is_(False)
        )
    )
    return Counts(int(sections or 0), int(lessons or 0), int(courses or 0), int(best or 0))


async def course_time_and_estimate(
    session: AsyncSession, enrollment_id: uuid.UUID, course_id: uuid.UUID
) -> tuple[int, int]:
    """(seconds spent on the enrollment's sections, the course's estimated seconds)."""
    spent = await session.scalar(
        select(func.coalesce(func.sum(SectionProgress.time_spent_s), 0)).where(
            SectionProgress.enrollment_id == enrollment_id
        )
    )
    minutes = await session.scalar(
        select(func.coalesce(func.sum(Lesson.estimated_minutes), 0)).where(
            Lesson.course_id == course_id
        )
    )
    return int(spent or 0), int(minutes or 0) * 60


# --- xAPI records ---------------------------------------------------------------------------
async def insert_event_once(
    session: AsyncSession, *, event_id: uuid.UUID, actor_id: uuid.UUID,
    enrollment_id: uuid.UUID, course_id: uuid.UUID, verb: str, object_type: str,
    object_id: str, at: datetime,
) -> None:  # fmt: skip
    """A record statement under its derived ID, unless it exists (one round trip, as Core:
    nothing reads the row back)."""
    await session.execute(
        dialect_insert(session, table_of(LearningEvent))
        .values(
            id=event_id,
            actor_id=actor_id,
            enrollment_id=enrollment_id,
            course_id=course_id,
            verb=verb,
            object_type=object_type,
            object_id=object_id,
            duration_s=0,
            timestamp=at,
            stored_at=at,
        )
        .on_conflict_do_nothing(index_elements=["id"])
    )


# --- streaks ------------------------------------------------------------------------------
async def learning_moments(
    session: AsyncSession, user_id: uuid.UUID, since: datetime | None = None
) -> list[datetime]:
    """When the learner completed a section or attempted a quiz (the ``actor, timestamp``
    index serves it)."""
    stmt = select(LearningEvent.timestamp).where(
        LearningEvent.actor_id == user_id, LEARNING_DAY_EVENTS
    )
    if since is not None:
        stmt = stmt.where(LearningEvent.timestamp >= since)
    return list(await session.scalars(stmt))


async def learning_moments_of(
    session: AsyncSession, user_ids: Sequence[uuid.UUID], since: datetime
) -> dict[uuid.UUID, list[datetime]]:
    """The same for a page of learners, since a moment."""
    rows = await session.execute(
        select(LearningEvent.actor_id, LearningEvent.timestamp).where(
            LearningEvent.actor_id.in_(user_ids),
            LearningEvent.timestamp >= since,
            LEARNING_DAY_EVENTS,
        )
    )
    found: dict[uuid.UUID, list[datetime]] = {}
    for actor, stamp in rows.tuples():
        found.setdefault(actor, []).append(stamp)
    return found


# --- re-engagement ------------------------------------------------------------------------
@dataclass(frozen=True)
class Learner:
    id: uuid.UUID
    email: str
    full_name: str
    time_zone: str
    opted_out: bool
    last_activity_at: datetime  # over the learner's active enrollments


async def learners_page(
    session: AsyncSession, after: uuid.UUID | None, limit: int
) -> list[Learner]:
    """Learners with an active enrollment, in ID order after ``after`` (keyset paging), with
    their latest activity (or activation) over those enrollments."""
    last = func.max(
        func.coalesce(Enrollment.last_activity_at, Enrollment.activated_at, Enrollment.created_at)
    )
    stmt = (
        select(User.id, User.email, User.full_name, User.time_zone, User.reminders_opt_out, last)
        .join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.status == EnrollmentStatus.active, User.is_active.is_(True))
        .group_by(User.id, User.email, User.full_name, User.time_zone, User.reminders_opt_out)
        .order_by(User.id)
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(User.id > after)
    return [Learner(*row) for row in (await session.execute(stmt)).tuples()]


async def add_reminder(
    session: AsyncSession, user_id: uuid.UUID, day: date, kind: str, now: datetime
) -> Reminder | None:
    """The reminder row, inserted unless this learner already has one for the day and kind
    (then None)."""
    statement = (
        dialect_insert(session, Reminder)
        .values(id=uuid.uuid4(), user_id=user_id, day=day, kind=kind, created_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "day", "kind"])
        .returning(Reminder)
    )
    return (await session.scalars(statement)).one_or_none()


async def latest_reminders(
    session: AsyncSession, user_ids: Sequence[uuid.UUID], kind: str
) -> dict[uuid.UUID, tuple[date, datetime]]:
    """Each learner's latest reminder of ``kind``: (its day, when it was written)."""
    rows = await session.execute(
        select(Reminder.user_id, func.max(Reminder.day), func.max(Reminder.created_at))
        .where(Reminder.user_id.in_(user_ids), Reminder.kind == kind)
        .group_by(Reminder.user_id)
    )
    # max() keeps the column's type, so the stamps come back timezone-aware.
    return {user_id: (day, stamp) for user_id, day, stamp in rows.tuples()}


async def unsent_reminder_mail(
    session: AsyncSession, user_ids: Sequence[uuid.UUID], days: Sequence[date]
) -> list[tuple[Notification, str]]:
    """The page's reminders of these days whose e-mail is not sent, with the address."""
    rows = await session.execute(
        select(Notification, User.email)
        .join(Reminder, Reminder.notification_id == Notification.id)
        .join(User, User.id == Notification.user_id)
        .where(
            Reminder.user_id.in_(user_ids),
            Reminder.day.in_(days),
            Notification.email_sent_at.is_(None),
        )
        .order_by(Notification.user_id)
    )
    return [(n, email) for n, email in rows.tuples()]


# --- certificates -------------------------------------------------------------------------
async def certificates_of(
    session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[Certificate, str]]:
    rows = await session.execute(
        select(Certificate, Course.title)
        .join(Course, Course.id == Certificate.course_id)
        .where(Certificate.user_id == user_id)
        .order_by(Certificate.issued_at.desc())
    )
    return [(c, title) for c, title in rows.tuples()]


async def certificate_with_names(
    session: AsyncSession, *, certificate_id: uuid.UUID | None = None, code: str | None = None
) -> tuple[Certificate, str, str] | None:
    """(certificate, holder's full name, course title) by ID or verification code."""
    stmt = (
        select(Certificate, User.full_name, Course.title)
        .join(User, User.id == Certificate.user_id)
        .join(Course, Course.id == Certificate.course_id)
    )
    if certificate_id is not None:
        stmt = stmt.where(Certificate.id == certificate_id)
    else:
        stmt = stmt.where(Certificate.verification_code == code)
    row = (await session.execute(stmt)).tuples().first()
    return None if row is None else (row[0], row[1], row[2])
