"""The judge's call inside the lesson activity (issue 21, patch ``generation-judge-in-lesson``):
one activity per lesson makes the lesson's call and then the judge's. A retry pays for neither
call twice, a spent budget skips the judge and stops the run as before, and a judge that fails
fails the run as the judge activity did. The real OpenAI SDK against the fake model server,
real PostgreSQL, real workers on the dev server."""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select, update
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.generation import ModelCallActivities
from db.models import AIGeneration, Lesson
from db.queries.generation import usage_totals
from schemas.enums import GenerationStatus
from schemas.generation import (
    PROGRESS_QUERY,
    GenerationProgress,
    JudgeJob,
    LessonJob,
    LessonResult,
    Usage,
)
from services.generation import JudgeContext, judge_context
from tests.generation.conftest import Harness, HarnessFactory
from tests.support.history import scheduled_activities


async def _ledger(h: Harness, generation_id: Any, stage: str) -> list[AIGeneration]:
    async with h.deps.sessionmaker() as session:
        rows = await session.scalars(
            select(AIGeneration)
            .where(AIGeneration.generation_id == generation_id, AIGeneration.stage == stage)
            .order_by(AIGeneration.call_key)
        )
        return list(rows)


async def _summaries(h: Harness, handle: Any) -> list[str]:
    payloads = [
        e.user_metadata.summary
        async for e in handle.fetch_history_events()
        if e.HasField("user_metadata") and e.user_metadata.HasField("summary")
    ]
    return [str(v) for v in await h.client.data_converter.decode(payloads, [str] * len(payloads))]


async def _lessons(h: Harness, course_id: Any) -> list[Lesson]:
    async with h.deps.sessionmaker() as session:
        rows = await session.scalars(
            select(Lesson).where(Lesson.course_id == course_id).order_by(Lesson.position)
        )
        return list(rows)


async def test_each_lesson_and_its_judge_are_one_activity(
    make_harness: HarnessFactory, postgres_session_url: str
) -> None:
    h = await make_harness(postgres_session_url, "openai")
    _, handle = await h.start(module_count=1, lessons_per_module=2)
    result = await handle.result()
    assert result.course_status == "published"
    names = await scheduled_activities(handle)
    assert sorted(names) == ["create_thumbnail", "draft_outline"] + ["generate_lesson"] * 2
    assert len(h.fake.of_kind("judge")) == 2
    assert all(lesson.judged_revision == 1 for lesson in await _lessons(h, result.course_id))
    # The summary says the lesson is judged too.
    summaries = [s for s in await _summaries(h, handle) if s.startswith("lesson ")]
    assert len(summaries) == 2 and all(s.endswith(", judged") for s in summaries), summaries


async def test_a_retry_after_a_failed_judge_call_reuses_the_lesson_and_judges_it(
    make_harness: HarnessFactory, postgres_session_url: str
) -> None:
    """The judge's call answers 500 once: the activity is retried, finds its lesson stored
    (no second paid lesson call) and judges it; the run's totals count every answered call
    once, the lesson's included (its usage comes from the ledger on the retry)."""
    h = await make_harness(postgres_session_url, "openai")
    h.fake.script("judge", "status", status=500, match="part 1.1")
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    result = await handle.result()
    assert result.status == GenerationStatus.completed
    lesson_calls = Counter(c.lesson_id for c in h.fake.of_kind("lesson"))
    assert sorted(lesson_calls.values()) == [1, 1], "a stored lesson was requested again"
    judged = [c for c in h.fake.of_kind("judge") if "part 1.1" in c.prompt]
    assert [c.status for c in judged] == [500, 200]
    assert all(lesson.judged_revision == 1 for lesson in await _lessons(h, result.course_id))
    judge_rows = await _ledger(h, row.id, "judge")
    assert sorted(r.status for r in judge_rows) == ["failed", "ok", "ok"]  # no "lost" row
    progress = await handle.query(PROGRESS_QUERY, result_type=GenerationProgress)
    async with h.deps.sessionmaker() as session:
        tokens, _ = await usage_totals(session, row.id)
    assert progress.tokens == tokens and progress.lessons_done == 2


