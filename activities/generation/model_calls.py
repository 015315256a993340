"""Model calls of the generation pipeline (task queue ``courseflow-llm``).

``draft_outline`` and ``generate_lesson`` each run a bounded repair loop (the validation error
goes back to the model), record one cost-ledger row per call, check the budget before every
call and heartbeat while a call is in flight. The lesson activity writes its lesson by lesson
ID and returns only counts; when it finds the lesson already written at the wanted revision it
returns at once without calling the model (a retry after a crash costs nothing).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.generation.steps import mark_stage, write_lesson_content
from adapters.llm.parsing import OutputInvalid, parse_lesson, parse_outline
from adapters.llm.port import ChatMessage, LLMCallError, LLMClient, LLMRequest, LLMResponse
from adapters.llm.pricing import call_cost_usd, prompt_hash
from adapters.llm.prompts import (
    LESSON_SYSTEM,
    OUTLINE_SYSTEM,
    lesson_messages,
    outline_messages,
    repair_messages,
)
from core.settings import Settings
from db.models import AIGeneration, CourseGeneration, Lesson, Module, QuizQuestion, Section
from db.session import transaction
from schemas.enums import GenerationStage, LessonStatus
from schemas.generation import (
    LessonContent,
    LessonJob,
    LessonResult,
    Outline,
    OutlineInput,
    OutlineResult,
    Usage,
    find_prompt_injection,
)

T = TypeVar("T")
R = TypeVar("R")


def to_application_error(exc: LLMCallError) -> ApplicationError:
    """4xx that a retry cannot fix fail for good; 429/5xx/529 retry after ``retry-after``."""
    if not exc.retryable:
        return ApplicationError(str(exc), type="ModelRequestRejected", non_retryable=True)
    delay = timedelta(seconds=exc.retry_after_s) if exc.retry_after_s is not None else None
    return ApplicationError(str(exc), type="ModelUnavailable", next_retry_delay=delay)


@asynccontextmanager
async def heartbeating(interval_s: float) -> AsyncIterator[None]:
    """Heartbeat while a long call runs, so timeouts and cancellation reach this activity."""

    async def beat() -> None:
        while True:  # the first beat after one interval: a short call costs no heartbeat RPC
            await asyncio.sleep(interval_s)
            activity.heartbeat()

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        task.cancel()


@dataclass
class CallSite:
    generation_id: uuid.UUID
    stage: str
    key: str
    lesson_id: uuid.UUID | None = None


class ModelCallActivities:
    def __init__(
        self,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        llm: LLMClient,
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.llm = llm

    # --- shared plumbing --------------------------------------------------------------------
    async def _usage(self, generation_id: uuid.UUID) -> tuple[int, Decimal]:
        async with self.sessionmaker() as session:
            tokens, cost = (
                await session.execute(
                    select(
                        func.coalesce(
                            func.sum(AIGeneration.input_tokens + AIGeneration.output_tokens), 0
                        ),
                        func.coalesce(func.sum(AIGeneration.cost_usd), 0),
                    ).where(AIGeneration.generation_id == generation_id)
                )
            ).one()
        return int(tokens), Decimal(cost)

    async def _check_budget(
        self, generation_id: uuid.UUID, budget_usd: Decimal | None, budget_tokens: int | None
    ) -> None:
        if budget_usd is None and budget_tokens is None:
            return
        tokens, cost = await self._usage(generation_id)
        over_tokens = budget_tokens is not None and tokens >= budget_tokens
        over_cost = budget_usd is not None and cost >= budget_usd
        if over_tokens or over_cost:
            raise ApplicationError(
                f"budget exhausted: {tokens} tokens, {cost} USD used",
                type="BudgetExceeded",
                non_retryable=True,
            )

    def _ledger_row(
        self, site: CallSite, request: LLMRequest, response: LLMResponse, latency_ms: int
    ) -> tuple[AIGeneration, Usage]:
        cost = call_cost_usd(
            self.settings.llm_prices,
            request.model,
            response.input_tokens,
            response.output_tokens,
            response.cached_tokens,
        )
        if cost is None:
            activity.logger.warning("llm.price_unknown model=%s", request.model)
        row = AIGeneration(
            generation_id=site.generation_id,
            call_key=site.key,
            stage=site.stage,
            lesson_id=site.lesson_id,
            provider=self.llm.provider,
            model=request.model,
            prompt_hash=prompt_hash(request.system, [m.content for m in request.messages]),
            input_tokens=response.input_tokens,
            output_tokens=response.output_tokens,
            cached_tokens=response.cached_tokens,
            cost_usd=cost or Decimal(0),
            latency_ms=latency_ms,
        )
        usage = Usage(
            tokens=response.input_tokens + response.output_tokens,
            cost_usd=cost or Decimal(0),
            calls=1,
        )
        return row, usage

    async def _call(
        self, site: CallSite, request: LLMRequest
    ) -> tuple[LLMResponse, AIGeneration, Usage]:
        started = time.monotonic()
        try:
            async with heartbeating(max(0.2, self.settings.llm_heartbeat_timeout_s / 3)):
                response = await self.llm.complete(request)
        except LLMCallError as exc:
            activity.logger.warning(
                "llm.call_failed stage=%s status=%s retryable=%s",
                site.stage,
                exc.status,
                exc.retryable,
            )
            raise to_application_error(exc) from None
        latency_ms = int((time.monotonic() - started) * 1000)
        return response, *self._ledger_row(site, request, response, latency_ms)

    async def _generate(
        self,
        *,
        site: CallSite,
        system: str,
        messages: tuple[ChatMessage, ...],
        model: str,
        parse: Callable[[str], T],
        budget: tuple[Decimal | None, int | None],
        store: Callable[[AsyncSession, T], Awaitable[R]],
    ) -> tuple[R, Usage]:
        """Call, parse, and on invalid output send the error back (bounded); then fail.

        Every call gets its cost-ledger row. The valid answer's row is written in the same
        transaction as ``store`` (the content it paid for); an invalid answer's row on its own.
        Call keys carry the activity attempt, so no two attempts write the same key.
        """
        total = Usage()
        attempts = 1 + self.settings.outline_repair_attempts
        error = ""
        for repair in range(attempts):
            await self._check_budget(site.generation_id, *budget)
            request = LLMRequest(system, messages, model, self.settings.llm_max_output_tokens)
            call = CallSite(site.generation_id, site.stage, f"{site.key}:t{repair}", site.lesson_id)
            response, row, usage = await self._call(call, request)
            total = Usage(
                tokens=total.tokens + usage.tokens,
                cost_usd=total.cost_usd + usage.cost_usd,
                calls=total.calls + 1,
            )
            try:
                parsed = parse(response.text)
            except OutputInvalid as exc:
                async with transaction(self.sessionmaker) as session:
                    session.add(row)
                error = str(exc)
                activity.logger.info("llm.output_invalid stage=%s try=%s", site.stage, repair)
                messages = repair_messages(messages, response.text, error)
                continue
            async with transaction(self.sessionmaker) as session:
                session.add(row)
                stored = await store(session, parsed)
            return stored, total
        raise ApplicationError(
            f"the model's {site.stage} was still invalid after {attempts} attempts: {error}",
            type="InvalidModelOutput",
            non_retryable=True,
        )

    # --- outline ----------------------------------------------------------------------------
    @activity.defn
    async def draft_outline(self, input: OutlineInput) -> OutlineResult:
        async with transaction(self.sessionmaker) as session:
            generation = await session.get(CourseGeneration, input.generation_id)
            if generation is None:
                raise ApplicationError(
                    "no such generation", type="GenerationNotFound", non_retryable=True
                )
            mark_stage(generation, GenerationStage.outline)  # "queued" until a model slot frees
            request = dict(generation.request)
        _screen(request)
        attempt = activity.info().attempt

        async def store(session: AsyncSession, outline: Outline) -> Outline:
            row = await session.get(CourseGeneration, input.generation_id)
            assert row is not None
            row.outline = outline.model_dump(mode="json")
            return outline

        outline, usage = await self._generate(
            site=CallSite(
                input.generation_id, "outline", f"{input.generation_id}:outline:a{attempt}"
            ),
            system=OUTLINE_SYSTEM,
            messages=outline_messages(request),
            model=self.settings.llm_outline_model,
            parse=lambda text: parse_outline(
                text, int(request["module_count"]), int(request["lessons_per_module"])
            ),
            budget=(input.budget_usd, input.budget_tokens),
            store=store,
        )
        return OutlineResult(
            modules=len(outline.modules), lessons=outline.lesson_count, usage=usage
        )

    # --- lessons ----------------------------------------------------------------------------
    async def _lesson_context(self, job: LessonJob) -> LessonContext:
        """The lesson, its module's title and the course request, in one query."""
        async with self.sessionmaker() as session:
            found = (
                await session.execute(
                    select(Lesson, Module.title, CourseGeneration.request)
                    .join(Module, Module.id == Lesson.module_id)
                    .join(CourseGeneration, CourseGeneration.id == job.generation_id)
                    .where(Lesson.id == job.lesson_id)
                )
            ).first()
            if found is None:
                raise ApplicationError("no such lesson", type="LessonNotFound", non_retryable=True)
            lesson, module_title, request = found
            done = lesson.status == LessonStatus.generated and (
                lesson.revision >= job.target_revision
            )
            counts = await _content_counts(session, lesson.id) if done else None
        request = dict(request)
        if request.get("kind") == "lesson_regeneration":  # a regeneration run: use the course's
            request = dict(request.get("course_request") or {})
        plan = {
            "title": lesson.title,
            "objectives": list(lesson.objectives),
            "module": module_title,
        }
        return LessonContext(request, plan, lesson.revision, counts)

    @activity.defn
    async def generate_lesson(self, job: LessonJob) -> LessonResult:
        context = await self._lesson_context(job)
        if context.written is not None:
            activity.logger.info("lesson.already_written lesson_id=%s", job.lesson_id)
            sections, questions = context.written
            return LessonResult(
                lesson_id=job.lesson_id, revision=context.revision, sections=sections,
                questions=questions, reused=True, usage=Usage(),
            )  # fmt: skip
        if job.instructions and find_prompt_injection(job.instructions):
            raise ApplicationError(
                "instructions look like a prompt injection", type="InvalidInput", non_retryable=True
            )
        spec = {"lesson_id": str(job.lesson_id), "revision": job.target_revision}
        attempt = activity.info().attempt

        async def store(session: AsyncSession, content: LessonContent) -> tuple[int, int]:
            lesson = await session.get(Lesson, job.lesson_id)
            assert lesson is not None
            return await write_lesson_content(session, lesson, content, job.target_revision)

        (sections, questions), usage = await self._generate(
            site=CallSite(
                job.generation_id,
                "lesson",
                f"{job.generation_id}:lesson:{job.lesson_id}:r{job.target_revision}:a{attempt}",
                job.lesson_id,
            ),
            system=LESSON_SYSTEM,
            messages=lesson_messages(
                context.request, context.plan, spec, job.findings, job.instructions
            ),
            model=self.settings.llm_lesson_model,
            parse=parse_lesson,
            budget=(job.budget_usd, job.budget_tokens),
            store=store,
        )
        return LessonResult(
            lesson_id=job.lesson_id,
            revision=job.target_revision,
            sections=sections,
            questions=questions,
            reused=False,
            usage=usage,
        )


@dataclass
class LessonContext:
    request: dict[str, Any]
    plan: dict[str, Any]
    revision: int
    written: tuple[int, int] | None  # (sections, questions) when already at the wanted revision


async def _content_counts(session: AsyncSession, lesson_id: uuid.UUID) -> tuple[int, int]:
    sections = await session.scalar(
        select(func.count()).select_from(Section).where(Section.lesson_id == lesson_id)
    )
    questions = await session.scalar(
        select(func.count()).select_from(QuizQuestion).where(QuizQuestion.lesson_id == lesson_id)
    )
    return sections or 0, questions or 0


def _screen(request: dict[str, Any]) -> None:
    """Defence in depth: the API screens too, but a request may come from elsewhere."""
    texts = [str(request.get(k) or "") for k in ("title", "description", "audience")]
    texts += [str(o) for o in request.get("learning_objectives") or []]
    for text in texts:
        if find_prompt_injection(text):
            raise ApplicationError(
                "the course request looks like a prompt injection",
                type="InvalidInput",
                non_retryable=True,
            )


__all__ = ["ModelCallActivities", "Outline", "to_application_error"]
