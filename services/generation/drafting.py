"""A run's writes: its projection (stage, status), the outline, the draft course, each
lesson's content keyed by lesson ID, and the idempotent publish.

Each function is safe to repeat: a retried activity finds what the first attempt wrote.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.llm.parsing import MARKDOWN_FIELDS
from core.sanitize import sanitize_markdown, sanitize_text, sanitize_tree
from db.base import utcnow
from db.models import Course, CourseGeneration, Section
from db.queries import catalog as catalog_q
from db.queries import generation as q
from schemas.enums import CourseStatus, GenerationStage, GenerationStatus, LessonStatus
from schemas.generation import (
    TERMINAL_STATUSES,
    CourseGenerationRun,
    DraftCourse,
    FinishInput,
    LessonContent,
    LessonRef,
    Outline,
    PublishInput,
    PublishResult,
    QualityInput,
    QualityReport,
)
from services.errors import Conflict, NotFound
from services.generation.quality import QualityRules, course_report, lesson_findings


class GenerationNotFound(NotFound):
    pass


class OutlineMissing(Conflict):
    pass


class CourseMissing(Conflict):
    pass


class NotACourseGeneration(Conflict):
    """A step of the course pipeline was given a run of another kind (a lesson regeneration)."""


async def generation_row(session: AsyncSession, generation_id: uuid.UUID) -> CourseGeneration:
    row = await session.get(CourseGeneration, generation_id)
    if row is None:
        raise GenerationNotFound(f"generation {generation_id} does not exist")
    return row


def course_request(generation: CourseGeneration) -> CourseGenerationRun:
    """The run's request, which must be a whole course's (a type check, not a marker)."""
    if not isinstance(generation.request, CourseGenerationRun):
        raise NotACourseGeneration(f"generation {generation.id} does not generate a course")
    return generation.request


def mark_stage(
    row: CourseGeneration,
    stage: GenerationStage,
    status: GenerationStatus = GenerationStatus.running,
) -> None:
    """The API's projection of the run; a finished run keeps its final stage and status."""
    if row.status not in TERMINAL_STATUSES:
        row.stage, row.status = stage, status


async def record_stage(
    session: AsyncSession,
    generation_id: uuid.UUID,
    stage: GenerationStage,
    status: GenerationStatus = GenerationStatus.running,
) -> CourseGeneration:
    row = await generation_row(session, generation_id)
    mark_stage(row, stage, status)
    return row


def clean_outline(data: dict[str, Any]) -> dict[str, Any]:
    """An outline with every string sanitised (markup removed): what is stored and served."""
    cleaned = sanitize_tree(data, MARKDOWN_FIELDS)
    assert isinstance(cleaned, dict)
    return cleaned


async def store_outline(session: AsyncSession, generation_id: uuid.UUID, outline: Outline) -> int:
    """The outline (the model's, or the reviewer's edit of it) the draft is built from; only
    its sanitised copy is stored (the model's is sanitised already, before validation)."""
    row = await generation_row(session, generation_id)
    row.outline = clean_outline(outline.model_dump(mode="json"))
    return outline.lesson_count


# --- the draft course -----------------------------------------------------------------------
async def find_draft(session: AsyncSession, generation_id: uuid.UUID) -> DraftCourse | None:
    course_id = await q.draft_course_id(session, generation_id)
    if course_id is None:
        return None
    lessons = [
        LessonRef(lesson_id=lesson_id, title=title)
        for lesson_id, title in await q.lessons_in_order(session, course_id)
    ]
    return DraftCourse(course_id=course_id, lessons=lessons)


async def create_draft(
    session: AsyncSession, generation_id: uuid.UUID, *, offline: bool
) -> DraftCourse:
    """The draft course with its modules and (empty) lessons, from the stored outline."""
    generation = await generation_row(session, generation_id)
    if generation.outline is None:
        raise OutlineMissing("the generation has no outline")
    request = course_request(generation)
    outline = Outline.model_validate(generation.outline)
    course = _course_from(request, generation, offline)
    session.add(course)
    await session.flush()
    found = await catalog_q.existing_course_ids(session, request.prerequisite_ids)
    await q.add_prerequisites(session, course.id, sorted(found - {course.id}))
    refs, modules, lessons = [], [], []
    for m, draft in enumerate(outline.modules):
        module_id = uuid.uuid4()  # IDs chosen here: the rows go in with Core, no ORM objects
        modules.append({"id": module_id, "course_id": course.id, "position": m,
                        "title": sanitize_text(draft.title)[:200],
                        "summary": sanitize_markdown(draft.summary)})  # fmt: skip
        for n, plan in enumerate(draft.lessons):
            lesson_id, title = uuid.uuid4(), sanitize_text(plan.title)[:200]
            lessons.append({"id": lesson_id, "course_id": course.id, "module_id": module_id,
                            "position": n, "title": title,
                            "objectives": [sanitize_text(o) for o in plan.objectives],
                            "estimated_minutes": plan.estimated_minutes})  # fmt: skip
            refs.append(LessonRef(lesson_id=lesson_id, title=title))
    await q.add_outline_rows(session, modules, lessons)
    generation.course_id = course.id
    mark_stage(generation, GenerationStage.lessons)
    return DraftCourse(course_id=course.id, lessons=refs)


