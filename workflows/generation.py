"""CourseGenerationWorkflow (``course-gen-<generation_id>``): outline → optional review →
lessons in parallel (bounded) → quality checks with bounded regeneration → thumbnail →
publish (idempotent by generation ID) → notify the author.

Only IDs, counts and short findings travel through history: content lives in the database.
``LessonRegenerationWorkflow`` (one lesson again, with instructions) shares the activities.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from temporalio import workflow
from temporalio.common import Priority, RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError, is_cancelled_exception

with workflow.unsafe.imports_passed_through():
    from activities.generation import GenerationActivities, MediaActivities, ModelCallActivities
    from activities.notifications import NotificationActivities
    from schemas.enums import GenerationStage, GenerationStatus
    from schemas.generation import (
        COURSE_GENERATION_WORKFLOW,
        LESSON_REGENERATION_WORKFLOW,
        PROGRESS_QUERY,
        REVIEW_UPDATE,
        AuthorNoticeInput,
        CloseInput,
        CourseGenerationInput,
        CourseGenerationResult,
        DraftCourse,
        FinishInput,
        GenerationLimits,
        GenerationProgress,
        JudgeJob,
        JudgeResult,
        LessonJob,
        LessonRegenerationInput,
        LessonResult,
        OutlineInput,
        OutlineResult,
        PublishInput,
        QualityInput,
        QualityReport,
        ReviewAck,
        ReviewDecision,
        StageInput,
        StoreOutlineInput,
        ThumbnailInput,
        Usage,
        author_notice,
        progress_percent,
    )
    from schemas.temporal import COURSE_ID, STAGE

# Database activities take milliseconds; a short timeout bounds the stall after a worker dies.
DB_TIMEOUT = timedelta(seconds=15)
DB_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=200), maximum_interval=timedelta(seconds=10)
)
T = TypeVar("T")
PERMANENT_MODEL_ERRORS = [
    "ModelRequestRejected",
    "InvalidModelOutput",
    "BudgetExceeded",
    "InvalidInput",
]


# Task-queue priority of model calls (1 runs first): an instructor waiting for one lesson
# goes ahead of bulk course runs. Within a priority, the fairness key (the author) shares
# the quota between authors, so one big course or one busy author starves nobody.
# The review Update answers once its decision took effect (docs/versioning.md).
REVIEW_ANSWERS_AFTER_PATCH = "generation-review-answers-after-decision"
# Publish, notify and finish as one local activity (issue 21: two local-activity round trips
# and two transactions less at the end of every run).
CLOSE_IN_ONE_STEP_PATCH = "generation-close-in-one-step"
# The lesson activity also makes the judge's call (issue 21: one activity and one workflow
# task per lesson less; the judge no longer waits for the lesson's completion to reach the
# workflow and its own activity to be scheduled and dispatched).
JUDGE_IN_LESSON_PATCH = "generation-judge-in-lesson"
INTERACTIVE_PRIORITY = 1
BULK_PRIORITY = 3


class BudgetExceeded(Exception):
    """Raised inside the workflow when the running totals pass the budget."""


def _cause_type(err: BaseException) -> str | None:
    cause = err.cause if isinstance(err, ActivityError) else err
    return cause.type if isinstance(cause, ApplicationError) else None


def _message(err: BaseException) -> str:
    cause = err.cause if isinstance(err, ActivityError) and err.cause is not None else err
    return str(cause) or type(cause).__name__


class _Pipeline:
    """Activity calls shared by both workflows."""

    limits: GenerationLimits
    priority: Priority = Priority.default
    ended: bool = False  # the run's end is recorded (finish_generation ran)

    def _model_priority(self, priority_key: int, author: object) -> Priority:
        return Priority(priority_key=priority_key, fairness_key=str(author)[:64])

    def _llm_retry(self) -> RetryPolicy:
        limits = self.limits
        return RetryPolicy(
            initial_interval=timedelta(seconds=limits.retry_initial_interval_s),
            maximum_interval=timedelta(seconds=max(60, limits.retry_initial_interval_s)),
            maximum_attempts=limits.retry_max_attempts,
            non_retryable_error_types=PERMANENT_MODEL_ERRORS,
        )

    async def _lesson(self, job: LessonJob, summary: str) -> LessonResult:
        # A judged lesson is two model calls (each with its repairs) in one attempt.
        calls = 2 if job.judge else 1
        return await workflow.execute_activity_method(
            ModelCallActivities.generate_lesson,
            job,
            task_queue=self.limits.llm_task_queue,
            start_to_close_timeout=timedelta(seconds=self.limits.llm_activity_timeout_s * calls),
            heartbeat_timeout=timedelta(seconds=self.limits.llm_heartbeat_timeout_s),
            retry_policy=self._llm_retry(),
            summary=summary,
            priority=self.priority,
        )

    async def _judge(self, lesson: LessonResult, job: LessonJob, summary: str) -> JudgeResult:
        """The judge's call for the lesson revision just written (only with a model)."""
        return await workflow.execute_activity_method(
            ModelCallActivities.judge_lesson,
            JudgeJob(
                generation_id=job.generation_id, lesson_id=lesson.lesson_id,
                revision=lesson.revision, budget_usd=job.budget_usd,
                budget_tokens=job.budget_tokens,
            ),
            task_queue=self.limits.llm_task_queue,
            start_to_close_timeout=timedelta(seconds=self.limits.llm_activity_timeout_s),
            heartbeat_timeout=timedelta(seconds=self.limits.llm_heartbeat_timeout_s),
            retry_policy=self._llm_retry(),
            summary=summary,
            priority=self.priority,  # the author's fairness key, as the lesson's
        )  # fmt: skip

    async def _outline(self, input: OutlineInput, summary: str) -> OutlineResult:
        return await workflow.execute_activity_method(
            ModelCallActivities.draft_outline,
            input,
            task_queue=self.limits.llm_task_queue,
            start_to_close_timeout=timedelta(seconds=self.limits.llm_activity_timeout_s),
            heartbeat_timeout=timedelta(seconds=self.limits.llm_heartbeat_timeout_s),
            retry_policy=self._llm_retry(),
            summary=summary,
            priority=self.priority,
        )

    async def _db(self, activity: Callable[..., Awaitable[T]], arg: object, summary: str) -> T:
        """A short database step as a local activity: it runs in this worker inside the current
        workflow task, so a chain of them costs no round trip to the server per step."""
        return await workflow.execute_local_activity_method(
            activity,
            arg,
            start_to_close_timeout=DB_TIMEOUT,
            retry_policy=DB_RETRY,
            summary=summary,
        )

    async def _finish(
        self,
        generation_id: object,
        status: GenerationStatus,
        error: str | None,
        cancel: bool = False,
    ) -> None:
        await self._db(
            GenerationActivities.finish_generation,
            FinishInput(
                generation_id=generation_id, status=status, error=error, cancel_course=cancel
            ),
            f"finish: {status.value}",
        )
        await self._mark_ended()

    async def _mark_ended(self) -> None:
        self.ended = True
        # A review answer waiting for this end returns before the run completes.
        await workflow.wait_condition(workflow.all_handlers_finished)

    async def _quality(
        self,
        course_id: object,
        lesson_ids: list[object] | None = None,
        stage: GenerationStage | None = None,
    ) -> QualityReport:
        return await self._db(
            GenerationActivities.check_quality,
            QualityInput(course_id=course_id, lesson_ids=lesson_ids, stage=stage),
            "quality checks",
        )


