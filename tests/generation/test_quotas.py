"""Provider quotas: the model queue's rate and the worker's slots follow RPM/TPM, model calls
carry a priority and a fairness key per author, and the worker's throttle halves its
concurrency on 429s and holds calls until retry-after has passed."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.common import Priority
from temporalio.worker import SlotPermit, SlotReleaseContext

from activities.generation.throttle import ModelThrottle, PacedSlots, TokenPacer
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
    # The queue's rate: RPM/60 over the two calls (lesson and judge) of a lesson activity;
    # tokens are paced in the worker.
    assert quota.model_calls_per_activity == 2 and rate == 0.5
    assert slots == 10  # TPM/60/6000 (the tighter) x 30 s, what that rate keeps busy
    unjudged = quota.model_copy(update={"quality_judge": False})
    assert unjudged.model_queue_limits() == (1.0, 10)
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
        in ("draft_outline", "generate_lesson", "judge_lesson")
    ]


async def test_model_calls_carry_priority_and_the_authors_fairness_key(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    author = await h.user()
    _, handle = await h.start(author, module_count=1, lessons_per_module=2)
    course_id = (await handle.result()).course_id

    scheduled = await _scheduled_priorities(handle)
    assert len(scheduled) == 3  # outline, two lessons (each judged inside its activity)
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
    scheduled = await _scheduled_priorities(again)
    assert len(scheduled) == 2  # the lesson and its judge call
    for attrs in scheduled:
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


async def _start_order(pacer: TokenPacer, calls: list[tuple[str, int | None]]) -> list[str]:
    """The order in which ``calls`` (name, priority key; the name's letter is the fairness
    key), all waiting at once behind a call in progress, get through the pacer."""
    await pacer.reserve("m", "lesson")  # the quota is busy: every call below waits
    order: list[str] = []

    async def call(name: str, level: int | None) -> None:
        await pacer.reserve("m", "lesson", Priority(priority_key=level, fairness_key=name[0]))
        order.append(name)

    await asyncio.gather(*(call(name, level) for name, level in calls))
    return order


async def test_pacer_lets_waiting_authors_take_turns_and_interactive_calls_go_first() -> None:
    pacer = TokenPacer(6_000_000, seed=1_000, burst_s=0)  # 100,000 tokens/s: 10 ms a call
    bulk = [(f"A{n}", 3) for n in range(6)] + [("B0", 3), ("B1", None)]  # None: default 3
    order = await _start_order(pacer, [*bulk, ("C0", 1)])
    # First come first served would be A0..A5 B0 B1 C0: the big course's calls, which all
    # arrived first, would hold back the other author's and the interactive one.
    assert order == ["C0", "A0", "B0", "A1", "B1", "A2", "A3", "A4", "A5"]


async def test_pacer_gives_an_author_who_was_idle_no_credit_for_it() -> None:
    pacer = TokenPacer(6_000_000, seed=1_000, burst_s=0)
    await _start_order(pacer, [(f"A{n}", None) for n in range(4)])  # A alone: 4 calls
    order = await _start_order(pacer, [("A4", None), ("A5", None), ("A6", None),
                                       ("B0", None), ("B1", None), ("B2", None)])  # fmt: skip
    assert order == ["B0", "A4", "B1", "A5", "B2", "A6"]  # turns, not B's three in a row


class _Activity:
    """An activity task as the worker runs it: reaches the pacer, then ends when told."""

    def __init__(self, pacer: TokenPacer) -> None:
        self.done = asyncio.Event()
        self.task = asyncio.create_task(self._run(pacer))

    async def _run(self, pacer: TokenPacer) -> None:
        await pacer.reserve("m", "lesson")
        await self.done.wait()


async def test_paced_slots_take_a_task_only_when_the_ones_taken_have_reached_the_pacer() -> None:
    pacer = TokenPacer(6_000_000, seed=1_000, burst_s=0)
    slots = PacedSlots(pacer, max_slots=4, ahead=2)
    ctx: Any = None  # not read
    await slots.reserve_slot(ctx)
    await slots.reserve_slot(ctx)
    third = asyncio.create_task(slots.reserve_slot(ctx))
    await asyncio.sleep(0.05)
    assert not third.done()  # two taken, neither has called yet: the task stays queued
    first = _Activity(pacer)  # one of them reaches the pacer: its call is sent
    await asyncio.wait_for(third, timeout=2)
    assert slots.try_reserve_slot(ctx) is None  # two waiting again (one: the third)
    second = _Activity(pacer)
    await asyncio.sleep(0.05)
    assert slots.try_reserve_slot(ctx) is not None  # one waiting: a fourth is taken
    last = _Activity(pacer)
    await asyncio.sleep(0.05)
    assert slots.pending == 1
    assert slots.try_reserve_slot(ctx) is None  # four held: the most the settings allow
    first.done.set()
    await first.task
    slots.release_slot(SlotReleaseContext(slot_info=None, permit=SlotPermit()))
    assert slots.try_reserve_slot(ctx) is not None  # one ended: room again
    for activity in (second, last):
        activity.done.set()
        await activity.task
