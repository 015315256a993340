"""Learner progress: post a section's progress, read one's own, drill down per course.

A post writes the section row, the lesson and course roll-ups and a learning event in one
transaction (the request's), commits, and only then signal-with-starts the completion
workflow when the completion rule holds.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.exceptions import RequestValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from api.deps import CurrentUser, SessionDep, SettingsDep, TemporalDep, can_manage_course
from api.errors import Conflict, Forbidden, NotFound, problem_responses
from core.logging import get_logger
from core.settings import Settings
from db.base import utcnow
from db.models import Course, Enrollment, LessonProgress, Section, User
from db.queries import progress as q
from schemas.enums import EnrollmentStatus
from schemas.progress import (
    COMPLETION_SIGNAL,
    VERB_COMPLETED,
    VERB_PROGRESSED,
    CompletionInput,
    CourseLearnersOut,
    CourseProgressOut,
    LearnerProgressOut,
    LessonProgressOut,
    MyProgressOut,
    ProgressIn,
    ProgressOut,
)
from schemas.temporal import COURSE_ID, STUDENT_ID, completion_workflow_id
from workflows.completion import CourseCompletionWorkflow

router = APIRouter(prefix="/api/v1", tags=["progress"])
log = get_logger("courseflow.api.progress")

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=200, description="replay-safe key"),
]


def field_error(field: str, message: str, code: str = "value_error") -> RequestValidationError:
    """A validation error naming the body field, same shape as pydantic's."""
    return RequestValidationError([{"loc": ("body", field), "msg": message, "type": code}])


async def enrollment_for_write(
    session: AsyncSession, user: User, course_id: uuid.UUID
) -> Enrollment:
    """The caller's active enrollment in the course, row-locked; otherwise 403/409."""
    enrollment = await q.lock_enrollment(session, course_id, user.id)
    if enrollment is None:
        raise Forbidden("only a student enrolled in this course can post progress")
    if enrollment.status != EnrollmentStatus.active:
        raise Conflict(f"the enrollment is {enrollment.status.value}, not active")
    return enrollment


async def start_completion(
    temporal: Client, settings: Settings, enrollment: Enrollment
) -> str | None:
    """Signal-with-start: the first caller starts the run, racing callers only signal it."""
    workflow_id = completion_workflow_id(enrollment.id)
    try:
        await temporal.start_workflow(
            CourseCompletionWorkflow.run,
            CompletionInput(
                enrollment_id=enrollment.id,
                course_id=enrollment.course_id,
                student_id=enrollment.student_id,
            ),
            id=workflow_id,
            task_queue=settings.task_queue,
            start_signal=COMPLETION_SIGNAL,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(COURSE_ID, str(enrollment.course_id)),
                    SearchAttributePair(STUDENT_ID, str(enrollment.student_id)),
                ]
            ),
        )
    except WorkflowAlreadyStartedError:
        pass  # a closed run already completed this enrollment
    except RPCError as exc:
        # Progress is committed; the next post (or quiz attempt) retries the start.
        log.warning("progress.completion_start_failed", workflow_id=workflow_id, error=str(exc))
        return None
    log.info("progress.completion_started", workflow_id=workflow_id)
    return workflow_id


def lesson_out(lesson_id: uuid.UUID, title: str, row: LessonProgress | None) -> LessonProgressOut:
    return LessonProgressOut(
        lesson_id=lesson_id,
        title=title,
        percent=q.ZERO if row is None else row.percent,
        best_quiz_score=None if row is None else row.best_quiz_score,
        completed=row is not None and row.completed_at is not None,
    )


async def _record_post(
    session: AsyncSession,
    enrollment: Enrollment,
    section: Section,
    body: ProgressIn,
    idempotency_key: str | None,
    now: datetime,
) -> bool:
    """Append the learning event and upsert the section row; True when the key was seen."""
    event_id = q.event_id_for(enrollment.id, idempotency_key)
    earlier = await q.get_event(session, event_id)
    if earlier is not None:
        if earlier.object_id != str(section.id):
            raise Conflict("this Idempotency-Key was already used for another section")
        return True
    await q.append_event(
        session, event_id=event_id, enrollment=enrollment,
        verb=VERB_COMPLETED if body.completed else VERB_PROGRESSED, object_id=section.id,
        object_type="section", score=body.score, duration_s=body.time_spent_s, success=None,
        completion=body.completed, now=now,
    )  # fmt: skip
    await q.apply_section_post(
        session, enrollment, section, completed=body.completed,
        time_spent_s=body.time_spent_s, score=body.score, now=now,
    )  # fmt: skip
    return False


