"""Model calls under a provider quota, and what prompt caching saves.

``quota``: the fake model server (``tests.support.fake_llm``) enforces RPM and TPM per
``--window`` seconds (a scaled "minute") with 429 + ``retry-after``, counting a call's input
(system prompt and messages, as its usage reports) and output tokens, and answers after
``--ttft`` + output tokens / ``--tps``. For each count in ``--courses`` (default 1,5) that many
6x4 courses start together (one author each) on a fresh model queue whose rate and slots come
from the quota settings. Printed beside the wall time: the quota bound = the largest of
total tokens / TPM, total calls / RPM and the critical path (outline + slowest lesson, from
the answers' sizes); failed runs; 429s; calls repeated other than after a 429 (target:
wall <= 1.15 x bound, 0 failed, 0 repeated).

``fairness``: ten 1x2 courses alone (ten authors), then the same ten started together with
one 6x4 course of another author; the small courses' median wall time together / alone
(target <= 1.5).

``cost``: one 6x4 course through the Anthropic SDK with prompt caching on and off, per model
in ``--cost-models``; the fake bills input as the API does (the tool schema and the tool-use
system prompt included; a marked prefix cached only from the model's documented minimum and
readable only from its writer's first token, ``--ttft``). Billed input = uncached x input
price + cache reads x cached price + cache writes x 1.25 x input price, from the ledger
(target: on <= 0.5 x off). The default prices claude-sonnet-4-5 (1,024-token minimum: the
course's ~1,800-token lesson prefix caches, and so does the judge calls' course prefix, which
they carry only where caching makes them cheaper: so the off run's judge calls go without it,
and the input tokens of both runs are printed) and, in the same run, claude-haiku-4-5 (4,096:
neither caches). Anthropic's discounts are the same on every model.

    .venv/bin/python -m bench.model_quota quota --courses 1,5
    .venv/bin/python -m bench.model_quota fairness
    .venv/bin/python -m bench.model_quota cost
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from bench.common import (
    RunConfig,
    TemporalDevServer,
    append_result,
    in_memory_stack,
    in_process_worker,
    require_modules,
    run_benchmark,
)
from tests.support.fake_llm import FakeLLMServer, cache_minimum

FAKE_KEY = "bench-fake-key"


@dataclass
class Quota:
    rpm: int
    tpm: int
    window_s: float
    ttft_s: float
    tps: float


@dataclass
class Outcome:
    walls: list[float] = field(default_factory=list)  # per course, start to end
    statuses: list[str] = field(default_factory=list)
    wall: float = 0.0  # first start to last end
    fake: FakeLLMServer | None = None
    generation_ids: list[uuid.UUID] = field(default_factory=list)


def quota_config(base: RunConfig, fake: FakeLLMServer, q: Quota | None, args: Any) -> RunConfig:
    tag = uuid.uuid4().hex[:8]
    values: dict[str, Any] = {
        "task_queue": f"bench-{tag}",
        "llm_task_queue": f"bench-{tag}-llm",
        "llm_provider": "openai",
        "openai_api_key": FAKE_KEY,
        "openai_base_url": fake.openai_base_url,
        "llm_outline_model": "gpt-4o-mini",
        "llm_lesson_model": "gpt-4o-mini",
        "max_parallel_llm_calls": args.parallel,
        "generation_rate_limit_per_hour": 10_000,
        "llm_heartbeat_timeout_s": 10.0,
    }
    if q is not None:  # the quota in real minutes, as an operator would configure it
        scale = 60 / q.window_s
        values.update(
            openai_requests_per_minute=int(q.rpm * scale),
            openai_tokens_per_minute=int(q.tpm * scale),
        )
        if args.tokens_per_call is not None:  # default: the settings' seed, then adapted
            values.update(
                llm_tokens_per_call_estimate=args.tokens_per_call,
                llm_call_duration_estimate_s=q.ttft_s + args.tokens_per_call / 3 / q.tps,
            )
    return base.with_(**values)


async def run_courses(
    server: TemporalDevServer, config: RunConfig, fake: FakeLLMServer, shapes: list[tuple[int, int]]
) -> Outcome:
    """Start one course per shape (one author each) together; wait for all of them."""
    from db.models import User
    from db.session import transaction
    from schemas.enums import Role
    from schemas.generation import CourseGenerationRequest
    from services.generation import create_course_generation, start_course_generation_workflow
    from workflows.generation import CourseGenerationWorkflow

    settings = config.settings()
    client = await server.client()
    outcome = Outcome(fake=fake)
    async with in_process_worker(client, settings) as deps:

        async def one(modules: int, lessons: int) -> None:
            tag = uuid.uuid4().hex[:8]
            body = CourseGenerationRequest(
                title=f"Bench course {tag}",
                description="A course generated by the courseflow benchmark against a fake model.",
                module_count=modules,
                lessons_per_module=lessons,
                learning_objectives=["Explain the basics", "Apply the method"],
            )
            async with transaction(deps.sessionmaker) as session:
                user = User(email=f"a-{tag}@bench.example.org", full_name="Bench author",
                            role=Role.instructor, password_hash="x")  # fmt: skip
                session.add(user)
                await session.flush()
                row = await create_course_generation(session, user, body)
            outcome.generation_ids.append(row.id)
            started = time.monotonic()
            await start_course_generation_workflow(client, settings, row, body)
            try:
                result = await client.get_workflow_handle_for(
                    CourseGenerationWorkflow.run, row.workflow_id
                ).result()
                outcome.statuses.append(result.status.value)
            except Exception as exc:  # a failed run is a figure, not a crash
                outcome.statuses.append(f"failed: {type(exc).__name__}")
            outcome.walls.append(time.monotonic() - started)

        began = time.monotonic()
        await asyncio.gather(*(one(m, n) for m, n in shapes))
        outcome.wall = time.monotonic() - began
    return outcome


def quota_figures(o: Outcome, q: Quota) -> dict[str, Any]:
    assert o.fake is not None
    answered = [r for r in o.fake.requests if r.status == 200]
    tokens = sum(r.input_tokens + r.output_tokens for r in answered)
    outline = max((q.ttft_s + r.output_tokens / q.tps for r in answered if r.kind == "outline"),
                  default=0.0)  # fmt: skip
    lesson = max((q.ttft_s + r.output_tokens / q.tps for r in answered if r.kind == "lesson"),
                 default=0.0)  # fmt: skip
    critical = outline + lesson
    by_tokens = tokens / q.tpm * q.window_s
    by_calls = len(answered) / q.rpm * q.window_s
    bound = max(critical, by_tokens, by_calls)
    firsts = Counter((r.kind, r.lesson_id, r.prompt if r.kind == "outline" else "")
                     for r in answered if not r.repair)  # fmt: skip
    repeated = sum(n - 1 for n in firsts.values())
    failed = sum(1 for s in o.statuses if s != "completed")
    return {
        "wall s": f"{o.wall:.1f}",
        "bound s": f"{bound:.1f}",
        "x bound": f"{o.wall / bound:.2f}",
        "tokens/TPM s": f"{by_tokens:.1f}",
        "calls/RPM s": f"{by_calls:.1f}",
        "critical s": f"{critical:.1f}",
        "calls": len(answered),
        "429s": sum(1 for r in o.fake.requests if r.status == 429),
        "repeated": repeated,
        "failed runs": failed,
    }


def new_fake(q: Quota | None, **kwargs: Any) -> FakeLLMServer:
    if q is None:
        return FakeLLMServer(**kwargs).start()
    return FakeLLMServer(
        rpm=q.rpm, tpm=q.tpm, window_s=q.window_s, ttft_s=q.ttft_s, tokens_per_s=q.tps, **kwargs
    ).start()


async def bench_quota(server: TemporalDevServer, base: RunConfig, args: Any) -> int:
    q = Quota(args.rpm, args.tpm, args.window, args.ttft, args.tps)
    code = 0
    for n in args.courses:
        fake = new_fake(q)
        try:
            outcome = await run_courses(server, quota_config(base, fake, q, args), fake,
                                        [(6, 4)] * n)  # fmt: skip
        finally:
            fake.stop()
        figures = quota_figures(outcome, q)
        config = (f"{n} x 6x4 together, RPM={q.rpm} TPM={q.tpm} per {q.window_s:g}s, "
                  f"ttft={q.ttft_s}s, {q.tps:g} tok/s, "
                  f"tokens/call seed={args.tokens_per_call or 'default'}, "
                  f"quota counts all input")  # fmt: skip
        print(config, " · ".join(f"{k}={v}" for k, v in figures.items()))
        append_result("model_quota", config, figures)
        code |= int(figures["failed runs"] > 0)
    return code


async def bench_fairness(server: TemporalDevServer, base: RunConfig, args: Any) -> int:
    q = Quota(args.rpm, args.tpm, args.window, args.ttft, args.tps)
    results = []
    for shapes in ([(1, 2)] * 10, [(6, 4)] + [(1, 2)] * 10):
        fake = new_fake(q)
        try:
            results.append(
                await run_courses(server, quota_config(base, fake, q, args), fake, shapes)
            )
        finally:
            fake.stop()
    alone, together = results
    small_alone = statistics.median(alone.walls)
    # The big course started first in its list; its wall is the longest of the run anyway.
    small_together = statistics.median(sorted(together.walls)[:10])
    figures = {
        "small alone median s": f"{small_alone:.1f}",
        "small with big median s": f"{small_together:.1f}",
        "ratio": f"{small_together / small_alone:.2f}",
        "big course s": f"{max(together.walls):.1f}",
        "429s alone/together": f"{_429s(alone)}/{_429s(together)}",
        "failed runs": sum(1 for s in alone.statuses + together.statuses if s != "completed"),
    }
    config = (f"1 x 6x4 + 10 x 1x2 (11 authors), RPM={q.rpm} TPM={q.tpm} per {q.window_s:g}s, "
              f"tokens/call seed={args.tokens_per_call or 'default'}, "
              f"quota counts all input")  # fmt: skip
    print(config, " · ".join(f"{k}={v}" for k, v in figures.items()))
    append_result("model_quota fairness", config, figures)
    return 0


def _429s(outcome: Outcome) -> int:
    assert outcome.fake is not None
    return sum(1 for r in outcome.fake.requests if r.status == 429)


@dataclass
class Billed:
    """Input of one run's calls as billed: dollars and tokens (all, read from the cache,
    written to it)."""

    dollars: Decimal
    tokens: int
    cached: int
    written: int


async def billed_input(config: RunConfig, generation_id: uuid.UUID) -> Billed:
    """The run's input as billed, from its ledger rows."""
    from db.models import AIGeneration
    from db.session import make_engine, make_sessionmaker

    settings = config.settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = list(await session.scalars(
                select(AIGeneration).where(AIGeneration.generation_id == generation_id)
            ))  # fmt: skip
    finally:
        await engine.dispose()
    total = Decimal(0)
    for r in rows:
        p_in, _, p_cached = settings.llm_prices[r.model]
        uncached = r.input_tokens - r.cached_tokens - r.cache_write_tokens
        total += uncached * p_in + r.cached_tokens * p_cached
        total += r.cache_write_tokens * p_in * settings.llm_cache_write_multiplier
    return Billed(
        total / 1_000_000,
        sum(r.input_tokens for r in rows),
        sum(r.cached_tokens for r in rows),
        sum(r.cache_write_tokens for r in rows),
    )


