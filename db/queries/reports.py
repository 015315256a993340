"""The weekly report's metrics as SQL aggregates (PostgreSQL and SQLite alike).

Every metric is one aggregate query grouped by course (or not grouped, for the platform
row); Python only merges the small result sets. Definitions: docs/metrics.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    distinct,
    func,
    null,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    AIGeneration,
    Course,
    CourseGeneration,
    Enrollment,
    LearningEvent,
    Payment,
    QuizAttempt,
    Report,
    User,
)
from schemas.enums import EnrollmentStatus, PaymentKind, Role
from schemas.learning import LEARNING_OBJECT_TYPES

AT_RISK_IDLE = timedelta(days=14)
AT_RISK_PROGRESS = 50

METRIC_COLUMNS = (
    "new_enrollments",
    "active_learners",
    "completions",
    "completion_rate",
    "average_progress_percent",
    "median_time_spent_s",
    "quiz_attempts",
    "quiz_pass_rate",
    "revenue_cents",
    "refunds_cents",
    "net_revenue_cents",
    "waitlist_length",
    "ai_generation_cost_usd",
    "weekly_active_learners",
    "learners_at_risk",
)
COUNT_DEFAULTS = {
    "new_enrollments": 0,
    "active_learners": 0,
    "completions": 0,
    "quiz_attempts": 0,
    "revenue_cents": 0,
    "refunds_cents": 0,
    "waitlist_length": 0,
    "weekly_active_learners": 0,
    "learners_at_risk": 0,
    "ai_generation_cost_usd": 0.0,
}

Key = uuid.UUID | None  # a course ID, or None for the platform row
Metrics = dict[Key, dict[str, Any]]

# Activity is learning: sections and quizzes. Registration, course completion and award
# statements (xAPI export) are not activity and count for no metric.
LEARNING = LearningEvent.object_type.in_(LEARNING_OBJECT_TYPES)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    days: Sequence[tuple[date, datetime, datetime]] = ()


@dataclass
class ReportData:
    platform: dict[str, Any]
    courses: list[dict[str, Any]]
    daily: list[dict[str, Any]]
    source_counts: dict[str, int] = field(default_factory=dict)


def _round(value: Any, places: str) -> float | None:
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def _ratio(numerator: Any, denominator: Any) -> float | None:
    if not denominator:
        return None
    return _round(Decimal(int(numerator or 0)) / Decimal(int(denominator)), "0.0001")


def _grouped(stmt: Select[Any], key: ColumnElement[Any] | None) -> Select[Any]:
    return stmt.group_by(key) if key is not None else stmt


def _key(by_course: bool, column: Any) -> ColumnElement[Any] | None:
    return column if by_course else None


async def _rows(
    session: AsyncSession, key: ColumnElement[Any] | None, *columns: Any, where: Any = None
) -> list[Any]:
    head = key if key is not None else null()
    stmt = select(head, *columns)
    if where is not None:
        stmt = stmt.where(where)
    return list((await session.execute(_grouped(stmt, key))).all())


def _within(column: Any, w: Window) -> ColumnElement[bool]:
    return and_(column >= w.start, column < w.end)


def _active_at(end: datetime) -> ColumnElement[bool]:
    """Enrolled and neither completed nor cancelled at ``end`` (from timestamps)."""
    return and_(
        Enrollment.activated_at < end,
        or_(Enrollment.completed_at.is_(None), Enrollment.completed_at >= end),
        or_(Enrollment.cancelled_at.is_(None), Enrollment.cancelled_at >= end),
    )


async def enrollment_metrics(session: AsyncSession, w: Window, by_course: bool) -> Metrics:
    key = _key(by_course, Enrollment.course_id)
    active = _active_at(w.end)
    rows = await _rows(
        session,
        key,
        func.sum(case((_within(Enrollment.activated_at, w), 1), else_=0)),
        func.count(distinct(case((active, Enrollment.student_id)))),
        func.sum(case((_within(Enrollment.completed_at, w), 1), else_=0)),
        func.sum(case((Enrollment.activated_at < w.end, 1), else_=0)),
        func.sum(case((Enrollment.completed_at < w.end, 1), else_=0)),
        func.avg(case((active, Enrollment.progress_percent))),
        func.sum(case((Enrollment.status == EnrollmentStatus.waitlisted, 1), else_=0)),
    )  # fmt: skip
    out: Metrics = {}
    for k, new, active_n, done, cohort, done_by_end, avg_progress, waiting in rows:
        out[k] = {
            "new_enrollments": int(new or 0),
            "active_learners": int(active_n or 0),
            "completions": int(done or 0),
            "completion_rate": _ratio(done_by_end, cohort),
            "average_progress_percent": _round(avg_progress, "0.01"),
            "waitlist_length": int(waiting or 0),
        }
    return out


async def median_time_spent(session: AsyncSession, w: Window, by_course: bool) -> Metrics:
    """Median over learners active in the window of their summed event durations."""
    groups = (
        [LearningEvent.course_id, LearningEvent.actor_id] if by_course else [LearningEvent.actor_id]
    )
    course_col = LearningEvent.course_id if by_course else null()
    per = (
        select(course_col.label("course_id"), func.sum(LearningEvent.duration_s).label("t"))
        .where(LearningEvent.timestamp >= w.start, LearningEvent.timestamp < w.end, LEARNING)
        .group_by(*groups)
        .subquery()
    )
    partition = per.c.course_id if by_course else None
    ranked = select(
        per.c.course_id,
        per.c.t,
        func.row_number().over(partition_by=partition, order_by=per.c.t).label("rn"),
        func.count().over(partition_by=partition).label("n"),
    ).subquery()
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    key = ranked.c.course_id if by_course else None
    rows = await _rows(session, key, func.avg(ranked.c.t), where=middle)
    return {k: {"median_time_spent_s": _round(v, "0.1")} for k, v in rows}


async def activity_metrics(session: AsyncSession, w: Window, by_course: bool) -> Metrics:
    key = _key(by_course, LearningEvent.course_id)
    rows = await _rows(
        session,
        key,
        func.count(distinct(LearningEvent.actor_id)),
        func.count(),
        where=and_(LearningEvent.timestamp >= w.start, LearningEvent.timestamp < w.end, LEARNING),
    )
    return {
        k: {"weekly_active_learners": int(n or 0), "_events": int(events or 0)}
        for k, n, events in rows
    }


async def quiz_metrics(session: AsyncSession, w: Window, by_course: bool) -> Metrics:
    key = _key(by_course, Enrollment.course_id)
    head = key if key is not None else null()
    stmt = _grouped(
        select(head, func.count(), func.sum(case((QuizAttempt.passed.is_(True), 1), else_=0)))
        .join(Enrollment, Enrollment.id == QuizAttempt.enrollment_id)
        .where(
            QuizAttempt.created_at >= w.start,
            QuizAttempt.created_at < w.end,
            QuizAttempt.review.is_(False),  # review attempts after completion count for nothing
        ),
        key,
    )
    rows = (await session.execute(stmt)).all()
    return {
        k: {"quiz_attempts": int(n or 0), "quiz_pass_rate": _ratio(passed, n)}
        for k, n, passed in rows
    }


async def payment_metrics(session: AsyncSession, w: Window, by_course: bool) -> Metrics:
    key = _key(by_course, Enrollment.course_id)
    head = key if key is not None else null()
    charge = func.sum(case((Payment.kind == PaymentKind.charge, Payment.amount_cents), else_=0))
    refund = func.sum(case((Payment.kind == PaymentKind.refund, Payment.amount_cents), else_=0))
    stmt = _grouped(
        select(head, charge, refund, func.count())
        .join(Enrollment, Enrollment.id == Payment.enrollment_id)
        .where(Payment.created_at >= w.start, Payment.created_at < w.end),
        key,
    )
    rows = (await session.execute(stmt)).all()
    return {
        k: {
            "revenue_cents": int(c or 0),
            "refunds_cents": int(r or 0),
            "net_revenue_cents": int(c or 0) - int(r or 0),
            "_payments": int(n or 0),
        }
        for k, c, r, n in rows
    }


async def ai_cost_metrics(session: AsyncSession, w: Window, by_course: bool) -> Metrics:
    key = _key(by_course, CourseGeneration.course_id)
    head = key if key is not None else null()
    stmt = _grouped(
        select(head, func.coalesce(func.sum(AIGeneration.cost_usd), 0), func.count())
        .join(CourseGeneration, CourseGeneration.id == AIGeneration.generation_id)
        .where(AIGeneration.created_at >= w.start, AIGeneration.created_at < w.end),
        key,
    )
    rows = (await session.execute(stmt)).all()
    return {
        k: {"ai_generation_cost_usd": _round(cost, "0.000001"), "_ai_calls": int(n or 0)}
        for k, cost, n in rows
    }


async def at_risk_metrics(session: AsyncSession, w: Window, by_course: bool) -> Metrics:
    """Enrolled at the window's end, idle 14 days by then, and under 50 % progress."""
    last_event = (
        select(func.max(LearningEvent.timestamp))
        .where(
            LearningEvent.enrollment_id == Enrollment.id, LearningEvent.timestamp < w.end, LEARNING
        )
        .correlate(Enrollment)
        .scalar_subquery()
    )
    idle_since = func.coalesce(last_event, Enrollment.activated_at)
    key = _key(by_course, Enrollment.course_id)
    rows = await _rows(
        session,
        key,
        func.count(),
        where=and_(
            _active_at(w.end),
            Enrollment.progress_percent < AT_RISK_PROGRESS,
            idle_since < w.end - AT_RISK_IDLE,
        ),
    )
    return {k: {"learners_at_risk": int(n or 0)} for k, n in rows}


