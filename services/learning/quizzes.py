"""Quiz attempts, graded here against the stored answer keys.

The attempt carries only the chosen option per question; the score, the attempt number and
the verdict are computed from the stored quiz, so a client cannot claim a wrong answer is
right. A quiz passes at the course's ``pass_mark``. Who may attempt, how often, and what the
feedback reveals is the quiz policy (``quiz_policy``); a graded attempt on a lesson that is
not open yet is refused by the progression rules (``progression``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from core.settings import Settings
from db.base import utcnow
from db.models import Enrollment, Lesson, QuizAttempt, QuizQuestion, User
from db.queries import learning as q
from schemas.enums import AttemptMode, EnrollmentStatus
from schemas.learning import (
    VERB_FAILED,
    VERB_PASSED,
    QuestionFeedback,
    QuizAttemptIn,
    QuizAttemptOut,
)
from services.boundary import Commit
from services.errors import FieldInvalid, NotFound
from services.learning import achievements, progression, quiz_policy
from services.learning import next_step as path
from services.learning.completion import start_completion
from services.learning.progress import locked_enrollment

# A completed enrollment can still take quizzes, in review mode.
ATTEMPT_STATUSES = frozenset({EnrollmentStatus.active, EnrollmentStatus.completed})


class LessonNotFound(NotFound):
    pass


class NoQuiz(NotFound):
    pass


def percent_score(correct: int, total: int) -> int:
    """Whole percent, rounded half-up, in integers (2 of 3 → 67)."""
    return (200 * correct + total) // (2 * total)


def grade(questions: list[QuizQuestion], answers: list[int]) -> list[QuestionFeedback]:
    """Per-question feedback; one answer per question, each a valid option index."""
    if len(answers) != len(questions):
        raise FieldInvalid("answers", f"expected {len(questions)} answers, one per question")
    for i, (question, chosen) in enumerate(zip(questions, answers, strict=True)):
        if not 0 <= chosen < len(question.options):
            raise FieldInvalid(
                f"answers.{i}", f"option index must be 0..{len(question.options) - 1}"
            )
    return [
        QuestionFeedback(
            question_id=question.id,
            position=question.position,
            chosen_index=chosen,
            correct_index=question.answer_index,
            correct=chosen == question.answer_index,
            explanation=question.explanation,
            section_id=question.section_id,
        )
        for question, chosen in zip(questions, answers, strict=True)
    ]


async def _record(
    session: AsyncSession, enrollment: Enrollment, lesson_id: uuid.UUID, answers: list[int],
    score: int, passed: bool, mode: AttemptMode, now: datetime,
) -> QuizAttempt:  # fmt: skip
    """The attempt row and its learning event; a graded one raises the best score."""
    attempt = QuizAttempt(
        enrollment_id=enrollment.id,
        lesson_id=lesson_id,
        attempt_number=await q.next_attempt_number(session, enrollment.id, lesson_id),
        review=mode is AttemptMode.review,
        answers=list(answers),
        score=score,
        passed=passed,
        created_at=now,
    )
    session.add(attempt)
    if mode is AttemptMode.graded:
        await q.upsert_lesson_progress(session, enrollment.id, lesson_id, now=now,
                                       quiz_score=score)  # fmt: skip
        enrollment.last_activity_at = now
    await q.append_event(
        session, event_id=uuid.uuid4(), enrollment=enrollment,
        verb=VERB_PASSED if passed else VERB_FAILED, object_id=lesson_id,
        object_type="quiz", score=score, duration_s=0, success=passed,
        completion=None, now=now,
    )  # fmt: skip
    await session.flush()
    return attempt


async def submit_quiz_attempt(
    session: AsyncSession,
    client: Client,
    settings: Settings,
    user: User,
    lesson_id: uuid.UUID,
    body: QuizAttemptIn,
    *,
    commit: Commit,
) -> QuizAttemptOut:
    """Check the rules and the policy, grade, record the attempt, the lesson's best score
    and a learning event in one transaction; after it commits, start the completion
    workflow when the rule holds."""
    lesson = await session.get(Lesson, lesson_id)
    if lesson is None:
        raise LessonNotFound("no lesson with this ID")
    questions = await q.quiz_of_lesson(session, lesson_id)
    if not questions:
        raise NoQuiz("this lesson has no quiz")
    enrollment = await locked_enrollment(session, user, lesson.course_id, ATTEMPT_STATUSES)
    mode = (AttemptMode.review if enrollment.status == EnrollmentStatus.completed
            else AttemptMode.graded)  # fmt: skip
    state = await progression.load_state(session, enrollment)
    now = utcnow()
    before = await quiz_policy.standing(
        session, state.rules, enrollment.id, lesson_id, now=now, mode=mode
    )
    if mode is AttemptMode.graded:
        state.check_open(lesson_id)
        quiz_policy.check_attempt(before, lesson_id, now=now)
    feedback = grade(questions, body.answers)
    score = percent_score(sum(f.correct for f in feedback), len(feedback))
    passed = score >= state.rules.pass_mark
    attempt = await _record(session, enrollment, lesson_id, body.answers, score, passed, mode, now)
    after = quiz_policy.after_attempt(before, state.rules, passed=passed, now=now)
    if mode is AttemptMode.graded:
        state = state.with_best_score(lesson_id, score)
        if state.complete(state.lesson(lesson_id)):
            await q.upsert_lesson_progress(session, enrollment.id, lesson_id, now=now,
                                           complete=True)  # fmt: skip
    rule_met = mode is AttemptMode.graded and state.course_complete()
    earned = await achievements.evaluate(session, user, enrollment, now, course_finished=rule_met)
    fix = None
    if not passed:
        missed = path.missed_sections(state.lesson(lesson_id), questions, body.answers)
        fix = path.Remediation(lesson_id, missed)
    pace = await path.learner_pace(session, user.id)
    step = await path.next_step(session, enrollment, state, now=now, pace=pace, remediation=fix)
    await commit()
    workflow_id = await start_completion(client, settings, enrollment) if rule_met else None
    revealed = quiz_policy.reveals(after)
    return QuizAttemptOut(
        attempt_id=attempt.id,
        lesson_id=lesson_id,
        attempt_number=attempt.attempt_number,
        mode=mode,
        score=score,
        passed=passed,
        pass_mark=state.rules.pass_mark,
        best_score=state.lesson(lesson_id).best_score,
        revealed=revealed,
        attempts_used=after.used,
        attempts_remaining=after.remaining,
        next_attempt_at=after.next_attempt_at,
        feedback=quiz_policy.redact(feedback, revealed),
        completion_rule_met=rule_met,
        completion_workflow_id=workflow_id,
        next_step=step,
        achievements_earned=earned,
    )
