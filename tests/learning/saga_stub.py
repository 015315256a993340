"""A stand-in enrollment saga that waits for ``mark_completed`` (no side effects at import)."""

from __future__ import annotations

from temporalio import workflow


@workflow.defn
class SagaStubWorkflow:
    def __init__(self) -> None:
        self.completed = False

    @workflow.signal
    def mark_completed(self) -> None:
        self.completed = True

    @workflow.run
    async def run(self) -> bool:
        await workflow.wait_condition(lambda: self.completed)
        return True
