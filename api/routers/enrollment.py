"""Enrollments: start the saga with update-with-start, read the projection, cancel.

``POST /courses/{id}/enrollments`` answers 201 with the outcome when the saga reaches one
(``active`` or ``waitlisted``) within ``settings.enrollment_answer_wait_s``, 200 with the
existing enrollment when a saga for this student and course is already open (never a second
saga), and 202 with the enrollment to poll otherwise. A refusal is a problem, never a 2xx:
402 ``payment-declined`` and 409 ``not-eligible`` carry ``enrollment_id`` (the row that
records it) and ``reason``; 404 when the caller cannot see the course (nothing written).
Who may enroll is ``services.enrollment.eligibility``'s rule.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import CurrentUser, SessionDep, SettingsDep, TemporalDep
from api.errors import problem_responses
from schemas.enrollment import EnrollIn, EnrollmentList, EnrollmentOut
from schemas.enums import EnrollmentStatus
from services import enrollment

router = APIRouter(prefix="/api/v1", tags=["enrollments"])


@router.post(
    "/courses/{course_id}/enrollments",
    response_model=EnrollmentOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": EnrollmentOut, "description": "the open enrollment, unchanged"},
        202: {"model": EnrollmentOut, "description": "started; poll GET /enrollments/{id}"},
        **problem_responses(401, 402, 403, 404, 409, 422, 503),
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
    student = await enrollment.student_to_enroll(session, caller, body.student_id)
    enrolled = await enrollment.enroll(
        session, temporal, settings, course_id=course_id, student=student,
        payment_token=body.payment_token, commit=session.commit, caller=caller,
    )  # fmt: skip
    if enrolled.enrollment.status is EnrollmentStatus.pending:
        response.status_code = status.HTTP_202_ACCEPTED
    elif not enrolled.created:
        response.status_code = status.HTTP_200_OK
    return enrolled.enrollment


@router.get(
    "/enrollments/{enrollment_id}",
    response_model=EnrollmentOut,
    responses=problem_responses(401, 404),
)
async def get_enrollment(
    enrollment_id: uuid.UUID, session: SessionDep, caller: CurrentUser
) -> EnrollmentOut:
    return await enrollment.read_enrollment(session, caller, enrollment_id)


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
    cancelled = await enrollment.cancel(
        session, temporal, settings, caller, enrollment_id, commit=session.commit
    )
    if not cancelled.done:
        response.status_code = status.HTTP_202_ACCEPTED
    return cancelled.enrollment


@router.get("/me/enrollments", response_model=EnrollmentList, responses=problem_responses(401))
async def my_enrollments(
    session: SessionDep,
    caller: CurrentUser,
    status_filter: Annotated[EnrollmentStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> EnrollmentList:
    return await enrollment.my_enrollments(session, caller, status_filter, limit, offset)
