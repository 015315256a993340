"""Seeds for the learner's-path tests: a course whose every section body, quiz prompt,
option and explanation carries a marker, so a leak is found by searching an answer's text."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import Course, Enrollment, Lesson, Module, QuizQuestion, Section, User
from schemas.enums import EnrollmentStatus, Role
from tests.factories import auth_headers, create_course, create_user
from tests.learning.support import create_enrollment

ApiFactory = Callable[..., Any]


@dataclass
class LearnerPath:
    """A seeded course: lessons in reading order with their sections and questions."""

    settings: Settings
    course: Course
    author: User
    student: User  # an active enrollment
    enrollment: Enrollment
    lessons: list[Lesson]
    sections: dict[uuid.UUID, list[Section]]  # lesson -> sections in order
    questions: dict[uuid.UUID, list[QuizQuestion]]  # lesson -> questions in order
    module: Module
    users: dict[str, User] = field(default_factory=dict)

    def headers(self, user: User | None = None) -> dict[str, str]:
        return auth_headers(self.settings, user or self.student)

    def keys(self, lesson: Lesson) -> list[int]:
        return [q.answer_index for q in self.questions[lesson.id]]

    def wrong(self, lesson: Lesson) -> list[int]:
        return [(q.answer_index + 1) % len(q.options) for q in self.questions[lesson.id]]


def secret(kind: str, tag: str) -> str:
    return f"SECRET-{kind}-{tag}"


async def _mark(session: AsyncSession, course: Course, tag: str) -> None:
    """Give every body, prompt, option and explanation a findable marker."""
    for section in await session.scalars(select(Section).where(Section.course_id == course.id)):
        section.body_markdown = f"{secret('BODY', tag)} {section.id} " + section.body_markdown
    questions = await session.scalars(
        select(QuizQuestion).join(Lesson).where(Lesson.course_id == course.id)
    )
    for question in questions:
        question.prompt = f"{secret('PROMPT', tag)} {question.prompt}"
        question.options = [f"{secret('OPTION', tag)} {o}" for o in question.options]
        question.explanation = f"{secret('EXPLAIN', tag)} {question.explanation}"


async def seed_path(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    marked: bool = False,
    **course_kw: Any,
) -> LearnerPath:
    course_kw.setdefault("lessons_per_module", 3)
    course_kw.setdefault("sections_per_lesson", 2)
    course_kw.setdefault("questions_per_lesson", 2)
    async with sessionmaker() as session, session.begin():
        author = await create_user(session, Role.instructor)
        student = await create_user(session, Role.student)
        course = await create_course(session, author, **course_kw)
        if marked:
            await _mark(session, course, course.id.hex[:8])
        enrollment = await create_enrollment(session, course, student)
        module = await session.scalar(select(Module).where(Module.course_id == course.id))
        lessons = list(
            await session.scalars(
                select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.position)
            )
        )
        sections = {
            lesson.id: list(await session.scalars(
                select(Section).where(Section.lesson_id == lesson.id).order_by(Section.position)
            ))
            for lesson in lessons
        }  # fmt: skip
        questions = {
            lesson.id: list(await session.scalars(
                select(QuizQuestion).where(QuizQuestion.lesson_id == lesson.id)
                .order_by(QuizQuestion.position)
            ))
            for lesson in lessons
        }  # fmt: skip
    assert module is not None
    return LearnerPath(
        settings, course, author, student, enrollment, lessons, sections, questions, module
    )


async def add_learner(
    sessionmaker: async_sessionmaker[AsyncSession],
    path: LearnerPath,
    status: EnrollmentStatus | None,
    role: Role = Role.student,
    **fields: Any,
) -> User:
    """A user with an enrollment of ``status`` in the course (None: no enrollment)."""
    async with sessionmaker() as session, session.begin():
        user = await create_user(session, role)
        if status is not None:
            await create_enrollment(
                session, path.course, user, status=status,
                init_sections=status in (EnrollmentStatus.active, EnrollmentStatus.completed),
                **fields,
            )  # fmt: skip
    return user


def done(section: Section, time_spent_s: int = 30, **extra: Any) -> dict[str, Any]:
    return {"section_id": str(section.id), "completed": True, "time_spent_s": time_spent_s,
            **extra}  # fmt: skip
