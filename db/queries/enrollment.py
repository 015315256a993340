"""Enrollment rows, eligibility reads, the seat and waitlist statements and the payments
ledger: the SQL of the enrollment domain (the rules are in ``services.enrollment``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import CursorResult, Executable, Update, and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from db.models import Course, Enrollment, Payment
from db.queries.inserts import dialect_insert, insert_or_select, table_of
from schemas.enums import EnrollmentStatus


async def ensure_enrollment_row(
    session: AsyncSession,
    *,
    enrollment_id: uuid.UUID,
    course_id: uuid.UUID,
    student_id: uuid.UUID,
    workflow_id: str,
    course: Course | None = None,
) -> Enrollment:
    """The enrollment row, written by whichever comes first: the saga's first activity
    (``insert_enrollment_row``), or the API after the saga answered (a CLI or operator start
    has no API request). A concurrent insert of the same ID is found instead of failing. The
    API usually finds the row: one SELECT.
    """
    row = await session.get(Enrollment, enrollment_id, populate_existing=True)
    if row is not None:
        return await _priced(session, row, course)
    values: dict[str, object] = {
        "id": enrollment_id,
        "course_id": course_id,
        "student_id": student_id,
        "workflow_id": workflow_id,
        "status": EnrollmentStatus.pending,
    }
    if course is not None:
        values.update(price_cents=course.price_cents, currency=course.currency)
    row, inserted = await insert_or_select(session, Enrollment, values, conflict=["id"])
    return row if inserted else await _priced(session, row, course)


async def insert_enrollment_row(
    session: AsyncSession,
    *,
    enrollment_id: uuid.UUID,
    course_id: uuid.UUID,
    student_id: uuid.UUID,
    workflow_id: str,
    course: Course,
) -> None:
    """``ensure_enrollment_row`` for the saga, which needs no row back: one Core INSERT … ON
    CONFLICT DO NOTHING (no ORM row built from a RETURNING), and when the row exists (the API
    or a retry wrote it) one UPDATE that re-prices it while pending, as ``_priced`` does."""
    inserted = await _rowcount(
        session,
        dialect_insert(session, table_of(Enrollment))
        .values(
            id=enrollment_id,
            course_id=course_id,
            student_id=student_id,
            workflow_id=workflow_id,
            status=EnrollmentStatus.pending,
            price_cents=course.price_cents,
            currency=course.currency,
        )
        .on_conflict_do_nothing(index_elements=["id"]),
    )
    if not inserted:
        await _rowcount(
            session,
            update(Enrollment)
            .where(
                Enrollment.id == enrollment_id,
                Enrollment.status == EnrollmentStatus.pending,
                or_(
                    Enrollment.price_cents != course.price_cents,
                    Enrollment.currency != course.currency,
                ),
            )
            .values(price_cents=course.price_cents, currency=course.currency),
        )


async def _priced(session: AsyncSession, row: Enrollment, course: Course | None) -> Enrollment:
    """A pending enrollment carries the course's current price (written only if it changed)."""
    if course is not None and row.status is EnrollmentStatus.pending:
        row.price_cents, row.currency = course.price_cents, course.currency
        await session.flush()
    return row


async def waitlist_position(session: AsyncSession, enrollment: Enrollment) -> int | None:
    """1-based place in the course's queue, or None when not waiting."""
    if enrollment.status is not EnrollmentStatus.waitlisted or enrollment.waitlisted_at is None:
        return None
    ahead = await session.scalar(
        select(func.count())
        .select_from(Enrollment)
        .where(
            Enrollment.course_id == enrollment.course_id,
            Enrollment.status == EnrollmentStatus.waitlisted,
            Enrollment.seat_held.is_(False),
            or_(
                Enrollment.waitlisted_at < enrollment.waitlisted_at,
                and_(
                    Enrollment.waitlisted_at == enrollment.waitlisted_at,
                    Enrollment.id < enrollment.id,
                ),
            ),
        )
    )
    return int(ahead or 0) + 1


# --- eligibility ----------------------------------------------------------------------------
# Another enrollment of the same student in these statuses means "already enrolled".
HOLDING_STATUSES = (
    EnrollmentStatus.pending,
    EnrollmentStatus.waitlisted,
    EnrollmentStatus.active,
    EnrollmentStatus.completed,
)


