"""Completion: start the completion workflow when the rule holds, mark the enrollment
completed, issue its certificate (each idempotent by enrollment ID)."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from core.logging import get_logger
from core.settings import Settings
from db.base import utcnow
from db.models import Certificate, Course, Enrollment
from db.queries import learning as q
from schemas.enums import EnrollmentStatus
from schemas.learning import (
    COMPLETION_SIGNAL,
    COMPLETION_WORKFLOW,
    CertificateResult,
    CompletionInput,
    CompletionResult,
    EnrollmentRef,
    MarkCompletedResult,
)
from schemas.temporal import COURSE_ID, STUDENT_ID, completion_workflow_id
from services.errors import Conflict, NotFound
from services.learning import events
from services.learning.progression import completion_rule_met

log = get_logger("courseflow.learning")


class EnrollmentNotFound(NotFound):
    pass


class EnrollmentNotCompleted(Conflict):
    pass


def new_verification_code() -> str:
    """Sixteen hex digits in groups of four, e.g. 3F9A-04C2-7B1D-E8A0 (64 random bits)."""
    raw = secrets.token_hex(8).upper()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


async def start_completion(
    client: Client, settings: Settings, enrollment: Enrollment
) -> str | None:
    """Signal-with-start: the first caller starts the run, racing callers only signal it.

    Called after the progress is committed; a failure to reach Temporal is logged and left
    to the next post (or quiz attempt), which starts it then.
    """
    workflow_id = completion_workflow_id(enrollment.id)
    try:
        await client.start_workflow(
            COMPLETION_WORKFLOW,
            CompletionInput(
                enrollment_id=enrollment.id,
                course_id=enrollment.course_id,
                student_id=enrollment.student_id,
            ),
            id=workflow_id,
            task_queue=settings.task_queue,
            start_signal=COMPLETION_SIGNAL,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(COURSE_ID, str(enrollment.course_id)),
                    SearchAttributePair(STUDENT_ID, str(enrollment.student_id)),
                ]
            ),
            result_type=CompletionResult,
        )
    except WorkflowAlreadyStartedError:
        pass  # a closed run already completed this enrollment
    except (RPCError, RuntimeError) as exc:  # RuntimeError: a lazy client's failed connect
        log.warning("progress.completion_start_failed", workflow_id=workflow_id, error=str(exc))
        return None
    log.info("progress.completion_started", workflow_id=workflow_id)
    return workflow_id


async def mark_completed(session: AsyncSession, input: EnrollmentRef) -> MarkCompletedResult:
    """Active → completed, once the completion rule holds in the database (every lesson
    complete under the course's progression rules, ``progression.completion_rule_met``)."""
    enrollment = await q.enrollment_for_update(session, input.enrollment_id)
    if enrollment is None:
        raise EnrollmentNotFound(f"enrollment {input.enrollment_id} does not exist")
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
    await events.record_course_completed(session, enrollment)
    log.info("enrollment.completed", enrollment_id=str(input.enrollment_id))
    return MarkCompletedResult(completed=True, course_title=title)


async def certificate_of(session: AsyncSession, enrollment_id: uuid.UUID) -> Certificate | None:
    return await q.certificate_of(session, enrollment_id)


async def add_certificate(session: AsyncSession, enrollment_id: uuid.UUID) -> None:
    """A certificate for a completed enrollment, with a new verification code. One per
    enrollment: a concurrent second one fails on the unique enrollment ID at commit."""
    enrollment = await session.get(Enrollment, enrollment_id)
    if enrollment is None or enrollment.status != EnrollmentStatus.completed:
        raise EnrollmentNotCompleted("a certificate needs a completed enrollment")
    session.add(
        Certificate(
            enrollment_id=enrollment.id,
            user_id=enrollment.student_id,
            course_id=enrollment.course_id,
            verification_code=new_verification_code(),
        )
    )


def certificate_result(row: Certificate) -> CertificateResult:
    return CertificateResult(certificate_id=row.id, verification_code=row.verification_code)