@workflow.defn(name=COURSE_GENERATION_WORKFLOW)
class CourseGenerationWorkflow(_Pipeline):
    def __init__(self) -> None:
        self.progress = GenerationProgress()
        self.decision: ReviewDecision | None = None
        self.awaiting_review = False

        self.stopping = False
        self.limits = GenerationLimits()
        self.thumbnail: asyncio.Task[str] | None = None

    # --- queries and updates ----------------------------------------------------------------
    @workflow.query(name=PROGRESS_QUERY)
    def get_progress(self) -> GenerationProgress:
        return self.progress

    @workflow.update(name=REVIEW_UPDATE)
    async def review(self, decision: ReviewDecision) -> ReviewAck:
        """Answer with the run after the decision: the main loop applies it (stores an edited
        outline, makes the draft course) or ends the run, and the answer waits for that. The
        main loop never waits on this handler, and ``_finish`` waits for it to finish."""
        self.decision = decision
        if not workflow.patched(REVIEW_ANSWERS_AFTER_PATCH):
            return ReviewAck(accepted=True, decision=decision.decision)
        await workflow.wait_condition(lambda: self.ended or self.progress.course_id is not None)
        progress = self.progress.model_copy(deep=True)
        return ReviewAck(accepted=True, decision=decision.decision, progress=progress)

    @review.validator
    def validate_review(self, decision: ReviewDecision) -> None:
        if not self.awaiting_review or self.decision is not None:
            raise ApplicationError("this run is not waiting for a review", type="NotAwaitingReview")

    # --- bookkeeping --------------------------------------------------------------------------
    def _details(self) -> None:
        p = self.progress
        p.percent = progress_percent(p.stage, p.lessons_done, p.lessons_total)
        item = f" · {p.current_item}" if p.current_item else ""
        workflow.set_current_details(
            f"**{p.stage.value}** {p.percent}% · lessons {p.lessons_done}/{p.lessons_total} · "
            f"{p.tokens} tokens · ${p.cost_usd}{item}"
        )

    async def _stage(
        self,
        gid: object,
        stage: GenerationStage,
        status: GenerationStatus = GenerationStatus.running,
        *,
        record: bool = True,
    ) -> None:
        """Show the stage (query, search attribute, details) and, unless the next activity
        writes it itself, record it in the API's projection."""
        self.progress.stage, self.progress.status = stage, status
        self.progress.current_item = None
        workflow.upsert_search_attributes([STAGE.value_set(stage.value)])
        self._details()
        if record:
            await self._db(
                GenerationActivities.record_stage,
                StageInput(generation_id=gid, stage=stage, status=status),
                f"stage: {stage.value}",
            )

    def _account(self, usage: Usage) -> None:
        self.progress.tokens += usage.tokens
        self.progress.cost_usd += usage.cost_usd
        self.progress.input_tokens += usage.input_tokens
        self.progress.cached_input_tokens += usage.cached_tokens
        limits = self.limits
        over_tokens = (
            limits.budget_tokens is not None and self.progress.tokens >= limits.budget_tokens
        )
        over_cost = limits.budget_usd is not None and self.progress.cost_usd >= limits.budget_usd
        if over_tokens or over_cost:
            self.stopping = True

    # --- the run ------------------------------------------------------------------------------
    @workflow.run
    async def run(self, input: CourseGenerationInput) -> CourseGenerationResult:
        self.limits = input.limits
        self.priority = self._model_priority(BULK_PRIORITY, input.requested_by)
        gid = input.generation_id
        try:
            return await self._pipeline(input)
        except BudgetExceeded:
            return await self._ended(input, GenerationStatus.budget_exceeded, "budget exceeded")
        # A local activity's failure arrives as its ApplicationError, not as an ActivityError.
        except (ActivityError, ApplicationError, asyncio.CancelledError) as err:
            if is_cancelled_exception(err):
                self.progress.status = GenerationStatus.cancelled
                await self._finish(gid, GenerationStatus.cancelled, "cancelled by request", True)
                raise
            if _cause_type(err) == "BudgetExceeded":
                return await self._ended(input, GenerationStatus.budget_exceeded, _message(err))
            self.progress.status, self.progress.error = GenerationStatus.failed, _message(err)
            await self._finish(gid, GenerationStatus.failed, _message(err), True)
            raise ApplicationError(
                f"course generation failed: {_message(err)}",
                type=_cause_type(err) or "GenerationFailed",
                non_retryable=True,
            ) from err

    async def _ended(
        self, input: CourseGenerationInput, status: GenerationStatus, error: str
    ) -> CourseGenerationResult:
        self.progress.status, self.progress.error = status, error
        # Every end short of publishing takes the partial course along (status cancelled).
        await self._finish(input.generation_id, status, error, True)
        return CourseGenerationResult(
            generation_id=input.generation_id,
            status=status,
            course_id=self.progress.course_id,
            error=error,
        )

    async def _pipeline(self, input: CourseGenerationInput) -> CourseGenerationResult:
        gid = input.generation_id
        await self._stage(gid, GenerationStage.outline, record=False)  # the activity records it
        if not input.review:
            self._start_thumbnail(input)  # drawn while the model writes the outline
        try:
            return await self._build(input)
        except BaseException:
            if self.thumbnail is not None:
                self.thumbnail.cancel()  # a thumbnail that already failed loses to the first error
                await asyncio.gather(self.thumbnail, return_exceptions=True)
            raise

    def _start_thumbnail(self, input: CourseGenerationInput) -> None:
        """The thumbnail needs only the title. With a review it waits for the approval: an
        image from the image API costs money."""
        self.thumbnail = asyncio.create_task(self._thumbnail(input))

    async def _build(self, input: CourseGenerationInput) -> CourseGenerationResult:
        gid = input.generation_id
        self.progress.current_item = f"outline: {input.title}"
        budget = {"budget_usd": self.limits.budget_usd, "budget_tokens": self.limits.budget_tokens}
        outline = await self._outline(
            OutlineInput(generation_id=gid, **budget), f"outline: {input.title}"
        )
        self._account(outline.usage)
        self.progress.lessons_total = outline.lessons
        if self.stopping:
            raise BudgetExceeded
        if input.review:
            ended = await self._review(input)
            if ended is not None:
                return ended
            self._start_thumbnail(input)
        thumbnail = self.thumbnail
        assert thumbnail is not None
        await self._stage(gid, GenerationStage.lessons, record=False)  # the draft records it
        draft = await self._db(GenerationActivities.create_draft_course, gid, "create draft course")
        self.progress.course_id = draft.course_id
        self.progress.lessons_total = len(draft.lessons)
        workflow.upsert_search_attributes([COURSE_ID.value_set(str(draft.course_id))])
        jobs = [self._job(gid, ref.lesson_id, 1, []) for ref in draft.lessons]
        titles = [ref.title for ref in draft.lessons]
        await self._run_lessons(jobs, titles, count_done=True)
        report = await self._quality_loop(gid, draft)
        return await self._publish(input, draft, report, thumbnail)

    async def _review(self, input: CourseGenerationInput) -> CourseGenerationResult | None:
        gid = input.generation_id
        self.awaiting_review = True  # before the stage shows: a fast reviewer must not bounce
        try:
            await self._stage(gid, GenerationStage.review, GenerationStatus.awaiting_review)
            await workflow.wait_condition(
                lambda: self.decision is not None,
                timeout=timedelta(seconds=self.limits.review_deadline_s),
            )
        except TimeoutError:
            return await self._ended(
                input, GenerationStatus.review_expired, "no review before the deadline"
            )
        finally:
            self.awaiting_review = False
        decision = self.decision
        assert decision is not None
        if decision.decision == "reject":
            return await self._ended(
                input, GenerationStatus.rejected, decision.reason or "rejected by the reviewer"
            )
        if decision.outline is not None:
            self.progress.lessons_total = await self._db(
                GenerationActivities.store_outline,
                StoreOutlineInput(generation_id=gid, outline=decision.outline),
                "store edited outline",
            )
        return None

    def _job(self, gid: object, lesson_id: object, revision: int, findings: list[str]) -> LessonJob:
        return LessonJob(
            generation_id=gid, lesson_id=lesson_id, target_revision=revision, findings=findings,
            budget_usd=self.limits.budget_usd, budget_tokens=self.limits.budget_tokens,
        )  # fmt: skip

    async def _run_lessons(
        self, jobs: Sequence[LessonJob], titles: Sequence[str], *, count_done: bool
    ) -> list[LessonResult]:
        """Bounded fan-out; no new model call starts once the budget is spent or a call failed."""
        gate = asyncio.Semaphore(self.limits.max_parallel)
        total = len(jobs)
        verb = "lesson" if count_done else "regenerate lesson"

        async def one(n: int, job: LessonJob, title: str) -> LessonResult:
            async with gate:
                if self.stopping:
                    raise BudgetExceeded
                label = f"{verb} {n}/{total}: {title}"
                self.progress.current_item = label
                self._details()
                if self.limits.judge and workflow.patched(JUDGE_IN_LESSON_PATCH):
                    result = await self._judged_lesson(job, label)
                else:
                    result = await self._lesson(job, label)
                    self._account(result.usage)
                    if self.limits.judge and not self.stopping:
                        self._account((await self._judge(result, job, f"judge {label}")).usage)
                if count_done:
                    self.progress.lessons_done += 1
                self._details()
                return result

        tasks = [
            asyncio.create_task(one(n, j, t))
            for n, (j, t) in enumerate(zip(jobs, titles, strict=True), 1)
        ]
        try:
            results = list(await asyncio.gather(*tasks))
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        if self.stopping:
            raise BudgetExceeded
        return results

    async def _judged_lesson(self, job: LessonJob, label: str) -> LessonResult:
        """The lesson and its judge's call in one activity. The activity skips the judge
        once the run's budget is spent (as this workflow skipped the judge activity), and
        says so: the run then stops as it does when a lesson crosses the budget."""
        result = await self._lesson(job.model_copy(update={"judge": True}), f"{label}, judged")
        self._account(result.usage)
        if result.judge is not None:
            self._account(result.judge.usage)
        if result.budget_spent:
            self.stopping = True
        return result

    async def _quality_loop(self, gid: object, draft: DraftCourse) -> QualityReport:
        await self._stage(gid, GenerationStage.quality, record=False)
        report = await self._quality(draft.course_id, stage=GenerationStage.quality)
        titles = {ref.lesson_id: ref.title for ref in draft.lessons}
        for _ in range(self.limits.regeneration_attempts):
            if not report.failing:
                break
            jobs = [self._job(gid, f.lesson_id, f.revision + 1, f.findings) for f in report.failing]
            await self._run_lessons(
                jobs, [titles.get(f.lesson_id, "?") for f in report.failing], count_done=False
            )
            report = await self._quality(draft.course_id)
        return report

    async def _thumbnail(self, input: CourseGenerationInput) -> str:
        thumb = await workflow.execute_activity_method(
            MediaActivities.create_thumbnail,
            ThumbnailInput(
                generation_id=input.generation_id,
                title=input.title,
                budget_usd=self.limits.budget_usd,
                budget_tokens=self.limits.budget_tokens,
            ),
            start_to_close_timeout=timedelta(seconds=self.limits.llm_activity_timeout_s),
            heartbeat_timeout=timedelta(seconds=self.limits.llm_heartbeat_timeout_s),
            retry_policy=DB_RETRY,
            summary=f"thumbnail: {input.title}",
        )
        self._account(thumb.usage)  # a paid image counts toward the budget
        return thumb.key

    async def _publish(
        self,
        input: CourseGenerationInput,
        draft: DraftCourse,
        report: QualityReport,
        thumbnail: asyncio.Task[str],
    ) -> CourseGenerationResult:
        gid = input.generation_id
        if not thumbnail.done():
            await self._stage(gid, GenerationStage.thumbnail)
        thumbnail_key = await thumbnail
        await self._stage(gid, GenerationStage.publish, record=False)  # publish_course records it
        titles = {ref.lesson_id: ref.title for ref in draft.lessons}
        findings = [
            f"{titles.get(f.lesson_id, f.lesson_id)}: {x}"
            for f in report.failing
            for x in f.findings
        ]
        findings += report.course_findings
        publish = PublishInput(
            generation_id=gid,
            course_id=draft.course_id,
            thumbnail_key=thumbnail_key,
            publish=self._publish_wanted(input) and not findings,
            findings=findings,
            lesson_findings=report.failing,
        )
        notice = AuthorNoticeInput(
            generation_id=gid, requested_by=input.requested_by, title=input.title,
            findings=findings,
        )  # fmt: skip
        if workflow.patched(CLOSE_IN_ONE_STEP_PATCH):
            published = await self._db(
                GenerationActivities.close_generation,
                CloseInput(publish=publish, notice=notice),
                "publish, notify author, finish",
            )
            # Runs end showing the notify stage, as before (an operator's saved query).
            await self._stage(gid, GenerationStage.notify, record=False)
            await self._mark_ended()
        else:
            published = await self._db(
                GenerationActivities.publish_course, publish, "publish course"
            )
            await self._stage(gid, GenerationStage.notify, record=False)  # publish_course did
            await self._db(
                NotificationActivities.notify_user,
                author_notice(notice, published.course_status),
                "notify author",
            )
            await self._finish(gid, GenerationStatus.completed, None)
        self.progress.stage, self.progress.status = GenerationStage.done, GenerationStatus.completed
        self._details()
        return CourseGenerationResult(
            generation_id=gid, status=GenerationStatus.completed, course_id=draft.course_id,
            course_status=published.course_status, findings=findings,
        )  # fmt: skip

    def _publish_wanted(self, input: CourseGenerationInput) -> bool:
        """Without review, publish; with one, only when the approval asked to."""
        if not input.review:
            return True
        return self.decision is not None and self.decision.publish


