"""The raw-Temporal baseline of the generation benchmark: the same model calls, nothing else.

One activity asks the model for an outline; then one activity per lesson asks for that lesson,
all started at once and bounded by the worker's activity slots, exactly like
``CourseGenerationWorkflow``. Each activity builds the same prompt and makes the same call
through the same ``openai`` SDK client (``adapters.llm.openai.OpenAIChat``) to the same fake
server, with the same data converter and payload codec, on a worker polling like ours. It keeps
nothing: no database, no parsing, no cost ledger, no quality checks, no publish. Its wall time
over the critical-path bound is what Temporal, the SDK and the model client cost on this
machine before any of courseflow's work. Run a worker for it with
``python -m bench.bare_generation``.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow

with workflow.unsafe.imports_passed_through():
    from adapters.llm.port import LLMClient, LLMRequest
    from adapters.llm.prompts import (
        JUDGE_OUTPUT,
        JUDGE_SYSTEM,
        LESSON_OUTPUT,
        LESSON_SYSTEM,
        OUTLINE_OUTPUT,
        OUTLINE_SYSTEM,
        judge_course_prefix,
        judge_messages,
        lesson_messages,
        outline_messages,
    )
    from bench.clients import generation_request
    from schemas.generation import CourseGenerationRun

CALL_TIMEOUT = timedelta(seconds=60)
MODEL = "gpt-4o-mini"
MAX_TOKENS = 4096


@dataclass
class BareShape:
    modules: int
    lessons_per_module: int
    judge: bool = False  # a judge call after each lesson call, as ours makes with a model


@dataclass
class BareCall:
    shape: BareShape
    lesson: int | None = None  # None: the outline
    judge: bool = False  # the judge's call for ``lesson``


class BareModel:
    """The activity: one model call, its answer's length returned and nothing stored."""

    def __init__(self, llm: LLMClient) -> None:
        self.llm = llm

    @activity.defn(name="bare_model_call")
    async def call(self, call: BareCall) -> int:
        request = CourseGenerationRun.model_validate(
            generation_request(
                call.shape.modules, call.shape.lessons_per_module, title="Bare course"
            )
        )
        if call.lesson is None:
            system, messages, output = OUTLINE_SYSTEM, outline_messages(request), OUTLINE_OUTPUT
        else:
            plan = {"title": f"Lesson {call.lesson}", "objectives": ["Explain the basics"],
                    "module": "Module"}  # fmt: skip
            spec = {"lesson_id": str(uuid.UUID(int=call.lesson + 1)), "revision": 1}
            system, messages = LESSON_SYSTEM, lesson_messages(request.brief(), plan, spec, [], None)
            output = LESSON_OUTPUT
            if call.judge:
                content = {"sections": [{"number": 1, "title": "Basics",
                                         "body_markdown": "The basics are explained here."}],
                           "quiz": []}  # fmt: skip
                system = JUDGE_SYSTEM
                messages = judge_messages(
                    plan, content, spec, judge_course_prefix(request.brief(), None)
                )
                output = JUDGE_OUTPUT
        response = await self.llm.complete(
            LLMRequest(system, messages, MODEL, MAX_TOKENS, output)  # structured, like ours
        )
        return len(response.text)


@workflow.defn
class BareGenerationWorkflow:
    @workflow.run
    async def run(self, shape: BareShape) -> int:
        """The number of model calls made."""
        await workflow.execute_activity_method(
            BareModel.call, BareCall(shape), start_to_close_timeout=CALL_TIMEOUT
        )
        lessons = shape.modules * shape.lessons_per_module

        async def lesson(n: int) -> None:
            await workflow.execute_activity_method(
                BareModel.call, BareCall(shape, n), start_to_close_timeout=CALL_TIMEOUT
            )
            if shape.judge:
                await workflow.execute_activity_method(
                    BareModel.call, BareCall(shape, n, True), start_to_close_timeout=CALL_TIMEOUT
                )

        await asyncio.gather(*(lesson(n) for n in range(lessons)))
        return 1 + lessons * (2 if shape.judge else 1)


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
        activities=[BareModel(llm).call],
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
