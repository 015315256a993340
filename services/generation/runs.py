"""Generation runs as the API and the CLI start and steer them: a course, or one lesson
again; review; cancel; the per-user rate limit. (Reading them: ``progress``.)

The ``course_generations`` row is the API's projection of a run; activities keep it current.
Workflows are started and updated by their Temporal names (``schemas.generation``).
"""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.service import RPCError

from core.logging import get_logger
from core.settings import Settings
from db.models import Course, CourseGeneration, Lesson, User
from db.queries import catalog as catalog_q
from db.queries import generation as q
from schemas.catalog import RegenerateLessonIn
from schemas.enums import CourseStatus, GenerationStage, GenerationStatus, LessonStatus
from schemas.generation import (
    COURSE_GENERATION_WORKFLOW,
    LESSON_REGENERATION_WORKFLOW,
    REVIEW_UPDATE,
    TERMINAL_STATUSES,
    CourseBrief,
    CourseGenerationInput,
    CourseGenerationRequest,
    CourseGenerationResult,
    CourseGenerationRun,
    GenerationLimits,
    LessonRegenerationInput,
    LessonRegenerationRun,
    LessonResult,
    Outline,
    ReviewAck,
    ReviewDecision,
)
from schemas.temporal import COURSE_ID, STAGE, generation_workflow_id
from services.boundary import Commit
from services.catalog import managed_course
from services.errors import Conflict, InvalidInput, NotFound, RateLimited, Unavailable
from services.generation.drafting import clean_outline
from services.generation.progress import RunView, projection, visible_run

log = get_logger("courseflow.generation")

RATE_WINDOW = timedelta(hours=1)
# How long a review answer waits for the run to show the decision's effect, and how often it looks.
REVIEW_SETTLE_S = 20.0
REVIEW_POLL_S = 0.1


class UnknownPrerequisites(InvalidInput):
    pass


class InvalidOutline(InvalidInput):
    pass


class RunNotAwaitingReview(Conflict):
    pass


class RunEnded(Conflict):
    pass


class ReviewRefused(Conflict):
    pass


class LessonNotInCourse(NotFound):
    pass


class CourseClosed(Conflict):
    pass


class LessonNotWritten(Conflict):
    pass


class WorkflowServiceUnavailable(Unavailable):
    def __init__(self) -> None:
        super().__init__("the workflow service is unavailable; try again later")


def generation_limits(settings: Settings) -> GenerationLimits:
    """Settings frozen into a run. The activity timeout stays above every HTTP call it makes."""
    calls = 1 + settings.outline_repair_attempts
    return GenerationLimits(
        max_parallel=settings.max_parallel_llm_calls,
        regeneration_attempts=settings.lesson_regeneration_attempts,
        review_deadline_s=settings.review_deadline_s,
        budget_usd=settings.generation_budget_usd,
        budget_tokens=settings.generation_budget_tokens,
        llm_activity_timeout_s=settings.llm_http_timeout_s * calls + 30,
        llm_heartbeat_timeout_s=settings.llm_heartbeat_timeout_s,
        retry_initial_interval_s=settings.llm_retry_initial_interval_s,
        retry_max_attempts=settings.llm_retry_max_attempts,
        llm_task_queue=settings.llm_task_queue,
        judge=settings.judge_on,
    )


async def check_rate_limit(session: AsyncSession, settings: Settings, user: User) -> None:
    """At most ``generation_rate_limit_per_hour`` runs per user per hour (429 with Retry-After).

    Counted from the ``course_generations`` rows, so it holds across API replicas and restarts.
    Requests racing at the very edge of the window can both pass: the overshoot is bounded by
    the caller's own concurrency, acceptable for a cost guard.
    """
    now = datetime.now(UTC)
    count, oldest = await q.recent_generations(session, user.id, now - RATE_WINDOW)
    limit = settings.generation_rate_limit_per_hour
    if count < limit or oldest is None:
        return
    oldest_at = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
    retry_after = max(1, math.ceil((oldest_at + RATE_WINDOW - now).total_seconds()))
    log.warning("generation.rate_limited", user_id=str(user.id), count=count, limit=limit)
    raise RateLimited(
        f"at most {limit} course generations per hour; try again in {retry_after} s",
        retry_after_s=retry_after,
    )


