"""Prompt caching through the real SDKs: the stable prefix (system, course request, outline)
comes first in lesson calls, and in judge calls where the model caches it, and is marked for
Anthropic's cache; cached tokens are recorded, priced at the provider's discount and shown
per run (progress query, API)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from db.models import AIGeneration
from schemas.enums import GenerationStatus
from services.generation.usage import call_cost_usd
from tests.factories import auth_headers
from tests.generation.conftest import HarnessFactory
from workflows.generation import CourseGenerationWorkflow


async def _rows(h: Any, generation_id: uuid.UUID, stage: str) -> list[AIGeneration]:
    async with h.deps.sessionmaker() as session:
        rows = await session.scalars(
            select(AIGeneration).where(
                AIGeneration.generation_id == generation_id, AIGeneration.stage == stage
            )
        )
        return list(rows)


async def _lesson_rows(h: Any, generation_id: uuid.UUID) -> list[AIGeneration]:
    return await _rows(h, generation_id, "lesson")


async def test_anthropic_marks_the_stable_prefix_and_cached_tokens_are_priced(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    h = await make_harness(sqlite_session_url, "anthropic", max_parallel_llm_calls=1)
    h.fake.cache_min_tokens = 50
    author = await h.user()
    row, handle = await h.start(author, module_count=1, lessons_per_module=3)
    assert (await handle.result()).status == GenerationStatus.completed

    for call in h.fake.of_kind("lesson"):
        first, second = call.request["messages"][0]["content"]
        assert first["cache_control"] == {"type": "ephemeral"}
        assert "<course_outline>" in first["text"] and "<course_request>" in first["text"]
        assert "<lesson_plan>" in second["text"] and "cache_control" not in second
        assert "<lesson_plan>" not in first["text"] and "<task_spec>" not in first["text"]

    rows = sorted(await _lesson_rows(h, row.id), key=lambda r: r.created_at)
    assert rows[0].cache_write_tokens > 0 and rows[0].cached_tokens == 0
    assert all(r.cached_tokens > 0 and r.cache_write_tokens == 0 for r in rows[1:])
    price = h.settings.llm_prices["claude-haiku-4-5"]
    for r in rows:  # as Anthropic bills: reads at the cached price, writes at 1.25x input
        uncached = r.input_tokens - r.cached_tokens - r.cache_write_tokens
        expected = (
            uncached * price[0]
            + r.cached_tokens * price[2]
            + r.cache_write_tokens * price[0] * Decimal("1.25")
            + r.output_tokens * price[1]
        ) / 1_000_000
        assert r.cost_usd == expected.quantize(Decimal("0.000001"))

    # Haiku 4.5 caches nothing below 4,096 tokens: the judge calls go without the course.
    for call in h.fake.of_kind("judge"):
        assert isinstance(call.request["messages"][0]["content"], str)
        assert "<course_outline>" not in call.request["messages"][0]["content"]

    progress = await handle.query(CourseGenerationWorkflow.get_progress)
    async with h.deps.sessionmaker() as session:
        everything = list(
            await session.scalars(select(AIGeneration).where(AIGeneration.generation_id == row.id))
        )
    assert progress.cached_input_tokens == sum(r.cached_tokens for r in everything)
    assert progress.cached_input_tokens == sum(r.cached_tokens for r in rows) > 0
    assert progress.input_tokens == sum(r.input_tokens for r in everything)
    api = await api_client_factory(h.settings, temporal=h.client)
    served = (
        await api.get(
            f"/api/v1/course-generations/{row.id}", headers=auth_headers(h.settings, author)
        )
    ).json()
    assert served["cached_input_tokens"] == progress.cached_input_tokens
    assert served["input_tokens"] == progress.input_tokens


async def test_openai_cached_prefix_is_recorded_and_cheaper(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai", max_parallel_llm_calls=1)
    h.fake.cache_min_tokens = 128
    row, handle = await h.start(module_count=1, lessons_per_module=3)
    assert (await handle.result()).status == GenerationStatus.completed

    rows = sorted(await _lesson_rows(h, row.id), key=lambda r: r.created_at)
    assert rows[0].cached_tokens == 0
    assert all(r.cached_tokens > 0 for r in rows[1:])
    prices = h.settings.llm_prices
    for r in rows[1:]:
        full = call_cost_usd(prices, r.model, r.input_tokens, r.output_tokens, 0)
        assert full is not None and r.cost_usd < full


async def test_prompt_caching_can_be_turned_off(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(
        sqlite_session_url, "anthropic", max_parallel_llm_calls=1, llm_prompt_caching=False
    )
    h.fake.cache_min_tokens = 50
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    assert (await handle.result()).status == GenerationStatus.completed
    assert all(
        isinstance(c.request["messages"][0]["content"], str) for c in h.fake.of_kind("lesson")
    )
    assert all(r.cached_tokens == 0 for r in await _lesson_rows(h, row.id))


async def test_judge_calls_read_the_course_from_the_cache_where_the_model_caches_it(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    """The judge's course context (request, outline) comes first and is marked, when the
    model caches a prefix that long (Sonnet 4.5 from 1,024 tokens): the first judge call
    writes it, the others read it."""
    h = await make_harness(
        sqlite_session_url, "anthropic", max_parallel_llm_calls=1,
        llm_judge_model="claude-sonnet-4-5",
    )  # fmt: skip
    row, handle = await h.start(
        module_count=1, lessons_per_module=3, description="Means and spreads, " * 200
    )
    assert (await handle.result()).status == GenerationStatus.completed

    calls = h.fake.of_kind("judge")
    assert len(calls) == 3
    for call in calls:
        first, second = call.request["messages"][0]["content"]
        assert first["cache_control"] == {"type": "ephemeral"}
        assert "<course_outline>" in first["text"] and "<course_request>" in first["text"]
        assert "<lesson_content>" in second["text"] and "<lesson_content>" not in first["text"]
    judged = sorted(await _rows(h, row.id, "judge"), key=lambda r: r.created_at)
    assert judged[0].cache_write_tokens > 1024 and judged[0].cached_tokens == 0
    assert all(r.cached_tokens == judged[0].cache_write_tokens for r in judged[1:])
