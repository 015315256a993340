"""The ``weekly-report`` Temporal Schedule on the dev server, and ISO-week arithmetic.

The weekly cadence lives in the Schedule alone (WeeklyReportWorkflow has no timer of its
own), and the time-skipping test server has no Schedules: so the week is not skipped here.
Instead the dev server computes the Schedule's next action times from its spec (every Monday
at the configured hour in the report's zone), and a trigger runs one action now."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from temporalio.client import (
    Client,
    ScheduleActionStartWorkflow,
    ScheduleOverlapPolicy,
    ScheduleRange,
)
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from db.migrate import upgrade_head
from schemas.reports import (
    SCHEDULE_ID,
    WEEKLY_REPORT_WORKFLOW,
    WeeklyReportResult,
    day_bounds,
    week_that_ended,
    week_window,
    weeks_between,
)
from schemas.temporal import REPORT_WEEK, report_workflow_id
from services.reports import apply_schedules
from tests.learning.support import running_worker
from workflows.reports import SCHEDULED_START_TIME, WeeklyReportWorkflow


async def _delete(client: Client, schedule_id: str) -> None:
    with contextlib.suppress(RPCError):  # absent already
        await client.get_schedule_handle(schedule_id).delete()


async def _listed(client: Client) -> list[str]:
    """IDs of schedules named weekly-report (the list is eventually consistent: poll)."""
    ids: list[str] = []
    for _ in range(50):
        ids = [s.id async for s in await client.list_schedules() if s.id == SCHEDULE_ID]
        if ids:
            break
        await asyncio.sleep(0.1)
    return ids


async def _child_result(client: Client, workflow_id: str, after: datetime) -> WeeklyReportResult:
    """The result of the run of ``workflow_id`` started at or after ``after``: the dev server
    is shared, and an earlier run with the same ID must not stand in for the child."""
    handle = client.get_workflow_handle_for(WeeklyReportWorkflow.run, workflow_id)
    for _ in range(100):  # the scheduled parent starts the child a moment after the trigger
        with contextlib.suppress(RPCError):
            described = await handle.describe()
            if described.start_time >= after:
                run = client.get_workflow_handle_for(
                    WeeklyReportWorkflow.run, workflow_id, run_id=described.run_id
                )
                return await run.result()
        await asyncio.sleep(0.1)
    raise AssertionError(f"no run of {workflow_id} started after {after.isoformat()}")


async def test_schedule_spec_policies_and_idempotent_apply(
    tmp_path: Path, make_settings: Callable[..., Settings], dev_env: WorkflowEnvironment,
    task_queue: str,
) -> None:  # fmt: skip
    url = f"sqlite+pysqlite:///{tmp_path / 'schedule.db'}"
    upgrade_head(url)
    settings = make_settings(database_url=url, report_timezone="Europe/Berlin",
                             task_queue=task_queue, llm_task_queue=task_queue + "-llm")  # fmt: skip
    client = dev_env.client
    await _delete(client, SCHEDULE_ID)
    try:
        assert await apply_schedules(client, settings) == "created"
        assert await apply_schedules(client, settings) == "updated"
        handle = client.get_schedule_handle(SCHEDULE_ID)
        described = await handle.describe()
        [calendar] = described.schedule.spec.calendars
        spec = [list(calendar.day_of_week), list(calendar.hour), list(calendar.minute),
                list(calendar.second)]  # fmt: skip
        assert spec == [[ScheduleRange(1)], [ScheduleRange(6)], [ScheduleRange(0)],
                        [ScheduleRange(0)]]  # fmt: skip
        assert described.schedule.spec.time_zone_name == "Europe/Berlin"
        assert described.schedule.policy.overlap == ScheduleOverlapPolicy.SKIP
        assert described.schedule.policy.catchup_window == timedelta(days=7)
        action = described.schedule.action
        assert isinstance(action, ScheduleActionStartWorkflow)
        assert (action.workflow, action.task_queue) == (WEEKLY_REPORT_WORKFLOW, task_queue)
        # The next run is a Monday, 06:00 in Berlin.
        next_run = described.info.next_action_times[0]
        local = next_run.astimezone(ZoneInfo("Europe/Berlin"))
        assert (local.isoweekday(), local.hour, local.minute) == (1, 6, 0)
        assert await _listed(client) == [SCHEDULE_ID]  # applying twice made one schedule

        # Triggered now, the run reports the week that ended before the current one.
        async with running_worker(client, settings):
            triggered = datetime.now(UTC)  # the server shares this clock
            await handle.trigger()
            expected = week_that_ended(datetime.now(UTC), "Europe/Berlin")
            result = await _child_result(client, report_workflow_id(expected), triggered)
        assert (result.week, result.status) == (expected, "completed")
        # The parent the schedule started knows when it was scheduled (the week's source).
        [action] = (await handle.describe()).info.recent_actions
        parent = await client.get_workflow_handle(action.action.workflow_id).describe()
        assert parent.id.startswith(f"{SCHEDULE_ID}-")
        assert parent.typed_search_attributes.get(SCHEDULED_START_TIME) is not None
        assert parent.typed_search_attributes.get(REPORT_WEEK) == expected

        # A changed setting updates the existing schedule in place.
        moved = make_settings(database_url=url, report_timezone="America/New_York",
                              task_queue=task_queue)  # fmt: skip
        assert await apply_schedules(client, moved) == "updated"
        assert (await handle.describe()).schedule.spec.time_zone_name == "America/New_York"
    finally:
        await _delete(client, SCHEDULE_ID)


@pytest.mark.parametrize(
    ("moment", "zone", "week"),
    [
        (datetime(2026, 11, 23, 5, 0, tzinfo=UTC), "Europe/Berlin", "2026-W47"),  # Mon 06:00
        (datetime(2026, 11, 22, 17, 0, tzinfo=UTC), "Pacific/Auckland", "2026-W47"),  # Mon 06:00
        (datetime(2026, 11, 23, 11, 0, tzinfo=UTC), "America/New_York", "2026-W47"),
        (datetime(2027, 1, 4, 6, 0, tzinfo=UTC), "UTC", "2026-W53"),  # across the year
    ],
)
def test_the_week_that_just_ended(moment: datetime, zone: str, week: str) -> None:
    assert week_that_ended(moment, zone) == week


def test_windows_follow_the_time_zone_and_dst() -> None:
    start, end = week_window("2026-W13", "Europe/Berlin")  # summer time starts Sun 29 March
    assert start == datetime(2026, 3, 22, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    days = day_bounds("2026-W13", "Europe/Berlin")
    assert days[-1][2] - days[-1][1] == timedelta(hours=23)
    assert weeks_between("2026-W52", "2027-W02") == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]


async def test_worker_start_applies_the_schedule(
    make_settings: Callable[..., Settings], dev_env: WorkflowEnvironment, task_queue: str
) -> None:
    from worker import build_deps, on_worker_start

    settings = make_settings(task_queue=task_queue, report_timezone="Asia/Tokyo")
    deps = build_deps(settings)
    await _delete(dev_env.client, SCHEDULE_ID)
    try:
        await on_worker_start(dev_env.client, deps)
        described = await dev_env.client.get_schedule_handle(SCHEDULE_ID).describe()
        assert described.schedule.spec.time_zone_name == "Asia/Tokyo"
        await on_worker_start(dev_env.client, deps)  # a second worker: still one schedule
        assert await _listed(dev_env.client) == [SCHEDULE_ID]
    finally:
        await _delete(dev_env.client, SCHEDULE_ID)
        await deps.engine.dispose()
