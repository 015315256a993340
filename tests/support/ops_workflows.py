"""Tiny workflows for the operability tests (traces, logs, graceful shutdown)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel
from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    import structlog

    from activities.notifications import NotificationActivities
    from schemas.notifications import NotifyUserInput, NotifyUserResult


class ProbeInput(BaseModel):
    name: str


@activity.defn
async def probe_step(input: ProbeInput) -> str:
    activity.logger.info("probe step via activity.logger")
    structlog.get_logger("courseflow.tests.probe").info("probe.step", name=input.name)
    return f"probed {input.name}"


@workflow.defn
class OpsProbeWorkflow:
    @workflow.run
    async def run(self, input: ProbeInput) -> str:
        workflow.logger.info("probe workflow started")
        return await workflow.execute_activity(
            probe_step,
            input,
            start_to_close_timeout=timedelta(seconds=20),
            summary="probe step",
        )


class RemoteNotifyInput(BaseModel):
    activity_task_queue: str
    notify: NotifyUserInput


@workflow.defn
class RemoteNotifyWorkflow:
    """Runs ``notify_user`` on another task queue: the one a ``courseflow worker`` polls."""

    @workflow.run
    async def run(self, input: RemoteNotifyInput) -> NotifyUserResult:
        return await workflow.execute_activity_method(
            NotificationActivities.notify_user,
            input.notify,
            task_queue=input.activity_task_queue,
            start_to_close_timeout=timedelta(seconds=60),
            retry_policy=RetryPolicy(maximum_attempts=1),
        )


@workflow.defn
class AlwaysFailsWorkflow:
    """Ends Failed at once: a real failed execution for visibility queries."""

    @workflow.run
    async def run(self) -> None:
        raise ApplicationError("seeded failure", type="OpsSeed", non_retryable=True)
