"""Small ``create_*`` factories for tests. Each writes through the real models and flushes."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.security import issue_access_token
from core.settings import Settings
from db.models import Course, Lesson, Module, QuizQuestion, Section, User
from db.queries.accounts import create_user as _create_user
from schemas.enums import CourseStatus, Difficulty, LessonStatus, Role

TEST_PASSWORD = "correct-horse-battery"


async def create_user(
    session: AsyncSession,
    role: Role = Role.student,
    *,
    email: str | None = None,
    full_name: str = "Test Person",
    password: str = TEST_PASSWORD,
) -> User:
    email = email or f"{role.value}-{uuid.uuid4().hex[:10]}@example.org"
    return await _create_user(
        session, email=email, full_name=full_name, role=role, password=password
    )


async def create_token_user(session: AsyncSession, role: Role = Role.student) -> User:
    """A user who only ever authenticates with a token (``auth_headers``): no argon2 hash is
    computed, which matters where a test makes dozens of them (property tests)."""
    email = f"{role.value}-{uuid.uuid4().hex[:12]}@example.org"
    user = User(email=email, full_name="Token Person", role=role, password_hash="!no-login")
    session.add(user)
    await session.flush()
    return user


def auth_headers(settings: Settings, user: User) -> dict[str, str]:
    token, _ = issue_access_token(settings, user.id, user.role.value)
    return {"Authorization": f"Bearer {token}"}


async def create_course(
    session: AsyncSession,
    author: User,
    *,
    title: str = "Statistics for Curious People",
    status: CourseStatus = CourseStatus.published,
    modules: int = 1,
    lessons_per_module: int = 2,
    sections_per_lesson: int = 2,
    questions_per_lesson: int = 2,
    price_cents: int = 0,
    currency: str = "USD",
    capacity: int | None = None,
    pass_mark: int = 70,
    enrollment_opens_at: datetime | None = None,
    enrollment_closes_at: datetime | None = None,
    starts_at: datetime | None = None,
    optional_last_section: bool = False,
    **progression: Any,
) -> Course:
    """A course with modules, lessons, sections and quiz questions (answer key = option 1).

    ``progression``: Course columns of the progression settings (``progression_order``,
    ``mastery_required``, ``min_engagement_s``, ``quiz_attempt_limit``, ``quiz_cooldown_s``).
    """
    course = Course(
        author_id=author.id,
        title=title,
        description=f"{title}: a course made by a test factory.",
        difficulty=Difficulty.beginner,
        status=status,
        price_cents=price_cents,
        currency=currency,
        capacity=capacity,
        pass_mark=pass_mark,
        enrollment_opens_at=enrollment_opens_at,
        enrollment_closes_at=enrollment_closes_at,
        starts_at=starts_at,
        **progression,
    )
    session.add(course)
    await session.flush()
    for m in range(modules):
        module = Module(course_id=course.id, position=m, title=f"Module {m + 1}")
        session.add(module)
        await session.flush()
        for lesson_pos in range(lessons_per_module):
            await _create_lesson(
                session,
                course,
                module,
                lesson_pos,
                sections_per_lesson,
                questions_per_lesson,
                optional_last_section,
            )
    return course


async def _create_lesson(
    session: AsyncSession,
    course: Course,
    module: Module,
    position: int,
    sections: int,
    questions: int,
    optional_last_section: bool,
) -> Lesson:
    lesson = Lesson(
        course_id=course.id,
        module_id=module.id,
        position=position,
        title=f"Lesson {module.position + 1}.{position + 1}",
        objectives=[f"Objective {position + 1}"],
        status=LessonStatus.generated,
        revision=1,
    )
    session.add(lesson)
    await session.flush()
    section_rows = []
    for s in range(sections):
        body = f"Body of section {s + 1} of {lesson.title}."
        section = Section(
            lesson_id=lesson.id,
            course_id=course.id,
            position=s,
            title=f"Section {s + 1}",
            body_markdown=body,
            content_hash=hashlib.sha256(body.encode()).hexdigest(),
            required=not (optional_last_section and s == sections - 1),
        )
        session.add(section)
        section_rows.append(section)
    await session.flush()
    for q in range(questions):
        session.add(
            QuizQuestion(
                lesson_id=lesson.id,
                position=q,
                prompt=f"Question {q + 1} of {lesson.title}?",
                options=["wrong A", "right", "wrong B", "wrong C"],
                answer_index=1,
                explanation="Because it is right.",
                section_id=section_rows[q % len(section_rows)].id if section_rows else None,
            )
        )
    await session.flush()
    return lesson
