"""Progress, quiz attempts, completion, achievements, certificates, thumbnails and the
re-engagement run: API bodies and workflow/activity inputs."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    model_serializer,
)

from schemas.catalog import QuizQuestionOut
from schemas.enums import AttemptMode, BlockingReason, EnrollmentStatus, ProgressionOrder
from schemas.numbers import JsonDecimal

# A course's progression defaults (the author changes them: PATCH …/progression).
DEFAULT_PASS_MARK = 70
MAX_QUIZ_ATTEMPT_LIMIT = 100
MAX_QUIZ_COOLDOWN_S = 30 * 86_400
MAX_MIN_ENGAGEMENT_S = 4 * 3600
MAX_PREREQUISITES = 50
# Upper bound of the body field; the configured per-post cap is checked by the route.
ABSOLUTE_MAX_TIME_SPENT_S = 7 * 86_400
MAX_QUIZ_QUESTIONS = 200

XAPI_VERSION = "1.0.3"
VERB_PROGRESSED = "http://adlnet.gov/expapi/verbs/progressed"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_PASSED = "http://adlnet.gov/expapi/verbs/passed"
VERB_FAILED = "http://adlnet.gov/expapi/verbs/failed"
VERB_REGISTERED = "http://adlnet.gov/expapi/verbs/registered"
VERB_EARNED = "http://id.tincanapi.com/verb/earned"
# learning_events.object_type of learning activity (progress, quizzes): what reports and
# streaks count. "course" (registered, completed) and "achievement" (earned) are records.
LEARNING_OBJECT_TYPES = ("section", "quiz")

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
    percent: JsonDecimal
    best_quiz_score: int | None
    completed: bool = Field(description="sections done and, under mastery, its quiz passed")


# --- the learner's path: what blocks, what is next --------------------------------------
class RequiredAction(BaseModel):
    """One thing the learner can do to unblock an action (``required_actions``); fields that
    do not apply to the action are left out."""

    action: Literal["complete_section", "pass_quiz", "spend_time", "wait", "ask_instructor"]
    lesson_id: uuid.UUID | None = None
    section_id: uuid.UUID | None = None
    title: str | None = None
    pass_mark: int | None = None
    best_score: int | None = None
    seconds_remaining: int | None = None
    available_at: datetime | None = None

    @model_serializer(mode="wrap")
    def _without_nulls(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}


class SectionRef(BaseModel):
    section_id: uuid.UUID
    lesson_id: uuid.UUID
    title: str


class TimeRemaining(BaseModel):
    """The authors' estimate of what is left, scaled by the learner's own pace."""

    estimated_minutes: JsonDecimal = Field(description="at the lessons' estimated minutes")
    minutes: int = Field(description="scaled by pace, rounded up")
    pace: JsonDecimal = Field(description="learner's time / estimated time on finished sections")
    pace_known: bool = Field(description="false: too little finished work yet, pace 1")


class NextStep(BaseModel):
    """What the learner should do next in one course.

    ``section``: read ``section_id``; ``quiz``: take the quiz of ``lesson_id``;
    ``remediation``: after a failed quiz, re-read ``sections`` (where the missed questions
    came from), then retake it; ``blocked``: nothing can be done now — ``blocking_reason``
    and ``required_actions`` say what unblocks it; ``course_complete``: nothing left;
    ``none``: no active enrollment.
    """

    kind: Literal["section", "quiz", "remediation", "blocked", "course_complete", "none"]
    course_id: uuid.UUID | None = None
    course_title: str | None = None
    lesson_id: uuid.UUID | None = None
    lesson_title: str | None = None
    section_id: uuid.UUID | None = None
    section_title: str | None = None
    sections: list[SectionRef] = Field(default_factory=list)
    blocking_reason: BlockingReason | None = None
    required_actions: list[RequiredAction] = Field(default_factory=list)
    available_at: datetime | None = None
    time_remaining: TimeRemaining | None = None


class ProgressOut(BaseModel):
    enrollment_id: uuid.UUID
    course_id: uuid.UUID
    section_id: uuid.UUID
    section_completion: JsonDecimal
    lesson: LessonProgressOut
    course_percent: JsonDecimal
    completion_rule_met: bool
    completion_workflow_id: str | None = None
    replayed: bool = Field(
        default=False, description="true when the Idempotency-Key was already applied"
    )
    next_step: NextStep
    achievements_earned: list[str] = Field(
        default_factory=list, description="codes of the achievements this action earned"
    )


class CourseProgressOut(BaseModel):
    enrollment_id: uuid.UUID
    course_id: uuid.UUID
    course_title: str
    status: EnrollmentStatus
    percent: JsonDecimal
    completed_at: datetime | None
    last_activity_at: datetime | None
    lessons: list[LessonProgressOut]


class ProgressTotals(BaseModel):
    time_spent_s: int = Field(description="on sections, over active and completed enrollments")
    courses_completed: int
    courses_in_progress: int
    average_best_quiz_score: JsonDecimal | None = Field(
        description="mean of the best graded score per quiz taken (2 decimals); null: none"
    )
    quizzes_taken: int
    current_streak_days: int = Field(
        0, description="learning days in a row up to today (or yesterday: not broken yet)"
    )
    longest_streak_days: int = 0
    time_zone: str = Field("UTC", description="the zone whose calendar days count")


class MyProgressOut(BaseModel):
    totals: ProgressTotals
    courses: list[CourseProgressOut]


class LearnerProgressOut(BaseModel):
    enrollment_id: uuid.UUID
    student_id: uuid.UUID
    student_name: str
    status: EnrollmentStatus
    percent: JsonDecimal
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
    """Right or wrong always; the correct option and the explanation only once revealed."""

    question_id: uuid.UUID
    position: int
    chosen_index: int
    correct: bool
    correct_index: int | None = None
    explanation: str | None = None
    section_id: uuid.UUID | None = None


class QuizAttemptOut(BaseModel):
    attempt_id: uuid.UUID
    lesson_id: uuid.UUID
    attempt_number: int
    mode: AttemptMode
    score: int
    passed: bool
    pass_mark: int
    best_score: int | None = Field(description="the recorded (best graded) score")
    revealed: bool = Field(description="correct options and explanations are shown")
    attempts_used: int = Field(description="graded attempts, this one included")
    attempts_remaining: int | None = Field(description="null: unlimited")
    next_attempt_at: datetime | None = Field(description="cool-down: not before this time")
    feedback: list[QuestionFeedback]
    completion_rule_met: bool
    completion_workflow_id: str | None = None
    next_step: NextStep
    achievements_earned: list[str] = Field(
        default_factory=list, description="codes of the achievements this action earned"
    )


class QuizStatusOut(BaseModel):
    """The caller's standing on a quiz (learners with an active or completed enrollment)."""

    mode: AttemptMode
    attempts_used: int
    attempts_remaining: int | None
    next_attempt_at: datetime | None
    best_score: int | None
    passed: bool


