"""Fault injection: kill the worker, restart Temporal and PostgreSQL, check the invariants.

One stack for the whole run: the Temporal dev server with file persistence, a PostgreSQL
database of the run's own, the tests' fake OpenAI-compatible model server (in this process,
fixed latency), ``courseflow api`` and ``courseflow worker`` as child processes. Trial 0 runs
the workloads undisturbed (the baseline); then each trial starts a workload and, at a random
moment inside it, injects one fault:

- ``sigkill``: SIGKILL the worker process, restart it after a random pause (alternating
  between the workloads: a generation, an enrollment batch and, with ``--workloads``
  including ``reengagement``, a re-engagement run over 20 idle learners in pages of 4;
  ``--kills``, at least 30 by default);
- ``temporal``: stop and start the dev server (same ``--db-filename``) while both run;
- ``postgres``: stop and start PostgreSQL while both run (``--pg main``: the machine's
  cluster via ``pg_ctlcluster --skip-systemctl-redirect <v> main stop|start``; ``--pg
  private``: a throwaway cluster of this run's own). It is always started again, even on error.

After each trial: every enrollment has exactly one final state (and the saga agrees with its
row); the ledger balances (charges - refunds = the price of every enrollment that kept its
payment); no course was published twice; model calls exceed the baseline's by at most the
number in flight during the fault (the fake server's log); no achievement or reminder was
made twice (``awarded once``) and each idle learner of a re-engagement trial was reminded,
notified and e-mailed exactly once (``reminded once``). A table is printed; any violation or
unfinished trial exits 1.

    .venv/bin/python -m bench.chaos.run_chaos --kills 32 --temporal-restarts 2 --pg-restarts 2
    .venv/bin/python -m bench.chaos.run_chaos --workloads reengagement --kills 3 \
        --temporal-restarts 1 --pg-restarts 0
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import signal
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine

from bench.chaos import invariants as inv
from bench.chaos.workloads import (
    ApiSession,
    Deadline,
    EnrollmentBatch,
    run_enrollments,
    run_generation,
    run_reengagement,
    seed_enrollment_batch,
    seed_idle_learners,
)
from bench.common import (
    ApiProcess,
    BenchError,
    RunConfig,
    TemporalDevServer,
    WorkerProcess,
    append_result,
    base_config,
    require_modules,
    run_benchmark,
)
from bench.fake_model import TimedFakeLLM
from bench.postgres import PostgresServer, postgres_database
from bench.seed import Person, seed_people
from db.session import make_engine, make_sessionmaker
from schemas.enums import Role

# A model answer the worker had received but not yet recorded when the fault hit.
IN_FLIGHT_GRACE_S = 0.5
SLOW_RECOVERY_S = 60.0
# A saga one step behind its row after a crash catches up within an activity timeout (30 s).
SAGA_SETTLE_S = 45.0
FAKE_KEY = "sk-chaos-not-a-key"


@dataclass
class Trial:
    number: int
    workload: str
    fault: str
    checks: list[inv.Check] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    note: str = ""
    server_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and all(c.ok for c in self.checks)


@dataclass
class FaultWindow:
    start: float
    end: float
    label: str
    idle: bool = False  # the workload had already finished when the fault hit


class Chaos:
    def __init__(
        self,
        args: argparse.Namespace,
        config: RunConfig,
        server: TemporalDevServer,
        pg: PostgresServer,
        fake: TimedFakeLLM,
        logs: Path,
    ) -> None:
        self.args = args
        self.config = config
        self.settings = config.settings()
        self.server = server
        self.pg = pg
        self.fake = fake
        self.rng = random.Random(args.seed)
        self.worker = WorkerProcess(config, logs)
        self.api = ApiProcess(config, logs)
        self.engine: Engine = create_engine(
            self.settings.resolved_database_url, pool_pre_ping=True,
            connect_args={"connect_timeout": 2},
        )  # fmt: skip
        self.author: Person | None = None
        self.baseline_calls = 0
        self.durations = {"generation": 3.0, "enrollment": 3.0, "reengagement": 3.0}
        self.current_work: asyncio.Task[Any] | None = None
        self.idle_at_fault = False

    # --- set-up -----------------------------------------------------------------------------
    async def seed_author(self) -> Person:
        engine = make_engine(self.settings.resolved_database_url)
        try:
            sessions = make_sessionmaker(engine)
            return (await seed_people(sessions, self.settings, Role.instructor, 1))[0]
        finally:
            await engine.dispose()

    async def new_batch(self) -> EnrollmentBatch:
        assert self.author is not None
        engine = make_engine(self.settings.resolved_database_url)
        try:
            return await seed_enrollment_batch(
                make_sessionmaker(engine), self.settings, self.author
            )
        finally:
            await engine.dispose()

    async def new_idle_learners(self) -> list[uuid.UUID]:
        assert self.author is not None
        engine = make_engine(self.settings.resolved_database_url)
        try:
            return await seed_idle_learners(make_sessionmaker(engine), self.settings, self.author)
        finally:
            await engine.dispose()

    # --- workloads ----------------------------------------------------------------------------
    async def workload(
        self, kind: str, batch: EnrollmentBatch | None, api: ApiSession, deadline: Deadline
    ) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
        """(enrollment IDs, generation IDs) of the work, once it is all final."""
        assert self.author is not None
        if kind == "reengagement":
            client = await self.server.client()
            await run_reengagement(client, self.settings, deadline)
            return [], []
        batch_job = gen_job = None
        if batch is not None:
            batch_job = asyncio.create_task(run_enrollments(api, self.engine, batch, deadline))
        if kind in ("generation", "both"):
            a = self.args
            gen_job = asyncio.create_task(
                run_generation(api, self.engine, self.author, a.modules, a.lessons, deadline)
            )
        jobs = [j for j in (batch_job, gen_job) if j is not None]
        try:
            await asyncio.gather(*jobs)
        finally:
            for job in jobs:
                job.cancel()
        enrollments = batch_job.result().enrollment_ids if batch_job else []
        generations = [gen_job.result()] if gen_job else []
        return enrollments, generations

    # --- faults ---------------------------------------------------------------------------------
    async def inject(self, fault: str, delay: float) -> FaultWindow:
        window = await self._inject(fault, delay)
        if window.idle:
            window.label += " (idle)"
        return window

    async def _inject(self, fault: str, delay: float) -> FaultWindow:
        await asyncio.sleep(delay)
        self.idle_at_fault = self.current_work is not None and self.current_work.done()
        start = time.monotonic()
        if fault == "sigkill":
            self.worker.kill()
            end = time.monotonic()
            await asyncio.sleep(self.rng.uniform(0.0, 1.0))
            await asyncio.to_thread(self.worker.start)
            return FaultWindow(start, end, f"SIGKILL worker at +{delay:.2f}s", self.idle_at_fault)
        if fault == "temporal":
            await asyncio.to_thread(self.server.process.stop)
            try:
                await asyncio.sleep(self.rng.uniform(0.5, 2.0))
            finally:
                await self.server.start()
            label = f"restart Temporal at +{delay:.2f}s"
            return FaultWindow(start, time.monotonic(), label, self.idle_at_fault)
        if fault == "postgres":
            # Stop and start block the loop on purpose: a cancellation cannot slip in between
            # a stop still running in a thread and the start that must follow it.
            try:
                self.pg.stop()
                await asyncio.sleep(self.rng.uniform(1.0, 3.0))
            finally:
                self.pg.ensure_started()
            label = f"restart PostgreSQL at +{delay:.2f}s"
            return FaultWindow(start, time.monotonic(), label, self.idle_at_fault)
        raise BenchError(f"unknown fault {fault}")

    def in_flight(self, window: FaultWindow) -> int:
        grace = IN_FLIGHT_GRACE_S
        return sum(
            1
            for c in self.fake.snapshot()
            if c.started <= window.end and (c.finished is None or c.finished > window.start - grace)
        )

    # --- one trial ------------------------------------------------------------------------------
    async def trial(self, number: int, kind: str, fault: str | None) -> Trial:
        trial = Trial(number, kind, "none")
        started = time.monotonic()
        deadline = Deadline.after(self.args.trial_timeout)
        window: FaultWindow | None = None
        async with httpx.AsyncClient(base_url=self.api.base_url, timeout=30) as http:
            api = ApiSession(http)
            # Rows the workload needs are written before it starts (and before any fault).
            batch = await self.new_batch() if kind in ("enrollment", "both") else None
            learners = await self.new_idle_learners() if kind == "reengagement" else []
            started = time.monotonic()
            work = asyncio.create_task(self.workload(kind, batch, api, deadline))
            try:
                if fault is not None:
                    span = self.durations["generation" if kind == "both" else kind]
                    if kind == "both":
                        span = min(span, self.durations["enrollment"])
                    # Within 70 % of the undisturbed duration, so most faults land mid-run.
                    self.current_work = work
                    window = await self.inject(fault, self.rng.uniform(0.05, 0.7 * span))
                    trial.fault = window.label
                enrollments, generations = await work
            except Exception as exc:  # any failure ends this trial, never the whole run
                trial.error = f"{type(exc).__name__}: {exc}"
                work.cancel()
                with contextlib.suppress(BaseException):
                    await work
                return trial
            finally:
                trial.seconds = time.monotonic() - started
                trial.server_errors = list(api.server_errors)
                if trial.seconds > SLOW_RECOVERY_S:
                    trial.note = (
                        f"slow recovery ({trial.seconds:.0f}s): work waited for a killed "
                        "activity's start-to-close timeout"
                    )
                if not self.worker.process.alive():
                    trial.note += " worker had exited; restarted"
                    await asyncio.to_thread(self.worker.start)
        calls = len(self.fake.calls_between(started, time.monotonic()))
        if fault is None and kind != "both":
            self.durations[kind] = max(1.0, trial.seconds)
            if generations:
                self.baseline_calls = calls
        try:
            trial.checks = await self.checks(enrollments, generations, calls, window)
            if learners:
                trial.checks.append(
                    await asyncio.to_thread(inv.reminded_once, self.engine, learners)
                )
        except Exception as exc:  # a check that cannot run is a failed trial, not a crash
            trial.error = f"checking failed: {type(exc).__name__}: {exc}"
        return trial

    async def checks(
        self,
        enrollments: list[uuid.UUID],
        generations: list[uuid.UUID],
        calls: int,
        window: FaultWindow | None,
    ) -> list[inv.Check]:
        checks = []
        if enrollments:
            checks.append(await asyncio.to_thread(inv.enrollments_final, self.engine, enrollments))
            client = await self.server.client()
            checks.append(
                await inv.workflows_agree(client, self.engine, enrollments, settle_s=SAGA_SETTLE_S)
            )
        checks.append(
            await asyncio.to_thread(
                inv.ledger_balances, self.engine, self.settings.refund_window_days
            )
        )
        checks.append(await asyncio.to_thread(inv.awarded_once, self.engine))
        if generations:
            a = self.args
            checks.append(await asyncio.to_thread(
                inv.published_once, self.engine, generations, a.modules, a.lessons
            ))  # fmt: skip
            in_flight = self.in_flight(window) if window else 0
            checks.append(inv.model_calls_bounded(calls, self.baseline_calls, in_flight))
        return checks

    # --- the run --------------------------------------------------------------------------------
    def plan(self) -> list[tuple[str, str | None]]:
        a = self.args
        kinds = a.workloads
        both = "both" if {"generation", "enrollment"} <= set(kinds) else kinds[0]
        trials: list[tuple[str, str | None]] = [(k, None) for k in kinds]
        trials += [(kinds[i % len(kinds)], "sigkill") for i in range(a.kills)]
        trials += [(both, "temporal")] * a.temporal_restarts
        trials += [(both, "postgres")] * a.pg_restarts
        head, tail = trials[: len(kinds)], trials[len(kinds) :]
        self.rng.shuffle(tail)
        return head + tail

    async def run(self) -> list[Trial]:
        self.author = await self.seed_author()
        results = []
        self.worker.start()
        self.api.start()
        try:
            for number, (kind, fault) in enumerate(self.plan()):
                result = await self.trial(number, kind, fault)
                print_row(result)
                results.append(result)
        finally:
            self.api.stop()
            self.worker.stop()
            self.engine.dispose()
        return results


# --- output -------------------------------------------------------------------------------
CHECK_NAMES = ("one final state", "saga = row", "ledger balances", "published once", "model calls",
               "awarded once", "reminded once")  # fmt: skip


def print_header() -> None:
    print(f"{'#':>3}  {'workload':<10} {'fault':<34} {'secs':>5}  "
          + "  ".join(f"{n:<15}" for n in CHECK_NAMES))  # fmt: skip


def print_row(t: Trial) -> None:
    by_name = {c.name: c for c in t.checks}
    cells = []
    for name in CHECK_NAMES:
        c = by_name.get(name)
        mark = "-" if c is None else "ok" if c.ok else "VIOLATED"
        cells.append(f"{mark + (' ' + c.short if c and c.short else ''):<15}")
    print(f"{t.number:>3}  {t.workload:<10} {t.fault:<34} {t.seconds:5.1f}  " + "  ".join(cells))
    if t.error:
        print(f"     trial did not finish: {t.error}")
    for c in t.checks:
        if not c.ok:
            print(f"     {c.name}: {c.detail}")
    if t.note:
        print(f"     note: {t.note}")
    if t.server_errors:
        print(f"     API 5xx answers (retried): {len(t.server_errors)}, first: "
              f"{t.server_errors[0]}")  # fmt: skip
    sys.stdout.flush()


def summarise(results: list[Trial], args: argparse.Namespace) -> int:
    failed = [t for t in results if not t.ok]
    faults: dict[str, int] = {}
    for t in results:
        key = t.fault.split(" at ")[0]
        faults[key] = faults.get(key, 0) + 1
    print(f"\n{len(results)} trials, {len(failed)} with violations or unfinished; faults: {faults}")
    faulted = [t for t in results if t.fault != "none"]
    idle = sum(1 for t in faulted if t.fault.endswith("(idle)"))
    print(f"faults that hit running work: {len(faulted) - idle} of {len(faulted)}")
    errors = sum(len(t.server_errors) for t in results)
    print(f"API 5xx answers seen by the client (retried, not invariants): {errors}")
    append_result(
        "chaos",
        f"kills={args.kills}, temporal={args.temporal_restarts}, pg={args.pg_restarts} "
        f"({args.pg}), {'+'.join(args.workloads)}, {args.modules}x{args.lessons}, "
        f"L={args.latency}s, seed={args.seed}",
        {
            "trials": len(results),
            "failed": len(failed),
            "api 5xx": sum(len(t.server_errors) for t in results),
            "idle faults": idle,
            **faults,
        },
    )
    return 1 if failed else 0


def stop_on_signals() -> None:
    """SIGINT/SIGTERM cancel the run, so every ``finally`` runs (PostgreSQL started again,
    processes stopped, database dropped) — also when the shell started us ignoring SIGINT."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, task.cancel)