@router.post(
    "/progress", response_model=ProgressOut, responses=problem_responses(401, 403, 404, 409, 422)
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
    if body.time_spent_s > settings.max_time_spent_per_post_s:
        raise field_error(
            "time_spent_s",
            f"must be at most {settings.max_time_spent_per_post_s} seconds per post",
            "less_than_equal",
        )
    section = await session.get(Section, body.section_id)
    if section is None:
        raise NotFound("no section with this ID")
    enrollment = await enrollment_for_write(session, user, section.course_id)
    now = utcnow()
    replayed = await _record_post(session, enrollment, section, body, idempotency_key, now)
    rolled = await q.roll_up(session, enrollment, section.lesson_id, now, activity=not replayed)
    section_row = await q.section_row(session, enrollment.id, section.id)
    rule_met = await q.completion_rule_met(session, enrollment)
    lesson_title = await q.lesson_title(session, section.lesson_id)
    await session.commit()
    workflow_id = await start_completion(temporal, settings, enrollment) if rule_met else None
    return ProgressOut(
        enrollment_id=enrollment.id,
        course_id=enrollment.course_id,
        section_id=section.id,
        section_completion=q.ZERO if section_row is None else section_row.completion,
        lesson=lesson_out(section.lesson_id, lesson_title, rolled.lesson),
        course_percent=rolled.course_percent,
        completion_rule_met=rule_met,
        completion_workflow_id=workflow_id,
        replayed=replayed,
    )


async def _course_progress(
    session: AsyncSession, rows: list[tuple[Enrollment, str]]
) -> list[CourseProgressOut]:
    lessons = await q.lessons_of_courses(session, list({e.course_id for e, _ in rows}))
    progress = await q.lesson_rows(session, [e.id for e, _ in rows])
    return [
        CourseProgressOut(
            enrollment_id=e.id,
            course_id=e.course_id,
            course_title=title,
            status=e.status,
            percent=e.progress_percent,
            completed_at=e.completed_at,
            last_activity_at=e.last_activity_at,
            lessons=[
                lesson_out(lesson.id, lesson.title, progress.get((e.id, lesson.id)))
                for lesson in lessons[e.course_id]
            ],
        )
        for e, title in rows
    ]


@router.get("/me/progress", response_model=MyProgressOut, responses=problem_responses(401))
async def my_progress(user: CurrentUser, session: SessionDep) -> MyProgressOut:
    """The caller's progress per course (active and completed enrollments), per lesson."""
    stmt = (
        select(Enrollment, Course.title)
        .join(Course, Course.id == Enrollment.course_id)
        .where(Enrollment.student_id == user.id, Enrollment.status.in_(q.VISIBLE_STATUSES))
        .order_by(Enrollment.created_at)
    )
    rows = [(e, title) for e, title in (await session.execute(stmt)).all()]
    return MyProgressOut(courses=await _course_progress(session, rows))


@router.get(
    "/courses/{course_id}/progress",
    response_model=CourseLearnersOut,
    responses=problem_responses(401, 403, 404),
)
async def course_progress(
    course_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> CourseLearnersOut:
    """Per-learner drill-down for the course's instructor (its author) and admins."""
    course = await session.get(Course, course_id)
    if course is None:
        raise NotFound("no course with this ID")
    if not can_manage_course(user, course):
        raise Forbidden("only the course's instructor or an admin can see its learners")
    stmt = (
        select(Enrollment, User.full_name)
        .join(User, User.id == Enrollment.student_id)
        .where(Enrollment.course_id == course_id, Enrollment.status.in_(q.VISIBLE_STATUSES))
        .order_by(User.full_name, Enrollment.created_at)
    )
    rows = [(e, name) for e, name in (await session.execute(stmt)).all()]
    per_course = await _course_progress(session, [(e, course.title) for e, _ in rows])
    spent = await q.time_spent_by_enrollment(session, [e.id for e, _ in rows])
    learners = [
        LearnerProgressOut(
            enrollment_id=e.id,
            student_id=e.student_id,
            student_name=name,
            status=e.status,
            percent=e.progress_percent,
            completed_at=e.completed_at,
            last_activity_at=e.last_activity_at,
            time_spent_s=spent.get(e.id, 0),
            lessons=detail.lessons,
        )
        for (e, name), detail in zip(rows, per_course, strict=True)
    ]
    return CourseLearnersOut(course_id=course_id, learners=learners)
