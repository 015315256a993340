"""The raw-Temporal baseline of the generation benchmark: the same model calls, nothing else.

One activity asks the model for an outline; then one activity per lesson asks for that lesson
(and, when the run judges, one more activity asks the judge about it), all started at once and
bounded by the worker's activity slots, exactly like ``CourseGenerationWorkflow``. The calls
are ours byte for byte (``tests/test_bench_bare_generation.py`` compares them with a real run
of ours): the same system prompts as sent with structured outputs on, the same schema, the
same messages built by ``adapters.llm.prompts`` from the same inputs: the lesson call carries
the lesson's plan and the outline the model wrote, the judge call the lesson the model wrote
(without the course: ours sends it to the judge only where the provider's prompt cache makes
that pay, which it does not for the benchmark's gpt-4o-mini; ``BareShape.judge_course`` sends
it). They go through the same ``openai`` SDK client (``adapters.llm.openai.OpenAIChat``) to
the same fake server, with the same data converter and payload codec, on a worker polling
like ours.

With no database, what a later call needs travels in Temporal payloads, as it would in any
pipeline without one: the outline activity returns the outline it got (the JSON answer,
decoded), the workflow hands each lesson activity its plan and the outline, and the lesson
activity returns the lesson it got for the judge activity to send. Nothing else: no
validation, no cost ledger, no quality checks, no storing, no publish. Its wall time over the
critical-path bound is what Temporal, the SDK and the model client cost on this machine before
any of courseflow's work. Run a worker for it with ``python -m bench.bare_generation``.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import signal
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from temporalio import activity, workflow

with workflow.unsafe.imports_passed_through():
    from adapters.llm.port import LLMClient, LLMRequest
    from adapters.llm.prompts import (
        JUDGE_OUTPUT,
        JUDGE_PROMPT,
        LESSON_OUTPUT,
        LESSON_PROMPT,
        OUTLINE_OUTPUT,
        OUTLINE_PROMPT,
        judge_course_prefix,
        judge_messages,
        lesson_messages,
        outline_messages,
    )
    from bench.clients import generation_request
    from schemas.generation import CourseGenerationRun

CALL_TIMEOUT = timedelta(seconds=60)
MODEL = "gpt-4o-mini"
MAX_TOKENS = 4096  # Settings.llm_max_output_tokens' default, as ours sends


@dataclass
class BareShape:
    modules: int
    lessons_per_module: int
    judge: bool = False  # a judge call after each lesson call, as ours makes with a model
    title: str = "Bare course"  # the course request's title (the benchmark gives ours' length)
    judge_course: bool = False  # the course in the judge's prompt (ours: where it pays)


@dataclass
class BareLesson:
    """A lesson call's inputs: what ours reads from its database."""

    shape: BareShape
    lesson_id: str
    plan: dict[str, Any]  # title, objectives, module: as ours stores them from the outline
    outline: dict[str, Any]  # the outline answer


@dataclass
class BareJudge:
    shape: BareShape
    lesson_id: str
    plan: dict[str, Any]  # title and objectives: the judge's plan
    lesson: dict[str, Any]  # the lesson answer
    outline: dict[str, Any] | None = None  # with ``shape.judge_course``


@functools.lru_cache(maxsize=16)
def course_request(modules: int, lessons: int, title: str) -> CourseGenerationRun:
    """The run's request, as ours reads it from its database (built once per shape)."""
    return CourseGenerationRun.model_validate(generation_request(modules, lessons, title=title))


def request_of(shape: BareShape) -> CourseGenerationRun:
    return course_request(shape.modules, shape.lessons_per_module, shape.title)


def lesson_plans(outline: dict[str, Any]) -> list[dict[str, Any]]:
    """Each lesson's plan in outline order, as ours stores it from the outline."""
    return [
        {"title": lesson["title"], "objectives": list(lesson["objectives"]),
         "module": module["title"]}
        for module in outline["modules"]
        for lesson in module["lessons"]
    ]  # fmt: skip


def judged_content(lesson: dict[str, Any]) -> dict[str, Any]:
    """A lesson answer in the shape the judge's prompt is built from (what ours reads back
    from its database: ``JudgeContext.content()``)."""
    return {
        "sections": [
            {"number": n, "title": s["title"], "body_markdown": s["body_markdown"]}
            for n, s in enumerate(lesson["sections"], 1)
        ],
        "quiz": [
            {"number": n, "prompt": q["prompt"], "options": [o["text"] for o in q["options"]],
             "answer_index": q["answer_index"], "explanation": q["explanation"],
             "section_number": q.get("section_index", 0) + 1}
            for n, q in enumerate(lesson["quiz"], 1)
        ],
    }  # fmt: skip


