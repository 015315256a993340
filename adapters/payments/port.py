"""Payments port: the gateway's own calls and nothing else.

A gateway charges and refunds, each deduplicated by the caller's idempotency key (a repeated
call with the same key returns the first result, as real processors do). The ledger of what
was charged, and the choice of keys, are ours: ``services.enrollment.payments``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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
    """The processor refused a reused key (other amount) or an unknown charge. Permanent."""


@dataclass(frozen=True)
class GatewayReceipt:
    """What the processor did: its own reference for the charge or refund."""

    reference: str


class PaymentGateway(Protocol):
    name: str

    async def charge(
        self, *, idempotency_key: str, amount_cents: int, currency: str, token: str
    ) -> GatewayReceipt:
        """Charge once per key: a repeated call returns the first charge, never a second."""
        ...

    async def refund(
        self, *, idempotency_key: str, charge_reference: str, amount_cents: int
    ) -> GatewayReceipt:
        """Refund part or all of the charge ``charge_reference``, once per key."""
        ...
