"""Shared pieces of the enrollment tests: a worker with an optional fault interceptor, saga
starters, and the ledger/seat invariants every saga test ends with."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.client import Client, WorkflowHandle
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
    Worker,
)

from core.settings import Settings
from db.models import Course, Enrollment, Payment, SectionProgress
from schemas.enrollment import AnswerRequest, EnrollmentInput, EnrollmentView
from schemas.enums import EnrollmentStatus, PaymentKind
from schemas.temporal import enrollment_workflow_id
from worker import WorkerDeps, general_activities
from workflows.enrollment import EnrollmentWorkflow, refund_window_end

Fault = Callable[[ExecuteActivityInput], Awaitable[None]]


class FaultInjector(Interceptor):
    """A Temporal activity interceptor: runs a hook before the named activity executes.

    This is the seam the tests use to inject failures: the production activity code runs
    unchanged, the hook raises or blocks around it exactly as a crash or outage would.
    """

    def __init__(self, faults: dict[str, Fault]) -> None:
        self.faults = faults

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _FaultInbound(next, self.faults)


class _FaultInbound(ActivityInboundInterceptor):
    def __init__(self, next: ActivityInboundInterceptor, faults: dict[str, Fault]) -> None:
        super().__init__(next)
        self.faults = faults

    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        hook = self.faults.get(activity.info().activity_type)
        if hook is not None:
            await hook(input)
        return await super().execute_activity(input)


@asynccontextmanager
async def running_worker(
    client: Client,
    deps: WorkerDeps,
    task_queue: str,
    *,
    faults: dict[str, Fault] | None = None,
    graceful_s: float = 0.0,
) -> AsyncIterator[Worker]:
    """The general worker as build_workers makes it, plus an optional fault interceptor."""
    worker = Worker(
        client,
        task_queue=task_queue,
        workflows=[EnrollmentWorkflow],
        activities=general_activities(deps),
        interceptors=[FaultInjector(faults or {})],
        graceful_shutdown_timeout=timedelta(seconds=graceful_s),
    )
    async with worker:
        yield worker


@dataclass
class Saga:
    handle: WorkflowHandle[EnrollmentWorkflow, EnrollmentView]
    input: EnrollmentInput

    @property
    def enrollment_id(self) -> uuid.UUID:
        return self.input.enrollment_id

    async def outcome(self, wait_s: float = 20.0) -> EnrollmentView:
        return await self.handle.execute_update(
            EnrollmentWorkflow.await_outcome, AnswerRequest(wait_s=wait_s)
        )


async def start_saga(
    client: Client,
    settings: Settings,
    course_id: uuid.UUID,
    student_id: uuid.UUID,
    *,
    token: str | None = "tok_visa",
) -> Saga:
    """Starts the workflow the way the API does (same ID, same input), without HTTP."""
    input = EnrollmentInput(
        enrollment_id=uuid.uuid4(),
        course_id=course_id,
        student_id=student_id,
        payment_token=token,
        refund_window_days=settings.refund_window_days,
        waitlist_deadline_s=settings.waitlist_deadline_s,
    )
    handle = await client.start_workflow(
        EnrollmentWorkflow.run,
        input,
        id=enrollment_workflow_id(course_id, student_id),
        task_queue=settings.task_queue,
    )
    return Saga(handle=handle, input=input)


async def wait_for_status(
    sessionmaker: async_sessionmaker[AsyncSession],
    enrollment_id: uuid.UUID,
    wanted: EnrollmentStatus,
    *,
    attempts: int = 200,
) -> Enrollment:
    """Poll the projection (the API's view) until the saga wrote ``wanted``."""
    for _ in range(attempts):
        async with sessionmaker() as session:
            row = await session.get(Enrollment, enrollment_id)
            if row is not None and row.status is wanted:
                return row
        await asyncio.sleep(0.1)
    raise AssertionError(f"enrollment {enrollment_id} never became {wanted.value}")


@dataclass
class Ledger:
    charges: dict[uuid.UUID, int] = field(default_factory=dict)
    refunds: dict[uuid.UUID, int] = field(default_factory=dict)

    def net(self, enrollment_id: uuid.UUID) -> int:
        return self.charges.get(enrollment_id, 0) - self.refunds.get(enrollment_id, 0)


async def ledger(session: AsyncSession, enrollment_ids: Sequence[uuid.UUID]) -> Ledger:
    result = Ledger()
    rows = await session.execute(
        select(Payment.enrollment_id, Payment.kind, func.sum(Payment.amount_cents))
        .where(Payment.enrollment_id.in_(enrollment_ids))
        .group_by(Payment.enrollment_id, Payment.kind)
    )
    for enrollment_id, kind, total in rows:
        target = result.charges if kind is PaymentKind.charge else result.refunds
        target[enrollment_id] = int(total)
    return result


def kept_price(row: Enrollment, course: Course, settings: Settings) -> int:
    """What the platform may keep: the price of an enrollment that is active, completed, or
    cancelled after its refund window closed; nothing otherwise."""
    if row.status in (EnrollmentStatus.active, EnrollmentStatus.completed):
        return course.price_cents
    if row.status is EnrollmentStatus.cancelled and row.activated_at is not None:
        assert row.cancelled_at is not None
        end = refund_window_end(row.activated_at, course.starts_at, settings.refund_window_days)
        return course.price_cents if row.cancelled_at > end else 0
    return 0


async def assert_money_and_seats(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    course_ids: Sequence[uuid.UUID],
) -> None:
    """The saga invariants over every enrollment of the given courses:

    - charges - refunds = the price of every enrollment that is active, completed, or
      cancelled outside the refund window (per enrollment, hence also in total);
    - no enrollment is charged twice or refunded twice;
    - seats_taken equals the enrollments holding a seat, never above capacity, and only
      active/completed enrollments hold seats once the sagas have settled;
    - progress rows exist only for enrollments that are active or completed (or cancelled).
    """
    async with sessionmaker() as session:
        for course_id in course_ids:
            course = await session.get(Course, course_id)
            assert course is not None
            await session.refresh(course)
            rows = list(
                await session.scalars(select(Enrollment).where(Enrollment.course_id == course_id))
            )
            money = await ledger(session, [r.id for r in rows])
            count = await session.execute(
                select(Payment.enrollment_id, Payment.kind, func.count())
                .where(Payment.enrollment_id.in_([r.id for r in rows]))
                .group_by(Payment.enrollment_id, Payment.kind)
            )
            assert all(n == 1 for _, _, n in count), "an enrollment was charged/refunded twice"
            for row in rows:
                assert money.net(row.id) == kept_price(row, course, settings), (
                    f"ledger of {row.status.value} enrollment {row.id}: net {money.net(row.id)}"
                )
            held = [r for r in rows if r.seat_held]
            assert course.seats_taken == len(held)
            if course.capacity is not None:
                assert course.seats_taken <= course.capacity
            assert all(
                r.status in (EnrollmentStatus.active, EnrollmentStatus.completed) for r in held
            ), "a seat is held by an enrollment that is not active"
            with_progress = set(
                await session.scalars(
                    select(SectionProgress.enrollment_id).where(
                        SectionProgress.enrollment_id.in_([r.id for r in rows])
                    )
                )
            )
            allowed = {
                r.id
                for r in rows
                if r.status
                in (EnrollmentStatus.active, EnrollmentStatus.completed, EnrollmentStatus.cancelled)
            }
            assert with_progress <= allowed, "a failed enrollment kept progress rows"


async def payments_of(
    sessionmaker: async_sessionmaker[AsyncSession], enrollment_id: uuid.UUID
) -> list[Payment]:
    async with sessionmaker() as session:
        return list(
            await session.scalars(
                select(Payment)
                .where(Payment.enrollment_id == enrollment_id)
                .order_by(Payment.created_at)
            )
        )


async def progress_rows(
    sessionmaker: async_sessionmaker[AsyncSession], enrollment_id: uuid.UUID
) -> int:
    async with sessionmaker() as session:
        n = await session.scalar(
            select(func.count())
            .select_from(SectionProgress)
            .where(SectionProgress.enrollment_id == enrollment_id)
        )
        return int(n or 0)


async def seats_taken(sessionmaker: async_sessionmaker[AsyncSession], course_id: uuid.UUID) -> int:
    async with sessionmaker() as session:
        n = await session.scalar(select(Course.seats_taken).where(Course.id == course_id))
        return int(n or 0)