async def course_with_prerequisites(session: AsyncSession, course_id: uuid.UUID) -> Course | None:
    """The course and its prerequisite courses in one query (usually no prerequisite rows)."""
    result = await session.execute(
        select(Course).where(Course.id == course_id).options(joinedload(Course.prerequisites))
    )
    course: Course | None = result.unique().scalar_one_or_none()
    return course


async def completed_course_ids(session: AsyncSession, student_id: uuid.UUID) -> set[uuid.UUID]:
    return set(
        await session.scalars(
            select(Enrollment.course_id).where(
                Enrollment.student_id == student_id,
                Enrollment.status == EnrollmentStatus.completed,
            )
        )
    )


async def other_holding_enrollment(
    session: AsyncSession,
    course_id: uuid.UUID,
    student_id: uuid.UUID,
    exclude_id: uuid.UUID | None,
) -> tuple[uuid.UUID, EnrollmentStatus] | None:
    """Another enrollment of the student in the course that still holds (a completed one
    first), or None."""
    query = select(Enrollment.id, Enrollment.status).where(
        Enrollment.course_id == course_id,
        Enrollment.student_id == student_id,
        Enrollment.status.in_(HOLDING_STATUSES),
    )
    if exclude_id is not None:
        query = query.where(Enrollment.id != exclude_id)
    completed_first = case((Enrollment.status == EnrollmentStatus.completed, 0), else_=1)
    found = (await session.execute(query.order_by(completed_first).limit(1))).first()
    return (found.id, found.status) if found is not None else None


# --- the saga's projection -------------------------------------------------------------------
# The timestamp a status sets the first time it is written.
STATUS_TIMESTAMPS = {
    EnrollmentStatus.active: Enrollment.activated_at,
    EnrollmentStatus.cancelled: Enrollment.cancelled_at,
    EnrollmentStatus.completed: Enrollment.completed_at,
}


class StatusRow(NamedTuple):
    status: EnrollmentStatus
    activated_at: datetime | None
    student_id: uuid.UUID
    course_id: uuid.UUID


async def update_status(
    session: AsyncSession,
    enrollment_id: uuid.UUID,
    status: EnrollmentStatus,
    reason: str | None,
    at: datetime,
) -> StatusRow | None:
    """One UPDATE … RETURNING (status, activated_at, student, course); the status's
    timestamp is set only if unset (first write wins). None when there is no such row."""
    values: dict[str, Any] = {"status": status, "reason": reason}
    stamp = STATUS_TIMESTAMPS.get(status)
    if stamp is not None:
        values[stamp.key] = func.coalesce(stamp, at)
    found = (
        await session.execute(
            update(Enrollment)
            .where(Enrollment.id == enrollment_id)
            .values(values)
            .returning(
                Enrollment.status,
                Enrollment.activated_at,
                Enrollment.student_id,
                Enrollment.course_id,
            )
            .execution_options(synchronize_session=False)
        )
    ).first()
    return StatusRow(*found) if found is not None else None


async def enrollments_of(
    session: AsyncSession,
    student_id: uuid.UUID,
    status: EnrollmentStatus | None,
    limit: int,
    offset: int,
) -> tuple[int, list[Enrollment]]:
    """(total, one page newest first) of a student's enrollments."""
    query = select(Enrollment).where(Enrollment.student_id == student_id)
    if status is not None:
        query = query.where(Enrollment.status == status)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.order_by(Enrollment.created_at.desc(), Enrollment.id).limit(limit).offset(offset)
    )
    return int(total or 0), list(rows)


async def course_author(session: AsyncSession, course_id: uuid.UUID) -> uuid.UUID | None:
    author: uuid.UUID | None = await session.scalar(
        select(Course.author_id).where(Course.id == course_id)
    )
    return author


# --- seats and the waitlist ------------------------------------------------------------------
async def _rowcount(session: AsyncSession, statement: Update | Executable) -> int:
    result = cast(
        CursorResult[Any],
        await session.execute(statement.execution_options(synchronize_session=False)),
    )
    return result.rowcount


async def claim_seat_flag(session: AsyncSession, enrollment_id: uuid.UUID) -> bool:
    """Mark the enrollment as holding a seat, unless it holds one already."""
    return bool(
        await _rowcount(
            session,
            update(Enrollment)
            .where(Enrollment.id == enrollment_id, Enrollment.seat_held.is_(False))
            .values(seat_held=True),
        )
    )


