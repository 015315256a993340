"""Seats: reserved by one conditional UPDATE, released with a FIFO hand-over to the waitlist.

Never read-then-write: ``reserve_seat`` increments ``seats_taken`` only ``WHERE seats_taken <
capacity``, so concurrent reservations (PostgreSQL row lock, SQLite's single writer) can never
oversell. A released seat goes straight to the first waitlisted enrollment (by
``waitlisted_at``, then ID) in the same transaction, so a newcomer cannot jump the queue.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import CursorResult, Update, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from db.base import utcnow
from db.models import Course, Enrollment
from db.queries.enrollments import waitlist_position
from db.session import transaction
from schemas.enrollment import (
    LeaveWaitlistResult,
    PromotedEnrollment,
    ReleaseSeatResult,
    SeatInput,
    SeatResult,
)
from schemas.enums import EnrollmentStatus

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
