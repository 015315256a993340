"""Course generations: start a run, read its projection, stream its progress, review, cancel.

The ``course_generations`` row is the API's projection of a run; activities keep it current,
so reads work without a worker. The live ``current_item`` comes from the workflow's query.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.params import Depends as DependsParam
from fastapi.responses import StreamingResponse
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.service import RPCError

from api.deps import CurrentUser, InstructorUser, SessionDep, SettingsDep, StateDep, TemporalDep
from api.errors import problem_responses
from api.ratelimit import GenerationRateLimit
from core.logging import get_logger
from core.settings import Settings
from db.models import AIGeneration, Course, CourseGeneration, Lesson, User
from schemas.enums import GenerationStage, GenerationStatus, LessonStatus, Role
from schemas.generation import (
    TERMINAL_STATUSES,
    CourseGenerationInput,
    CourseGenerationRequest,
    GenerationAccepted,
    GenerationLimits,
    GenerationLinks,
    GenerationOut,
    GenerationProgress,
    ReviewDecision,
    progress_percent,
)
from schemas.temporal import STAGE, generation_workflow_id
from services.errors import Conflict, InvalidInput, NotFound, Unavailable
from workflows.generation import CourseGenerationWorkflow

router = APIRouter(prefix="/api/v1", tags=["course-generations"])
log = get_logger("courseflow.api.generations")

# Dependencies that guard starting a run (e.g. a per-user rate limit) are appended here.
GENERATION_START_GUARDS: list[DependsParam] = [GenerationRateLimit]
SSE_POLL_S = 0.5
SSE_KEEPALIVE_S = 15.0


# --- shared with the CLI ------------------------------------------------------------------
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
    )


async def create_generation(
    session: AsyncSession, user: User, body: CourseGenerationRequest
) -> CourseGeneration:
    if body.prerequisite_ids:
        found = set(
            await session.scalars(select(Course.id).where(Course.id.in_(body.prerequisite_ids)))
        )
        missing = [str(i) for i in body.prerequisite_ids if i not in found]
        if missing:
            raise InvalidInput(f"prerequisite_ids: unknown courses {', '.join(missing)}")
    generation_id = uuid.uuid4()
    row = CourseGeneration(
        id=generation_id,
        requested_by=user.id,
        workflow_id=generation_workflow_id(generation_id),
        request=body.model_dump(mode="json"),
        status=GenerationStatus.running,
        stage=GenerationStage.queued,
    )
    session.add(row)
    await session.flush()
    return row


async def start_generation_workflow(
    client: Client, settings: Settings, row: CourseGeneration, body: CourseGenerationRequest
) -> None:
    await client.start_workflow(
        CourseGenerationWorkflow.run,
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
    )


def links(generation_id: uuid.UUID, course_id: uuid.UUID | None = None) -> GenerationLinks:
    base = f"/api/v1/course-generations/{generation_id}"
    return GenerationLinks(
        self=base,
        events=f"{base}/events",
        review=f"{base}/review",
        cancel=f"{base}/cancel",
        course=f"/api/v1/courses/{course_id}" if course_id else None,
    )


async def projection(session: AsyncSession, row: CourseGeneration) -> GenerationProgress:
    """Progress from the database alone (works for finished runs and without a worker)."""
    tokens, cost = (
        await session.execute(
            select(
                func.coalesce(func.sum(AIGeneration.input_tokens + AIGeneration.output_tokens), 0),
                func.coalesce(func.sum(AIGeneration.cost_usd), 0),
            ).where(AIGeneration.generation_id == row.id)
        )
    ).one()
    total = int(row.request.get("module_count", 0)) * int(row.request.get("lessons_per_module", 0))
    done = 0
    if row.course_id is not None:
        counts = await session.execute(
            select(Lesson.status, func.count())
            .where(Lesson.course_id == row.course_id)
            .group_by(Lesson.status)
        )
        by_status = {status: int(n) for status, n in counts}
        total = sum(by_status.values()) or total
        done = by_status.get(LessonStatus.generated, 0)
    return GenerationProgress(
        status=row.status,
        stage=row.stage,
        percent=progress_percent(row.stage, done, total),
        lessons_done=done,
        lessons_total=total,
        tokens=int(tokens),
        cost_usd=Decimal(cost),
        course_id=row.course_id,
        error=row.error,
    )


# --- routes ---------------------------------------------------------------------------------
async def _visible(session: AsyncSession, user: User, generation_id: uuid.UUID) -> CourseGeneration:
    row = await session.get(CourseGeneration, generation_id)
    if row is None or (user.role != Role.admin and row.requested_by != user.id):
        raise NotFound("no such course generation")
    return row


async def _out(session: AsyncSession, row: CourseGeneration, current: str | None) -> GenerationOut:
    p = await projection(session, row)
    return GenerationOut(
        id=row.id,
        workflow_id=row.workflow_id,
        status=p.status,
        stage=p.stage,
        percent=p.percent,
        lessons_done=p.lessons_done,
        lessons_total=p.lessons_total,
        tokens=p.tokens,
        cost_usd=p.cost_usd,
        current_item=current,
        course_id=row.course_id,
        error=row.error,
        outline=row.outline,
        links=links(row.id, row.course_id),
    )


async def _current_item(client: Client, row: CourseGeneration) -> str | None:
    if row.status in TERMINAL_STATUSES:
        return None
    try:
        live = await client.get_workflow_handle(row.workflow_id).query(
            CourseGenerationWorkflow.get_progress, rpc_timeout=timedelta(seconds=2)
        )
    except Exception:  # no worker, or the run has not started: the projection still answers
        return None
    return live.current_item


@router.post(
    "/course-generations",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=GenerationAccepted,
    dependencies=GENERATION_START_GUARDS,
    responses=problem_responses(401, 403, 422, 429, 503),
)
async def start_generation(
    body: CourseGenerationRequest,
    user: InstructorUser,
    session: SessionDep,
    settings: SettingsDep,
    temporal: TemporalDep,
) -> GenerationAccepted:
    """Start a run; answers at once with links to poll, stream, review and cancel it."""
    row = await create_generation(session, user, body)
    await session.commit()  # activities update this row: it must exist before the run
    try:
        await start_generation_workflow(temporal, settings, row, body)
    except RPCError as exc:
        row.status, row.error = GenerationStatus.failed, "could not start the workflow"
        await session.commit()
        log.error("generation.start_failed", generation_id=str(row.id), error=str(exc))
        raise Unavailable("the workflow service is unavailable; try again later") from None
    log.info("generation.started", generation_id=str(row.id), user_id=str(user.id))
    return GenerationAccepted(
        id=row.id, workflow_id=row.workflow_id, status=row.status, links=links(row.id)
    )


@router.get(
    "/course-generations/{generation_id}",
    response_model=GenerationOut,
    responses=problem_responses(401, 404),
)
async def get_generation(
    generation_id: uuid.UUID, user: CurrentUser, session: SessionDep, temporal: TemporalDep
) -> GenerationOut:
    row = await _visible(session, user, generation_id)
    return await _out(session, row, await _current_item(temporal, row))


def _sse(event: str, data: dict[str, Any], event_id: int) -> str:
    return f"id: {event_id}\nevent: {event}\ndata: {json.dumps(data, default=str)}\n\n"


async def _events(state: Any, request: Request, generation_id: uuid.UUID) -> AsyncIterator[str]:
    """``stage`` on every stage or status change, ``lesson`` per finished lesson, then ``end``."""
    stage: tuple[Any, ...] | None = None
    done = 0
    event_id = 0
    idle = 0.0
    while True:
        async with state.sessionmaker() as session:
            row = await session.get(CourseGeneration, generation_id)
            assert row is not None
            p = await projection(session, row)
        data = p.model_dump(mode="json")
        emitted = []
        if (p.stage, p.status) != stage:
            stage = (p.stage, p.status)
            emitted.append(("stage", data))
        for n in range(done + 1, p.lessons_done + 1):  # one event per finished lesson
            emitted.append(("lesson", {**data, "lessons_done": n}))
        done = max(done, p.lessons_done)
        if p.status in TERMINAL_STATUSES:
            emitted.append(("end", data))
        for kind, payload in emitted:
            event_id += 1
            yield _sse(kind, payload, event_id)
        if p.status in TERMINAL_STATUSES:
            return
        idle = 0.0 if emitted else idle + SSE_POLL_S
        if idle >= SSE_KEEPALIVE_S:
            yield ": keep-alive\n\n"
            idle = 0.0
        if await request.is_disconnected():
            return
        await asyncio.sleep(SSE_POLL_S)


@router.get(
    "/course-generations/{generation_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "progress events"},
        **problem_responses(401, 404),
    },
)
async def stream_generation(
    generation_id: uuid.UUID,
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    state: StateDep,
) -> StreamingResponse:
    """Server-sent events: one per stage change and finished lesson; ends with ``end``."""
    await _visible(session, user, generation_id)
    # End the request's transaction now: the stream must not hold a connection (on SQLite,
    # a write lock) while the run it reports on writes its progress.
    await session.commit()
    return StreamingResponse(
        _events(state, request, generation_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post(
    "/course-generations/{generation_id}/review",
    response_model=GenerationOut,
    responses=problem_responses(401, 404, 409, 422),
)
async def review_generation(
    generation_id: uuid.UUID,
    body: ReviewDecision,
    user: CurrentUser,
    session: SessionDep,
    temporal: TemporalDep,
) -> GenerationOut:
    """Approve (optionally with an edited outline) or reject a run waiting for review."""
    row = await _visible(session, user, generation_id)
    if row.status != GenerationStatus.awaiting_review:
        raise Conflict(f"the run is {row.status.value}, not awaiting review")
    handle = temporal.get_workflow_handle(row.workflow_id)
    try:
        await handle.execute_update(CourseGenerationWorkflow.review, body)
    except WorkflowUpdateFailedError as exc:
        raise Conflict(f"the review was not accepted: {exc.cause}") from None
    await session.refresh(row)
    return await _out(session, row, None)


@router.post(
    "/course-generations/{generation_id}/cancel",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=GenerationOut,
    responses=problem_responses(401, 404, 409),
)
async def cancel_generation(
    generation_id: uuid.UUID, user: CurrentUser, session: SessionDep, temporal: TemporalDep
) -> GenerationOut:
    """Stop the run: no new model calls start, and the draft is marked cancelled."""
    row = await _visible(session, user, generation_id)
    if row.status in TERMINAL_STATUSES:
        raise Conflict(f"the run has already ended ({row.status.value})")
    await temporal.get_workflow_handle(row.workflow_id).cancel()
    log.info("generation.cancel_requested", generation_id=str(row.id), user_id=str(user.id))
    return await _out(session, row, None)
