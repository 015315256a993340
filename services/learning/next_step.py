"""The next step on a learner's path, and the time the rest of the course will take them.

The next step in a course (``next_step``), in this order:

1. nothing left: ``course_complete``;
2. after a failed quiz that still decides something (the attempt just made, or the
   enrollment's latest graded attempt while that quiz is not passed): ``remediation`` — the
   sections the missed questions were drawn from, then the quiz again;
3. the first lesson in reading order that is open and not complete: its first unread
   required section (``section``), or, once read, its quiz (``quiz``);
4. nothing open: ``blocked``, with the first blocking reason met and what unblocks it (a
   lesson's missing work, a cool-down's end, no attempt left).

``GET /me/next`` asks it for the learner's most recently active course; every progress post
and quiz attempt answers with it for its own course.

Time remaining: each incomplete lesson's estimated minutes times the share of its required
sections still unread, scaled by the learner's **pace** — the time they actually spent on
the sections they completed (in any course) over those sections' estimate (a lesson's
minutes shared evenly by its sections). Until they have completed ten estimated minutes of
work the pace is 1; it is bounded to 0.25..4 so one forgotten tab cannot make it absurd.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Enrollment, QuizQuestion, User
from db.queries import learning as q
from schemas.enums import EnrollmentStatus
from schemas.learning import NextStep, RequiredAction, SectionRef, TimeRemaining
from services.errors import NotFound
from services.learning import quiz_policy
from services.learning.progression import (
    Blocked,
    LessonState,
    PathState,
    fraction_undone,
    load_state,
)

MIN_PACE_BASIS_S = 600
PACE_MIN, PACE_MAX = Decimal("0.25"), Decimal(4)
TENTH, HUNDREDTH = Decimal("0.1"), Decimal("0.01")


@dataclass(frozen=True)
class Pace:
    value: Decimal
    known: bool


@dataclass(frozen=True)
class Remediation:
    lesson_id: uuid.UUID
    section_ids: list[uuid.UUID]


async def learner_pace(session: AsyncSession, student_id: uuid.UUID) -> Pace:
    spent, estimated = await q.pace_totals(session, student_id)
    if estimated < MIN_PACE_BASIS_S:
        return Pace(Decimal(1), False)
    ratio = min(PACE_MAX, max(PACE_MIN, Decimal(spent) / estimated))
    return Pace(ratio.quantize(HUNDREDTH, rounding=ROUND_HALF_UP), True)


def time_remaining(state: PathState, pace: Pace) -> TimeRemaining:
    estimate = sum(
        (Decimal(lesson.row.estimated_minutes) * fraction_undone(lesson)
         for lesson in state.lessons),
        Decimal(0),
    )  # fmt: skip
    return TimeRemaining(
        estimated_minutes=estimate.quantize(TENTH, rounding=ROUND_HALF_UP),
        minutes=math.ceil(estimate * pace.value),
        pace=pace.value,
        pace_known=pace.known,
    )


def missed_sections(
    lesson: LessonState, questions: list[QuizQuestion], answers: list[Any]
) -> list[uuid.UUID]:
    """The sections the wrongly answered questions were drawn from, in reading order.

    A question without a source section (or answers that no longer fit the quiz, after a
    regeneration) points at the whole lesson's required reading."""
    if len(answers) != len(questions):
        return [s.id for s in lesson.required]
    wrong = {qn.section_id for qn, chosen in zip(questions, answers, strict=True)
             if chosen != qn.answer_index}  # fmt: skip
    if None in wrong:
        return [s.id for s in lesson.required]
    return [s.id for s in lesson.sections if s.id in wrong]


async def latest_failure(
    session: AsyncSession, state: PathState, enrollment: Enrollment
) -> Remediation | None:
    """The latest graded attempt, when it failed a quiz that gates and is still not passed."""
    attempt = await q.last_graded_attempt(session, enrollment.id)
    if attempt is None or attempt.passed:
        return None
    try:
        lesson = state.lesson(attempt.lesson_id)
    except KeyError:
        return None
    if not state.gated(lesson) or state.quiz_passed(lesson):
        return None
    questions = await q.quiz_of_lesson(session, lesson.id)
    return Remediation(lesson.id, missed_sections(lesson, questions, list(attempt.answers)))


