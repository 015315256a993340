"""What the judge reads of a lesson: its sections and quiz questions (one query for both) in
position order, each question with the position of its source section."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Lesson
from schemas.enums import Role
from schemas.generation import JudgeJob
from services.generation.judge import judge_context
from tests.factories import create_course, create_user


async def test_the_judge_reads_sections_and_questions_in_order_with_their_sections(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        author = await create_user(session, Role.instructor)
        course = await create_course(
            session, author, lessons_per_module=1, sections_per_lesson=2, questions_per_lesson=3
        )
    async with sessionmaker() as session:
        lesson_id = await session.scalar(select(Lesson.id).where(Lesson.course_id == course.id))
        assert lesson_id is not None
        job = JudgeJob(generation_id=course.id, lesson_id=lesson_id, revision=1)
        context = await judge_context(session, job)
    assert context is not None
    assert context.sections == [
        ("Section 1", "Body of section 1 of Lesson 1.1."),
        ("Section 2", "Body of section 2 of Lesson 1.1."),
    ]
    assert [q.prompt for q in context.questions] == [
        f"Question {n} of Lesson 1.1?" for n in (1, 2, 3)
    ]
    assert [q.section for q in context.questions] == [0, 1, 0]  # the factory's q % sections
    assert all(q.options == ["wrong A", "right", "wrong B", "wrong C"] for q in context.questions)
    assert all(q.key == 1 and q.explanation == "Because it is right." for q in context.questions)
