"""The payments ledger is ours: one row per idempotency key, whatever the gateway does; the
sandbox gateway only answers like a processor (test tokens, deduplication by key)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import func, select
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.enrollment import PAYMENT_CONFLICT, PAYMENT_DECLINED, PaymentActivities
from adapters.payments.port import (
    GatewayReceipt,
    PaymentConflict,
    PaymentDeclined,
    PaymentUnavailable,
)
from adapters.payments.sandbox import SandboxGateway
from db.models import Payment
from schemas.enrollment import ChargeInput, RefundInput
from schemas.enums import PaymentKind
from services.enrollment import charge_key, refund_key
from tests.enrollment.conftest import EnrollEnv


async def rows(env: EnrollEnv, enrollment_id: uuid.UUID) -> list[tuple[PaymentKind, int]]:
    async with env.sessionmaker() as session:
        result = await session.execute(
            select(Payment.kind, Payment.amount_cents)
            .where(Payment.enrollment_id == enrollment_id)
            .order_by(Payment.created_at)
        )
        return [(kind, amount) for kind, amount in result]


class CountingGateway(SandboxGateway):
    """The sandbox, counting the calls that reach it."""

    def __init__(self, **kwargs: int) -> None:
        super().__init__(**kwargs)
        self.charges = 0
        self.refunds = 0

    async def charge(self, **kwargs: object) -> GatewayReceipt:  # type: ignore[override]
        self.charges += 1
        return await super().charge(**kwargs)  # type: ignore[arg-type]

    async def refund(self, **kwargs: object) -> GatewayReceipt:  # type: ignore[override]
        self.refunds += 1
        return await super().refund(**kwargs)  # type: ignore[arg-type]


def _charge(enrollment_id: uuid.UUID, token: str, amount: int = 4900) -> ChargeInput:
    return ChargeInput(
        enrollment_id=enrollment_id, amount_cents=amount, currency="USD", token=token
    )


async def test_a_charge_is_recorded_once_however_often_it_is_requested(env: EnrollEnv) -> None:
    gateway = CountingGateway()
    payments = PaymentActivities(env.sessionmaker, gateway)
    enrollment_id = await env.enrollment(price_cents=4900)
    act = ActivityEnvironment()
    entries = await asyncio.gather(
        *(act.run(payments.charge_payment, _charge(enrollment_id, "tok_visa")) for _ in range(8))
    )
    assert len({e.payment_id for e in entries}) == 1
    assert await rows(env, enrollment_id) == [(PaymentKind.charge, 4900)]
    # Once the row exists, a retry is answered from our ledger: the gateway is not called.
    before = gateway.charges
    await act.run(payments.charge_payment, _charge(enrollment_id, "tok_visa"))
    assert gateway.charges == before


async def test_a_reused_key_for_another_amount_is_a_permanent_conflict(env: EnrollEnv) -> None:
    payments = PaymentActivities(env.sessionmaker, SandboxGateway())
    enrollment_id = await env.enrollment(price_cents=4900)
    act = ActivityEnvironment()
    await act.run(payments.charge_payment, _charge(enrollment_id, "tok_visa"))
    with pytest.raises(ApplicationError) as conflict:
        await act.run(payments.charge_payment, _charge(enrollment_id, "tok_visa", amount=5000))
    assert conflict.value.type == PAYMENT_CONFLICT and conflict.value.non_retryable
    assert await rows(env, enrollment_id) == [(PaymentKind.charge, 4900)]


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("tok_chargeDeclined", "card_declined"),
        ("tok_insufficientFunds", "insufficient_funds"),
        ("tok_unknown", "invalid_token"),
    ],
)
async def test_declined_tokens_write_nothing(env: EnrollEnv, token: str, code: str) -> None:
    payments = PaymentActivities(env.sessionmaker, SandboxGateway())
    enrollment_id = await env.enrollment(price_cents=4900)
    with pytest.raises(ApplicationError) as declined:
        await ActivityEnvironment().run(payments.charge_payment, _charge(enrollment_id, token))
    assert (declined.value.type, declined.value.message) == (PAYMENT_DECLINED, code)
    assert declined.value.non_retryable
    assert await rows(env, enrollment_id) == []


async def test_processing_error_fails_transiently_then_charges(env: EnrollEnv) -> None:
    payments = PaymentActivities(env.sessionmaker, SandboxGateway(processing_error_failures=2))
    enrollment_id = await env.enrollment(price_cents=4900)
    act = ActivityEnvironment()
    for _ in range(2):
        with pytest.raises(ApplicationError) as transient:
            await act.run(payments.charge_payment, _charge(enrollment_id, "tok_processingError"))
        assert not transient.value.non_retryable
        assert await rows(env, enrollment_id) == []
    await act.run(payments.charge_payment, _charge(enrollment_id, "tok_processingError"))
    assert await rows(env, enrollment_id) == [(PaymentKind.charge, 4900)]


async def test_refunds_are_idempotent_bounded_and_need_a_charge(env: EnrollEnv) -> None:
    gateway = CountingGateway()
    payments = PaymentActivities(env.sessionmaker, gateway)
    enrollment_id = await env.enrollment(price_cents=4900)
    act = ActivityEnvironment()

    async def refund(amount: int) -> object:
        return await act.run(
            payments.refund_payment, RefundInput(enrollment_id=enrollment_id, amount_cents=amount)
        )

    assert await refund(4900) is None  # nothing charged, nothing to give back
    assert gateway.refunds == 0
    await act.run(payments.charge_payment, _charge(enrollment_id, "tok_visa"))
    with pytest.raises(ApplicationError) as too_much:
        await refund(5000)
    assert too_much.value.type == PAYMENT_CONFLICT and gateway.refunds == 0
    first, second = await refund(4900), await refund(4900)
    assert first == second and gateway.refunds == 1
    assert await rows(env, enrollment_id) == [
        (PaymentKind.charge, 4900),
        (PaymentKind.refund, 4900),
    ]
    async with env.sessionmaker() as session:
        keys = set(
            await session.scalars(
                select(Payment.idempotency_key).where(Payment.enrollment_id == enrollment_id)
            )
        )
        gateways = await session.scalar(
            select(func.count(Payment.gateway_ref.distinct())).where(
                Payment.enrollment_id == enrollment_id, Payment.gateway == "sandbox"
            )
        )
    assert keys == {charge_key(enrollment_id), refund_key(enrollment_id)} and gateways == 2


async def test_the_sandbox_answers_like_a_processor_and_stores_nothing() -> None:
    """The port: charges and refunds deduplicated by key; no database anywhere."""
    gateway = SandboxGateway()
    first = await gateway.charge(
        idempotency_key="k", amount_cents=100, currency="USD", token="tok_visa"
    )
    again = await gateway.charge(
        idempotency_key="k", amount_cents=100, currency="USD", token="tok_visa"
    )
    assert first == again and first.reference.startswith("sbx_ch_")
    with pytest.raises(PaymentConflict):
        await gateway.charge(
            idempotency_key="k", amount_cents=200, currency="USD", token="tok_visa"
        )
    with pytest.raises(PaymentDeclined):
        await gateway.charge(
            idempotency_key="d", amount_cents=100, currency="USD", token="tok_chargeDeclined"
        )
    with pytest.raises(PaymentUnavailable):
        await gateway.charge(
            idempotency_key="p", amount_cents=100, currency="USD", token="tok_processingError"
        )
    refund = await gateway.refund(
        idempotency_key="r", charge_reference=first.reference, amount_cents=100
    )
    assert refund.reference.startswith("sbx_re_")
    with pytest.raises(PaymentConflict):
        await gateway.refund(idempotency_key="x", charge_reference="ch_other", amount_cents=1)
