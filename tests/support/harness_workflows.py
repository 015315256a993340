"""A minimal workflow that proves the harness: a timer and one activity."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel
from temporalio import activity, workflow


class Greeting(BaseModel):
    name: str
    wait_s: int = 0


@activity.defn
async def compose_greeting(name: str) -> str:
    return f"hello, {name}"


@workflow.defn
class HarnessWorkflow:
    @workflow.run
    async def run(self, input: Greeting) -> str:
        if input.wait_s:
            await workflow.sleep(timedelta(seconds=input.wait_s))
        return await workflow.execute_activity(
            compose_greeting, input.name, start_to_close_timeout=timedelta(seconds=10)
        )
