"""API reads: ``GET /courses/{id}`` and ``GET /me/progress`` under load, beside bare routes.

Two uvicorn processes on loopback, one worker each, on the same database: ``courseflow api``
and ``bench.bare_api`` (FastAPI routes running the same queries with nothing around them).
Each endpoint is loaded with ``wrk`` (when installed; ``apt-get install wrk``) or an asyncio
httpx generator, bounded in time (and, for the generator, in count), in four blocks of half
the time each: ours, bare, bare, ours, so a change in the shared machine's speed during the
run falls on both sides. Prints requests/s and p99 for ours and the bare route, and writes a
row per endpoint to bench/RESULTS.md.

    .venv/bin/python -m bench.api_reads --seconds 10 --concurrency 32
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import select

from bench.common import (
    LOOPBACK,
    ApiProcess,
    BenchError,
    ManagedProcess,
    RunConfig,
    append_result,
    fmt,
    free_port,
    require_modules,
    run_benchmark,
    running,
)
from bench.load import LoadResult, asyncio_load, combine, wrk_available, wrk_load
from bench.postgres import run_database
from bench.seed import Person, seed_courses, seed_people
from db.base import utcnow
from db.models import Enrollment, Lesson, LessonProgress
from db.session import make_engine, make_sessionmaker, transaction
from schemas.enums import EnrollmentStatus, Role


@dataclass
class Target:
    name: str
    ours: str
    bare: str
    headers: dict[str, str]


async def seed(config: RunConfig, courses: int) -> tuple[Person, list[uuid.UUID]]:
    """A student enrolled (active) in ``courses`` 6x4 courses with half the lessons done."""
    settings = config.settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        sessions = make_sessionmaker(engine)
        author = (await seed_people(sessions, settings, Role.instructor, 1))[0]
        student = (await seed_people(sessions, settings, Role.student, 1))[0]
        course_ids = await seed_courses(
            sessions, author, courses, price_cents=0, modules=6, lessons_per_module=4
        )
        async with transaction(sessions) as session:
            for course_id in course_ids:
                enrollment = Enrollment(
                    course_id=course_id,
                    student_id=student.id,
                    workflow_id=f"enroll-{course_id}-{student.id}",
                    status=EnrollmentStatus.active,
                    activated_at=utcnow(),
                    progress_percent=Decimal(50),
                )
                session.add(enrollment)
                await session.flush()
                lessons = (
                    await session.scalars(select(Lesson).where(Lesson.course_id == course_id))
                ).all()
                for lesson in lessons[::2]:
                    session.add(
                        LessonProgress(
                            enrollment_id=enrollment.id,
                            lesson_id=lesson.id,
                            percent=Decimal(100),
                            best_quiz_score=80,
                            completed_at=utcnow(),
                        )
                    )
    finally:
        await engine.dispose()
    return student, course_ids


async def warm_up(url: str, target: Target) -> None:
    """20 requests before any timing, failing fast on an error."""
    async with httpx.AsyncClient(timeout=10) as client:
        for _ in range(20):
            response = await client.get(url, headers=target.headers)
            if response.status_code != 200:
                raise BenchError(f"GET {url}: {response.status_code} {response.text[:300]}")


async def load(url: str, target: Target, args: argparse.Namespace, seconds: int) -> LoadResult:
    if wrk_available() and not args.no_wrk:
        return await asyncio.to_thread(
            wrk_load, url, target.headers, concurrency=args.concurrency, seconds=seconds
        )
    return await asyncio_load(
        url,
        target.headers,
        concurrency=args.concurrency,
        max_requests=args.max_requests // 2,  # per block: two blocks per side
        max_seconds=seconds,
    )


async def load_pair(target: Target, args: argparse.Namespace) -> tuple[LoadResult, LoadResult]:
    """Ours and bare in the order A B B A, half of ``--seconds`` per block, so a drift in the
    shared machine's speed falls on both sides (run one after the other, the same code
    measured /me/progress at 0.73 and 1.00 x bare)."""
    await warm_up(target.ours, target)
    await warm_up(target.bare, target)
    half = args.seconds // 2
    ours_1 = await load(target.ours, target, args, half)
    bare_1 = await load(target.bare, target, args, half)
    bare_2 = await load(target.bare, target, args, half)
    ours_2 = await load(target.ours, target, args, half)
    blocks = ", ".join(f"{r.rps:.1f}" for r in (ours_1, bare_1, bare_2, ours_2))
    print(f"\n{target.name}: req/s by block (ours, bare, bare, ours): {blocks}")
    return combine([ours_1, ours_2]), combine([bare_1, bare_2])


def print_pair(target: Target, ours: LoadResult, bare: LoadResult) -> None:
    ratio = ours.rps / bare.rps if bare.rps else 0.0
    print(f"\n{target.name}  ({ours.tool}, {ours.elapsed_s:.0f}s each)")
    for label, r in (("courseflow", ours), ("bare", bare)):
        print(
            f"  {label:<10} {r.rps:8.1f} req/s   p50 {fmt(r.p50_ms, 1)} ms   "
            f"p99 {fmt(r.p99_ms, 1)} ms   {r.requests} requests, {r.errors} errors"
        )
    print(f"  ratio      {ratio:.2f} x bare req/s")


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-reads-") as tmp:
        workdir = Path(tmp)
        logs = workdir / "logs"
        with run_database(args.database, workdir) as db_url:
            # Reads never reach Temporal; the API connects lazily, so no server is started.
            config = RunConfig(
                data_dir=workdir / "var",
                database_url=db_url,
                temporal_address=f"{LOOPBACK}:{free_port()}",
            )
            student, course_ids = await seed(config, args.courses)
            api = ApiProcess(config, logs)
            bare_port = free_port()
            bare = ManagedProcess(
                "bare-api",
                [sys.executable, "-m", "uvicorn", "bench.bare_api:app", "--host", LOOPBACK,
                 "--port", str(bare_port), "--log-level", "warning", "--no-access-log"],
                log_dir=logs,
                env=config.env(),
            )  # fmt: skip
            targets = [
                Target(
                    "GET /courses/{id}",
                    f"{api.base_url}/api/v1/courses/{course_ids[0]}",
                    f"http://{LOOPBACK}:{bare_port}/bare/courses/{course_ids[0]}",
                    student.headers,
                ),
                Target(
                    "GET /me/progress",
                    f"{api.base_url}/api/v1/me/progress",
                    f"http://{LOOPBACK}:{bare_port}/bare/me/progress/{student.id}",
                    student.headers,
                ),
            ]
            with running(api):
                bare.start()
                try:
                    bare.wait_for_port(bare_port)
                    for target in targets:
                        ours, base = await load_pair(target, args)
                        print_pair(target, ours, base)
                        record(target, ours, base, args)
                finally:
                    bare.stop()
    return 0


def record(target: Target, ours: LoadResult, bare: LoadResult, args: argparse.Namespace) -> None:
    append_result(
        "api_reads",
        f"{target.name}, {args.database}, {ours.tool}, c={args.concurrency}, {args.seconds}s",
        {
            "req/s": fmt(ours.rps, 1),
            "p99 ms": fmt(ours.p99_ms, 1),
            "errors": ours.errors,
            "bare req/s": fmt(bare.rps, 1),
            "bare p99 ms": fmt(bare.p99_ms, 1),
            "ratio": fmt(ours.rps / bare.rps if bare.rps else 0.0),
        },
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=int, default=10,
        help="per endpoint and side, as two blocks of half (an odd value rounds down)",
    )  # fmt: skip
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--max-requests", type=int, default=200_000, help="asyncio generator")
    parser.add_argument("--courses", type=int, default=3, help="enrollments of the student")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--no-wrk", action="store_true", help="use the asyncio generator")
    args = parser.parse_args(argv)
    if not 2 <= args.seconds <= 300 or not 1 <= args.concurrency <= 1000:
        parser.error("--seconds must be in 2..300 and --concurrency in 1..1000")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    require_modules("api_reads", "api.routers.catalog", "bench.course_query")
    return asyncio.run(run(args))


if __name__ == "__main__":
    run_benchmark("api_reads", main)
