"""record_status, the saga's projection write, on both databases: one statement that sets a
status's timestamp only the first time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from temporalio.exceptions import ApplicationError

from activities.enrollment import EnrollmentActivities
from db.models import Enrollment
from schemas.enrollment import RecordStatusInput
from schemas.enums import EnrollmentStatus
from tests.enrollment.conftest import EnrollEnv

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def db_url(database_url: str) -> str:
    """These run on SQLite (the embedded default) and on PostgreSQL."""
    return database_url


def status(enrollment_id: uuid.UUID, status: EnrollmentStatus, at: datetime,
           reason: str | None = None) -> RecordStatusInput:  # fmt: skip
    return RecordStatusInput(enrollment_id=enrollment_id, status=status, reason=reason, at=at)


async def test_each_timestamp_is_set_once_and_the_status_follows_every_write(
    env: EnrollEnv,
) -> None:
    enrollment_id = await env.enrollment()
    activities = EnrollmentActivities(env.sessionmaker)
    first = await activities.record_status(status(enrollment_id, EnrollmentStatus.active, T0))
    assert first.status is EnrollmentStatus.active and first.activated_at == T0
    # A retry, or a later write of the same status, keeps the first time.
    later = T0 + timedelta(hours=1)
    again = await activities.record_status(status(enrollment_id, EnrollmentStatus.active, later))
    assert again.activated_at == T0
    cancelled = await activities.record_status(
        status(enrollment_id, EnrollmentStatus.cancelled, later, "student_request")
    )
    assert cancelled.status is EnrollmentStatus.cancelled and cancelled.activated_at == T0
    async with env.sessionmaker() as session:
        row = await session.get(Enrollment, enrollment_id)
    assert row is not None
    assert (row.status, row.reason) == (EnrollmentStatus.cancelled, "student_request")
    assert (row.activated_at, row.cancelled_at, row.completed_at) == (T0, later, None)


async def test_a_status_for_a_missing_enrollment_fails_for_good(env: EnrollEnv) -> None:
    with pytest.raises(ApplicationError) as failed:
        await EnrollmentActivities(env.sessionmaker).record_status(
            status(uuid.uuid4(), EnrollmentStatus.active, T0)
        )
    assert failed.value.type == "EnrollmentMissing" and failed.value.non_retryable
