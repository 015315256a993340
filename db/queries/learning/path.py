"""The learner's path in SQL: one course's lessons, sections and quiz standing for an
enrollment (the snapshot the progression rules and the next step are evaluated on), quiz
attempts, the learner's pace, dashboard totals, and the facts the content-access rule reads.

Every function reads inside the caller's transaction; a progress post or quiz attempt has
already row-locked its enrollment, so the snapshot cannot miss a racing post's write.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import CursorResult, and_, case, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import (
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
    QuizAttempt,
    QuizQuestion,
    Section,
    SectionProgress,
    lesson_prerequisites,
)
from db.queries.learning.progress import VISIBLE_STATUSES
from schemas.enums import EnrollmentStatus


@dataclass(frozen=True)
class LessonRow:
    id: uuid.UUID
    title: str
    module_position: int
    position: int
    estimated_minutes: int
    free_preview: bool
    quiz_size: int  # questions in its quiz (0: no quiz)


@dataclass(frozen=True)
class SectionRow:
    id: uuid.UUID
    lesson_id: uuid.UUID
    position: int
    title: str
    required: bool
    completion: Decimal
    time_spent_s: int


@dataclass(frozen=True)
class PathRows:
    """Everything the progression rules read about one enrollment in one course."""

    lessons: list[LessonRow]  # in reading order (module, then lesson position)
    sections: list[SectionRow]  # in position order within each lesson
    best_scores: dict[uuid.UUID, int]  # lesson -> best graded score
    prerequisites: list[tuple[uuid.UUID, uuid.UUID]]  # (lesson, the lesson it needs)


async def lessons_in_order(session: AsyncSession, course_id: uuid.UUID) -> list[LessonRow]:
    questions = (
        select(func.count(QuizQuestion.id))
        .where(QuizQuestion.lesson_id == Lesson.id)
        .correlate(Lesson)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(
            Lesson.id,
            Lesson.title,
            Module.position,
            Lesson.position,
            Lesson.estimated_minutes,
            Lesson.free_preview,
            questions,
        )
        .join(Module, Module.id == Lesson.module_id)
        .where(Lesson.course_id == course_id)
        .order_by(Module.position, Lesson.position)
    )
    return [
        LessonRow(lid, title, module, position, minutes, preview, int(quiz or 0))
        for lid, title, module, position, minutes, preview, quiz in rows.all()
    ]


async def _sections(
    session: AsyncSession, course_id: uuid.UUID, enrollment_id: uuid.UUID | None
) -> list[SectionRow]:
    completion = func.coalesce(SectionProgress.completion, 0)
    spent = func.coalesce(SectionProgress.time_spent_s, 0)
    stmt = (
        select(
            Section.id,
            Section.lesson_id,
            Section.position,
            Section.title,
            Section.required,
            completion,
            spent,
        )
        .outerjoin(
            SectionProgress,
            and_(
                SectionProgress.section_id == Section.id,
                SectionProgress.enrollment_id == enrollment_id,
            ),
        )
        .where(Section.course_id == course_id)
        .order_by(Section.lesson_id, Section.position)
    )
    return [
        SectionRow(sid, lid, pos, title, req, Decimal(done or 0), int(secs or 0))
        for sid, lid, pos, title, req, done, secs in (await session.execute(stmt)).all()
    ]


async def prerequisite_pairs(
    session: AsyncSession, course_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    rows = await session.execute(
        select(lesson_prerequisites.c.lesson_id, lesson_prerequisites.c.prerequisite_id)
        .join(Lesson, Lesson.id == lesson_prerequisites.c.lesson_id)
        .where(Lesson.course_id == course_id)
    )
    return [(lesson_id, needs) for lesson_id, needs in rows.all()]


async def path_rows(
    session: AsyncSession, course_id: uuid.UUID, enrollment_id: uuid.UUID | None
) -> PathRows:
    """The snapshot of one course for one enrollment (None: the course alone)."""
    best: dict[uuid.UUID, int] = {}
    if enrollment_id is not None:
        scores = await session.execute(
            select(LessonProgress.lesson_id, LessonProgress.best_quiz_score).where(
                LessonProgress.enrollment_id == enrollment_id,
                LessonProgress.best_quiz_score.is_not(None),
            )
        )
        best = {lesson_id: int(score) for lesson_id, score in scores.all()}
    return PathRows(
        lessons=await lessons_in_order(session, course_id),
        sections=await _sections(session, course_id, enrollment_id),
        best_scores=best,
        prerequisites=await prerequisite_pairs(session, course_id),
    )


# --- quiz attempts ----------------------------------------------------------------------
@dataclass(frozen=True)
class AttemptHistory:
    graded: int  # graded attempts so far
    last_graded_at: datetime | None
    passed_once: bool


async def attempt_history(
    session: AsyncSession, enrollment_id: uuid.UUID, lesson_id: uuid.UUID
) -> AttemptHistory:
    """Graded attempts that still count (not voided by an instructor's reset)."""
    graded = and_(QuizAttempt.review.is_(False), QuizAttempt.voided_at.is_(None))
    count, last, passed = (
        await session.execute(
            select(
                func.count(QuizAttempt.id),
                func.max(QuizAttempt.created_at),
                func.max(case((QuizAttempt.passed.is_(True), 1), else_=0)),
            ).where(
                QuizAttempt.enrollment_id == enrollment_id,
                QuizAttempt.lesson_id == lesson_id,
                graded,
            )
        )
    ).one()
    return AttemptHistory(int(count or 0), last, bool(passed))


async def last_graded_attempt(
    session: AsyncSession, enrollment_id: uuid.UUID
) -> QuizAttempt | None:
    """The enrollment's most recent graded attempt on any quiz."""
    attempt: QuizAttempt | None = await session.scalar(
        select(QuizAttempt)
        .where(QuizAttempt.enrollment_id == enrollment_id, QuizAttempt.review.is_(False))
        .order_by(QuizAttempt.created_at.desc(), QuizAttempt.attempt_number.desc())
        .limit(1)
    )
    return attempt


async def void_attempts(
    session: AsyncSession, enrollment_id: uuid.UUID, lesson_id: uuid.UUID, now: datetime
) -> int:
    """Stop counting the enrollment's graded attempts of one quiz; how many were voided."""
    result = await session.execute(
        update(QuizAttempt)
        .where(
            QuizAttempt.enrollment_id == enrollment_id,
            QuizAttempt.lesson_id == lesson_id,
            QuizAttempt.review.is_(False),
            QuizAttempt.voided_at.is_(None),
        )
        .values(voided_at=now)
    )
    return int(cast(CursorResult[Any], result).rowcount)


# --- pace and totals ----------------------------------------------------------------------
async def pace_totals(session: AsyncSession, student_id: uuid.UUID) -> tuple[int, Decimal]:
    """(seconds spent, seconds estimated) over the student's completed sections.

    A section's estimate is its lesson's estimated minutes shared evenly by the lesson's
    sections.
    """
    sections_in_lesson = (
        select(func.count(Section.id))
        .where(Section.lesson_id == SectionProgress.lesson_id)
        .correlate(SectionProgress)
        .scalar_subquery()
    )
    estimate = Lesson.estimated_minutes * 60.0 / sections_in_lesson
    spent, estimated = (
        await session.execute(
            select(
                func.coalesce(func.sum(SectionProgress.time_spent_s), 0),
                func.coalesce(func.sum(estimate), 0),
            )
            .join(Enrollment, Enrollment.id == SectionProgress.enrollment_id)
            .join(Lesson, Lesson.id == SectionProgress.lesson_id)
            .where(
                Enrollment.student_id == student_id,
                Enrollment.status.in_(VISIBLE_STATUSES),
                SectionProgress.completion >= 1,
            )
        )
    ).one()
    return int(spent or 0), Decimal(str(estimated or 0))


@dataclass(frozen=True)
class Totals:
    time_spent_s: int
    courses_completed: int
    courses_in_progress: int
    quizzes_taken: int
    best_score_sum: int


async def progress_totals(session: AsyncSession, student_id: uuid.UUID) -> Totals:
    visible = and_(Enrollment.student_id == student_id, Enrollment.status.in_(VISIBLE_STATUSES))
    spent = await session.scalar(
        select(func.coalesce(func.sum(SectionProgress.time_spent_s), 0))
        .join(Enrollment, Enrollment.id == SectionProgress.enrollment_id)
        .where(visible)
    )
    completed, active = (
        await session.execute(
            select(
                func.count(case((Enrollment.status == EnrollmentStatus.completed, 1))),
                func.count(case((Enrollment.status == EnrollmentStatus.active, 1))),
            ).where(visible)
        )
    ).one()
    taken, total = (
        await session.execute(
            select(
                func.count(LessonProgress.best_quiz_score),
                func.coalesce(func.sum(LessonProgress.best_quiz_score), 0),
            )
            .join(Enrollment, Enrollment.id == LessonProgress.enrollment_id)
            .where(visible, LessonProgress.best_quiz_score.is_not(None))
        )
    ).one()
    return Totals(int(spent or 0), int(completed), int(active), int(taken), int(total or 0))


async def latest_active_enrollment(
    session: AsyncSession, student_id: uuid.UUID, course_id: uuid.UUID | None = None
) -> tuple[Enrollment, str] | None:
    """The student's most recently active enrollment (and its course title): last activity,
    else activation, newest first; active ones before completed ones."""
    stmt = (
        select(Enrollment, Course.title)
        .join(Course, Course.id == Enrollment.course_id)
        .where(Enrollment.student_id == student_id, Enrollment.status.in_(VISIBLE_STATUSES))
        .order_by(
            case((Enrollment.status == EnrollmentStatus.active, 0), else_=1),
            func.coalesce(
                Enrollment.last_activity_at, Enrollment.activated_at, Enrollment.created_at
            ).desc(),
        )
        .limit(1)
    )
    if course_id is not None:
        stmt = stmt.where(Enrollment.course_id == course_id)
    row = (await session.execute(stmt)).first()
    return None if row is None else (row[0], row[1])


# --- what the content-access rule reads ------------------------------------------------
async def enrollment_statuses(
    session: AsyncSession, course_id: uuid.UUID, student_id: uuid.UUID
) -> set[EnrollmentStatus]:
    rows = await session.scalars(
        select(Enrollment.status).where(
            Enrollment.course_id == course_id, Enrollment.student_id == student_id
        )
    )
    return set(rows)


async def free_preview_lessons(session: AsyncSession, course_id: uuid.UUID) -> set[uuid.UUID]:
    rows = await session.scalars(
        select(Lesson.id).where(Lesson.course_id == course_id, Lesson.free_preview.is_(True))
    )
    return set(rows)


async def lesson_with_content(session: AsyncSession, lesson_id: uuid.UUID) -> Lesson | None:
    lesson: Lesson | None = await session.scalar(
        select(Lesson)
        .where(Lesson.id == lesson_id)
        .options(selectinload(Lesson.sections), selectinload(Lesson.questions))
    )
    return lesson


async def module_position(session: AsyncSession, module_id: uuid.UUID) -> int:
    return int(await session.scalar(select(Module.position).where(Module.id == module_id)) or 0)


# --- the author's settings ---------------------------------------------------------------
async def replace_prerequisites(
    session: AsyncSession, lesson_id: uuid.UUID, needs: Sequence[uuid.UUID]
) -> None:
    await session.execute(
        delete(lesson_prerequisites).where(lesson_prerequisites.c.lesson_id == lesson_id)
    )
    if needs:
        await session.execute(
            insert(lesson_prerequisites),
            [{"lesson_id": lesson_id, "prerequisite_id": other} for other in needs],
        )
