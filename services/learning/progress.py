"""Learner progress: posting a section's progress, the learner's own view, the course's
per-learner drill-down, and the progress rows an enrollment starts (and unwinds) with.

A post writes the section row, the lesson and course roll-ups (rules in
``db.queries.learning.progress``) and a learning event in the caller's transaction, which it
commits before it starts the completion workflow when the completion rule holds.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from core.settings import Settings
from db.base import utcnow
from db.models import Enrollment, LessonProgress, Section, SectionProgress, User
from db.queries import learning as q
from schemas.enums import EnrollmentStatus
from schemas.learning import (
    VERB_COMPLETED,
    VERB_PROGRESSED,
    CourseLearnersOut,
    CourseProgressOut,
    LearnerProgressOut,
    LessonProgressOut,
    MyProgressOut,
    ProgressIn,
    ProgressInput,
    ProgressOut,
    ProgressResult,
)
from services.boundary import Commit
from services.catalog import managed_course
from services.errors import Conflict, FieldInvalid, Forbidden, NotFound
from services.learning.completion import start_completion


class SectionNotFound(NotFound):
    pass


class NotEnrolled(Forbidden):
    pass


class EnrollmentNotActive(Conflict):
    pass


class KeyReused(Conflict):
    pass


class CourseHasNoContent(Conflict):
    code = "CourseHasNoContent"  # the saga fails its progress step for good on it


async def enrollment_for_write(
    session: AsyncSession, user: User, course_id: uuid.UUID
) -> Enrollment:
    """The caller's active enrollment in the course, row-locked (two posts of one learner
    serialise, so the completion check never misses the other post's section)."""
    enrollment = await q.lock_enrollment(session, course_id, user.id)
    if enrollment is None:
        raise NotEnrolled("only a student enrolled in this course can post progress")
    if enrollment.status != EnrollmentStatus.active:
        raise EnrollmentNotActive(f"the enrollment is {enrollment.status.value}, not active")
    return enrollment


def lesson_out(lesson_id: uuid.UUID, title: str, row: LessonProgress | None) -> LessonProgressOut:
    return LessonProgressOut(
        lesson_id=lesson_id,
        title=title,
        percent=q.ZERO if row is None else row.percent,
        best_quiz_score=None if row is None else row.best_quiz_score,
        completed=row is not None and row.completed_at is not None,
    )


async def _record_post(
    session: AsyncSession,
    enrollment: Enrollment,
    section: Section,
    body: ProgressIn,
    idempotency_key: str | None,
    now: datetime,
) -> bool:
    """Append the learning event and upsert the section row; True when the key was seen."""
    event_id = q.event_id_for(enrollment.id, idempotency_key)
    earlier = await q.get_event(session, event_id)
    if earlier is not None:
        if earlier.object_id != str(section.id):
            raise KeyReused("this Idempotency-Key was already used for another section")
        return True
    await q.append_event(
        session, event_id=event_id, enrollment=enrollment,
        verb=VERB_COMPLETED if body.completed else VERB_PROGRESSED, object_id=section.id,
        object_type="section", score=body.score, duration_s=body.time_spent_s, success=None,
        completion=body.completed, now=now,
    )  # fmt: skip
    await q.apply_section_post(
        session, enrollment, section, completed=body.completed,
        time_spent_s=body.time_spent_s, score=body.score, now=now,
    )  # fmt: skip
    return False


