"""Learner progress: posting a section's progress, the learner's own view with its totals,
the course's per-learner drill-down, and the progress rows an enrollment starts (and unwinds)
with.

A post writes the section row, the lesson and course roll-ups (rules in
``db.queries.learning.progress``) and a learning event in the caller's transaction, which it
commits before it starts the completion workflow when the completion rule holds. The
course's progression rules (``progression``) are checked first: a post on a lesson that is
not open yet is refused and writes nothing; a completion posted before the minimum
engagement time keeps its time spent, is recorded as progress, and is then refused.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from core.settings import Settings
from db.base import utcnow
from db.models import Enrollment, LearningEvent, LessonProgress, Section, SectionProgress, User
from db.queries import learning as q
from schemas.enums import BlockingReason, EnrollmentStatus
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
    ProgressTotals,
    RequiredAction,
)
from services.boundary import Commit
from services.catalog import managed_course
from services.errors import Conflict, FieldInvalid, Forbidden, NotFound
from services.learning import achievements, progression, streaks
from services.learning import next_step as path
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


async def locked_enrollment(
    session: AsyncSession, user: User, course_id: uuid.UUID, allowed: frozenset[EnrollmentStatus]
) -> Enrollment:
    """The caller's enrollment in the course, row-locked (two writes of one learner
    serialise, so no rule check misses the other write), in one of ``allowed``."""
    enrollment = await q.lock_enrollment(session, course_id, user.id)
    if enrollment is None:
        raise NotEnrolled("only a student enrolled in this course can do this")
    if enrollment.status not in allowed:
        raise EnrollmentNotActive(f"the enrollment is {enrollment.status.value}, not active")
    return enrollment


async def enrollment_for_write(
    session: AsyncSession, user: User, course_id: uuid.UUID
) -> Enrollment:
    """The caller's active enrollment in the course, row-locked."""
    return await locked_enrollment(session, user, course_id, frozenset({EnrollmentStatus.active}))


def lesson_out(lesson_id: uuid.UUID, title: str, row: LessonProgress | None) -> LessonProgressOut:
    return LessonProgressOut(
        lesson_id=lesson_id,
        title=title,
        percent=q.ZERO if row is None else row.percent,
        best_quiz_score=None if row is None else row.best_quiz_score,
        completed=row is not None and row.completed_at is not None,
    )


async def _earlier_post(
    session: AsyncSession, event_id: uuid.UUID, section: Section
) -> LearningEvent | None:
    """The event a repeated Idempotency-Key recorded, if any (for the same section only)."""
    earlier = await q.get_event(session, event_id)
    if earlier is not None and earlier.object_id != str(section.id):
        raise KeyReused("this Idempotency-Key was already used for another section")
    return earlier


async def _record_post(
    session: AsyncSession, event_id: uuid.UUID, enrollment: Enrollment, section: Section,
    body: ProgressIn, completed: bool, now: datetime,
) -> SectionProgress:  # fmt: skip
    """Append the learning event and upsert the section row (``completed``: as the rules
    allow it, which may be less than the post asked for)."""
    await q.append_event(
        session, event_id=event_id, enrollment=enrollment,
        verb=VERB_COMPLETED if completed else VERB_PROGRESSED, object_id=section.id,
        object_type="section", score=body.score, duration_s=body.time_spent_s, success=None,
        completion=completed, now=now,
    )  # fmt: skip
    return await q.apply_section_post(
        session, enrollment, section, completed=completed,
        time_spent_s=body.time_spent_s, score=body.score, now=now,
    )  # fmt: skip


def _too_early(section: Section, seconds: int) -> progression.Blocked:
    action = (
        RequiredAction(action="spend_time", lesson_id=section.lesson_id, section_id=section.id,
                       title=section.title, seconds_remaining=seconds)
        if seconds
        else RequiredAction(action="complete_section", lesson_id=section.lesson_id,
                            section_id=section.id, title=section.title)
    )  # fmt: skip
    return progression.Blocked(
        BlockingReason.insufficient_engagement,
        f"{section.title!r} counts as completed after the course's minimum time on it; "
        "the time of this post was recorded",
        [action],
    )


