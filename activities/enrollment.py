"""The enrollment saga's activities: the enrollment row and its eligibility, seats and the
FIFO waitlist, payments through the gateway port, progress initialisation (and every
compensation).

Every activity is idempotent by enrollment ID: the row is created once, status writes are
plain assignments, progress rows are inserted only where missing, a held seat stays one seat,
a charge or refund is made once per idempotency key.

Seats are never read-then-written: ``reserve_seat`` increments ``seats_taken`` only ``WHERE
seats_taken < capacity``, so concurrent reservations (PostgreSQL row lock, SQLite's single
writer) can never oversell. A released seat goes straight to the first waitlisted enrollment
(by ``waitlisted_at``, then ID) in the same transaction, so a newcomer cannot jump the queue.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Update, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import joinedload
from temporalio import activity
from temporalio.exceptions import ApplicationError

from adapters.payments import charge_key, refund_key
from adapters.payments.port import (
    PaymentConflict,
    PaymentDeclined,
    PaymentGateway,
    PaymentUnavailable,
)
from db.base import utcnow
from db.models import Course, Enrollment, LessonProgress, Section, SectionProgress, User
from db.queries.enrollment import ensure_enrollment_row, waitlist_position
from db.session import transaction
from schemas.enrollment import (
    ChargeInput,
    EligibilityInput,
    EligibilityResult,
    LeaveWaitlistResult,
    PaymentRecord,
    ProgressInput,
    ProgressResult,
    PromotedEnrollment,
    RecordStatusInput,
    RecordStatusResult,
    RefundInput,
    ReleaseSeatResult,
    SeatInput,
    SeatResult,
)
from schemas.enums import CourseStatus, EnrollmentStatus

NOT_ELIGIBLE = "NotEligible"
NO_CONTENT = "CourseHasNoContent"
# Another enrollment of the same student in these statuses means "already enrolled".
HOLDING_STATUSES = (
    EnrollmentStatus.pending,
    EnrollmentStatus.waitlisted,
    EnrollmentStatus.active,
    EnrollmentStatus.completed,
)


# The timestamp a status sets the first time it is written.
STATUS_TIMESTAMPS = {
    EnrollmentStatus.active: Enrollment.activated_at,
    EnrollmentStatus.cancelled: Enrollment.cancelled_at,
    EnrollmentStatus.completed: Enrollment.completed_at,
}


def _ineligible(reason: str) -> ApplicationError:
    return ApplicationError(reason, type=NOT_ELIGIBLE, non_retryable=True)


async def missing_prerequisites(
    session: AsyncSession, course: Course, student_id: object
) -> list[str]:
    if not course.prerequisites:  # most courses: no query at all
        return []
    done = set(
        await session.scalars(
            select(Enrollment.course_id).where(
                Enrollment.student_id == student_id,
                Enrollment.status == EnrollmentStatus.completed,
            )
        )
    )
    return sorted(p.title for p in course.prerequisites if p.id not in done)


def window_problem(course: Course, now: datetime) -> str | None:
    if course.enrollment_opens_at is not None and now < course.enrollment_opens_at:
        return f"enrollment_not_open: opens {course.enrollment_opens_at.isoformat()}"
    if course.enrollment_closes_at is not None and now >= course.enrollment_closes_at:
        return f"enrollment_closed: closed {course.enrollment_closes_at.isoformat()}"
    return None


async def already_enrolled(session: AsyncSession, row: Enrollment) -> str | None:
    other = await session.scalar(
        select(Enrollment.status)
        .where(
            Enrollment.course_id == row.course_id,
            Enrollment.student_id == row.student_id,
            Enrollment.id != row.id,
            Enrollment.status.in_(HOLDING_STATUSES),
        )
        .limit(1)
    )
    if other is None:
        return None
    return "already_completed" if other is EnrollmentStatus.completed else "already_enrolled"


async def eligibility_problem(session: AsyncSession, course: Course, row: Enrollment) -> str | None:
    if course.status is not CourseStatus.published:
        return f"course_not_published: {course.status.value}"
    problem = window_problem(course, utcnow())
    if problem is None:
        missing = await missing_prerequisites(session, course, row.student_id)
        if missing:
            problem = "prerequisites_not_met: " + ", ".join(missing)
    return problem or await already_enrolled(session, row)


class EnrollmentActivities:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    @activity.defn
    async def check_eligibility(self, input: EligibilityInput) -> EligibilityResult:
        """Published, window open, prerequisites completed, not already enrolled."""
        async with transaction(self.sessionmaker) as session:
            course = (
                (
                    await session.execute(
                        select(Course)
                        .where(Course.id == input.course_id)
                        .options(joinedload(Course.prerequisites))  # one query, usually no rows
                    )
                )
                .unique()
                .scalar_one_or_none()
            )
            student = await session.get(User, input.student_id)
            if student is None or not student.is_active:
                raise _ineligible("student_not_found")
            if course is None:
                raise _ineligible("course_not_found")
            row = await ensure_enrollment_row(
                session,
                enrollment_id=input.enrollment_id,
                course_id=input.course_id,
                student_id=input.student_id,
                workflow_id=input.workflow_id,
                course=course,
                read_first=False,  # the row is usually not written yet
            )
            problem = await eligibility_problem(session, course, row)
        if problem is not None:
            raise _ineligible(problem)
        return EligibilityResult(
            course_title=course.title,
            price_cents=course.price_cents,
            currency=course.currency,
            starts_at=course.starts_at,
        )

    @activity.defn
    async def init_progress(self, input: ProgressInput) -> ProgressResult:
        """One section_progress row (0 %) per required section; existing rows are kept."""
        async with transaction(self.sessionmaker) as session:
            required = (
                await session.execute(
                    select(Section.id, Section.lesson_id, SectionProgress.id)
                    .outerjoin(
                        SectionProgress,
                        (SectionProgress.section_id == Section.id)
                        & (SectionProgress.enrollment_id == input.enrollment_id),
                    )
                    .where(Section.course_id == input.course_id, Section.required.is_(True))
                )
            ).all()
            if not required:
                raise ApplicationError(
                    "course_has_no_required_sections", type=NO_CONTENT, non_retryable=True
                )
            session.add_all(
                SectionProgress(
                    enrollment_id=input.enrollment_id, section_id=section_id, lesson_id=lesson_id
                )
                for section_id, lesson_id, progress_id in required
                if progress_id is None
            )
        return ProgressResult(rows=len(required))

    @activity.defn
    async def remove_progress(self, input: ProgressInput) -> ProgressResult:
        """Compensation of ``init_progress``: the enrollment's progress rows are deleted."""
        async with transaction(self.sessionmaker) as session:
            await session.execute(
                delete(LessonProgress).where(LessonProgress.enrollment_id == input.enrollment_id)
            )
            result = cast(
                CursorResult[Any],
                await session.execute(
                    delete(SectionProgress).where(
                        SectionProgress.enrollment_id == input.enrollment_id
                    )
                ),
            )
            return ProgressResult(rows=result.rowcount)

    @activity.defn
    async def record_status(self, input: RecordStatusInput) -> RecordStatusResult:
        """The API's projection of the saga, in one statement. Timestamps are set once (first
        write wins)."""
        values: dict[str, Any] = {"status": input.status, "reason": input.reason}
        stamp = STATUS_TIMESTAMPS.get(input.status)
        if stamp is not None:
            values[stamp.key] = func.coalesce(stamp, input.at)
        async with transaction(self.sessionmaker) as session:
            found = (
                await session.execute(
                    update(Enrollment)
                    .where(Enrollment.id == input.enrollment_id)
                    .values(values)
                    .returning(Enrollment.status, Enrollment.activated_at)
                    .execution_options(synchronize_session=False)
                )
            ).first()
        if found is None:
            raise ApplicationError(
                "enrollment_missing", type="EnrollmentMissing", non_retryable=True
            )
        return RecordStatusResult(status=found.status, activated_at=found.activated_at)


