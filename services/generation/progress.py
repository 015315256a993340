"""Reading generation runs: who may see one, its projection from the database (works for
finished runs and without a worker), the live item from the workflow's query, and the
progress stream behind the SSE endpoint and the CLI's progress bar."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from db.models import CourseGeneration, User
from db.queries import generation as q
from schemas.enums import GenerationStage, GenerationStatus, LessonStatus, Role
from schemas.generation import (
    PROGRESS_QUERY,
    TERMINAL_STATUSES,
    CourseGenerationResult,
    GenerationProgress,
    progress_percent,
)
from services.generation.drafting import GenerationNotFound, clean_outline

LIVE_QUERY_TIMEOUT = timedelta(seconds=2)


async def visible_run(
    session: AsyncSession, user: User, generation_id: uuid.UUID
) -> CourseGeneration:
    """A run its requester or an admin may see; to anyone else it does not exist."""
    row = await session.get(CourseGeneration, generation_id)
    if row is None or (user.role != Role.admin and row.requested_by != user.id):
        raise GenerationNotFound("no such course generation")
    return row


async def projection(session: AsyncSession, row: CourseGeneration) -> GenerationProgress:
    """Progress from the database alone (works for finished runs and without a worker)."""
    tokens, cost = await q.usage_totals(session, row.id)
    input_tokens, cached = await q.input_token_totals(session, row.id)
    total = row.request.planned_lessons
    done = 0
    if row.course_id is not None:
        by_status = await q.lesson_status_counts(session, row.course_id)
        total = sum(by_status.values()) or total
        done = by_status.get(LessonStatus.generated, 0)
    return GenerationProgress(
        status=row.status,
        stage=row.stage,
        percent=progress_percent(row.stage, done, total),
        lessons_done=done,
        lessons_total=total,
        tokens=tokens,
        cost_usd=cost,
        course_id=row.course_id,
        error=row.error,
        input_tokens=input_tokens,
        cached_input_tokens=cached,
    )


async def live_progress(client: Client, workflow_id: str) -> GenerationProgress | None:
    """The running workflow's own progress; None without a worker or after the run closed."""
    try:
        live: GenerationProgress = await client.get_workflow_handle(workflow_id).query(
            PROGRESS_QUERY, result_type=GenerationProgress, rpc_timeout=LIVE_QUERY_TIMEOUT
        )
    except Exception:  # no worker, or the run has not started: the projection still answers
        return None
    return live


async def current_item(client: Client, row: CourseGeneration) -> str | None:
    if row.status in TERMINAL_STATUSES:
        return None
    live = await live_progress(client, row.workflow_id)
    return live.current_item if live is not None else None


@dataclass
class RunView:
    """A run as its readers see it: the row, its projection, what it is doing right now."""

    run: CourseGeneration
    progress: GenerationProgress
    current_item: str | None = None

    @property
    def outline(self) -> dict[str, Any] | None:
        """Served sanitised, whatever an older version stored."""
        return clean_outline(self.run.outline) if self.run.outline is not None else None


async def read_run(
    session: AsyncSession, client: Client, user: User, generation_id: uuid.UUID
) -> RunView:
    row = await visible_run(session, user, generation_id)
    return RunView(row, await projection(session, row), await current_item(client, row))


async def progress(
    session: AsyncSession, client: Client, generation_id: uuid.UUID
) -> GenerationProgress:
    """The live progress while the run works, else the projection (for a watcher)."""
    row = await session.get(CourseGeneration, generation_id)
    if row is None:
        raise GenerationNotFound("no such course generation")
    live = await live_progress(client, row.workflow_id)
    if live is not None and live.status not in TERMINAL_STATUSES:
        return live
    return await projection(session, row)


async def run_result(client: Client, workflow_id: str) -> CourseGenerationResult:
    handle = client.get_workflow_handle(workflow_id, result_type=CourseGenerationResult)
    result: CourseGenerationResult = await handle.result()
    return result


@dataclass(frozen=True)
class ProgressEvent:
    """``stage`` on every stage or status change, ``lesson`` per finished lesson, then
    ``end``; ``kind`` None is a keep-alive."""

    kind: str | None
    progress: GenerationProgress | None = None


async def progress_events(
    sessionmaker: async_sessionmaker[AsyncSession],
    generation_id: uuid.UUID,
    *,
    poll_s: float,
    keepalive_s: float,
    gone: Callable[[], Awaitable[bool]],
) -> AsyncIterator[ProgressEvent]:
    """Events from the projection, polled with a short session each time (a stream must not
    hold a connection, on SQLite a write lock, while the run writes its progress)."""
    stage: tuple[GenerationStage, GenerationStatus] | None = None
    done = 0
    idle = 0.0
    while True:
        async with sessionmaker() as session:
            row = await session.get(CourseGeneration, generation_id)
            if row is None:
                return
            p = await projection(session, row)
        events = []
        if (p.stage, p.status) != stage:
            stage = (p.stage, p.status)
            events.append(ProgressEvent("stage", p))
        for n in range(done + 1, p.lessons_done + 1):  # one event per finished lesson
            events.append(ProgressEvent("lesson", p.model_copy(update={"lessons_done": n})))
        done = max(done, p.lessons_done)
        if p.status in TERMINAL_STATUSES:
            events.append(ProgressEvent("end", p))
        for event in events:
            yield event
        if p.status in TERMINAL_STATUSES:
            return
        idle = 0.0 if events else idle + poll_s
        if idle >= keepalive_s:
            yield ProgressEvent(None)
            idle = 0.0
        if await gone():
            return
        await asyncio.sleep(poll_s)
