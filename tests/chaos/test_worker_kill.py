"""The short chaos run: a ``courseflow worker`` process SIGKILLed twice in the middle of an
enrollment batch and a small course generation, then restarted, against the dev server. The
first kill lands on the outline call, the second on the lesson fan-out (its calls held at the
fake model server, so the worker dies with every lesson call in flight).

The invariants are the chaos runner's (bench/chaos/invariants.py): every enrollment ends in
exactly one final state and its saga agrees with its row; the ledger balances; the course was
published once with one copy of each lesson; the model was called at most as often as in an
undisturbed run plus the calls in flight at the kills. No timing is asserted; PostgreSQL and
Temporal restarts are left to ``bench/chaos/run_chaos.py``.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, select
from temporalio.testing import WorkflowEnvironment

from bench.chaos import invariants as inv
from bench.chaos.run_chaos import IN_FLIGHT_GRACE_S, SAGA_SETTLE_S, chaos_config
from bench.chaos.workloads import (
    ApiSession,
    Deadline,
    run_enrollments,
    run_generation,
    seed_enrollment_batch,
)
from bench.common import ApiProcess, RunConfig, WorkerProcess
from bench.fake_model import TimedFakeLLM
from bench.seed import seed_people
from db.migrate import upgrade_head
from db.models import AIGeneration
from db.session import make_engine, make_sessionmaker
from schemas.enums import Role
from services.generation import generation_limits

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(240)]

MODULES, LESSONS = 1, 2
KILLS = 2
SETTLE_S = 90.0
SEED = 20261204  # bench/chaos/run_chaos.py varies its seed; this short run replays one


async def _until(
    ready: Callable[[], bool], what: str, generating: asyncio.Task[object], deadline: Deadline
) -> None:
    """A readiness wait (not a timing assertion): the kill must land at this moment, so a
    generation that ends first, or a moment that never comes, fails the test."""
    while not ready():
        if generating.done():
            generating.result()  # a workload that failed early shows its own error
            raise AssertionError(f"the generation ended before {what}")
        deadline.check(what)
        await asyncio.sleep(0.01)


async def _kill_and_restart(
    worker: WorkerProcess, fake: TimedFakeLLM, deadline: Deadline, *, hold_lessons: bool
) -> tuple[int, int]:
    """SIGKILL the worker, then start it again. Returns the model calls in flight at the kill
    (the repeats the invariant allows) and the lesson calls among them still unanswered.
    Calls held at the fake server are let go first (the dead worker never reads them);
    ``hold_lessons``: the restarted worker's lesson calls are held again."""
    moment = time.monotonic()
    worker.kill()
    in_flight = fake.in_flight_at(moment, IN_FLIGHT_GRACE_S)
    lessons = sum(
        1
        for c in fake.snapshot()
        if c.kind == "lesson" and c.started <= moment and c.finished is None
    )
    fake.release_all()
    while fake.held:  # a readiness wait: the dead worker's held calls have gone
        deadline.check("the held calls of the killed worker going")
        await asyncio.sleep(0.01)
    if hold_lessons:
        fake.hold("lesson")
    await asyncio.to_thread(worker.start)
    return in_flight, lessons


def _lost_lesson_calls(engine: Engine, generation_id: uuid.UUID) -> list[tuple[Any, str, int]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(AIGeneration.lesson_id, AIGeneration.call_key, AIGeneration.input_tokens).where(
                AIGeneration.generation_id == generation_id,
                AIGeneration.stage == "lesson",
                AIGeneration.status == "lost",
            )
        )
        return [tuple(r) for r in rows]


def failures(checks: list[inv.Check]) -> list[str]:
    return [f"{c.name}: {c.detail}" for c in checks if not c.ok]


