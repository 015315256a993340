"""Property (Hypothesis): after any sequence of progress posts through the API, on any course
shape with any mix of required and optional sections, the stored lesson and course
percentages equal a recomputation from the section rows alone.

The recomputation is written here from the documented rule, independently of the code: a
lesson's fraction is the mean completion of its required sections (of all its sections when
none is required); the course's is the mean over the lessons that have a required section;
percentages round half up to two decimals. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from core.settings import Settings
from db.models import Enrollment, LessonProgress, Section, SectionProgress
from db.session import transaction
from schemas.enums import Role
from tests.conftest import ApiFactory
from tests.factories import auth_headers, create_course, create_token_user
from tests.learning.support import create_enrollment, sections_of

shapes = st.tuples(st.integers(1, 3), st.integers(1, 3)).flatmap(
    lambda shape: st.tuples(
        st.just(shape),
        st.lists(st.booleans(), min_size=shape[0] * shape[1], max_size=shape[0] * shape[1]),
        st.lists(st.tuples(st.integers(0, shape[0] * shape[1] - 1), st.booleans()), max_size=10),
    )
)


def percent(fraction: Fraction) -> Decimal:
    exact = Decimal(fraction.numerator * 100) / Decimal(fraction.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def recompute(
    sections: list[Section], required: list[bool], done: dict[uuid.UUID, Fraction]
) -> tuple[dict[uuid.UUID, Decimal], Decimal]:
    lessons: dict[uuid.UUID, list[tuple[bool, Fraction]]] = {}
    for section, is_required in zip(sections, required, strict=True):
        lessons.setdefault(section.lesson_id, []).append(
            (is_required, done.get(section.id, Fraction(0)))
        )
    lesson_percent, counted = {}, []
    for lesson_id, rows in lessons.items():
        chosen = [c for r, c in rows if r] or [c for _, c in rows]
        fraction = sum(chosen, Fraction(0)) / len(chosen)
        lesson_percent[lesson_id] = percent(fraction)
        if any(r for r, _ in rows):
            counted.append(fraction)
    course = sum(counted, Fraction(0)) / len(counted) if counted else Fraction(0)
    return lesson_percent, percent(course)


async def stored(
    sessionmaker: async_sessionmaker[AsyncSession], enrollment_id: uuid.UUID
) -> tuple[dict[uuid.UUID, Fraction], dict[uuid.UUID, Decimal], Decimal]:
    async with sessionmaker() as session:
        rows = await session.execute(
            select(SectionProgress.section_id, SectionProgress.completion).where(
                SectionProgress.enrollment_id == enrollment_id
            )
        )
        done = {sid: Fraction(Decimal(c)) for sid, c in rows}
        lessons = await session.execute(
            select(LessonProgress.lesson_id, LessonProgress.percent).where(
                LessonProgress.enrollment_id == enrollment_id
            )
        )
        lesson_percent = {lid: Decimal(p) for lid, p in lessons}
        course = await session.scalar(
            select(Enrollment.progress_percent).where(Enrollment.id == enrollment_id)
        )
    return done, lesson_percent, Decimal(course)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=shapes)
async def test_the_roll_up_equals_a_recomputation_from_section_rows(
    case: tuple[tuple[int, int], list[bool], list[tuple[int, bool]]],
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
    dev_client: Client, task_queue: str,
) -> None:  # fmt: skip
    (lessons, per_lesson), required, posts = case
    # A post that completes the course starts the completion run; nobody polls this queue.
    settings_ = make_settings(database_url=database_url, task_queue=task_queue)
    async with transaction(sessionmaker) as session:
        author = await create_token_user(session, Role.instructor)
        student = await create_token_user(session, Role.student)
        course = await create_course(
            session, author, lessons_per_module=lessons, sections_per_lesson=per_lesson,
            questions_per_lesson=0,
        )  # fmt: skip
        sections = await sections_of(session, course)
        for section, is_required in zip(sections, required, strict=True):
            await session.execute(
                update(Section).where(Section.id == section.id).values(required=is_required)
            )
        enrollment = await create_enrollment(session, course, student)
    api = await api_client_factory(settings_, temporal=dev_client)
    headers = auth_headers(settings_, student)
    for index, completed in posts:
        body = {"section_id": str(sections[index].id), "completed": completed, "time_spent_s": 5}
        answer = await api.post("/api/v1/progress", json=body, headers=headers)
        assert answer.status_code == 200, answer.text
        done, lesson_percent, course_percent = await stored(sessionmaker, enrollment.id)
        expected_lessons, expected_course = recompute(sections, required, done)
        assert course_percent == expected_course == Decimal(str(answer.json()["course_percent"]))
        for lesson_id, value in lesson_percent.items():
            assert value == expected_lessons[lesson_id], lesson_id
