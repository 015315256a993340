"""The fake model server bills input as the real APIs do (through the real SDKs): each model's
documented minimum cacheable prefix, and the schema a call sends (OpenAI ``response_format``,
Anthropic ``tools`` plus its tool-use system prompt) counted as input and, for Anthropic, as
the start of the cached prefix. The cost benchmark's figures rest on this."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest

from adapters.llm.anthropic import CACHE_TTL_S, AnthropicMessages, CacheWarmGate
from adapters.llm.offline import offline_outline
from adapters.llm.openai import OpenAIChat
from adapters.llm.port import LLMRequest, LLMResponse, OutputSchema, anthropic_cache_minimum
from adapters.llm.prompts import LESSON_OUTPUT, extract_blocks, lesson_messages, outline_messages
from schemas.generation import CourseGenerationRun
from tests.support.fake_llm import TOOL_USE_SYSTEM_TOKENS, FakeLLMServer, cache_minimum

SYSTEM = "You write lessons."
RUN = CourseGenerationRun(
    title="Statistics for everyone", description="Means, spreads and tests for beginners.",
    module_count=6, lessons_per_module=4,
)  # fmt: skip
OUTLINE = offline_outline(extract_blocks(outline_messages(RUN)[0].content))
KEY = "sk-test-not-a-key"


def _request(model: str, lesson: int, output: OutputSchema | None = None) -> LLMRequest:
    """A lesson call of a 6x4 course: its stable prefix (course and outline) is ~1,400
    tokens, above Sonnet 4.5's minimum and below Haiku 4.5's."""
    plan = OUTLINE["modules"][0]["lessons"][lesson]
    spec = {"lesson_id": f"lesson-{lesson}", "revision": 1}
    messages = lesson_messages(RUN.brief(), plan, spec, [], None, OUTLINE)
    return LLMRequest(SYSTEM, messages, model, 1024, output)


def _stable(request: LLMRequest) -> str:
    message = request.messages[0]
    return message.content[: message.cache_prefix_chars]


@pytest.fixture
async def fake() -> AsyncIterator[FakeLLMServer]:
    server = FakeLLMServer().start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("provider", "model", "minimum"),
    [
        ("anthropic", "claude-haiku-4-5", 4096),
        ("anthropic", "claude-haiku-4-5-20251001", 4096),
        ("anthropic", "claude-opus-4-5", 4096),
        ("anthropic", "claude-sonnet-4-5", 1024),
        ("anthropic", "claude-sonnet-4-20250514", 1024),
        ("anthropic", "claude-opus-4-1", 1024),
        ("anthropic", "claude-3-5-haiku-20241022", 2048),
        ("openai", "gpt-4o-mini", 1024),
    ],
)
def test_cache_minimums_are_the_documented_ones(provider: str, model: str, minimum: int) -> None:
    assert cache_minimum(provider, model) == minimum


async def _twice(llm: AnthropicMessages, model: str) -> list[LLMResponse]:
    return [await llm.complete(_request(model, n)) for n in (0, 1)]


async def test_a_prefix_caches_only_above_the_models_minimum(fake: FakeLLMServer) -> None:
    llm = AnthropicMessages(KEY, fake.anthropic_base_url, timeout_s=30)
    try:
        sonnet = await _twice(llm, "claude-sonnet-4-5")
        haiku = await _twice(llm, "claude-haiku-4-5")
    finally:
        await llm.close()
    assert sonnet[0].cache_write_tokens > 1024 and sonnet[0].cached_tokens == 0
    assert sonnet[1].cached_tokens == sonnet[0].cache_write_tokens
    assert all(r.cached_tokens == 0 and r.cache_write_tokens == 0 for r in haiku)
    assert haiku[1].input_tokens == sonnet[1].input_tokens  # the same prompt, billed in full


async def test_anthropic_bills_the_tool_schema_and_caches_it_with_the_prefix(
    fake: FakeLLMServer,
) -> None:
    llm = AnthropicMessages(KEY, fake.anthropic_base_url, timeout_s=30)
    model = "claude-sonnet-4-5"
    try:
        plain = await llm.complete(_request(model, 0))
        first = await llm.complete(_request(model, 0, LESSON_OUTPUT))
        second = await llm.complete(_request(model, 1, LESSON_OUTPUT))
    finally:
        await llm.close()
    tools = json.dumps(fake.requests[1].request["tools"])
    tool_tokens = len(tools) // 4 + TOOL_USE_SYSTEM_TOKENS["tool"]
    assert abs(first.input_tokens - plain.input_tokens - tool_tokens) <= 1
    # Tools come first (tools -> system -> messages): the schema is cached with the prefix.
    stable = _stable(_request(model, 0))
    prefix = len(tools + SYSTEM + stable) // 4 + TOOL_USE_SYSTEM_TOKENS["tool"]
    assert first.cache_write_tokens == prefix and first.cached_tokens == 0
    assert second.cached_tokens == prefix
    assert second.input_tokens == first.input_tokens


async def test_openai_bills_the_response_format(fake: FakeLLMServer) -> None:
    llm = OpenAIChat(KEY, fake.openai_base_url, timeout_s=30)
    try:
        plain = await llm.complete(_request("gpt-4o-mini", 0))
        schema = await llm.complete(_request("gpt-4o-mini", 0, LESSON_OUTPUT))
    finally:
        await llm.close()
    sent = json.dumps(fake.requests[1].request["response_format"])
    assert abs(schema.input_tokens - plain.input_tokens - len(sent) // 4) <= 1


async def test_calls_sent_together_each_write_the_prefix() -> None:
    """A cache entry is readable only from the writing call's first token: a fan-out sent at
    once pays a write per call; a call sent after that first token reads."""
    fake = FakeLLMServer(ttft_s=0.5, tokens_per_s=100_000).start()
    llm = AnthropicMessages(KEY, fake.anthropic_base_url, timeout_s=30)
    model = "claude-sonnet-4-5"
    try:
        together = await asyncio.gather(*(llm.complete(_request(model, n)) for n in range(3)))
        after = await llm.complete(_request(model, 3))
    finally:
        await llm.close()
        fake.stop()
    assert all(r.cache_write_tokens > 1024 and r.cached_tokens == 0 for r in together)
    assert after.cached_tokens == together[0].cache_write_tokens


async def _three_lessons_at_once(model: str) -> tuple[list[LLMResponse], list[float]]:
    """Three lesson calls of one course sent together through an adapter with a 0.6 s warm
    gate: their responses and when the fake received each, in order."""
    fake = FakeLLMServer(ttft_s=0.3, tokens_per_s=100_000).start()
    llm = AnthropicMessages(KEY, fake.anthropic_base_url, timeout_s=30, cache_warm_s=0.6)
    try:
        together = await asyncio.gather(*(llm.complete(_request(model, n)) for n in range(3)))
    finally:
        await llm.close()
        fake.stop()
    return list(together), sorted(r.at for r in fake.requests)


async def test_the_anthropic_adapter_lets_one_call_write_a_new_prefix_and_the_rest_read() -> None:
    """Calls with the same new prefix that come together wait (``cache_warm_s``) for the
    first one's write instead of each paying for their own."""
    together, sent = await _three_lessons_at_once("claude-sonnet-4-5")
    writes = [r for r in together if r.cache_write_tokens > 0]
    assert len(writes) == 1 and writes[0].cached_tokens == 0
    assert sorted(r.cached_tokens for r in together) == [0, *[writes[0].cache_write_tokens] * 2]
    first, *rest = sent
    assert all(at - first >= 0.55 for at in rest)  # sent after the writer's first token


