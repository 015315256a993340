"""The harness itself: a workflow on the real dev server and one on the time-skipping server."""

from __future__ import annotations

import time
import uuid

from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.support.harness_workflows import Greeting, HarnessWorkflow, compose_greeting


async def test_workflow_runs_on_the_dev_server(
    dev_env: WorkflowEnvironment, task_queue: str
) -> None:
    async with Worker(
        dev_env.client, task_queue=task_queue, workflows=[HarnessWorkflow],
        activities=[compose_greeting],
    ):  # fmt: skip
        result = await dev_env.client.execute_workflow(
            HarnessWorkflow.run, Greeting(name="dev"), id=f"harness-{uuid.uuid4()}",
            task_queue=task_queue,
        )  # fmt: skip
    assert result == "hello, dev"


async def test_time_skipping_server_skips_a_day(
    time_env: WorkflowEnvironment, task_queue: str
) -> None:
    started = time.monotonic()
    async with Worker(
        time_env.client, task_queue=task_queue, workflows=[HarnessWorkflow],
        activities=[compose_greeting],
    ):  # fmt: skip
        result = await time_env.client.execute_workflow(
            HarnessWorkflow.run, Greeting(name="skip", wait_s=86_400),
            id=f"harness-{uuid.uuid4()}", task_queue=task_queue,
        )  # fmt: skip
    assert result == "hello, skip"
    assert time.monotonic() - started < 60  # a day of workflow time, not of wall time
