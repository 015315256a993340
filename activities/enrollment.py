"""The enrollment saga's activities: open the enrollment (its row and eligibility), keep its
status, move seats through the FIFO waitlist, charge and refund through the gateway port.

Thin and idempotent by enrollment ID: each opens its transaction and calls
``services.enrollment``, where the rules, the seat statements and the payments ledger live.
The gateway only charges and refunds; the ledger row before and after it is ours.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.errors import application_error
from activities.units import DatabaseActivities
from adapters.payments.port import (
    PaymentConflict,
    PaymentDeclined,
    PaymentGateway,
    PaymentUnavailable,
)
from schemas.enrollment import (
    ChargeInput,
    EligibilityInput,
    EligibilityResult,
    LeaveWaitlistResult,
    PaymentRecord,
    RecordStatusInput,
    RecordStatusResult,
    RefundInput,
    ReleaseSeatResult,
    SeatInput,
    SeatResult,
)
from schemas.enums import PaymentKind
from services import enrollment

# ApplicationError types the workflow and operators can rely on.
NOT_ELIGIBLE = enrollment.NotEligible.code
PAYMENT_DECLINED = "PaymentDeclined"
PAYMENT_UNAVAILABLE = "PaymentUnavailable"
PAYMENT_CONFLICT = "PaymentConflict"


class EnrollmentActivities(DatabaseActivities):
    @activity.defn
    async def check_eligibility(self, input: EligibilityInput) -> EligibilityResult:
        """The enrollment row, then who may enroll (``services.enrollment.eligibility``)."""
        async with self._transaction() as session:
            opened = await enrollment.open_enrollment(session, input)
        if opened.refusal is not None:  # after the commit: the row shows the refusal
            raise application_error(opened.refusal)
        assert opened.course is not None
        return opened.course

    @activity.defn
    async def record_status(self, input: RecordStatusInput) -> RecordStatusResult:
        async with self._transaction() as session:
            return await enrollment.record_status(session, input)


class SeatActivities(DatabaseActivities):
    @activity.defn
    async def reserve_seat(self, input: SeatInput) -> SeatResult:
        async with self._transaction() as session:
            return await enrollment.reserve_seat(session, input)

    @activity.defn
    async def release_seat(self, input: SeatInput) -> ReleaseSeatResult:
        async with self._transaction() as session:
            return await enrollment.release_seat(session, input)

    @activity.defn
    async def leave_waitlist(self, input: SeatInput) -> LeaveWaitlistResult:
        async with self._transaction() as session:
            return await enrollment.leave_waitlist(session, input)


def _gateway_error(exc: Exception) -> ApplicationError:
    if isinstance(exc, PaymentDeclined):
        return ApplicationError(exc.code, type=PAYMENT_DECLINED, non_retryable=True)
    if isinstance(exc, PaymentUnavailable):  # retryable: Temporal calls again with the same key
        return ApplicationError(exc.code, type=PAYMENT_UNAVAILABLE)
    return ApplicationError(str(exc), type=PAYMENT_CONFLICT, non_retryable=True)


class PaymentActivities(DatabaseActivities):
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], gateway: PaymentGateway
    ) -> None:
        super().__init__(sessionmaker)
        self.gateway = gateway

    @activity.defn
    async def charge_payment(self, input: ChargeInput) -> PaymentRecord:
        """Charged once per enrollment: the ledger row by its key, else the gateway's charge
        (deduplicated by the same key) and then its row."""
        key = enrollment.charge_key(input.enrollment_id)
        async with self._reading() as session:
            existing = await enrollment.find_payment(session, key)
            if existing is not None:
                return enrollment.payment_record(existing, PaymentKind.charge, input.amount_cents)
        try:
            receipt = await self.gateway.charge(
                idempotency_key=key,
                amount_cents=input.amount_cents,
                currency=input.currency,
                token=input.token,
            )
        except (PaymentDeclined, PaymentUnavailable, PaymentConflict) as exc:
            raise _gateway_error(exc) from None
        async with self._transaction() as session:
            return await enrollment.record_payment(
                session, enrollment_id=input.enrollment_id, idempotency_key=key,
                kind=PaymentKind.charge, amount_cents=input.amount_cents,
                currency=input.currency, gateway=self.gateway.name, gateway_ref=receipt.reference,
            )  # fmt: skip

    @activity.defn
    async def refund_payment(self, input: RefundInput) -> PaymentRecord | None:
        """Refund the enrollment's charge; None when nothing was charged. Retried until done."""
        key = enrollment.refund_key(input.enrollment_id)
        async with self._reading() as session:
            existing = await enrollment.find_payment(session, key)
            if existing is not None:
                return enrollment.payment_record(existing, PaymentKind.refund, input.amount_cents)
            charge = await enrollment.find_payment(
                session, enrollment.charge_key(input.enrollment_id)
            )
            if charge is None:
                return None  # nothing was taken, nothing to give back
            enrollment.refundable(charge, input.amount_cents)
        try:
            receipt = await self.gateway.refund(
                idempotency_key=key,
                charge_reference=charge.gateway_ref,
                amount_cents=input.amount_cents,
            )
        except (PaymentDeclined, PaymentUnavailable, PaymentConflict) as exc:
            raise _gateway_error(exc) from None
        async with self._transaction() as session:
            return await enrollment.record_payment(
                session, enrollment_id=input.enrollment_id, idempotency_key=key,
                kind=PaymentKind.refund, amount_cents=input.amount_cents,
                currency=charge.currency, gateway=self.gateway.name, gateway_ref=receipt.reference,
            )  # fmt: skip
