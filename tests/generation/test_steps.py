"""Catalogue activities are idempotent by generation ID and store the request's terms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.testing import ActivityEnvironment

from activities.generation.steps import GenerationActivities
from activities.notifications import NotificationActivities
from adapters.llm.offline import offline_lesson, offline_outline
from adapters.llm.prompts import extract_blocks, lesson_messages, outline_messages
from adapters.mail.port import EmailMessage
from db.models import (
    Course,
    CourseGeneration,
    Lesson,
    Notification,
    QuizQuestion,
    Section,
    course_prerequisites,
)
from db.session import transaction
from schemas.enums import CourseStatus, GenerationStage, GenerationStatus, Role
from schemas.generation import (
    AuthorNoticeInput,
    CloseInput,
    CourseGenerationRequest,
    LessonContent,
    LessonJob,
    PublishInput,
)
from services.generation import (
    create_course_generation,
    lesson_context,
    prepare_lesson,
    write_lesson,
)
from tests.factories import create_course, create_user


async def _generation(sessionmaker: async_sessionmaker[AsyncSession], **extra: Any) -> Any:
    async with transaction(sessionmaker) as session:
        author = await create_user(session, Role.instructor)
        prerequisite = await create_course(session, author, modules=0)
        body = CourseGenerationRequest(
            title="Linear Algebra",
            description="Vectors, matrices and what they do.",
            module_count=1,
            lessons_per_module=2,
            prerequisite_ids=[prerequisite.id],
            **extra,
        )
        row = await create_course_generation(session, author, body)
        request = row.request
        row.outline = offline_outline(extract_blocks(outline_messages(request)[0].content))
    return row, prerequisite


async def test_draft_and_publish_are_idempotent_by_generation(
    sessionmaker: async_sessionmaker[AsyncSession], make_settings: Any
) -> None:
    opens = datetime(2030, 1, 1, tzinfo=UTC)
    row, prerequisite = await _generation(
        sessionmaker,
        price_cents=1500,
        currency="GBP",
        capacity=12,
        enrollment_opens_at=opens,
        enrollment_closes_at=opens + timedelta(days=30),
    )
    catalog = GenerationActivities(make_settings(), sessionmaker)
    env = ActivityEnvironment()
    first = await env.run(catalog.create_draft_course, row.id)
    second = await env.run(catalog.create_draft_course, row.id)
    assert first == second and len(first.lessons) == 2

    publish = PublishInput(
        generation_id=row.id, course_id=first.course_id, thumbnail_key="k", publish=True
    )
    published = await env.run(catalog.publish_course, publish)
    again = await env.run(catalog.publish_course, publish)
    assert (published.already_done, again.already_done) == (False, True)
    assert again.course_status == CourseStatus.published.value

    async with sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(Course).where(Course.generation_id == row.id)
        )
        course = await session.get(Course, first.course_id)
        prerequisites = list(
            await session.scalars(
                select(course_prerequisites.c.prerequisite_id).where(
                    course_prerequisites.c.course_id == first.course_id
                )
            )
        )
        generation = await session.get(CourseGeneration, row.id)
    assert count == 1 and course is not None
    assert (course.price_cents, course.currency, course.capacity) == (1500, "GBP", 12)
    assert course.enrollment_opens_at == opens
    assert course.enrollment_closes_at == opens + timedelta(days=30)
    assert prerequisites == [prerequisite.id]
    assert generation is not None and generation.course_id == course.id


async def test_a_lesson_written_after_its_context_was_read_is_replaced_not_doubled(
    sessionmaker: async_sessionmaker[AsyncSession], make_settings: Any
) -> None:
    """Two attempts of one lesson call read the lesson at revision 0; the first stores. The
    second's guarded update misses, so it replaces what the lesson holds now."""
    row, _ = await _generation(sessionmaker)
    draft = await ActivityEnvironment().run(
        GenerationActivities(make_settings(), sessionmaker).create_draft_course, row.id
    )
    job = LessonJob(generation_id=row.id, lesson_id=draft.lessons[0].lesson_id, target_revision=1)
    async with sessionmaker() as session:
        stale = await lesson_context(session, job)
    plan = {"title": "Vectors", "objectives": stale.plan["objectives"]}
    prompt = lesson_messages(stale.brief, plan, {"lesson_id": "x"}, [], None)[0].content
    content = LessonContent.model_validate(offline_lesson(extract_blocks(prompt)))
    shorter = content.model_copy(update={"sections": content.sections[:-1]})
    for stored in (content, shorter):  # both attempts hold the context read at revision 0
        async with transaction(sessionmaker) as session:
            await write_lesson(session, job, stale, prepare_lesson(stale, stored))
    async with sessionmaker() as session:
        lesson = await session.get(Lesson, job.lesson_id)
        titles = list(
            await session.scalars(
                select(Section.title)
                .where(Section.lesson_id == job.lesson_id)
                .order_by(Section.position)
            )
        )
        questions = await session.scalar(
            select(func.count())
            .select_from(QuizQuestion)
            .where(QuizQuestion.lesson_id == job.lesson_id)
        )
    assert stale.revision == 0 and lesson is not None and lesson.revision == 1
    assert titles == [s.title for s in shorter.sections]
    assert questions == len(shorter.quiz)


class _SentMail:
    """The mail port, recording what it is asked to send."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


async def test_closing_a_run_twice_publishes_notifies_and_mails_once(
    sessionmaker: async_sessionmaker[AsyncSession], make_settings: Any
) -> None:
    row, _ = await _generation(sessionmaker)
    mail = _SentMail()
    notifier = NotificationActivities(sessionmaker, mail)
    steps = GenerationActivities(make_settings(), sessionmaker, notifier)
    env = ActivityEnvironment()
    draft = await env.run(steps.create_draft_course, row.id)
    close = CloseInput(
        publish=PublishInput(
            generation_id=row.id, course_id=draft.course_id, thumbnail_key="k", publish=True
        ),
        notice=AuthorNoticeInput(
            generation_id=row.id, requested_by=row.requested_by, title="Linear Algebra"
        ),
    )
    first = await env.run(steps.close_generation, close)
    again = await env.run(steps.close_generation, close)  # a retry of the whole step
    assert (first.already_done, again.already_done) == (False, True)
    async with sessionmaker() as session:
        generation = await session.get(CourseGeneration, row.id)
        notes = list(
            await session.scalars(
                select(Notification).where(Notification.user_id == row.requested_by)
            )
        )
    assert generation is not None
    assert (generation.status, generation.stage) == (
        GenerationStatus.completed,
        GenerationStage.done,
    )
    assert [n.subject for n in notes] == ["Your course “Linear Algebra” is published"]
    assert notes[0].email_sent_at is not None
    assert [m.subject for m in mail.sent] == ["Your course “Linear Algebra” is published"]