def _course_from(
    request: CourseGenerationRun, generation: CourseGeneration, offline: bool
) -> Course:
    return Course(
        generation_id=generation.id,
        author_id=generation.requested_by,
        title=sanitize_text(request.title)[:200],
        description=sanitize_markdown(request.description),
        audience=sanitize_text(request.audience)[:500] if request.audience else None,
        difficulty=request.difficulty,
        language=request.language,
        status=CourseStatus.draft,
        price_cents=request.price_cents,
        currency=request.currency,
        capacity=request.capacity,
        enrollment_opens_at=request.enrollment_opens_at,
        enrollment_closes_at=request.enrollment_closes_at,
        offline_draft=offline,
    )


# --- lesson content (keyed by lesson ID) ------------------------------------------------------
def content_hash(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\n\x00{body}".encode()).hexdigest()


@dataclass(frozen=True)
class PreparedQuestion:
    prompt: str
    options: list[str]
    key: int  # a valid index: a broken key is already a quality finding
    explanation: str
    section: int  # index of its source section in ``PreparedLesson.sections``


@dataclass(frozen=True)
class PreparedLesson:
    """A validated lesson as it is stored: sanitised sections and quiz, and the lesson's check
    findings. Built before the write's transaction opens: the checks are the CPU-heavy part,
    and a connection should not wait on them."""

    sections: list[tuple[str, str]]  # (title, body), in order
    questions: list[PreparedQuestion]
    findings: list[dict[str, Any]]  # schemas.generation.Finding as JSON

    def lesson_values(self, revision: int) -> dict[str, Any]:
        """The lesson's columns once this content is stored at ``revision``."""
        return {
            "status": LessonStatus.generated,
            "revision": revision,
            "quality_findings": self.findings,
            "findings_revision": revision,
        }


def _as_is(text: str) -> str:
    return text


def prepare_content(
    content: LessonContent,
    objectives: list[str],
    language: str | None,
    rules: QualityRules | None = None,
    *,
    sanitized: bool = False,
) -> PreparedLesson:
    """``sanitized``: every string of ``content`` went through ``core.sanitize`` already (a
    model's reply: ``parse_reply`` sanitises before it validates), so it is not done twice."""
    text, markdown = (_as_is, _as_is) if sanitized else (sanitize_text, sanitize_markdown)
    sections = [
        (text(s.title)[:200] or "Section", markdown(s.body_markdown)) for s in content.sections
    ]
    questions = []
    for question in content.quiz:
        marked = [n for n, option in enumerate(question.options) if option.correct]
        in_range = 0 <= question.answer_index < len(question.options)
        questions.append(
            PreparedQuestion(
                prompt=text(question.prompt),
                options=[text(o.text) for o in question.options],
                key=question.answer_index if in_range else (marked or [0])[0],
                explanation=markdown(question.explanation),
                section=min(question.section_index, len(sections) - 1),
            )
        )
    findings = lesson_findings(content, objectives, language, rules)
    return PreparedLesson(sections, questions, [f.model_dump(mode="json") for f in findings])


async def write_lesson_content(
    session: AsyncSession,
    lesson_id: uuid.UUID,
    course_id: uuid.UUID,
    held: int,
    lesson: PreparedLesson,
    revision: int,
) -> tuple[int, int]:
    """Replace the sections and quiz the lesson held at revision ``held`` with ``lesson``'s
    (the lesson row itself is the caller's). A section whose content did not change keeps its
    row (and ID), so learners' section_progress survives a regeneration."""
    if held == 0:  # never written: nothing to keep or remove
        keep: list[Section | None] = [None] * len(lesson.sections)
    else:
        keep = await _clear_for_rewrite(session, lesson_id, lesson.sections)
    section_ids = await _place_sections(
        session, lesson_id, course_id, lesson.sections, keep, revision
    )
    await q.add_questions(session, [
        {"lesson_id": lesson_id, "position": i, "prompt": x.prompt, "options": x.options,
         "answer_index": x.key, "explanation": x.explanation, "section_id": section_ids[x.section]}
        for i, x in enumerate(lesson.questions)
    ])  # fmt: skip
    return len(section_ids), len(lesson.questions)


async def _clear_for_rewrite(
    session: AsyncSession, lesson_id: uuid.UUID, drafts: list[tuple[str, str]]
) -> list[Section | None]:
    """Delete the quiz and the sections the new content does not repeat; return, per draft,
    the existing row that keeps its place (or None)."""
    existing = await q.lesson_sections(session, lesson_id)
    by_hash: dict[str, list[Section]] = {}
    for row in existing:
        by_hash.setdefault(row.content_hash, []).append(row)
    for question in await q.lesson_questions(session, lesson_id):
        await session.delete(question)
    keep: list[Section | None] = []
    for title, body in drafts:
        rows = by_hash.get(content_hash(title, body))
        keep.append(rows.pop(0) if rows else None)
    kept_ids = {row.id for row in keep if row is not None}
    for row in existing:
        if row.id not in kept_ids:
            await session.delete(row)
    for i, kept in enumerate(keep):  # move kept rows out of the way of the unique position
        if kept is not None:
            kept.position = -1 - i
    await session.flush()
    return keep


async def _place_sections(
    session: AsyncSession,
    lesson_id: uuid.UUID,
    course_id: uuid.UUID,
    drafts: list[tuple[str, str]],
    keep: list[Section | None],
    revision: int,
) -> list[uuid.UUID]:
    """Kept rows move to their new position; new content gets a new row at this revision
    (all new rows in one statement). Returns the section IDs in order."""
    ids, rows = [], []
    for i, ((title, body), kept) in enumerate(zip(drafts, keep, strict=True)):
        if kept is not None:
            kept.position = i
            ids.append(kept.id)
            continue
        ids.append(uuid.uuid4())
        rows.append({"id": ids[-1], "lesson_id": lesson_id, "course_id": course_id,
                     "title": title, "body_markdown": body,
                     "content_hash": content_hash(title, body), "position": i,
                     "revision": revision})  # fmt: skip
    await session.flush()  # kept rows first: their new places were freed above
    await q.add_sections(session, rows)
    return ids


# --- quality, publish and finish -----------------------------------------------------------
async def check_quality(
    session: AsyncSession, input: QualityInput, rules: QualityRules | None = None
) -> QualityReport:
    """The course-wide checks over what is stored now (``input.stage`` is recorded too)."""
    course = await session.get(Course, input.course_id)
    lessons = await q.lesson_texts(session, input.course_id)
    generation = (
        await session.get(CourseGeneration, course.generation_id)
        if course is not None and course.generation_id is not None
        else None
    )
    wanted = generation.request.brief().learning_objectives if generation else []
    if generation is not None and input.stage is not None:
        mark_stage(generation, input.stage)
    language = course.language if course is not None else None
    return course_report(lessons, wanted, input.lesson_ids, language, rules)


async def publish(session: AsyncSession, input: PublishInput) -> PublishResult:
    """Publish the draft (or send it to review); a second call finds it already done."""
    generation = await generation_row(session, input.generation_id)
    course = await q.draft_course(session, input.generation_id)
    if course is None:
        raise CourseMissing("no draft course for this generation")
    done = course.status in (CourseStatus.published, CourseStatus.review)
    if not done:
        course.thumbnail_key = input.thumbnail_key
        course.quality_findings = list(input.findings)
        if input.publish:
            course.status = CourseStatus.published
            course.published_at = utcnow()
        else:
            course.status = CourseStatus.review
    generation.course_id = course.id
    mark_stage(generation, GenerationStage.notify)  # what the run does next
    return PublishResult(course_id=course.id, course_status=course.status.value, already_done=done)


async def finish(session: AsyncSession, input: FinishInput) -> None:
    """The run's final status; a run that ends cancelled takes its unpublished draft along."""
    generation = await generation_row(session, input.generation_id)
    generation.status = input.status
    generation.error = input.error[:4000] if input.error else None
    if input.status is GenerationStatus.completed:
        generation.stage = GenerationStage.done
    course = await q.draft_course(session, input.generation_id)
    unpublished = (CourseStatus.draft, CourseStatus.review)
    if course is not None and input.cancel_course and course.status in unpublished:
        course.status = CourseStatus.cancelled
