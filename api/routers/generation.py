"""Course generations: start a run, read its projection, stream its progress, review, cancel;
and regenerate one lesson of a course (a run of its own). The rules are
``services.generation``'s; this module parses, authorises and shapes the answers.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Header, Request, status
from fastapi.params import Depends as DependsParam
from sse_starlette import EventSourceResponse, ServerSentEvent

from api.deps import (
    CurrentUser,
    InstructorUser,
    SessionDep,
    SettingsDep,
    StateDep,
    StreamUser,
    TemporalDep,
)
from api.errors import problem_responses
from api.ratelimit import GenerationRateLimit
from schemas.catalog import RegenerateLessonIn, RegenerationAccepted
from schemas.generation import (
    AcceptFindingIn,
    CourseGenerationRequest,
    FindingOut,
    GenerationAccepted,
    GenerationLinks,
    GenerationOut,
    ReviewDecision,
    ReviewQueueOut,
    StreamToken,
)
from services import generation

router = APIRouter(prefix="/api/v1", tags=["course-generations"])

# Dependencies that guard starting a run (e.g. a per-user rate limit) are appended here.
GENERATION_START_GUARDS: list[DependsParam] = [GenerationRateLimit]
SSE_POLL_S = 0.5
SSE_KEEPALIVE_S = 15.0


def links(generation_id: uuid.UUID, course_id: uuid.UUID | None = None) -> GenerationLinks:
    base = f"/api/v1/course-generations/{generation_id}"
    return GenerationLinks(
        self=base,
        events=f"{base}/events",
        review=f"{base}/review",
        cancel=f"{base}/cancel",
        course=f"/api/v1/courses/{course_id}" if course_id else None,
    )


def _out(view: generation.RunView) -> GenerationOut:
    row, p = view.run, view.progress
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
        input_tokens=p.input_tokens,
        cached_input_tokens=p.cached_input_tokens,
        current_item=view.current_item,
        course_id=row.course_id,
        error=row.error,
        outline=view.outline,
        links=links(row.id, row.course_id),
    )


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
    row = await generation.start_course_generation(
        session, temporal, settings, user, body, commit=session.commit
    )
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
    return _out(await generation.read_run(session, temporal, user, generation_id))


def _last_event_id(value: str | None) -> int:
    """The reader's ``Last-Event-ID`` (an event ID we sent), or 0 for a new reader."""
    if value is None or not value.strip().isdigit():
        return 0
    return min(int(value.strip()), generation.END_EVENT_ID)


async def _events(
    state: Any, request: Request, generation_id: uuid.UUID, after: int
) -> AsyncIterator[ServerSentEvent]:
    async for event in generation.progress_events(
        state.sessionmaker, generation_id, poll_s=SSE_POLL_S, keepalive_s=SSE_KEEPALIVE_S,
        gone=request.is_disconnected, after=after,
    ):  # fmt: skip
        if event.kind is None or event.progress is None:
            yield ServerSentEvent(comment="keep-alive", sep="\n")
            continue
        yield ServerSentEvent(
            data=json.dumps(event.progress.model_dump(mode="json")),
            event=event.kind,
            id=str(event.id),
            sep="\n",
        )


@router.get(
    "/course-generations/{generation_id}/events",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "progress events"},
        **problem_responses(401, 404),
    },
)
async def stream_generation(
    generation_id: uuid.UUID,
    request: Request,
    user: StreamUser,
    session: SessionDep,
    state: StateDep,
    last_event_id: Annotated[str | None, Header(max_length=32)] = None,
) -> EventSourceResponse:
    """Server-sent events in the order things happened: ``stage`` per stage change seen and
    ``lesson`` per finished lesson (interleaved as in the run), then ``end``, always last.
    Every event has an ``id``; a reconnect with ``Last-Event-ID`` resumes after it.
    Authenticate with the bearer header, or (a browser ``EventSource``) with
    ``?access_token=`` holding a stream token from ``POST …/events/token``."""
    await generation.visible_run(session, user, generation_id)
    # End the request's transaction now: the stream must not hold a connection (on SQLite,
    # a write lock) while the run it reports on writes its progress.
    await session.commit()
    return EventSourceResponse(
        _events(state, request, generation_id, _last_event_id(last_event_id)),
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        ping=int(SSE_KEEPALIVE_S),
        sep="\n",
    )


@router.post(
    "/course-generations/{generation_id}/events/token",
    response_model=StreamToken,
    responses=problem_responses(401, 404),
)
async def stream_generation_token(
    generation_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> StreamToken:
    """A short-lived token that opens this run's event stream, and nothing else, in a query
    string: ``new EventSource(url)`` with the answer's ``url``."""
    path = f"/api/v1/course-generations/{generation_id}/events"
    token, ttl = await generation.stream_token(session, settings, user, generation_id, path)
    return StreamToken(
        access_token=token, expires_in=ttl, url=f"{path}?{urlencode({'access_token': token})}"
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
    """Approve (optionally with an edited outline; ``publish: true`` publishes the course
    once it passes the quality checks) or reject a run waiting for review. Answers the run
    as the decision left it: approved, the stored outline and the draft's ``course_id``;
    rejected, ``status: rejected``. Without ``publish`` an approved course ends in
    ``review``: publish it with ``POST /courses/{id}/publish``."""
    return _out(
        await generation.review_run(
            session, temporal, user, generation_id, body, commit=session.commit
        )
    )


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
    return _out(await generation.cancel_run(session, temporal, user, generation_id))


@router.post(
    "/courses/{course_id}/lessons/{lesson_id}/regenerate",
    tags=["courses"],
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
    started = await generation.regenerate_lesson(
        session, temporal, settings, user, course_id, lesson_id, body, commit=session.commit
    )
    return RegenerationAccepted(
        generation_id=started.run.id,
        workflow_id=started.run.workflow_id,
        lesson_id=started.lesson.id,
        target_revision=started.target_revision,
        links=links(started.run.id, course_id),
    )


@router.get(
    "/courses/{course_id}/findings",
    tags=["courses"],
    response_model=ReviewQueueOut,
    responses=problem_responses(401, 403, 404),
)
async def list_findings(
    course_id: uuid.UUID, user: InstructorUser, session: SessionDep, settings: SettingsDep
) -> ReviewQueueOut:
    """The review queue: every quality finding per lesson (code, pointer, evidence), which
    are accepted and why, and how many are still open."""
    return await generation.review_queue(session, settings, user, course_id)


@router.post(
    "/courses/{course_id}/findings/accept",
    tags=["courses"],
    response_model=FindingOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def accept_finding(
    course_id: uuid.UUID,
    body: AcceptFindingIn,
    user: InstructorUser,
    session: SessionDep,
    settings: SettingsDep,
) -> FindingOut:
    """Accept one finding for a recorded reason: it stays listed and no longer blocks
    publishing."""
    return await generation.accept_finding(session, settings, user, course_id, body)