class BareModel:
    """The activities: one model call each, its answer decoded and returned, nothing stored."""

    def __init__(self, llm: LLMClient, structured: bool = True) -> None:
        self.llm = llm
        self.structured = structured  # Settings.llm_structured_outputs, on by default

    async def _ask(self, prompt: Any, messages: Any, output: Any) -> str:
        schema = output if self.structured else None
        request = LLMRequest(prompt.text(self.structured), messages, MODEL, MAX_TOKENS, schema)
        return (await self.llm.complete(request)).text

    @activity.defn(name="bare_outline")
    async def outline(self, shape: BareShape) -> dict[str, Any]:
        messages = outline_messages(request_of(shape))
        answer: dict[str, Any] = json.loads(
            await self._ask(OUTLINE_PROMPT, messages, OUTLINE_OUTPUT)
        )
        return answer

    @activity.defn(name="bare_lesson")
    async def lesson(self, call: BareLesson) -> dict[str, Any]:
        spec = {"lesson_id": call.lesson_id, "revision": 1}
        brief = request_of(call.shape).brief()
        messages = lesson_messages(brief, call.plan, spec, [], None, call.outline)
        answer: dict[str, Any] = json.loads(await self._ask(LESSON_PROMPT, messages, LESSON_OUTPUT))
        return answer

    @activity.defn(name="bare_judge")
    async def judge(self, call: BareJudge) -> int:
        spec = {"lesson_id": call.lesson_id, "revision": 1}
        course = ""
        if call.shape.judge_course:
            course = judge_course_prefix(request_of(call.shape).brief(), call.outline)
        messages = judge_messages(call.plan, judged_content(call.lesson), spec, course)
        return len(await self._ask(JUDGE_PROMPT, messages, JUDGE_OUTPUT))

    @property
    def activities(self) -> list[Any]:
        return [self.outline, self.lesson, self.judge]


@workflow.defn
class BareGenerationWorkflow:
    @workflow.run
    async def run(self, shape: BareShape) -> int:
        """The number of model calls made."""
        outline = await workflow.execute_activity_method(
            BareModel.outline, shape, start_to_close_timeout=CALL_TIMEOUT
        )
        plans = lesson_plans(outline)

        async def lesson(plan: dict[str, Any]) -> None:
            lesson_id = str(workflow.uuid4())
            content = await workflow.execute_activity_method(
                BareModel.lesson, BareLesson(shape, lesson_id, plan, outline),
                start_to_close_timeout=CALL_TIMEOUT,
            )  # fmt: skip
            if shape.judge:
                judged = {"title": plan["title"], "objectives": plan["objectives"]}
                course = outline if shape.judge_course else None
                await workflow.execute_activity_method(
                    BareModel.judge, BareJudge(shape, lesson_id, judged, content, course),
                    start_to_close_timeout=CALL_TIMEOUT,
                )  # fmt: skip

        await asyncio.gather(*(lesson(plan) for plan in plans))
        return 1 + len(plans) * (2 if shape.judge else 1)


async def serve(address: str, task_queue: str, base_url: str, parallel: int) -> None:
    """A worker process for the bare pipeline, run until SIGTERM. Its activity slots and polls
    are set as ``worker.py`` sets the model queue's."""
    from temporalio.client import Client
    from temporalio.worker import Worker

    from adapters.llm.openai import OpenAIChat
    from core.process import freeze_startup_objects
    from core.settings import Settings
    from core.temporal import data_converter, payload_codec
    from worker import model_queue_polls

    client = await Client.connect(
        address, data_converter=data_converter(payload_codec(Settings(environment="test")))
    )
    llm = OpenAIChat(api_key="sk-bench-not-a-key", base_url=base_url, timeout_s=60)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    worker = Worker(
        client,
        task_queue=task_queue,
        workflows=[BareGenerationWorkflow],
        activities=BareModel(llm).activities,
        max_concurrent_activities=parallel,
        max_concurrent_activity_task_polls=model_queue_polls(parallel),
    )
    async with worker:
        freeze_startup_objects()  # as courseflow's worker does after start-up
        print("bare.generation.worker.started", flush=True)
        await stop.wait()
    await llm.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", required=True)
    parser.add_argument("--task-queue", required=True)
    parser.add_argument("--base-url", required=True, help="the fake model's OpenAI base URL")
    parser.add_argument("--parallel", type=int, default=24, help="activity slots")
    parser.add_argument(
        "--judge",
        action="store_true",
        help="accepted for the benchmark's command line; the "
        "workflow's input decides whether it judges",
    )
    args = parser.parse_args()
    asyncio.run(serve(args.address, args.task_queue, args.base_url, args.parallel))
