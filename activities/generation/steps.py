"""Catalogue writes of the generation pipeline: the generation's projection, the draft course,
lesson content keyed by lesson ID, quality checks and the idempotent publish.

Every activity here is idempotent: a retry after a crash finds what the first attempt wrote.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.generation.quality import (
    MIN_BIAS_QUESTIONS,
    bias_findings,
    covers,
    lesson_findings,
    normalise,
    words_of,
)
from core.sanitize import sanitize_markdown, sanitize_text
from core.settings import Settings
from db.base import utcnow
from db.models import (
    Course,
    CourseGeneration,
    Lesson,
    Module,
    QuizQuestion,
    Section,
    course_prerequisites,
)
from db.session import transaction
from schemas.enums import CourseStatus, GenerationStage, GenerationStatus, LessonStatus
from schemas.generation import (
    TERMINAL_STATUSES,
    CourseGenerationRequest,
    DraftCourse,
    FinishInput,
    LessonContent,
    LessonFindings,
    LessonRef,
    Outline,
    PublishInput,
    PublishResult,
    QualityInput,
    QualityReport,
    StageInput,
    StoreOutlineInput,
)


# --- pure checks live in activities/generation/quality.py ---------------------------------
def content_hash(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\n\x00{body}".encode()).hexdigest()


# --- lesson content writes (called by the lesson activity, keyed by lesson ID) ---------------
async def write_lesson_content(
    session: AsyncSession, lesson: Lesson, content: LessonContent, revision: int
) -> tuple[int, int]:
    """Replace the lesson's sections and quiz. A section whose content did not change keeps its
    row (and ID), so learners' section_progress survives a regeneration."""
    drafts = [
        (sanitize_text(s.title)[:200] or "Section", sanitize_markdown(s.body_markdown))
        for s in content.sections
    ]
    if lesson.revision == 0:  # never written: nothing to keep or remove
        keep: list[Section | None] = [None] * len(drafts)
    else:
        keep = await _clear_for_rewrite(session, lesson, drafts)
    sections = await _place_sections(session, lesson, drafts, keep, revision)
    _add_questions(session, lesson, content, sections)
    lesson.status = LessonStatus.generated
    lesson.revision = revision
    lesson.quality_findings = lesson_findings(content, [str(o) for o in lesson.objectives])
    await session.flush()
    return len(sections), len(content.quiz)


async def _clear_for_rewrite(
    session: AsyncSession, lesson: Lesson, drafts: list[tuple[str, str]]
) -> list[Section | None]:
    """Delete the quiz and the sections the new content does not repeat; return, per draft,
    the existing row that keeps its place (or None)."""
    existing = list(await session.scalars(select(Section).where(Section.lesson_id == lesson.id)))
    by_hash: dict[str, list[Section]] = {}
    for row in existing:
        by_hash.setdefault(row.content_hash, []).append(row)
    for q in await session.scalars(select(QuizQuestion).where(QuizQuestion.lesson_id == lesson.id)):
        await session.delete(q)
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
    lesson: Lesson,
    drafts: list[tuple[str, str]],
    keep: list[Section | None],
    revision: int,
) -> list[Section]:
    """Kept rows move to their new position; new content gets a new row at this revision."""
    sections = []
    for i, ((title, body), kept) in enumerate(zip(drafts, keep, strict=True)):
        row = kept
        if row is None:
            row = Section(
                lesson_id=lesson.id,
                course_id=lesson.course_id,
                title=title,
                body_markdown=body,
                content_hash=content_hash(title, body),
                position=i,
                revision=revision,
            )
            session.add(row)
        else:
            row.position = i
        sections.append(row)
    await session.flush()
    return sections


def _add_questions(
    session: AsyncSession, lesson: Lesson, content: LessonContent, sections: list[Section]
) -> None:
    for i, q in enumerate(content.quiz):
        marked = [n for n, option in enumerate(q.options) if option.correct]
        # The stored key must be a valid index; a broken key is already a quality finding.
        key = q.answer_index if 0 <= q.answer_index < len(q.options) else (marked or [0])[0]
        section = sections[min(q.section_index, len(sections) - 1)]
        session.add(
            QuizQuestion(
                lesson_id=lesson.id,
                position=i,
                prompt=sanitize_text(q.prompt),
                options=[sanitize_text(o.text) for o in q.options],
                answer_index=key,
                explanation=sanitize_markdown(q.explanation),
                section_id=section.id,
            )
        )


