"""bench/model_quota.py's fake quota: RPM and TPM answered with 429 + retry-after through the
real SDK, and the bound the benchmark prints beside the wall time."""

from __future__ import annotations

import pytest

from adapters.llm.openai import OpenAIChat
from adapters.llm.port import LLMCallError, LLMRequest
from adapters.llm.prompts import OUTLINE_SYSTEM, outline_messages
from bench.model_quota import Outcome, Quota, quota_figures
from schemas.generation import CourseGenerationRun
from tests.support.fake_llm import FakeLLMServer

RUN = CourseGenerationRun(
    title="Statistics", description="Means and spreads for beginners.", module_count=1,
    lessons_per_module=1,
)  # fmt: skip


def _request() -> LLMRequest:
    return LLMRequest(OUTLINE_SYSTEM, outline_messages(RUN), "gpt-4o-mini", 1024)


@pytest.mark.parametrize(("rpm", "tpm"), [(2, None), (None, 1_000)])
async def test_the_fake_answers_429_with_retry_after_once_the_quota_is_spent(
    rpm: int | None, tpm: int | None
) -> None:
    fake = FakeLLMServer(rpm=rpm, tpm=tpm, window_s=60).start()
    llm = OpenAIChat("sk-test-not-a-key", fake.openai_base_url, timeout_s=30)
    try:
        answered = 0
        with pytest.raises(LLMCallError) as limited:
            for _ in range(10):
                await llm.complete(_request())
                answered += 1
    finally:
        await llm.close()
        fake.stop()
    assert limited.value.status == 429 and limited.value.retryable
    assert limited.value.retry_after_s is not None and 0 < limited.value.retry_after_s <= 60
    assert answered >= 1 and fake.rate_limited == 1


def test_the_bound_is_the_largest_of_tokens_calls_and_critical_path() -> None:
    fake = FakeLLMServer()
    fake.answer("openai", outline_messages(RUN)[0].content, outline_messages(RUN)[0].content)
    outcome = Outcome(walls=[2.0], statuses=["completed"], wall=2.0, fake=fake)
    quota = Quota(rpm=1, tpm=1_000_000, window_s=10, ttft_s=0.1, tps=1_000)
    figures = quota_figures(outcome, quota)
    assert figures["calls/RPM s"] == "10.0" and figures["bound s"] == "10.0"
    assert figures["x bound"] == "0.20" and figures["repeated"] == 0


async def test_the_fakes_quota_counts_the_tokens_its_usage_reports() -> None:
    """Every input token, the system prompt included (as the real APIs count them), so a
    client that paces by the usage it is told and the bound agree with the quota."""
    fake = FakeLLMServer(tpm=10**9, window_s=60).start()
    llm = OpenAIChat("sk-test-not-a-key", fake.openai_base_url, timeout_s=30)
    try:
        first = await llm.complete(_request())
        used = first.input_tokens + first.output_tokens
        logged = fake.requests[0]
        assert logged.input_tokens + logged.output_tokens == used  # what the bound sums
        fake.tpm = 2 * used - 1  # a second such call no longer fits the window
        with pytest.raises(LLMCallError) as limited:
            await llm.complete(_request())
    finally:
        await llm.close()
        fake.stop()
    assert limited.value.status == 429