async def cost_run(
    server: TemporalDevServer, base: RunConfig, args: Any, model: str, caching: bool
) -> Billed | None:
    """One 6x4 course on ``model`` through the Anthropic SDK; None if it did not complete."""
    fake = FakeLLMServer(ttft_s=args.ttft, tokens_per_s=args.tps).start()
    tag = uuid.uuid4().hex[:8]
    config = base.with_(
        task_queue=f"bench-{tag}", llm_task_queue=f"bench-{tag}-llm",
        llm_provider="anthropic", anthropic_api_key=FAKE_KEY,
        anthropic_base_url=fake.anthropic_base_url, llm_outline_model=model,
        llm_lesson_model=model, max_parallel_llm_calls=args.parallel,
        llm_prompt_caching=caching, generation_rate_limit_per_hour=10_000,
    )  # fmt: skip
    try:
        outcome = await run_courses(server, config, fake, [(6, 4)])
    finally:
        fake.stop()
    if outcome.statuses != ["completed"]:
        print(f"{model} caching={caching}: the run ended {outcome.statuses}")
        return None
    return await billed_input(config, outcome.generation_ids[0])


async def bench_cost(server: TemporalDevServer, base: RunConfig, args: Any) -> int:
    """Caching on vs off per model: ``--cost-models`` (first: one whose minimum cacheable
    prefix the course's lesson prefix reaches; the ratio depends on the discount, the same
    on every Anthropic model; then claude-haiku-4-5, whose 4,096-token minimum it does not)."""
    for model in args.cost_models:
        on = await cost_run(server, base, args, model, caching=True)
        off = await cost_run(server, base, args, model, caching=False)
        if on is None or off is None:
            return 1
        figures = {
            "billed input on $": f"{on.dollars:.6f}",
            "billed input off $": f"{off.dollars:.6f}",
            "ratio": f"{on.dollars / off.dollars:.2f}",
            # They differ where the judge's course context caches only with caching on.
            "input tokens on": on.tokens,
            "input tokens off": off.tokens,
            "cache reads on": on.cached,
            "cache writes on": on.written,
            "model cache minimum": cache_minimum("anthropic", model),
        }
        config_text = (
            f"6x4, anthropic {model} prices, caching on vs off, schemas and tool-use prompt "
            f"billed as input, per-model cache minimum, ttft={args.ttft}s, "
            f"{args.parallel} parallel calls"
        )
        print(config_text, " · ".join(f"{k}={v}" for k, v in figures.items()))
        append_result("model_quota cost", config_text, figures)
    return 0


