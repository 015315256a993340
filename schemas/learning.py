"""Progress, quiz attempts, completion: API bodies and workflow/activity inputs."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.enums import EnrollmentStatus

# A quiz attempt counts as passed at this percentage when the course sets no pass mark.
DEFAULT_QUIZ_PASS_MARK = 50
# Upper bound of the body field; the configured per-post cap is checked by the route.
ABSOLUTE_MAX_TIME_SPENT_S = 7 * 86_400
MAX_QUIZ_QUESTIONS = 200

XAPI_VERSION = "1.0.3"
VERB_PROGRESSED = "http://adlnet.gov/expapi/verbs/progressed"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_PASSED = "http://adlnet.gov/expapi/verbs/passed"
VERB_FAILED = "http://adlnet.gov/expapi/verbs/failed"

# Temporal names of the completion workflow (see schemas/enrollment.py for why by name).
COMPLETION_WORKFLOW = "CourseCompletionWorkflow"
COMPLETION_SIGNAL = "rule_met"


# --- API bodies ------------------------------------------------------------------------
class ProgressIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section_id: uuid.UUID
    completed: bool
    time_spent_s: int = Field(ge=0, le=ABSOLUTE_MAX_TIME_SPENT_S)
    score: int | None = Field(default=None, ge=0, le=100)


class LessonProgressOut(BaseModel):
    lesson_id: uuid.UUID
    title: str
    percent: Decimal
    best_quiz_score: int | None
    completed: bool


class ProgressOut(BaseModel):
    enrollment_id: uuid.UUID
    course_id: uuid.UUID
    section_id: uuid.UUID
    section_completion: Decimal
    lesson: LessonProgressOut
    course_percent: Decimal
    completion_rule_met: bool
    completion_workflow_id: str | None = None
    replayed: bool = Field(
        default=False, description="true when the Idempotency-Key was already applied"
    )


class CourseProgressOut(BaseModel):
    enrollment_id: uuid.UUID
    course_id: uuid.UUID
    course_title: str
    status: EnrollmentStatus
    percent: Decimal
    completed_at: datetime | None
    last_activity_at: datetime | None
    lessons: list[LessonProgressOut]


class MyProgressOut(BaseModel):
    courses: list[CourseProgressOut]


class LearnerProgressOut(BaseModel):
    enrollment_id: uuid.UUID
    student_id: uuid.UUID
    student_name: str
    status: EnrollmentStatus
    percent: Decimal
    completed_at: datetime | None
    last_activity_at: datetime | None
    time_spent_s: int
    lessons: list[LessonProgressOut]


class CourseLearnersOut(BaseModel):
    course_id: uuid.UUID
    learners: list[LearnerProgressOut]


class QuizAttemptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: list[int] = Field(
        min_length=1,
        max_length=MAX_QUIZ_QUESTIONS,
        description="chosen option index per question, in question order",
    )


class QuestionFeedback(BaseModel):
    question_id: uuid.UUID
    position: int
    chosen_index: int
    correct_index: int
    correct: bool
    explanation: str


class QuizAttemptOut(BaseModel):
    attempt_id: uuid.UUID
    lesson_id: uuid.UUID
    attempt_number: int
    score: int
    passed: bool
    pass_mark: int
    best_score: int
    feedback: list[QuestionFeedback]
    completion_rule_met: bool
    completion_workflow_id: str | None = None


class LearningEventsOut(BaseModel):
    statements: list[dict[str, Any]]
    next_cursor: str | None = None


# --- progress rows of an enrollment (the enrollment saga's step) --------------------------
class ProgressInput(BaseModel):
    enrollment_id: uuid.UUID
    course_id: uuid.UUID


class ProgressResult(BaseModel):
    rows: int


# --- completion workflow -----------------------------------------------------------------
class CompletionInput(BaseModel):
    enrollment_id: uuid.UUID
    course_id: uuid.UUID
    student_id: uuid.UUID


class CompletionResult(BaseModel):
    enrollment_id: uuid.UUID
    completed: bool
    certificate_id: uuid.UUID | None = None
    verification_code: str | None = None
    reason: str | None = None
    saga_signalled: bool = False


class EnrollmentRef(BaseModel):
    enrollment_id: uuid.UUID


class MarkCompletedResult(BaseModel):
    completed: bool
    reason: str | None = None
    course_title: str = ""


class CertificateResult(BaseModel):
    certificate_id: uuid.UUID
    verification_code: str
