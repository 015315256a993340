"""WeeklyReportWorkflow: one ISO week's analytics report (ID ``weekly-report-<YYYY-Www>``).

The schedule starts it without a week: that run derives the week that just ended from its
scheduled time and runs the week's report as a child with the readable ID. A week whose
report is already completed is a no-op unless forced.

``partial``: a week-to-date report of the current week (requested through the API or CLI):
rebuilt on every run, marked ``"partial": true`` in its manifest, announced to no one; the
final run of the week, once it has ended, replaces it. A final run of a week that has not
ended is refused by the start activity, whoever starts it.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, SearchAttributeKey
from temporalio.exceptions import ActivityError, WorkflowAlreadyStartedError

with workflow.unsafe.imports_passed_through():
    from activities.notifications import NotificationActivities
    from activities.reports import ReportActivities
    from schemas.notifications import NotifyUserInput
    from schemas.reports import (
        WEEKLY_REPORT_WORKFLOW,
        BuildReportInput,
        FailReportInput,
        StartReportInput,
        WeeklyReportInput,
        WeeklyReportResult,
        week_that_ended,
    )
    from schemas.temporal import REPORT_WEEK, report_workflow_id

# Set by the server on every run a schedule starts.
SCHEDULED_START_TIME = SearchAttributeKey.for_datetime("TemporalScheduledStartTime")
DB_TIMEOUT = timedelta(seconds=30)
BUILD_TIMEOUT = timedelta(minutes=15)
NOTIFY_TIMEOUT = timedelta(seconds=60)
DB_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1))
BUILD_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_attempts=3)


def scheduled_time() -> datetime:
    """When the schedule meant this run to start (not when a catch-up actually started it)."""
    value = workflow.info().typed_search_attributes.get(SCHEDULED_START_TIME)
    return value if value is not None else workflow.now()


@workflow.defn(name=WEEKLY_REPORT_WORKFLOW)
class WeeklyReportWorkflow:
    @workflow.run
    async def run(self, input: WeeklyReportInput) -> WeeklyReportResult:
        if input.week is None:
            return await self._scheduled(input)
        return await self._report(input.week, input)

    async def _scheduled(self, input: WeeklyReportInput) -> WeeklyReportResult:
        # The week that ended, always as a final report: the child never gets ``partial``.
        week = week_that_ended(scheduled_time(), input.timezone)
        workflow.upsert_search_attributes([REPORT_WEEK.value_set(week)])
        child_id = report_workflow_id(week)
        try:
            return await workflow.execute_child_workflow(
                WeeklyReportWorkflow.run,
                WeeklyReportInput(week=week, force=input.force, timezone=input.timezone),
                id=child_id,
            )
        except WorkflowAlreadyStartedError:
            return WeeklyReportResult(week=week, status="already_running", workflow_id=child_id)

    async def _report(self, week: str, input: WeeklyReportInput) -> WeeklyReportResult:
        workflow.upsert_search_attributes([REPORT_WEEK.value_set(week)])
        workflow_id = workflow.info().workflow_id
        started = await workflow.execute_activity_method(
            ReportActivities.start_report,
            StartReportInput(
                week=week,
                force=input.force,
                workflow_id=workflow_id,
                partial=input.partial,
                timezone=input.timezone,
            ),
            start_to_close_timeout=DB_TIMEOUT,
            retry_policy=DB_RETRY,
        )
        if started.skip:
            return WeeklyReportResult(
                week=week, status="skipped", workflow_id=workflow_id,
                artifact_keys=started.artifact_keys,
            )  # fmt: skip
        try:
            built = await workflow.execute_activity_method(
                ReportActivities.build_report,
                BuildReportInput(week=week, timezone=input.timezone, partial=input.partial),
                start_to_close_timeout=BUILD_TIMEOUT,
                retry_policy=BUILD_RETRY,
            )
        except ActivityError as err:
            await workflow.execute_activity_method(
                ReportActivities.fail_report,
                FailReportInput(week=week, error=str(err.cause or err)),
                start_to_close_timeout=DB_TIMEOUT,
                retry_policy=DB_RETRY,
            )
            raise
        if not input.partial:  # a week-to-date report is asked for, not announced
            await asyncio.gather(*(self._notify(week, admin) for admin in built.admin_ids))
        return WeeklyReportResult(
            week=week, status="completed", workflow_id=workflow_id,
            artifact_keys=built.artifact_keys, partial=input.partial,
        )  # fmt: skip

    async def _notify(self, week: str, admin_id: uuid.UUID) -> None:
        await workflow.execute_activity_method(
            NotificationActivities.notify_user,
            NotifyUserInput(
                user_id=admin_id,
                kind="report.ready",
                subject=f"Weekly report {week} is ready",
                body=f"The analytics report for {week} is ready: GET /api/v1/reports/{week}",
                dedupe_key=f"report:{week}:{admin_id}",
            ),
            start_to_close_timeout=NOTIFY_TIMEOUT,
            retry_policy=DB_RETRY,
        )
