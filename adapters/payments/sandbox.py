"""The sandbox gateway: no money moves, but the ledger is real.

Every charge and refund is a row in ``payments`` whose ``idempotency_key`` is unique, so a
retried call (after a crash, a timeout, a replay) finds the earlier row instead of writing a
second one. Tokens follow the common test-token convention:

- ``tok_visa`` succeeds;
- ``tok_chargeDeclined`` is declined (``card_declined``), ``tok_insufficientFunds`` is declined
  (``insufficient_funds``); both are permanent;
- ``tok_processingError`` fails transiently (``processing_error``) on the first
  ``processing_error_failures`` attempts for an idempotency key *in this gateway instance*
  (default 1), then succeeds — an outage that clears, so a caller's retry is observable and
  ends in a charge. A fresh process starts counting again;
- any other token is declined permanently (``invalid_token``).
"""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.payments.port import (
    LedgerEntry,
    PaymentConflict,
    PaymentDeclined,
    PaymentUnavailable,
)
from core.logging import get_logger
from db.models import Payment
from db.queries.inserts import insert_or_select
from db.session import transaction
from schemas.enums import PaymentKind

log = get_logger("courseflow.payments.sandbox")

SUCCESS_TOKENS = frozenset({"tok_visa"})
DECLINED_TOKENS = {
    "tok_chargeDeclined": "card_declined",
    "tok_insufficientFunds": "insufficient_funds",
}
TRANSIENT_TOKENS = {"tok_processingError": "processing_error"}


def _entry(row: Payment) -> LedgerEntry:
    return LedgerEntry(
        payment_id=row.id,
        kind=row.kind,
        idempotency_key=row.idempotency_key,
        amount_cents=row.amount_cents,
        currency=row.currency,
        gateway_ref=row.gateway_ref,
    )


class SandboxGateway:
    name = "sandbox"

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        processing_error_failures: int = 1,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.processing_error_failures = processing_error_failures
        self._transient_attempts: Counter[str] = Counter()

    @staticmethod
    async def _find(session: AsyncSession, key: str) -> Payment | None:
        row: Payment | None = await session.scalar(
            select(Payment).where(Payment.idempotency_key == key)
        )
        return row

    async def _insert(
        self,
        session: AsyncSession,
        *,
        enrollment_id: uuid.UUID,
        key: str,
        kind: PaymentKind,
        amount_cents: int,
        currency: str,
    ) -> Payment:
        """The ledger row for ``key``; a concurrent call that inserted it first wins, and its
        row is the one entry."""
        prefix = "ch" if kind is PaymentKind.charge else "re"
        row, _ = await insert_or_select(
            session,
            Payment,
            {
                "enrollment_id": enrollment_id,
                "kind": kind,
                "idempotency_key": key,
                "amount_cents": amount_cents,
                "currency": currency,
                "gateway": self.name,
                "gateway_ref": f"sbx_{prefix}_{uuid.uuid4().hex[:24]}",
            },
            conflict=["idempotency_key"],
        )
        return row

    def _authorise(self, key: str, token: str) -> None:
        if token in SUCCESS_TOKENS:
            return
        if token in DECLINED_TOKENS:
            raise PaymentDeclined(DECLINED_TOKENS[token])
        if token in TRANSIENT_TOKENS:
            self._transient_attempts[key] += 1
            if self._transient_attempts[key] <= self.processing_error_failures:
                raise PaymentUnavailable(TRANSIENT_TOKENS[token])
            return
        raise PaymentDeclined("invalid_token")

    @staticmethod
    def _same(row: Payment, kind: PaymentKind, amount_cents: int) -> LedgerEntry:
        if row.kind is not kind or row.amount_cents != amount_cents:
            raise PaymentConflict(
                f"idempotency key {row.idempotency_key} was used for a {row.kind.value} "
                f"of {row.amount_cents}"
            )
        return _entry(row)

    async def charge(
        self,
        *,
        enrollment_id: uuid.UUID,
        idempotency_key: str,
        amount_cents: int,
        currency: str,
        token: str,
    ) -> LedgerEntry:
        async with transaction(self.sessionmaker) as session:
            existing = await self._find(session, idempotency_key)
            if existing is not None:
                return self._same(existing, PaymentKind.charge, amount_cents)
            self._authorise(idempotency_key, token)
            row = await self._insert(
                session,
                enrollment_id=enrollment_id,
                key=idempotency_key,
                kind=PaymentKind.charge,
                amount_cents=amount_cents,
                currency=currency,
            )
        log.info("payment.charged", enrollment_id=str(enrollment_id), amount_cents=amount_cents)
        return self._same(row, PaymentKind.charge, amount_cents)

    async def refund(
        self,
        *,
        enrollment_id: uuid.UUID,
        idempotency_key: str,
        charge_key: str,
        amount_cents: int,
    ) -> LedgerEntry | None:
        async with transaction(self.sessionmaker) as session:
            existing = await self._find(session, idempotency_key)
            if existing is not None:
                return self._same(existing, PaymentKind.refund, amount_cents)
            charge = await self._find(session, charge_key)
            if charge is None:
                return None
            if amount_cents > charge.amount_cents:
                raise PaymentConflict(f"refund of {amount_cents} exceeds the charge")
            row = await self._insert(
                session,
                enrollment_id=enrollment_id,
                key=idempotency_key,
                kind=PaymentKind.refund,
                amount_cents=amount_cents,
                currency=charge.currency,
            )
        log.info("payment.refunded", enrollment_id=str(enrollment_id), amount_cents=amount_cents)
        return self._same(row, PaymentKind.refund, amount_cents)
