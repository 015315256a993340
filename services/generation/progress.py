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

from core.security import issue_stream_token
from core.settings import Settings
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
    """``stage`` on every stage change seen, ``lesson`` per finished lesson, then ``end``;
    ``kind`` None is a keep-alive. ``id`` orders them (``event_id``)."""

    kind: str | None
    progress: GenerationProgress | None = None
    id: int = 0


STAGE_RANK = {stage: rank for rank, stage in enumerate(GenerationStage)}
END_EVENT_ID = 99_999


def event_id(kind: str, stage: GenerationStage, lesson: int = 0) -> int:
    """Event IDs follow the pipeline, not the polling: a stage event is ``rank * 1000``, the
    n-th finished lesson ``rank(lessons) * 1000 + n`` (lessons finish during that stage, so
    before any later stage), the terminal event the largest. Sent in ID order, stage and
    lesson events interleave as they happened however late a reader looks, ``end`` comes
    last, and a reconnect's ``Last-Event-ID`` says exactly what the reader already has."""
    if kind == "end":
        return END_EVENT_ID
    if kind == "lesson":
        return STAGE_RANK[GenerationStage.lessons] * 1000 + lesson
    return STAGE_RANK[stage] * 1000


def _candidates(p: GenerationProgress) -> list[ProgressEvent]:
    events = [ProgressEvent("stage", p, event_id("stage", p.stage))]
    for n in range(1, p.lessons_done + 1):
        lesson = p.model_copy(
            update={
                "stage": GenerationStage.lessons,
                "status": GenerationStatus.running,
                "lessons_done": n,
                "percent": progress_percent(GenerationStage.lessons, n, p.lessons_total),
            }
        )
        events.append(ProgressEvent("lesson", lesson, event_id("lesson", p.stage, n)))
    if p.status in TERMINAL_STATUSES:
        events.append(ProgressEvent("end", p, END_EVENT_ID))
    return sorted(events, key=lambda e: e.id)


async def progress_events(
    sessionmaker: async_sessionmaker[AsyncSession],
    generation_id: uuid.UUID,
    *,
    poll_s: float,
    keepalive_s: float,
    gone: Callable[[], Awaitable[bool]],
    after: int = 0,
) -> AsyncIterator[ProgressEvent]:
    """Events from the projection, polled with a short session each time (a stream must not
    hold a connection, on SQLite a write lock, while the run writes its progress). Only
    events with an ID above ``after`` (the reader's ``Last-Event-ID``), in ID order."""
    last = after
    idle = 0.0
    while True:
        async with sessionmaker() as session:
            row = await session.get(CourseGeneration, generation_id)
            if row is None:
                return
            p = await projection(session, row)
        events = [e for e in _candidates(p) if e.id > last]
        for event in events:
            last = event.id
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


async def stream_token(
    session: AsyncSession, settings: Settings, user: User, generation_id: uuid.UUID, path: str
) -> tuple[str, int]:
    """A short-lived token that opens this run's event stream (``path``) and nothing else,
    for a caller who may read the run."""
    await visible_run(session, user, generation_id)
    return issue_stream_token(settings, user.id, user.role.value, path)
