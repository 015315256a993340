"""The learning domain's routes: progress posts and reads, quiz attempts, learning events.

The rules (roll-ups, the completion rule and workflow, grading, the xAPI export) are
``services.learning``'s; each route parses, authorises and calls one of them.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, status

from api.deps import AdminUser, CurrentUser, SessionDep, SettingsDep, TemporalDep
from api.errors import problem_responses
from schemas.learning import (
    CourseLearnersOut,
    LearningEventsOut,
    MyProgressOut,
    ProgressIn,
    ProgressOut,
    QuizAttemptIn,
    QuizAttemptOut,
)
from services import learning

router = APIRouter(prefix="/api/v1")

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=200, description="replay-safe key"),
]


@router.post(
    "/progress",
    tags=["progress"],
    response_model=ProgressOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def post_progress(
    body: ProgressIn,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    temporal: TemporalDep,
    idempotency_key: IdempotencyKey = None,
) -> ProgressOut:
    """Record progress on one section; a repeated Idempotency-Key is applied once."""
    return await learning.post_progress(
        session, temporal, settings, user, body, idempotency_key, commit=session.commit
    )


@router.get(
    "/me/progress",
    tags=["progress"],
    response_model=MyProgressOut,
    responses=problem_responses(401),
)
async def my_progress(user: CurrentUser, session: SessionDep) -> MyProgressOut:
    """The caller's progress per course (active and completed enrollments), per lesson."""
    return await learning.my_progress(session, user)


@router.get(
    "/courses/{course_id}/progress",
    tags=["progress"],
    response_model=CourseLearnersOut,
    responses=problem_responses(401, 403, 404),
)
async def course_progress(
    course_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> CourseLearnersOut:
    """Per-learner drill-down for the course's instructor (its author) and admins."""
    return await learning.course_learners(session, user, course_id)


@router.post(
    "/lessons/{lesson_id}/quiz-attempts",
    tags=["quizzes"],
    response_model=QuizAttemptOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def submit_quiz_attempt(
    lesson_id: uuid.UUID,
    body: QuizAttemptIn,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    temporal: TemporalDep,
) -> QuizAttemptOut:
    """Graded on the server: score, attempt number and per-question feedback."""
    return await learning.submit_quiz_attempt(
        session, temporal, settings, user, lesson_id, body, commit=session.commit
    )


@router.get(
    "/learning-events",
    tags=["learning-events"],
    response_model=LearningEventsOut,
    responses=problem_responses(401, 403, 422),
)
async def export_learning_events(
    _admin: AdminUser,
    session: SessionDep,
    settings: SettingsDep,
    course_id: uuid.UUID | None = None,
    since: Annotated[datetime | None, Query(description="inclusive, ISO 8601 with offset")] = None,
    until: Annotated[datetime | None, Query(description="exclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    cursor: str | None = None,
) -> LearningEventsOut:
    """xAPI statements in time order; pass ``next_cursor`` back as ``cursor`` for the next
    page."""
    return await learning.export_learning_events(
        session, settings, course_id=course_id, since=since, until=until, limit=limit,
        cursor=cursor,
    )  # fmt: skip
