"""Learner records besides the roll-up: quiz questions, readable enrollments, an enrollment's
progress rows, completion and certificates, and the learning-events export's pages."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, and_, delete, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Certificate,
    Course,
    Enrollment,
    LearningEvent,
    LessonProgress,
    QuizQuestion,
    Section,
    SectionProgress,
    User,
)
from db.queries.inserts import table_of
from db.queries.learning.progress import VISIBLE_STATUSES


# --- quizzes --------------------------------------------------------------------------------
async def quiz_of_lesson(session: AsyncSession, lesson_id: uuid.UUID) -> list[QuizQuestion]:
    rows = await session.scalars(
        select(QuizQuestion)
        .where(QuizQuestion.lesson_id == lesson_id)
        .order_by(QuizQuestion.position)
    )
    return list(rows)


async def course_pass_mark(session: AsyncSession, course_id: uuid.UUID) -> int | None:
    mark: int | None = await session.scalar(select(Course.pass_mark).where(Course.id == course_id))
    return mark


# --- progress reads -------------------------------------------------------------------------
async def enrollments_of_student(
    session: AsyncSession, student_id: uuid.UUID
) -> list[tuple[Enrollment, str]]:
    """(enrollment, course title) of the student's readable enrollments, oldest first."""
    stmt = (
        select(Enrollment, Course.title)
        .join(Course, Course.id == Enrollment.course_id)
        .where(Enrollment.student_id == student_id, Enrollment.status.in_(VISIBLE_STATUSES))
        .order_by(Enrollment.created_at)
    )
    return [(e, title) for e, title in (await session.execute(stmt)).all()]


async def learners_of_course(
    session: AsyncSession, course_id: uuid.UUID
) -> list[tuple[Enrollment, str]]:
    """(enrollment, learner's name) of the course's readable enrollments, by name."""
    stmt = (
        select(Enrollment, User.full_name)
        .join(User, User.id == Enrollment.student_id)
        .where(Enrollment.course_id == course_id, Enrollment.status.in_(VISIBLE_STATUSES))
        .order_by(User.full_name, Enrollment.created_at)
    )
    return [(e, name) for e, name in (await session.execute(stmt)).all()]


# --- progress rows of an enrollment ----------------------------------------------------------
async def required_sections(
    session: AsyncSession, enrollment_id: uuid.UUID, course_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID, uuid.UUID | None]]:
    """(section, lesson, its progress row or None) of every required section of the course."""
    rows = await session.execute(
        select(Section.id, Section.lesson_id, SectionProgress.id)
        .outerjoin(
            SectionProgress,
            (SectionProgress.section_id == Section.id)
            & (SectionProgress.enrollment_id == enrollment_id),
        )
        .where(Section.course_id == course_id, Section.required.is_(True))
    )
    return [(section_id, lesson_id, progress_id) for section_id, lesson_id, progress_id in rows]


async def insert_section_progress(
    session: AsyncSession,
    enrollment_id: uuid.UUID,
    sections: list[tuple[uuid.UUID, uuid.UUID]],
) -> None:
    """A 0 % row per (section, lesson), in one Core statement: no ORM objects to track and
    flush for rows nothing reads back (the saga's progress step)."""
    if sections:
        await session.execute(
            insert(table_of(SectionProgress)),
            [
                {"enrollment_id": enrollment_id, "section_id": section_id, "lesson_id": lesson_id}
                for section_id, lesson_id in sections
            ],
        )


async def delete_progress(session: AsyncSession, enrollment_id: uuid.UUID) -> int:
    """Delete the enrollment's lesson and section rows; the number of section rows."""
    await session.execute(
        delete(LessonProgress).where(LessonProgress.enrollment_id == enrollment_id)
    )
    result = cast(
        CursorResult[Any],
        await session.execute(
            delete(SectionProgress).where(SectionProgress.enrollment_id == enrollment_id)
        ),
    )
    return result.rowcount


# --- completion and certificates -------------------------------------------------------------
async def enrollment_for_update(
    session: AsyncSession, enrollment_id: uuid.UUID
) -> Enrollment | None:
    enrollment: Enrollment | None = await session.scalar(
        select(Enrollment).where(Enrollment.id == enrollment_id).with_for_update()
    )
    return enrollment


async def certificate_of(session: AsyncSession, enrollment_id: uuid.UUID) -> Certificate | None:
    row: Certificate | None = await session.scalar(
        select(Certificate).where(Certificate.enrollment_id == enrollment_id)
    )
    return row


# --- learning events --------------------------------------------------------------------------
async def events_page(
    session: AsyncSession,
    *,
    course_id: uuid.UUID | None,
    since: datetime | None,
    until: datetime | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[LearningEvent]:
    """Up to ``limit`` events in (timestamp, ID) order, after the ``after`` position."""
    stmt = select(LearningEvent).order_by(LearningEvent.timestamp, LearningEvent.id)
    if course_id is not None:
        stmt = stmt.where(LearningEvent.course_id == course_id)
    if since is not None:
        stmt = stmt.where(LearningEvent.timestamp >= since)
    if until is not None:
        stmt = stmt.where(LearningEvent.timestamp < until)
    if after is not None:
        stamp, event_id = after
        stmt = stmt.where(
            or_(
                LearningEvent.timestamp > stamp,
                and_(LearningEvent.timestamp == stamp, LearningEvent.id > event_id),
            )
        )
    return list((await session.execute(stmt.limit(limit))).scalars())
