"""Catalogue reads: course listings with filters, one course with its whole tree."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from db.models import Course, Lesson, Module, course_prerequisites
from schemas.enums import CourseStatus, Difficulty


@dataclass(frozen=True)
class CourseScope:
    """Which courses a reader may list: every course, or the published ones plus (when
    ``author_id`` is set) that author's own."""

    everything: bool = False
    author_id: uuid.UUID | None = None


@dataclass(frozen=True)
class CourseFilter:
    status: CourseStatus | None = None
    difficulty: Difficulty | None = None
    author_id: uuid.UUID | None = None
    text: str | None = None  # searched in title and description, case-insensitively


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(scope: CourseScope, wanted: CourseFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if not scope.everything:
        published = Course.status == CourseStatus.published
        own = Course.author_id == scope.author_id if scope.author_id is not None else None
        conditions.append(or_(published, own) if own is not None else published)
    if wanted.status is not None:
        conditions.append(Course.status == wanted.status)
    if wanted.difficulty is not None:
        conditions.append(Course.difficulty == wanted.difficulty)
    if wanted.author_id is not None:
        conditions.append(Course.author_id == wanted.author_id)
    if wanted.text is not None:
        pattern = _like(wanted.text.lower())
        conditions.append(
            or_(
                func.lower(Course.title).like(pattern, escape="\\"),
                func.lower(Course.description).like(pattern, escape="\\"),
            )
        )
    return conditions


async def list_courses(
    session: AsyncSession, scope: CourseScope, wanted: CourseFilter, limit: int, offset: int
) -> tuple[int, list[Course]]:
    """(total matching, one page newest first)."""
    conditions = _conditions(scope, wanted)
    total = await session.scalar(select(func.count()).select_from(Course).where(*conditions))
    rows = await session.scalars(
        select(Course)
        .where(*conditions)
        .order_by(Course.created_at.desc(), Course.id)
        .limit(limit)
        .offset(offset)
    )
    return int(total or 0), list(rows)


async def course_tree(session: AsyncSession, course_id: uuid.UUID) -> Course | None:
    """The course with its modules, lessons, sections and quiz questions loaded."""
    lessons = selectinload(Course.modules).selectinload(Module.lessons)
    course: Course | None = await session.scalar(
        select(Course)
        .where(Course.id == course_id)
        .options(
            lessons.selectinload(Lesson.sections),
            lessons.selectinload(Lesson.questions),
        )
    )
    return course


async def prerequisite_ids(session: AsyncSession, course_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(course_prerequisites.c.prerequisite_id).where(
            course_prerequisites.c.course_id == course_id
        )
    )
    return list(rows)


async def existing_course_ids(
    session: AsyncSession, course_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of these IDs name a course (no query for an empty list)."""
    if not course_ids:
        return set()
    return set(await session.scalars(select(Course.id).where(Course.id.in_(course_ids))))


async def get_course(session: AsyncSession, course_id: uuid.UUID) -> Course | None:
    return await session.get(Course, course_id)


async def lesson_with_content(session: AsyncSession, lesson_id: uuid.UUID) -> Lesson | None:
    """A lesson with its sections and quiz questions (for its author's view)."""
    lesson: Lesson | None = await session.scalar(
        select(Lesson)
        .where(Lesson.id == lesson_id)
        .options(selectinload(Lesson.sections), selectinload(Lesson.questions))
        .execution_options(populate_existing=True)
    )
    return lesson


async def set_prerequisites(
    session: AsyncSession, course_id: uuid.UUID, prerequisite_ids: Sequence[uuid.UUID]
) -> None:
    await session.execute(
        delete(course_prerequisites).where(course_prerequisites.c.course_id == course_id)
    )
    if prerequisite_ids:
        await session.execute(
            insert(course_prerequisites),
            [{"course_id": course_id, "prerequisite_id": p} for p in prerequisite_ids],
        )
