"""check_quality: the course-wide checks over what is stored (both databases).

Per-lesson findings are stored when a lesson is written; this activity adds the checks that
need the whole course: a section repeated from an earlier lesson, a lesson without content,
positional bias across every quiz, and course objectives no lesson covers. The duplicate
finding depends on reading lessons in module and lesson order, and sections in position order.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.testing import ActivityEnvironment

from activities.generation.steps import GenerationActivities
from core.settings import Settings
from db.models import CourseGeneration, Lesson, Module, Section
from db.session import transaction
from schemas.enums import GenerationStage, GenerationStatus, LessonStatus, Role
from schemas.generation import QualityInput
from tests.factories import create_course, create_user

COVERED = "section body"  # every factory section body has both words
UNCOVERED = "quantum chromodynamics"


async def _course(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[str, uuid.UUID]:
    """A 2x2 course from a generation: lesson 2.2 repeats a section of lesson 1.1, lesson 1.2
    was never written, and every quiz key is option 2 (12 questions)."""
    async with transaction(sessionmaker) as session:
        author = await create_user(session, Role.instructor)
        generation = CourseGeneration(
            requested_by=author.id, workflow_id=f"course-gen-{uuid.uuid4()}",
            request={"learning_objectives": [COVERED, UNCOVERED]},
            status=GenerationStatus.running, stage=GenerationStage.lessons,
        )  # fmt: skip
        session.add(generation)
        await session.flush()
        course = await create_course(
            session, author, modules=2, lessons_per_module=2, questions_per_lesson=3
        )
        course.generation_id = generation.id
        rows = await session.execute(
            select(Lesson.title, Lesson.id)
            .join(Module, Module.id == Lesson.module_id)
            .where(Lesson.course_id == course.id)
        )
        lessons = {title: lesson_id for title, lesson_id in rows}
        first = await session.scalar(
            select(Section).where(Section.lesson_id == lessons["Lesson 1.1"], Section.position == 0)
        )
        copy = await session.scalar(
            select(Section).where(Section.lesson_id == lessons["Lesson 2.2"], Section.position == 1)
        )
        assert first is not None and copy is not None
        copy.body_markdown = first.body_markdown
        unwritten = await session.get(Lesson, lessons["Lesson 1.2"])
        assert unwritten is not None
        unwritten.status = LessonStatus.pending
        return {"course": course.id, "generation": generation.id, **lessons}


async def test_course_wide_findings_come_from_the_stored_course(
    sessionmaker: async_sessionmaker[AsyncSession], make_settings: Callable[..., Settings]
) -> None:
    ids = await _course(sessionmaker)
    catalog = GenerationActivities(make_settings(), sessionmaker)
    env = ActivityEnvironment()

    report = await env.run(
        catalog.check_quality,
        QualityInput(course_id=ids["course"], stage=GenerationStage.quality),
    )

    failing = {f.lesson_id: f.findings for f in report.failing}
    assert failing == {
        ids["Lesson 1.2"]: ["[LESSON_EMPTY] lesson: the lesson has no content"],
        ids["Lesson 2.2"]: [
            "[SECTION_DUPLICATE] section 2: section 'Section 2' duplicates a section of lesson "
            "'Lesson 1.1'"
        ],
    }
    assert report.course_findings == [
        "[QUIZ_KEY_POSITION_BIAS] course: course: the correct option is at position 2 in 12 of "
        "12 questions; vary its position",
        f"[COURSE_OBJECTIVE_NOT_COVERED] objective {UNCOVERED!r}: learning objective not "
        "covered by any lesson",
    ]
    async with sessionmaker() as session:
        generation = await session.get(CourseGeneration, ids["generation"])
        assert generation is not None and generation.stage is GenerationStage.quality

    # A regeneration asks about its own lessons only; the course-wide findings stay.
    only = await env.run(
        catalog.check_quality,
        QualityInput(course_id=ids["course"], lesson_ids=[ids["Lesson 2.2"]]),
    )
    assert [f.lesson_id for f in only.failing] == [ids["Lesson 2.2"]]
    assert only.course_findings == report.course_findings


async def test_a_course_objective_the_judge_showed_in_a_lesson_is_covered(
    sessionmaker: async_sessionmaker[AsyncSession], make_settings: Callable[..., Settings]
) -> None:
    # The lemma check finds UNCOVERED nowhere; lesson 1.1 (judged at its revision, no "not
    # shown" finding) has it as an objective the judge verified with a quote.
    ids = await _course(sessionmaker)
    async with transaction(sessionmaker) as session:
        judged = await session.get(Lesson, ids["Lesson 1.1"])
        assert judged is not None
        judged.objectives, judged.revision, judged.judged_revision = [UNCOVERED], 1, 1
    catalog = GenerationActivities(make_settings(), sessionmaker)

    report = await ActivityEnvironment().run(
        catalog.check_quality, QualityInput(course_id=ids["course"])
    )

    assert not any("COURSE_OBJECTIVE" in f for f in report.course_findings)
