"""Enrollment rows shared by the API and the saga's activities."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Course, Enrollment
from db.queries.inserts import insert_or_select
from schemas.enums import EnrollmentStatus


async def ensure_enrollment_row(
    session: AsyncSession,
    *,
    enrollment_id: uuid.UUID,
    course_id: uuid.UUID,
    student_id: uuid.UUID,
    workflow_id: str,
    course: Course | None = None,
    read_first: bool = True,
) -> Enrollment:
    """The enrollment row, written by whichever comes first: the saga's first activity, or the
    API after the saga answered (a CLI or operator start has no API request). A concurrent
    insert of the same ID is found instead of failing.

    ``read_first``: the API usually finds the row (one SELECT); the saga's activity usually
    does not, and passes False to go straight to the insert (one INSERT).
    """
    if read_first:
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
