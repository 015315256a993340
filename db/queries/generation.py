"""Generation runs: usage totals, the draft course's lessons, the texts the quality checks
read, and the counts behind the API's projection, the rate limit and the metrics."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, literal, null, select, union_all, update
from sqlalchemy import cast as cast_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models import (
    AIGeneration,
    Course,
    CourseGeneration,
    Lesson,
    Module,
    QuizQuestion,
    Section,
    course_prerequisites,
)
from schemas.enums import GenerationStatus, LessonStatus


async def has_ledger_row_under(session: AsyncSession, key_prefix: str) -> bool:
    """Whether any model call was recorded with a call key that starts with ``key_prefix``
    (``call_key`` is unique and indexed: a prefix range scan)."""
    found = await session.scalar(
        select(AIGeneration.id)
        .where(AIGeneration.call_key.startswith(key_prefix, autoescape=True))
        .limit(1)
    )
    return found is not None


async def usage_under(session: AsyncSession, key_prefix: str) -> tuple[int, Decimal, int, int, int]:
    """(tokens in + out, cost in USD, answered calls, prompt tokens, cached prompt tokens) of
    the calls recorded with a call key that starts with ``key_prefix`` (a prefix range scan
    on the unique index). Calls that got no answer have no tokens and are not counted."""
    answered = (AIGeneration.status == "ok") | (
        AIGeneration.input_tokens + AIGeneration.output_tokens > 0
    )
    tokens, cost, calls, prompt, cached = (
        await session.execute(
            select(
                func.coalesce(func.sum(AIGeneration.input_tokens + AIGeneration.output_tokens), 0),
                func.coalesce(func.sum(AIGeneration.cost_usd), 0),
                func.count(),
                func.coalesce(func.sum(AIGeneration.input_tokens), 0),
                func.coalesce(func.sum(AIGeneration.cached_tokens), 0),
            ).where(AIGeneration.call_key.startswith(key_prefix, autoescape=True), answered)
        )
    ).one()
    return int(tokens), Decimal(cost), int(calls), int(prompt), int(cached)


async def usage_totals(session: AsyncSession, generation_id: uuid.UUID) -> tuple[int, Decimal]:
    """(tokens in + out, cost in USD) of every model call the run recorded."""
    tokens, cost = (
        await session.execute(
            select(
                func.coalesce(func.sum(AIGeneration.input_tokens + AIGeneration.output_tokens), 0),
                func.coalesce(func.sum(AIGeneration.cost_usd), 0),
            ).where(AIGeneration.generation_id == generation_id)
        )
    ).one()
    return int(tokens), Decimal(cost)


async def lesson_status_counts(
    session: AsyncSession, course_id: uuid.UUID
) -> dict[LessonStatus, int]:
    counts = await session.execute(
        select(Lesson.status, func.count())
        .where(Lesson.course_id == course_id)
        .group_by(Lesson.status)
    )
    return {status: int(n) for status, n in counts}


async def recent_generations(
    session: AsyncSession, user_id: uuid.UUID, since: datetime
) -> tuple[int, datetime | None]:
    """(runs the user requested after ``since``, when the oldest of them was requested)."""
    count, oldest = (
        await session.execute(
            select(func.count(), func.min(CourseGeneration.created_at)).where(
                CourseGeneration.requested_by == user_id,
                CourseGeneration.created_at > since,
            )
        )
    ).one()
    return int(count), oldest


# --- the draft course -----------------------------------------------------------------------
async def draft_course_id(session: AsyncSession, generation_id: uuid.UUID) -> uuid.UUID | None:
    course_id: uuid.UUID | None = await session.scalar(
        select(Course.id).where(Course.generation_id == generation_id)
    )
    return course_id


async def draft_course(session: AsyncSession, generation_id: uuid.UUID) -> Course | None:
    course: Course | None = await session.scalar(
        select(Course).where(Course.generation_id == generation_id)
    )
    return course


async def lessons_in_order(
    session: AsyncSession, course_id: uuid.UUID
) -> list[tuple[uuid.UUID, str]]:
    """(lesson ID, title) in module and lesson order."""
    rows = await session.execute(
        select(Lesson.id, Lesson.title)
        .join(Module, Module.id == Lesson.module_id)
        .where(Lesson.course_id == course_id)
        .order_by(Module.position, Lesson.position)
    )
    return [(lesson_id, title) for lesson_id, title in rows]


async def add_prerequisites(
    session: AsyncSession, course_id: uuid.UUID, prerequisite_ids: Sequence[uuid.UUID]
) -> None:
    for prerequisite in sorted(prerequisite_ids):
        await session.execute(
            insert(course_prerequisites).values(course_id=course_id, prerequisite_id=prerequisite)
        )


async def lesson_sections(session: AsyncSession, lesson_id: uuid.UUID) -> list[Section]:
    return list(await session.scalars(select(Section).where(Section.lesson_id == lesson_id)))


async def lesson_questions(session: AsyncSession, lesson_id: uuid.UUID) -> list[QuizQuestion]:
    return list(
        await session.scalars(select(QuizQuestion).where(QuizQuestion.lesson_id == lesson_id))
    )


async def content_counts(session: AsyncSession, lesson_id: uuid.UUID) -> tuple[int, int]:
    """(sections, quiz questions) the lesson has."""
    sections = await session.scalar(
        select(func.count()).select_from(Section).where(Section.lesson_id == lesson_id)
    )
    questions = await session.scalar(
        select(func.count()).select_from(QuizQuestion).where(QuizQuestion.lesson_id == lesson_id)
    )
    return sections or 0, questions or 0


# --- a model call's reads and writes ----------------------------------------------------------
# Built once: each model call runs these, and building a statement (and its cache key) costs
# more CPU than the round trip. Parameters are bound at execution.
_origin = aliased(CourseGeneration)  # the run that generated the course (it has the outline)
LESSON_PLAN = (
    select(
        Lesson.course_id, Lesson.title, Lesson.objectives, Lesson.status, Lesson.revision,
        Module.title, CourseGeneration.request, Course.language, _origin.outline,
    )
    .join(Module, Module.id == Lesson.module_id)
    .join(Course, Course.id == Lesson.course_id)
    .join(CourseGeneration, CourseGeneration.id == bindparam("generation_id"))
    .outerjoin(_origin, _origin.id == Course.generation_id)
    .where(Lesson.id == bindparam("lesson_id"))
)  # fmt: skip
_lessons = cast(Table, Lesson.__table__)
CLAIM_LESSON = (
    update(_lessons)
    .where(_lessons.c.id == bindparam("lesson_id"), _lessons.c.revision == bindparam("seen"))
    .values(
        status=bindparam("status"), revision=bindparam("revision"),
        quality_findings=bindparam("quality_findings"),
        findings_revision=bindparam("findings_revision"),
    )
)  # fmt: skip
LESSON_REVISION = (
    select(Lesson.revision).where(Lesson.id == bindparam("lesson_id")).with_for_update()
)
INSERT_SECTIONS = insert(cast(Table, Section.__table__))  # Core: no ORM bookkeeping per row
INSERT_MODULES = insert(cast(Table, Module.__table__))
INSERT_LESSONS = insert(cast(Table, Lesson.__table__))
INSERT_LEDGER = insert(cast(Table, AIGeneration.__table__))
_LEDGER_COLUMNS = frozenset(cast(Table, AIGeneration.__table__).c.keys())
INSERT_QUESTIONS = insert(cast(Table, QuizQuestion.__table__))


JUDGED_LESSON = (
    select(Lesson.revision, Lesson.status, Lesson.judged_revision, Lesson.title,
           Lesson.objectives, Course.language, Lesson.quality_findings,
           CourseGeneration.request, _origin.outline)
    .join(Course, Course.id == Lesson.course_id)
    .outerjoin(CourseGeneration, CourseGeneration.id == bindparam("generation_id"))
    .outerjoin(_origin, _origin.id == Course.generation_id)
    .where(Lesson.id == bindparam("lesson_id"))
)  # fmt: skip
# The lesson's sections and quiz questions in one round trip: a row per section (kind 0: id,
# title, body) then a row per question (kind 1: section id, prompt, explanation, options,
# key), each kind by position. The column types are the first select's.
_SECTION, _QUESTION = 0, 1
_sections = (
    select(literal(_SECTION).label("kind"), Section.position, Section.id, Section.title,
           Section.body_markdown, cast_(null(), QuizQuestion.options.type),
           cast_(null(), QuizQuestion.answer_index.type))
    .where(Section.lesson_id == bindparam("lesson_id"))
)  # fmt: skip
_questions = select(
    literal(_QUESTION), QuizQuestion.position, QuizQuestion.section_id, QuizQuestion.prompt,
    QuizQuestion.explanation, QuizQuestion.options, QuizQuestion.answer_index,
).where(QuizQuestion.lesson_id == bindparam("lesson_id"))  # fmt: skip
CONTENT_TEXTS = union_all(_sections, _questions).order_by("kind", "position")
STORE_JUDGED = (
    update(_lessons)
    .where(_lessons.c.id == bindparam("lesson_id"), _lessons.c.revision == bindparam("at"))
    .values(quality_findings=bindparam("quality_findings"), judged_revision=bindparam("at"))
)


@dataclass
class LessonPlanRow:
    """What a lesson call reads: the lesson's columns, its module's title, the run's request,
    the course's language and the outline of the run that generated the course."""

    course_id: uuid.UUID
    title: str
    objectives: list[Any]
    status: LessonStatus
    revision: int
    module_title: str
    request: Any
    language: str | None
    outline: dict[str, Any] | None


