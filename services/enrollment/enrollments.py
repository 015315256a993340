"""Enrollments as the API and the CLI see them: enroll (the saga by update-with-start),
read, list, cancel.

Enrolling answers with the outcome when the saga reaches one (``active`` or ``waitlisted``)
within ``settings.enrollment_answer_wait_s``, with the existing enrollment when a saga for
this student and course is already open (never a second saga), and with the pending
enrollment to poll otherwise. A saga that refused the enrollment raises instead of
answering: ``PaymentDeclined`` (402) or ``EnrollmentRefused`` (409), both naming the
enrollment row that records the refusal. A course the caller cannot see is ``CourseNotFound``
(404) and nothing is written, exactly as ``GET /courses/{id}`` hides it. Students enroll
themselves; admins may enroll anyone; nobody else enrolls other people. The saga is
started, updated and signalled by its Temporal names (``schemas.enrollment``).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import (
    Client,
    WithStartWorkflowOperation,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDConflictPolicy,
    WorkflowIDReusePolicy,
)
from temporalio.service import RPCError, RPCStatusCode

from core.logging import get_logger
from core.settings import Settings
from db.base import utcnow
from db.models import Course, Enrollment, User
from db.queries import enrollment as q
from schemas.enrollment import (
    AWAIT_OUTCOME_UPDATE,
    CANCEL_UPDATE,
    ENROLLMENT_WORKFLOW,
    REQUEST_CANCEL_SIGNAL,
    TERMINAL_STATUSES,
    AnswerRequest,
    CancelRequest,
    EnrollmentInput,
    EnrollmentList,
    EnrollmentOut,
    EnrollmentView,
)
from schemas.enums import EnrollmentStatus, Role
from schemas.temporal import COURSE_ID, ENROLLMENT_STATUS, STUDENT_ID, enrollment_workflow_id
from services.boundary import Commit
from services.catalog import can_read_course
from services.enrollment.eligibility import eligibility_problems
from services.errors import Conflict, DomainError, Forbidden, NotFound, Unavailable

log = get_logger("courseflow.enrollment")

# Beyond the saga's own wait: room for the round trip (worker pick-up) before we poll.
ANSWER_GRACE_S = 2.0
MEMO_ENROLLMENT_ID = "enrollment_id"
# How the saga words a declined payment (``workflows.enrollment.failure_reason``).
PAYMENT_DECLINED_REASON = "payment_declined"
# A run in one of these is about to close; re-enrolling starts a new run after it.
ENDED_BEFORE_ACTIVE = frozenset({EnrollmentStatus.failed, EnrollmentStatus.cancelled})


class EnrollmentNotFound(NotFound):
    pass


class CourseNotFound(NotFound):
    pass


class EnrollingOthers(Forbidden):
    pass


class NotCancellable(Conflict):
    pass


class SagaUnavailable(Unavailable):
    pass


class EnrollmentFailed(DomainError):
    """The saga refused the enrollment; its row records why (``reason``) and stays readable
    at ``GET /enrollments/{enrollment_id}``."""

    def __init__(self, enrollment: EnrollmentOut) -> None:
        reason = enrollment.reason or "failed"
        super().__init__(f"enrollment {enrollment.id} failed: {reason}")
        self.enrollment = enrollment
        self.reason = reason

    def problem_extensions(self) -> dict[str, Any]:
        return {
            "enrollment_id": str(self.enrollment.id),
            "reason": self.reason,
            "enrollment": self.enrollment.model_dump(mode="json"),
        }


class PaymentDeclined(EnrollmentFailed):
    """The gateway declined the payment (402): another card may work."""

    status, slug, title = 402, "payment-declined", "Payment declined"


class EnrollmentRefused(EnrollmentFailed):
    """The eligibility rule refused the enrollment once the saga checked it (409)."""

    status, slug, title = 409, "not-eligible", "Not eligible"


def failure_of(enrollment: EnrollmentOut) -> EnrollmentFailed:
    if (enrollment.reason or "").startswith(PAYMENT_DECLINED_REASON):
        return PaymentDeclined(enrollment)
    return EnrollmentRefused(enrollment)


# --- reading -------------------------------------------------------------------------------
async def enrollment_out(session: AsyncSession, row: Enrollment) -> EnrollmentOut:
    out = EnrollmentOut.model_validate(row, from_attributes=True)
    out.waitlist_position = await q.waitlist_position(session, row)
    return out


async def visible_enrollment(
    session: AsyncSession, caller: User, enrollment_id: uuid.UUID
) -> Enrollment:
    """Own enrollments; admins see all; a course's author sees its enrollments."""
    row = await session.get(Enrollment, enrollment_id)
    if row is None:
        raise EnrollmentNotFound("no such enrollment")
    if caller.role is Role.admin or row.student_id == caller.id:
        return row
    if await q.course_author(session, row.course_id) == caller.id:
        return row
    raise EnrollmentNotFound("no such enrollment")


