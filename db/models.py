"""Typed SQLAlchemy 2.0 models for every table in the design.

Relationships are ``lazy="raise"``: an N+1 query fails loudly; load what you need with
``selectinload`` in the query. Changing a model means regenerating the migration:
``scripts/regen-migration`` (until the first release) and ``alembic check`` in the tests.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, IdMixin, PydanticJSON, TimestampMixin, utcnow
from schemas.enums import (
    CourseStatus,
    Difficulty,
    EnrollmentStatus,
    GenerationStage,
    GenerationStatus,
    LessonStatus,
    PaymentKind,
    ProgressionOrder,
    ReportStatus,
    Role,
)
from schemas.generation import GENERATION_REQUEST, CourseGenerationRun, LessonRegenerationRun
from schemas.learning import CRITERIA, Criteria


def _enum(enum_cls: type[Any], name: str) -> Enum:
    # Stored as VARCHAR + CHECK on every backend: no native PostgreSQL enum to migrate.
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(320), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    # Learning days (streaks) are calendar days in this IANA zone.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    reminders_opt_out: Mapped[bool] = mapped_column(default=False)


course_prerequisites = Table(
    "course_prerequisites",
    Base.metadata,
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("prerequisite_id", ForeignKey("courses.id", ondelete="RESTRICT"), primary_key=True),
)


class Course(IdMixin, TimestampMixin, Base):
    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint("seats_taken >= 0", name="seats_nonnegative"),
        CheckConstraint(
            "capacity IS NULL OR seats_taken <= capacity", name="seats_within_capacity"
        ),
        CheckConstraint("price_cents >= 0", name="price_nonnegative"),
        CheckConstraint("pass_mark BETWEEN 1 AND 100", name="pass_mark_range"),
        CheckConstraint(
            "quiz_attempt_limit IS NULL OR quiz_attempt_limit >= 1", name="attempt_limit"
        ),
        CheckConstraint("quiz_cooldown_s >= 0", name="cooldown_nonnegative"),
        CheckConstraint("min_engagement_s IS NULL OR min_engagement_s >= 1", name="engagement"),
    )

    # Publishing is idempotent by generation: a retried publish finds this row.
    generation_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    audience: Mapped[str | None] = mapped_column(String(500))
    difficulty: Mapped[Difficulty] = mapped_column(_enum(Difficulty, "difficulty"))
    language: Mapped[str] = mapped_column(String(16), default="en")
    status: Mapped[CourseStatus] = mapped_column(
        _enum(CourseStatus, "course_status"), default=CourseStatus.draft, index=True
    )
    revision: Mapped[int] = mapped_column(default=1)
    capacity: Mapped[int | None]
    seats_taken: Mapped[int] = mapped_column(default=0)
    price_cents: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    enrollment_opens_at: Mapped[datetime | None]
    enrollment_closes_at: Mapped[datetime | None]
    starts_at: Mapped[datetime | None]
    # Progression settings (services/learning/progression.py, rules.py): set by the author.
    progression_order: Mapped[ProgressionOrder] = mapped_column(
        _enum(ProgressionOrder, "progression_order"),
        default=ProgressionOrder.free,
    )
    pass_mark: Mapped[int] = mapped_column(default=70, comment="quiz percentage that passes")
    mastery_required: Mapped[bool] = mapped_column(
        default=True, comment="a lesson with a quiz completes when its quiz is passed"
    )
    min_engagement_s: Mapped[int | None] = mapped_column(
        comment="seconds on a section before it may count as completed (NULL: off)"
    )
    quiz_attempt_limit: Mapped[int | None] = mapped_column(comment="graded attempts per quiz")
    quiz_cooldown_s: Mapped[int] = mapped_column(
        default=0, comment="seconds between graded attempts of a quiz"
    )
    thumbnail_key: Mapped[str | None] = mapped_column(String(500))
    quality_findings: Mapped[list[Any]] = mapped_column(default=list)
    offline_draft: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", lazy="raise", order_by="Module.position"
    )
    prerequisites: Mapped[list[Course]] = relationship(
        secondary=course_prerequisites,
        primaryjoin=lambda: Course.id == course_prerequisites.c.course_id,
        secondaryjoin=lambda: Course.id == course_prerequisites.c.prerequisite_id,
        lazy="raise",
    )


class Module(IdMixin, Base):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "position"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")

    course: Mapped[Course] = relationship(back_populates="modules", lazy="raise")
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module", lazy="raise", order_by="Lesson.position"
    )


lesson_prerequisites = Table(
    "lesson_prerequisites",
    Base.metadata,
    Column("lesson_id", ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True),
    Column("prerequisite_id", ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True),
    CheckConstraint("lesson_id <> prerequisite_id", name="not_itself"),
)


class Lesson(IdMixin, TimestampMixin, Base):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("module_id", "position"),)

    course_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    module_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    objectives: Mapped[list[Any]] = mapped_column(default=list)
    estimated_minutes: Mapped[int] = mapped_column(default=15)
    # Readable by anyone who sees the course's outline (services/learning/access.py).
    free_preview: Mapped[bool] = mapped_column(default=False)
    status: Mapped[LessonStatus] = mapped_column(
        _enum(LessonStatus, "lesson_status"), default=LessonStatus.pending
    )
    revision: Mapped[int] = mapped_column(default=0)
    quality_findings: Mapped[list[Any]] = mapped_column(default=list)
    # The revision the judge last reviewed (0: never); a retried judge call finds it done.
    judged_revision: Mapped[int] = mapped_column(default=0)
    # The revision ``quality_findings`` describe; an author's edit moves ``revision`` past it
    # and the review queue checks the lesson again (services/generation/review.py).
    findings_revision: Mapped[int] = mapped_column(default=0)

    module: Mapped[Module] = relationship(back_populates="lessons", lazy="raise")
    sections: Mapped[list[Section]] = relationship(
        back_populates="lesson", lazy="raise", order_by="Section.position"
    )
    questions: Mapped[list[QuizQuestion]] = relationship(
        back_populates="lesson", lazy="raise", order_by="QuizQuestion.position"
    )


class Section(IdMixin, TimestampMixin, Base):
    """A unit of reading. Its ID survives regeneration when its content does not change."""

    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("lesson_id", "position"),)

    lesson_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    required: Mapped[bool] = mapped_column(default=True)
    revision: Mapped[int] = mapped_column(default=1)

    lesson: Mapped[Lesson] = relationship(back_populates="sections", lazy="raise")


class QuizQuestion(IdMixin, Base):
    __tablename__ = "quiz_questions"
    __table_args__ = (
        UniqueConstraint("lesson_id", "position"),
        CheckConstraint("answer_index >= 0", name="answer_index_nonnegative"),
    )

    lesson_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    prompt: Mapped[str] = mapped_column(Text)
    options: Mapped[list[Any]] = mapped_column()
    answer_index: Mapped[int]
    explanation: Mapped[str] = mapped_column(Text, default="")
    section_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("sections.id", ondelete="SET NULL")
    )

    lesson: Mapped[Lesson] = relationship(back_populates="questions", lazy="raise")


class FindingOverride(IdMixin, Base):
    """An author accepted a quality finding (with a reason): it stays listed, no longer
    blocks publishing. ``scope`` is the lesson's ID (or ``course``); an override holds for
    the lesson revision it was given at, so rewritten content is judged again."""

    __tablename__ = "finding_overrides"
    __table_args__ = (UniqueConstraint("course_id", "scope", "finding_key", "lesson_revision"),)

    course_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[str] = mapped_column(String(64))
    lesson_revision: Mapped[int] = mapped_column(default=0)
    finding_key: Mapped[str] = mapped_column(String(600))
    code: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    accepted_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime] = mapped_column(default=utcnow)


class CourseGeneration(IdMixin, TimestampMixin, Base):
    """One request to generate a course; the workflow's durable projection for the API."""

    __tablename__ = "course_generations"

    requested_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    workflow_id: Mapped[str] = mapped_column(String(200), unique=True)
    # Typed: one pydantic model per kind of run (schemas.generation.GenerationRequest).
    request: Mapped[CourseGenerationRun | LessonRegenerationRun] = mapped_column(
        PydanticJSON(GENERATION_REQUEST)
    )
    status: Mapped[GenerationStatus] = mapped_column(
        _enum(GenerationStatus, "generation_status"), default=GenerationStatus.running
    )
    stage: Mapped[GenerationStage] = mapped_column(
        _enum(GenerationStage, "generation_stage"), default=GenerationStage.queued
    )
    outline: Mapped[dict[str, Any] | None] = mapped_column()
    course_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("courses.id"))
    error: Mapped[str | None] = mapped_column(Text)