async def _done_run(h: Harness) -> tuple[uuid.UUID, uuid.UUID]:
    """A finished, judged 1x1 run: (generation ID, lesson ID)."""
    row, handle = await h.start(module_count=1, lessons_per_module=1)
    result = await handle.result()
    assert result.status == GenerationStatus.completed
    [lesson] = await _lessons(h, result.course_id)
    assert lesson.judged_revision == 1
    return row.id, lesson.id


async def _run_activity(h: Harness, job: LessonJob, attempt: int) -> LessonResult:
    activities = ModelCallActivities(h.settings, h.deps.sessionmaker, h.deps.llm)
    env = ActivityEnvironment()
    env.info = dataclasses.replace(env.info, attempt=attempt)
    return await env.run(activities.generate_lesson, job)


class _Recording(ModelCallActivities):
    """Keeps the context each judge call was asked with."""

    asked: list[JudgeContext]

    async def _ask_judge(
        self, job: JudgeJob, context: JudgeContext, *, lost_check: bool = True
    ) -> tuple[int, Usage]:
        self.asked.append(context)
        return await super()._ask_judge(job, context, lost_check=lost_check)


async def test_the_judge_reads_from_memory_what_it_would_read_back_from_the_database(
    make_harness: HarnessFactory, postgres_session_url: str
) -> None:
    """The lesson activity judges the lesson it just stored without reading it: what the
    judge is asked with is what ``judge_context`` reads back of the stored lesson."""
    h = await make_harness(postgres_session_url, "openai")
    generation_id, lesson_id = await _done_run(h)
    activities = _Recording(h.settings, h.deps.sessionmaker, h.deps.llm)
    activities.asked = []
    job = LessonJob(generation_id=generation_id, lesson_id=lesson_id, target_revision=2,
                    findings=["regenerate"], judge=True)  # fmt: skip
    result = await ActivityEnvironment().run(activities.generate_lesson, job)
    assert not result.reused and result.judge is not None and result.judge.judged
    [asked] = activities.asked
    async with h.deps.sessionmaker() as session, session.begin():  # as if not judged yet
        await session.execute(
            update(Lesson).where(Lesson.id == lesson_id).values(judged_revision=1)
        )
    async with h.deps.sessionmaker() as session:
        read = await judge_context(
            session, JudgeJob(generation_id=generation_id, lesson_id=lesson_id, revision=2)
        )
    assert read is not None and asked.sections and asked.questions
    # The stored findings read back carry the verdict's too; the checks' are those it was on.
    assert dataclasses.replace(asked, stored=[]) == dataclasses.replace(read, stored=[])
    assert asked.stored == [f for f in read.stored if f.get("source") != "judge"]


async def test_a_retry_neither_calls_the_judge_again_nor_skips_a_lesson_left_unjudged(
    make_harness: HarnessFactory, postgres_session_url: str
) -> None:
    """Attempt 2 of a lesson activity whose lesson (and verdict) attempt 1 stored: no model
    call at all. With the verdict missing (attempt 1 ended after the lesson), one judge call
    and still no lesson call."""
    h = await make_harness(postgres_session_url, "openai")
    generation_id, lesson_id = await _done_run(h)
    calls = (len(h.fake.of_kind("lesson")), len(h.fake.of_kind("judge")))
    job = LessonJob(generation_id=generation_id, lesson_id=lesson_id, target_revision=1, judge=True)

    again = await _run_activity(h, job, attempt=2)
    assert again.reused and again.judge is not None and not again.judge.judged
    assert (len(h.fake.of_kind("lesson")), len(h.fake.of_kind("judge"))) == calls

    async with h.deps.sessionmaker() as session, session.begin():
        await session.execute(
            update(Lesson).where(Lesson.id == lesson_id).values(judged_revision=0)
        )
    judged = await _run_activity(h, job, attempt=2)
    assert judged.reused and judged.judge is not None and judged.judge.judged
    assert judged.judge.usage.calls == 1
    assert len(h.fake.of_kind("lesson")) == calls[0]
    assert len(h.fake.of_kind("judge")) == calls[1] + 1
    [lesson_row] = await _ledger(h, generation_id, "lesson")
    assert judged.usage.tokens == lesson_row.input_tokens + lesson_row.output_tokens > 0
    assert [lesson.judged_revision for lesson in await _lessons_of(h, lesson_id)] == [1]


async def _lessons_of(h: Harness, lesson_id: uuid.UUID) -> list[Lesson]:
    async with h.deps.sessionmaker() as session:
        return list(await session.scalars(select(Lesson).where(Lesson.id == lesson_id)))