METRIC_QUERIES = (
    enrollment_metrics,
    median_time_spent,
    activity_metrics,
    quiz_metrics,
    payment_metrics,
    ai_cost_metrics,
    at_risk_metrics,
)


async def collect(session: AsyncSession, w: Window, by_course: bool) -> Metrics:
    merged: Metrics = {}
    for query in METRIC_QUERIES:
        for k, values in (await query(session, w, by_course)).items():
            merged.setdefault(k, {}).update(values)
    return merged


def _complete(values: dict[str, Any]) -> dict[str, Any]:
    row = {name: values.get(name, COUNT_DEFAULTS.get(name)) for name in METRIC_COLUMNS}
    if row["net_revenue_cents"] is None:
        row["net_revenue_cents"] = 0
    return row


async def daily_activity(session: AsyncSession, w: Window) -> list[dict[str, Any]]:
    """Per local day: distinct learners, events, seconds (one scan grouped by day index)."""
    if not w.days:
        return []
    # Events are bucketed by the local days' UTC bounds (bound parameters, DST-correct).
    day_index = case(
        *[(LearningEvent.timestamp < end, i) for i, (_d, _s, end) in enumerate(w.days)],
        else_=len(w.days),
    )
    events = (
        select(
            day_index.label("day_index"),
            LearningEvent.actor_id.label("actor_id"),
            LearningEvent.duration_s.label("duration_s"),
        )
        .where(LearningEvent.timestamp >= w.start, LearningEvent.timestamp < w.end, LEARNING)
        .subquery()
    )
    stmt = select(
        events.c.day_index,
        func.count(distinct(events.c.actor_id)),
        func.count(),
        func.sum(events.c.duration_s),
    ).group_by(events.c.day_index)
    found = {int(i): row for i, *row in (await session.execute(stmt)).all()}
    days = []
    for i, (day, _s, _e) in enumerate(w.days):
        learners, count, seconds = found.get(i, (0, 0, 0))
        days.append(
            {
                "date": day.isoformat(),
                "active_learners": int(learners or 0),
                "events": int(count or 0),
                "time_spent_s": int(seconds or 0),
            }
        )
    return days


