"""Progress writes and the roll-up (section → lesson → course), all inside the caller's
transaction so a read right after a post sees the new percentages.

Roll-up rules (docs/metrics.md, "Progress roll-up"); whether a lesson or the course counts
as *complete* is the progression rules' (``services/learning/progression.py``):
- a section's completion is 0..1; posts only raise it (completion is monotonic);
- a lesson's percent is the mean completion of its *required* sections; a lesson with no
  required section shows the mean over all its sections and does not count for the course;
- the course percent is the mean of the counted lessons' fractions (each lesson weighs the
  same however many sections it has), rounded half-up to 0.01 only at the end.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    Module,
    QuizAttempt,
    Section,
    SectionProgress,
)
from schemas.enums import EnrollmentStatus

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
ONE = Decimal(1)
ZERO = Decimal(0)
# Stable namespace for idempotency keys → learning-event IDs.
EVENT_NAMESPACE = uuid.UUID("6f1d3c1e-5b8e-4a35-9a51-3c1f0b7f2d10")
# Enrollments whose progress a learner (and their instructor) can read.
VISIBLE_STATUSES = (EnrollmentStatus.active, EnrollmentStatus.completed)


def to_percent(fraction: Decimal) -> Decimal:
    return (fraction * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def event_id_for(enrollment_id: uuid.UUID, idempotency_key: str | None) -> uuid.UUID:
    if idempotency_key is None:
        return uuid.uuid4()
    return uuid.uuid5(EVENT_NAMESPACE, f"{enrollment_id}:{idempotency_key}")


async def lock_enrollment(
    session: AsyncSession, course_id: uuid.UUID, student_id: uuid.UUID
) -> Enrollment | None:
    """The student's active (else newest) enrollment in the course, row-locked.

    Every progress write takes this lock first, so two posts of one learner serialise and
    the completion check never misses the other post's section (write skew). SQLite
    serialises writers already (BEGIN IMMEDIATE).
    """
    stmt = (
        select(Enrollment)
        .where(Enrollment.course_id == course_id, Enrollment.student_id == student_id)
        .order_by(
            case((Enrollment.status == EnrollmentStatus.active, 0), else_=1),
            Enrollment.created_at.desc(),
        )
        .limit(1)
        .with_for_update()
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def get_event(session: AsyncSession, event_id: uuid.UUID) -> LearningEvent | None:
    event: LearningEvent | None = await session.get(LearningEvent, event_id)
    return event


async def apply_section_post(
    session: AsyncSession,
    enrollment: Enrollment,
    section: Section,
    *,
    completed: bool,
    time_spent_s: int,
    score: int | None,
    now: datetime,
) -> SectionProgress:
    """Upsert the section's row: completion and score only rise, time spent adds up."""
    row = await session.scalar(
        select(SectionProgress).where(
            SectionProgress.enrollment_id == enrollment.id,
            SectionProgress.section_id == section.id,
        )
    )
    if row is None:
        row = SectionProgress(
            enrollment_id=enrollment.id,
            section_id=section.id,
            lesson_id=section.lesson_id,
            completion=ZERO,
            time_spent_s=0,
        )
        session.add(row)
    if completed and Decimal(row.completion) < ONE:
        row.completion = ONE
    if completed and row.completed_at is None:
        row.completed_at = now
    row.time_spent_s = (row.time_spent_s or 0) + time_spent_s
    if score is not None and (row.score is None or score > row.score):
        row.score = score
    row.updated_at = now
    await session.flush()
    return row


def _required_lesson_fractions(enrollment_id: uuid.UUID, course_id: uuid.UUID) -> Select[Any]:
    completion = func.coalesce(SectionProgress.completion, 0)
    return (
        select(
            Section.lesson_id,
            func.count(Section.id).label("sections"),
            func.sum(completion).label("done"),
        )
        .select_from(Section)
        .outerjoin(
            SectionProgress,
            and_(
                SectionProgress.section_id == Section.id,
                SectionProgress.enrollment_id == enrollment_id,
            ),
        )
        .where(Section.course_id == course_id, Section.required.is_(True))
        .group_by(Section.lesson_id)
    )


async def lesson_fraction(
    session: AsyncSession, enrollment_id: uuid.UUID, lesson_id: uuid.UUID
) -> Decimal:
    """Mean completion of the lesson's required sections (of all sections if none is)."""
    completion = func.coalesce(SectionProgress.completion, 0)
    join = and_(
        SectionProgress.section_id == Section.id, SectionProgress.enrollment_id == enrollment_id
    )
    required_count = func.sum(case((Section.required.is_(True), 1), else_=0))
    required_done = func.sum(case((Section.required.is_(True), completion), else_=0))
    stmt = (
        select(func.count(Section.id), func.sum(completion), required_count, required_done)
        .select_from(Section)
        .outerjoin(SectionProgress, join)
        .where(Section.lesson_id == lesson_id)
    )
    total, total_done, req, req_done = (await session.execute(stmt)).one()
    if req:
        return Decimal(req_done or 0) / Decimal(req)
    if total:
        return Decimal(total_done or 0) / Decimal(total)
    return ZERO


async def course_fraction(session: AsyncSession, enrollment: Enrollment) -> Decimal:
    rows = (
        await session.execute(_required_lesson_fractions(enrollment.id, enrollment.course_id))
    ).all()
    if not rows:
        return ZERO
    total = sum((Decimal(done or 0) / Decimal(count) for _lid, count, done in rows), ZERO)
    return total / Decimal(len(rows))