def test_the_warm_gate_delays_only_calls_that_come_while_a_prefix_is_written() -> None:
    now = [100.0]
    gate = CacheWarmGate(2.0, clock=lambda: now[0])
    assert gate.delay("course") == 0.0  # the writer goes at once
    now[0] += 0.5
    assert gate.delay("course") == pytest.approx(1.5)  # waits for the write
    assert gate.delay("other") == 0.0  # another prefix is another writer
    now[0] += 2.0
    assert gate.delay("course") == 0.0  # readable now
    now[0] += CACHE_TTL_S + 1
    assert gate.delay("course") == 0.0  # expired: writes again ...
    now[0] += 0.1
    assert gate.delay("course") == pytest.approx(1.9)  # ... the next call waits for it


def test_the_adapter_knows_each_models_cache_minimum_by_its_dated_id() -> None:
    assert anthropic_cache_minimum("claude-haiku-4-5-20251001") == 4096
    assert anthropic_cache_minimum("claude-sonnet-4-5-20250929") == 1024
    assert anthropic_cache_minimum("claude-opus-4-5-20251101") == 4096  # not claude-opus-4's
    assert anthropic_cache_minimum("claude-3-5-haiku-latest") == 2048
    assert anthropic_cache_minimum("claude-next") == 1024


async def test_the_warm_gate_holds_no_call_whose_prefix_the_model_would_not_cache() -> None:
    """Haiku 4.5 caches nothing under 4,096 tokens: a 6x4 course's lessons go at once."""
    together, sent = await _three_lessons_at_once("claude-haiku-4-5")
    assert all(r.cache_write_tokens == 0 and r.cached_tokens == 0 for r in together)
    first, *rest = sent
    assert all(at - first < 0.3 for at in rest)  # nobody waited for a write that never comes
