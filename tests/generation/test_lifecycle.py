"""Review, deadline, cancel, crash-restart and history size of CourseGenerationWorkflow."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import func, select
from temporalio.api.enums.v1 import PendingActivityState
from temporalio.client import WorkflowFailureError, WorkflowUpdateFailedError
from temporalio.exceptions import CancelledError
from temporalio.testing import WorkflowEnvironment

from db.models import AIGeneration, Course, CourseGeneration, Lesson
from db.session import transaction
from schemas.enums import CourseStatus, GenerationStatus, LessonStatus
from schemas.generation import Outline, ReviewDecision
from tests.generation.conftest import Harness, HarnessFactory
from tests.support.history import local_activities, scheduled_activities
from workflows.generation import CourseGenerationWorkflow


async def _awaiting_review(h: Harness, handle: Any) -> None:
    async def check() -> bool:
        progress = await handle.query(CourseGenerationWorkflow.get_progress)
        return bool(progress.status == GenerationStatus.awaiting_review)

    await h.wait_for(check)


async def _lessons(h: Harness, course_id: Any) -> list[Lesson]:
    async with h.deps.sessionmaker() as session:
        return list(await session.scalars(select(Lesson).where(Lesson.course_id == course_id)))


async def test_review_approve_with_edited_outline(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    row, handle = await h.start(review=True)
    await _awaiting_review(h, handle)
    assert h.fake.of_kind("lesson") == []  # nothing generated before the review
    stored = (await h.generation(row.id)).outline
    assert stored is not None
    edited = Outline.model_validate(stored)
    edited.modules = edited.modules[:1]
    edited.modules[0].lessons[0].title = "Reviewer's own first lesson"
    ack = await handle.execute_update(
        CourseGenerationWorkflow.review, ReviewDecision(decision="approve", outline=edited)
    )
    assert ack.accepted
    result = await handle.result()
    assert result.status == GenerationStatus.completed
    # With review the course waits for its instructor even when every check passed.
    assert result.course_status == CourseStatus.review.value
    titles = sorted(lesson.title for lesson in await _lessons(h, result.course_id))
    assert len(titles) == 2 and "Reviewer's own first lesson" in titles
    assert any("Reviewer's own first lesson" in c.prompt for c in h.fake.of_kind("lesson"))


async def test_review_reject_ends_without_a_course(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    row, handle = await h.start(review=True)
    await _awaiting_review(h, handle)
    await handle.execute_update(
        CourseGenerationWorkflow.review, ReviewDecision(decision="reject", reason="off topic")
    )
    result = await handle.result()
    assert (result.status, result.course_id, result.error) == (
        GenerationStatus.rejected,
        None,
        "off topic",
    )
    assert (await h.generation(row.id)).status == GenerationStatus.rejected
    assert h.fake.of_kind("lesson") == []
    # No thumbnail before an approval: with the image API configured it would cost money.
    assert "create_thumbnail" not in await scheduled_activities(handle)


async def test_an_unreviewed_run_expires_at_the_default_7_days_on_skipped_time(
    make_harness: HarnessFactory, sqlite_session_url: str, time_env: WorkflowEnvironment
) -> None:
    """The review deadline at its real default, on the time-skipping server. The review
    itself is an Update, which that server lacks: approving and rejecting stay on the dev
    server (above and in test_api.py)."""
    h = await make_harness(sqlite_session_url, "openai", client=time_env.client)
    assert h.settings.review_deadline_s == 7 * 86_400  # the real default
    row, handle = await h.start(review=True)
    await _awaiting_review(h, handle)
    await time_env.sleep(timedelta(days=7) - timedelta(minutes=1))
    progress = await handle.query(CourseGenerationWorkflow.get_progress)
    assert progress.status == GenerationStatus.awaiting_review
    await time_env.sleep(timedelta(minutes=2))

    async def expired() -> bool:  # polled in real time: no skipping past other timers
        return (await h.generation(row.id)).status == GenerationStatus.review_expired

    await h.wait_for(expired)
    assert len(h.fake.of_kind("lesson")) == 0  # nothing was generated for an unreviewed outline


async def test_cancel_stops_model_calls_and_marks_the_draft_cancelled(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai", max_parallel_llm_calls=2)
    h.fake.hold("lesson")  # lesson calls wait at the model server until allowed
    row, handle = await h.start(module_count=2, lessons_per_module=4)
    await h.wait_for(partial(_held, h, 2))  # the bound's worth of lessons is in flight
    with pytest.raises(WorkflowUpdateFailedError):  # the validator: no review is pending
        await handle.execute_update(
            CourseGenerationWorkflow.review, ReviewDecision(decision="reject")
        )
    await handle.cancel()
    with pytest.raises(WorkflowFailureError) as failure:  # while both calls are still held
        await asyncio.wait_for(handle.result(), timeout=30)
    assert isinstance(failure.value.cause, CancelledError)
    # The run is closed: letting the two held calls finish cannot start any other lesson.
    h.fake.release_all()
    await h.wait_for(partial(_held, h, 0))
    assert len(h.fake.of_kind("lesson")) == 2
    generation = await h.generation(row.id)
    assert generation.status == GenerationStatus.cancelled
    async with h.deps.sessionmaker() as session:
        course = await session.scalar(select(Course).where(Course.generation_id == row.id))
    assert course is not None and course.status == CourseStatus.cancelled


async def test_a_model_call_cut_off_by_cancellation_has_its_ledger_row(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai", max_parallel_llm_calls=2)
    h.fake.hold("lesson")  # the two lesson calls stay in flight at the model server
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    await h.wait_for(partial(_held, h, 2))
    await handle.cancel()  # reaches the activities through their heartbeats

    async def cancelled_rows() -> list[AIGeneration]:
        async with h.deps.sessionmaker() as session:
            rows = await session.scalars(
                select(AIGeneration).where(
                    AIGeneration.generation_id == row.id, AIGeneration.stage == "lesson"
                )
            )
            return [r for r in rows if r.status == "cancelled"]

    async def both_recorded() -> bool:
        return len(await cancelled_rows()) == 2

    await h.wait_for(both_recorded)
    h.fake.release_all()
    rows = await cancelled_rows()
    assert {r.lesson_id for r in rows} == {
        uuid.UUID(str(r.lesson_id)) for r in h.fake.of_kind("lesson")
    }
    assert all(r.input_tokens == 0 and r.latency_ms >= 0 for r in rows)


async def _held(h: Harness, calls: int) -> bool:
    return h.fake.held == calls


async def _some(items: list[Any]) -> bool:
    return bool(items)


async def test_worker_killed_mid_lessons_restarts_without_re_requesting_written_lessons(
    make_harness: HarnessFactory, postgres_session_url: str
) -> None:
    h = await make_harness(postgres_session_url, "openai", max_parallel_llm_calls=2)
    h.fake.latency = 0.3
    row, handle = await h.start(module_count=3, lessons_per_module=2)

    async def written_ids() -> set[Any]:
        async with h.deps.sessionmaker() as session:
            course_id = await session.scalar(
                select(CourseGeneration.course_id).where(CourseGeneration.id == row.id)
            )
            ids = await session.scalars(
                select(Lesson.id).where(
                    Lesson.course_id == course_id, Lesson.status == LessonStatus.generated
                )
            )
            return set(ids)

    async def two_written() -> bool:
        return len(await written_ids()) >= 2

    await h.wait_for(two_written)
    written_before_kill = await written_ids()
    await h.kill_workers()
    assert 2 <= len(written_before_kill) < 6

    h.start_workers()  # a new process would do the same: new deps, new workers
    result = await handle.result()
    assert result.status == GenerationStatus.completed

    requests = Counter(c.lesson_id for c in h.fake.of_kind("lesson"))
    for lesson_id in written_before_kill:
        assert requests[str(lesson_id)] == 1, "a written lesson was requested again"
    assert len(requests) == 6
    async with h.deps.sessionmaker() as session:
        courses = await session.scalar(
            select(func.count()).select_from(Course).where(Course.generation_id == row.id)
        )
    assert courses == 1


async def test_history_of_a_6x4_course_stays_small(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    _, handle = await h.start(module_count=6, lessons_per_module=4)
    result = await handle.result()
    assert result.status == GenerationStatus.completed
    history = await handle.fetch_history()
    size = len(history.to_json().encode())
    print(f"6x4 course: {len(history.events)} history events, {size} bytes")
    assert size < 400_000  # well under 1 MB: content lives in the database


async def test_a_run_keeps_its_own_bound_on_a_worker_with_more_slots(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    """The workflow's per-run semaphore: the run was started with a bound of 2 (the API's
    settings) and the model worker has 4 slots, so only the run's own bound can hold it."""
    h = await make_harness(sqlite_session_url, "openai", max_parallel_llm_calls=4)
    assert h.settings.model_queue_limits()[1] == 4  # the worker's slots are not the limit
    h.fake.hold("lesson")
    api_settings = h.settings.model_copy(update={"max_parallel_llm_calls": 2})
    _, handle = await h.start(settings=api_settings, module_count=1, lessons_per_module=5)
    for waiting in (2, 2, 2, 2, 1):  # let one lesson through at a time
        await h.wait_for(partial(_held, h, waiting))
        h.fake.allow(1)
    assert (await handle.result()).status == GenerationStatus.completed
    assert h.fake.max_held == 2  # two at once were reached, and never three


