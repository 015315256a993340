"""Who may enroll: the one home of the eligibility rule.

``eligibility_problems`` checks everything, in this order: the student exists and is active;
the course exists; the student is not its author; it is published; its enrollment window is
open; the student completed its prerequisites; a priced course comes with a payment token;
the student holds no other enrollment in it (pending, waitlisted, active or completed).

Two doors call it. The API and the CLI call it before they start a saga and refuse at once
what the person asking can fix or must be told straight away (``refused_at_request``: their
own course, an unpublished course, a missing token, a course already completed): nothing is
written for those. Everything else is left to the saga, whose first activity calls it again
and records the refusal as the enrollment's reason (``enrollment_closed: …``), which the
doors answer as a 409 problem naming that enrollment.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Course, User
from db.queries import enrollment as q
from schemas.enrollment import money
from schemas.enums import CourseStatus, EnrollmentStatus
from services.errors import Conflict


class NotEligible(Conflict):
    """The enrollment is refused; ``reason`` is the stable code the saga records."""

    code = "NotEligible"  # the ApplicationError type the saga branches on
    refused_at_request: ClassVar[bool] = False
    # False when no enrollment row can record the refusal (its student or course is gone).
    recordable: ClassVar[bool] = True

    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(detail or reason)
        self.reason = reason  # what the saga records, e.g. "prerequisites_not_met: Algebra"


class StudentNotFound(NotEligible):
    recordable = False


class CourseNotFound(NotEligible):
    recordable = False


class CourseNotAvailable(NotEligible):
    """Not published, or its enrollment window is closed."""


class CourseNotPublished(CourseNotAvailable):
    """Refused before anything is written: no enrollment row for a course not on sale (a
    reader who cannot see the course is told it does not exist, before this rule runs)."""

    refused_at_request = True


class OwnCourse(NotEligible):
    status, slug, title = 403, "forbidden", "Forbidden"
    refused_at_request = True


class PrerequisitesMissing(NotEligible):
    pass


class PaymentTokenRequired(NotEligible):
    status, slug, title = 422, "invalid-input", "Invalid input"
    refused_at_request = True


class AlreadyEnrolled(NotEligible):
    pass


class AlreadyCompleted(AlreadyEnrolled):
    refused_at_request = True


def _window_problem(course: Course, now: datetime) -> str | None:
    if course.enrollment_opens_at is not None and now < course.enrollment_opens_at:
        return f"enrollment_not_open: opens {course.enrollment_opens_at.isoformat()}"
    if course.enrollment_closes_at is not None and now >= course.enrollment_closes_at:
        return f"enrollment_closed: closed {course.enrollment_closes_at.isoformat()}"
    return None


async def _missing_prerequisites(
    session: AsyncSession, course: Course, student_id: uuid.UUID
) -> list[str]:
    """Titles of the prerequisites not completed. ``course.prerequisites`` must be loaded."""
    if not course.prerequisites:  # most courses: no query at all
        return []
    done = await q.completed_course_ids(session, student_id)
    return sorted(p.title for p in course.prerequisites if p.id not in done)


def _course_problems(course: Course, student: User, now: datetime) -> list[NotEligible]:
    problems: list[NotEligible] = []
    if course.author_id == student.id:
        problems.append(OwnCourse("own_course", "a course's author cannot enroll in it"))
    if course.status is not CourseStatus.published:
        problems.append(
            CourseNotPublished(
                f"course_not_published: {course.status.value}",
                f"the course is {course.status.value}, not published; nothing was written",
            )
        )
    elif (window := _window_problem(course, now)) is not None:
        problems.append(CourseNotAvailable(window))
    return problems


async def eligibility_problems(
    session: AsyncSession,
    *,
    course: Course | None,
    student: User | None,
    payment_token: str | None,
    enrollment_id: uuid.UUID | None,
    now: datetime,
) -> list[NotEligible]:
    """Every reason ``student`` may not enroll in ``course`` now, in the order above (empty
    when they may). ``enrollment_id``: the enrollment being decided, not counted as another.
    The course's prerequisites must be loaded (``db.queries.enrollment``)."""
    if student is None or not student.is_active:
        return [StudentNotFound("student_not_found")]
    if course is None:
        return [CourseNotFound("course_not_found")]
    problems = _course_problems(course, student, now)
    if not problems:
        missing = await _missing_prerequisites(session, course, student.id)
        if missing:
            problems.append(PrerequisitesMissing("prerequisites_not_met: " + ", ".join(missing)))
    if course.price_cents > 0 and not payment_token:
        price = money(course.price_cents, course.currency)
        problems.append(
            PaymentTokenRequired(
                "payment_token_required", f"payment_token: required, the course costs {price}"
            )
        )
    other = await q.other_holding_enrollment(session, course.id, student.id, enrollment_id)
    if other is not None:
        other_id, status = other
        if status is EnrollmentStatus.completed:
            detail = f"already completed this course (enrollment {other_id})"
            problems.append(AlreadyCompleted("already_completed", detail))
        else:
            problems.append(AlreadyEnrolled("already_enrolled"))
    return problems
