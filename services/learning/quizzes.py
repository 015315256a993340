"""Quiz attempts, graded here against the stored answer keys.

The attempt carries only the chosen option per question; the score, the attempt number and
the verdict are computed from the stored quiz, so a client cannot claim a wrong answer is
right. A quiz passes at the course's ``pass_mark`` (``DEFAULT_QUIZ_PASS_MARK`` when unset).
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from core.settings import Settings
from db.base import utcnow
from db.models import Lesson, QuizAttempt, QuizQuestion, User
from db.queries import learning as q
from schemas.learning import (
    DEFAULT_QUIZ_PASS_MARK,
    VERB_FAILED,
    VERB_PASSED,
    QuestionFeedback,
    QuizAttemptIn,
    QuizAttemptOut,
)
from services.boundary import Commit
from services.errors import FieldInvalid, NotFound
from services.learning.completion import start_completion
from services.learning.progress import enrollment_for_write


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
        )
        for question, chosen in zip(questions, answers, strict=True)
    ]


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
    """Grade, record the attempt, the lesson's best score and a learning event in one
    transaction; after it commits, start the completion workflow when the rule holds."""
    lesson = await session.get(Lesson, lesson_id)
    if lesson is None:
        raise LessonNotFound("no lesson with this ID")
    questions = await q.quiz_of_lesson(session, lesson_id)
    if not questions:
        raise NoQuiz("this lesson has no quiz")
    enrollment = await enrollment_for_write(session, user, lesson.course_id)
    feedback = grade(questions, body.answers)
    score = percent_score(sum(f.correct for f in feedback), len(feedback))
    course_pass_mark = await q.course_pass_mark(session, lesson.course_id)
    pass_mark = DEFAULT_QUIZ_PASS_MARK if course_pass_mark is None else course_pass_mark
    now = utcnow()
    attempt = QuizAttempt(
        enrollment_id=enrollment.id,
        lesson_id=lesson_id,
        attempt_number=await q.next_attempt_number(session, enrollment.id, lesson_id),
        answers=list(body.answers),
        score=score,
        passed=score >= pass_mark,
        created_at=now,
    )
    session.add(attempt)
    lesson_row = await q.upsert_lesson_progress(
        session, enrollment.id, lesson_id, now=now, quiz_score=score
    )
    await q.append_event(
        session, event_id=uuid.uuid4(), enrollment=enrollment,
        verb=VERB_PASSED if attempt.passed else VERB_FAILED, object_id=lesson_id,
        object_type="quiz", score=score, duration_s=0, success=attempt.passed,
        completion=None, now=now,
    )  # fmt: skip
    enrollment.last_activity_at = now
    rule_met = await q.completion_rule_met(session, enrollment)
    await commit()
    workflow_id = await start_completion(client, settings, enrollment) if rule_met else None
    return QuizAttemptOut(
        attempt_id=attempt.id,
        lesson_id=lesson_id,
        attempt_number=attempt.attempt_number,
        score=score,
        passed=attempt.passed,
        pass_mark=pass_mark,
        best_score=lesson_row.best_quiz_score if lesson_row.best_quiz_score is not None else score,
        feedback=feedback,
        completion_rule_met=rule_met,
        completion_workflow_id=workflow_id,
    )
