"""What the enrollment saga's activities do to the database: open the enrollment (its row
and the eligibility decision), keep its status, and move seats through the FIFO waitlist.

Seats are never read-then-written: a seat is taken by one conditional UPDATE (``seats_taken
< capacity``), so concurrent reservations (PostgreSQL row lock, SQLite's single writer) can
never oversell. A released seat goes straight to the first waitlisted enrollment (by
``waitlisted_at``, then ID) in the same transaction, so a newcomer cannot jump the queue.
Every function is idempotent by enrollment ID.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Enrollment, User
from db.queries import enrollment as q
from schemas.enrollment import (
    EligibilityInput,
    EligibilityResult,
    LeaveWaitlistResult,
    PromotedEnrollment,
    RecordStatusInput,
    RecordStatusResult,
    ReleaseSeatResult,
    SeatInput,
    SeatResult,
)
from schemas.enums import EnrollmentStatus
from services import learning
from services.enrollment.eligibility import NotEligible, eligibility_problems
from services.errors import NotFound, Unavailable

MAX_HANDOVER_TRIES = 100


class EnrollmentMissing(NotFound):
    pass


class WaitlistContention(Unavailable):
    code = "Contention"  # retried: the queue settles


@dataclass
class Opened:
    """The saga's first step done: the course as the saga needs it, or why it is refused.
    The refusal is returned, not raised: the row recording it must commit first."""

    course: EligibilityResult | None
    refusal: NotEligible | None = None


async def open_enrollment(session: AsyncSession, input: EligibilityInput) -> Opened:
    """The saga's first step: the enrollment row (written even when refused, so the refusal
    is visible on it), then the eligibility decision. A refusal no row can record (the
    student or the course is gone) is raised."""
    course = await q.course_with_prerequisites(session, input.course_id)
    student = await session.get(User, input.student_id)
    problems = await eligibility_problems(
        session, course=course, student=student, payment_token=input.payment_token,
        enrollment_id=input.enrollment_id, now=utcnow(),
    )  # fmt: skip
    if problems and not problems[0].recordable:
        raise problems[0]  # no row can reference a missing student or course
    assert course is not None
    await q.insert_enrollment_row(
        session,
        enrollment_id=input.enrollment_id,
        course_id=input.course_id,
        student_id=input.student_id,
        workflow_id=input.workflow_id,
        course=course,
    )
    if problems:
        return Opened(None, problems[0])
    return Opened(
        EligibilityResult(
            course_title=course.title,
            price_cents=course.price_cents,
            currency=course.currency,
            starts_at=course.starts_at,
        )
    )


async def record_status(session: AsyncSession, input: RecordStatusInput) -> RecordStatusResult:
    """The API's projection of the saga, in one statement. Timestamps are set once (first
    write wins)."""
    found = await q.update_status(
        session, input.enrollment_id, input.status, input.reason, input.at
    )
    if found is None:
        raise EnrollmentMissing("enrollment_missing")
    if found.status == EnrollmentStatus.active and found.activated_at is not None:
        await learning.record_registered(
            session, input.enrollment_id, found.student_id, found.course_id, found.activated_at
        )
    return RecordStatusResult(status=found.status, activated_at=found.activated_at)


# --- seats and the waitlist ------------------------------------------------------------------
async def reserve_seat(session: AsyncSession, input: SeatInput) -> SeatResult:
    """Take a seat, or join (keep) the waitlist. Idempotent: a held seat stays one seat."""
    if not await q.claim_seat_flag(session, input.enrollment_id):
        # Held already (a retry, or a seat handed over), or no such row.
        if await session.get(Enrollment, input.enrollment_id) is None:
            raise EnrollmentMissing("enrollment_missing")
        return SeatResult(reserved=True)
    if await q.take_course_seat(session, input.course_id):
        return SeatResult(reserved=True)
    enrollment = await session.get(Enrollment, input.enrollment_id)
    assert enrollment is not None  # the claim above matched it
    enrollment.seat_held = False
    enrollment.status = EnrollmentStatus.waitlisted
    enrollment.waitlisted_at = enrollment.waitlisted_at or utcnow()
    await session.flush()
    return SeatResult(
        reserved=False, waitlist_position=await q.waitlist_position(session, enrollment)
    )


async def _hand_over(session: AsyncSession, course_id: uuid.UUID, releasing: uuid.UUID) -> bool:
    """Give a freed seat to the first waiting enrollment; False when nobody waits.

    Never back to ``releasing``: a waitlisted enrollment cancelled after a seat was handed to
    it still shows as waitlisted, and would otherwise keep the seat it gives back."""
    for _ in range(MAX_HANDOVER_TRIES):
        first = await q.first_waiting(session, course_id, besides=releasing)
        if first is None:
            return False
        # Conditional: the waiter may be leaving the queue at this very moment.
        if await q.grant_seat(session, first):
            return True
    raise WaitlistContention("waitlist kept changing under the hand-over")


async def release_seat(session: AsyncSession, input: SeatInput) -> ReleaseSeatResult:
    """Give the seat back (idempotent) and report whose saga to wake up."""
    released = await q.release_seat_flag(session, input.enrollment_id)
    if released and not await _hand_over(session, input.course_id, input.enrollment_id):
        await q.give_back_course_seat(session, input.course_id)
    # Also on a retry: every granted-but-unclaimed seat, so no signal is ever lost.
    promoted = [
        PromotedEnrollment(enrollment_id=enrollment_id, workflow_id=workflow_id)
        for enrollment_id, workflow_id in await q.granted_but_unclaimed(session, input.course_id)
    ]
    return ReleaseSeatResult(released=released, promoted=promoted)


async def leave_waitlist(session: AsyncSession, input: SeatInput) -> LeaveWaitlistResult:
    """Step out of the queue unless a seat was handed over first (then keep it)."""
    if await q.leave_waitlist(session, input.enrollment_id):
        return LeaveWaitlistResult(seat_granted=False)
    return LeaveWaitlistResult(seat_granted=await q.holds_seat(session, input.enrollment_id))