async def read_enrollment(
    session: AsyncSession, caller: User, enrollment_id: uuid.UUID
) -> EnrollmentOut:
    return await enrollment_out(session, await visible_enrollment(session, caller, enrollment_id))


async def my_enrollments(
    session: AsyncSession,
    caller: User,
    status: EnrollmentStatus | None,
    limit: int,
    offset: int,
) -> EnrollmentList:
    total, rows = await q.enrollments_of(session, caller.id, status, limit, offset)
    return EnrollmentList(items=[await enrollment_out(session, row) for row in rows], total=total)


# --- enrolling -----------------------------------------------------------------------------
async def student_to_enroll(
    session: AsyncSession, caller: User, student_id: uuid.UUID | None
) -> User:
    """The caller, or (admins only) the active user they name."""
    if student_id is None or student_id == caller.id:
        return caller
    if caller.role is not Role.admin:
        raise EnrollingOthers("only admins may enroll another user")
    student = await session.get(User, student_id)
    if student is None or not student.is_active:
        raise EnrollmentNotFound("student_id: no such active user")
    return student


def _start_operation(
    settings: Settings, course: Course, student: User, token: str | None, candidate: uuid.UUID
) -> WithStartWorkflowOperation[object, EnrollmentView]:
    return WithStartWorkflowOperation(
        ENROLLMENT_WORKFLOW,
        EnrollmentInput(
            enrollment_id=candidate,
            course_id=course.id,
            student_id=student.id,
            payment_token=token,
            refund_window_days=settings.refund_window_days,
            waitlist_deadline_s=settings.waitlist_deadline_s,
        ),
        id=enrollment_workflow_id(course.id, student.id),
        task_queue=settings.task_queue,
        # One open saga per student and course; a closed one may be followed by a new run.
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
        search_attributes=TypedSearchAttributes(
            [
                SearchAttributePair(COURSE_ID, str(course.id)),
                SearchAttributePair(STUDENT_ID, str(student.id)),
                SearchAttributePair(ENROLLMENT_STATUS, EnrollmentStatus.pending.value),
            ]
        ),
        memo={MEMO_ENROLLMENT_ID: str(candidate)},
        static_summary=f"enroll {student.email} in {course.title}"[:200],
        result_type=EnrollmentView,
    )


async def _open_run_enrollment_id(client: Client, workflow_id: str) -> uuid.UUID:
    """The enrollment the open run serves, from its memo (no worker needed)."""
    try:
        description = await client.get_workflow_handle(workflow_id).describe()
        return uuid.UUID(str(await description.memo_value(MEMO_ENROLLMENT_ID)))
    except (RPCError, KeyError) as exc:
        raise SagaUnavailable("the enrollment could not be started; try again") from exc


async def _update_with_start(
    client: Client, settings: Settings, course: Course, student: User, token: str | None
) -> tuple[uuid.UUID, uuid.UUID, EnrollmentView | None]:
    """(candidate, enrollment ID, answer or None when the saga did not answer in time)."""
    candidate = uuid.uuid4()
    operation = _start_operation(settings, course, student, token, candidate)
    wait_s = settings.enrollment_answer_wait_s
    try:
        view: EnrollmentView = await asyncio.wait_for(
            client.execute_update_with_start_workflow(
                AWAIT_OUTCOME_UPDATE,
                AnswerRequest(wait_s=wait_s),
                start_workflow_operation=operation,
                result_type=EnrollmentView,
            ),
            timeout=wait_s + ANSWER_GRACE_S,
        )
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
        # Either our wait or the server's long-poll ran out: the saga has not answered yet.
        workflow_id = enrollment_workflow_id(course.id, student.id)
        return candidate, await _open_run_enrollment_id(client, workflow_id), None
    except (RPCError, WorkflowUpdateFailedError) as exc:
        log.warning("enrollment.start_failed", course_id=str(course.id), error=str(exc))
        raise SagaUnavailable("the enrollment could not be started; try again") from exc
    return candidate, view.enrollment_id, view


async def _closed(client: Client, workflow_id: str) -> None:
    """Wait (briefly) for a run that has reached its final status to close."""
    handle = client.get_workflow_handle(workflow_id)
    with contextlib.suppress(Exception):
        await asyncio.wait_for(handle.result(), timeout=ANSWER_GRACE_S)


