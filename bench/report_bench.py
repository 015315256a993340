"""Weekly report over a large PostgreSQL data set: time and the worker's peak memory.

Seeds (bulk SQL with generate_series, no Python loops) a database of the run's own with
``--enrollments`` enrollments over ``--courses`` courses, then grows ``learning_events`` to each
size in ``--events`` and, per size:

- runs the report the way the worker does (``ReportActivities.build_report``: SQL aggregates in
  one REPEATABLE READ snapshot, render JSON/CSV/HTML with charts, store, index) in a fresh
  subprocess, which reports its wall time and peak RSS (``ru_maxrss``);
- replays the very same SQL statements (captured from the worker's engine) with a bare psycopg
  cursor: the floor the aggregation cannot beat;
- prints the figures and appends a dated row to ``bench/RESULTS.md``.

    .venv/bin/python -m bench.report_bench                        # 100k enrollments; 1M, 5M events
    .venv/bin/python -m bench.report_bench --enrollments 5000 --events 50000,200000   # small
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WEEK = "2026-W40"
WINDOW_START = "2026-09-28 00:00:00+00"

SEED_SQL = [
    # One author, one admin, one student per enrollment (argon2 is not needed: nobody logs in).
    """INSERT INTO users (id, email, full_name, role, password_hash, is_active, failed_logins,
         created_at, updated_at)
       SELECT gen_random_uuid(), 'bench-' || g || '@example.org', 'Bench ' || g,
              CASE WHEN g = 0 THEN 'instructor' WHEN g = 1 THEN 'admin' ELSE 'student' END,
              '!', true, 0, now(), now()
       FROM generate_series(0, :enrollments + 1) AS g""",
    """INSERT INTO courses (id, author_id, title, description, difficulty, language, status,
         revision, seats_taken, price_cents, currency, quality_findings, offline_draft,
         created_at, updated_at)
       SELECT gen_random_uuid(), (SELECT id FROM users WHERE email = 'bench-0@example.org'),
              'Course ' || lpad(g::text, 4, '0'), 'bench', 'beginner', 'en', 'published', 1, 0,
              CASE WHEN g % 3 = 0 THEN 0 ELSE 4900 END, 'USD', '[]', false,
              timestamptz '2026-01-01', timestamptz '2026-01-01'
       FROM generate_series(1, :courses) AS g""",
    """CREATE TEMP TABLE bench_courses AS
       SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM courses""",
    """CREATE TEMP TABLE bench_students AS
       SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE role = 'student'""",
    # Enrollment k: student k, course k mod C; mostly active, some completed/cancelled/waiting.
    """INSERT INTO enrollments (id, course_id, student_id, workflow_id, status, price_cents,
         currency, seat_held, waitlisted_at, activated_at, cancelled_at, completed_at,
         progress_percent, last_activity_at, created_at, updated_at)
       SELECT gen_random_uuid(), c.id, s.id, 'enroll-bench-' || s.n,
              CASE WHEN s.n % 10 = 0 THEN 'completed' WHEN s.n % 17 = 0 THEN 'cancelled'
                   WHEN s.n % 29 = 0 THEN 'waitlisted' ELSE 'active' END,
              4900, 'USD', true, NULL,
              CASE WHEN s.n % 29 = 0 AND s.n % 10 <> 0 AND s.n % 17 <> 0 THEN NULL
                   ELSE CAST(:start AS timestamptz) - (s.n % 60) * interval '1 day' END,
              CASE WHEN s.n % 17 = 0 AND s.n % 10 <> 0
                   THEN CAST(:start AS timestamptz) + (s.n % 7) * interval '1 day' END,
              CASE WHEN s.n % 10 = 0
                   THEN CAST(:start AS timestamptz) + (s.n % 9) * interval '1 day' END,
              (s.n * 37 % 10001) / 100.0, NULL, now(), now()
       FROM bench_students s JOIN bench_courses c ON c.n = s.n % :courses""",
    """CREATE TEMP TABLE bench_enrollments AS
       SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, student_id, course_id, status
       FROM enrollments""",
    """INSERT INTO payments (id, enrollment_id, kind, idempotency_key, amount_cents, currency,
         gateway, gateway_ref, created_at)
       SELECT gen_random_uuid(), e.id, CASE WHEN e.status = 'cancelled' THEN 'refund'
              ELSE 'charge' END, 'bench-' || e.n, 4900, 'USD', 'sandbox', 'ref',
              CAST(:start AS timestamptz) - 30 * interval '1 day' + (e.n % 40) * interval '1 day'
       FROM bench_enrollments e WHERE e.status <> 'waitlisted'""",
    """INSERT INTO modules (id, course_id, position, title, summary)
       SELECT gen_random_uuid(), id, 0, 'Module', '' FROM courses""",
    """INSERT INTO lessons (id, course_id, module_id, position, title, objectives,
         estimated_minutes, status, revision, quality_findings, created_at, updated_at)
       SELECT gen_random_uuid(), m.course_id, m.id, 0, 'Lesson', '[]', 15, 'generated', 1, '[]',
              now(), now() FROM modules m""",
    """INSERT INTO quiz_attempts (id, enrollment_id, lesson_id, attempt_number, answers, score,
         passed, created_at)
       SELECT gen_random_uuid(), e.id, l.id, 1, '[1]', (e.n * 13) % 101, (e.n * 13) % 101 >= 50,
              CAST(:start AS timestamptz) + (e.n % 14 - 7) * interval '1 day'
       FROM bench_enrollments e JOIN lessons l ON l.course_id = e.course_id WHERE e.n % 3 = 0""",
    """INSERT INTO course_generations (id, requested_by, workflow_id, request, status, stage,
         course_id, created_at, updated_at)
       SELECT gen_random_uuid(), (SELECT id FROM users WHERE email = 'bench-0@example.org'),
              'course-gen-bench-' || c.n, '{}', 'completed', 'done', c.id, now(), now()
       FROM bench_courses c""",
    """INSERT INTO ai_generations (id, generation_id, call_key, stage, provider, model,
         prompt_hash, input_tokens, output_tokens, cached_tokens, cost_usd, latency_ms,
         created_at)
       SELECT gen_random_uuid(), g.id, g.workflow_id || '-' || k, 'lesson', 'offline', 'offline',
              md5(g.id::text), 1000, 500, 0, 0.0125, 800,
              CAST(:start AS timestamptz) + (k % 10 - 2) * interval '1 day'
       FROM course_generations g CROSS JOIN generate_series(1, 8) AS k""",
]

# Events spread over four weeks around the reported one; event i belongs to enrollment i mod N.
EVENTS_SQL = """
INSERT INTO learning_events (id, actor_id, enrollment_id, course_id, verb, object_id,
  object_type, score, duration_s, success, completion, timestamp, stored_at)
