"""The reports domain's Temporal Schedule, created or updated idempotently (``courseflow
schedules apply`` and every worker start).

``weekly-report``: every Monday 06:00 in ``report_timezone``; overlapping runs are skipped;
runs missed while the cluster was down are caught up for a week. The action starts the
report workflow without a week; the run derives the ISO week that just ended from its
scheduled time (the ``TemporalScheduledStartTime`` search attribute).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleCalendarSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleRange,
    ScheduleSpec,
)

from core.schedules import apply_schedule, ensure_schedule
from core.settings import Settings
from schemas.reports import SCHEDULE_ID, WEEKLY_REPORT_WORKFLOW, WeeklyReportInput

CATCHUP_WINDOW = timedelta(days=7)
MONDAY = 1  # Temporal calendar specs count Sunday as 0


def weekly_report_schedule(settings: Settings) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            WEEKLY_REPORT_WORKFLOW,
            WeeklyReportInput(week=None, timezone=settings.report_timezone),
            # The server appends the scheduled time: weekly-report-2026-11-23T06:00:00Z.
            id=SCHEDULE_ID,
            task_queue=settings.task_queue,
        ),
        spec=ScheduleSpec(
            calendars=[
                ScheduleCalendarSpec(
                    second=[ScheduleRange(0)],
                    minute=[ScheduleRange(0)],
                    hour=[ScheduleRange(6)],
                    day_of_week=[ScheduleRange(MONDAY)],
                    comment="weekly report: Monday 06:00",
                )
            ],
            time_zone_name=settings.report_timezone,
        ),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP, catchup_window=CATCHUP_WINDOW),
    )


async def apply_schedules(
    client: Client, settings: Settings, *, schedule_id: str = SCHEDULE_ID
) -> Literal["created", "updated"]:
    """Create the weekly report's schedule, or replace its definition (keeping its state)."""
    return await apply_schedule(client, schedule_id, weekly_report_schedule(settings))


async def ensure_schedules(client: Client, settings: Settings) -> None:
    """Worker start: apply, but a refusal (permissions, old server) must not stop the worker."""
    await ensure_schedule(client, SCHEDULE_ID, weekly_report_schedule(settings))
