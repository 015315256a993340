"""The runs ``scripts/record-histories`` records: each workflow's happy path and failure paths.

A case seeds the database through the test factories, starts its workflow the way the API
does (the API's own start helpers where they exist: same IDs, inputs, search attributes),
drives it (updates, signals, cancellation) and returns the handle; the recorder waits for
the run to close and writes its history. Add a case whenever a workflow gains a path.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client, WorkflowHandle

from adapters.llm.port import LLMCallError, LLMRequest, LLMResponse
from core.settings import Settings
from db.models import Course, Enrollment, Lesson, LessonProgress, Section, SectionProgress, User
from db.session import transaction
from schemas.enums import CourseStatus, EnrollmentStatus, GenerationStage, Role
from schemas.temporal import completion_workflow_id, enrollment_workflow_id
from tests.factories import create_course, create_user

POLL_S = 0.1
WAIT_S = 60.0


@dataclass
class CaseContext:
    client: Client
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]


@dataclass
class Case:
    name: str  # <workflow>-<case>: the history's file name
    run: Callable[[CaseContext], Awaitable[WorkflowHandle[Any, Any]]]
    settings: dict[str, Any] = field(default_factory=dict)
    adapters: Callable[[Settings], dict[str, Any]] = lambda settings: {}


class JudgingLLM:
    """The offline provider's answers plus an honest judge (quotes copied from the lesson):
    the judge's path of the pipeline, which ``offline`` itself never takes."""

    provider = "openai"

    async def complete(self, request: LLMRequest) -> LLMResponse:
        import json

        from adapters.llm.offline import OfflineLLM
        from adapters.llm.prompts import extract_blocks
        from tests.support.fake_llm import judge_answer

        first = next(m.content for m in request.messages if m.role == "user")
        blocks = extract_blocks(first)
        if blocks.get("task_spec", {}).get("kind") != "judge":
            return await OfflineLLM().complete(request)
        text = json.dumps(judge_answer(blocks))
        return LLMResponse(text=text, model=request.model, input_tokens=50, output_tokens=50)

    async def close(self) -> None:
        pass


class RejectingLLM:
    """A provider that refuses every request (HTTP 400): the permanent model failure."""

    provider = "offline"

    async def complete(self, request: LLMRequest) -> LLMResponse:
        raise LLMCallError("the model rejected the request", retryable=False, status=400)

    async def close(self) -> None:
        pass


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    async with asyncio.timeout(WAIT_S):
        while not await check():
            await asyncio.sleep(POLL_S)


# --- seeds ---------------------------------------------------------------------------------
async def seed_users(ctx: CaseContext, *roles: Role) -> list[User]:
    async with transaction(ctx.sessionmaker) as session:
        return [await create_user(session, role) for role in roles]


async def seed_course(ctx: CaseContext, author: User, **options: Any) -> Course:
    async with transaction(ctx.sessionmaker) as session:
        return await create_course(session, author, **options)


async def seed_enrollment(
    ctx: CaseContext, status: EnrollmentStatus, *, completed_sections: bool
) -> tuple[Course, User, Enrollment]:
    author, student = await seed_users(ctx, Role.instructor, Role.student)
    course = await seed_course(ctx, author)
    async with transaction(ctx.sessionmaker) as session:
        enrollment = Enrollment(
            course_id=course.id, student_id=student.id, status=status, seat_held=True,
            workflow_id=enrollment_workflow_id(course.id, student.id),
        )  # fmt: skip
        session.add(enrollment)
        await session.flush()
        if completed_sections:
            sections = await session.scalars(select(Section).where(Section.course_id == course.id))
            for section in sections:
                session.add(
                    SectionProgress(
                        enrollment_id=enrollment.id, section_id=section.id,
                        lesson_id=section.lesson_id, completion=Decimal(1), time_spent_s=60,
                    )
                )  # fmt: skip
            # Under mastery (the default) every quiz must be passed too.
            lessons = await session.scalars(select(Lesson.id).where(Lesson.course_id == course.id))
            for lesson_id in lessons:
                session.add(LessonProgress(enrollment_id=enrollment.id, lesson_id=lesson_id,
                                           percent=Decimal(100), best_quiz_score=100))  # fmt: skip
    return course, student, enrollment