@dataclass
class Enrolled:
    enrollment: EnrollmentOut
    created: bool  # False: an open saga for this student and course answered for itself


async def enroll(
    session: AsyncSession,
    client: Client,
    settings: Settings,
    *,
    course_id: uuid.UUID,
    student: User,
    payment_token: str | None,
    commit: Commit,
    caller: User | None,
) -> Enrolled:
    """Refuse what the eligibility rule refuses at request time, then update-with-start the
    saga. An open run answers for itself (the same enrollment, no second saga); a run that
    has just failed or been cancelled but not closed yet is waited for, then a new run starts.
    Commits first (``commit``): no database lock may be held while the saga's activities write.

    ``caller`` is who asks (``None``: an operator at the CLI, who sees every course): a
    course they cannot see is 404, an unpublished course they can see (its author, an
    admin) is refused before anything is written. A saga that answers ``failed`` raises
    ``PaymentDeclined`` or ``EnrollmentRefused`` (``failure_of``) carrying the enrollment it
    wrote.
    """
    course = await q.course_with_prerequisites(session, course_id)
    if course is None or (caller is not None and not can_read_course(caller, course)):
        raise CourseNotFound("no such course")
    problems = await eligibility_problems(
        session, course=course, student=student, payment_token=payment_token,
        enrollment_id=None, now=utcnow(),
    )  # fmt: skip
    for problem in problems:
        if problem.refused_at_request:
            raise problem
    await commit()
    candidate, enrollment_id, view = await _update_with_start(
        client, settings, course, student, payment_token
    )
    if view is not None and enrollment_id != candidate and view.status in ENDED_BEFORE_ACTIVE:
        await _closed(client, enrollment_workflow_id(course.id, student.id))
        candidate, enrollment_id, view = await _update_with_start(
            client, settings, course, student, payment_token
        )
    row = await q.ensure_enrollment_row(
        session,
        enrollment_id=enrollment_id,
        course_id=course.id,
        student_id=student.id,
        workflow_id=enrollment_workflow_id(course.id, student.id),
        course=course,
    )
    log.info("enrollment.requested", enrollment_id=str(row.id), status=row.status.value)
    out = await enrollment_out(session, row)
    if out.status is EnrollmentStatus.failed:
        await commit()  # the refusal's row stays readable, whatever the door does with the error
        raise failure_of(out)
    return Enrolled(out, created=enrollment_id == candidate)


# --- cancelling ----------------------------------------------------------------------------
async def _cancel_saga(
    client: Client, row: Enrollment, request: CancelRequest, wait_s: float
) -> bool:
    """Cancel through the Update (answer when done); on a slow saga fall back to the Signal."""
    handle = client.get_workflow_handle(row.workflow_id, result_type=EnrollmentView)
    try:
        await asyncio.wait_for(
            handle.execute_update(CANCEL_UPDATE, request, result_type=EnrollmentView),
            timeout=wait_s + ANSWER_GRACE_S,
        )
        return True
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
        await handle.signal(REQUEST_CANCEL_SIGNAL, request)
        return False
    except WorkflowUpdateFailedError as exc:
        raise NotCancellable(f"the enrollment cannot be cancelled: {exc.cause or exc}") from exc
    except RPCError as exc:
        if exc.status is RPCStatusCode.NOT_FOUND:
            raise NotCancellable("no running saga for this enrollment") from exc
        raise SagaUnavailable("Temporal is unavailable; try again") from exc


@dataclass
class Cancellation:
    enrollment: EnrollmentOut
    done: bool  # False: requested by signal; the saga finishes it shortly


async def cancel(
    session: AsyncSession,
    client: Client,
    settings: Settings,
    caller: User,
    enrollment_id: uuid.UUID,
    *,
    commit: Commit,
) -> Cancellation:
    """Cancel with refund per policy (full within the refund window), freeing the seat.
    Only the student or an admin may; a finished enrollment cannot be."""
    row = await visible_enrollment(session, caller, enrollment_id)
    if caller.role is not Role.admin and row.student_id != caller.id:
        raise Forbidden("only the student or an admin may cancel an enrollment")
    if row.status in TERMINAL_STATUSES:
        raise NotCancellable(f"the enrollment is already {row.status.value}")
    who = "student" if row.student_id == caller.id else "admin"
    request = CancelRequest(enrollment_id=row.id, reason=f"cancelled_by_{who}")
    await commit()  # hold no lock while the saga writes
    done = await _cancel_saga(client, row, request, settings.enrollment_answer_wait_s)
    await session.refresh(row)
    return Cancellation(await enrollment_out(session, row), done)