async def run(args: argparse.Namespace) -> int:
    stop_on_signals()
    fake = TimedFakeLLM(latency=args.latency)
    fake.start()
    try:
        with tempfile.TemporaryDirectory(prefix="chaos-") as tmp:
            workdir = Path(tmp)
            pg = PostgresServer(args.pg, workdir)
            server = TemporalDevServer(workdir, persistent=True)
            try:
                pg.setup()
                await server.start()
                with postgres_database("courseflow_chaos", admin_url=pg.admin_url) as db_url:
                    config = chaos_config(base_config(workdir, db_url, server), fake)
                    chaos = Chaos(args, config, server, pg, fake, workdir / "logs")
                    print(f"chaos run, seed {args.seed}, logs in {workdir / 'logs'} (kept "
                          "only while running)")  # fmt: skip
                    print_header()
                    results = await chaos.run()
            finally:
                server.stop()
                pg.ensure_started()
                pg.teardown()
    finally:
        fake.stop()
    return summarise(results, args)


def chaos_config(base: RunConfig, fake: TimedFakeLLM) -> RunConfig:
    return base.with_(
        llm_provider="openai",
        openai_base_url=fake.openai_base_url,
        openai_api_key=FAKE_KEY,
        llm_outline_model="gpt-4o-mini",
        llm_lesson_model="gpt-4o-mini",
        # A killed model call is noticed by its heartbeat timeout: keep recovery short.
        llm_heartbeat_timeout_s=2.0,
        llm_retry_initial_interval_s=0.5,
        generation_rate_limit_per_hour=10_000,
        access_token_ttl_s=86_400,  # the author's token is issued once and must outlive the run
        waitlist_deadline_s=5,
        enrollment_answer_wait_s=2.0,
        worker_graceful_shutdown_s=2.0,
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=32, help="SIGKILL trials")
    parser.add_argument("--temporal-restarts", type=int, default=2)
    parser.add_argument("--pg-restarts", type=int, default=2)
    parser.add_argument("--pg", choices=["main", "private"], default="main",
                        help="which PostgreSQL to run on and restart")  # fmt: skip
    parser.add_argument("--latency", type=float, default=0.3, help="fake model latency (s)")
    parser.add_argument("--modules", type=int, default=2)
    parser.add_argument("--lessons", type=int, default=2)
    # Above the longest activity timeout (the thumbnail's 300 s): a run stalled by a killed
    # activity still finishes, and its invariants are checked.
    parser.add_argument("--trial-timeout", type=float, default=420.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--workloads", default="generation,enrollment",
                        help="which workloads the trials run")  # fmt: skip
    args = parser.parse_args(argv)
    args.workloads = [w for w in args.workloads.split(",") if w]
    if not args.workloads or set(args.workloads) - {"generation", "enrollment", "reengagement"}:
        parser.error("--workloads takes generation, enrollment and/or reengagement")
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1_000_000)
    if min(args.kills, args.temporal_restarts, args.pg_restarts) < 0:
        parser.error("counts must be >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    require_modules("chaos", "workflows.generation", "workflows.enrollment")
    try:
        return asyncio.run(run(args))
    except (asyncio.CancelledError, KeyboardInterrupt):
        print("chaos: interrupted; everything it started was stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    run_benchmark("chaos", main)
