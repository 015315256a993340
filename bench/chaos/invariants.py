"""The invariants a fault must not break, read from the database (and Temporal) after a trial.

Each check returns a ``Check`` (name, ok, detail); the chaos runner and the chaos tests print
or assert them. They read through a plain synchronous engine so they work whatever state the
application's own pools are in.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db.models import (
    Course,
    CourseGeneration,
    Enrollment,
    Lesson,
    Module,
    Notification,
    Payment,
    Reminder,
    UserAchievement,
)
from schemas.enums import EnrollmentStatus, GenerationStatus, PaymentKind

FINAL = frozenset(
    {
        EnrollmentStatus.active,
        EnrollmentStatus.completed,
        EnrollmentStatus.cancelled,
        EnrollmentStatus.failed,
    }
)
LIVE = frozenset(
    {
        EnrollmentStatus.pending,
        EnrollmentStatus.waitlisted,
        EnrollmentStatus.active,
        EnrollmentStatus.completed,
    }
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""
    short: str = ""  # a few characters for the runner's table


def _short(items: Iterable[object], limit: int = 3) -> str:
    items = list(items)
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return ", ".join(str(i) for i in items[:limit]) + more


def enrollments_final(engine: Engine, enrollment_ids: Iterable[uuid.UUID]) -> Check:
    """Every enrollment exists once, is in a final state, and no student holds two live ones."""
    ids = set(enrollment_ids)
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Enrollment.id, Enrollment.course_id, Enrollment.student_id, Enrollment.status
            ).where(Enrollment.id.in_(ids))
        ).all()
        pairs = {(r.course_id, r.student_id) for r in rows}
        live = Counter(
            (r.course_id, r.student_id)
            for r in conn.execute(
                select(Enrollment.course_id, Enrollment.student_id, Enrollment.status).where(
                    Enrollment.course_id.in_({c for c, _ in pairs}),
                    Enrollment.status.in_(LIVE),
                )
            ).all()
            if (r.course_id, r.student_id) in pairs
        )
    problems = [f"missing {i}" for i in ids - {r.id for r in rows}]
    problems += [f"{r.id} is {r.status.value}" for r in rows if r.status not in FINAL]
    problems += [f"{n} live enrollments for {pair}" for pair, n in live.items() if n > 1]
    summary = Counter(r.status.value for r in rows)
    return Check("one final state", not problems, _short(problems) or dict(summary).__repr__())


async def workflows_agree(
    client: Client,
    engine: Engine,
    enrollment_ids: Iterable[uuid.UUID],
    *,
    settle_s: float = 0.0,
) -> Check:
    """The saga's own status (query) equals the enrollments row for each enrollment.

    The row is written before the saga's state changes, so right after a crash a saga can be
    one step behind its row until its retried activity completes; ``settle_s`` gives it that
    long to catch up before a difference counts.
    """
    import asyncio
    import time

    deadline = time.monotonic() + settle_s
    while True:
        problems = await _saga_row_differences(client, engine, set(enrollment_ids))
        if not problems or time.monotonic() >= deadline:
            return Check("saga = row", not problems, _short(problems))
        await asyncio.sleep(0.5)


async def _saga_row_differences(
    client: Client, engine: Engine, enrollment_ids: set[uuid.UUID]
) -> list[str]:
    from workflows.enrollment import EnrollmentWorkflow

    with engine.connect() as conn:
        rows = conn.execute(
            select(Enrollment.id, Enrollment.workflow_id, Enrollment.status).where(
                Enrollment.id.in_(enrollment_ids)
            )
        ).all()
    problems = []
    for row in rows:
        try:
            view = await client.get_workflow_handle(row.workflow_id).query(
                EnrollmentWorkflow.status
            )
        except Exception as exc:
            problems.append(f"{row.workflow_id}: query failed ({type(exc).__name__})")
            continue
        if view.enrollment_id == row.id and view.status != row.status:
            problems.append(f"{row.id}: saga says {view.status.value}, row {row.status.value}")
    return problems


def _kept_payment(e: Enrollment, starts_at: datetime | None, refund_window_days: int) -> bool:
    if e.status in (EnrollmentStatus.active, EnrollmentStatus.completed):
        return True
    if e.status != EnrollmentStatus.cancelled or e.activated_at is None or e.cancelled_at is None:
        return False
    start = max(e.activated_at, starts_at) if starts_at else e.activated_at
    return e.cancelled_at > start + timedelta(days=refund_window_days)


def ledger_balances(engine: Engine, refund_window_days: int) -> Check:
    """charges - refunds = the price of every enrollment that kept its payment (whole DB),
    and per enrollment: at most one charge and one refund."""
    with Session(engine) as session:
        payments = session.execute(
            select(Payment.enrollment_id, Payment.kind, Payment.amount_cents)
        ).all()
        enrollments = [
            (e, starts_at)
            for e, starts_at in session.execute(
                select(Enrollment, Course.starts_at).join(Course, Course.id == Enrollment.course_id)
            ).all()
        ]
    net: defaultdict[uuid.UUID, int] = defaultdict(int)
    count: Counter[tuple[uuid.UUID, PaymentKind]] = Counter()
    for p in payments:
        net[p.enrollment_id] += p.amount_cents if p.kind == PaymentKind.charge else -p.amount_cents
        count[(p.enrollment_id, p.kind)] += 1
    problems = [f"{n} {kind.value}s for {eid}" for (eid, kind), n in count.items() if n > 1]
    expected_total = 0
    for e, starts_at in enrollments:
        expected = e.price_cents if _kept_payment(e, starts_at, refund_window_days) else 0
        expected_total += expected
        if net.get(e.id, 0) != expected:
            problems.append(f"{e.id} ({e.status.value}): net {net.get(e.id, 0)} != {expected}")
    total = sum(net.values())
    if total != expected_total:
        problems.append(f"ledger total {total} != kept prices {expected_total}")
    return Check("ledger balances", not problems, _short(problems) or f"net {total} cents")


def published_once(
    engine: Engine, generation_ids: Iterable[uuid.UUID], modules: int, lessons: int
) -> Check:
    """Each completed generation has exactly one course, with one copy of each lesson."""
    problems = []
    with engine.connect() as conn:
        for gid in generation_ids:
            status = conn.scalar(select(CourseGeneration.status).where(CourseGeneration.id == gid))
            courses = conn.execute(select(Course.id, Course.status).where(
                Course.generation_id == gid
            )).all()  # fmt: skip
            if status != GenerationStatus.completed:
                problems.append(f"generation {gid} is {status}")
            wanted = 1 if status == GenerationStatus.completed else len(courses[:1])
            if len(courses) != wanted:  # completed: exactly one; otherwise at most one
                problems.append(f"generation {gid}: {len(courses)} courses")
            for course in courses:
                n_modules = conn.scalar(
                    select(func.count()).select_from(Module).where(Module.course_id == course.id)
                )
                n_lessons = conn.scalar(
                    select(func.count()).select_from(Lesson).where(Lesson.course_id == course.id)
                )
                if (n_modules, n_lessons) != (modules, modules * lessons):
                    problems.append(f"course {course.id}: {n_modules} modules, {n_lessons} lessons")
    return Check("published once", not problems, _short(problems))


def model_calls_bounded(calls: int, baseline: int, in_flight: int | None) -> Check:
    """Calls of a faulted run exceed an uninterrupted run's by at most those in flight."""
    allowed = baseline + (in_flight or 0)
    detail = f"{calls} calls, baseline {baseline}, in flight {in_flight or 0}"
    return Check("model calls", calls <= allowed, detail, f"{calls}<={baseline}+{in_flight or 0}")


