"""What the run's model calls read and write: the screened course request, a lesson's plan
and context, and where their validated answers are stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AIGeneration
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
from services.generation import drafting
from services.generation.drafting import PreparedLesson, course_request, generation_row, mark_stage
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
    course_id: uuid.UUID
    language: str | None  # the course's: the lesson's checks read in it
    outline: dict[str, Any] | None = None  # the course's outline: the prompt's stable part


async def lesson_context(session: AsyncSession, job: LessonJob) -> LessonContext:
    """The lesson's plan, the course it belongs to, and whether the wanted revision exists."""
    row = await q.lesson_with_context(session, job.lesson_id, job.generation_id)
    if row is None:
        raise LessonNotFound("no such lesson")
    done = row.status == LessonStatus.generated and row.revision >= job.target_revision
    counts = await q.content_counts(session, job.lesson_id) if done else None
    plan = {"title": row.title, "objectives": list(row.objectives), "module": row.module_title}
    return LessonContext(
        row.request.brief(), plan, row.revision, counts, row.course_id, row.language,
        outline=None if done else row.outline,
    )  # fmt: skip


async def record_call(session: AsyncSession, row: AIGeneration) -> None:
    """A model call's ledger row, written now in the session's transaction."""
    await q.add_ledger_row(session, row)


def prepare_lesson(
    context: LessonContext,
    content: LessonContent,
    rules: QualityRules | None = None,
    *,
    sanitized: bool = False,
) -> PreparedLesson:
    """The validated lesson as it will be stored, checks included (no database needed).
    ``sanitized``: ``content`` is a parsed reply, whose strings are sanitised already."""
    objectives = [str(o) for o in context.plan["objectives"]]
    return drafting.prepare_content(
        content, objectives, context.language, rules, sanitized=sanitized
    )


async def write_lesson(
    session: AsyncSession, job: LessonJob, context: LessonContext, lesson: PreparedLesson
) -> tuple[int, int]:
    """Store a prepared lesson at the job's revision: (sections, questions). It replaces what
    the lesson held when ``context`` was read; if the lesson moved on since (another attempt
    of this call, an author's edit), it replaces what the lesson holds now."""
    values = lesson.lesson_values(job.target_revision)
    held = context.revision
    if not await q.claim_lesson_revision(session, job.lesson_id, held, values):
        now = await q.lesson_revision(session, job.lesson_id)
        if now is None:
            raise LessonNotFound("no such lesson")
        held = now
        await q.claim_lesson_revision(session, job.lesson_id, held, values)
    return await drafting.write_lesson_content(
        session, job.lesson_id, context.course_id, held, lesson, job.target_revision
    )
