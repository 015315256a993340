"""What the judge reads of a lesson: its sections and quiz questions (one query for both) in
position order, each question with the position of its source section; and how its verdict is
stored: on the findings read with the lesson, only while the lesson is at that revision."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Lesson
from schemas.enums import Role
from schemas.generation import Finding, FindingCode, JudgeJob, LessonVerdict
from services.generation.judge import JudgeContext, judge_context, store_verdict
from tests.factories import create_course, create_user

CHECKS_FINDING = Finding(code=FindingCode.section_duplicate, section=2, message="duplicate")
# Every objective doubted, no question graded: each of the lesson's objectives and questions
# gets a judge finding (its objectives and quiz are the factory's).
DOUBTING = LessonVerdict.model_validate({"objectives": [], "questions": []})


async def _lesson_with_findings(sessionmaker: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    async with sessionmaker() as session, session.begin():
        author = await create_user(session, Role.instructor)
        course = await create_course(session, author, lessons_per_module=1)
        lesson_id = await session.scalar(select(Lesson.id).where(Lesson.course_id == course.id))
        assert lesson_id is not None
        await session.execute(
            update(Lesson)
            .where(Lesson.id == lesson_id)
            .values(quality_findings=[CHECKS_FINDING.model_dump(mode="json")])
        )
    return lesson_id


async def _stored(sessionmaker: async_sessionmaker[AsyncSession], lesson_id: uuid.UUID) -> Lesson:
    async with sessionmaker() as session:
        lesson = await session.get(Lesson, lesson_id)
    assert lesson is not None
    return lesson


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


async def _judged_context(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> tuple[uuid.UUID, JudgeContext]:
    """A lesson with the checks' findings stored, and what the judge reads of it."""
    lesson_id = await _lesson_with_findings(sessionmaker)
    async with sessionmaker() as session:
        job = JudgeJob(generation_id=uuid.uuid4(), lesson_id=lesson_id, revision=1)
        context = await judge_context(session, job)
    assert context is not None
    return lesson_id, context


async def test_the_verdict_joins_the_checks_findings_read_with_the_lesson(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    lesson_id, context = await _judged_context(sessionmaker)
    async with sessionmaker() as session, session.begin():
        judged = await store_verdict(session, context, DOUBTING)
    lesson = await _stored(sessionmaker, lesson_id)
    sources = [f["source"] for f in lesson.quality_findings]
    assert judged > 0 and sources == ["checks"] + ["judge"] * judged
    assert lesson.quality_findings[0] == CHECKS_FINDING.model_dump(mode="json")
    assert lesson.judged_revision == 1


async def test_a_verdict_on_a_lesson_rewritten_meanwhile_is_not_stored(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    lesson_id, context = await _judged_context(sessionmaker)
    async with sessionmaker() as session, session.begin():  # a new revision lands first
        await session.execute(
            update(Lesson).where(Lesson.id == lesson_id).values(revision=2, quality_findings=[])
        )
    async with sessionmaker() as session, session.begin():
        judged = await store_verdict(session, context, DOUBTING)
    lesson = await _stored(sessionmaker, lesson_id)
    assert judged == 0
    assert lesson.quality_findings == [] and lesson.judged_revision == 0