# --- starting runs ----------------------------------------------------------------------------
async def create_course_generation(
    session: AsyncSession, user: User, body: CourseGenerationRequest
) -> CourseGeneration:
    """The run's row (its projection), before its workflow starts."""
    found = await catalog_q.existing_course_ids(session, body.prerequisite_ids)
    missing = [str(i) for i in body.prerequisite_ids if i not in found]
    if missing:
        raise UnknownPrerequisites(f"prerequisite_ids: unknown courses {', '.join(missing)}")
    generation_id = uuid.uuid4()
    row = CourseGeneration(
        id=generation_id,
        requested_by=user.id,
        workflow_id=generation_workflow_id(generation_id),
        request=CourseGenerationRun.of(body),
        status=GenerationStatus.running,
        stage=GenerationStage.queued,
    )
    session.add(row)
    await session.flush()
    return row


async def start_course_generation_workflow(
    client: Client, settings: Settings, row: CourseGeneration, body: CourseGenerationRequest
) -> None:
    await client.start_workflow(
        COURSE_GENERATION_WORKFLOW,
        CourseGenerationInput(
            generation_id=row.id,
            requested_by=row.requested_by,
            title=body.title,
            review=body.review,
            limits=generation_limits(settings),
        ),
        id=row.workflow_id,
        task_queue=settings.task_queue,
        search_attributes=TypedSearchAttributes(
            [SearchAttributePair(STAGE, GenerationStage.queued.value)]
        ),
        static_summary=f"Generate course: {body.title}"[:200],
        result_type=CourseGenerationResult,
    )


async def _start_or_fail(
    start: Callable[[], Awaitable[None]], row: CourseGeneration, commit: Commit, event: str
) -> None:
    """A run whose workflow cannot start is recorded as failed, then refused (503)."""
    try:
        await start()
    except RPCError as exc:
        row.status, row.error = GenerationStatus.failed, "could not start the workflow"
        await commit()
        log.error(event, generation_id=str(row.id), error=str(exc))
        raise WorkflowServiceUnavailable() from None


async def start_course_generation(
    session: AsyncSession,
    client: Client,
    settings: Settings,
    user: User,
    body: CourseGenerationRequest,
    *,
    commit: Commit,
) -> CourseGeneration:
    """Create the run's row, make it durable (its activities update it), start the run."""
    row = await create_course_generation(session, user, body)
    await commit()
    await _start_or_fail(
        lambda: start_course_generation_workflow(client, settings, row, body),
        row,
        commit,
        "generation.start_failed",
    )
    log.info("generation.started", generation_id=str(row.id), user_id=str(user.id))
    return row


@dataclass
class LessonRegeneration:
    run: CourseGeneration
    lesson: Lesson
    target_revision: int


def _brief_of(course: Course, original: CourseGeneration | None) -> CourseBrief:
    """What the lesson prompt says about the course: the original request when the course
    was generated, else the course's own fields."""
    if original is not None:
        return original.request.brief()
    return CourseBrief(
        title=course.title,
        description=course.description,
        audience=course.audience,
        difficulty=course.difficulty,
        language=course.language,
    )


async def _regenerable_lesson(
    session: AsyncSession, user: User, course_id: uuid.UUID, lesson_id: uuid.UUID
) -> tuple[Course, Lesson]:
    course = await managed_course(session, user, course_id)
    lesson = await session.get(Lesson, lesson_id)
    if lesson is None or lesson.course_id != course.id:
        raise LessonNotInCourse("no such lesson in this course")
    if course.status in (CourseStatus.cancelled, CourseStatus.archived):
        raise CourseClosed(f"the course is {course.status}")
    if lesson.status != LessonStatus.generated:
        raise LessonNotWritten("the lesson has no content yet")
    return course, lesson