async def lesson_with_context(
    session: AsyncSession, lesson_id: uuid.UUID, generation_id: uuid.UUID
) -> LessonPlanRow | None:
    """Everything a lesson call reads, in one query (columns: no ORM objects to build)."""
    params = {"lesson_id": lesson_id, "generation_id": generation_id}
    found = (await session.execute(LESSON_PLAN, params)).first()
    return LessonPlanRow(*found) if found is not None else None


async def claim_lesson_revision(
    session: AsyncSession, lesson_id: uuid.UUID, seen: int, values: dict[str, Any]
) -> bool:
    """Set the lesson's status, revision and findings only if it is still at revision ``seen``
    (False: it moved on, or is gone). In PostgreSQL the row stays locked until the
    transaction ends."""
    result = await session.execute(CLAIM_LESSON, {"lesson_id": lesson_id, "seen": seen, **values})
    return bool(getattr(result, "rowcount", 0))


async def lesson_revision(session: AsyncSession, lesson_id: uuid.UUID) -> int | None:
    revision: int | None = await session.scalar(LESSON_REVISION, {"lesson_id": lesson_id})
    return revision


async def add_sections(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert a lesson's new sections in one statement (rows carry their IDs)."""
    if rows:
        await session.execute(INSERT_SECTIONS, rows)


async def add_outline_rows(
    session: AsyncSession, modules: list[dict[str, Any]], lessons: list[dict[str, Any]]
) -> None:
    """A draft course's modules, then its (empty) lessons: one statement each, rows carrying
    their IDs; unset columns take their defaults."""
    if modules:
        await session.execute(INSERT_MODULES, modules)
    if lessons:
        await session.execute(INSERT_LESSONS, lessons)


async def add_questions(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(INSERT_QUESTIONS, rows)


async def add_ledger_row(session: AsyncSession, row: AIGeneration) -> None:
    """Insert a model call's ledger row as built (unset columns take their defaults) with Core:
    nothing reads the object back, so the ORM's flush of it is bookkeeping only. The row is
    written at once, where ``session.add`` would write it at the next flush."""
    values = {k: v for k, v in vars(row).items() if k in _LEDGER_COLUMNS}
    await session.execute(INSERT_LEDGER, values)


@dataclass
class JudgedLessonRow:
    revision: int
    status: LessonStatus
    judged_revision: int
    title: str
    objectives: list[Any]
    language: str | None
    quality_findings: list[Any]  # stored findings (schemas.generation.Finding as JSON)
    request: Any  # the run's request (CourseGenerationRun), as the lesson calls read it
    outline: dict[str, Any] | None  # the course's outline, from the run that generated it


async def judged_lesson(
    session: AsyncSession, lesson_id: uuid.UUID, generation_id: uuid.UUID
) -> tuple[JudgedLessonRow, list[Any], list[Any]] | None:
    """The lesson the judge reads: its columns (stored findings included), its course's
    language, the run's request and the course's outline; its sections (id, title, body) and
    quiz questions (prompt, options, key, explanation, section id), each by position. Columns
    only, two queries."""
    found = (
        await session.execute(
            JUDGED_LESSON, {"lesson_id": lesson_id, "generation_id": generation_id}
        )
    ).first()
    if found is None:
        return None
    sections, questions = [], []
    for kind, _, section_id, title_or_prompt, text, options, key in await session.execute(
        CONTENT_TEXTS, {"lesson_id": lesson_id}
    ):
        if kind == _SECTION:
            sections.append((section_id, title_or_prompt, text))
        else:
            questions.append((title_or_prompt, options, key, text, section_id))
    return JudgedLessonRow(*found), sections, questions


async def store_judged(
    session: AsyncSession, lesson_id: uuid.UUID, revision: int, findings: list[Any]
) -> bool:
    """Write the lesson's findings and mark ``revision`` judged, only if the lesson is still
    at ``revision`` (False: it moved on, or is gone)."""
    params = {"lesson_id": lesson_id, "at": revision, "quality_findings": findings}
    result = await session.execute(STORE_JUDGED, params)
    return bool(getattr(result, "rowcount", 0))


async def input_token_totals(session: AsyncSession, generation_id: uuid.UUID) -> tuple[int, int]:
    """(prompt tokens, of which read from the provider's cache) over the run's calls."""
    total, cached = (
        await session.execute(
            select(
                func.coalesce(func.sum(AIGeneration.input_tokens), 0),
                func.coalesce(func.sum(AIGeneration.cached_tokens), 0),
            ).where(AIGeneration.generation_id == generation_id)
        )
    ).one()
    return int(total), int(cached)


# --- what the course-wide quality checks read -----------------------------------------------
@dataclass
class LessonText:
    """What the course-wide checks read of a lesson: columns, not ORM objects (loading the
    lessons with their sections and quizzes as objects was most of the check's cost, and the
    check runs between the last lesson and publishing)."""

    id: uuid.UUID
    title: str
    status: LessonStatus
    revision: int
    quality_findings: list[Any]  # stored findings (schemas.generation.Finding as JSON)
    objectives: list[Any] = field(default_factory=list)  # the lesson plan's objectives
    judged_revision: int = 0  # the revision the judge's findings are about (0: never judged)
    sections: list[tuple[str, str]] = field(default_factory=list)  # (title, body), by position
    questions: list[tuple[int, list[Any]]] = field(default_factory=list)  # (key, options)


async def lesson_texts(session: AsyncSession, course_id: uuid.UUID) -> list[LessonText]:
    """The course's lessons in module and lesson order, each with its sections and quiz in
    position order (three queries)."""
    lessons = [
        LessonText(*row)
        for row in await session.execute(
            select(Lesson.id, Lesson.title, Lesson.status, Lesson.revision,
                   Lesson.quality_findings, Lesson.objectives, Lesson.judged_revision)
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


# --- metrics --------------------------------------------------------------------------------
async def runs_by_status(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(
        select(CourseGeneration.status, func.count()).group_by(CourseGeneration.status)
    )
    return {GenerationStatus(s).value: int(n) for s, n in rows.all()}


@dataclass
class ModelUsage:
    provider: str
    model: str
    calls: int
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    cost_usd: Decimal


async def model_usage(session: AsyncSession) -> list[ModelUsage]:
    """Model calls, tokens and cost per provider and model, over every run."""
    usage = await session.execute(
        select(
            AIGeneration.provider,
            AIGeneration.model,
            func.count(),
            func.coalesce(func.sum(AIGeneration.input_tokens), 0),
            func.coalesce(func.sum(AIGeneration.output_tokens), 0),
            func.coalesce(func.sum(AIGeneration.cached_tokens), 0),
            func.coalesce(func.sum(AIGeneration.cost_usd), 0),
        ).group_by(AIGeneration.provider, AIGeneration.model)
    )
    return [
        ModelUsage(p, m, int(c), int(i), int(o), int(k), Decimal(str(cost)))
        for p, m, c, i, o, k, cost in usage.all()
    ]