async def _started(handle: Any, activity: str) -> int:
    pending = (await handle.describe()).raw_description.pending_activities
    return sum(
        1
        for p in pending
        if p.activity_type.name == activity
        and p.state == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
    )


async def test_a_model_worker_takes_no_more_calls_than_its_slots(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    """The model worker's slots (worker.py, from the quota): the run may have 4 lessons in
    flight, the worker has 2 slots. The worker must leave the other two on the task queue,
    where a second model worker picks them up. (The calls the server sees cannot show this:
    ModelThrottle inside the activity also holds a worker to its slots, but an activity
    waiting on it has been taken off the queue, and no other worker can run it.)"""
    h = await make_harness(
        sqlite_session_url, "openai", max_parallel_llm_calls=4,
        llm_rate_limit_per_s=20.0, llm_call_duration_estimate_s=0.1,
    )  # fmt: skip
    # 20 calls/s x 0.1 s: two slots; the queue's 10 activities/s make two calls each.
    assert h.settings.model_queue_limits() == (10.0, 2)
    h.fake.hold("lesson")
    _, handle = await h.start(module_count=1, lessons_per_module=4)
    await h.wait_for(partial(_held, h, 2))  # the worker's two slots are busy
    assert await _started(handle, "generate_lesson") == 2  # the other two are still queued
    await h.start_model_worker()
    await h.wait_for(partial(_held, h, 4))  # ... and the second worker took them
    h.fake.allow(4)
    assert (await handle.result()).status == GenerationStatus.completed
    assert h.fake.max_held == 4


async def test_only_model_calls_and_the_thumbnail_cost_a_server_round_trip(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    """The critical path is outline -> lessons: every database step is a local activity and
    the thumbnail is drawn while the outline is written (bench/generation_critical_path.py
    measures the time; this pins the shape)."""
    h = await make_harness(sqlite_session_url, "openai")
    _, handle = await h.start(module_count=1, lessons_per_module=2)
    assert (await handle.result()).status == GenerationStatus.completed

    events = [e async for e in handle.fetch_history_events()]
    names = await scheduled_activities(handle)
    assert sorted(names) == [  # with a model configured, each lesson activity judges it too
        "create_thumbnail",
        "draft_outline",
        "generate_lesson",
        "generate_lesson",
    ]
    local = [name for name, _ in await local_activities(handle)]
    assert local == [  # publish, notify and finish are one step at the end
        "create_draft_course",
        "check_quality",
        "close_generation",
    ]

    scheduled = {
        e.event_id: e.activity_task_scheduled_event_attributes.activity_type.name
        for e in events
        if e.HasField("activity_task_scheduled_event_attributes")
    }
    outline_done = next(
        e.event_id
        for e in events
        if e.HasField("activity_task_completed_event_attributes")
        and scheduled[e.activity_task_completed_event_attributes.scheduled_event_id]
        == "draft_outline"
    )
    thumbnail_scheduled = next(i for i, name in scheduled.items() if name == "create_thumbnail")
    assert thumbnail_scheduled < outline_done


async def test_a_database_step_failing_for_good_fails_the_run_and_its_projection(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    """Local activities fail with their own ApplicationError (no ActivityError around it):
    the run must still end ``failed``, in Temporal and in the API's projection."""
    h = await make_harness(sqlite_session_url, "openai")
    row, handle = await h.start(review=True)
    await _awaiting_review(h, handle)
    async with transaction(h.deps.sessionmaker) as session:
        generation = await session.get(CourseGeneration, row.id)
        assert generation is not None
        generation.outline = None  # the draft cannot be built: OutlineMissing, non-retryable
    await handle.execute_update(CourseGenerationWorkflow.review, ReviewDecision(decision="approve"))
    with pytest.raises(WorkflowFailureError) as failed:
        await handle.result()
    assert getattr(failed.value.cause, "type", None) == "OutlineMissing"
    stored = await h.generation(row.id)
    assert stored.status == GenerationStatus.failed and "outline" in (stored.error or "")