async def test_sigkilled_worker_loses_and_repeats_nothing(
    dev_env: WorkflowEnvironment,
    fresh_postgres_url: str,
    tmp_path: Path,
) -> None:
    upgrade_head(fresh_postgres_url)
    fake = TimedFakeLLM(latency=0.2)
    fake.start()
    queue = f"chaos-{uuid.uuid4().hex[:8]}"
    config = chaos_config(
        RunConfig(
            data_dir=tmp_path / "var",
            database_url=fresh_postgres_url,
            temporal_address=dev_env.client.service_client.config.target_host,
            task_queue=queue,
            llm_task_queue=f"{queue}-llm",
        ),
        fake,
    )
    settings = config.settings()
    limits = generation_limits(settings)
    # Kill 2 tests the lesson call's heartbeat timeout: with it the killed calls are retried
    # within seconds; without it they wait out a start-to-close timeout beyond the deadline.
    assert limits.llm_heartbeat_timeout_s * 10 < SETTLE_S < limits.llm_activity_timeout_s
    seed_engine = make_engine(fresh_postgres_url)
    sessions = make_sessionmaker(seed_engine)
    author = (await seed_people(sessions, settings, Role.instructor, 1))[0]
    batch = await seed_enrollment_batch(sessions, settings, author)
    await seed_engine.dispose()
    engine = create_engine(fresh_postgres_url)
    worker, api = WorkerProcess(config, tmp_path / "logs"), ApiProcess(config, tmp_path / "logs")
    http = httpx.AsyncClient(base_url=api.base_url, timeout=30)
    client = ApiSession(http)
    rng = random.Random(SEED)
    in_flight = killed_lessons = 0
    try:
        await asyncio.to_thread(api.start)
        await asyncio.to_thread(worker.start)
        baseline_start = time.monotonic()
        await run_generation(client, engine, author, MODULES, LESSONS, Deadline.after(SETTLE_S))
        baseline_calls = len(fake.calls_between(baseline_start, time.monotonic()))

        started = time.monotonic()
        deadline = Deadline.after(SETTLE_S)
        enrolling = asyncio.create_task(run_enrollments(client, engine, batch, deadline))
        fake.hold("lesson")  # from now on lesson calls wait at the server for kill 2
        generating = asyncio.create_task(
            run_generation(client, engine, author, MODULES, LESSONS, deadline)
        )
        # Kill 1 lands while a model call is in flight (the outline: the first call of a
        # fresh run) and mid-batch, a seeded moment later: a failing run replays the choice.
        await _until(lambda: fake.in_flight > 0, "a model call in flight", generating, deadline)
        await asyncio.sleep(rng.uniform(0.0, 0.2))
        if enrolling.done():
            enrolling.result()
        in_flight += (await _kill_and_restart(worker, fake, deadline, hold_lessons=True))[0]
        # Kill 2 lands on the lesson fan-out: its calls are held at the fake server, so the
        # worker dies with them in flight, and only their heartbeat timeout gets them retried
        # before the deadline (their start-to-close timeout is far beyond it).
        await _until(
            lambda: fake.held == MODULES * LESSONS, "every lesson call in flight", generating,
            deadline,
        )  # fmt: skip
        calls, killed_lessons = await _kill_and_restart(worker, fake, deadline, hold_lessons=False)
        in_flight += calls
        await enrolling
        generation_id = await generating
        calls = len(fake.calls_between(started, time.monotonic()))
        lost = _lost_lesson_calls(engine, generation_id)

        checks = [
            inv.enrollments_final(engine, batch.enrollment_ids),
            await inv.workflows_agree(
                dev_env.client, engine, batch.enrollment_ids, settle_s=SAGA_SETTLE_S
            ),
            inv.ledger_balances(engine, settings.refund_window_days),
            inv.published_once(engine, [generation_id], MODULES, LESSONS),
            inv.model_calls_bounded(calls, baseline_calls, in_flight),
        ]
    finally:
        await http.aclose()
        worker.stop()
        api.stop()
        fake.stop()
        engine.dispose()
    assert worker.process.starts == 1 + KILLS
    assert killed_lessons == MODULES * LESSONS  # kill 2 really landed on the lesson calls
    # Each lesson call that died with the worker is in the ledger, as the retry found it:
    # one ``lost`` row per lesson, under the dead attempt's key, nothing known about it.
    assert len(lost) == killed_lessons and len({lesson for lesson, _, _ in lost}) == len(lost)
    assert all(key.endswith(":a1:lost") and tokens == 0 for _, key, tokens in lost), lost
    # API 5xx answers are retried like a client would; they are reported by the bench runner.
    assert failures(checks) == []
