"""Payments port: charges and refunds, each idempotent by a caller-chosen key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from schemas.enums import PaymentKind


class PaymentDeclined(Exception):
    """The card was refused. Permanent: retrying the same token cannot succeed."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class PaymentUnavailable(Exception):
    """The processor failed transiently (outage, timeout). The caller retries the same key."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class PaymentConflict(Exception):
    """An idempotency key was reused for a different operation or amount. Permanent."""


@dataclass(frozen=True)
class LedgerEntry:
    payment_id: uuid.UUID
    kind: PaymentKind
    idempotency_key: str
    amount_cents: int
    currency: str
    gateway_ref: str


class PaymentGateway(Protocol):
    name: str

    async def charge(
        self,
        *,
        enrollment_id: uuid.UUID,
        idempotency_key: str,
        amount_cents: int,
        currency: str,
        token: str,
    ) -> LedgerEntry:
        """Charge once per key: a repeated call returns the first charge, never a second."""

    async def refund(
        self,
        *,
        enrollment_id: uuid.UUID,
        idempotency_key: str,
        charge_key: str,
        amount_cents: int,
    ) -> LedgerEntry | None:
        """Refund part or all of the charge under ``charge_key``, once per key.

        Returns None when there is no such charge (nothing was taken, nothing to give back).
        """
