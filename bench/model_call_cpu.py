"""CPU of courseflow's own work in the model-call activities, per lesson, without the noise of
a whole generation.

The real ``generate_lesson`` and ``judge_lesson`` run through ``ActivityEnvironment`` against a
migrated database of the run's own, one lesson after another. The model is an ``LLMClient``
that answers at once with the tests' fake-model text (no HTTP, no SDK), so what is measured is
ours: reading the context, parsing, the lesson checks, writing, the ledger row and the judge's
read and store. Printed per course (after a warm-up course that is not counted): CPU
milliseconds (``time.process_time``) of the lesson and judge calls, the fake model's own share of
it, and SQL statements and pool checkouts per call. ``--judge-in-lesson``: the lesson activity
makes the judge's call itself (``LessonJob.judge``, as the workflow asks since the patch
``generation-judge-in-lesson``), so the lesson's figures include the judge's (the judge's are
0); the "lesson+judge" figures compare the two ways.

    .venv/bin/python -m bench.model_call_cpu --courses 6 [--judge-in-lesson]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections import Counter
from typing import Any

from sqlalchemy import event
from temporalio.testing import ActivityEnvironment

from adapters.llm.port import LLMRequest, LLMResponse
from bench.common import append_result, postgres_database, run_benchmark
from core.settings import Settings
from db.session import transaction
from schemas.enums import Role
from schemas.generation import CourseGenerationRequest, JudgeJob, LessonJob, OutlineInput
from tests.support.fake_llm import FakeLLMServer


class InstantModel:
    """The fake model's answers, called directly; its own CPU is kept apart."""

    provider = "openai"

    def __init__(self) -> None:
        self.fake = FakeLLMServer()  # never started: only its answers are used
        self.cpu_s = 0.0

    async def complete(self, request: LLMRequest) -> LLMResponse:
        started = time.process_time()
        users = [m.content for m in request.messages if m.role == "user"]
        _, text, _ = self.fake.answer("openai", users[0], users[-1])
        self.cpu_s += time.process_time() - started
        return LLMResponse(text, request.model, len(users[0]) // 4, len(text) // 4)


def settings_for(url: str) -> Settings:
    return Settings(
        environment="test", database_url=url, llm_provider="openai", openai_api_key="sk-bench",
        llm_outline_model="gpt-4o-mini", llm_lesson_model="gpt-4o-mini", quality_judge=True,
        max_parallel_llm_calls=24,
    )  # fmt: skip


async def measure(
    url: str, courses: int, modules: int, lessons: int, judge_in_lesson: bool = False
) -> dict[str, Any]:
    from activities.generation import GenerationActivities, ModelCallActivities
    from services.generation import create_course_generation
    from tests.factories import create_user
    from worker import build_deps

    model = InstantModel()
    settings = settings_for(url)
    deps = build_deps(settings, llm=model)
    phase = ["other"]
    statements: Counter[str] = Counter()
    checkouts: Counter[str] = Counter()
    event.listen(
        deps.engine.sync_engine, "before_cursor_execute", lambda *_: statements.update(phase)
    )
    event.listen(deps.engine.sync_engine.pool, "checkout", lambda *_: checkouts.update(phase))
    calls = ModelCallActivities(settings, deps.sessionmaker, deps.llm)
    steps = GenerationActivities(settings, deps.sessionmaker)
    env = ActivityEnvironment()
    cpu: dict[str, list[float]] = {"lesson": [], "judge": []}
    model_cpu = 0.0
    try:
        for course in range(courses + 1):  # course 0 warms caches and pools, not counted
            async with transaction(deps.sessionmaker) as session:
                author = await create_user(session, Role.instructor)
                run = await create_course_generation(session, author, CourseGenerationRequest(
                    title=f"Statistics {course}", description="Means, spreads and intervals.",
                    module_count=modules, lessons_per_module=lessons,
                    learning_objectives=["Compute a mean", "Explain a confidence interval"],
                ))  # fmt: skip
            await env.run(calls.draft_outline, OutlineInput(generation_id=run.id))
            draft = await env.run(steps.create_draft_course, run.id)
            if course == 1:
                statements.clear()
                checkouts.clear()
                model.cpu_s = 0.0
            for ref in draft.lessons:
                job = LessonJob(generation_id=run.id, lesson_id=ref.lesson_id, target_revision=1,
                                judge=judge_in_lesson)  # fmt: skip
                started, phase[0] = time.process_time(), "lesson"
                written = await env.run(calls.generate_lesson, job)
                judged, phase[0] = time.process_time(), "judge"
                if judge_in_lesson:
                    assert written.judge is not None and written.judge.judged
                else:
                    await env.run(calls.judge_lesson, JudgeJob(
                        generation_id=run.id, lesson_id=ref.lesson_id, revision=written.revision
                    ))  # fmt: skip
                phase[0] = "other"
                if course > 0:
                    cpu["lesson"].append(judged - started)
                    cpu["judge"].append(time.process_time() - judged)
        model_cpu = model.cpu_s
    finally:
        await deps.engine.dispose()
    n = courses * modules * lessons
    both = [a + b for a, b in zip(cpu["lesson"], cpu["judge"], strict=True)]
    return {
        "lesson+judge cpu ms/course": f"{sum(both) / courses * 1000:.0f}",
        "lesson+judge median ms": f"{statistics.median(both) * 1000:.2f}",
        "statements/lesson+judge": f"{(statements['lesson'] + statements['judge']) / n:.1f}",
        "checkouts/lesson+judge": f"{(checkouts['lesson'] + checkouts['judge']) / n:.1f}",
        "lesson cpu ms/course": f"{sum(cpu['lesson']) / courses * 1000:.0f}",
        "judge cpu ms/course": f"{sum(cpu['judge']) / courses * 1000:.0f}",
        "of which fake model ms/course": f"{model_cpu / courses * 1000:.0f}",
        "lesson median ms": f"{statistics.median(cpu['lesson']) * 1000:.2f}",
        "judge median ms": f"{statistics.median(cpu['judge']) * 1000:.2f}",
        "statements/lesson call": f"{statements['lesson'] / n:.1f}",
        "statements/judge call": f"{statements['judge'] / n:.1f}",
        "checkouts/lesson call": f"{checkouts['lesson'] / n:.1f}",
        "checkouts/judge call": f"{checkouts['judge'] / n:.1f}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=6, help="timed courses (after a warm-up)")
    parser.add_argument("--modules", type=int, default=6)
    parser.add_argument("--lessons", type=int, default=4)
    parser.add_argument(
        "--judge-in-lesson", action="store_true", help="the lesson activity makes the judge call"
    )
    args = parser.parse_args(argv)
    with postgres_database() as url:
        figures = asyncio.run(
            measure(url, args.courses, args.modules, args.lessons, args.judge_in_lesson)
        )
    print(f"model-call CPU, {args.modules}x{args.lessons} course, {args.courses} courses:")
    for key, value in figures.items():
        print(f"  {key}: {value}")
    append_result(
        "model_call_cpu",
        f"{args.modules}x{args.lessons}, {args.courses} courses, postgres, instant fake model, "
        "judge on, lessons one at a time"
        + (", judge in the lesson activity" if args.judge_in_lesson else ""),
        figures,
    )
    return 0


if __name__ == "__main__":
    run_benchmark("model_call_cpu", main)
