"""Enrollments: start the saga with update-with-start, read the projection, cancel.

``POST /courses/{id}/enrollments`` answers 201 with the outcome when the saga reaches one
(``active``, ``waitlisted``, ``failed`` with its reason) within
``settings.enrollment_answer_wait_s``, 200 with the existing enrollment when a saga for this
student and course is already open (never a second saga), and 202 with the enrollment to poll
otherwise. Students enroll themselves; admins may enroll anyone (``student_id``); nobody else
enrolls other people, and a course's author cannot enroll in their own course.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import func, select
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

from api.deps import CurrentUser, SessionDep, SettingsDep, TemporalDep
from api.errors import problem_responses
from core.logging import get_logger
from core.settings import Settings
from db.models import Course, Enrollment, User
from db.queries.enrollment import ensure_enrollment_row, waitlist_position
from schemas.enrollment import (
    TERMINAL_STATUSES,
    AnswerRequest,
    CancelRequest,
    EnrollIn,
    EnrollmentInput,
    EnrollmentList,
    EnrollmentOut,
    EnrollmentView,
    money,
)
from schemas.enums import EnrollmentStatus, Role
from schemas.temporal import COURSE_ID, ENROLLMENT_STATUS, STUDENT_ID, enrollment_workflow_id
from services.errors import Conflict, Forbidden, InvalidInput, NotFound, Unavailable
from workflows.enrollment import EnrollmentWorkflow

router = APIRouter(prefix="/api/v1", tags=["enrollments"])
log = get_logger("courseflow.api.enrollments")

# Beyond the workflow-side wait: room for the round trip before we stop waiting and poll.
ANSWER_GRACE_S = 2.0  # beyond the saga's own wait: worker pick-up latency
MEMO_ENROLLMENT_ID = "enrollment_id"
# A run in one of these is about to close; re-enrolling starts a new run after it.
ENDED_BEFORE_ACTIVE = frozenset({EnrollmentStatus.failed, EnrollmentStatus.cancelled})


async def enrollment_out(session: AsyncSession, row: Enrollment) -> EnrollmentOut:
    out = EnrollmentOut.model_validate(row, from_attributes=True)
    out.waitlist_position = await waitlist_position(session, row)
    return out


def _start_operation(
    settings: Settings, course: Course, student: User, token: str | None, candidate: uuid.UUID
) -> WithStartWorkflowOperation[EnrollmentWorkflow, EnrollmentView]:
    return WithStartWorkflowOperation(
        EnrollmentWorkflow.run,
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
    )


async def _open_run_enrollment_id(client: Client, workflow_id: str) -> uuid.UUID:
    """The enrollment the open run serves, from its memo (no worker needed)."""
    try:
        description = await client.get_workflow_handle(workflow_id).describe()
        return uuid.UUID(str(await description.memo_value(MEMO_ENROLLMENT_ID)))
    except (RPCError, KeyError) as exc:
        raise Unavailable("the enrollment could not be started; try again") from exc


async def _update_with_start(
    client: Client, settings: Settings, course: Course, student: User, token: str | None
) -> tuple[uuid.UUID, uuid.UUID, EnrollmentView | None]:
    """(candidate, enrollment ID, answer or None when the saga did not answer in time)."""
    candidate = uuid.uuid4()
    operation = _start_operation(settings, course, student, token, candidate)
    wait_s = settings.enrollment_answer_wait_s
    try:
        view = await asyncio.wait_for(
            client.execute_update_with_start_workflow(
                EnrollmentWorkflow.await_outcome,
                AnswerRequest(wait_s=wait_s),
                start_workflow_operation=operation,
            ),
            timeout=wait_s + ANSWER_GRACE_S,
        )
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
        # Either our wait or the server's long-poll ran out: the saga has not answered yet.
        workflow_id = enrollment_workflow_id(course.id, student.id)
        return candidate, await _open_run_enrollment_id(client, workflow_id), None
    except (RPCError, WorkflowUpdateFailedError) as exc:
        log.warning("enrollment.start_failed", course_id=str(course.id), error=str(exc))
        raise Unavailable("the enrollment could not be started; try again") from exc
    return candidate, view.enrollment_id, view


async def _closed(client: Client, workflow_id: str) -> None:
    """Wait (briefly) for a run that has reached its final status to close."""
    handle = client.get_workflow_handle(workflow_id)
    with contextlib.suppress(Exception):
        await asyncio.wait_for(handle.result(), timeout=ANSWER_GRACE_S)


async def start_enrollment(
    client: Client,
    settings: Settings,
    session: AsyncSession,
    *,
    course: Course,
    student: User,
    payment_token: str | None,
) -> tuple[Enrollment, bool]:
    """Update-with-start the saga. Returns the enrollment and whether this call created it.

    An open run answers for itself (the same enrollment, no second saga). A run that has
    just failed or been cancelled but not closed yet is waited for, then a new run starts.
    Shared by the API and ``courseflow enroll``. Commits ``session`` first: no database lock
    may be held while the saga's activities write.
    """
    await session.commit()
    candidate, enrollment_id, view = await _update_with_start(
        client, settings, course, student, payment_token
    )
    if view is not None and enrollment_id != candidate and view.status in ENDED_BEFORE_ACTIVE:
        await _closed(client, enrollment_workflow_id(course.id, student.id))
        candidate, enrollment_id, view = await _update_with_start(
            client, settings, course, student, payment_token
        )
    row = await ensure_enrollment_row(
        session,
        enrollment_id=enrollment_id,
        course_id=course.id,
        student_id=student.id,
        workflow_id=enrollment_workflow_id(course.id, student.id),
        course=course,
    )
    return row, enrollment_id == candidate


async def _student_for(session: AsyncSession, caller: User, student_id: uuid.UUID | None) -> User:
    if student_id is None or student_id == caller.id:
        return caller
    if caller.role is not Role.admin:
        raise Forbidden("only admins may enroll another user")
    student = await session.get(User, student_id)
    if student is None or not student.is_active:
        raise NotFound("student_id: no such active user")
    return student


async def _check_request(
    session: AsyncSession, course: Course, student: User, body: EnrollIn
) -> None:
    if course.author_id == student.id:
        raise Forbidden("a course's author cannot enroll in it")
    if course.price_cents > 0 and body.payment_token is None:
        price = money(course.price_cents, course.currency)
        raise InvalidInput(f"payment_token: required, the course costs {price}")
    completed = await session.scalar(
        select(Enrollment.id).where(
            Enrollment.course_id == course.id,
            Enrollment.student_id == student.id,
            Enrollment.status == EnrollmentStatus.completed,
        )
    )
    if completed is not None:
        raise Conflict(f"already completed this course (enrollment {completed})")


@router.post(
    "/courses/{course_id}/enrollments",
    response_model=EnrollmentOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": EnrollmentOut, "description": "the open enrollment, unchanged"},
        202: {"model": EnrollmentOut, "description": "started; poll GET /enrollments/{id}"},
        **problem_responses(401, 403, 404, 409, 422, 503),
    },
)
async def enroll(
    course_id: uuid.UUID,
    body: EnrollIn,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    temporal: TemporalDep,
    caller: CurrentUser,
) -> EnrollmentOut:
    student = await _student_for(session, caller, body.student_id)
    course = await session.get(Course, course_id)
    if course is None:
        raise NotFound("no such course")
    await _check_request(session, course, student, body)
    row, created = await start_enrollment(
        temporal,
        settings,
        session,
        course=course,
        student=student,
        payment_token=body.payment_token,
    )
    if row.status is EnrollmentStatus.pending:
        response.status_code = status.HTTP_202_ACCEPTED
    elif not created:
        response.status_code = status.HTTP_200_OK
    log.info("enrollment.requested", enrollment_id=str(row.id), status=row.status.value)
    return await enrollment_out(session, row)


async def _visible(session: AsyncSession, caller: User, enrollment_id: uuid.UUID) -> Enrollment:
    """Own enrollments; admins see all; a course's author sees its enrollments."""
    row = await session.get(Enrollment, enrollment_id)
    if row is None:
        raise NotFound("no such enrollment")
    if caller.role is Role.admin or row.student_id == caller.id:
        return row
    author = await session.scalar(select(Course.author_id).where(Course.id == row.course_id))
    if author == caller.id:
        return row
    raise NotFound("no such enrollment")


