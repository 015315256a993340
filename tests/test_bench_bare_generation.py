"""bench/bare_generation.py: the generation benchmark's baseline makes the calls ours makes."""

from __future__ import annotations

import json
import re
import uuid
from collections import defaultdict
from typing import Any

from temporalio.client import Client
from temporalio.worker import Worker

from adapters.llm.openai import OpenAIChat
from bench.bare_generation import BareGenerationWorkflow, BareModel, BareShape
from bench.clients import generation_request
from schemas.enums import GenerationStatus
from tests.generation.conftest import (  # noqa: F401  (fixtures)
    HarnessFactory,
    fake_llm,
    make_harness,
)
from tests.support.fake_llm import FakeLLMServer, Logged

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


async def run_bare(client: Client, task_queue: str, fake: FakeLLMServer, shape: BareShape) -> int:
    llm = OpenAIChat(api_key="sk-test-not-a-key", base_url=fake.openai_base_url, timeout_s=30)
    try:
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[BareGenerationWorkflow],
            activities=BareModel(llm).activities,
        ):
            calls: int = await client.execute_workflow(
                BareGenerationWorkflow.run,
                shape,
                id=f"bare-gen-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            return calls
    finally:
        await llm.close()


def bodies(requests: list[Logged]) -> dict[str, list[str]]:
    """Each first-try call's request body by kind, lesson IDs blanked (each run has its own),
    sorted (lessons answer in any order)."""
    found: dict[str, list[str]] = defaultdict(list)
    for r in requests:
        if not r.repair and r.revision in (None, 1):
            found[r.kind].append(UUID.sub("<id>", json.dumps(r.request, sort_keys=True)))
    return {kind: sorted(texts) for kind, texts in found.items()}


async def test_one_outline_call_then_one_call_per_lesson(
    dev_client: Client, task_queue: str
) -> None:
    fake = FakeLLMServer().start()
    try:
        calls = await run_bare(dev_client, task_queue, fake, BareShape(2, 3))
    finally:
        fake.stop()
    kinds = [request.kind for request in fake.requests]
    assert calls == 7
    assert kinds == ["outline"] + ["lesson"] * 6  # the lessons wait for the outline
    assert len({request.lesson_id for request in fake.of_kind("lesson")}) == 6
    assert {request.status for request in fake.requests} == {200}


async def test_the_bare_calls_send_what_ours_sends(
    make_harness: HarnessFactory,  # noqa: F811  (the fixture imported above)
    sqlite_session_url: str,
    dev_client: Client,
    task_queue: str,
) -> None:
    """A run of ours and a bare run of the same course against the same fake model: every
    outline, lesson and judge request body is the same (lesson IDs aside). A change to what
    ours sends (a prompt, the context a call carries, when the judge gets the course) that
    the bare pipeline does not follow fails here, and the benchmark's baseline would no
    longer be "the same model calls"."""
    h = await make_harness(sqlite_session_url, "openai", quality_judge=True)
    request: dict[str, Any] = generation_request(2, 2, title="Same course")
    _, handle = await h.start(**request)
    assert (await handle.result()).status == GenerationStatus.completed
    ours = bodies(h.fake.requests)
    h.fake.requests.clear()

    shape = BareShape(2, 2, judge=True, title="Same course")
    calls = await run_bare(dev_client, task_queue + "-bare", h.fake, shape)

    assert calls == 1 + 4 * 2
    bare = bodies(h.fake.requests)
    assert {kind: len(texts) for kind, texts in ours.items()} == {
        "outline": 1,
        "lesson": 4,
        "judge": 4,
    }
    assert set(bare) == set(ours)
    for kind in ours:
        assert bare[kind] == ours[kind], kind
