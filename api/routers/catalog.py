"""The catalogue: list and read courses, publish a reviewed course, regenerate one lesson.

Students see published courses without answer keys; a course's author and admins see every
status, the keys and the quality findings.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.service import RPCError

from api.deps import (
    CurrentUser,
    InstructorUser,
    SessionDep,
    SettingsDep,
    TemporalDep,
    can_manage_course,
)
from api.errors import problem_responses
from api.routers.generation import generation_limits, links
from core.logging import get_logger
from db.base import utcnow
from db.models import Course, CourseGeneration, Lesson, Module, User, course_prerequisites
from schemas.catalog import (
    CourseDetail,
    CoursePage,
    CourseSummary,
    LessonOut,
    ModuleOut,
    QuizQuestionOut,
    RegenerateLessonIn,
    RegenerationAccepted,
    SectionOut,
)
from schemas.enums import (
    CourseStatus,
    Difficulty,
    GenerationStage,
    GenerationStatus,
    LessonStatus,
    Role,
)
from schemas.generation import LessonRegenerationInput
from schemas.temporal import COURSE_ID
from services.errors import Conflict, Forbidden, NotFound, Unavailable
from workflows.generation import LessonRegenerationWorkflow

router = APIRouter(prefix="/api/v1", tags=["courses"])
log = get_logger("courseflow.api.courses")


def _visible_filter(user: User) -> ColumnElement[bool] | None:
    if user.role == Role.admin:
        return None
    if user.role == Role.instructor:
        return or_(Course.status == CourseStatus.published, Course.author_id == user.id)
    return Course.status == CourseStatus.published


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@router.get("/courses", response_model=CoursePage, responses=problem_responses(401, 422))
async def list_courses(
    user: CurrentUser,
    session: SessionDep,
    status_: Annotated[CourseStatus | None, Query(alias="status")] = None,
    difficulty: Difficulty | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, pattern=r"^[^\x00]*$")] = None,
    author_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> CoursePage:
    """Filter by status, difficulty, author; search title and description; paginate."""
    conditions: list[ColumnElement[bool]] = []
    visible = _visible_filter(user)
    if visible is not None:
        conditions.append(visible)
    if status_ is not None:
        conditions.append(Course.status == status_)
    if difficulty is not None:
        conditions.append(Course.difficulty == difficulty)
    if author_id is not None:
        conditions.append(Course.author_id == author_id)
    if q is not None:
        pattern = _like(q.lower())
        conditions.append(
            or_(
                func.lower(Course.title).like(pattern, escape="\\"),
                func.lower(Course.description).like(pattern, escape="\\"),
            )
        )
    total = await session.scalar(select(func.count()).select_from(Course).where(*conditions))
    rows = await session.scalars(
        select(Course)
        .where(*conditions)
        .order_by(Course.created_at.desc(), Course.id)
        .limit(limit)
        .offset(offset)
    )
    items = [CourseSummary.model_validate(c) for c in rows]
    return CoursePage(items=items, total=total or 0, limit=limit, offset=offset)


async def _load(session: AsyncSession, course_id: uuid.UUID) -> Course | None:
    lessons = selectinload(Course.modules).selectinload(Module.lessons)
    course: Course | None = await session.scalar(
        select(Course)
        .where(Course.id == course_id)
        .options(
            lessons.selectinload(Lesson.sections),
            lessons.selectinload(Lesson.questions),
        )
    )
    return course


def _lesson_out(lesson: Lesson, keys: bool) -> LessonOut:
    questions = []
    for q in lesson.questions:
        out = QuizQuestionOut.model_validate(q)
        if not keys:
            out.answer_index, out.explanation = None, None
        questions.append(out)
    return LessonOut(
        id=lesson.id,
        position=lesson.position,
        title=lesson.title,
        objectives=[str(o) for o in lesson.objectives],
        estimated_minutes=lesson.estimated_minutes,
        status=lesson.status,
        revision=lesson.revision,
        quality_findings=[str(f) for f in lesson.quality_findings] if keys else None,
        sections=[SectionOut.model_validate(s) for s in lesson.sections],
        questions=questions,
    )


@router.get(
    "/courses/{course_id}", response_model=CourseDetail, responses=problem_responses(401, 404)
)
async def get_course(course_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> CourseDetail:
    course = await _load(session, course_id)
    if course is None:
        raise NotFound("no such course")
    manage = can_manage_course(user, course)
    if course.status != CourseStatus.published and not manage:
        raise NotFound("no such course")
    prerequisites = await session.scalars(
        select(course_prerequisites.c.prerequisite_id).where(
            course_prerequisites.c.course_id == course.id
        )
    )
    summary = CourseSummary.model_validate(course).model_dump()
    return CourseDetail(
        **summary,
        audience=course.audience,
        revision=course.revision,
        enrollment_opens_at=course.enrollment_opens_at,
        enrollment_closes_at=course.enrollment_closes_at,
        starts_at=course.starts_at,
        pass_mark=course.pass_mark,
        generation_id=course.generation_id,
        prerequisite_ids=list(prerequisites),
        quality_findings=list(course.quality_findings) if manage else None,
        modules=[
            ModuleOut(
                id=m.id,
                position=m.position,
                title=m.title,
                summary=m.summary,
                lessons=[_lesson_out(lesson, manage) for lesson in m.lessons],
            )
            for m in course.modules
        ],
    )


async def _managed(session: AsyncSession, user: User, course_id: uuid.UUID) -> Course:
    course = await session.get(Course, course_id)
    if course is None:
        raise NotFound("no such course")
    if not can_manage_course(user, course):
        raise Forbidden("only the course's instructor or an admin may do this")
    return course


@router.post(
    "/courses/{course_id}/publish",
    response_model=CourseSummary,
    responses=problem_responses(401, 403, 404, 409),
)
async def publish_course(
    course_id: uuid.UUID, user: InstructorUser, session: SessionDep
) -> CourseSummary:
    """Publish a course waiting in review (idempotent for a published course)."""
    course = await _managed(session, user, course_id)
    if course.status == CourseStatus.published:
        return CourseSummary.model_validate(course)
    if course.status != CourseStatus.review:
        raise Conflict(f"only a course in review can be published; this one is {course.status}")
    course.status = CourseStatus.published
    course.published_at = utcnow()
    await session.flush()
    log.info("course.published", course_id=str(course.id), user_id=str(user.id))
    return CourseSummary.model_validate(course)


def _course_request(course: Course, generation: CourseGeneration | None) -> dict[str, object]:
    if generation is not None and "title" in generation.request:
        return dict(generation.request)
    return {
        "title": course.title,
        "description": course.description,
        "audience": course.audience,
        "difficulty": course.difficulty.value,
        "language": course.language,
        "learning_objectives": [],
    }


@router.post(
    "/courses/{course_id}/lessons/{lesson_id}/regenerate",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RegenerationAccepted,
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
async def regenerate_lesson(
    course_id: uuid.UUID,
    lesson_id: uuid.UUID,
    body: RegenerateLessonIn,
    user: InstructorUser,
    session: SessionDep,
    settings: SettingsDep,
    temporal: TemporalDep,
) -> RegenerationAccepted:
    """Write one lesson again with extra instructions; nothing else in the course changes."""
    course = await _managed(session, user, course_id)
    lesson = await session.get(Lesson, lesson_id)
    if lesson is None or lesson.course_id != course.id:
        raise NotFound("no such lesson in this course")
    if course.status in (CourseStatus.cancelled, CourseStatus.archived):
        raise Conflict(f"the course is {course.status}")
    if lesson.status != LessonStatus.generated:
        raise Conflict("the lesson has no content yet")
    original = (
        await session.get(CourseGeneration, course.generation_id) if course.generation_id else None
    )
    generation_id = uuid.uuid4()
    row = CourseGeneration(
        id=generation_id,
        requested_by=user.id,
        workflow_id=f"lesson-regen-{generation_id}",
        request={
            "kind": "lesson_regeneration",
            "lesson_id": str(lesson.id),
            "instructions": body.instructions,
            "course_request": _course_request(course, original),
        },
        status=GenerationStatus.running,
        stage=GenerationStage.lessons,
        course_id=course.id,
    )
    session.add(row)
    await session.commit()
    target = lesson.revision + 1
    try:
        await temporal.start_workflow(
            LessonRegenerationWorkflow.run,
            LessonRegenerationInput(
                generation_id=generation_id,
                requested_by=user.id,
                course_id=course.id,
                lesson_id=lesson.id,
                target_revision=target,
                instructions=body.instructions,
                limits=generation_limits(settings),
            ),
            id=row.workflow_id,
            task_queue=settings.task_queue,
            search_attributes=TypedSearchAttributes(
                [SearchAttributePair(COURSE_ID, str(course.id))]
            ),
            static_summary=f"Regenerate lesson: {lesson.title}"[:200],
        )
    except RPCError as exc:
        row.status, row.error = GenerationStatus.failed, "could not start the workflow"
        await session.commit()
        log.error("lesson.regenerate_start_failed", lesson_id=str(lesson.id), error=str(exc))
        raise Unavailable("the workflow service is unavailable; try again later") from None
    log.info("lesson.regenerate_started", lesson_id=str(lesson.id), user_id=str(user.id))
    return RegenerationAccepted(
        generation_id=generation_id,
        workflow_id=row.workflow_id,
        lesson_id=lesson.id,
        target_revision=target,
        links=links(generation_id, course.id),
    )