@workflow.defn(name=LESSON_REGENERATION_WORKFLOW)
class LessonRegenerationWorkflow(_Pipeline):
    """One lesson again with the instructor's instructions; nothing else changes."""

    @workflow.run
    async def run(self, input: LessonRegenerationInput) -> LessonResult:
        self.limits = input.limits
        self.priority = self._model_priority(INTERACTIVE_PRIORITY, input.requested_by)
        job = LessonJob(
            generation_id=input.generation_id, lesson_id=input.lesson_id,
            target_revision=input.target_revision, instructions=input.instructions,
            budget_usd=self.limits.budget_usd, budget_tokens=self.limits.budget_tokens,
        )  # fmt: skip
        workflow.upsert_search_attributes([COURSE_ID.value_set(str(input.course_id))])
        try:
            result = await self._lesson(job, f"regenerate lesson {input.lesson_id}")
            if self.limits.judge:
                await self._judge(result, job, f"judge lesson {input.lesson_id}")
            await self._quality(input.course_id, [input.lesson_id])
        except (ActivityError, ApplicationError) as err:  # the latter from a local activity
            await self._finish(input.generation_id, GenerationStatus.failed, _message(err))
            raise ApplicationError(
                f"lesson regeneration failed: {_message(err)}",
                type=_cause_type(err) or "GenerationFailed",
                non_retryable=True,
            ) from err
        await self._finish(input.generation_id, GenerationStatus.completed, None)
        return result


__all__ = ["CourseGenerationWorkflow", "LessonRegenerationWorkflow"]