@dataclass(frozen=True)
class Applied:
    state: progression.PathState  # the course as the rules see it after the post
    replayed: bool
    refusal: progression.Blocked | None  # answered after the commit


async def _apply(
    session: AsyncSession, enrollment: Enrollment, section: Section, body: ProgressIn,
    idempotency_key: str | None, now: datetime,
) -> Applied:  # fmt: skip
    """Record the post as the rules allow."""
    state = await progression.load_state(session, enrollment)
    event_id = q.event_id_for(enrollment.id, idempotency_key)
    earlier = await _earlier_post(session, event_id, section)
    done = state.section(section.id).completion >= 1
    if earlier is not None:  # a replay answers as the first post did
        refused = body.completed and not earlier.completion and not done
        short = state.engagement_shortfall(section.id, 0)
        return Applied(state, True, _too_early(section, short) if refused else None)
    state.check_open(section.lesson_id)  # refused before anything is written
    short = (
        0
        if done or not body.completed
        else state.engagement_shortfall(section.id, body.time_spent_s)
    )
    row = await _record_post(session, event_id, enrollment, section, body,
                             body.completed and not short, now)  # fmt: skip
    state = state.with_section(section.id, Decimal(row.completion), row.time_spent_s)
    return Applied(state, False, _too_early(section, short) if short else None)


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
    applied = await _apply(session, enrollment, section, body, idempotency_key, now)
    state, replayed, refusal = applied.state, applied.replayed, applied.refusal
    lesson = state.lesson(section.lesson_id)
    rolled = await q.roll_up(
        session, enrollment, section.lesson_id, now,
        activity=not replayed, complete=state.complete(lesson),
    )  # fmt: skip
    rule_met = state.course_complete()
    earned = (
        []
        if replayed
        else await achievements.evaluate(session, user, enrollment, now, course_finished=rule_met)
    )
    pace = await path.learner_pace(session, user.id)
    step = await path.next_step(session, enrollment, state, now=now, pace=pace)
    await commit()
    if refusal is not None:
        raise refusal
    workflow_id = await start_completion(client, settings, enrollment) if rule_met else None
    return ProgressOut(
        enrollment_id=enrollment.id,
        course_id=enrollment.course_id,
        section_id=section.id,
        section_completion=state.section(section.id).completion,
        lesson=lesson_out(section.lesson_id, lesson.title, rolled.lesson),
        course_percent=rolled.course_percent,
        completion_rule_met=rule_met,
        completion_workflow_id=workflow_id,
        replayed=replayed,
        next_step=step,
        achievements_earned=earned,
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


async def progress_totals(session: AsyncSession, user: User) -> ProgressTotals:
    """Totals over the learner's active and completed enrollments, and their streaks."""
    totals = await q.progress_totals(session, user.id)
    streak = await streaks.learner_streak(session, user, utcnow())
    average = None
    if totals.quizzes_taken:
        average = (Decimal(totals.best_score_sum) / totals.quizzes_taken).quantize(
            q.CENT, rounding=ROUND_HALF_UP
        )
    return ProgressTotals(
        time_spent_s=totals.time_spent_s,
        courses_completed=totals.courses_completed,
        courses_in_progress=totals.courses_in_progress,
        average_best_quiz_score=average,
        quizzes_taken=totals.quizzes_taken,
        current_streak_days=streak.current,
        longest_streak_days=streak.longest,
        time_zone=user.time_zone,
    )


async def my_progress(session: AsyncSession, user: User) -> MyProgressOut:
    """The caller's progress per course (active and completed enrollments), per lesson,
    with totals over all of them."""
    rows = await q.enrollments_of_student(session, user.id)
    return MyProgressOut(
        totals=await progress_totals(session, user),
        courses=await _course_progress(session, rows),
    )


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
    await q.insert_section_progress(
        session,
        input.enrollment_id,
        [(section_id, lesson_id) for section_id, lesson_id, progress_id in required
         if progress_id is None],
    )  # fmt: skip
    return ProgressResult(rows=len(required))


async def remove_progress(session: AsyncSession, input: ProgressInput) -> ProgressResult:
    """Compensation of ``init_progress``: the enrollment's progress rows are deleted."""
    return ProgressResult(rows=await q.delete_progress(session, input.enrollment_id))
