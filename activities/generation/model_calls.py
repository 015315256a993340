"""Model calls of the generation pipeline (task queue ``courseflow-llm``).

``draft_outline`` and ``generate_lesson`` each run a bounded repair loop (the validation error
goes back to the model), record one cost-ledger row per call, check the budget before every
call and heartbeat from the first call until the answer is stored. The lesson activity writes
its lesson by lesson ID and returns only counts; when it finds the lesson already written at
the wanted revision it returns at once without calling the model (a retry after a crash costs
nothing). What is asked, what is stored and what it costs are ``services.generation``'s rules.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.errors import application_error
from activities.generation.throttle import ModelThrottle, TokenPacer
from activities.units import DatabaseActivities
from adapters.llm.parsing import OutputInvalid, parse_lesson, parse_outline, parse_verdict
from adapters.llm.port import (
    ChatMessage,
    LLMCallError,
    LLMClient,
    LLMRequest,
    LLMResponse,
    OutputSchema,
    UndecodableReply,
    added_prompt_tokens,
    prompt_cache_minimum,
)
from adapters.llm.prompts import (
    JUDGE_OUTPUT,
    JUDGE_PROMPT,
    LESSON_OUTPUT,
    LESSON_PROMPT,
    OUTLINE_OUTPUT,
    OUTLINE_PROMPT,
    SystemPrompt,
    judge_course_prefix,
    judge_messages,
    lesson_messages,
    outline_messages,
    repair_messages,
)
from core.settings import Settings
from db.models import AIGeneration
from db.session import transaction
from schemas.generation import (
    JudgeJob,
    JudgeResult,
    LessonJob,
    LessonResult,
    LessonVerdict,
    Outline,
    OutlineInput,
    OutlineResult,
    Usage,
)
from services import generation
from services.errors import DomainError
from services.generation import CallSite

T = TypeVar("T")
R = TypeVar("R")
UNREADABLE = "(a reply that could not be decoded)"
# The invalid reply goes back in the repair prompt; a runaway one only as its start.
REPLY_ECHO_CHARS = 20_000


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


def _lesson_calls(job: LessonJob, revision: int) -> str:
    """The ledger key prefix of a lesson revision's calls; each call's key adds its activity
    attempt (and its repair turn)."""
    return f"{job.generation_id}:lesson:{job.lesson_id}:r{revision}:a"


@functools.cache
def _judge_prompt_tokens(provider: str, structured: bool) -> int:
    """About how many tokens a judge call's own part is (system prompt, schema, what the
    provider adds): fixed per provider and setting, so counted once."""
    schema = json.dumps(JUDGE_OUTPUT.json_schema()) if structured else ""
    own = (len(JUDGE_PROMPT.text(structured)) + len(schema)) // 4
    return own + added_prompt_tokens(provider, structured)


class ModelCallActivities(DatabaseActivities):
    def __init__(
        self,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        llm: LLMClient,
        throttle: ModelThrottle | None = None,
        pacer: TokenPacer | None = None,
    ) -> None:
        self.settings = settings
        super().__init__(sessionmaker)
        self.llm = llm
        self.throttle = throttle or ModelThrottle(settings.max_parallel_llm_calls)
        self.pacer = pacer or TokenPacer(None, settings.llm_tokens_per_call_estimate)

    # --- shared plumbing --------------------------------------------------------------------
    async def _record(self, row: AIGeneration) -> None:
        async with transaction(self.sessionmaker) as session:
            await generation.record_call(session, row)

    def _seconds_left(self) -> float:
        """Until this attempt's start-to-close timeout (a wait must end well before it)."""
        info = activity.info()
        if info.start_to_close_timeout is None:
            return float("inf")
        ends = info.current_attempt_scheduled_time + info.start_to_close_timeout
        return (ends - datetime.now(UTC)).total_seconds()

    def _wait_for(self, exc: LLMCallError, waits: int) -> float | None:
        """How long to wait out a 429 here (not retried by Temporal): its retry-after, or
        without one a doubling backoff from the retry interval; None when the wait is too
        long for this attempt (Temporal's retry then takes over)."""
        if exc.status != 429:
            return None
        wait = exc.retry_after_s
        if wait is None:
            wait = min(30.0, self.settings.llm_retry_initial_interval_s * 2**waits)
        if wait > self.settings.llm_rate_limit_max_wait_s:
            return None
        fits = wait + self.settings.llm_heartbeat_timeout_s < self._seconds_left()
        return wait if fits else None

    async def _call(
        self, site: CallSite, request: LLMRequest
    ) -> tuple[LLMResponse, AIGeneration, Usage]:
        """One answered call. Every failed try gets its own ledger row first; a 429 that can
        be waited out is (the whole worker pauses, concurrency halves), others go to
        Temporal. ``UndecodableReply`` is re-raised for the repair loop."""
        for wait_n in itertools.count():
            call = site if wait_n == 0 else replace(site, key=f"{site.key}:w{wait_n}")
            started, sent = time.monotonic(), False
            try:
                async with self.throttle.slot():
                    priority = activity.info().priority  # the queue's order, kept here
                    reserved = await self.pacer.reserve(request.model, site.stage, priority)
                    started, sent = time.monotonic(), True
                    response = await self.llm.complete(request)
            except asyncio.CancelledError:
                # Cancelled mid-call (run cancelled, timeout, worker shutting down): the call
                # may have been billed, so it gets its ledger row before the cancel goes on.
                if not sent:
                    raise
                latency_ms = int((time.monotonic() - started) * 1000)
                row = generation.failed_call_row(
                    self.llm.provider, call, request, latency_ms, "cancelled", "cancelled"
                )
                await asyncio.shield(self._record(row))
                raise
            except LLMCallError as exc:
                # An undecodable reply was answered (its tokens were spent, count unknown).
                if not isinstance(exc, UndecodableReply):
                    self.pacer.settle(reserved, None)
                latency_ms = int((time.monotonic() - started) * 1000)
                status = "rate_limited" if exc.status == 429 else "failed"
                if isinstance(exc, UndecodableReply):
                    status = "invalid"
                await self._record(
                    generation.failed_call_row(
                        self.llm.provider, call, request, latency_ms, status, str(exc)
                    )
                )
                activity.logger.warning(
                    "llm.call_failed stage=%s status=%s retryable=%s",
                    site.stage, exc.status, exc.retryable,
                )  # fmt: skip
                if isinstance(exc, UndecodableReply):
                    raise
                wait = self._wait_for(exc, wait_n)
                if wait is None:
                    raise to_application_error(exc) from None
                await self.throttle.rate_limited(wait)
                continue
            await self.throttle.succeeded()
            self.pacer.settle(reserved, response.input_tokens + response.output_tokens)
            latency_ms = int((time.monotonic() - started) * 1000)
            row, usage = generation.ledger_row(
                self.settings.llm_prices, self.llm.provider, call, request, response,
                latency_ms, self.settings.llm_cache_write_multiplier,
            )  # fmt: skip
            return response, row, usage
        raise AssertionError("unreachable")  # pragma: no cover

    async def _generate(
        self,
        *,
        site: CallSite,
        system: SystemPrompt,
        messages: tuple[ChatMessage, ...],
        model: str,
        output: OutputSchema,
        parse: Callable[[str], T],
        budget: tuple[Decimal | None, int | None],
        store: Callable[[AsyncSession, T], Awaitable[R]],
        lost_check: bool = True,
    ) -> tuple[R, Usage]:
        """Call, parse, and on invalid output send the error back (bounded); then fail.

        Every call gets its cost-ledger row: the valid answer's in the same transaction as
        ``store`` (the content it paid for); an invalid or failed one on its own. Call keys
        carry the activity attempt, so no two attempts write the same key. ``lost_check``:
        on a retry, a previous attempt that left no row of this call is recorded as lost
        (off when the previous attempt cannot have reached this call).
        """
        total = Usage()
        attempts = 1 + self.settings.outline_repair_attempts
        schema = output if self.settings.llm_structured_outputs else None
        # With the schema enforced the prompt need not spell out the shape (a repair does).
        system_text = system.text(structured=schema is not None)
        repair_shape = system.shape if schema is not None else None
        if not self.settings.llm_prompt_caching:
            messages = tuple(replace(m, cache_prefix_chars=0) for m in messages)
        error = ""
        # Heartbeats cover the whole call loop, ledger writes and the store included: a
        # slow write after an answer must not let the heartbeat lapse (a retry would call
        # the model again for an answer already paid for).
        async with heartbeating(max(0.2, self.settings.llm_heartbeat_timeout_s / 3)):
            for repair in range(attempts):
                async with self._reading() as session:
                    await generation.check_budget(session, site.generation_id, *budget)
                request = LLMRequest(
                    system_text, messages, model, self.settings.llm_max_output_tokens, schema
                )
                call = replace(site, key=f"{site.key}:t{repair}")
                # A retry: did the last attempt vanish?
                if lost_check and repair == 0 and activity.info().attempt > 1:
                    async with self._transaction() as session:
                        await generation.record_lost_attempt(
                            session, self.llm.provider, site, request, activity.info().attempt
                        )
                try:
                    response, row, usage = await self._call(call, request)
                    total = total + usage
                    parsed = parse(response.text)
                except (OutputInvalid, UndecodableReply) as exc:
                    if isinstance(exc, OutputInvalid):
                        row.status, row.error = "invalid", str(exc)[:300]
                        await self._record(row)
                    reply = response.text if isinstance(exc, OutputInvalid) else UNREADABLE
                    error = str(exc)
                    activity.logger.info("llm.output_invalid stage=%s try=%s", site.stage, repair)
                    messages = repair_messages(
                        messages, reply[:REPLY_ECHO_CHARS], error, repair_shape
                    )
                    continue
                async with self._transaction() as session:
                    await generation.record_call(session, row)
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
        async with self._transaction() as session:
            request = await generation.outline_request(session, input.generation_id)
        try:
            generation.screen(request.brief())
        except DomainError as exc:
            raise application_error(exc) from None
        attempt = activity.info().attempt
        max_chars = self.settings.llm_max_reply_chars

        async def store(session: AsyncSession, outline: Outline) -> Outline:
            await generation.store_outline(session, input.generation_id, outline)
            return outline

        outline, usage = await self._generate(
            site=CallSite(
                input.generation_id, "outline", f"{input.generation_id}:outline:a{attempt}"
            ),
            system=OUTLINE_PROMPT,
            messages=outline_messages(request),
            model=self.settings.llm_outline_model,
            output=OUTLINE_OUTPUT,
            parse=lambda text: parse_outline(
                text, request.module_count, request.lessons_per_module, max_chars
            ),
            budget=(input.budget_usd, input.budget_tokens),
            store=store,
        )
        return OutlineResult(
            modules=len(outline.modules), lessons=outline.lesson_count, usage=usage
        )

    # --- lessons ----------------------------------------------------------------------------
    @activity.defn
    async def generate_lesson(self, job: LessonJob) -> LessonResult:
        async with self._reading() as session:
            context = await generation.lesson_context(session, job)
        if context.written is not None:
            activity.logger.info("lesson.already_written lesson_id=%s", job.lesson_id)
            sections, questions = context.written
            reused = LessonResult(
                lesson_id=job.lesson_id, revision=context.revision, sections=sections,
                questions=questions, reused=True, usage=Usage(),
            )  # fmt: skip
            return await self._judge_reused(job, reused) if job.judge else reused
        try:
            generation.screen_instructions(job.instructions)
        except DomainError as exc:
            raise application_error(exc) from None
        spec = {"lesson_id": str(job.lesson_id), "revision": job.target_revision}
        attempt = activity.info().attempt
        max_chars = self.settings.llm_max_reply_chars

        rules = generation.rules_from(self.settings)

        def prepare(text: str) -> generation.PreparedLesson:
            """Parse and check outside the store's transaction (no connection held meanwhile)."""
            content = parse_lesson(text, max_chars)  # sanitised as it is parsed
            return generation.prepare_lesson(context, content, rules, sanitized=True)

        async def store(
            session: AsyncSession, prepared: generation.PreparedLesson
        ) -> tuple[tuple[int, int], generation.PreparedLesson]:
            return await generation.write_lesson(session, job, context, prepared), prepared

        ((sections, questions), prepared), usage = await self._generate(
            site=CallSite(
                job.generation_id,
                "lesson",
                f"{_lesson_calls(job, job.target_revision)}{attempt}",
                job.lesson_id,
            ),
            system=LESSON_PROMPT,
            messages=lesson_messages(
                context.brief, context.plan, spec, job.findings, job.instructions, context.outline
            ),
            model=self.settings.llm_lesson_model,
            output=LESSON_OUTPUT,
            parse=prepare,
            budget=(job.budget_usd, job.budget_tokens),
            store=store,
        )
        result = LessonResult(
            lesson_id=job.lesson_id,
            revision=job.target_revision,
            sections=sections,
            questions=questions,
            reused=False,
            usage=usage,
        )
        if not job.judge:
            return result
        # Judged from memory: the lesson as just stored, no read of it. An earlier attempt
        # did not store it, so it cannot have made this revision's judge call either.
        judged = generation.written_context(job.lesson_id, job.target_revision, context, prepared)
        return await self._then_judge(job, result, judged, lost_check=False)

    async def _judge_reused(self, job: LessonJob, result: LessonResult) -> LessonResult:
        """A lesson an earlier attempt stored (this is a retry): judged now unless that
        attempt's judge call stored its verdict already (``judge_context`` says None). The
        lesson's usage is the ledger's: that attempt paid for it and never reported it."""
        async with self._reading() as session:
            context = await generation.judge_context(session, self._judge_job(job, result))
            usage = await generation.recorded_usage(session, _lesson_calls(job, result.revision))
        result = result.model_copy(update={"usage": usage})
        if context is None:
            judged = JudgeResult(lesson_id=job.lesson_id, judged=False)
            return result.model_copy(update={"judge": judged})
        return await self._then_judge(job, result, context, lost_check=True)

    def _judge_job(self, job: LessonJob, result: LessonResult) -> JudgeJob:
        return JudgeJob(
            generation_id=job.generation_id, lesson_id=job.lesson_id, revision=result.revision,
            budget_usd=job.budget_usd, budget_tokens=job.budget_tokens,
        )  # fmt: skip

    async def _then_judge(
        self,
        job: LessonJob,
        result: LessonResult,
        context: generation.JudgeContext,
        *,
        lost_check: bool,
    ) -> LessonResult:
        """The judge's call after the lesson, in the same activity. When the run's budget is
        spent (checked before the call, as every call is) the lesson stands and no judge
        call is made: the workflow ends the run ``budget_exceeded`` once its lessons are in,
        as it did when it skipped the judge activity. Any other failure of the judge fails
        the activity, as it failed the judge activity (a retry reuses the stored lesson)."""
        try:
            findings, usage = await self._ask_judge(
                self._judge_job(job, result), context, lost_check=lost_check
            )
        except ApplicationError as exc:
            if exc.type != generation.BudgetExceeded.__name__:
                raise
            activity.logger.info("lesson.judge_skipped_budget lesson_id=%s", job.lesson_id)
            return result.model_copy(update={"budget_spent": True})
        judged = JudgeResult(lesson_id=job.lesson_id, judged=True, findings=findings, usage=usage)
        return result.model_copy(update={"judge": judged})

    def _course_context_pays(self, model: str, course_chars: int) -> bool:
        """Whether a judge call is cheaper with the course (``course_chars`` long) as its
        cached prefix than without it. Without, the judge's own instructions and schema are
        below every cache minimum, so they are paid in full; with, instructions, schema and
        course are read from the cache at the model's cached price (after the first call of
        the course, which writes it). That needs a prompt cache that is on (OpenAI caches
        whatever the setting says), a prefix at the model's minimum (about 4 characters a
        token, as the Anthropic adapter counts), and a discount that outweighs the course's
        length: Sonnet 4.5 reads at a tenth, gpt-4o-mini at a half, which makes the longer
        prompt dearer."""
        provider, settings = self.settings.llm_provider, self.settings
        minimum = prompt_cache_minimum(provider, model)
        price = settings.llm_prices.get(model)
        if minimum is None or price is None or not course_chars:
            return False
        if not (settings.llm_prompt_caching or provider == "openai"):
            return False
        own = _judge_prompt_tokens(provider, settings.llm_structured_outputs)
        prefix = own + course_chars // 4
        return prefix >= minimum and prefix * price[2] < own * price[0]

    # --- the judge ---------------------------------------------------------------------------
    @activity.defn
    async def judge_lesson(self, job: JudgeJob) -> JudgeResult:
        """One judge call for one lesson revision; a revision already judged (a retry) or
        replaced meanwhile costs nothing."""
        async with self._reading() as session:
            context = await generation.judge_context(session, job)
        if context is None:
            return JudgeResult(lesson_id=job.lesson_id, judged=False)
        findings, usage = await self._ask_judge(job, context)
        return JudgeResult(lesson_id=job.lesson_id, judged=True, findings=findings, usage=usage)

    async def _ask_judge(
        self, job: JudgeJob, context: generation.JudgeContext, *, lost_check: bool = True
    ) -> tuple[int, Usage]:
        """The judge call: ``LessonVerdict`` asked for as structured output (``JUDGE_OUTPUT``),
        the reply validated like every other (with the repair loop)."""

        async def store(session: AsyncSession, verdict: LessonVerdict) -> int:
            return await generation.store_verdict(session, context, verdict)

        key = f"{job.generation_id}:judge:{job.lesson_id}:r{job.revision}"
        spec = {"lesson_id": str(job.lesson_id), "revision": job.revision}
        model = self.settings.llm_judge_model or self.settings.llm_lesson_model
        course = judge_course_prefix(context.brief, context.outline)
        if not self._course_context_pays(model, len(course)):
            # The lesson alone, as the judge can do without the course: paid in full, the
            # course is ~1,100 tokens more per judge call of a 6x4 course.
            course = ""
        return await self._generate(
            site=CallSite(job.generation_id, "judge", f"{key}:a{activity.info().attempt}",
                          job.lesson_id),
            system=JUDGE_PROMPT,
            messages=judge_messages(context.plan(), context.content(), spec, course),
            model=model,
            output=JUDGE_OUTPUT,
            parse=lambda text: parse_verdict(text, self.settings.llm_max_reply_chars),
            budget=(job.budget_usd, job.budget_tokens),
            store=store,
            lost_check=lost_check,
        )  # fmt: skip


__all__ = ["ModelCallActivities", "Outline", "to_application_error"]
