"""Provider quotas: the model queue's rate and the worker's slots follow RPM/TPM, model calls
carry a priority and a fairness key per author, and the worker's throttle halves its
concurrency on 429s and holds calls until retry-after has passed."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from sqlalchemy import select

from activities.generation.throttle import ModelThrottle, TokenPacer
from db.models import Lesson
from schemas.catalog import RegenerateLessonIn
from services.generation import regenerate_lesson
from tests.generation.conftest import HarnessFactory


def test_model_queue_limits_follow_the_active_providers_quota(make_settings: Any) -> None:
    plain = make_settings(max_parallel_llm_calls=8)
    assert plain.model_queue_limits() == (None, 8)
    quota = make_settings(
        llm_provider="openai", openai_api_key="k", openai_requests_per_minute=60,
        openai_tokens_per_minute=120_000, llm_tokens_per_call_estimate=6_000,
        llm_call_duration_estimate_s=30, max_parallel_llm_calls=64,
    )  # fmt: skip
    rate, slots = quota.model_queue_limits()
    assert rate == 1.0  # the queue's rate: RPM/60; tokens are paced in the worker
    assert slots == 10  # TPM/60/6000 (the tighter) x 30 s, what that rate keeps busy
    other = make_settings(anthropic_requests_per_minute=6, max_parallel_llm_calls=64)
    assert other.model_queue_limits() == (None, 64)  # not the active provider's quota


async def test_throttle_halves_on_429_grows_back_and_holds_calls_until_retry_after() -> None:
    throttle = ModelThrottle(8)
    await throttle.rate_limited(0.2)
    assert throttle.limit == 4
    await throttle.rate_limited(0.0)
    assert throttle.limit == 2
    started = time.monotonic()
    async with throttle.slot():
        waited = time.monotonic() - started
    assert waited >= 0.15  # held until the retry-after passed (a readiness fact, not speed)
    for _ in range(10):
        await throttle.succeeded()
    assert throttle.limit == 8


async def test_throttle_never_lets_more_calls_in_than_its_limit() -> None:
    throttle = ModelThrottle(4)
    await throttle.rate_limited(0)  # limit 2
    inside = peak = 0

    async def call() -> None:
        nonlocal inside, peak
        async with throttle.slot():
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.gather(*(call() for _ in range(10)))
    assert peak == 2


async def _scheduled_priorities(handle: Any) -> list[Any]:
    return [
        e.activity_task_scheduled_event_attributes
        async for e in handle.fetch_history_events()
        if e.HasField("activity_task_scheduled_event_attributes")
        and e.activity_task_scheduled_event_attributes.activity_type.name
        in ("draft_outline", "generate_lesson")
    ]


async def test_model_calls_carry_priority_and_the_authors_fairness_key(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    author = await h.user()
    _, handle = await h.start(author, module_count=1, lessons_per_module=2)
    course_id = (await handle.result()).course_id

    scheduled = await _scheduled_priorities(handle)
    assert len(scheduled) == 3
    for attrs in scheduled:
        assert attrs.priority.priority_key == 3  # bulk
        assert attrs.priority.fairness_key == str(author.id)

    async with h.deps.sessionmaker() as session:
        lesson = await session.scalar(select(Lesson).where(Lesson.course_id == course_id))
        assert lesson is not None and course_id is not None
        regeneration = await regenerate_lesson(
            session, h.client, h.settings, author, course_id, lesson.id,
            RegenerateLessonIn(instructions="Add a worked example."), commit=session.commit,
        )  # fmt: skip
    again = h.client.get_workflow_handle(regeneration.run.workflow_id)
    await again.result()
    (attrs,) = await _scheduled_priorities(again)
    assert attrs.priority.priority_key == 1  # interactive work goes first
    assert attrs.priority.fairness_key == str(author.id)


async def test_pacer_estimate_starts_at_the_seed_and_follows_the_tokens_calls_used() -> None:
    pacer = TokenPacer(None, seed=6_000)
    assert pacer.estimate("m", "lesson") == 6_000
    for used in (2_000, 1_900, 2_100):
        pacer.settle(await pacer.reserve("m", "lesson"), used)
    assert pacer.estimate("m", "lesson") == 2_000  # the running mean of what was used
    assert pacer.estimate("m", "outline") == 6_000  # another stage keeps its own
    refused = await pacer.reserve("m", "lesson")
    pacer.settle(refused, None)  # a 429: no usage, the estimate does not move
    assert pacer.estimate("m", "lesson") == 2_000


async def test_pacer_reconciles_reservations_with_actual_usage() -> None:
    pacer = TokenPacer(60_000, seed=6_000, burst_s=0)  # 1,000 tokens/s
    before = time.monotonic()
    first = await pacer.reserve("m", "lesson")  # reserves 6,000 tokens: 6 s of quota
    assert pacer._free_at - before == pytest.approx(6.0, abs=0.05)
    pacer.settle(first, 1_000)  # the answer used 1,000: 5 s of quota come back
    assert pacer._free_at - before == pytest.approx(1.0, abs=0.05)
    pacer.settle(first, 1_000)  # settled once only
    assert pacer._free_at - before == pytest.approx(1.0, abs=0.05)
    second = await pacer.reserve("m", "lesson")  # waits for the 1,000 used, not 6,000
    pacer.settle(second, None)  # refunded: its 1,000 tokens are free again
    assert pacer._free_at - before == pytest.approx(1.0, abs=0.1)


async def test_pacer_spaces_calls_by_their_estimated_tokens_in_arrival_order() -> None:
    pacer = TokenPacer(600_000, seed=1_000, burst_s=0)  # 10,000 tokens/s: 0.1 s a call
    order: list[int] = []

    async def call(n: int) -> None:
        await pacer.reserve("m", "lesson")
        order.append(n)

    started = time.monotonic()
    await asyncio.gather(*(call(n) for n in range(4)))
    assert order == [0, 1, 2, 3]
    # the fourth call starts after three calls' tokens were paid off (a readiness fact)
    assert time.monotonic() - started >= 0.29


async def test_a_waiting_call_starts_as_soon_as_a_reconciliation_frees_the_quota() -> None:
    pacer = TokenPacer(60_000, seed=6_000, burst_s=0)  # 1,000 tokens/s: the seed is 6 s
    first = await pacer.reserve("m", "lesson")
    waiting = asyncio.create_task(pacer.reserve("m", "lesson"))  # would wait ~6 s
    await asyncio.sleep(0.05)
    assert not waiting.done()
    pacer.settle(first, 100)  # the answer used 100 tokens: the quota is free after 0.1 s
    await asyncio.wait_for(waiting, timeout=2)
