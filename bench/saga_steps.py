"""Saga steps: the CPU of each enrollment-saga activity, in this process, without Temporal.

``bench/saga_throughput.py`` measures the whole system, where a few milliseconds per enrollment
are lost in its noise (its ratio moved 0.63-0.83 between runs of one commit). This runs the six
activities one saga runs (eligibility, seat, charge, progress, active status, notify) on a
real database through ``temporalio.testing.ActivityEnvironment``, one enrollment after another,
and prints the process CPU of each step per enrollment for ``--rounds`` rounds (median, min):
what a change to a step's database work costs or saves. For an A/B, run it on both trees
back to back and compare steps the change did not touch (a shared machine's speed drifts).

    .venv/bin/python -m bench.saga_steps --n 100 --rounds 5
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from temporalio.testing import ActivityEnvironment

from bench.common import append_result, run_benchmark
from bench.postgres import run_database
from bench.seed import seed_courses, seed_people

STEPS = ("eligibility", "seat", "charge", "progress", "status", "notify")
WARMUP = 10


async def measure(args: argparse.Namespace) -> dict[str, list[float]]:
    from activities.enrollment import EnrollmentActivities, PaymentActivities, SeatActivities
    from activities.learning import LearningActivities
    from activities.notifications import NotificationActivities
    from core.settings import Settings
    from db.base import utcnow
    from schemas import enrollment as e
    from schemas.enums import EnrollmentStatus, Role
    from schemas.learning import ProgressInput
    from schemas.notifications import NotifyUserInput
    from schemas.temporal import enrollment_workflow_id
    from worker import build_deps

    with tempfile.TemporaryDirectory() as tmp, run_database("postgres", Path(tmp)) as url:
        settings = Settings(environment="test", database_url=url, data_dir=Path(tmp) / "var")
        deps = build_deps(settings)
        sm = deps.sessionmaker
        author = (await seed_people(sm, settings, Role.instructor, 1))[0]
        students = await seed_people(sm, settings, Role.student, args.n * args.rounds + WARMUP)
        courses = await seed_courses(sm, author, 10, price_cents=4900)
        enrolling, seats = EnrollmentActivities(sm), SeatActivities(sm)
        payments = PaymentActivities(sm, deps.payments)
        learning = LearningActivities(sm)
        notifying = NotificationActivities(sm, deps.mailer)
        env = ActivityEnvironment()
        cpu: dict[str, float] = dict.fromkeys(STEPS, 0.0)

        async def step(name: str, fn: Callable[[Any], Awaitable[Any]], arg: Any) -> None:
            started = time.process_time()
            await env.run(fn, arg)
            cpu[name] += time.process_time() - started

        async def saga(i: int) -> None:
            student, course = students[i], courses[i % len(courses)]
            eid = uuid.uuid4()
            seat = e.SeatInput(enrollment_id=eid, course_id=course)
            await step("eligibility", enrolling.check_eligibility, e.EligibilityInput(
                enrollment_id=eid, course_id=course, student_id=student.id,
                workflow_id=enrollment_workflow_id(course, student.id), payment_token="tok_visa",
            ))  # fmt: skip
            await step("seat", seats.reserve_seat, seat)
            await step("charge", payments.charge_payment, e.ChargeInput(
                enrollment_id=eid, amount_cents=4900, currency="USD", token="tok_visa"
            ))  # fmt: skip
            await step("progress", learning.init_progress, ProgressInput(
                enrollment_id=eid, course_id=course
            ))  # fmt: skip
            await step("status", enrolling.record_status, e.RecordStatusInput(
                enrollment_id=eid, status=EnrollmentStatus.active, reason=None, at=utcnow()
            ))  # fmt: skip
            await step("notify", notifying.notify_user, NotifyUserInput(
                user_id=student.id, kind="enrollment.active", subject="Enrolled",
                body="You are enrolled.", dedupe_key=f"enrollment.active:{eid}",
            ))  # fmt: skip

        for i in range(WARMUP):
            await saga(args.n * args.rounds + i)
        results: dict[str, list[float]] = {name: [] for name in STEPS}
        for r in range(args.rounds):
            cpu.update(dict.fromkeys(STEPS, 0.0))
            for i in range(r * args.n, (r + 1) * args.n):
                await saga(i)
            for name in STEPS:
                results[name].append(cpu[name] / args.n * 1000)
        await deps.engine.dispose()
    return results


def report(args: argparse.Namespace, results: dict[str, list[float]]) -> None:
    rows = {**results, "total": [sum(r) for r in zip(*results.values(), strict=True)]}
    print(f"\nsaga steps, postgres, {args.n} enrollments x {args.rounds} rounds, CPU ms each")
    for name, values in rows.items():
        runs = " ".join(f"{v:5.2f}" for v in values)
        print(f"  {name:<12} {runs}   median {statistics.median(values):5.2f}"
              f"  min {min(values):5.2f}")  # fmt: skip
    append_result(
        "saga_steps",
        f"postgres, in process, n={args.n} x {args.rounds} rounds",
        {f"{name} ms": f"{statistics.median(v):.2f}" for name, v in rows.items()},
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="enrollments per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    report(args, asyncio.run(measure(args)))
    return 0


if __name__ == "__main__":
    run_benchmark("saga_steps", main)
