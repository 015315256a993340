"""The sandbox gateway's ledger: idempotent by key, test tokens, refunds."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import func, select

from adapters.payments import charge_key, refund_key
from adapters.payments.port import PaymentConflict, PaymentDeclined, PaymentUnavailable
from adapters.payments.sandbox import SandboxGateway
from db.models import Payment
from schemas.enums import PaymentKind
from tests.enrollment.conftest import EnrollEnv


async def rows(env: EnrollEnv, enrollment_id: uuid.UUID) -> list[tuple[PaymentKind, int]]:
    async with env.sessionmaker() as session:
        result = await session.execute(
            select(Payment.kind, Payment.amount_cents)
            .where(Payment.enrollment_id == enrollment_id)
            .order_by(Payment.created_at)
        )
        return [(kind, amount) for kind, amount in result]


async def charge(gateway: SandboxGateway, enrollment_id: uuid.UUID, token: str) -> object:
    return await gateway.charge(
        enrollment_id=enrollment_id,
        idempotency_key=charge_key(enrollment_id),
        amount_cents=4900,
        currency="USD",
        token=token,
    )


async def test_a_charge_is_recorded_once_however_often_it_is_requested(env: EnrollEnv) -> None:
    gateway = SandboxGateway(env.sessionmaker)
    enrollment_id = await env.enrollment(price_cents=4900)
    entries = await asyncio.gather(*(charge(gateway, enrollment_id, "tok_visa") for _ in range(8)))
    assert len({e.payment_id for e in entries}) == 1  # type: ignore[attr-defined]
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
    gateway = SandboxGateway(env.sessionmaker)
    enrollment_id = await env.enrollment(price_cents=4900)
    with pytest.raises(PaymentDeclined) as declined:
        await charge(gateway, enrollment_id, token)
    assert declined.value.code == code
    assert await rows(env, enrollment_id) == []


async def test_processing_error_fails_transiently_then_charges(env: EnrollEnv) -> None:
    gateway = SandboxGateway(env.sessionmaker, processing_error_failures=2)
    enrollment_id = await env.enrollment(price_cents=4900)
    for _ in range(2):
        with pytest.raises(PaymentUnavailable):
            await charge(gateway, enrollment_id, "tok_processingError")
        assert await rows(env, enrollment_id) == []
    await charge(gateway, enrollment_id, "tok_processingError")
    assert await rows(env, enrollment_id) == [(PaymentKind.charge, 4900)]


async def test_refunds_are_idempotent_bounded_and_need_a_charge(env: EnrollEnv) -> None:
    gateway = SandboxGateway(env.sessionmaker)
    enrollment_id = await env.enrollment(price_cents=4900)

    async def refund(amount: int) -> object:
        return await gateway.refund(
            enrollment_id=enrollment_id,
            idempotency_key=refund_key(enrollment_id),
            charge_key=charge_key(enrollment_id),
            amount_cents=amount,
        )

    assert await refund(4900) is None  # nothing charged, nothing to give back
    await charge(gateway, enrollment_id, "tok_visa")
    with pytest.raises(PaymentConflict):
        await refund(5000)
    first, second = await refund(4900), await refund(4900)
    assert first == second
    assert await rows(env, enrollment_id) == [
        (PaymentKind.charge, 4900),
        (PaymentKind.refund, 4900),
    ]
    async with env.sessionmaker() as session:
        keys = await session.scalar(
            select(func.count(Payment.idempotency_key.distinct())).where(
                Payment.enrollment_id == enrollment_id
            )
        )
    assert keys == 2
