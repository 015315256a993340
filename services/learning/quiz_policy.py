"""Quiz policy: how many graded attempts a learner has, how long between them, and when the
correct options are revealed.

- **Attempt limit** (per course, default unlimited) and **cool-down** (seconds between
  graded attempts, default none). Both are checked after the enrollment's row lock, which
  every attempt takes first: two attempts sent at once are serialised, the second sees the
  first and is refused with 409 (``attempt_limit_reached`` / ``cooling_down``). The unique
  (enrollment, lesson, attempt number) constraint backs this up.
- **Feedback**: every attempt says right or wrong per question; the correct option and the
  explanation are revealed only once the learner has passed the quiz or used the last
  attempt, and in review mode.
- **Best score counts**: the lesson's recorded score is the best graded score.
- **Review mode**: once the enrollment is completed, the learner can still take a quiz;
  the attempt is graded and answered (with the options revealed: the record is final, so
  there is nothing left to protect) and kept, but counts for no limit or cool-down and
  never changes the recorded score.
- **New attempts** (``reset_attempts``): a learner out of attempts (``ask_instructor``) can be
  given a fresh set by the course's author or an admin. The old attempts are kept, marked
  voided, and no longer count toward the limit or the cool-down; the recorded best score
  stays (a reset never lowers it).
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.logging import get_logger
from db.base import utcnow
from db.models import Course, Enrollment, Lesson, User
from db.queries import learning as q
from schemas.enums import AttemptMode, BlockingReason, EnrollmentStatus
from schemas.learning import QuestionFeedback, QuizStatusOut, RequiredAction
from services import catalog
from services.errors import NotFound
from services.learning.progression import Blocked, Rules

log = get_logger("courseflow.learning")


class QuizNotInEnrollment(NotFound):
    pass


@dataclass(frozen=True)
class Standing:
    """A learner's graded history on one quiz, under the course's rules, at ``now``."""

    mode: AttemptMode
    used: int
    remaining: int | None  # None: unlimited
    next_attempt_at: datetime | None  # set only while a cool-down runs
    passed_once: bool

    def out(self, best_score: int | None) -> QuizStatusOut:
        return QuizStatusOut(
            mode=self.mode,
            attempts_used=self.used,
            attempts_remaining=self.remaining,
            next_attempt_at=self.next_attempt_at,
            best_score=best_score,
            passed=self.passed_once,
        )


async def standing(
    session: AsyncSession,
    rules: Rules,
    enrollment_id: uuid.UUID,
    lesson_id: uuid.UUID,
    *,
    now: datetime,
    mode: AttemptMode = AttemptMode.graded,
) -> Standing:
    history = await q.attempt_history(session, enrollment_id, lesson_id)
    remaining = None
    if rules.attempt_limit is not None:
        remaining = max(0, rules.attempt_limit - history.graded)
    ready_at = None
    if rules.cooldown_s and history.last_graded_at is not None:
        ready_at = history.last_graded_at + timedelta(seconds=rules.cooldown_s)
    return Standing(
        mode=mode,
        used=history.graded,
        remaining=remaining,
        next_attempt_at=ready_at if ready_at is not None and ready_at > now else None,
        passed_once=history.passed_once,
    )


def check_attempt(standing: Standing, lesson_id: uuid.UUID, *, now: datetime) -> None:
    """Refuse a graded attempt the policy does not allow now."""
    if standing.mode is AttemptMode.review:
        return
    if standing.remaining == 0:
        raise Blocked(
            BlockingReason.attempt_limit_reached,
            f"all {standing.used} graded attempts of this quiz are used",
            # The course's author or an admin can give new attempts (reset_attempts).
            [RequiredAction(action="ask_instructor", lesson_id=lesson_id)],
        )
    if standing.next_attempt_at is not None:
        wait_s = math.ceil((standing.next_attempt_at - now).total_seconds())
        raise Blocked(
            BlockingReason.cooling_down,
            f"the next attempt of this quiz is possible in {wait_s} s",
            [
                RequiredAction(
                    action="wait",
                    lesson_id=lesson_id,
                    available_at=standing.next_attempt_at,
                    seconds_remaining=wait_s,
                )
            ],
            retry_after_s=wait_s,
        )


def after_attempt(before: Standing, rules: Rules, *, passed: bool, now: datetime) -> Standing:
    """The standing once this attempt is recorded."""
    if before.mode is AttemptMode.review:
        return before
    remaining = None if before.remaining is None else before.remaining - 1
    ready_at = now + timedelta(seconds=rules.cooldown_s) if rules.cooldown_s else None
    return Standing(
        mode=before.mode,
        used=before.used + 1,
        remaining=remaining,
        next_attempt_at=ready_at if remaining != 0 else None,
        passed_once=before.passed_once or passed,
    )


def reveals(after: Standing) -> bool:
    """Correct options and explanations are shown after a pass or the last attempt, and in
    review mode."""
    return after.mode is AttemptMode.review or after.passed_once or after.remaining == 0


def redact(feedback: list[QuestionFeedback], revealed: bool) -> list[QuestionFeedback]:
    if revealed:
        return feedback
    return [f.model_copy(update={"correct_index": None, "explanation": None}) for f in feedback]


async def reset_attempts(
    session: AsyncSession, user: User, enrollment_id: uuid.UUID, lesson_id: uuid.UUID
) -> QuizStatusOut:
    """Give the learner of ``enrollment_id`` a fresh set of graded attempts on one quiz (the
    course's author or an admin); the learner's standing afterwards."""
    enrollment = await session.get(Enrollment, enrollment_id)
    lesson = await session.get(Lesson, lesson_id)
    if enrollment is None or lesson is None or lesson.course_id != enrollment.course_id:
        raise QuizNotInEnrollment("no such quiz in this enrollment's course")
    course = await catalog.managed_course(
        session, user, enrollment.course_id,
        "only the course's instructor or an admin can give new quiz attempts",
    )  # fmt: skip
    now = utcnow()
    voided = await q.void_attempts(session, enrollment.id, lesson_id, now)
    log.info("quiz.attempts_reset", enrollment_id=str(enrollment.id), lesson_id=str(lesson_id),
             voided=voided, user_id=str(user.id))  # fmt: skip
    return await status_of(session, course, enrollment, lesson_id, now=now)


async def status_of(
    session: AsyncSession, course: Course, enrollment: Enrollment, lesson_id: uuid.UUID,
    *, now: datetime,
) -> QuizStatusOut:  # fmt: skip
    """A learner's standing on one quiz, as ``GET /lessons/{id}/quiz`` shows it."""
    completed = enrollment.status == EnrollmentStatus.completed
    mode = AttemptMode.review if completed else AttemptMode.graded
    mine = await standing(session, Rules.of(course), enrollment.id, lesson_id, now=now, mode=mode)
    rows = await q.lesson_rows(session, [enrollment.id])
    best = rows.get((enrollment.id, lesson_id))
    return mine.out(best.best_quiz_score if best is not None else None)
