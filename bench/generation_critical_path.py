"""Generation critical path: a 6x4 course against a model answering after a fixed latency L.

The ``openai`` provider points at the tests' fake OpenAI-compatible server (in this process,
so its request log is readable) which answers every call after L seconds (default 0.5). For
each ``max_parallel_llm_calls`` (default 24, 8, 4) a fresh worker and API process are started,
one generation is requested through ``POST /course-generations`` and timed until its workflow
completes. Printed per run:
- wall time, model calls (fake server's log; cross-checked with the ``ai_generations`` ledger);
- the critical-path bound: the longest chain of dependent calls x L, where the chain is the
  outline's calls + the most calls any one lesson needed (repairs, regenerations); every
  lesson depends on the outline and on nothing else;
- ratios to that bound (target <= 1.3 at parallelism >= 24) and to a sequential pipeline
  (calls x L);
- beside it, in the same run, the bare pipeline (``bench/bare_generation.py``): the same
  outline, lesson and judge calls (the same request bodies, lesson IDs aside) through the same
  SDK client, fake server, data converter and Temporal server, with none of courseflow's work.
  Its ratio to the bound is what the platform costs on this machine; ours over bare is what
  courseflow adds;
- per kind of call, the mean prompt tokens and request body bytes of ours and of the bare
  pipeline, from the fake server's log: they should agree (a test holds them equal), else
  the baseline is not making our calls.

``stack()`` starts and warms the processes of one parallelism; ``bench/worker_profile.py``
runs its generations under a sampling profiler through it.

    .venv/bin/python -m bench.generation_critical_path --latency 0.5 --parallel 24,8,4
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from temporalio.client import Client, WorkflowHandle

from bench.bare_generation import BareGenerationWorkflow, BareShape
from bench.clients import generation_request, start_generation
from bench.common import (
    ApiProcess,
    ManagedProcess,
    RunConfig,
    TemporalDevServer,
    WorkerProcess,
    append_result,
    in_memory_stack,
    in_process_worker,
    require_modules,
    run_benchmark,
    running,
)
from bench.cpu import CpuMeter
from bench.fake_model import TimedCall, TimedFakeLLM
from bench.seed import Person, seed_people
from bench.timeline import render, timeline
from db.models import AIGeneration, CourseGeneration
from db.session import make_engine, make_sessionmaker
from schemas.enums import Role

TARGET_RATIO = 1.3
FAKE_KEY = "sk-bench-not-a-key"


@dataclass
class BareRun:
    wall_s: float
    calls: int
    cpu_ms: dict[str, float]
    sizes: dict[str, Sizes] = field(default_factory=dict)


@dataclass
class Run:
    bare: BareRun  # the bare pipeline's timed run beside ours
    parallel: int
    status: str
    wall_s: float
    calls: int
    ledger_calls: int
    chain: int
    latency: float
    phases: str = ""
    timeline: str = ""
    cpu_ms: dict[str, float] = field(default_factory=dict)  # the timed run's CPU, by process

    @property
    def bound_s(self) -> float:
        return self.chain * self.latency

    judge: bool = False
    sizes: dict[str, Sizes] = field(default_factory=dict)  # what ours sent, by kind of call

    @property
    def bare_bound_s(self) -> float:
        """The bare pipeline never repairs: its chain is the outline and one lesson call (and
        the lesson's judge call when it judges)."""
        return (3 if self.judge else 2) * self.latency

    @property
    def sequential_s(self) -> float:
        return self.calls * self.latency


def model_config(base: RunConfig, fake: TimedFakeLLM, parallel: int, judge: bool) -> RunConfig:
    return base.with_(
        llm_provider="openai",
        openai_base_url=fake.openai_base_url,
        openai_api_key=FAKE_KEY,
        llm_outline_model="gpt-4o-mini",
        llm_lesson_model="gpt-4o-mini",
        max_parallel_llm_calls=parallel,
        generation_rate_limit_per_hour=10_000,
        quality_judge=judge,
    )


async def seed_author(config: RunConfig) -> Person:
    settings = config.settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        return (await seed_people(make_sessionmaker(engine), settings, Role.instructor, 1))[0]
    finally:
        await engine.dispose()


async def ledger(config: RunConfig, generation_id: str) -> tuple[int, int, str]:
    """(calls recorded, longest dependent chain, final status) from the database."""
    engine = make_engine(config.settings().resolved_database_url)
    gid = uuid.UUID(generation_id)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = (
                await session.execute(
                    select(AIGeneration.stage, AIGeneration.lesson_id, func.count())
                    .where(AIGeneration.generation_id == gid)
                    .group_by(AIGeneration.stage, AIGeneration.lesson_id)
                )
            ).all()
            status = await session.scalar(
                select(CourseGeneration.status).where(CourseGeneration.id == gid)
            )
    finally:
        await engine.dispose()
    per_lesson: Counter[object] = Counter()
    for _stage, lesson, n in rows:  # a lesson's own calls and its judge's are one chain
        if lesson is not None:
            per_lesson[lesson] += n
    others = sum(n for stage, lesson, n in rows if lesson is None)  # outline (and image)
    chain = others + max(per_lesson.values(), default=0)
    return sum(n for *_, n in rows), chain, str(status.value if status else "missing")


async def generate_once(
    api: ApiProcess,
    server: TemporalDevServer,
    author: Person,
    modules: int,
    lessons: int,
    timeout_s: float,
) -> tuple[str, float, float, WorkflowHandle[Any, Any]]:
    """(generation id, wall seconds from the POST to the workflow's end, start monotonic,
    the run's handle)."""
    client = await server.client()
    async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as http:
        started_mono = time.monotonic()
        started = time.perf_counter()
        body = await start_generation(
            http,
            author,
            generation_request(modules, lessons, title=f"Bench {uuid.uuid4().hex[:6]}"),
        )
        handle = client.get_workflow_handle(body["workflow_id"])
        await asyncio.wait_for(handle.result(), timeout=timeout_s)
        return str(body["id"]), time.perf_counter() - started, started_mono, handle


@dataclass
class Stack:
    """The processes of one parallelism, up and warmed: courseflow's worker(s) and API, and
    the bare pipeline's worker, on one Temporal server and one fake model."""

    args: argparse.Namespace
    config: RunConfig
    server: TemporalDevServer
    client: Client
    author: Person
    api: ApiProcess
    workers: dict[str, WorkerProcess]  # by the label of its CPU figure (none: in-process)
    bare_worker: ManagedProcess
    bare_queue: str

    @property
    def judge(self) -> bool:
        return bool(self.args.judge == "on")

    async def ours(self) -> tuple[str, float, float, WorkflowHandle[Any, Any]]:
        a = self.args
        return await generate_once(self.api, self.server, self.author, a.modules, a.lessons,
                                   a.timeout)  # fmt: skip

    async def bare(self) -> float:
        a = self.args
        return await bare_once(self.client, self.bare_queue, a.modules, a.lessons, a.timeout,
                               self.judge)  # fmt: skip


@contextlib.asynccontextmanager
async def stack(
    parallel: int,
    args: argparse.Namespace,
    server: TemporalDevServer,
    base: RunConfig,
    fake: TimedFakeLLM,
    logs: Path,
) -> AsyncIterator[Stack]:
    """Start every process of a run at ``parallel``, warm both pipelines up with one run of
    the same shape each (not counted: the timed runs see warm connection pools and statement
    caches, as a long-running worker does), and stop them all on the way out."""
    config = model_config(base, fake, parallel, args.judge == "on")
    author = await seed_author(config)
    api = ApiProcess(config, logs)
    bare_queue = f"bare-gen-{uuid.uuid4().hex[:8]}"
    bare_worker = ManagedProcess(
        f"bare-generation-worker-p{parallel}",
        [sys.executable, "-m", "bench.bare_generation", "--address", server.address,
         "--task-queue", bare_queue, "--base-url", fake.openai_base_url,
         "--parallel", str(parallel), *(["--judge"] if args.judge == "on" else [])],
        log_dir=logs,
    )  # fmt: skip
    async with contextlib.AsyncExitStack() as exits:
        workers: dict[str, WorkerProcess] = {}
        if args.worker == "in-process":  # the worker shares this process (and its GIL)
            await exits.enter_async_context(
                in_process_worker(await server.client(), config.settings())
            )
        elif args.worker == "split":  # the production layout: workflows apart from model calls
            workers = {
                f"worker-{queue}": WorkerProcess(
                    config, logs, f"worker-{queue}-p{parallel}", queue=queue
                )
                for queue in ("general", "llm")
            }
        else:
            workers = {"worker": WorkerProcess(config, logs, f"worker-p{parallel}")}
        exits.enter_context(running(*workers.values(), api, bare_worker))
        bare_worker.wait_for_log("bare.generation.worker.started", after=0)
        up = Stack(args, config, server, await server.client(), author, api, workers,
                   bare_worker, bare_queue)  # fmt: skip
        await up.ours()
        await up.bare()
        yield up


async def run_parallelism(
    index: int,
    parallel: int,
    args: argparse.Namespace,
    server: TemporalDevServer,
    base: RunConfig,
    fake: TimedFakeLLM,
    logs: Path,
) -> Run:
    """One timed generation of ours and one of the bare pipeline, every process up throughout;
    which goes first alternates from one run to the next, so a drift in the shared machine's
    speed does not always fall on the same side."""
    async with stack(parallel, args, server, base, fake, logs) as up:
        roots = {label: w.process.pid for label, w in up.workers.items()}
        # "benchmark" is this process: the fake model server and the client (and the worker
        # when in-process).
        ours_meter = CpuMeter(
            {**roots, "api": up.api.process.pid, "temporal": server.process.pid}, own="benchmark"
        )
        bare_meter = CpuMeter(
            {"worker": up.bare_worker.pid, "temporal": server.process.pid}, own="benchmark"
        )

        async def ours() -> tuple[str, float, float, WorkflowHandle[Any, Any], dict[str, float]]:
            ours_meter.start()
            timed = await up.ours()
            return (*timed, {k: 1000 * v for k, v in ours_meter.stop().items()})

        async def bare() -> BareRun:
            bare_meter.start()
            started = time.monotonic()
            wall = await up.bare()
            cpu = {k: 1000 * v for k, v in bare_meter.stop().items()}
            return BareRun(wall, len(fake.calls_between(started, started + wall)), cpu,
                           request_sizes(fake, started, started + wall))  # fmt: skip

        if index % 2 == 0:
            gid, wall, started, handle, cpu_ms = await ours()
            bare_run = await bare()
        else:
            bare_run = await bare()
            gid, wall, started, handle, cpu_ms = await ours()
        config = up.config
    # Read after the CPU window, and only when asked: fetching the history is not the run's work.
    steps = render(await timeline(handle)) if args.timeline else ""
    timed = fake.calls_between(started, started + wall)
    ledger_calls, chain, status = await ledger(config, gid)
    return Run(
        bare_run, parallel, status, wall, len(timed), ledger_calls, chain, args.latency,
        phases(timed, started, wall), steps, cpu_ms, args.judge == "on",
        request_sizes(fake, started, started + wall),
    )  # fmt: skip


BARE_TITLE = "Bench bare00"  # as long as ours' "Bench <6 hex>": the same bytes in every call


async def bare_once(
    client: Client, task_queue: str, modules: int, lessons: int, timeout_s: float, judge: bool
) -> float:
    """Wall seconds from starting the bare pipeline to its result."""
    started = time.perf_counter()
    handle = await client.start_workflow(
        BareGenerationWorkflow.run,
        BareShape(modules, lessons, judge, title=BARE_TITLE),
        id=f"{task_queue}-{uuid.uuid4().hex[:8]}",
        task_queue=task_queue,
    )
    await asyncio.wait_for(handle.result(), timeout=timeout_s)
    return time.perf_counter() - started


@dataclass
class Sizes:
    """Mean prompt tokens (as the fake server bills them) and request body bytes of one kind
    of call."""

    calls: int
    tokens: float
    body_bytes: float


def request_sizes(fake: TimedFakeLLM, start: float, end: float) -> dict[str, Sizes]:
    """The calls that arrived in a window, by kind (outline, lesson, judge): what a pipeline
    sent, so ours and the bare pipeline can be seen to send the same."""
    by_kind: dict[str, list[tuple[int, int]]] = {}
    for r in list(fake.requests):
        if start <= r.at <= end:
            body = len(json.dumps(r.request, separators=(",", ":")).encode())
            by_kind.setdefault(r.kind, []).append((r.input_tokens, body))
    return {
        kind: Sizes(len(v), statistics.mean(t for t, _ in v), statistics.mean(b for _, b in v))
        for kind, v in sorted(by_kind.items())
    }


def size_figures(ours: dict[str, Sizes], bare: dict[str, Sizes]) -> str:
    """Mean prompt tokens per kind, ours/bare, for the results row."""
    return " ".join(
        f"{kind} {ours[kind].tokens:.0f}/{bare[kind].tokens:.0f}"
        for kind in ("outline", "lesson", "judge")
        if kind in ours and kind in bare
    )


def sizes_line(ours: dict[str, Sizes], bare: dict[str, Sizes]) -> str:
    """Per kind of call: mean prompt tokens and body bytes, ours vs bare, and the difference."""
    parts = []
    for kind in ("outline", "lesson", "judge"):
        o, b = ours.get(kind), bare.get(kind)
        if o is None and b is None:
            continue
        if o is None or b is None:
            parts.append(f"{kind} {'ours only' if b is None else 'bare only'}")
            continue
        diff = (o.body_bytes - b.body_bytes) / b.body_bytes if b.body_bytes else 0.0
        parts.append(
            f"{kind} {o.tokens:.0f}/{o.body_bytes:.0f} vs {b.tokens:.0f}/{b.body_bytes:.0f} "
            f"({diff:+.1%})"
        )
    return "requests (mean prompt tokens/body bytes, ours vs bare): " + ", ".join(parts)


def phases(calls: list[TimedCall], started: float, wall: float) -> str:
    """Where the wall time went, from the fake server's clock (seconds from the POST)."""
    outline = [c for c in calls if c.kind == "outline"]
    lessons = [c for c in calls if c.kind not in ("outline", "judge")]
    judged = [c for c in calls if c.kind == "judge"]
    if not outline or not lessons:
        return "no breakdown (calls of unknown kind)"
    first_lesson = min(c.started for c in lessons) - started
    last_start = max(c.started for c in lessons) - started
    last_end = max(c.finished or c.started for c in lessons + judged) - started
    outline_start = min(c.started for c in outline) - started
    outline_end = max(c.finished or c.started for c in outline) - started
    judge = ""
    if judged:
        first_judge = min(c.started for c in judged) - started
        last_judge = max(c.started for c in judged) - started
        judge = f", judge calls start {first_judge:.2f}-{last_judge:.2f}s"
    return (
        f"outline call {outline_start:.2f}-{outline_end:.2f}s, lesson calls start "
        f"{first_lesson:.2f}-{last_start:.2f}s{judge}, last answer {last_end:.2f}s, "
        f"after it {wall - last_end:.2f}s to the end"
    )


def verdict(ratios: list[float], bare: list[float]) -> str:
    """The target over every run at parallel >= 24: one run on a shared machine proves little.
    The bare pipeline's ratios of the same runs say how far the platform alone gets."""
    if not ratios:
        return f"  no run at parallel >= 24: the target (<= {TARGET_RATIO} x bound) is not tested"
    met = sum(r <= TARGET_RATIO for r in ratios)
    line = (
        f"  parallel >= 24: {met} of {len(ratios)} runs meet the target of <= {TARGET_RATIO} x "
        f"bound (median {statistics.median(ratios):.2f}, {min(ratios):.2f}-{max(ratios):.2f})"
    )
    if bare:
        line += (
            f"; the bare pipeline: median {statistics.median(bare):.2f} x bound "
            f"({min(bare):.2f}-{max(bare):.2f}), {sum(b <= TARGET_RATIO for b in bare)} of "
            f"{len(bare)} within the target"
        )
    return line


def worker_cpu_ms(cpu_ms: dict[str, float]) -> float:
    """The worker process(es) of a timed run (``worker`` or ``worker-<queue>`` when split)."""
    return sum(v for k, v in cpu_ms.items() if k.startswith("worker"))


def bare_line(r: Run) -> str:
    b = r.bare
    return (
        f"            bare: wall {b.wall_s:.2f} s, {b.calls} calls, "
        f"{b.wall_s / r.bare_bound_s:.2f} x bound; ours = {r.wall_s / b.wall_s:.2f} x bare; "
        f"CPU: {CpuMeter.line(b.cpu_ms)}"
    )


def report(runs: list[Run], args: argparse.Namespace) -> None:
    print(f"\ngeneration critical path: {args.modules}x{args.lessons} course, L={args.latency}s")
    print("  parallel  status     wall s  calls  chain  bound s  x bound  sequential s  x seq")
    for r in runs:
        print(
            f"  {r.parallel:>8}  {r.status:<9} {r.wall_s:7.2f} {r.calls:6d} {r.chain:6d} "
            f"{r.bound_s:8.2f} {r.wall_s / r.bound_s:8.2f} {r.sequential_s:13.2f} "
            f"{r.wall_s / r.sequential_s:6.2f}"
        )
        print(f"            {r.phases}")
        busy = sum(r.cpu_ms.values()) / (1000 * r.wall_s * (os.cpu_count() or 1))
        print(f"            CPU: {CpuMeter.line(r.cpu_ms)} ({busy:.0%} of the machine)")
        print(bare_line(r))
        print(f"            {sizes_line(r.sizes, r.bare.sizes)}")
        if args.timeline:
            print(r.timeline)
        if r.calls != r.ledger_calls:
            print(f"  note: fake server saw {r.calls} calls, ledger recorded {r.ledger_calls}")
    wide = [r for r in runs if r.parallel >= 24]
    print(
        verdict(
            [r.wall_s / r.bound_s for r in wide],
            [r.bare.wall_s / r.bare_bound_s for r in wide],
        )
    )
    for r in runs:
        append_result(
            "generation_critical_path",
            f"{args.modules}x{args.lessons}, L={args.latency}s, max_parallel_llm_calls="
            f"{r.parallel}, {args.database}, worker {args.worker}, judge {args.judge}",
            {
                "status": r.status,
                "wall s": f"{r.wall_s:.2f}",
                "calls": r.calls,
                "chain": r.chain,
                "x bound": f"{r.wall_s / r.bound_s:.2f}",
                "x sequential": f"{r.wall_s / r.sequential_s:.2f}",
                "bare wall s": f"{r.bare.wall_s:.2f}",
                "bare x bound": f"{r.bare.wall_s / r.bare_bound_s:.2f}",
                "x bare": f"{r.wall_s / r.bare.wall_s:.2f}",
                "worker cpu ms": f"{worker_cpu_ms(r.cpu_ms):.0f}",
                "bare worker cpu ms": f"{r.bare.cpu_ms.get('worker', 0):.0f}",
                "prompt tokens ours/bare": size_figures(r.sizes, r.bare.sizes),
            },
        )


async def run(args: argparse.Namespace) -> int:
    fake = TimedFakeLLM(latency=args.latency)
    fake.start()
    try:
        async with in_memory_stack("bench-gen-", args.database) as up:
            logs = up.workdir / "logs"
            runs = [
                await run_parallelism(i, p, args, up.server, up.base, fake, logs)
                for i, p in enumerate(args.parallel)
            ]
    finally:
        fake.stop()
    report(runs, args)
    return 0 if all(r.status == "completed" for r in runs) else 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per model call")
    parser.add_argument("--parallel", default="24,8,4", help="max_parallel_llm_calls values")
    parser.add_argument("--modules", type=int, default=6)
    parser.add_argument("--lessons", type=int, default=4)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--timeout", type=float, default=300.0, help="per generation")
    parser.add_argument(
        "--judge",
        choices=["on", "off"],
        default="on",
        help="the judge's call per lesson (on: the default with a model provider; the bare "
        "pipeline then makes a judge call after each lesson call too)",
    )
    parser.add_argument(
        "--timeline", action="store_true", help="print each run's steps from its history"
    )
    parser.add_argument(
        "--worker",
        choices=["process", "split", "in-process"],
        default="process",
        help="one `courseflow worker` child process (the embedded default); `split`: one "
        "for --queue general and one for --queue llm (the production layout); or inside "
        "the benchmark",
    )
    args = parser.parse_args(argv)
    args.parallel = [int(p) for p in args.parallel.split(",") if p]
    if not 0 < args.latency <= 10 or not all(1 <= p <= 256 for p in args.parallel):
        parser.error("--latency must be in (0, 10] and --parallel values in 1..256")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    require_modules("generation_critical_path", "workflows.generation", "adapters.llm.openai")
    return asyncio.run(run(args))


if __name__ == "__main__":
    run_benchmark("generation_critical_path", main)
