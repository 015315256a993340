"""The raw-Temporal baseline: a workflow running N no-op activities one after another.

It has the shape of a saga (sequential activities, nothing else) and none of its work, so its
throughput on the same server, worker set-up and client concurrency is the ceiling ours is
compared with. Run a worker for it with ``python -m bench.bare``.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from datetime import timedelta

from pydantic import BaseModel
from temporalio import activity, workflow

NOOP_TIMEOUT = timedelta(seconds=30)


class BareInput(BaseModel):
    steps: int


@activity.defn
async def noop_step(step: int) -> int:
    return step


@workflow.defn
class BareSagaWorkflow:
    @workflow.run
    async def run(self, input: BareInput) -> int:
        for step in range(input.steps):
            await workflow.execute_activity(noop_step, step, start_to_close_timeout=NOOP_TIMEOUT)
        return input.steps


async def serve(address: str, namespace: str, task_queue: str) -> None:
    """A worker process for the bare workflow, run until SIGTERM (like ``courseflow worker``)."""
    from temporalio.client import Client
    from temporalio.worker import Worker

    from core.settings import Settings
    from core.temporal import data_converter, payload_codec

    client = await Client.connect(
        address,
        namespace=namespace,
        data_converter=data_converter(payload_codec(Settings(environment="test"))),
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    worker = Worker(
        client, task_queue=task_queue, workflows=[BareSagaWorkflow], activities=[noop_step]
    )
    async with worker:
        print("bare.worker.started", flush=True)
        await stop.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--address", required=True)
    parser.add_argument("--namespace", default="default")
    parser.add_argument("--task-queue", required=True)
    args = parser.parse_args()
    asyncio.run(serve(args.address, args.namespace, args.task_queue))
