"""The learning domain's routes: progress posts and reads, quiz attempts, learning events.

A progress post writes the section row, the lesson and course roll-ups and a learning event in
one transaction (the request's), commits, and only then signal-with-starts the completion
workflow when the completion rule holds. Quiz attempts are graded on the server against the
stored answer keys: the body carries only the chosen option per question, so a client cannot
claim a wrong answer is right. Learning events are exported as xAPI 1.0.3 statements (admin).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, status
from fastapi.exceptions import RequestValidationError
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from api.deps import AdminUser, CurrentUser, SessionDep, SettingsDep, TemporalDep
from api.errors import problem_responses
from core.logging import get_logger
from core.settings import Settings
from db.base import utcnow
from db.models import (
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    QuizAttempt,
    QuizQuestion,
    Section,
    User,
)
from db.queries import learning as q
from schemas.enums import EnrollmentStatus
from schemas.learning import (
    COMPLETION_SIGNAL,
    DEFAULT_QUIZ_PASS_MARK,
    VERB_COMPLETED,
    VERB_FAILED,
    VERB_PASSED,
    VERB_PROGRESSED,
    XAPI_VERSION,
    CompletionInput,
    CourseLearnersOut,
    CourseProgressOut,
    LearnerProgressOut,
    LearningEventsOut,
    LessonProgressOut,
    MyProgressOut,
    ProgressIn,
    ProgressOut,
    QuestionFeedback,
    QuizAttemptIn,
    QuizAttemptOut,
)
from schemas.temporal import COURSE_ID, STUDENT_ID, completion_workflow_id
from services.catalog import can_manage_course
from services.errors import Conflict, Forbidden, InvalidInput, NotFound
from workflows.learning import CourseCompletionWorkflow

router = APIRouter(prefix="/api/v1")
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


@router.get(
    "/me/progress",
    tags=["progress"],
    response_model=MyProgressOut,
    responses=problem_responses(401),
)
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
    tags=["progress"],
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


# --- quiz attempts ----------------------------------------------------------------------


def percent_score(correct: int, total: int) -> int:
    """Whole percent, rounded half-up, in integers (2 of 3 → 67)."""
    return (200 * correct + total) // (2 * total)


def grade(questions: list[QuizQuestion], answers: list[int]) -> list[QuestionFeedback]:
    if len(answers) != len(questions):
        raise field_error("answers", f"expected {len(questions)} answers, one per question")
    for i, (question, chosen) in enumerate(zip(questions, answers, strict=True)):
        if not 0 <= chosen < len(question.options):
            raise field_error(
                f"answers.{i}", f"option index must be 0..{len(question.options) - 1}"
            )
    return [
        QuestionFeedback(
            question_id=question.id,
            position=question.position,
            chosen_index=chosen,
            correct_index=question.answer_index,
            correct=chosen == question.answer_index,
            explanation=question.explanation,
        )
        for question, chosen in zip(questions, answers, strict=True)
    ]


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
    lesson = await session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound("no lesson with this ID")
    questions = list(
        (
            await session.execute(
                select(QuizQuestion)
                .where(QuizQuestion.lesson_id == lesson_id)
                .order_by(QuizQuestion.position)
            )
        ).scalars()
    )
    if not questions:
        raise NotFound("this lesson has no quiz")
    enrollment = await enrollment_for_write(session, user, lesson.course_id)
    feedback = grade(questions, body.answers)
    score = percent_score(sum(f.correct for f in feedback), len(feedback))
    course_pass_mark = await session.scalar(
        select(Course.pass_mark).where(Course.id == lesson.course_id)
    )
    pass_mark = DEFAULT_QUIZ_PASS_MARK if course_pass_mark is None else course_pass_mark
    now = utcnow()
    attempt = QuizAttempt(
        enrollment_id=enrollment.id,
        lesson_id=lesson_id,
        attempt_number=await q.next_attempt_number(session, enrollment.id, lesson_id),
        answers=list(body.answers),
        score=score,
        passed=score >= pass_mark,
        created_at=now,
    )
    session.add(attempt)
    lesson_row = await q.upsert_lesson_progress(
        session, enrollment.id, lesson_id, now=now, quiz_score=score
    )
    await q.append_event(
        session, event_id=uuid.uuid4(), enrollment=enrollment,
        verb=VERB_PASSED if attempt.passed else VERB_FAILED, object_id=lesson_id,
        object_type="quiz", score=score, duration_s=0, success=attempt.passed,
        completion=None, now=now,
    )  # fmt: skip
    enrollment.last_activity_at = now
    rule_met = await q.completion_rule_met(session, enrollment)
    await session.commit()
    workflow_id = await start_completion(temporal, settings, enrollment) if rule_met else None
    return QuizAttemptOut(
        attempt_id=attempt.id,
        lesson_id=lesson_id,
        attempt_number=attempt.attempt_number,
        score=score,
        passed=attempt.passed,
        pass_mark=pass_mark,
        best_score=lesson_row.best_quiz_score if lesson_row.best_quiz_score is not None else score,
        feedback=feedback,
        completion_rule_met=rule_met,
        completion_workflow_id=workflow_id,
    )


# --- learning events (xAPI) ------------------------------------------------------------

DEFAULT_BASE = "https://courseflow.local"
ACTIVITY_TYPES = {
    "section": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
}


def base_url(settings: Settings) -> str:
    return str(settings.public_base_url or DEFAULT_BASE).rstrip("/")


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _result(event: LearningEvent) -> dict[str, Any]:
    result: dict[str, Any] = {"duration": f"PT{event.duration_s}S"}
    if event.score is not None:
        result["score"] = {"scaled": event.score / 100, "raw": event.score, "min": 0, "max": 100}
    if event.success is not None:
        result["success"] = event.success
    if event.completion is not None:
        result["completion"] = event.completion
    return result


def xapi_statement(event: LearningEvent, base: str) -> dict[str, Any]:
    """The full statement: actor account, verb IRI, activity object, result, context."""
    kind = "sections" if event.object_type == "section" else "lessons"
    return {
        "id": str(event.id),
        "version": XAPI_VERSION,
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": base, "name": str(event.actor_id)},
        },
        "verb": {"id": event.verb, "display": {"en-US": event.verb.rsplit("/", 1)[-1]}},
        "object": {
            "objectType": "Activity",
            "id": f"{base}/{kind}/{event.object_id}",
            "definition": {
                "type": ACTIVITY_TYPES.get(event.object_type, ACTIVITY_TYPES["section"])
            },
        },
        "result": _result(event),
        "context": {
            "registration": str(event.enrollment_id),
            "contextActivities": {
                "parent": [{"objectType": "Activity", "id": f"{base}/courses/{event.course_id}"}]
            },
        },
        "timestamp": _iso(event.timestamp),
        "stored": _iso(event.stored_at),
    }


def encode_cursor(event: LearningEvent) -> str:
    raw = f"{event.timestamp.isoformat()}|{event.id}".encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        stamp, event_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return datetime.fromisoformat(stamp), uuid.UUID(event_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput("cursor is not one this API returned") from None


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
    """Statements in time order; pass ``next_cursor`` back as ``cursor`` for the next page."""
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise InvalidInput(f"{name} needs a time zone offset, e.g. 2026-11-16T00:00:00Z")
    stmt = select(LearningEvent).order_by(LearningEvent.timestamp, LearningEvent.id)
    if course_id is not None:
        stmt = stmt.where(LearningEvent.course_id == course_id)
    if since is not None:
        stmt = stmt.where(LearningEvent.timestamp >= since)
    if until is not None:
        stmt = stmt.where(LearningEvent.timestamp < until)
    if cursor is not None:
        after, after_id = decode_cursor(cursor)
        stmt = stmt.where(
            or_(
                LearningEvent.timestamp > after,
                and_(LearningEvent.timestamp == after, LearningEvent.id > after_id),
            )
        )
    events = list((await session.execute(stmt.limit(limit + 1))).scalars())
    base = base_url(settings)
    page = events[:limit]
    return LearningEventsOut(
        statements=[xapi_statement(e, base) for e in page],
        next_cursor=encode_cursor(page[-1]) if len(events) > limit else None,
    )