class QuizOut(BaseModel):
    lesson_id: uuid.UUID
    course_id: uuid.UUID
    pass_mark: int
    mastery_required: bool
    attempt_limit: int | None
    cooldown_s: int
    question_count: int
    content_visible: bool
    questions: list[QuizQuestionOut] = Field(
        description="prompt and options (answer keys only for the course's managers)"
    )
    me: QuizStatusOut | None = None


class QuizResetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lesson_id: uuid.UUID = Field(description="the lesson whose quiz gets new attempts")


# --- progression settings (per course, set by its author) -------------------------------
class LessonRulesOut(BaseModel):
    lesson_id: uuid.UUID
    title: str
    position: int
    module_position: int
    free_preview: bool
    prerequisites: list[uuid.UUID]
    has_quiz: bool


class ProgressionOut(BaseModel):
    course_id: uuid.UUID
    order: ProgressionOrder
    pass_mark: int
    mastery_required: bool
    min_engagement_s: int | None
    quiz_attempt_limit: int | None
    quiz_cooldown_s: int
    lessons: list[LessonRulesOut]


class LessonRulesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lesson_id: uuid.UUID
    free_preview: bool | None = None
    prerequisites: list[uuid.UUID] | None = Field(
        default=None, max_length=MAX_PREREQUISITES, description="replaces the list"
    )


class ProgressionIn(BaseModel):
    """Only the fields sent change; ``null`` turns an optional limit off."""

    model_config = ConfigDict(extra="forbid")

    order: ProgressionOrder | None = None
    pass_mark: int | None = Field(default=None, ge=1, le=100)
    mastery_required: bool | None = None
    min_engagement_s: int | None = Field(default=None, ge=1, le=MAX_MIN_ENGAGEMENT_S)
    quiz_attempt_limit: int | None = Field(default=None, ge=1, le=MAX_QUIZ_ATTEMPT_LIMIT)
    quiz_cooldown_s: int | None = Field(default=None, ge=0, le=MAX_QUIZ_COOLDOWN_S)
    lessons: list[LessonRulesIn] | None = Field(default=None, max_length=1000)


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


# --- achievements ------------------------------------------------------------------------
class CountCriteria(BaseModel):
    """Earned when the learner's count of completed sections, lessons or courses (over all
    their enrollments) reaches ``threshold``."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["sections_completed", "lessons_completed", "courses_completed"]
    threshold: int = Field(ge=1, le=100_000)


class QuizScoreCriteria(BaseModel):
    """A graded quiz attempt scored at least ``threshold`` percent (100: a perfect quiz)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["quiz_score"]
    threshold: int = Field(ge=1, le=100)


class StreakCriteria(BaseModel):
    """``threshold`` learning days in a row (the learner's own calendar)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["streak_days"]
    threshold: int = Field(ge=2, le=3650)


class ComebackCriteria(BaseModel):
    """A learning day after at least ``idle_days`` days without one."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["comeback"]
    idle_days: int = Field(ge=2, le=365)