async def regenerate_lesson(
    session: AsyncSession,
    client: Client,
    settings: Settings,
    user: User,
    course_id: uuid.UUID,
    lesson_id: uuid.UUID,
    body: RegenerateLessonIn,
    *,
    commit: Commit,
) -> LessonRegeneration:
    """Write one lesson again with extra instructions; nothing else in the course changes."""
    course, lesson = await _regenerable_lesson(session, user, course_id, lesson_id)
    original = (
        await session.get(CourseGeneration, course.generation_id) if course.generation_id else None
    )
    generation_id = uuid.uuid4()
    row = CourseGeneration(
        id=generation_id,
        requested_by=user.id,
        workflow_id=f"lesson-regen-{generation_id}",
        request=LessonRegenerationRun(
            lesson_id=lesson.id,
            instructions=body.instructions,
            course_request=_brief_of(course, original),
        ),
        status=GenerationStatus.running,
        stage=GenerationStage.lessons,
        course_id=course.id,
    )
    session.add(row)
    await commit()
    target = lesson.revision + 1

    async def start() -> None:
        await client.start_workflow(
            LESSON_REGENERATION_WORKFLOW,
            LessonRegenerationInput(
                generation_id=generation_id, requested_by=user.id, course_id=course.id,
                lesson_id=lesson.id, target_revision=target, instructions=body.instructions,
                limits=generation_limits(settings),
            ),
            id=row.workflow_id,
            task_queue=settings.task_queue,
            search_attributes=TypedSearchAttributes(
                [SearchAttributePair(COURSE_ID, str(course.id))]
            ),
            static_summary=f"Regenerate lesson: {lesson.title}"[:200],
            result_type=LessonResult,
        )  # fmt: skip

    await _start_or_fail(start, row, commit, "lesson.regenerate_start_failed")
    log.info("lesson.regenerate_started", lesson_id=str(lesson.id), user_id=str(user.id))
    return LessonRegeneration(row, lesson, target)


# --- acting on runs ---------------------------------------------------------------------------
async def review_run(
    session: AsyncSession,
    client: Client,
    user: User,
    generation_id: uuid.UUID,
    decision: ReviewDecision,
    *,
    commit: Commit,
) -> RunView:
    """Approve (optionally with an edited outline, optionally ``publish``) or reject a run
    waiting for review, and answer the run as the decision left it: after an approval the
    edited outline stored and the draft course made (``course_id``), after a rejection the
    run ``rejected``. The Update's handler answers once the decision took effect (patch
    ``generation-review-answers-after-decision``), so one read of the projection follows.
    A run started before that patch answers at once: the projection is then read until it
    shows the decision's effect (at most ``REVIEW_SETTLE_S``)."""
    row = await visible_run(session, user, generation_id)
    if row.status != GenerationStatus.awaiting_review:
        raise RunNotAwaitingReview(f"the run is {row.status.value}, not awaiting review")
    if decision.outline is not None:
        decision = decision.model_copy(update={"outline": _clean_edit(decision.outline)})
    await commit()  # hold no lock (SQLite) while the run's activities write
    handle = client.get_workflow_handle(row.workflow_id)
    try:
        ack = await handle.execute_update(REVIEW_UPDATE, decision, result_type=ReviewAck)
    except WorkflowUpdateFailedError as exc:
        raise ReviewRefused(f"the review was not accepted: {exc.cause}") from None
    if ack.progress is not None:
        # The Update answered once the decision took effect, and the run's local activities
        # committed it: one read of the projection is the state after the decision.
        await commit()
        await session.refresh(row)
        return RunView(row, await projection(session, row))
    deadline = asyncio.get_running_loop().time() + REVIEW_SETTLE_S
    while True:
        await session.refresh(row)
        settled = row.status in TERMINAL_STATUSES or (
            decision.decision == "approve" and row.course_id is not None
        )
        if settled or asyncio.get_running_loop().time() >= deadline:
            break
        await commit()  # end the read: the next one sees the activities' commits
        await asyncio.sleep(REVIEW_POLL_S)
    return RunView(row, await projection(session, row))


def _clean_edit(outline: Outline) -> Outline:
    """The reviewer's outline as it will be stored: without markup, and still valid."""
    try:
        return Outline.model_validate(clean_outline(outline.model_dump(mode="json")))
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors()[:5])
        raise InvalidOutline(f"the outline is invalid once markup is removed: {fields}") from None


async def cancel_run(
    session: AsyncSession, client: Client, user: User, generation_id: uuid.UUID
) -> RunView:
    """Stop the run: no new model calls start, and the draft is marked cancelled."""
    row = await visible_run(session, user, generation_id)
    if row.status in TERMINAL_STATUSES:
        raise RunEnded(f"the run has already ended ({row.status.value})")
    await client.get_workflow_handle(row.workflow_id).cancel()
    log.info("generation.cancel_requested", generation_id=str(row.id), user_id=str(user.id))
    return RunView(row, await projection(session, row))
