"""The payments ledger: ours, not the gateway's.

Every charge and refund is a row in ``payments`` whose ``idempotency_key`` is unique (the
enrollment ID for its charge, ``refund:<enrollment ID>`` for its one full refund). The
activity looks the key up before it calls the gateway and records the row after: a retry
after a crash finds the row, or calls the gateway again with the same key, which the gateway
answers with the first result (a real gateway deduplicates by key, as the sandbox does).
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from core.logging import get_logger
from db.models import Payment
from db.queries import enrollment as q
from schemas.enrollment import PaymentRecord
from schemas.enums import PaymentKind
from services.errors import Conflict

log = get_logger("courseflow.payments")


class PaymentConflict(Conflict):
    """An idempotency key reused for another operation or amount, or a refund larger than
    its charge. Permanent."""


def charge_key(enrollment_id: uuid.UUID) -> str:
    """The charge's idempotency key: the enrollment ID itself."""
    return str(enrollment_id)


def refund_key(enrollment_id: uuid.UUID) -> str:
    """One full refund per enrollment, derived from the charge key."""
    return f"refund:{enrollment_id}"


def payment_record(row: Payment, kind: PaymentKind, amount_cents: int) -> PaymentRecord:
    """The row as the saga sees it, when it is the operation asked for under its key."""
    if row.kind is not kind or row.amount_cents != amount_cents:
        raise PaymentConflict(
            f"idempotency key {row.idempotency_key} was used for a {row.kind.value} "
            f"of {row.amount_cents}"
        )
    return PaymentRecord(
        payment_id=row.id,
        amount_cents=row.amount_cents,
        currency=row.currency,
        gateway_ref=row.gateway_ref,
    )


async def find_payment(session: AsyncSession, idempotency_key: str) -> Payment | None:
    return await q.payment_by_key(session, idempotency_key)


def refundable(charge: Payment, amount_cents: int) -> None:
    if amount_cents > charge.amount_cents:
        raise PaymentConflict(f"refund of {amount_cents} exceeds the charge")


async def record_payment(
    session: AsyncSession,
    *,
    enrollment_id: uuid.UUID,
    idempotency_key: str,
    kind: PaymentKind,
    amount_cents: int,
    currency: str,
    gateway: str,
    gateway_ref: str,
) -> PaymentRecord:
    """The ledger row of what the gateway did (found instead when a retry wrote it first)."""
    payment_id = await q.insert_payment(
        session,
        {
            "enrollment_id": enrollment_id,
            "kind": kind,
            "idempotency_key": idempotency_key,
            "amount_cents": amount_cents,
            "currency": currency,
            "gateway": gateway,
            "gateway_ref": gateway_ref,
        },
    )
    event = "payment.charged" if kind is PaymentKind.charge else "payment.refunded"
    log.info(event, enrollment_id=str(enrollment_id), amount_cents=amount_cents)
    if payment_id is None:  # written first by a retry: that row is the entry
        existing = await q.payment_by_key(session, idempotency_key)
        assert existing is not None  # the insert skipped it because it exists
        return payment_record(existing, kind, amount_cents)
    return PaymentRecord(
        payment_id=payment_id, amount_cents=amount_cents, currency=currency, gateway_ref=gateway_ref
    )
