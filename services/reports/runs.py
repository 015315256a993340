"""Weekly reports as the API and the CLI see them: list, read, download artifacts, start
runs and backfills (one ``weekly-report-<week>`` run per week, started by its Temporal name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client, WorkflowFailureError
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from adapters.storage.port import ObjectNotFound, ObjectStorage
from core.settings import Settings
from db.models import Report
from db.queries.reports import all_reports, report_of_week
from schemas.reports import (
    ARTIFACTS,
    WEEKLY_REPORT_WORKFLOW,
    ReportListOut,
    ReportOut,
    ReportRunIn,
    ReportRunOut,
    ReportRunsOut,
    WeeklyReportInput,
    WeeklyReportResult,
    current_week,
    parse_week,
    unfinished_weeks,
)
from schemas.temporal import REPORT_WEEK, report_workflow_id
from services.errors import Conflict, FieldInvalid, InvalidInput, NotFound, Unavailable


class ReportNotFound(NotFound):
    pass


class WeekNotOver(FieldInvalid):
    pass


class ReportFailed(Conflict):
    """The week's run ended in failure (its error says why)."""


def valid_week(week: str) -> str:
    try:
        parse_week(week)
    except ValueError as exc:
        raise InvalidInput(f"week: {exc}") from None
    return week


def report_out(report: Report) -> ReportOut:
    return ReportOut(
        week=report.week,
        status=report.status,
        definitions_version=report.definitions_version,
        artifacts={name: f"/api/v1/reports/{report.week}/{name}" for name in report.artifact_keys},
        manifest=report.manifest,
        partial=bool(report.manifest.get("partial", False)),
        created_at=report.created_at,
        completed_at=report.completed_at,
        error=report.error,
    )


async def list_reports(session: AsyncSession) -> ReportListOut:
    return ReportListOut(reports=[report_out(r) for r in await all_reports(session)])


async def _report(session: AsyncSession, week: str) -> Report:
    report = await report_of_week(session, valid_week(week))
    if report is None:
        raise ReportNotFound(f"no report for {week}")
    return report


async def get_report(session: AsyncSession, week: str) -> ReportOut:
    return report_out(await _report(session, week))


@dataclass(frozen=True)
class Artifact:
    """Either a pre-signed URL to redirect to (S3), or the bytes themselves."""

    name: str
    media_type: str
    url: str | None = None
    body: bytes | None = None


async def artifact(
    session: AsyncSession, storage: ObjectStorage, settings: Settings, week: str, name: str
) -> Artifact:
    report = await _report(session, week)
    key = report.artifact_keys.get(name)
    if name not in ARTIFACTS or key is None:
        raise ReportNotFound(f"report {week} has no artifact {name!r}")
    url = await storage.presigned_url(key, settings.s3_presign_ttl_s)
    if url is not None:
        return Artifact(name, ARTIFACTS[name], url=url)
    try:
        body = await storage.get(key)
    except ObjectNotFound:
        raise ReportNotFound(f"the stored object of {name} is missing") from None
    return Artifact(name, ARTIFACTS[name], body=body)


async def start_report_run(
    client: Client, settings: Settings, week: str, force: bool, *, partial: bool = False
) -> ReportRunOut:
    """One run per week under one ID, partial or final, so the two never overlap."""
    workflow_id = report_workflow_id(week)
    try:
        await client.start_workflow(
            WEEKLY_REPORT_WORKFLOW,
            WeeklyReportInput(
                week=week, force=force, timezone=settings.report_timezone, partial=partial
            ),
            id=workflow_id,
            task_queue=settings.task_queue,
            search_attributes=TypedSearchAttributes([SearchAttributePair(REPORT_WEEK, week)]),
            result_type=WeeklyReportResult,
        )
    except WorkflowAlreadyStartedError:
        return ReportRunOut(
            week=week, workflow_id=workflow_id, status="already_running", partial=partial
        )
    return ReportRunOut(week=week, workflow_id=workflow_id, status="started", partial=partial)


def finished_weeks(weeks: list[str], settings: Settings, now: datetime, field: str) -> None:
    """Final reports cover weeks that have ended (in the report time zone)."""
    unfinished = unfinished_weeks(weeks, settings.report_timezone, now)
    if unfinished:
        hint = (
            "; request the current week alone for a week-to-date report"
            if current_week(settings.report_timezone, now) in unfinished
            else ""
        )
        raise WeekNotOver(
            field, f"{unfinished[0]} has not ended yet; report finished weeks only{hint}"
        )


def is_week_to_date(weeks: list[str], settings: Settings, now: datetime, field: str) -> bool:
    """The current week alone is a week-to-date (partial) report; any other week must have
    ended. A backfill never reaches into the current week, and no later week is reported."""
    if weeks == [current_week(settings.report_timezone, now)]:
        return True
    finished_weeks(weeks, settings, now, field)
    return False


async def run_reports(
    client: Client, settings: Settings, body: ReportRunIn, now: datetime
) -> ReportRunsOut:
    """``{week}`` for one week or ``{from, to}`` for a backfill; a completed week is a no-op
    unless ``force``."""
    weeks = body.weeks()
    partial = is_week_to_date(weeks, settings, now, "week" if body.week is not None else "to")
    try:
        runs = [
            await start_report_run(client, settings, w, body.force, partial=partial) for w in weeks
        ]
    except RPCError as exc:
        raise Unavailable(f"cannot start report runs: Temporal is unavailable ({exc})") from None
    return ReportRunsOut(runs=runs)


async def run_and_wait(
    client: Client, settings: Settings, week: str, force: bool, *, partial: bool = False
) -> tuple[ReportRunOut, WeeklyReportResult]:
    """Start (or join) the week's run and wait for its result."""
    try:
        run = await start_report_run(client, settings, week, force, partial=partial)
        handle = client.get_workflow_handle(run.workflow_id, result_type=WeeklyReportResult)
        result: WeeklyReportResult = await handle.result()
    except WorkflowFailureError as exc:
        raise ReportFailed(f"{week}: the report failed: {exc}") from None
    except RPCError as exc:
        raise Unavailable(f"{week}: Temporal is unavailable: {exc}") from None
    return run, result