class AIGeneration(IdMixin, Base):
    """Cost ledger: one row per model or image call, answered or failed."""

    __tablename__ = "ai_generations"

    generation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("course_generations.id", ondelete="CASCADE"), index=True
    )
    # Idempotency: a retried activity that already recorded its call does not record twice.
    call_key: Mapped[str] = mapped_column(String(300), unique=True)
    stage: Mapped[str] = mapped_column(String(32))
    lesson_id: Mapped[uuid.UUID | None]
    provider: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(100))
    prompt_hash: Mapped[str] = mapped_column(String(64))
    input_tokens: Mapped[int] = mapped_column(default=0)
    output_tokens: Mapped[int] = mapped_column(default=0)
    cached_tokens: Mapped[int] = mapped_column(default=0)
    cache_write_tokens: Mapped[int] = mapped_column(default=0)
    cost_usd: Mapped[Decimal] = mapped_column(Numeric(12, 6), default=Decimal(0))
    latency_ms: Mapped[int] = mapped_column(default=0)
    # ok | invalid (answered, failed parsing: repaired) | rate_limited | failed
    status: Mapped[str] = mapped_column(String(16), default="ok")
    error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Enrollment(IdMixin, TimestampMixin, Base):
    __tablename__ = "enrollments"
    __table_args__ = (
        Index("ix_enrollments_course_status", "course_id", "status"),
        Index("ix_enrollments_student", "student_id", "course_id"),
        CheckConstraint(
            "progress_percent >= 0 AND progress_percent <= 100", name="progress_percent_range"
        ),
    )

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id"))
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    workflow_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[EnrollmentStatus] = mapped_column(
        _enum(EnrollmentStatus, "enrollment_status"), default=EnrollmentStatus.pending
    )
    reason: Mapped[str | None] = mapped_column(Text)
    price_cents: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    seat_held: Mapped[bool] = mapped_column(default=False)
    waitlisted_at: Mapped[datetime | None] = mapped_column(index=True)
    activated_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    progress_percent: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    last_activity_at: Mapped[datetime | None]