@router.get(
    "/enrollments/{enrollment_id}",
    response_model=EnrollmentOut,
    responses=problem_responses(401, 404),
)
async def get_enrollment(
    enrollment_id: uuid.UUID, session: SessionDep, caller: CurrentUser
) -> EnrollmentOut:
    return await enrollment_out(session, await _visible(session, caller, enrollment_id))


async def _cancel_saga(
    client: Client, row: Enrollment, request: CancelRequest, wait_s: float
) -> bool:
    """Cancel through the Update (answer when done); on a slow saga fall back to the Signal."""
    handle = client.get_workflow_handle_for(EnrollmentWorkflow.run, row.workflow_id)
    try:
        await asyncio.wait_for(
            handle.execute_update(EnrollmentWorkflow.cancel, request),
            timeout=wait_s + ANSWER_GRACE_S,
        )
        return True
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
        await handle.signal(EnrollmentWorkflow.request_cancel, request)
        return False
    except WorkflowUpdateFailedError as exc:
        raise Conflict(f"the enrollment cannot be cancelled: {exc.cause or exc}") from exc
    except RPCError as exc:
        if exc.status is RPCStatusCode.NOT_FOUND:
            raise Conflict("no running saga for this enrollment") from exc
        raise Unavailable("Temporal is unavailable; try again") from exc


@router.delete(
    "/enrollments/{enrollment_id}",
    response_model=EnrollmentOut,
    responses={
        202: {"model": EnrollmentOut, "description": "cancellation requested; poll"},
        **problem_responses(401, 403, 404, 409, 503),
    },
)
async def cancel_enrollment(
    enrollment_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    temporal: TemporalDep,
    caller: CurrentUser,
) -> EnrollmentOut:
    """Cancel with refund per policy (full within the refund window), freeing the seat."""
    row = await _visible(session, caller, enrollment_id)
    if caller.role is not Role.admin and row.student_id != caller.id:
        raise Forbidden("only the student or an admin may cancel an enrollment")
    if row.status in TERMINAL_STATUSES:
        raise Conflict(f"the enrollment is already {row.status.value}")
    who = "student" if row.student_id == caller.id else "admin"
    request = CancelRequest(enrollment_id=row.id, reason=f"cancelled_by_{who}")
    await session.commit()  # hold no lock while the saga writes
    done = await _cancel_saga(temporal, row, request, settings.enrollment_answer_wait_s)
    await session.refresh(row)
    if not done:
        response.status_code = status.HTTP_202_ACCEPTED
    return await enrollment_out(session, row)


@router.get("/me/enrollments", response_model=EnrollmentList, responses=problem_responses(401))
async def my_enrollments(
    session: SessionDep,
    caller: CurrentUser,
    status_filter: Annotated[EnrollmentStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> EnrollmentList:
    query = select(Enrollment).where(Enrollment.student_id == caller.id)
    if status_filter is not None:
        query = query.where(Enrollment.status == status_filter)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.order_by(Enrollment.created_at.desc(), Enrollment.id).limit(limit).offset(offset)
    )
    return EnrollmentList(
        items=[await enrollment_out(session, row) for row in rows], total=int(total or 0)
    )
