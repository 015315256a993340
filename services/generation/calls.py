"""What the run's model calls read and write: the screened course request, a lesson's plan
and context, and where their validated answers are stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Lesson
from db.queries import generation as q
from schemas.enums import GenerationStage, LessonStatus
from schemas.generation import (
    CourseBrief,
    CourseGenerationRun,
    LessonContent,
    LessonJob,
    find_prompt_injection,
)
from services.errors import InvalidInput, NotFound
from services.generation.drafting import (
    course_request,
    generation_row,
    mark_stage,
    write_lesson_content,
)
from services.generation.quality import QualityRules


class PromptInjection(InvalidInput):
    code = "InvalidInput"  # the type the workflows treat as permanent


class LessonNotFound(NotFound):
    pass


def screen(brief: CourseBrief) -> None:
    """Defence in depth: the API screens too, but a request may come from elsewhere."""
    texts = [brief.title, brief.description, brief.audience or ""]
    for text in [*texts, *brief.learning_objectives]:
        if find_prompt_injection(text):
            raise PromptInjection("the course request looks like a prompt injection")


def screen_instructions(instructions: str | None) -> None:
    if instructions and find_prompt_injection(instructions):
        raise PromptInjection("instructions look like a prompt injection")


async def outline_request(session: AsyncSession, generation_id: uuid.UUID) -> CourseGenerationRun:
    """The request the outline is drafted from; the run shows the outline stage from now
    (it was "queued" until a model slot freed)."""
    generation = await generation_row(session, generation_id)
    mark_stage(generation, GenerationStage.outline)
    return course_request(generation)


@dataclass
class LessonContext:
    brief: CourseBrief
    plan: dict[str, Any]
    revision: int
    written: tuple[int, int] | None  # (sections, questions) when already at the wanted revision
    outline: dict[str, Any] | None = None  # the course's outline: the prompt's stable part


async def lesson_context(session: AsyncSession, job: LessonJob) -> LessonContext:
    """The lesson's plan, the course it belongs to, and whether the wanted revision exists."""
    found = await q.lesson_with_context(session, job.lesson_id, job.generation_id)
    if found is None:
        raise LessonNotFound("no such lesson")
    lesson, module_title, request = found
    done = lesson.status == LessonStatus.generated and lesson.revision >= job.target_revision
    counts = await q.content_counts(session, lesson.id) if done else None
    plan = {"title": lesson.title, "objectives": list(lesson.objectives), "module": module_title}
    outline = None if done else await q.course_outline(session, lesson.course_id)
    return LessonContext(request.brief(), plan, lesson.revision, counts, outline)


async def write_lesson(
    session: AsyncSession, job: LessonJob, content: LessonContent, rules: QualityRules | None = None
) -> tuple[int, int]:
    """Store a validated lesson at the job's revision: (sections, questions)."""
    lesson = await session.get(Lesson, job.lesson_id)
    if lesson is None:
        raise LessonNotFound("no such lesson")
    return await write_lesson_content(session, lesson, content, job.target_revision, rules)