# --- CourseCompletionWorkflow --------------------------------------------------------------
async def _start_completion(
    ctx: CaseContext, course_id: uuid.UUID, student_id: uuid.UUID, enrollment_id: uuid.UUID
) -> WorkflowHandle[Any, Any]:
    """As a progress post that meets the completion rule does (signal-with-start)."""
    from services.learning import start_completion

    enrollment = Enrollment(id=enrollment_id, course_id=course_id, student_id=student_id)
    workflow_id = await start_completion(ctx.client, ctx.settings, enrollment)
    assert workflow_id == completion_workflow_id(enrollment_id)
    return ctx.client.get_workflow_handle(workflow_id)


async def completion_happy(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    course, student, enrollment = await seed_enrollment(
        ctx, EnrollmentStatus.active, completed_sections=True
    )
    return await _start_completion(ctx, course.id, student.id, enrollment.id)


async def completion_rule_not_met(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    course, student, enrollment = await seed_enrollment(
        ctx, EnrollmentStatus.active, completed_sections=False
    )
    return await _start_completion(ctx, course.id, student.id, enrollment.id)


async def completion_enrollment_missing(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    return await _start_completion(ctx, uuid.uuid4(), uuid.uuid4(), uuid.uuid4())


# --- EnrollmentWorkflow (started exactly as POST /courses/{id}/enrollments does) ------------
async def _enroll(
    ctx: CaseContext, course: Course, student: User, token: str | None
) -> WorkflowHandle[Any, Any]:
    from services.enrollment import enroll

    async with ctx.sessionmaker() as session:
        await enroll(
            session, ctx.client, ctx.settings, course_id=course.id, student=student,
            payment_token=token, commit=session.commit,
        )  # fmt: skip
        await session.commit()
    return ctx.client.get_workflow_handle(enrollment_workflow_id(course.id, student.id))


async def _status(handle: WorkflowHandle[Any, Any]) -> str:
    from workflows.enrollment import EnrollmentWorkflow

    view = await handle.query(EnrollmentWorkflow.status)
    return str(view.status.value)


async def _until_status(handle: WorkflowHandle[Any, Any], status: str) -> None:
    async def reached() -> bool:
        return await _status(handle) == status

    await eventually(reached, f"enrollment {status}")


async def enrollment_completed(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """Free course: eligible → seat → progress → active → notify; completion signal ends it."""
    from workflows.enrollment import EnrollmentWorkflow

    author, student = await seed_users(ctx, Role.instructor, Role.student)
    course = await seed_course(ctx, author)
    handle = await _enroll(ctx, course, student, None)
    await _until_status(handle, "active")
    await handle.signal(EnrollmentWorkflow.mark_completed)
    return handle


async def enrollment_paid_then_cancelled(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """Paid course, charged; the student cancels inside the refund window (cancel update)."""
    from schemas.enrollment import CancelRequest
    from workflows.enrollment import EnrollmentWorkflow

    author, student = await seed_users(ctx, Role.instructor, Role.student)
    course = await seed_course(ctx, author, price_cents=4900)
    handle = await _enroll(ctx, course, student, "tok_visa")
    await _until_status(handle, "active")
    view = await handle.query(EnrollmentWorkflow.status)
    await handle.execute_update(
        EnrollmentWorkflow.cancel, CancelRequest(enrollment_id=view.enrollment_id)
    )
    return handle


async def enrollment_payment_declined(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """Permanent decline: the seat is released (compensation) and the saga ends failed."""
    author, student = await seed_users(ctx, Role.instructor, Role.student)
    course = await seed_course(ctx, author, price_cents=4900)
    return await _enroll(ctx, course, student, "tok_chargeDeclined")


async def enrollment_not_eligible(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """A draft course: eligibility fails before any seat is taken."""
    author, student = await seed_users(ctx, Role.instructor, Role.student)
    course = await seed_course(ctx, author, status=CourseStatus.draft)
    return await _enroll(ctx, course, student, None)


async def _full_course(ctx: CaseContext) -> tuple[Course, WorkflowHandle[Any, Any]]:
    author, first = await seed_users(ctx, Role.instructor, Role.student)
    course = await seed_course(ctx, author, capacity=1)
    holder = await _enroll(ctx, course, first, None)
    await _until_status(holder, "active")
    return course, holder


async def enrollment_waitlist_expired(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """Full course: waitlisted until the (short) deadline passes, then failed."""
    course, _ = await _full_course(ctx)
    (second,) = await seed_users(ctx, Role.student)
    return await _enroll(ctx, course, second, None)


async def enrollment_waitlist_promoted(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """Full course: waitlisted; the seat holder cancels, the seat is handed over (signal)."""
    from schemas.enrollment import CancelRequest
    from workflows.enrollment import EnrollmentWorkflow

    course, holder = await _full_course(ctx)
    (second,) = await seed_users(ctx, Role.student)
    waiting = await _enroll(ctx, course, second, None)
    await _until_status(waiting, "waitlisted")
    view = await holder.query(EnrollmentWorkflow.status)
    await holder.execute_update(
        EnrollmentWorkflow.cancel, CancelRequest(enrollment_id=view.enrollment_id)
    )
    await _until_status(waiting, "active")
    await waiting.signal(EnrollmentWorkflow.mark_completed)
    return waiting


# --- CourseGenerationWorkflow (started exactly as POST /course-generations does) -----------
async def _generate(ctx: CaseContext, *, review: bool) -> WorkflowHandle[Any, Any]:
    from schemas.generation import CourseGenerationRequest
    from services.generation import create_course_generation, start_course_generation_workflow
    from workflows.generation import CourseGenerationWorkflow

    (author,) = await seed_users(ctx, Role.instructor)
    body = CourseGenerationRequest(
        title="Statistics for Curious People",
        description="Descriptive statistics, probability and inference for beginners.",
        module_count=1,
        lessons_per_module=2,
        learning_objectives=["Summarise a data set", "Reason about uncertainty"],
        review=review,
    )
    async with transaction(ctx.sessionmaker) as session:
        row = await create_course_generation(session, author, body)
    await start_course_generation_workflow(ctx.client, ctx.settings, row, body)
    return ctx.client.get_workflow_handle_for(CourseGenerationWorkflow.run, row.workflow_id)


async def _until_review(handle: WorkflowHandle[Any, Any]) -> None:
    from workflows.generation import CourseGenerationWorkflow

    async def waiting() -> bool:
        progress = await handle.query(CourseGenerationWorkflow.get_progress)
        return bool(progress.stage == GenerationStage.review)

    await eventually(waiting, "review stage")


async def generation_published(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    return await _generate(ctx, review=False)


async def _reviewed(ctx: CaseContext, decision: str) -> WorkflowHandle[Any, Any]:
    from schemas.generation import ReviewDecision
    from workflows.generation import CourseGenerationWorkflow

    handle = await _generate(ctx, review=True)
    await _until_review(handle)
    await handle.execute_update(
        CourseGenerationWorkflow.review,
        ReviewDecision(decision=decision, reason=None if decision == "approve" else "off-topic"),  # type: ignore[arg-type]
    )
    return handle


async def generation_review_approved(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    return await _reviewed(ctx, "approve")


async def generation_review_rejected(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    return await _reviewed(ctx, "reject")


async def generation_review_expired(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    return await _generate(ctx, review=True)


async def generation_budget_exceeded(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    return await _generate(ctx, review=False)


async def generation_cancelled(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    handle = await _generate(ctx, review=True)
    await _until_review(handle)
    await handle.cancel()
    return handle


async def generation_model_rejected(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    return await _generate(ctx, review=False)


# --- LessonRegenerationWorkflow ------------------------------------------------------------
INSTRUCTIONS = "Add a worked example with real numbers."


async def lesson_regeneration(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """As POST /courses/{id}/lessons/{lesson_id}/regenerate does, on a generated course."""
    from temporalio.common import SearchAttributePair, TypedSearchAttributes

    from db.models import CourseGeneration
    from schemas.enums import GenerationStatus
    from schemas.generation import LessonRegenerationInput, LessonRegenerationRun
    from schemas.temporal import COURSE_ID
    from services.generation import generation_limits
    from workflows.generation import LessonRegenerationWorkflow

    generation = await _generate(ctx, review=False)
    result = await generation.result()
    async with transaction(ctx.sessionmaker) as session:
        lesson = await session.scalar(
            select(Lesson).where(Lesson.course_id == result.course_id).order_by(Lesson.id)
        )
        assert lesson is not None
        source = await session.scalar(
            select(CourseGeneration).where(CourseGeneration.course_id == result.course_id)
        )
        assert source is not None
        regen_id = uuid.uuid4()
        row = CourseGeneration(
            id=regen_id, requested_by=source.requested_by,
            workflow_id=f"lesson-regen-{regen_id}", status=GenerationStatus.running,
            stage=GenerationStage.lessons, course_id=result.course_id,
            request=LessonRegenerationRun(
                lesson_id=lesson.id, instructions=INSTRUCTIONS,
                course_request=source.request.brief(),
            ),
        )  # fmt: skip
        session.add(row)
        revision = lesson.revision + 1
    return await ctx.client.start_workflow(
        LessonRegenerationWorkflow.run,
        LessonRegenerationInput(
            generation_id=regen_id,
            requested_by=source.requested_by,
            course_id=result.course_id,
            lesson_id=lesson.id,
            target_revision=revision,
            instructions=INSTRUCTIONS,
            limits=generation_limits(ctx.settings),
        ),
        id=row.workflow_id,
        task_queue=ctx.settings.task_queue,
        search_attributes=TypedSearchAttributes(
            [SearchAttributePair(COURSE_ID, str(result.course_id))]
        ),
        static_summary=f"Regenerate lesson: {lesson.title}"[:200],
    )


# --- WeeklyReportWorkflow ------------------------------------------------------------------
async def _report(ctx: CaseContext, week: str) -> WorkflowHandle[Any, Any]:
    """As POST /reports/runs does for one week."""
    from services.reports import start_report_run

    await seed_users(ctx, Role.admin)  # someone to notify
    run = await start_report_run(ctx.client, ctx.settings, week, force=False)
    return ctx.client.get_workflow_handle(run.workflow_id)


async def report_completed(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    return await _report(ctx, "2026-W40")


async def report_partial(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """The current week, week to date (as ``--week current`` asks): built, not announced."""
    from datetime import UTC, datetime

    from schemas.reports import current_week
    from services.reports import start_report_run

    await seed_users(ctx, Role.admin)
    week = current_week(ctx.settings.report_timezone, datetime.now(UTC))
    run = await start_report_run(ctx.client, ctx.settings, week, force=False, partial=True)
    return ctx.client.get_workflow_handle(run.workflow_id)


async def report_skipped(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """The same week again, not forced: the stored report stands."""
    first = await _report(ctx, "2026-W41")
    await first.result()
    return await _report(ctx, "2026-W41")


async def report_scheduled(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """The weekly-report schedule (as every worker applies it), triggered now: the run
    derives the week that ended from its scheduled time and runs it as a child workflow."""
    from schemas.reports import SCHEDULE_ID
    from services.reports import apply_schedules

    await seed_users(ctx, Role.admin)
    await apply_schedules(ctx.client, ctx.settings)
    schedule = ctx.client.get_schedule_handle(SCHEDULE_ID)
    await schedule.trigger()
    started: list[str] = []

    async def fired() -> bool:
        description = await schedule.describe()
        started[:] = [a.action.workflow_id for a in description.info.recent_actions]  # type: ignore[attr-defined]
        return bool(started)

    await eventually(fired, "a scheduled run")
    await schedule.delete()
    return ctx.client.get_workflow_handle(started[-1])


async def report_build_failed(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """An unknown time zone fails the build; the report row is marked failed."""
    return await _report(ctx, "2026-W42")


# --- re-engagement --------------------------------------------------------------------------
async def _idle_learners(ctx: CaseContext, count: int) -> None:
    from datetime import timedelta

    from db.base import utcnow
    from tests.learning.support import create_enrollment

    long_ago = utcnow() - timedelta(days=30)
    async with transaction(ctx.sessionmaker) as session:
        author = await create_user(session, Role.instructor)
        course = await create_course(session, author)
        for _ in range(count):
            student = await create_user(session, Role.student)
            await create_enrollment(session, course, student, activated_at=long_ago,
                                    init_sections=False, last_activity_at=long_ago)  # fmt: skip


async def _reengagement(ctx: CaseContext, learners: int, **run: Any) -> WorkflowHandle[Any, Any]:
    from schemas.learning import REENGAGEMENT_WORKFLOW, ReengagementInput, ReengagementResult

    await _idle_learners(ctx, learners)
    return await ctx.client.start_workflow(
        REENGAGEMENT_WORKFLOW,
        ReengagementInput(**run),
        id=f"reengagement-{uuid.uuid4().hex[:8]}",
        task_queue=ctx.settings.task_queue,
        result_type=ReengagementResult,
    )


async def reengagement_one_page(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    return await _reengagement(ctx, 2, page_size=10)


async def reengagement_continued(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """Five learners, pages of two, two pages per run: the first run (recorded) continues
    as new."""
    handle = await _reengagement(ctx, 5, page_size=2, pages_per_run=2)
    return ctx.client.get_workflow_handle(handle.id, run_id=handle.result_run_id)


async def reengagement_scheduled(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """The daily-reengagement schedule (as every worker applies it), triggered now: the run
    takes its moment from its scheduled time."""
    from schemas.learning import REENGAGEMENT_SCHEDULE_ID
    from services.learning import apply_reengagement_schedule

    await _idle_learners(ctx, 1)
    await apply_reengagement_schedule(ctx.client, ctx.settings)
    schedule = ctx.client.get_schedule_handle(REENGAGEMENT_SCHEDULE_ID)
    await schedule.trigger()
    started: list[str] = []

    async def fired() -> bool:
        description = await schedule.describe()
        started[:] = [a.action.workflow_id for a in description.info.recent_actions]  # type: ignore[attr-defined]
        return bool(started)

    await eventually(fired, "a scheduled run")
    await schedule.delete()
    return ctx.client.get_workflow_handle(started[-1])


async def export_happy(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """As ``POST /courses/{id}/exports`` starts it (the service's own start)."""
    from schemas.temporal import course_export_workflow_id
    from services.learning import start_export

    [author] = await seed_users(ctx, Role.instructor)
    course = await seed_course(ctx, author)
    async with ctx.sessionmaker() as session:
        export = await start_export(
            session, ctx.client, ctx.settings, author, course.id, session.commit
        )
    return ctx.client.get_workflow_handle(course_export_workflow_id(course.id, export.id))


async def export_course_missing(ctx: CaseContext) -> WorkflowHandle[Any, Any]:
    """The course is gone before the activity reads it: a permanent failure, no retry."""
    from schemas.learning import COURSE_EXPORT_WORKFLOW, CourseExportInput
    from schemas.temporal import course_export_workflow_id

    course_id, export_id = uuid.uuid4(), uuid.uuid4()
    return await ctx.client.start_workflow(
        COURSE_EXPORT_WORKFLOW,
        CourseExportInput(course_id=course_id, export_id=export_id, requested_by=uuid.uuid4()),
        id=course_export_workflow_id(course_id, export_id),
        task_queue=ctx.settings.task_queue,
    )


CASES: list[Case] = [
    Case("completion-happy", completion_happy),
    Case("completion-rule-not-met", completion_rule_not_met),
    Case("completion-enrollment-missing", completion_enrollment_missing),
    Case("enrollment-completed", enrollment_completed),
    Case("enrollment-paid-then-cancelled", enrollment_paid_then_cancelled),
    Case("enrollment-payment-declined", enrollment_payment_declined),
    Case("enrollment-not-eligible", enrollment_not_eligible),
    Case("enrollment-waitlist-expired", enrollment_waitlist_expired, {"waitlist_deadline_s": 2}),
    Case("enrollment-waitlist-promoted", enrollment_waitlist_promoted),
    Case("generation-published", generation_published),
    Case("generation-review-approved", generation_review_approved),
    Case("generation-review-rejected", generation_review_rejected),
    Case("generation-review-expired", generation_review_expired, {"review_deadline_s": 2}),
    Case("generation-budget-exceeded", generation_budget_exceeded, {"generation_budget_tokens": 1}),
    Case("generation-cancelled", generation_cancelled),
    Case(
        "generation-model-rejected",
        generation_model_rejected,
        adapters=lambda settings: {"llm": RejectingLLM()},
    ),
    Case(
        "generation-judged",
        generation_published,
        # a model provider is configured: each lesson is judged once
        {"llm_provider": "openai", "openai_api_key": SecretStr("history-key")},
        adapters=lambda settings: {"llm": JudgingLLM()},
    ),
    Case("lesson-regeneration-happy", lesson_regeneration),
    Case("report-completed", report_completed),
    Case("report-skipped", report_skipped),
    Case("report-partial", report_partial),
    Case("report-scheduled", report_scheduled),
    Case("reengagement-one-page", reengagement_one_page),
    Case("reengagement-continued", reengagement_continued),
    Case("reengagement-scheduled", reengagement_scheduled),
    Case("report-build-failed", report_build_failed, {"report_timezone": "Mars/Olympus_Mons"}),
    Case("export-happy", export_happy),
    Case("export-course-missing", export_course_missing),
]
