"""Re-engagement at scale: how long one page of the daily run takes, and what a run over N
learners costs in pages, activities and workflow history.

Seeds N learners with an active enrollment on a PostgreSQL database of the run's own (a
third idle for a month, a third who learned yesterday and not today, a third active today),
then runs the pages the way ``ReengagementWorkflow`` does — ``send_reminders_page`` with the
outbox mailer, one page after another — without Temporal, so the figure is the activity's
own cost. Beside it, the bare cost: the page's learner query alone. Then the same pages a
second time (a re-run the same day: nothing is written or sent twice).

    .venv/bin/python -m bench.reengagement_bench --learners 20000 --page-size 500
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from bench.common import append_result, run_benchmark
from bench.postgres import postgres_database

# Events one page adds to a run's history (scheduled, started, completed activity + one
# workflow task of three events), and the run's own start and end.
EVENTS_PER_PAGE = 6


async def _seed(url: str, learners: int) -> None:
    from sqlalchemy import insert

    from db.base import utcnow
    from db.models import Enrollment, LearningEvent, User
    from db.session import make_engine, make_sessionmaker, transaction
    from schemas.enums import EnrollmentStatus, Role
    from schemas.learning import VERB_COMPLETED
    from tests.factories import create_course, create_token_user

    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    now = utcnow()
    async with transaction(sessions) as session:
        author = await create_token_user(session, Role.instructor)
        course = await create_course(session, author, lessons_per_module=1)
    users, enrollments, events = [], [], []
    for i in range(learners):
        uid, eid = uuid.uuid4(), uuid.uuid4()
        kind = i % 3  # 0 idle, 1 learned yesterday only, 2 learned today
        last = now - timedelta(days=30 if kind == 0 else 1 if kind == 1 else 0, hours=1)
        stamps = {"created_at": now, "updated_at": now}
        users.append({"id": uid, "email": f"b-{uid.hex}@bench.example.org",
                      "full_name": f"Bench {i}", "role": Role.student,
                      "password_hash": "!no-login", **stamps})  # fmt: skip
        enrollments.append({"id": eid, "course_id": course.id, "student_id": uid,
                            "workflow_id": f"bench-{eid}", "status": EnrollmentStatus.active,
                            "activated_at": now - timedelta(days=40), "last_activity_at": last,
                            "seat_held": True, **stamps})  # fmt: skip
        if kind:
            events.append({"id": uuid.uuid4(), "actor_id": uid, "enrollment_id": eid,
                           "course_id": course.id, "verb": VERB_COMPLETED,
                           "object_id": str(uuid.uuid4()), "object_type": "section",
                           "timestamp": last, "stored_at": last})  # fmt: skip
    async with transaction(sessions) as session:
        for model, rows in ((User, users), (Enrollment, enrollments), (LearningEvent, events)):
            for start in range(0, len(rows), 5000):
                await session.execute(insert(model), rows[start : start + 5000])
    await engine.dispose()


async def _pages(url: str, outbox: Path, page_size: int) -> tuple[float, list[float], int, int]:
    """(wall s, per-page s, reminders sent, already sent) for one pass over every learner."""
    from temporalio.testing import ActivityEnvironment

    from activities.learning import ReminderActivities
    from adapters.mail.outbox import OutboxMailer
    from db.base import utcnow
    from db.session import make_engine, make_sessionmaker
    from schemas.learning import ReminderPageInput

    env = ActivityEnvironment()  # the activity's context (heartbeats), without a server
    engine = make_engine(url)
    activities = ReminderActivities(make_sessionmaker(engine), OutboxMailer(outbox, "b <b@x>"))
    as_of, after, took, sent, already = utcnow(), None, [], 0, 0
    started = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        page = await env.run(
            activities.send_reminders_page,
            ReminderPageInput(as_of=as_of, after_user_id=after, limit=page_size, idle_days=7),
        )
        took.append(time.perf_counter() - t0)
        sent, already = sent + page.counts.sent, already + page.counts.already_sent
        after = page.last_user_id
        if after is None:
            break
    wall = time.perf_counter() - started
    await engine.dispose()
    return wall, took, sent, already


async def _bare(url: str, page_size: int, pages: int) -> float:
    """Seconds per page of the learner query alone."""
    from db.queries import learning as q
    from db.session import make_engine, make_sessionmaker

    engine = make_engine(url)
    after = None
    t0 = time.perf_counter()
    async with make_sessionmaker(engine)() as session:
        for _ in range(pages):
            rows = await q.learners_page(session, after, page_size)
            if len(rows) < page_size:
                break
            after = rows[-1].id
    await engine.dispose()
    return (time.perf_counter() - t0) / pages


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


async def run(args: argparse.Namespace) -> int:
    with postgres_database("courseflow_reengage") as url, tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        await _seed(url, args.learners)
        print(f"seeded {args.learners} learners in {time.perf_counter() - t0:.1f}s")
        wall, took, sent, _ = await _pages(url, Path(tmp) / "outbox", args.page_size)
        rerun, _, resent, already = await _pages(url, Path(tmp) / "outbox", args.page_size)
        bare = await _bare(url, args.page_size, len(took))
    pages = len(took)
    runs = -(-pages // args.pages_per_run)
    figures = {
        "pages": pages,
        "reminders": sent,
        "page ms p50": _ms(sorted(took)[pages // 2]),
        "page ms max": _ms(max(took)),
        "bare query ms/page": _ms(bare),
        "learners/s": f"{args.learners / wall:.0f}",
        "run s": f"{wall:.1f}",
        "re-run s": f"{rerun:.1f}",
        "re-run sent": resent,
        "re-run already": already,
        "runs (continue-as-new)": runs,
        "history events/run": min(pages, args.pages_per_run) * EVENTS_PER_PAGE + 2,
    }
    for key, value in figures.items():
        print(f"{key:>24}: {value}")
    append_result(
        "reengagement",
        f"postgres, learners={args.learners}, page={args.page_size}, "
        f"pages/run={args.pages_per_run}, outbox mail",
        figures,
    )
    return 0 if resent == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20_000)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--pages-per-run", type=int, default=50)
    args = parser.parse_args()
    return asyncio.run(run(args))


if __name__ == "__main__":
    run_benchmark("reengagement", main)
