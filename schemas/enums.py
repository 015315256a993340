"""Closed sets of states shared by the database, the workflows and the API."""

from enum import StrEnum


class Role(StrEnum):
    student = "student"
    instructor = "instructor"
    admin = "admin"


class CourseStatus(StrEnum):
    draft = "draft"
    review = "review"
    published = "published"
    archived = "archived"
    cancelled = "cancelled"


class Difficulty(StrEnum):
    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


class GenerationStatus(StrEnum):
    running = "running"
    awaiting_review = "awaiting_review"
    completed = "completed"
    rejected = "rejected"
    failed = "failed"
    cancelled = "cancelled"
    budget_exceeded = "budget_exceeded"
    review_expired = "review_expired"


class GenerationStage(StrEnum):
    queued = "queued"
    outline = "outline"
    review = "review"
    lessons = "lessons"
    quality = "quality"
    thumbnail = "thumbnail"
    publish = "publish"
    notify = "notify"
    done = "done"


class LessonStatus(StrEnum):
    pending = "pending"
    generated = "generated"
    failed = "failed"


class EnrollmentStatus(StrEnum):
    pending = "pending"
    waitlisted = "waitlisted"
    active = "active"
    completed = "completed"
    cancelled = "cancelled"
    failed = "failed"


OPEN_ENROLLMENT_STATUSES = frozenset(
    {EnrollmentStatus.pending, EnrollmentStatus.waitlisted, EnrollmentStatus.active}
)


class PaymentKind(StrEnum):
    charge = "charge"
    refund = "refund"


class ReportStatus(StrEnum):
    running = "running"
    completed = "completed"
    failed = "failed"


class ProgressionOrder(StrEnum):
    """How a course's lessons unlock: all at once, or each after the previous one."""

    free = "free"
    sequential = "sequential"


class BlockingReason(StrEnum):
    """Why a learner's action was refused (409 ``blocking_reason``); stable for clients."""

    locked = "locked"  # sequential order: the previous lesson is not complete
    prerequisites_not_met = "prerequisites_not_met"  # a prerequisite lesson is not complete
    mastery_not_achieved = "mastery_not_achieved"  # read, but its quiz is not passed
    insufficient_engagement = "insufficient_engagement"  # too little time on the section
    attempt_limit_reached = "attempt_limit_reached"  # no graded quiz attempt left
    cooling_down = "cooling_down"  # the quiz's cool-down since the last attempt runs


class AttemptMode(StrEnum):
    graded = "graded"  # counts: limits, cool-down, the recorded best score
    review = "review"  # after completion: graded and answered, changes no record