async def take_course_seat(session: AsyncSession, course_id: uuid.UUID) -> bool:
    """One seat more taken, only ``WHERE seats_taken < capacity``: never oversold."""
    return bool(
        await _rowcount(
            session,
            update(Course)
            .where(
                Course.id == course_id,
                or_(Course.capacity.is_(None), Course.seats_taken < Course.capacity),
            )
            .values(seats_taken=Course.seats_taken + 1),
        )
    )


async def give_back_course_seat(session: AsyncSession, course_id: uuid.UUID) -> None:
    await _rowcount(
        session,
        update(Course)
        .where(Course.id == course_id, Course.seats_taken > 0)
        .values(seats_taken=Course.seats_taken - 1),
    )


async def release_seat_flag(session: AsyncSession, enrollment_id: uuid.UUID) -> bool:
    return bool(
        await _rowcount(
            session,
            update(Enrollment)
            .where(Enrollment.id == enrollment_id, Enrollment.seat_held.is_(True))
            .values(seat_held=False),
        )
    )


async def first_waiting(
    session: AsyncSession, course_id: uuid.UUID, besides: uuid.UUID
) -> uuid.UUID | None:
    """The head of the course's FIFO waitlist (by ``waitlisted_at``, then ID), other than
    ``besides``: the enrollment giving a seat back never receives it."""
    first: uuid.UUID | None = await session.scalar(
        select(Enrollment.id)
        .where(
            Enrollment.course_id == course_id,
            Enrollment.id != besides,
            Enrollment.status == EnrollmentStatus.waitlisted,
            Enrollment.seat_held.is_(False),
        )
        .order_by(Enrollment.waitlisted_at, Enrollment.id)
        .limit(1)
    )
    return first


async def grant_seat(session: AsyncSession, enrollment_id: uuid.UUID) -> bool:
    """Hand a seat to a waiting enrollment, unless it stopped waiting meanwhile."""
    return bool(
        await _rowcount(
            session,
            update(Enrollment)
            .where(
                Enrollment.id == enrollment_id,
                Enrollment.status == EnrollmentStatus.waitlisted,
                Enrollment.seat_held.is_(False),
            )
            .values(seat_held=True),
        )
    )


async def granted_but_unclaimed(
    session: AsyncSession, course_id: uuid.UUID
) -> list[tuple[uuid.UUID, str]]:
    """(enrollment ID, workflow ID) of waiting enrollments already handed a seat."""
    rows = await session.execute(
        select(Enrollment.id, Enrollment.workflow_id).where(
            Enrollment.course_id == course_id,
            Enrollment.status == EnrollmentStatus.waitlisted,
            Enrollment.seat_held.is_(True),
        )
    )
    return [(enrollment_id, workflow_id) for enrollment_id, workflow_id in rows]


async def leave_waitlist(session: AsyncSession, enrollment_id: uuid.UUID) -> bool:
    """Back to pending, only while still waiting without a seat."""
    return bool(
        await _rowcount(
            session,
            update(Enrollment)
            .where(
                Enrollment.id == enrollment_id,
                Enrollment.status == EnrollmentStatus.waitlisted,
                Enrollment.seat_held.is_(False),
            )
            .values(status=EnrollmentStatus.pending),
        )
    )


async def holds_seat(session: AsyncSession, enrollment_id: uuid.UUID) -> bool:
    held = await session.scalar(select(Enrollment.seat_held).where(Enrollment.id == enrollment_id))
    return bool(held)


# --- the payments ledger ---------------------------------------------------------------------
async def payment_by_key(session: AsyncSession, idempotency_key: str) -> Payment | None:
    row: Payment | None = await session.scalar(
        select(Payment).where(Payment.idempotency_key == idempotency_key)
    )
    return row


async def insert_payment(session: AsyncSession, values: dict[str, Any]) -> uuid.UUID | None:
    """The new ledger row's ID, or None when a row with ``values['idempotency_key']`` exists
    (a concurrent insert of the same key won: its row is the one entry). One Core INSERT …
    ON CONFLICT DO NOTHING RETURNING id: no ORM row is built for what the caller already
    holds."""
    table = table_of(Payment)
    new_id: uuid.UUID | None = await session.scalar(
        dialect_insert(session, table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(table.c.id)
    )
    return new_id


# --- metrics --------------------------------------------------------------------------------
async def enrollments_by_status(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(
        select(Enrollment.status, func.count()).group_by(Enrollment.status)
    )
    return {EnrollmentStatus(s).value: int(n) for s, n in rows.all()}