# --- seats and the waitlist ------------------------------------------------------------
MAX_HANDOVER_TRIES = 100


async def _rowcount(session: AsyncSession, statement: Update) -> int:
    result = cast(
        CursorResult[Any],
        await session.execute(statement.execution_options(synchronize_session=False)),
    )
    return result.rowcount


class SeatActivities:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    @activity.defn
    async def reserve_seat(self, input: SeatInput) -> SeatResult:
        """Take a seat, or join (keep) the waitlist. Idempotent: a held seat stays one seat."""
        async with transaction(self.sessionmaker) as session:
            claimed = await _rowcount(
                session,
                update(Enrollment)
                .where(Enrollment.id == input.enrollment_id, Enrollment.seat_held.is_(False))
                .values(seat_held=True),
            )
            if not claimed:  # held already (a retry, or a seat handed over), or no such row
                if await session.get(Enrollment, input.enrollment_id) is None:
                    raise ApplicationError(
                        "enrollment_missing", type="EnrollmentMissing", non_retryable=True
                    )
                return SeatResult(reserved=True)
            taken = await _rowcount(
                session,
                update(Course)
                .where(
                    Course.id == input.course_id,
                    or_(Course.capacity.is_(None), Course.seats_taken < Course.capacity),
                )
                .values(seats_taken=Course.seats_taken + 1),
            )
            if taken:
                return SeatResult(reserved=True)
            enrollment = await session.get(Enrollment, input.enrollment_id)
            assert enrollment is not None  # the claim above matched it
            enrollment.seat_held = False
            enrollment.status = EnrollmentStatus.waitlisted
            enrollment.waitlisted_at = enrollment.waitlisted_at or utcnow()
            await session.flush()
            return SeatResult(
                reserved=False, waitlist_position=await waitlist_position(session, enrollment)
            )

    async def _hand_over(self, session: AsyncSession, course_id: uuid.UUID) -> bool:
        """Give a freed seat to the first waiting enrollment; False when nobody waits."""
        for _ in range(MAX_HANDOVER_TRIES):
            first = await session.scalar(
                select(Enrollment.id)
                .where(
                    Enrollment.course_id == course_id,
                    Enrollment.status == EnrollmentStatus.waitlisted,
                    Enrollment.seat_held.is_(False),
                )
                .order_by(Enrollment.waitlisted_at, Enrollment.id)
                .limit(1)
            )
            if first is None:
                return False
            # Conditional: the waiter may be leaving the queue at this very moment.
            if await _rowcount(
                session,
                update(Enrollment)
                .where(
                    Enrollment.id == first,
                    Enrollment.status == EnrollmentStatus.waitlisted,
                    Enrollment.seat_held.is_(False),
                )
                .values(seat_held=True),
            ):
                return True
        raise ApplicationError("waitlist kept changing under the hand-over", type="Contention")

    @activity.defn
    async def release_seat(self, input: SeatInput) -> ReleaseSeatResult:
        """Give the seat back (idempotent) and report whose saga to wake up."""
        async with transaction(self.sessionmaker) as session:
            released = await _rowcount(
                session,
                update(Enrollment)
                .where(Enrollment.id == input.enrollment_id, Enrollment.seat_held.is_(True))
                .values(seat_held=False),
            )
            if released and not await self._hand_over(session, input.course_id):
                await _rowcount(
                    session,
                    update(Course)
                    .where(Course.id == input.course_id, Course.seats_taken > 0)
                    .values(seats_taken=Course.seats_taken - 1),
                )
            # Also on a retry: every granted-but-unclaimed seat, so no signal is ever lost.
            rows = await session.execute(
                select(Enrollment.id, Enrollment.workflow_id).where(
                    Enrollment.course_id == input.course_id,
                    Enrollment.status == EnrollmentStatus.waitlisted,
                    Enrollment.seat_held.is_(True),
                )
            )
            promoted = [PromotedEnrollment(enrollment_id=i, workflow_id=w) for i, w in rows]
        return ReleaseSeatResult(released=bool(released), promoted=promoted)

    @activity.defn
    async def leave_waitlist(self, input: SeatInput) -> LeaveWaitlistResult:
        """Step out of the queue unless a seat was handed over first (then keep it)."""
        async with transaction(self.sessionmaker) as session:
            left = await _rowcount(
                session,
                update(Enrollment)
                .where(
                    Enrollment.id == input.enrollment_id,
                    Enrollment.status == EnrollmentStatus.waitlisted,
                    Enrollment.seat_held.is_(False),
                )
                .values(status=EnrollmentStatus.pending),
            )
            if left:
                return LeaveWaitlistResult(seat_granted=False)
            held = await session.scalar(
                select(Enrollment.seat_held).where(Enrollment.id == input.enrollment_id)
            )
            return LeaveWaitlistResult(seat_granted=bool(held))


# --- payments ----------------------------------------------------------------------
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
