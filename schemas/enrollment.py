"""The enrollment saga's vocabulary: API bodies, workflow input/output, activity messages."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from schemas.enums import EnrollmentStatus

PAYMENT_TOKEN_PATTERN = r"^tok_[A-Za-z0-9_]{1,60}$"  # noqa: S105 (a format, not a secret)

# The saga's Temporal names. Services start and signal it by these names (importing the
# workflow class would close a services -> workflows -> activities -> services cycle);
# the workflow binds its definitions to the same constants. Never rename one: running
# workflows and recorded histories carry them.
ENROLLMENT_WORKFLOW = "EnrollmentWorkflow"
AWAIT_OUTCOME_UPDATE = "await_outcome"
CANCEL_UPDATE = "cancel"
REQUEST_CANCEL_SIGNAL = "request_cancel"
SEAT_GRANTED_SIGNAL = "seat_granted"
MARK_COMPLETED_SIGNAL = "mark_completed"
STATUS_QUERY = "status"

TERMINAL_STATUSES = frozenset(
    {EnrollmentStatus.completed, EnrollmentStatus.cancelled, EnrollmentStatus.failed}
)
# Statuses the POST answers with at once; `pending` means "still working, poll".
KNOWN_OUTCOMES = TERMINAL_STATUSES | {EnrollmentStatus.active, EnrollmentStatus.waitlisted}


# --- API -------------------------------------------------------------------------------------
class EnrollIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    payment_token: str | None = Field(
        default=None,
        pattern=PAYMENT_TOKEN_PATTERN,
        description="Payment method token; required for priced courses. Sandbox: tok_visa, "
        "tok_chargeDeclined, tok_insufficientFunds, tok_processingError.",
    )
    student_id: uuid.UUID | None = Field(
        default=None, description="Admins only: enroll this user instead of yourself."
    )


class EnrollmentOut(BaseModel):
    id: uuid.UUID
    course_id: uuid.UUID
    student_id: uuid.UUID
    status: EnrollmentStatus
    reason: str | None = None
    workflow_id: str
    waitlist_position: int | None = None
    price_cents: int = 0
    currency: str = "USD"
    created_at: datetime | None = None
    activated_at: datetime | None = None
    cancelled_at: datetime | None = None
    completed_at: datetime | None = None


class EnrollmentList(BaseModel):
    items: list[EnrollmentOut]
    total: int


# --- workflow --------------------------------------------------------------------------------
class EnrollmentInput(BaseModel):
    """Created by the API (or CLI): the enrollment ID is chosen before the saga starts and is
    the payment idempotency key. Policy values are copied from settings so the workflow stays
    deterministic and a run keeps the policy it started under."""

    enrollment_id: uuid.UUID
    course_id: uuid.UUID
    student_id: uuid.UUID
    payment_token: str | None = None
    refund_window_days: int = Field(ge=0)
    waitlist_deadline_s: int = Field(ge=1)


class EnrollmentView(BaseModel):
    """The status query, the update answers and the workflow result."""

    enrollment_id: uuid.UUID
    course_id: uuid.UUID
    student_id: uuid.UUID
    status: EnrollmentStatus
    reason: str | None = None
    waitlist_position: int | None = None
    charged_cents: int = 0
    refunded_cents: int = 0


class AnswerRequest(BaseModel):
    wait_s: float = Field(ge=0, le=60)


class CancelRequest(BaseModel):
    enrollment_id: uuid.UUID
    reason: str = Field(default="cancelled_by_student", max_length=200)


# --- activities ------------------------------------------------------------------------------
class EligibilityInput(BaseModel):
    enrollment_id: uuid.UUID
    course_id: uuid.UUID
    student_id: uuid.UUID
    workflow_id: str
    # Only whether one was given matters (a priced course needs one). Absent in runs
    # recorded before eligibility checked it; those then charge with what they carry.
    payment_token: str | None = None


class EligibilityResult(BaseModel):
    course_title: str
    price_cents: int
    currency: str
    starts_at: datetime | None = None


class SeatInput(BaseModel):
    enrollment_id: uuid.UUID
    course_id: uuid.UUID


class SeatResult(BaseModel):
    reserved: bool
    waitlist_position: int | None = None


class PromotedEnrollment(BaseModel):
    enrollment_id: uuid.UUID
    workflow_id: str


class ReleaseSeatResult(BaseModel):
    released: bool
    # Waitlisted enrollments that hold a transferred seat their saga has not picked up yet.
    promoted: list[PromotedEnrollment] = Field(default_factory=list)


class LeaveWaitlistResult(BaseModel):
    seat_granted: bool


class ChargeInput(BaseModel):
    enrollment_id: uuid.UUID
    amount_cents: int = Field(gt=0)
    currency: str
    token: str


class RefundInput(BaseModel):
    enrollment_id: uuid.UUID
    amount_cents: int = Field(gt=0)


class PaymentRecord(BaseModel):
    payment_id: uuid.UUID
    amount_cents: int
    currency: str
    gateway_ref: str


class RecordStatusInput(BaseModel):
    enrollment_id: uuid.UUID
    status: EnrollmentStatus
    reason: str | None = None
    at: datetime


class RecordStatusResult(BaseModel):
    status: EnrollmentStatus
    activated_at: datetime | None = None


def money(amount_cents: int, currency: str) -> str:
    """49.00 USD — for activity summaries and messages."""
    return f"{amount_cents // 100}.{amount_cents % 100:02d} {currency}"