async def post_progress(
    session: AsyncSession,
    client: Client,
    settings: Settings,
    user: User,
    body: ProgressIn,
    idempotency_key: str | None,
    *,
    commit: Commit,
) -> ProgressOut:
    """Record progress on one section; a repeated ``idempotency_key`` is applied once."""
    if body.time_spent_s > settings.max_time_spent_per_post_s:
        raise FieldInvalid(
            "time_spent_s",
            f"must be at most {settings.max_time_spent_per_post_s} seconds per post",
            "less_than_equal",
        )
    section = await session.get(Section, body.section_id)
    if section is None:
        raise SectionNotFound("no section with this ID")
    enrollment = await enrollment_for_write(session, user, section.course_id)
    now = utcnow()
    replayed = await _record_post(session, enrollment, section, body, idempotency_key, now)
    rolled = await q.roll_up(session, enrollment, section.lesson_id, now, activity=not replayed)
    section_row = await q.section_row(session, enrollment.id, section.id)
    rule_met = await q.completion_rule_met(session, enrollment)
    lesson_title = await q.lesson_title(session, section.lesson_id)
    await commit()
    workflow_id = await start_completion(client, settings, enrollment) if rule_met else None
    return ProgressOut(
        enrollment_id=enrollment.id,
        course_id=enrollment.course_id,
        section_id=section.id,
        section_completion=q.ZERO if section_row is None else section_row.completion,
        lesson=lesson_out(section.lesson_id, lesson_title, rolled.lesson),
        course_percent=rolled.course_percent,
        completion_rule_met=rule_met,
        completion_workflow_id=workflow_id,
        replayed=replayed,
    )


# --- reads ------------------------------------------------------------------------------------
async def _course_progress(
    session: AsyncSession, rows: list[tuple[Enrollment, str]]
) -> list[CourseProgressOut]:
    lessons = await q.lessons_of_courses(session, list({e.course_id for e, _ in rows}))
    progress = await q.lesson_rows(session, [e.id for e, _ in rows])
    return [
        CourseProgressOut(
            enrollment_id=e.id,
            course_id=e.course_id,
            course_title=title,
            status=e.status,
            percent=e.progress_percent,
            completed_at=e.completed_at,
            last_activity_at=e.last_activity_at,
            lessons=[
                lesson_out(lesson.id, lesson.title, progress.get((e.id, lesson.id)))
                for lesson in lessons[e.course_id]
            ],
        )
        for e, title in rows
    ]


async def my_progress(session: AsyncSession, user: User) -> MyProgressOut:
    """The caller's progress per course (active and completed enrollments), per lesson."""
    rows = await q.enrollments_of_student(session, user.id)
    return MyProgressOut(courses=await _course_progress(session, rows))


async def course_learners(
    session: AsyncSession, user: User, course_id: uuid.UUID
) -> CourseLearnersOut:
    """Per-learner drill-down for the course's instructor (its author) and admins."""
    course = await managed_course(
        session, user, course_id, "only the course's instructor or an admin can see its learners"
    )
    rows = await q.learners_of_course(session, course_id)
    per_course = await _course_progress(session, [(e, course.title) for e, _ in rows])
    spent = await q.time_spent_by_enrollment(session, [e.id for e, _ in rows])
    learners = [
        LearnerProgressOut(
            enrollment_id=e.id,
            student_id=e.student_id,
            student_name=name,
            status=e.status,
            percent=e.progress_percent,
            completed_at=e.completed_at,
            last_activity_at=e.last_activity_at,
            time_spent_s=spent.get(e.id, 0),
            lessons=detail.lessons,
        )
        for (e, name), detail in zip(rows, per_course, strict=True)
    ]
    return CourseLearnersOut(course_id=course_id, learners=learners)


# --- an enrollment's progress rows (the enrollment saga's step) -------------------------------
async def init_progress(session: AsyncSession, input: ProgressInput) -> ProgressResult:
    """One section_progress row (0 %) per required section; existing rows are kept."""
    required = await q.required_sections(session, input.enrollment_id, input.course_id)
    if not required:
        raise CourseHasNoContent("course_has_no_required_sections")
    session.add_all(
        SectionProgress(
            enrollment_id=input.enrollment_id, section_id=section_id, lesson_id=lesson_id
        )
        for section_id, lesson_id, progress_id in required
        if progress_id is None
    )
    return ProgressResult(rows=len(required))


async def remove_progress(session: AsyncSession, input: ProgressInput) -> ProgressResult:
    """Compensation of ``init_progress``: the enrollment's progress rows are deleted."""
    return ProgressResult(rows=await q.delete_progress(session, input.enrollment_id))