SELECT gen_random_uuid(), e.student_id, e.id, e.course_id,
       'http://adlnet.gov/expapi/verbs/progressed', md5(g::text), 'section', NULL,
       (g * 7919) % 900, NULL, false,
       CAST(:start AS timestamptz) - interval '14 days'
         + ((g * 104729) % 2419200) * interval '1 second',
       now()
FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS g
JOIN bench_enrollments e ON e.n = g % :enrollments
"""


def seed(url: str, enrollments: int, courses: int) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    params = {"enrollments": enrollments, "courses": courses, "start": WINDOW_START}
    with engine.begin() as conn:
        for statement in SEED_SQL:
            conn.execute(text(statement), params)
    engine.dispose()


def grow_events(url: str, enrollments: int, have: int, want: int) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TEMP TABLE bench_enrollments AS SELECT row_number() OVER (ORDER BY id) - 1"
                " AS n, id, student_id, course_id, status FROM enrollments"
            )
        )
        step = 1_000_000
        for first in range(have, want, step):
            last = min(first + step, want) - 1
            conn.execute(
                text(EVENTS_SQL),
                {"first": first, "last": last, "enrollments": enrollments, "start": WINDOW_START},
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


# --- the worker's side (a subprocess of its own, so its peak RSS is its own) ---------------
async def _worker_run(url: str, storage_dir: str) -> dict[str, Any]:
    from sqlalchemy import event

    from activities.reports import ReportActivities
    from adapters.storage.local import LocalStorage
    from core.settings import Settings
    from db.session import make_engine, make_sessionmaker
    from schemas.reports import BuildReportInput, StartReportInput, day_bounds, week_window
    from services.reports import Window

    settings = Settings(environment="test", database_url=url, storage_dir=Path(storage_dir))
    engine = make_engine(url)
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_a: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    storage = LocalStorage(Path(storage_dir))
    activities = ReportActivities(make_sessionmaker(engine), storage, settings)
    await activities.start_report(StartReportInput(week=WEEK, force=True, workflow_id="bench"))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, end = week_window(WEEK, "UTC")
    window = Window(start=start, end=end, days=day_bounds(WEEK, "UTC"))
    started = time.perf_counter()
    await activities._compute(window)  # the aggregation alone, as build_report runs it (cold)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    await activities._compute(window)  # again, with the caches the bare replay will also see
    aggregation = time.perf_counter() - started
    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    started = time.perf_counter()
    result = await activities.build_report(BuildReportInput(week=WEEK, timezone="UTC"))
    seconds = time.perf_counter() - started
    await engine.dispose()
    return {
        "seconds": seconds,
        "aggregation_seconds": aggregation,
        "cold_aggregation_seconds": cold,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_before_mb": rss_before / 1024,
        "courses": result.row_counts["courses"],
        "statements": [s for s, _ in captured],
        "parameters": [_jsonable(p) for _, p in captured],
    }


def _jsonable(params: Any) -> Any:
    from datetime import datetime

    if isinstance(params, dict):
        return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in params.items()}
    return params


def worker_side(url: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as storage:
        out = subprocess.run(
            [sys.executable, "-m", "bench.report_bench", "--worker-side", url, storage],
            capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
        )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def bare_sql(url: str, statements: list[str], parameters: list[Any]) -> float:
    """The same statements with a plain psycopg cursor in one REPEATABLE READ transaction."""
    import psycopg
    from sqlalchemy.engine import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        started = time.perf_counter()
        with conn.cursor() as cur:
            for statement, params in zip(statements, parameters, strict=True):
                cur.execute(statement, params)  # type: ignore[arg-type]
                cur.fetchall()
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrollments", type=int, default=100_000)
    parser.add_argument("--courses", type=int, default=200)
    parser.add_argument("--events", default="1000000,5000000", help="comma-separated sizes")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    parser.add_argument(
        "--worker-side", nargs=2, metavar=("URL", "STORAGE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker_side:
        print(json.dumps(asyncio.run(_worker_run(*args.worker_side))))
        return
    from bench.common import append_result, postgres_database

    sizes = [int(x) for x in args.events.split(",")]
    with postgres_database(prefix="courseflow_report_bench") as url:
        t0 = time.perf_counter()
        seed(url, args.enrollments, args.courses)
        print(f"seeded {args.enrollments} enrollments, {args.courses} courses "
              f"in {time.perf_counter() - t0:.1f}s")  # fmt: skip
        have = 0
        for size in sizes:
            t0 = time.perf_counter()
            grow_events(url, args.enrollments, have, size)
            have = size
            print(f"learning_events = {size:,} (grown in {time.perf_counter() - t0:.1f}s)")
            worker = worker_side(url)
            bare = bare_sql(url, worker["statements"], worker["parameters"])
            figures = {
                "worker aggregation s": f"{worker['aggregation_seconds']:.2f}",
                "bare SQL s": f"{bare:.2f}",
                "ratio": f"{worker['aggregation_seconds'] / bare:.2f}" if bare else "n/a",
                "worker cold aggregation s": f"{worker['cold_aggregation_seconds']:.2f}",
                "worker full build s": f"{worker['seconds']:.2f}",
                "worker peak RSS MB": f"{worker['peak_rss_mb']:.0f}",
                "RSS before report MB": f"{worker['rss_before_mb']:.0f}",
                "courses": worker["courses"],
                "statements": len(worker["statements"]),
            }
            print("  " + "; ".join(f"{k}={v}" for k, v in figures.items()))
            if not args.no_record:
                append_result(
                    "report_bench",
                    f"postgres, enrollments={args.enrollments}, courses={args.courses}, "
                    f"events={size}",
                    figures,
                )


if __name__ == "__main__":
    main()
