"""Building one week's report: claim the week, read one consistent snapshot of the data,
store the rendered artifacts, index them on the ``reports`` row, or record the failure."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.storage.port import ObjectStorage
from db.base import utcnow
from db.models import Report
from db.queries.reports import ReportData, Window, admin_ids, compute_report, report_of_week
from schemas.enums import ReportStatus
from schemas.reports import (
    ARTIFACTS,
    METRICS_VERSION,
    StartReportInput,
    StartReportResult,
    day_bounds,
    unfinished_weeks,
    week_window,
)
from services.errors import InvalidInput
from services.reports.rendering import artifact_key


class InvalidReportInput(InvalidInput):
    """A week or a time zone that no retry can fix."""


def is_partial(report: Report) -> bool:
    return bool(report.manifest.get("partial", False))


async def claim_week(session: AsyncSession, input: StartReportInput) -> StartReportResult:
    """Claim the week's row. A final report (of a week that has ended) is skipped when the
    week is completed, unless forced; a week-to-date one is always recomputed, and never
    replaces a final report. A stored week-to-date report never counts as completed for the
    final run, which replaces it."""
    if not input.partial:
        try:
            unfinished = unfinished_weeks([input.week], input.timezone, utcnow())
        except (ValueError, ZoneInfoNotFoundError):
            unfinished = []  # the build refuses the time zone and records why
        if unfinished:
            raise InvalidReportInput(
                f"{input.week} has not ended yet: only a week-to-date (partial) report covers it"
            )
    report = await report_of_week(session, input.week, lock=True)
    if report is None:
        session.add(
            Report(
                week=input.week, status=ReportStatus.running, definitions_version=METRICS_VERSION
            )
        )
        return StartReportResult(skip=False)
    completed = report.status == ReportStatus.completed
    final = completed and not is_partial(report)
    if final and (input.partial or not input.force):
        return StartReportResult(skip=True, artifact_keys=dict(report.artifact_keys))
    report.status = ReportStatus.running
    report.error = None
    report.definitions_version = METRICS_VERSION
    return StartReportResult(skip=False)


def window_of(week: str, timezone: str) -> Window:
    """The week's bounds (and each day's) in the report's time zone."""
    try:
        start, end = week_window(week, timezone)
        return Window(start=start, end=end, days=day_bounds(week, timezone))
    except (ValueError, ZoneInfoNotFoundError) as exc:
        raise InvalidReportInput(str(exc)) from exc


async def snapshot(
    session: AsyncSession, window: Window, admin_emails: Sequence[str]
) -> tuple[ReportData, datetime, list[uuid.UUID]]:
    """Every aggregate from one snapshot (PostgreSQL: REPEATABLE READ), so the numbers agree
    with each other; when the data was read; who to tell."""
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    as_of = utcnow()
    data = await compute_report(session, window)
    return data, as_of, await admin_ids(session, admin_emails)


async def store_artifacts(
    storage: ObjectStorage, week: str, files: dict[str, bytes]
) -> dict[str, str]:
    """Each artifact under its deterministic key; name → key."""
    keys = {}
    for name, body in files.items():
        key = artifact_key(week, name)
        await storage.put(key, body, ARTIFACTS[name])
        keys[name] = key
    return keys


async def index_report(
    session: AsyncSession, week: str, keys: dict[str, str], manifest: dict[str, object]
) -> None:
    report = await report_of_week(session, week)
    assert report is not None, "claim_week creates the row"
    report.status = ReportStatus.completed
    report.artifact_keys = keys
    report.manifest = manifest
    report.completed_at = utcnow()
    report.error = None


async def record_failure(session: AsyncSession, week: str, error: str) -> None:
    """A failed build, unless the week completed meanwhile."""
    report = await report_of_week(session, week)
    if report is not None and report.status != ReportStatus.completed:
        report.status = ReportStatus.failed
        report.error = error[:2000]
