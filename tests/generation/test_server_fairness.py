"""The dev server that `courseflow dev`, the tests and the benchmarks start
(``core.temporal.DEV_SERVER_DYNAMIC_CONFIG``) dispatches a task queue's backlog by priority and
then by fairness key, as the model queue relies on: a big course's backlog does not hold back
another author's calls queued after it, and interactive work goes first."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.common import Priority
from temporalio.worker import Worker

SERVED: list[str] = []


@activity.defn
async def serve(name: str) -> None:
    SERVED.append(name)


@workflow.defn(sandboxed=False)  # defined in a test module: nothing to sandbox
class Backlog:
    """Schedules ``count`` activities of one fairness key and priority on ``queue``."""

    @workflow.run
    async def run(self, key: str, count: int, level: int, queue: str) -> None:
        await asyncio.gather(*(
            workflow.execute_activity(
                serve, f"{key}{n}", task_queue=queue,
                start_to_close_timeout=timedelta(seconds=30),
                priority=Priority(priority_key=level, fairness_key=key),
            )
            for n in range(count)
        ))  # fmt: skip


async def _queued(handle: WorkflowHandle[Backlog, None], count: int) -> None:
    """Until the run has scheduled all its ``count`` activities (they are in the backlog)."""
    scheduled = EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    for _ in range(200):
        events = [e async for e in handle.fetch_history_events()]
        if sum(e.event_type == scheduled for e in events) == count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the activities were not scheduled")


async def test_the_dev_server_serves_fairness_keys_in_turns_and_priority_first(
    dev_client: Client, task_queue: str
) -> None:
    SERVED.clear()
    calls = f"{task_queue}-calls"
    async with Worker(dev_client, task_queue=task_queue, workflows=[Backlog]):
        # One author's 20 calls are queued first, then another author's 3, then one
        # interactive call; nothing polls ``calls`` until all of them wait there.
        runs = []
        for key, count, level in (("A", 20, 3), ("B", 3, 3), ("C", 1, 1)):
            handle = await dev_client.start_workflow(
                Backlog.run, args=[key, count, level, calls],
                id=f"{task_queue}-{key}", task_queue=task_queue,
            )  # fmt: skip
            await _queued(handle, count)
            runs.append(handle)
        async with Worker(
            dev_client, task_queue=calls, activities=[serve], max_concurrent_activities=1
        ):
            await asyncio.gather(*(h.result() for h in runs))
    assert len(SERVED) == 24
    # The server's order, one task at a time. First come first served would give
    # A0..A19 B0 B1 B2 C0; with fairness B's calls take turns with A's.
    # (The first few may be dispatched before the worker's poll sees the backlog order.)
    assert SERVED.index("C0") <= 2, SERVED  # interactive first
    last_b = max(SERVED.index(f"B{n}") for n in range(3))
    assert last_b <= 10, SERVED  # B is not served after A's backlog
