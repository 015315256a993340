"""bench/bare_generation.py: the generation benchmark's baseline makes the calls ours makes."""

from __future__ import annotations

import uuid

from temporalio.client import Client
from temporalio.worker import Worker

from adapters.llm.openai import OpenAIChat
from bench.bare_generation import BareGenerationWorkflow, BareModel, BareShape
from tests.support.fake_llm import FakeLLMServer


async def test_one_outline_call_then_one_call_per_lesson(
    dev_client: Client, task_queue: str
) -> None:
    fake = FakeLLMServer().start()
    llm = OpenAIChat(api_key="sk-test-not-a-key", base_url=fake.openai_base_url, timeout_s=30)
    try:
        async with Worker(
            dev_client,
            task_queue=task_queue,
            workflows=[BareGenerationWorkflow],
            activities=[BareModel(llm).call],
        ):
            calls = await dev_client.execute_workflow(
                BareGenerationWorkflow.run,
                BareShape(modules=2, lessons_per_module=3),
                id=f"bare-gen-{uuid.uuid4()}",
                task_queue=task_queue,
            )
    finally:
        await llm.close()
        fake.stop()
    kinds = [request.kind for request in fake.requests]
    assert calls == 7
    assert kinds == ["outline"] + ["lesson"] * 6  # the lessons wait for the outline
    assert len({request.lesson_id for request in fake.of_kind("lesson")}) == 6
    assert {request.status for request in fake.requests} == {200}