class WithinEstimateCriteria(BaseModel):
    """A course finished with no more time spent on it than its lessons' estimated minutes
    (times ``factor``)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["course_within_estimate"]
    factor: float = Field(1.0, gt=0, le=10)


Criteria = Annotated[
    CountCriteria | QuizScoreCriteria | StreakCriteria | ComebackCriteria | WithinEstimateCriteria,
    Field(discriminator="kind"),
]
CRITERIA: TypeAdapter[Criteria] = TypeAdapter(Criteria)

AchievementCode = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_.-]+$")]


class AchievementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: AchievementCode
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    criteria: Criteria
    active: bool = True
    position: int = Field(0, ge=0, le=10_000)


class AchievementPatch(BaseModel):
    """The fields sent change; the code is the definition's identity and stays."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=2000)
    criteria: Criteria | None = None
    active: bool | None = None
    position: int | None = Field(None, ge=0, le=10_000)


class AchievementDefinitionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    code: str
    title: str
    description: str
    criteria: Criteria
    active: bool
    position: int


class EarnedAchievementOut(BaseModel):
    code: str
    title: str
    description: str
    earned_at: datetime


class NextAchievementOut(BaseModel):
    code: str
    title: str
    description: str
    current: int = Field(description="where the learner stands (e.g. 2 sections of 5)")
    target: int
    percent: JsonDecimal


class MyAchievementsOut(BaseModel):
    earned: list[EarnedAchievementOut]
    next: list[NextAchievementOut] = Field(description="not yet earned, closest first")


# --- certificates ------------------------------------------------------------------------
class CertificateOut(BaseModel):
    id: uuid.UUID
    course_id: uuid.UUID
    course_title: str
    verification_code: str
    issued_at: datetime
    download_url: str


class CertificateVerificationOut(BaseModel):
    """All a public verification reveals."""

    holder_name: str
    course_title: str
    issued_on: date


# --- media ------------------------------------------------------------------------------
class ThumbnailOut(BaseModel):
    url: str = Field(description="a presigned S3 URL, or this API's route for local files")
    expires_in: int | None = Field(None, description="seconds, for a presigned URL")


# --- re-engagement (workflow and activity) ----------------------------------------------
REENGAGEMENT_WORKFLOW = "ReengagementWorkflow"
REENGAGEMENT_SCHEDULE_ID = "daily-reengagement"
REMINDER_STREAK = "streak_at_risk"
REMINDER_IDLE = "idle"


class ReminderCounts(BaseModel):
    scanned: int = 0
    streak_at_risk: int = 0
    idle: int = 0
    sent: int = 0
    already_sent: int = 0
    opted_out: int = 0
    pages: int = 0

    def plus(self, other: ReminderCounts) -> ReminderCounts:
        return ReminderCounts(
            **{k: getattr(self, k) + getattr(other, k) for k in ReminderCounts.model_fields}
        )


class ReengagementInput(BaseModel):
    as_of: datetime | None = Field(
        None,
        description="the run's moment (default: when the run starts); kept across continue-as-new",
    )
    idle_days: int = Field(7, ge=1, le=365)
    page_size: int = Field(500, ge=1, le=5000)
    pages_per_run: int = Field(50, ge=1, description="then continue as new")
    after_user_id: uuid.UUID | None = None
    counts: ReminderCounts = Field(default_factory=ReminderCounts)


class ReminderPageInput(BaseModel):
    as_of: datetime
    after_user_id: uuid.UUID | None
    limit: int = Field(ge=1, le=5000)
    idle_days: int = Field(ge=1)


class ReminderPageResult(BaseModel):
    counts: ReminderCounts
    last_user_id: uuid.UUID | None = Field(description="null: no learners after the page")


class ReengagementResult(BaseModel):
    as_of: datetime
    counts: ReminderCounts


# --- course export (IMS Common Cartridge 1.3) --------------------------------------------
COURSE_EXPORT_WORKFLOW = "CourseExportWorkflow"
CARTRIDGE_MEDIA_TYPE = "application/vnd.ims.imsccv1p3"
ExportStatus = Literal["running", "completed", "failed", "expired"]


class CourseExportInput(BaseModel):
    course_id: uuid.UUID
    export_id: uuid.UUID
    requested_by: uuid.UUID


class CourseExportResult(BaseModel):
    course_id: uuid.UUID
    export_id: uuid.UUID
    key: str = Field(description="the package's object-storage key")
    size_bytes: int
    lessons: int
    questions: int


class ExportOut(BaseModel):
    id: uuid.UUID
    course_id: uuid.UUID
    format: Literal["imscc-1.3"] = "imscc-1.3"
    status: ExportStatus
    status_url: str
    download_url: str | None = Field(
        None, description="when completed: a pre-signed S3 URL, or this API's download route"
    )
    expires_in: int | None = Field(None, description="seconds, for a pre-signed URL")
    error: str | None = Field(None, description="why a failed export failed")
    created_at: datetime | None = None
    expires_at: datetime | None = Field(
        None, description="when the package is deleted and its links answer 410"
    )
    size_bytes: int | None = None
