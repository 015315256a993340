"""The cost ledger of model calls and the run's budget.

Every model call gets one ``ai_generations`` row (provider, model, prompt hash, tokens,
cost from the price table in settings, USD per million tokens, and latency); a run stops
before the next call once its recorded usage reaches its budget.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.llm.port import LLMRequest, LLMResponse
from core.logging import get_logger
from db.models import AIGeneration
from db.queries.generation import has_ledger_row_under, usage_totals, usage_under
from schemas.generation import Usage
from services.errors import DomainError

log = get_logger("courseflow.generation.usage")

MILLION = Decimal(1_000_000)
Prices = Mapping[str, tuple[Decimal, Decimal, Decimal]]


def call_cost_usd(
    prices: Prices,
    model: str,
    input_tokens: int,
    output_tokens: int,
    cached_tokens: int,
    cache_write_tokens: int = 0,
    write_multiplier: Decimal = Decimal("1.25"),
) -> Decimal | None:
    """``None`` when the model has no price: the caller logs it and records 0.

    As the providers bill: cache reads at the cached price, cache writes (Anthropic only
    reports them) at ``write_multiplier`` x the input price, the rest at the input price."""
    price = prices.get(model)
    if price is None:
        return None
    price_in, price_out, price_cached = price
    uncached = max(0, input_tokens - cached_tokens - cache_write_tokens)
    total = (
        uncached * price_in
        + cached_tokens * price_cached
        + cache_write_tokens * price_in * write_multiplier
        + output_tokens * price_out
    )
    return (total / MILLION).quantize(Decimal("0.000001"))


def prompt_hash(system: str, messages: list[str]) -> str:
    digest = hashlib.sha256(system.encode())
    for message in messages:
        digest.update(b"\x00")
        digest.update(message.encode())
    return digest.hexdigest()


class BudgetExceeded(DomainError):
    """The run spent its token or dollar budget: no further model call starts."""

    status, slug, title = 409, "budget-exceeded", "Budget exceeded"


async def check_budget(
    session: AsyncSession,
    generation_id: uuid.UUID,
    budget_usd: Decimal | None,
    budget_tokens: int | None,
) -> None:
    """Before every model call: the recorded usage must still be under the budget."""
    if budget_usd is None and budget_tokens is None:
        return
    tokens, cost = await usage_totals(session, generation_id)
    over_tokens = budget_tokens is not None and tokens >= budget_tokens
    over_cost = budget_usd is not None and cost >= budget_usd
    if over_tokens or over_cost:
        raise BudgetExceeded(f"budget exhausted: {tokens} tokens, {cost} USD used")


async def recorded_usage(session: AsyncSession, key_prefix: str) -> Usage:
    """What the answered calls under ``key_prefix`` used, as the ledger recorded them: the
    usage of work an earlier attempt of an activity paid for and did not report."""
    tokens, cost, calls, prompt, cached = await usage_under(session, key_prefix)
    return Usage(
        tokens=tokens, cost_usd=cost, calls=calls, input_tokens=prompt, cached_tokens=cached
    )


@dataclass(frozen=True)
class CallSite:
    """Where a model call belongs in the ledger; ``key`` makes its row idempotent."""

    generation_id: uuid.UUID
    stage: str
    key: str
    lesson_id: uuid.UUID | None = None


def ledger_row(
    prices: Prices,
    provider: str,
    site: CallSite,
    request: LLMRequest,
    response: LLMResponse,
    latency_ms: int,
    write_multiplier: Decimal = Decimal("1.25"),
) -> tuple[AIGeneration, Usage]:
    """The call's ledger row and its usage; an unpriced model costs 0 and is logged."""
    cost = call_cost_usd(
        prices,
        request.model,
        response.input_tokens,
        response.output_tokens,
        response.cached_tokens,
        response.cache_write_tokens,
        write_multiplier,
    )
    if cost is None:
        log.warning("llm.price_unknown", model=request.model)
    row = AIGeneration(
        generation_id=site.generation_id,
        call_key=site.key,
        stage=site.stage,
        lesson_id=site.lesson_id,
        provider=provider,
        model=request.model,
        prompt_hash=prompt_hash(request.system, [m.content for m in request.messages]),
        input_tokens=response.input_tokens,
        output_tokens=response.output_tokens,
        cached_tokens=response.cached_tokens,
        cache_write_tokens=response.cache_write_tokens,
        cost_usd=cost or Decimal(0),
        latency_ms=latency_ms,
        status="ok",
    )
    usage = Usage(
        tokens=response.input_tokens + response.output_tokens,
        cost_usd=cost or Decimal(0),
        calls=1,
        input_tokens=response.input_tokens,
        cached_tokens=response.cached_tokens,
    )
    return row, usage


def failed_call_row(
    provider: str,
    site: CallSite,
    request: LLMRequest,
    latency_ms: int,
    status: str,
    error: str,
) -> AIGeneration:
    """A call that got no usable answer (HTTP error, timeout, undecodable): no tokens are
    known, so it costs 0, but it is in the ledger with its latency and why it failed."""
    return AIGeneration(
        generation_id=site.generation_id,
        call_key=site.key,
        stage=site.stage,
        lesson_id=site.lesson_id,
        provider=provider,
        model=request.model,
        prompt_hash=prompt_hash(request.system, [m.content for m in request.messages]),
        latency_ms=latency_ms,
        status=status,
        error=error[:300],
    )


async def record_lost_attempt(
    session: AsyncSession, provider: str, site: CallSite, request: LLMRequest, attempt: int
) -> AIGeneration | None:
    """On attempt ``attempt`` > 1 of a model-call activity (``site.key`` ends with
    ``:a<attempt>``): when attempt - 1 left no ledger row at all, its worker died (or the
    attempt ended) with no call recorded, so a ``lost`` row says so: whether a call reached
    the provider, what it used and how long it took are unknown (0 tokens, 0 ms, cost 0).
    A call lost by the last attempt, with no later attempt, leaves no row."""
    stem, _, _ = site.key.rpartition(f":a{attempt}")
    previous = f"{stem}:a{attempt - 1}:"
    if attempt <= 1 or not stem or await has_ledger_row_under(session, previous):
        return None
    row = failed_call_row(
        provider, replace(site, key=f"{previous}lost"), request, 0, "lost",
        f"attempt {attempt - 1} ended with no recorded call (worker lost?); outcome unknown",
    )  # fmt: skip
    session.add(row)
    log.warning("llm.call_lost", stage=site.stage, call_key=row.call_key)
    return row


def image_cost_usd(prices: Mapping[str, Decimal], model: str) -> Decimal:
    price = prices.get(model)
    if price is None:
        log.warning("image.price_unknown", model=model)
        return Decimal(0)
    return price


def image_row(
    site: CallSite,
    provider: str,
    model: str,
    cost: Decimal,
    latency_ms: int,
    status: str = "ok",
    error: str | None = None,
) -> AIGeneration:
    """An image call's ledger row: priced per image, so its cost counts toward the budget."""
    return AIGeneration(
        generation_id=site.generation_id,
        call_key=site.key,
        stage=site.stage,
        provider=provider,
        model=model,
        prompt_hash="",
        cost_usd=cost,
        latency_ms=latency_ms,
        status=status,
        error=error[:300] if error else None,
    )