def awarded_once(engine: Engine) -> Check:
    """No achievement or reminder twice: no learner holds an achievement twice or is
    reminded twice on one day; no award is notified twice (one notice per achievement and
    learner); every reminder notice belongs to exactly one reminder row."""
    twice = func.count() > 1
    with engine.connect() as conn:
        awards = conn.execute(
            select(UserAchievement.user_id, UserAchievement.achievement_id)
            .group_by(UserAchievement.user_id, UserAchievement.achievement_id)
            .having(twice)
        ).all()
        reminders = conn.execute(
            select(Reminder.user_id, Reminder.day)
            .group_by(Reminder.user_id, Reminder.day)
            .having(twice)
        ).all()
        award_notices = conn.execute(
            select(Notification.user_id, Notification.subject)
            .where(Notification.kind == "achievement.earned")
            .group_by(Notification.user_id, Notification.subject)
            .having(twice)
        ).all()
        stray = conn.execute(
            select(Notification.id)
            .outerjoin(Reminder, Reminder.notification_id == Notification.id)
            .where(Notification.kind.like("reminder.%"), Reminder.id.is_(None))
        ).all()
    problems = [f"award {a.achievement_id} twice to {a.user_id}" for a in awards]
    problems += [f"{r.user_id} reminded twice on {r.day}" for r in reminders]
    problems += [f"{n.user_id} notified of {n.subject!r} twice" for n in award_notices]
    problems += [f"reminder notice {n.id} without its reminder" for n in stray]
    return Check("awarded once", not problems, _short(problems))


def reminded_once(engine: Engine, learner_ids: Iterable[uuid.UUID]) -> Check:
    """Each idle learner of the trial has exactly one reminder, its in-app notice, and its
    e-mail marked sent."""
    ids = set(learner_ids)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Reminder.user_id, Notification.email_sent_at)
            .outerjoin(Notification, Notification.id == Reminder.notification_id)
            .where(Reminder.user_id.in_(ids))
        ).all()
    per = Counter(r.user_id for r in rows)
    problems = [f"{i} not reminded" for i in ids - set(per)]
    problems += [f"{i} reminded {n} times" for i, n in per.items() if n > 1]
    problems += [f"{r.user_id} not e-mailed" for r in rows if r.email_sent_at is None]
    return Check("reminded once", not problems, _short(problems), f"{len(per)}/{len(ids)}")
