"""Temporal Schedules the platform owns: created on first apply, their definition replaced on
later ones, keeping the pause state and notes an operator set in the UI."""

from __future__ import annotations

from typing import Literal

from temporalio.client import (
    Client,
    Schedule,
    ScheduleAlreadyRunningError,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.service import RPCError

from core.logging import get_logger

log = get_logger("courseflow.schedules")


async def apply_schedule(
    client: Client, schedule_id: str, schedule: Schedule
) -> Literal["created", "updated"]:
    """Create the schedule, or replace its definition (keeping its state) when it exists."""
    try:
        await client.create_schedule(schedule_id, schedule)
    except ScheduleAlreadyRunningError:

        def replace(current: ScheduleUpdateInput) -> ScheduleUpdate:
            schedule.state = current.description.schedule.state
            return ScheduleUpdate(schedule=schedule)

        await client.get_schedule_handle(schedule_id).update(replace)
        log.info("schedule.updated", schedule_id=schedule_id)
        return "updated"
    log.info("schedule.created", schedule_id=schedule_id)
    return "created"


async def ensure_schedule(client: Client, schedule_id: str, schedule: Schedule) -> None:
    """Worker start: apply, but a refusal (permissions, old server) must not stop the worker."""
    try:
        await apply_schedule(client, schedule_id, schedule)
    except RPCError as exc:
        log.error("schedule.apply_failed", schedule_id=schedule_id, error=str(exc))