class Payment(IdMixin, Base):
    """The payment ledger: charges and refunds, each unique by idempotency key."""

    __tablename__ = "payments"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    enrollment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrollments.id"), index=True)
    kind: Mapped[PaymentKind] = mapped_column(_enum(PaymentKind, "payment_kind"))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    gateway: Mapped[str] = mapped_column(String(32))
    gateway_ref: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SectionProgress(IdMixin, Base):
    __tablename__ = "section_progress"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "section_id"),
        CheckConstraint("completion >= 0 AND completion <= 1", name="completion_range"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
    )

    enrollment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE")
    )
    section_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    completion: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal(0))
    time_spent_s: Mapped[int] = mapped_column(default=0)
    score: Mapped[int | None]
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LessonProgress(IdMixin, Base):
    """Roll-up of section progress, written in the same transaction as the post."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("enrollment_id", "lesson_id"),)

    enrollment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE")
    )
    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    percent: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    best_quiz_score: Mapped[int | None]
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class QuizAttempt(IdMixin, Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("enrollment_id", "lesson_id", "attempt_number"),)

    enrollment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE")
    )
    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    attempt_number: Mapped[int]
    # Review attempts (after completion) are kept but count for nothing.
    review: Mapped[bool] = mapped_column(default=False)
    # Set when the course's instructor gave the learner new attempts: kept, no longer counted.
    voided_at: Mapped[datetime | None]
    answers: Mapped[list[Any]] = mapped_column()
    score: Mapped[int]
    passed: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LearningEvent(Base):
    """An xAPI-shaped statement. Append-only; the weekly report aggregates over it."""

    __tablename__ = "learning_events"
    __table_args__ = (
        Index("ix_learning_events_course_time", "course_id", "timestamp"),
        Index("ix_learning_events_actor_time", "actor_id", "timestamp"),
        # The weekly report scans one week of events across all courses.
        Index("ix_learning_events_time", "timestamp"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    enrollment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    verb: Mapped[str] = mapped_column(String(200))
    object_id: Mapped[str] = mapped_column(String(300))
    object_type: Mapped[str] = mapped_column(String(32))
    score: Mapped[int | None]
    duration_s: Mapped[int] = mapped_column(default=0)
    success: Mapped[bool | None]
    completion: Mapped[bool | None]
    timestamp: Mapped[datetime] = mapped_column(default=utcnow)
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(IdMixin, Base):
    __tablename__ = "notifications"
    # The inbox: a user's unread first, newest first.
    __table_args__ = (Index("ix_notifications_inbox", "user_id", "read_at", "created_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    # Idempotency: a retried notify activity finds its earlier row.
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    email_sent_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Certificate(IdMixin, Base):
    __tablename__ = "certificates"

    enrollment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrollments.id"), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id"))
    verification_code: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)


class AchievementDefinition(IdMixin, TimestampMixin, Base):
    """An achievement as data: its criteria object is evaluated by
    ``services.learning.achievements`` after every progress post and quiz attempt."""

    __tablename__ = "achievement_definitions"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    criteria: Mapped[Criteria] = mapped_column(PydanticJSON(CRITERIA))
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


class UserAchievement(IdMixin, Base):
    """An award: once per learner and achievement (the unique pair), whoever races."""

    __tablename__ = "user_achievements"
    __table_args__ = (UniqueConstraint("user_id", "achievement_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    achievement_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("achievement_definitions.id", ondelete="CASCADE"), index=True
    )
    enrollment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("enrollments.id", ondelete="SET NULL")
    )
    earned_at: Mapped[datetime] = mapped_column(default=utcnow)


class Reminder(IdMixin, Base):
    """A re-engagement reminder: once per learner, local day and kind."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("user_id", "day", "kind"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    notification_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("notifications.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Report(IdMixin, TimestampMixin, Base):
    __tablename__ = "reports"

    week: Mapped[str] = mapped_column(String(8), unique=True, comment="ISO week, e.g. 2026-W47")
    status: Mapped[ReportStatus] = mapped_column(
        _enum(ReportStatus, "report_status"), default=ReportStatus.running
    )
    definitions_version: Mapped[str] = mapped_column(String(16))
    artifact_keys: Mapped[dict[str, Any]] = mapped_column(default=dict)
    manifest: Mapped[dict[str, Any]] = mapped_column(default=dict)
    completed_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class CourseExport(IdMixin, TimestampMixin, Base):
    """One export of a course (IMS Common Cartridge): started by its author or an admin,
    stored by ``CourseExportWorkflow``, deleted from object storage once ``expires_at`` passed
    (the row stays, so its link answers 410 rather than 404)."""

    __tablename__ = "course_exports"

    course_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    requested_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    key: Mapped[str] = mapped_column(String(300))
    stored_at: Mapped[datetime | None]
    size_bytes: Mapped[int | None]
    expires_at: Mapped[datetime | None]
    purged_at: Mapped[datetime | None]


__all__ = [
    "AIGeneration",
    "AchievementDefinition",
    "Base",
    "Certificate",
    "Course",
    "CourseExport",
    "CourseGeneration",
    "Enrollment",
    "LearningEvent",
    "Lesson",
    "LessonProgress",
    "Module",
    "Notification",
    "Payment",
    "QuizAttempt",
    "QuizQuestion",
    "Reminder",
    "Report",
    "Section",
    "SectionProgress",
    "User",
    "UserAchievement",
    "course_prerequisites",
    "lesson_prerequisites",
]