# --- activities ---------------------------------------------------------------------------
class GenerationActivities:
    def __init__(self, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker

    async def _generation(
        self, session: AsyncSession, generation_id: uuid.UUID
    ) -> CourseGeneration:
        row = await session.get(CourseGeneration, generation_id)
        if row is None:
            raise ApplicationError(
                f"generation {generation_id} does not exist",
                type="GenerationNotFound",
                non_retryable=True,
            )
        return row

    @activity.defn
    async def record_stage(self, input: StageInput) -> None:
        async with transaction(self.sessionmaker) as session:
            row = await self._generation(session, input.generation_id)
            mark_stage(row, input.stage, input.status)

    @activity.defn
    async def store_outline(self, input: StoreOutlineInput) -> int:
        """The reviewer's edited outline replaces the model's (already schema-validated)."""
        async with transaction(self.sessionmaker) as session:
            row = await self._generation(session, input.generation_id)
            row.outline = input.outline.model_dump(mode="json")
        return input.outline.lesson_count

    @activity.defn
    async def create_draft_course(self, generation_id: uuid.UUID) -> DraftCourse:
        """The draft course with its modules and (empty) lessons, once per generation."""
        try:
            async with transaction(self.sessionmaker) as session:
                existing = await self._draft_of(session, generation_id)
                if existing is not None:
                    mark_stage(
                        await self._generation(session, generation_id), GenerationStage.lessons
                    )
                    return existing
                return await self._create_draft(session, generation_id)
        except IntegrityError:  # a concurrent attempt won the unique generation_id
            async with self.sessionmaker() as session:
                found = await self._draft_of(session, generation_id)
            if found is None:
                raise
            return found

    async def _draft_of(
        self, session: AsyncSession, generation_id: uuid.UUID
    ) -> DraftCourse | None:
        course_id = await session.scalar(
            select(Course.id).where(Course.generation_id == generation_id)
        )
        if course_id is None:
            return None
        rows = await session.execute(
            select(Lesson.id, Lesson.title)
            .join(Module, Module.id == Lesson.module_id)
            .where(Lesson.course_id == course_id)
            .order_by(Module.position, Lesson.position)
        )
        lessons = [LessonRef(lesson_id=lid, title=title) for lid, title in rows]
        return DraftCourse(course_id=course_id, lessons=lessons)

    async def _create_draft(self, session: AsyncSession, generation_id: uuid.UUID) -> DraftCourse:
        generation = await self._generation(session, generation_id)
        if generation.outline is None:
            raise ApplicationError(
                "the generation has no outline", type="OutlineMissing", non_retryable=True
            )
        request = CourseGenerationRequest.model_validate(generation.request)
        outline = Outline.model_validate(generation.outline)
        course = _course_from(request, generation, self.settings.llm_provider == "offline")
        session.add(course)
        await session.flush()
        await self._add_prerequisites(session, course, request.prerequisite_ids)
        refs = []
        for m, draft in enumerate(outline.modules):
            module = Module(
                id=uuid.uuid4(),  # IDs chosen here: the whole draft is one flush
                course_id=course.id,
                position=m,
                title=sanitize_text(draft.title)[:200],
                summary=sanitize_markdown(draft.summary),
            )
            session.add(module)
            for n, plan in enumerate(draft.lessons):
                lesson = Lesson(
                    id=uuid.uuid4(),
                    course_id=course.id,
                    module_id=module.id,
                    position=n,
                    title=sanitize_text(plan.title)[:200],
                    objectives=[sanitize_text(o) for o in plan.objectives],
                    estimated_minutes=plan.estimated_minutes,
                )
                session.add(lesson)
                refs.append(LessonRef(lesson_id=lesson.id, title=lesson.title))
        await session.flush()
        generation.course_id = course.id
        mark_stage(generation, GenerationStage.lessons)
        activity.logger.info("generation.draft_created course_id=%s", course.id)
        return DraftCourse(course_id=course.id, lessons=refs)

    async def _add_prerequisites(
        self, session: AsyncSession, course: Course, ids: list[uuid.UUID]
    ) -> None:
        found = (
            set(await session.scalars(select(Course.id).where(Course.id.in_(ids))))
            if ids
            else set()
        )
        for prerequisite in sorted(found - {course.id}):
            await session.execute(
                insert(course_prerequisites).values(
                    course_id=course.id, prerequisite_id=prerequisite
                )
            )

    @activity.defn
    async def check_quality(self, input: QualityInput) -> QualityReport:
        async with transaction(self.sessionmaker) as session:
            course = await session.get(Course, input.course_id)
            lessons = await _lesson_texts(session, input.course_id)
            generation = (
                await session.get(CourseGeneration, course.generation_id)
                if course is not None and course.generation_id is not None
                else None
            )
            wanted = list(generation.request.get("learning_objectives", [])) if generation else []
            if generation is not None and input.stage is not None:
                mark_stage(generation, input.stage)
            return _course_report(lessons, wanted, input.lesson_ids)

    @activity.defn
    async def publish_course(self, input: PublishInput) -> PublishResult:
        """One transaction; a retry (or a second run) finds the course already published."""
        async with transaction(self.sessionmaker) as session:
            generation = await self._generation(session, input.generation_id)
            course = await session.scalar(
                select(Course).where(Course.generation_id == input.generation_id)
            )
            if course is None:
                raise ApplicationError(
                    "no draft course for this generation", type="CourseMissing", non_retryable=True
                )
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
            return PublishResult(
                course_id=course.id, course_status=course.status.value, already_done=done
            )

    @activity.defn
    async def finish_generation(self, input: FinishInput) -> None:
        async with transaction(self.sessionmaker) as session:
            generation = await self._generation(session, input.generation_id)
            generation.status = input.status
            generation.error = input.error[:4000] if input.error else None
            if input.status.value == "completed":
                generation.stage = GenerationStage.done
            course = await session.scalar(
                select(Course).where(Course.generation_id == input.generation_id)
            )
            if (
                course is not None
                and input.cancel_course
                and course.status
                in (
                    CourseStatus.draft,
                    CourseStatus.review,
                )
            ):
                course.status = CourseStatus.cancelled


def mark_stage(
    row: CourseGeneration,
    stage: GenerationStage,
    status: GenerationStatus = GenerationStatus.running,
) -> None:
    """The API's projection of the run; a finished run keeps its final stage and status."""
    if row.status not in TERMINAL_STATUSES:
        row.stage, row.status = stage, status


def _course_from(
    request: CourseGenerationRequest, generation: CourseGeneration, offline: bool
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


@dataclass
class _LessonText:
    """What the course-wide checks read of a lesson: columns, not ORM objects (loading the
    lessons with their sections and quizzes as objects was most of the check's cost, and the
    check runs between the last lesson and publishing)."""

    id: uuid.UUID
    title: str
    status: LessonStatus
    revision: int
    quality_findings: list[str]
    sections: list[tuple[str, str]] = field(default_factory=list)  # (title, body), by position
    questions: list[tuple[int, list[Any]]] = field(default_factory=list)  # (key, options)


async def _lesson_texts(session: AsyncSession, course_id: uuid.UUID) -> list[_LessonText]:
    """The course's lessons in module and lesson order, each with its sections and quiz in
    position order (three queries)."""
    lessons = [
        _LessonText(*row)
        for row in await session.execute(
            select(Lesson.id, Lesson.title, Lesson.status, Lesson.revision,
                   Lesson.quality_findings)
            .join(Module, Module.id == Lesson.module_id)
            .where(Lesson.course_id == course_id)
            .order_by(Module.position, Lesson.position)
        )
    ]  # fmt: skip
    by_id = {lesson.id: lesson for lesson in lessons}

    async def children(lesson_id: Any, position: Any, *columns: Any) -> Any:
        """Rows of the course's sections or quiz questions, by position within a lesson."""
        return await session.execute(
            select(lesson_id, *columns)
            .join(Lesson, Lesson.id == lesson_id)
            .where(Lesson.course_id == course_id)
            .order_by(position)
        )

    for lid, title, body in await children(
        Section.lesson_id, Section.position, Section.title, Section.body_markdown
    ):
        by_id[lid].sections.append((title, body))
    for lid, key, options in await children(
        QuizQuestion.lesson_id, QuizQuestion.position, QuizQuestion.answer_index,
        QuizQuestion.options,
    ):  # fmt: skip
        by_id[lid].questions.append((key, options))
    return lessons


def _course_report(
    lessons: list[_LessonText], wanted: list[str], only: list[uuid.UUID] | None
) -> QualityReport:
    """Per-lesson findings (stored at write time) plus cross-lesson checks."""
    extra: dict[uuid.UUID, list[str]] = {}
    seen: dict[str, str] = {}
    keys: list[tuple[int, list[str]]] = []
    all_words: set[str] = set()
    for lesson in lessons:
        for title, body in lesson.sections:
            all_words |= words_of(f"{title} {body}")
            norm = normalise(body)
            if norm in seen and seen[norm] != lesson.title:
                extra.setdefault(lesson.id, []).append(
                    f"section {title!r} duplicates a section of lesson {seen[norm]!r}"
                )
            seen.setdefault(norm, lesson.title)
        keys += [(key, [str(o) for o in options]) for key, options in lesson.questions]
    failing = []
    for lesson in lessons:
        findings = [*lesson.quality_findings, *extra.get(lesson.id, [])]
        if lesson.status != LessonStatus.generated:
            findings.append("the lesson has no content")
        if findings and (only is None or lesson.id in only):
            failing.append(
                LessonFindings(lesson_id=lesson.id, revision=lesson.revision, findings=findings)
            )
    course_findings = bias_findings(keys, "course") if len(keys) >= 2 * MIN_BIAS_QUESTIONS else []
    course_findings += [
        f"learning objective not covered by any lesson: {o!r}"
        for o in wanted
        if not covers(all_words, o)
    ]
    return QualityReport(failing=failing, course_findings=course_findings)


def all_findings(report: QualityReport, titles: dict[uuid.UUID, str]) -> list[str]:
    lines = [
        f"{titles.get(f.lesson_id, str(f.lesson_id))}: {x}"
        for f in report.failing
        for x in f.findings
    ]
    return [*lines, *report.course_findings]