async def course_titles(session: AsyncSession, w: Window) -> list[tuple[uuid.UUID, str, str]]:
    """Each course's ID, title and currency (its payments are charged in it)."""
    stmt = (
        select(Course.id, Course.title, Course.currency)
        .where(Course.created_at < w.end)
        .order_by(Course.title, Course.id)
    )
    return [(cid, title, cur) for cid, title, cur in (await session.execute(stmt)).all()]


async def compute_report(session: AsyncSession, w: Window) -> ReportData:
    platform_raw = (await collect(session, w, by_course=False)).get(None, {})
    per_course = await collect(session, w, by_course=True)
    courses = [
        {
            "course_id": str(cid),
            "title": title,
            "currency": currency,
            **_complete(per_course.get(cid, {})),
        }
        for cid, title, currency in await course_titles(session, w)
    ]
    return ReportData(
        platform=_complete(platform_raw),
        courses=courses,
        daily=await daily_activity(session, w),
        source_counts={
            "learning_events_in_window": int(platform_raw.get("_events", 0)),
            "payments_in_window": int(platform_raw.get("_payments", 0)),
            "quiz_attempts_in_window": int(platform_raw.get("quiz_attempts", 0)),
            "ai_generations_in_window": int(platform_raw.get("_ai_calls", 0)),
        },
    )


async def admin_ids(session: AsyncSession, extra_emails: Sequence[str]) -> list[uuid.UUID]:
    """Active admins, plus any account whose e-mail is listed in report_admin_emails."""
    condition: Any = User.role == Role.admin
    if extra_emails:
        condition = or_(condition, func.lower(User.email).in_([e.lower() for e in extra_emails]))
    stmt = select(User.id).where(condition, User.is_active.is_(True)).order_by(User.created_at)
    return list((await session.execute(stmt)).scalars())


# --- the reports index -----------------------------------------------------------------------
async def report_of_week(session: AsyncSession, week: str, *, lock: bool = False) -> Report | None:
    query = select(Report).where(Report.week == week)
    report: Report | None = await session.scalar(query.with_for_update() if lock else query)
    return report


async def all_reports(session: AsyncSession) -> list[Report]:
    """Every indexed week, newest first."""
    return list((await session.execute(select(Report).order_by(Report.week.desc()))).scalars())
