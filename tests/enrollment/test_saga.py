"""The enrollment saga on the real dev server and PostgreSQL: forward path, declines,
transient failures, compensations, crash recovery, completion."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from sqlalchemy import select
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.exceptions import ApplicationError
from temporalio.worker import ExecuteActivityInput

from adapters.mail.smtp import SmtpMailer
from db.models import Notification
from schemas.enrollment import EnrollmentView
from schemas.enums import EnrollmentStatus, PaymentKind
from schemas.temporal import COURSE_ID, ENROLLMENT_STATUS, STUDENT_ID
from tests.enrollment.conftest import EnrollEnv
from tests.enrollment.support import (
    assert_money_and_seats,
    payments_of,
    progress_rows,
    running_worker,
    seats_taken,
    start_saga,
)
from tests.support.history import local_activities, scheduled_activities
from workflows.enrollment import EnrollmentWorkflow


async def final_attempts(
    handle: WorkflowHandle[EnrollmentWorkflow, EnrollmentView], activity_name: str
) -> list[int]:
    """The attempt that finished each scheduled ``activity_name`` (history records only the
    last attempt's start event, with its attempt number)."""
    scheduled: dict[int, str] = {}
    attempts = []
    async for event in handle.fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            scheduled[event.event_id] = (
                event.activity_task_scheduled_event_attributes.activity_type.name
            )
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            attrs = event.activity_task_started_event_attributes
            if scheduled.get(attrs.scheduled_event_id) == activity_name:
                attempts.append(attrs.attempt)
    return attempts


async def steps_in_order(handle: WorkflowHandle[EnrollmentWorkflow, EnrollmentView]) -> list[str]:
    """Every activity and local activity the run recorded, in history order."""
    names = []
    async for event in handle.fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            names.append(event.activity_task_scheduled_event_attributes.activity_type.name)
        elif event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED:
            attrs = event.marker_recorded_event_attributes
            if attrs.marker_name == "core_local_activity":
                data = json.loads(attrs.details["data"].payloads[0].data)
                names.append(str(data["activity_type"]))
    return names


async def notification_kinds(env: EnrollEnv, user_id: uuid.UUID, expected: int) -> list[str]:
    for _ in range(100):
        async with env.sessionmaker() as session:
            kinds = list(
                await session.scalars(
                    select(Notification.kind).where(Notification.user_id == user_id)
                )
            )
        if len(kinds) >= expected:
            return kinds
        await asyncio.sleep(0.1)
    return kinds


async def summaries(
    client: Client, handle: WorkflowHandle[EnrollmentWorkflow, EnrollmentView]
) -> list[str]:
    """Activity summaries as the UI shows them (decoded with the client's codec)."""
    converter = client.data_converter
    out = []
    async for event in handle.fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            payload = event.user_metadata.summary
            if converter.payload_codec is not None:
                [payload] = await converter.payload_codec.decode([payload])
            out.append(converter.payload_converter.from_payload(payload, str))
    return out


async def test_priced_enrollment_becomes_active_with_one_charge_and_progress(
    env: EnrollEnv,
) -> None:
    course = await env.course(price_cents=4900, capacity=5, optional_last_section=True)
    student = await env.student()
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        saga = await start_saga(env.client, env.settings, course.id, student.id)
        view = await saga.outcome()
        assert view.status is EnrollmentStatus.active
        assert view.charged_cents == 4900
        described = await saga.handle.describe()
        attributes = described.typed_search_attributes
        assert attributes.get(ENROLLMENT_STATUS) == "active"
        assert attributes.get(COURSE_ID) == str(course.id)
        assert attributes.get(STUDENT_ID) == str(student.id)
        assert "charge 49.00 USD, tok_visa" in await summaries(env.client, saga.handle)
        assert await notification_kinds(env, student.id, 1) == ["enrollment.active"]
    payments = await payments_of(env.sessionmaker, saga.enrollment_id)
    assert [(p.kind, p.amount_cents, p.idempotency_key) for p in payments] == [
        (PaymentKind.charge, 4900, str(saga.enrollment_id))
    ]
    # 2 lessons x 2 sections, the last section of each lesson optional: 2 required.
    assert await progress_rows(env.sessionmaker, saga.enrollment_id) == 2
    assert await seats_taken(env.sessionmaker, course.id) == 1
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


@pytest.mark.parametrize(
    ("token", "code"),
    [("tok_chargeDeclined", "card_declined"), ("tok_insufficientFunds", "insufficient_funds")],
)
async def test_declined_card_fails_without_charge_seat_or_progress(
    env: EnrollEnv, token: str, code: str
) -> None:
    course = await env.course(price_cents=4900, capacity=3)
    student = await env.student()
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        saga = await start_saga(env.client, env.settings, course.id, student.id, token=token)
        result = await saga.handle.result()
    assert result.status is EnrollmentStatus.failed
    assert result.reason == f"payment_declined: {code}"
    assert await payments_of(env.sessionmaker, saga.enrollment_id) == []
    assert await progress_rows(env.sessionmaker, saga.enrollment_id) == 0
    assert await seats_taken(env.sessionmaker, course.id) == 0
    # Declines are permanent: one attempt, no retry.
    assert await final_attempts(saga.handle, "charge_payment") == [1]
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_processing_error_is_retried_and_then_charged_once(env: EnrollEnv) -> None:
    course = await env.course(price_cents=1999)
    student = await env.student()
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        saga = await start_saga(
            env.client, env.settings, course.id, student.id, token="tok_processingError"
        )
        view = await saga.outcome()
        assert view.status is EnrollmentStatus.active
        assert await final_attempts(saga.handle, "charge_payment") == [2]
    payments = await payments_of(env.sessionmaker, saga.enrollment_id)
    assert [(p.kind, p.amount_cents) for p in payments] == [(PaymentKind.charge, 1999)]
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_failure_in_progress_init_after_charge_refunds_and_releases(
    env: EnrollEnv,
) -> None:
    course = await env.course(price_cents=4900, capacity=2)
    student = await env.student()

    async def broken_progress(_input: ExecuteActivityInput) -> None:
        raise ApplicationError("injected: section store offline", non_retryable=True)

    async with running_worker(
        env.client, env.deps, env.settings.task_queue, faults={"init_progress": broken_progress}
    ):
        saga = await start_saga(env.client, env.settings, course.id, student.id)
        result = await saga.handle.result()
    assert result.status is EnrollmentStatus.failed
    assert result.reason == "progress_failed: injected: section store offline"
    payments = await payments_of(env.sessionmaker, saga.enrollment_id)
    assert [(p.kind, p.amount_cents) for p in payments] == [
        (PaymentKind.charge, 4900),
        (PaymentKind.refund, 4900),
    ]
    assert await seats_taken(env.sessionmaker, course.id) == 0
    assert await progress_rows(env.sessionmaker, saga.enrollment_id) == 0
    # Compensations in reverse order of the steps they undo (the database steps are local
    # activities, the refund an activity: their history events in order).
    names = await steps_in_order(saga.handle)
    tail = [n for n in names if n in ("remove_progress", "refund_payment", "release_seat")]
    assert tail == ["remove_progress", "refund_payment", "release_seat"]
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_worker_killed_after_charge_resumes_without_charging_again(
    env: EnrollEnv,
) -> None:
    """The first worker stops while progress initialisation runs (the charge is done); the
    retried step and a fresh worker with an empty cache finish with the one charge. (A real
    SIGKILL mid-step is tests/chaos/test_worker_kill.py's.)"""
    course = await env.course(price_cents=4900)
    student = await env.student()
    reached = asyncio.Event()

    async def hang_first_attempt(_input: ExecuteActivityInput) -> None:
        from temporalio import activity

        if activity.info().attempt == 1:
            reached.set()
            await asyncio.Event().wait()  # blocks until the worker is torn down

    first = running_worker(
        env.client, env.deps, env.settings.task_queue, faults={"init_progress": hang_first_attempt}
    )
    await first.__aenter__()
    saga = await start_saga(env.client, env.settings, course.id, student.id)
    await asyncio.wait_for(reached.wait(), timeout=30)
    assert len(await payments_of(env.sessionmaker, saga.enrollment_id)) == 1
    await first.__aexit__(None, None, None)  # abrupt: zero graceful-shutdown time
    # init_progress is a local activity: the shutdown cut its first attempt, and the worker
    # (or the next one, after replaying) ran the retry; nothing is charged twice.

    async with running_worker(env.client, env.deps, env.settings.task_queue):
        view = await saga.outcome()
    assert view.status is EnrollmentStatus.active
    names = await scheduled_activities(saga.handle)
    assert names.count("charge_payment") == 1
    [attempt] = [a for n, a in await local_activities(saga.handle) if n == "init_progress"]
    assert attempt >= 2  # recorded once, by the attempt after the cut one
    payments = await payments_of(env.sessionmaker, saga.enrollment_id)
    assert [(p.kind, p.amount_cents) for p in payments] == [(PaymentKind.charge, 4900)]
    assert await progress_rows(env.sessionmaker, saga.enrollment_id) == 4
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_mark_completed_ends_the_saga_completed(env: EnrollEnv) -> None:
    course = await env.course(price_cents=1000)
    student = await env.student()
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        saga = await start_saga(env.client, env.settings, course.id, student.id)
        assert (await saga.outcome()).status is EnrollmentStatus.active
        await saga.handle.signal(EnrollmentWorkflow.mark_completed)
        result = await saga.handle.result()
    assert result.status is EnrollmentStatus.completed
    assert result.refunded_cents == 0
    async with env.sessionmaker() as session:
        from db.models import Enrollment

        row = await session.get(Enrollment, saga.enrollment_id)
        assert row is not None and row.completed_at is not None
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


class Inbox:
    """An aiosmtpd handler that keeps what it accepted."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


async def _failed_attempts(handle: WorkflowHandle[Any, Any], activity_name: str) -> int:
    """Failed attempts so far of a pending ``activity_name`` (0 while none has failed)."""
    described = await handle.describe()
    for pending in described.raw_description.pending_activities:
        if pending.activity_type.name == activity_name and pending.HasField("last_failure"):
            return int(pending.attempt) - 1
    return 0


async def test_an_smtp_outage_delays_the_mail_and_never_undoes_the_enrollment(
    env_factory: Callable[..., EnrollEnv], reserve_port: Callable[[], int]
) -> None:
    """The real SmtpMailer against aiosmtpd: down while the saga notifies, up again later."""
    port = reserve_port()  # held, so the restarted server gets the same port back
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    env = env_factory(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
    assert isinstance(env.deps.mailer, SmtpMailer)
    course = await env.course(price_cents=500)
    student = await env.student()
    smtp.stop()  # the outage begins before the saga reaches its notification
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        saga = await start_saga(env.client, env.settings, course.id, student.id)
        assert (await saga.outcome()).status is EnrollmentStatus.active
        for _ in range(300):  # a readiness wait: two sends have failed against the dead port
            if await _failed_attempts(saga.handle, "notify_user") >= 2:
                break
            await asyncio.sleep(0.1)
        assert await _failed_attempts(saga.handle, "notify_user") >= 2
        assert inbox.envelopes == []
        smtp = Controller(inbox, hostname="127.0.0.1", port=port)
        smtp.start()
        try:
            for _ in range(300):  # the next retry (at most 10 s away) delivers
                if await final_attempts(saga.handle, "notify_user"):
                    break
                await asyncio.sleep(0.1)
            status = await saga.handle.query(EnrollmentWorkflow.status)
        finally:
            smtp.stop()
    assert status.status is EnrollmentStatus.active
    [attempts] = await final_attempts(saga.handle, "notify_user")
    assert attempts >= 3
    [envelope] = inbox.envelopes  # delivered once
    assert envelope.rcpt_tos == [student.email]
    [payment] = await payments_of(env.sessionmaker, saga.enrollment_id)
    assert payment.kind is PaymentKind.charge  # charged once, never refunded
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])