async def upsert_lesson_progress(
    session: AsyncSession,
    enrollment_id: uuid.UUID,
    lesson_id: uuid.UUID,
    *,
    now: datetime,
    percent: Decimal | None = None,
    quiz_score: int | None = None,
    complete: bool = False,
) -> LessonProgress:
    """Create the lesson's roll-up row on demand; the best quiz score only rises;
    ``completed_at`` records the first time the rules found the lesson complete."""
    row = await session.scalar(
        select(LessonProgress).where(
            LessonProgress.enrollment_id == enrollment_id, LessonProgress.lesson_id == lesson_id
        )
    )
    if row is None:
        row = LessonProgress(enrollment_id=enrollment_id, lesson_id=lesson_id, percent=ZERO)
        session.add(row)
    if percent is not None:
        row.percent = percent
    if complete and row.completed_at is None:
        row.completed_at = now
    if quiz_score is not None and (row.best_quiz_score is None or quiz_score > row.best_quiz_score):
        row.best_quiz_score = quiz_score
    row.updated_at = now
    await session.flush()
    return row


@dataclass(frozen=True)
class RollUp:
    lesson: LessonProgress
    course_percent: Decimal


async def roll_up(
    session: AsyncSession,
    enrollment: Enrollment,
    lesson_id: uuid.UUID,
    now: datetime,
    *,
    activity: bool = True,
    complete: bool = False,
) -> RollUp:
    """Recompute the lesson and course percentages from section rows (same transaction);
    ``complete``: the progression rules find the lesson complete now."""
    lesson_percent = to_percent(await lesson_fraction(session, enrollment.id, lesson_id))
    lesson = await upsert_lesson_progress(
        session, enrollment.id, lesson_id, now=now, percent=lesson_percent, complete=complete
    )
    course_percent = to_percent(await course_fraction(session, enrollment))
    enrollment.progress_percent = course_percent
    if activity:
        enrollment.last_activity_at = now
    await session.flush()
    return RollUp(lesson=lesson, course_percent=course_percent)


async def next_attempt_number(
    session: AsyncSession, enrollment_id: uuid.UUID, lesson_id: uuid.UUID
) -> int:
    current = await session.scalar(
        select(func.max(QuizAttempt.attempt_number)).where(
            QuizAttempt.enrollment_id == enrollment_id, QuizAttempt.lesson_id == lesson_id
        )
    )
    return int(current or 0) + 1


# --- reads -------------------------------------------------------------------------------
async def lessons_of_courses(
    session: AsyncSession, course_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[Lesson]]:
    stmt = (
        select(Lesson)
        .join(Module, Module.id == Lesson.module_id)
        .where(Lesson.course_id.in_(course_ids))
        .order_by(Module.position, Lesson.position)
    )
    result: dict[uuid.UUID, list[Lesson]] = {cid: [] for cid in course_ids}
    for lesson in (await session.execute(stmt)).scalars():
        result[lesson.course_id].append(lesson)
    return result


async def lesson_rows(
    session: AsyncSession, enrollment_ids: list[uuid.UUID]
) -> dict[tuple[uuid.UUID, uuid.UUID], LessonProgress]:
    stmt = select(LessonProgress).where(LessonProgress.enrollment_id.in_(enrollment_ids))
    return {(r.enrollment_id, r.lesson_id): r for r in (await session.execute(stmt)).scalars()}


async def time_spent_by_enrollment(
    session: AsyncSession, enrollment_ids: list[uuid.UUID]
) -> dict[uuid.UUID, int]:
    stmt = (
        select(SectionProgress.enrollment_id, func.sum(SectionProgress.time_spent_s))
        .where(SectionProgress.enrollment_id.in_(enrollment_ids))
        .group_by(SectionProgress.enrollment_id)
    )
    return {eid: int(total or 0) for eid, total in (await session.execute(stmt)).all()}


async def append_event(
    session: AsyncSession,
    *,
    event_id: uuid.UUID,
    enrollment: Enrollment,
    verb: str,
    object_id: uuid.UUID,
    object_type: str,
    score: int | None,
    duration_s: int,
    success: bool | None,
    completion: bool | None,
    now: datetime,
) -> LearningEvent:
    """Append one xAPI-shaped statement (append-only; the export renders the full JSON)."""
    event = LearningEvent(
        id=event_id,
        actor_id=enrollment.student_id,
        enrollment_id=enrollment.id,
        course_id=enrollment.course_id,
        verb=verb,
        object_id=str(object_id),
        object_type=object_type,
        score=score,
        duration_s=duration_s,
        success=success,
        completion=completion,
        timestamp=now,
        stored_at=now,
    )
    session.add(event)
    await session.flush()
    return event


async def section_row(
    session: AsyncSession, enrollment_id: uuid.UUID, section_id: uuid.UUID
) -> SectionProgress | None:
    row: SectionProgress | None = await session.scalar(
        select(SectionProgress).where(
            SectionProgress.enrollment_id == enrollment_id,
            SectionProgress.section_id == section_id,
        )
    )
    return row


async def lesson_title(session: AsyncSession, lesson_id: uuid.UUID) -> str:
    title = await session.scalar(select(Lesson.title).where(Lesson.id == lesson_id))
    return title or ""
