"""Charge and refund through the payment port; the enrollment ID is the idempotency key."""

from __future__ import annotations

from temporalio import activity
from temporalio.exceptions import ApplicationError

from adapters.payments import charge_key, refund_key
from adapters.payments.port import (
    PaymentConflict,
    PaymentDeclined,
    PaymentGateway,
    PaymentUnavailable,
)
from schemas.enrollment import ChargeInput, PaymentRecord, RefundInput

# ApplicationError types the workflow and operators can rely on.
PAYMENT_DECLINED = "PaymentDeclined"
PAYMENT_UNAVAILABLE = "PaymentUnavailable"
PAYMENT_CONFLICT = "PaymentConflict"


class PaymentActivities:
    def __init__(self, gateway: PaymentGateway) -> None:
        self.gateway = gateway

    @activity.defn
    async def charge_payment(self, input: ChargeInput) -> PaymentRecord:
        try:
            entry = await self.gateway.charge(
                enrollment_id=input.enrollment_id,
                idempotency_key=charge_key(input.enrollment_id),
                amount_cents=input.amount_cents,
                currency=input.currency,
                token=input.token,
            )
        except PaymentDeclined as exc:
            raise ApplicationError(exc.code, type=PAYMENT_DECLINED, non_retryable=True) from None
        except PaymentConflict as exc:
            raise ApplicationError(str(exc), type=PAYMENT_CONFLICT, non_retryable=True) from None
        except PaymentUnavailable as exc:
            # Retryable: Temporal calls again with the same key.
            raise ApplicationError(exc.code, type=PAYMENT_UNAVAILABLE) from None
        return PaymentRecord(
            payment_id=entry.payment_id,
            amount_cents=entry.amount_cents,
            currency=entry.currency,
            gateway_ref=entry.gateway_ref,
        )

    @activity.defn
    async def refund_payment(self, input: RefundInput) -> PaymentRecord | None:
        """Refund the enrollment's charge; None when nothing was charged. Retried until done."""
        entry = await self.gateway.refund(
            enrollment_id=input.enrollment_id,
            idempotency_key=refund_key(input.enrollment_id),
            charge_key=charge_key(input.enrollment_id),
            amount_cents=input.amount_cents,
        )
        if entry is None:
            return None
        return PaymentRecord(
            payment_id=entry.payment_id,
            amount_cents=entry.amount_cents,
            currency=entry.currency,
            gateway_ref=entry.gateway_ref,
        )
