"""The catalogue: list and read courses, publish a reviewed course.

Who sees what (published courses for students; every status, answer keys and findings for a
course's author and admins) is ``services.catalog``'s rule; who reads a course's content
rather than its outline is the content-access rule (``services.learning.access``), which
every route returning content goes through. Regenerating a lesson is a generation run:
``api/routers/generation.py``.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, InstructorUser, SessionDep, SettingsDep
from api.errors import problem_responses
from schemas.catalog import (
    AuthoredCourse,
    AuthoredQuestion,
    CourseDetail,
    CoursePage,
    CoursePatch,
    CourseSummary,
    LessonOut,
    LessonPatch,
    QuizQuestionPatch,
    SectionOut,
    SectionPatch,
)
from schemas.enums import CourseStatus, Difficulty
from services import catalog, generation, learning

router = APIRouter(prefix="/api/v1", tags=["courses"])


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
    wanted = catalog.CourseFilter(
        status=status_, difficulty=difficulty, author_id=author_id, text=q
    )
    return await catalog.list_courses(session, user, wanted, limit, offset)


@router.get(
    "/courses/{course_id}", response_model=CourseDetail, responses=problem_responses(401, 404)
)
async def get_course(course_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> CourseDetail:
    """The course with its modules and lessons: section bodies and quiz prompts for its
    author, admins and enrolled learners; the outline and free previews for others."""
    return await learning.read_course(session, user, course_id)


@router.post(
    "/courses/{course_id}/publish",
    response_model=CourseSummary,
    responses=problem_responses(401, 403, 404, 409),
)
async def publish_course(
    course_id: uuid.UUID, user: InstructorUser, session: SessionDep, settings: SettingsDep
) -> CourseSummary:
    """Publish a course waiting in review (idempotent for a published course). A generated
    course needs each of its quality findings accepted first (``GET …/findings``)."""
    return CourseSummary.model_validate(
        await generation.publish_reviewed(session, settings, user, course_id)
    )


@router.patch(
    "/courses/{course_id}",
    response_model=AuthoredCourse,
    responses=problem_responses(401, 403, 404, 422),
)
async def edit_course(
    course_id: uuid.UUID, body: CoursePatch, user: InstructorUser, session: SessionDep
) -> AuthoredCourse:
    """Course metadata (title, description, audience, difficulty, price, currency, capacity,
    enrollment window, start, prerequisites), by its author or an admin. Progression
    settings: ``PATCH /courses/{id}/progression``."""
    return await catalog.edit_course(session, user, course_id, body)


@router.patch(
    "/courses/{course_id}/lessons/{lesson_id}",
    response_model=LessonOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def edit_lesson(
    course_id: uuid.UUID,
    lesson_id: uuid.UUID,
    body: LessonPatch,
    user: InstructorUser,
    session: SessionDep,
) -> LessonOut:
    """A lesson's title, objectives, estimated minutes, free preview."""
    return await catalog.edit_lesson(session, user, course_id, lesson_id, body)


@router.patch(
    "/courses/{course_id}/sections/{section_id}",
    response_model=SectionOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def edit_section(
    course_id: uuid.UUID,
    section_id: uuid.UUID,
    body: SectionPatch,
    user: InstructorUser,
    session: SessionDep,
) -> SectionOut:
    """A section's title, markdown body or ``required``: sanitised, new revision, same ID."""
    return await catalog.edit_section(session, user, course_id, section_id, body)


@router.patch(
    "/courses/{course_id}/questions/{question_id}",
    response_model=AuthoredQuestion,
    responses=problem_responses(401, 403, 404, 422),
)
async def edit_question(
    course_id: uuid.UUID,
    question_id: uuid.UUID,
    body: QuizQuestionPatch,
    user: InstructorUser,
    session: SessionDep,
) -> AuthoredQuestion:
    """A quiz question's prompt, options, answer key, explanation or source section."""
    return await catalog.edit_question(session, user, course_id, question_id, body)
