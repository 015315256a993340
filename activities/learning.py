"""Completion activities: mark the enrollment completed, issue its certificate.

Both are idempotent by enrollment ID: a retry (or a second signal) finds the earlier result.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from db.base import utcnow
from db.models import Certificate, Course, Enrollment
from db.queries.learning import completion_rule_met
from db.session import transaction
from schemas.enums import EnrollmentStatus
from schemas.learning import CertificateResult, EnrollmentRef, MarkCompletedResult


def new_verification_code() -> str:
    """Sixteen hex digits in groups of four, e.g. 3F9A-04C2-7B1D-E8A0 (64 random bits)."""
    raw = secrets.token_hex(8).upper()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class LearningActivities:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    @activity.defn
    async def mark_enrollment_completed(self, input: EnrollmentRef) -> MarkCompletedResult:
        """Active → completed, once the completion rule holds in the database."""
        async with transaction(self.sessionmaker) as session:
            enrollment = await session.scalar(
                select(Enrollment).where(Enrollment.id == input.enrollment_id).with_for_update()
            )
            if enrollment is None:
                raise ApplicationError(
                    f"enrollment {input.enrollment_id} does not exist",
                    type="EnrollmentNotFound",
                    non_retryable=True,
                )
            course = await session.get(Course, enrollment.course_id)
            title = course.title if course is not None else ""
            if enrollment.status == EnrollmentStatus.completed:
                return MarkCompletedResult(completed=True, course_title=title)
            if enrollment.status != EnrollmentStatus.active:
                return MarkCompletedResult(
                    completed=False, reason=f"enrollment is {enrollment.status.value}"
                )
            if not await completion_rule_met(session, enrollment):
                return MarkCompletedResult(completed=False, reason="completion rule not met")
            enrollment.status = EnrollmentStatus.completed
            enrollment.completed_at = utcnow()
        activity.logger.info("enrollment.completed enrollment_id=%s", input.enrollment_id)
        return MarkCompletedResult(completed=True, course_title=title)

    async def _existing_certificate(self, input: EnrollmentRef) -> Certificate | None:
        async with self.sessionmaker() as session:
            row: Certificate | None = await session.scalar(
                select(Certificate).where(Certificate.enrollment_id == input.enrollment_id)
            )
            return row

    @activity.defn
    async def issue_certificate(self, input: EnrollmentRef) -> CertificateResult:
        """One certificate per enrollment, with a unique verification code."""
        existing = await self._existing_certificate(input)
        if existing is None:
            try:
                async with transaction(self.sessionmaker) as session:
                    enrollment = await session.get(Enrollment, input.enrollment_id)
                    if enrollment is None or enrollment.status != EnrollmentStatus.completed:
                        raise ApplicationError(
                            "a certificate needs a completed enrollment",
                            type="EnrollmentNotCompleted",
                            non_retryable=True,
                        )
                    session.add(
                        Certificate(
                            enrollment_id=enrollment.id,
                            user_id=enrollment.student_id,
                            course_id=enrollment.course_id,
                            verification_code=new_verification_code(),
                        )
                    )
            except IntegrityError:
                # A concurrent attempt won the unique enrollment_id; read its row below.
                pass
            existing = await self._existing_certificate(input)
        assert existing is not None
        return CertificateResult(
            certificate_id=existing.id, verification_code=existing.verification_code
        )
