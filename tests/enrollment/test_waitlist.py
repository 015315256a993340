"""Seats under contention, the FIFO waitlist, cancellation and the refund window."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from db.base import utcnow
from db.models import Enrollment
from db.queries.enrollment import waitlist_position
from schemas.enrollment import CancelRequest
from schemas.enums import EnrollmentStatus, PaymentKind
from tests.enrollment.conftest import EnrollEnv
from tests.enrollment.support import (
    Saga,
    assert_money_and_seats,
    payments_of,
    running_worker,
    seats_taken,
    start_saga,
    wait_for_status,
)
from workflows.enrollment import EnrollmentWorkflow


async def test_fifty_concurrent_enrollments_fill_ten_seats_never_more(env: EnrollEnv) -> None:
    course = await env.course(capacity=10)
    students = await env.students(50)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        sagas = await asyncio.gather(
            *(start_saga(env.client, env.settings, course.id, s.id) for s in students)
        )
        views = await asyncio.gather(*(saga.outcome() for saga in sagas))
        statuses = Counter(view.status for view in views)
        assert statuses == {EnrollmentStatus.active: 10, EnrollmentStatus.waitlisted: 40}
        assert await queue_positions(env, course.id) == list(range(1, 41))
        assert await seats_taken(env.sessionmaker, course.id) == 10
        await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])
        await asyncio.gather(
            *(
                s.handle.terminate("test over")
                for s, v in zip(sagas, views, strict=True)
                if v.status is EnrollmentStatus.waitlisted
            )
        )


async def queue_positions(env: EnrollEnv, course_id: uuid.UUID) -> list[int]:
    async with env.sessionmaker() as session:
        rows = await session.scalars(
            select(Enrollment).where(
                Enrollment.course_id == course_id,
                Enrollment.status == EnrollmentStatus.waitlisted,
            )
        )
        return sorted([await waitlist_position(session, row) or 0 for row in rows])


async def _enroll_in_order(env: EnrollEnv, course_id: uuid.UUID, n: int) -> list[Saga]:
    """n sagas started one after another, each settled before the next (FIFO is defined)."""
    sagas = []
    for student in await env.students(n):
        saga = await start_saga(env.client, env.settings, course_id, student.id)
        await saga.outcome()
        sagas.append(saga)
    return sagas


async def test_cancel_within_window_refunds_and_promotes_first_waitlisted(env: EnrollEnv) -> None:
    course = await env.course(price_cents=4900, capacity=1)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        first, second, third = await _enroll_in_order(env, course.id, 3)
        assert (await second.outcome()).status is EnrollmentStatus.waitlisted
        assert (await third.outcome()).waitlist_position == 2
        cancelled = await first.handle.execute_update(
            EnrollmentWorkflow.cancel, CancelRequest(enrollment_id=first.enrollment_id)
        )
        assert cancelled.status is EnrollmentStatus.cancelled
        assert cancelled.refunded_cents == cancelled.charged_cents == 4900
        await wait_for_status(env.sessionmaker, second.enrollment_id, EnrollmentStatus.active)
        third_view = await third.handle.query(EnrollmentWorkflow.status)
        assert third_view.status is EnrollmentStatus.waitlisted
        assert third_view.waitlist_position in (1, 2)  # the saga's copy; the table says 1
    first_payments = await payments_of(env.sessionmaker, first.enrollment_id)
    assert [(p.kind, p.amount_cents) for p in first_payments] == [
        (PaymentKind.charge, 4900),
        (PaymentKind.refund, 4900),
    ]
    second_payments = await payments_of(env.sessionmaker, second.enrollment_id)
    assert [(p.kind, p.amount_cents) for p in second_payments] == [(PaymentKind.charge, 4900)]
    assert await payments_of(env.sessionmaker, third.enrollment_id) == []
    assert await seats_taken(env.sessionmaker, course.id) == 1
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])
    await third.handle.terminate("test over")


async def test_cancel_outside_window_keeps_the_money(
    env_factory: Callable[..., EnrollEnv],
) -> None:
    env = env_factory(refund_window_days=0)
    course = await env.course(price_cents=2500, capacity=3)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        [saga] = await _enroll_in_order(env, course.id, 1)
        await asyncio.sleep(0.05)  # the 0-day window closes right after activation
        result = await saga.handle.execute_update(
            EnrollmentWorkflow.cancel, CancelRequest(enrollment_id=saga.enrollment_id)
        )
    assert result.status is EnrollmentStatus.cancelled
    assert result.refunded_cents == 0
    assert result.reason is not None and "no refund" in result.reason
    payments = await payments_of(env.sessionmaker, saga.enrollment_id)
    assert [(p.kind, p.amount_cents) for p in payments] == [(PaymentKind.charge, 2500)]
    assert await seats_taken(env.sessionmaker, course.id) == 0
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_refund_window_counts_from_course_start_when_later(
    env_factory: Callable[..., EnrollEnv],
) -> None:
    env = env_factory(refund_window_days=0)
    course = await env.course(price_cents=2500, starts_at=utcnow() + timedelta(days=30))
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        [saga] = await _enroll_in_order(env, course.id, 1)
        await saga.handle.signal(
            EnrollmentWorkflow.request_cancel, CancelRequest(enrollment_id=saga.enrollment_id)
        )
        result = await saga.handle.result()
    assert result.status is EnrollmentStatus.cancelled
    assert result.refunded_cents == 2500
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_cancel_while_waitlisted_leaves_the_queue_without_charge(env: EnrollEnv) -> None:
    course = await env.course(price_cents=900, capacity=1)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        holder, waiter = await _enroll_in_order(env, course.id, 2)
        await waiter.handle.signal(
            EnrollmentWorkflow.request_cancel, CancelRequest(enrollment_id=waiter.enrollment_id)
        )
        result = await waiter.handle.result()
        assert result.status is EnrollmentStatus.cancelled
        # The holder's later cancellation finds nobody waiting: the seat count drops.
        await holder.handle.execute_update(
            EnrollmentWorkflow.cancel, CancelRequest(enrollment_id=holder.enrollment_id)
        )
    assert await payments_of(env.sessionmaker, waiter.enrollment_id) == []
    assert await seats_taken(env.sessionmaker, course.id) == 0
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])
