"""Seat activities on both databases: atomic reservation under concurrency, FIFO hand-over,
leaving the queue racing a hand-over."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from temporalio.exceptions import ApplicationError

from activities.enrollment import SeatActivities
from db.models import Course, Enrollment
from db.session import transaction
from schemas.enrollment import SeatInput
from schemas.enums import EnrollmentStatus
from tests.enrollment.conftest import EnrollEnv
from tests.enrollment.support import seats_taken


@pytest.fixture
def db_url(database_url: str) -> str:
    """These run on SQLite (the embedded default) and on PostgreSQL."""
    return database_url


async def enrollments(env: EnrollEnv, course: Course, n: int) -> list[uuid.UUID]:
    students = await env.students(n)
    async with transaction(env.sessionmaker) as session:
        rows = [
            Enrollment(course_id=course.id, student_id=s.id, workflow_id=f"enroll-{s.id}")
            for s in students
        ]
        session.add_all(rows)
        await session.flush()
        return [row.id for row in rows]


def seat(course: Course, enrollment_id: uuid.UUID) -> SeatInput:
    return SeatInput(enrollment_id=enrollment_id, course_id=course.id)


async def test_concurrent_reservations_never_oversell(env: EnrollEnv) -> None:
    course = await env.course(capacity=5)
    ids = await enrollments(env, course, 20)
    seats = SeatActivities(env.sessionmaker)
    results = await asyncio.gather(*(seats.reserve_seat(seat(course, i)) for i in ids))
    assert sum(r.reserved for r in results) == 5
    assert await seats_taken(env.sessionmaker, course.id) == 5
    # A retry of a reservation that succeeded holds the same single seat.
    winner = next(i for i, r in zip(ids, results, strict=True) if r.reserved)
    assert (await seats.reserve_seat(seat(course, winner))).reserved
    assert await seats_taken(env.sessionmaker, course.id) == 5


async def test_a_released_seat_goes_to_the_first_in_line_not_a_newcomer(env: EnrollEnv) -> None:
    course = await env.course(capacity=1)
    holder, first, second, newcomer = await enrollments(env, course, 4)
    seats = SeatActivities(env.sessionmaker)
    assert (await seats.reserve_seat(seat(course, holder))).reserved
    assert (await seats.reserve_seat(seat(course, first))).waitlist_position == 1
    assert (await seats.reserve_seat(seat(course, second))).waitlist_position == 2

    released = await seats.release_seat(seat(course, holder))
    assert released.released
    assert [p.enrollment_id for p in released.promoted] == [first]
    assert not (await seats.reserve_seat(seat(course, newcomer))).reserved
    assert (await seats.reserve_seat(seat(course, first))).reserved  # claims the hand-over
    assert await seats_taken(env.sessionmaker, course.id) == 1
    # Releasing twice gives back one seat; the retry still names the pending hand-over.
    again = await seats.release_seat(seat(course, holder))
    assert not again.released
    assert await seats_taken(env.sessionmaker, course.id) == 1


async def test_leaving_the_queue_keeps_a_seat_handed_over_first(env: EnrollEnv) -> None:
    course = await env.course(capacity=1)
    holder, waiter, quitter = await enrollments(env, course, 3)
    seats = SeatActivities(env.sessionmaker)
    await seats.reserve_seat(seat(course, holder))
    await seats.reserve_seat(seat(course, waiter))
    await seats.reserve_seat(seat(course, quitter))
    assert not (await seats.leave_waitlist(seat(course, quitter))).seat_granted
    await seats.release_seat(seat(course, holder))
    assert (await seats.leave_waitlist(seat(course, waiter))).seat_granted
    async with env.sessionmaker() as session:
        row = await session.get(Enrollment, waiter)
        assert row is not None and row.seat_held and row.status is EnrollmentStatus.waitlisted
    assert await seats_taken(env.sessionmaker, course.id) == 1


async def test_a_reservation_for_a_missing_enrollment_fails_for_good(env: EnrollEnv) -> None:
    course = await env.course(capacity=1)
    with pytest.raises(ApplicationError) as failed:
        await SeatActivities(env.sessionmaker).reserve_seat(seat(course, uuid.uuid4()))
    assert failed.value.type == "EnrollmentMissing" and failed.value.non_retryable
    assert await seats_taken(env.sessionmaker, course.id) == 0