async def test_a_budget_spent_by_the_lesson_skips_the_judge_and_keeps_the_lesson(
    make_harness: HarnessFactory, postgres_session_url: str
) -> None:
    """The budget is one token above what the run spent: the lesson's call may start, the
    judge's may not. The lesson is stored and returned (not a failure), marked so."""
    h = await make_harness(postgres_session_url, "openai")
    generation_id, lesson_id = await _done_run(h)
    async with h.deps.sessionmaker() as session:
        spent, _ = await usage_totals(session, generation_id)
    judges = len(h.fake.of_kind("judge"))
    job = LessonJob(
        generation_id=generation_id, lesson_id=lesson_id, target_revision=2, judge=True,
        budget_tokens=spent + 1,
    )  # fmt: skip
    result = await _run_activity(h, job, attempt=1)
    assert not result.reused and result.revision == 2 and result.usage.tokens > 0
    assert result.budget_spent and result.judge is None
    assert len(h.fake.of_kind("judge")) == judges
    [lesson] = await _lessons_of(h, lesson_id)
    assert lesson.revision == 2 and lesson.judged_revision == 1


async def test_a_run_whose_lesson_spends_the_budget_ends_budget_exceeded_unjudged(
    make_harness: HarnessFactory, postgres_session_url: str
) -> None:
    """One lesson at a time, and a token budget (from a first run of the same shape) that
    the outline leaves open and the first lesson spends: no judge call, no second lesson, the
    run ends ``budget_exceeded`` with the lesson stored (as when the workflow skipped the
    judge activity)."""
    h = await make_harness(postgres_session_url, "openai")
    first, _ = await _done_run(h)
    [outline] = await _ledger(h, first, "outline")
    [lesson] = await _ledger(h, first, "lesson")
    outline_tokens = outline.input_tokens + outline.output_tokens
    lesson_tokens = lesson.input_tokens + lesson.output_tokens
    api = h.settings.model_copy(
        update={"max_parallel_llm_calls": 1,
                "generation_budget_tokens": outline_tokens + lesson_tokens // 2}
    )  # fmt: skip
    judges = len(h.fake.of_kind("judge"))
    row, handle = await h.start(settings=api, module_count=1, lessons_per_module=2)
    result = await handle.result()
    assert result.status == GenerationStatus.budget_exceeded
    assert len(h.fake.of_kind("judge")) == judges
    assert [r.status for r in await _ledger(h, row.id, "lesson")] == ["ok"]
    lessons = await _lessons(h, result.course_id)
    assert sorted(lesson.judged_revision for lesson in lessons) == [0, 0]
    assert (await h.generation(row.id)).status == GenerationStatus.budget_exceeded
    progress = await handle.query(PROGRESS_QUERY, result_type=GenerationProgress)
    assert progress.lessons_done == 1


async def test_a_judge_still_invalid_after_repairs_fails_the_run_as_before(
    make_harness: HarnessFactory, postgres_session_url: str
) -> None:
    h = await make_harness(postgres_session_url, "openai")
    # A verdict that is JSON but not a verdict, every time (the repairs included).
    h.fake.script("judge", "verdict", times=10, match="part 1.1", verdict={"objectives": 1})
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    with pytest.raises(WorkflowFailureError) as failure:
        await handle.result()
    cause = failure.value.cause
    assert isinstance(cause, ApplicationError) and cause.type == "InvalidModelOutput"
    assert "judge" in str(cause)
    stored = await h.generation(row.id)
    assert stored.status == GenerationStatus.failed and "judge" in (stored.error or "")


async def test_a_judge_call_rejected_for_good_fails_the_run_as_before(
    make_harness: HarnessFactory, postgres_session_url: str
) -> None:
    h = await make_harness(postgres_session_url, "openai")
    h.fake.script("judge", "status", status=400, match="part 1.1")
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    with pytest.raises(WorkflowFailureError) as failure:
        await handle.result()
    cause = failure.value.cause
    assert isinstance(cause, ApplicationError) and cause.type == "ModelRequestRejected"
    assert (await h.generation(row.id)).status == GenerationStatus.failed
    assert [c.status for c in h.fake.of_kind("judge") if "part 1.1" in c.prompt] == [400]