async def run(args: argparse.Namespace) -> int:
    async with in_memory_stack("bench-quota-", args.database) as up:
        bench = {"quota": bench_quota, "fairness": bench_fairness, "cost": bench_cost}
        return await bench[args.which](up.server, up.base, args)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=["quota", "fairness", "cost"])
    parser.add_argument("--courses", default="1,5", help="concurrent 6x4 courses per run")
    parser.add_argument("--rpm", type=int, default=120, help="requests per window")
    parser.add_argument("--tpm", type=int, default=60_000, help="tokens per window")
    parser.add_argument("--window", type=float, default=10.0, help="seconds in a quota window")
    parser.add_argument("--ttft", type=float, default=0.3, help="seconds to the first token")
    parser.add_argument("--tps", type=float, default=1_000.0, help="output tokens per second")
    # Default: the settings' seed (6,000); each worker's TokenPacer then follows the tokens
    # the calls really use (the fake's average ~1,970).
    parser.add_argument("--tokens-per-call", type=int, default=None,
                        help="LLM_TOKENS_PER_CALL_ESTIMATE seed for the run")  # fmt: skip
    parser.add_argument("--parallel", type=int, default=24, help="max_parallel_llm_calls")
    parser.add_argument("--cost-models", default="claude-sonnet-4-5,claude-haiku-4-5",
                        help="cost: the models priced, one run each")  # fmt: skip
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args(argv)
    args.courses = [int(c) for c in args.courses.split(",") if c]
    args.cost_models = [m for m in args.cost_models.split(",") if m]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    require_modules("model_quota", "workflows.generation", "adapters.llm.openai")
    return asyncio.run(run(args))


if __name__ == "__main__":
    run_benchmark("model_quota", main)