async def _remediation(
    session: AsyncSession, state: PathState, enrollment: Enrollment, fix: Remediation,
    now: datetime, base: dict[str, Any],
) -> NextStep | None:  # fmt: skip
    lesson = state.lesson(fix.lesson_id)
    standing = await quiz_policy.standing(session, state.rules, enrollment.id, lesson.id, now=now)
    retake = standing.remaining != 0
    if state.gated(lesson) and not retake:
        return None  # the walk reports the lesson as blocked (no attempt left)
    actions = []
    if retake:
        actions.append(
            RequiredAction(
                action="pass_quiz",
                lesson_id=lesson.id,
                title=lesson.title,
                pass_mark=state.rules.pass_mark,
                best_score=lesson.best_score,
                available_at=standing.next_attempt_at,
            )
        )
    titles = {s.id: s.title for s in lesson.sections}
    return NextStep(
        kind="remediation", lesson_id=lesson.id, lesson_title=lesson.title,
        sections=[SectionRef(section_id=sid, lesson_id=lesson.id, title=titles.get(sid, ""))
                  for sid in fix.section_ids],
        required_actions=actions, available_at=standing.next_attempt_at, **base,
    )  # fmt: skip


def _section_step(state: PathState, lesson: LessonState, base: dict[str, Any]) -> NextStep:
    section = lesson.undone[0]
    actions = []
    short = state.engagement_shortfall(section.id, 0)
    if short:
        actions.append(
            RequiredAction(
                action="spend_time",
                lesson_id=lesson.id,
                section_id=section.id,
                title=section.title,
                seconds_remaining=short,
            )
        )
    return NextStep(
        kind="section", lesson_id=lesson.id, lesson_title=lesson.title,
        section_id=section.id, section_title=section.title, required_actions=actions, **base,
    )  # fmt: skip


def _blocked_step(blocked: Blocked, base: dict[str, Any]) -> NextStep:
    waits = [a.available_at for a in blocked.required_actions if a.available_at is not None]
    return NextStep(
        kind="blocked", blocking_reason=blocked.blocking_reason,
        required_actions=blocked.required_actions, available_at=min(waits, default=None),
        **base,
    )  # fmt: skip


async def next_step(
    session: AsyncSession,
    enrollment: Enrollment,
    state: PathState,
    *,
    now: datetime,
    pace: Pace,
    remediation: Remediation | None = None,
) -> NextStep:
    """The next step in the enrollment's course (see the module's docstring)."""
    base: dict[str, Any] = {
        "course_id": state.course_id,
        "course_title": state.course_title,
        "time_remaining": time_remaining(state, pace),
    }
    if enrollment.status == EnrollmentStatus.completed or state.course_complete():
        return NextStep(kind="course_complete", **base)
    fix = remediation or await latest_failure(session, state, enrollment)
    if fix is not None:
        step = await _remediation(session, state, enrollment, fix, now, base)
        if step is not None:
            return step
    first_blocked: Blocked | None = None
    for lesson in state.lessons:
        if state.complete(lesson):
            continue
        blocked = state.blockers(lesson)
        if blocked is None and lesson.undone:
            return _section_step(state, lesson, base)
        if blocked is None:  # read through: its quiz decides it
            standing = await quiz_policy.standing(
                session, state.rules, enrollment.id, lesson.id, now=now
            )
            try:
                quiz_policy.check_attempt(standing, lesson.id, now=now)
            except Blocked as refused:
                blocked = refused
            else:
                return NextStep(
                    kind="quiz", lesson_id=lesson.id, lesson_title=lesson.title,
                    required_actions=state.missing(lesson), **base,
                )  # fmt: skip
        first_blocked = first_blocked or blocked
    assert first_blocked is not None  # an incomplete lesson is either open or blocked
    return _blocked_step(first_blocked, base)


class NoEnrollmentHere(NotFound):
    pass


async def my_next_step(
    session: AsyncSession, user: User, course_id: uuid.UUID | None = None
) -> NextStep:
    """The caller's next step in ``course_id``, or in their most recently active course
    (``kind: none`` when they have no active or completed enrollment)."""
    found = await q.latest_active_enrollment(session, user.id, course_id)
    if found is None:
        if course_id is not None:
            raise NoEnrollmentHere("you have no active or completed enrollment in this course")
        return NextStep(kind="none")
    enrollment, _title = found
    state = await load_state(session, enrollment)
    pace = await learner_pace(session, user.id)
    return await next_step(session, enrollment, state, now=utcnow(), pace=pace)
