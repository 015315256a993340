"""Quiz attempts, graded on the server against the stored answer keys.

The body carries only the chosen option per question; the score, the attempt number and
the verdict are computed here, so a client cannot claim a wrong answer is right.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from sqlalchemy import select

from api.deps import CurrentUser, SessionDep, SettingsDep, TemporalDep
from api.errors import NotFound, problem_responses
from api.routers.progress import enrollment_for_write, field_error, start_completion
from db.base import utcnow
from db.models import Course, Lesson, QuizAttempt, QuizQuestion
from db.queries import progress as q
from schemas.progress import (
    DEFAULT_QUIZ_PASS_MARK,
    VERB_FAILED,
    VERB_PASSED,
    QuestionFeedback,
    QuizAttemptIn,
    QuizAttemptOut,
)

router = APIRouter(prefix="/api/v1", tags=["quizzes"])


def percent_score(correct: int, total: int) -> int:
    """Whole percent, rounded half-up, in integers (2 of 3 → 67)."""
    return (200 * correct + total) // (2 * total)


def grade(questions: list[QuizQuestion], answers: list[int]) -> list[QuestionFeedback]:
    if len(answers) != len(questions):
        raise field_error("answers", f"expected {len(questions)} answers, one per question")
    for i, (question, chosen) in enumerate(zip(questions, answers, strict=True)):
        if not 0 <= chosen < len(question.options):
            raise field_error(
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


@router.post(
    "/lessons/{lesson_id}/quiz-attempts",
    response_model=QuizAttemptOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def submit_quiz_attempt(
    lesson_id: uuid.UUID,
    body: QuizAttemptIn,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    temporal: TemporalDep,
) -> QuizAttemptOut:
    lesson = await session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound("no lesson with this ID")
    questions = list(
        (
            await session.execute(
                select(QuizQuestion)
                .where(QuizQuestion.lesson_id == lesson_id)
                .order_by(QuizQuestion.position)
            )
        ).scalars()
    )
    if not questions:
        raise NotFound("this lesson has no quiz")
    enrollment = await enrollment_for_write(session, user, lesson.course_id)
    feedback = grade(questions, body.answers)
    score = percent_score(sum(f.correct for f in feedback), len(feedback))
    course_pass_mark = await session.scalar(
        select(Course.pass_mark).where(Course.id == lesson.course_id)
    )
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
    await session.commit()
    workflow_id = await start_completion(temporal, settings, enrollment) if rule_met else None
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
