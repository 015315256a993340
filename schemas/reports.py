"""Weekly analytics reports: ISO-week arithmetic, workflow/activity I/O and API bodies."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.enums import ReportStatus

# Bump when a definition in docs/metrics.md changes meaning; it goes into every manifest.
METRICS_VERSION = "2026.2"
WEEKLY_REPORT_WORKFLOW = "WeeklyReportWorkflow"
SCHEDULE_ID = "weekly-report"
ARTIFACTS: dict[str, str] = {
    "report.json": "application/json",
    "report.html": "text/html; charset=utf-8",
    "platform.csv": "text/csv; charset=utf-8",
    "courses.csv": "text/csv; charset=utf-8",
    "daily.csv": "text/csv; charset=utf-8",
}
MAX_BACKFILL_WEEKS = 104
WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


# --- ISO weeks ---------------------------------------------------------------------------
def parse_week(week: str) -> tuple[int, int]:
    """``2026-W47`` → (2026, 47); ValueError for anything that is not a real ISO week."""
    match = WEEK_PATTERN.match(week)
    if match is None:
        raise ValueError("expected an ISO week like 2026-W47")
    year, number = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError:
        raise ValueError(f"{year} has no ISO week {number}") from None
    return year, number


def week_of(day: date) -> str:
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def week_monday(week: str) -> date:
    year, number = parse_week(week)
    return date.fromisocalendar(year, number, 1)


def week_window(week: str, timezone: str) -> tuple[datetime, datetime]:
    """[Monday 00:00, next Monday 00:00) in the report's time zone, as UTC instants."""
    zone = ZoneInfo(timezone)
    monday = week_monday(week)
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def day_bounds(week: str, timezone: str) -> list[tuple[date, datetime, datetime]]:
    """The week's seven local days with their UTC bounds (DST-correct)."""
    zone = ZoneInfo(timezone)
    monday = week_monday(week)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
        days.append((day, start, end))
    return days


def week_that_ended(moment: datetime, timezone: str) -> str:
    """The ISO week before the one containing ``moment`` in the report's time zone."""
    local = moment.astimezone(ZoneInfo(timezone))
    return week_of(local.date() - timedelta(days=7))


def current_week(timezone: str, now: datetime) -> str:
    """The ISO week containing ``now`` in the report's time zone (the week-to-date one)."""
    return week_of(now.astimezone(ZoneInfo(timezone)).date())


def unfinished_weeks(weeks: list[str], timezone: str, now: datetime) -> list[str]:
    """Weeks whose window has not ended yet: a report of them would be partial, and a
    completed report is never rebuilt without ``force``."""
    return [week for week in weeks if week_window(week, timezone)[1] > now]


def weeks_between(first: str, last: str) -> list[str]:
    start, end = week_monday(first), week_monday(last)
    if end < start:
        raise ValueError("the range ends before it starts")
    count = (end - start).days // 7 + 1
    return [week_of(start + timedelta(days=7 * i)) for i in range(count)]


# --- workflow and activities -------------------------------------------------------------
class WeeklyReportInput(BaseModel):
    """``week`` None: the scheduled run, which derives the week that just ended."""

    week: str | None = None
    force: bool = False
    timezone: str = "UTC"
    # A week-to-date report of the current week: recomputed on every run, never final.
    # The scheduled run ignores it (it reports the week that ended).
    partial: bool = False


class WeeklyReportResult(BaseModel):
    week: str
    status: Literal["completed", "skipped", "already_running"]
    workflow_id: str
    artifact_keys: dict[str, str] = Field(default_factory=dict)
    partial: bool = False


class StartReportInput(BaseModel):
    week: str
    force: bool
    workflow_id: str
    partial: bool = False
    timezone: str = "UTC"


class StartReportResult(BaseModel):
    skip: bool
    artifact_keys: dict[str, str] = Field(default_factory=dict)


class BuildReportInput(BaseModel):
    week: str
    timezone: str
    partial: bool = False


class BuildReportResult(BaseModel):
    week: str
    artifact_keys: dict[str, str]
    row_counts: dict[str, int]
    admin_ids: list[uuid.UUID]


class FailReportInput(BaseModel):
    week: str
    error: str


# --- API -----------------------------------------------------------------------------------
def _check_week(value: str) -> str:
    parse_week(value)
    return value


class ReportRunIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    week: str | None = Field(default=None, max_length=8)
    from_week: str | None = Field(default=None, alias="from", max_length=8)
    to_week: str | None = Field(default=None, alias="to", max_length=8)
    force: bool = False

    @field_validator("week", "from_week", "to_week")
    @classmethod
    def _valid_week(cls, value: str | None) -> str | None:
        return None if value is None else _check_week(value)

    @model_validator(mode="after")
    def _one_shape(self) -> ReportRunIn:
        ranged = self.from_week is not None or self.to_week is not None
        if self.week is not None and ranged:
            raise ValueError("give either week or from/to, not both")
        if self.week is None and (self.from_week is None or self.to_week is None):
            raise ValueError("give week, or both from and to")
        if ranged:
            assert self.from_week is not None and self.to_week is not None
            weeks = weeks_between(self.from_week, self.to_week)
            if len(weeks) > MAX_BACKFILL_WEEKS:
                raise ValueError(f"a backfill covers at most {MAX_BACKFILL_WEEKS} weeks")
        return self

    def weeks(self) -> list[str]:
        if self.week is not None:
            return [self.week]
        assert self.from_week is not None and self.to_week is not None
        return weeks_between(self.from_week, self.to_week)


class ReportRunOut(BaseModel):
    week: str
    workflow_id: str
    status: Literal["started", "already_running"]
    partial: bool = Field(
        default=False, description="a week-to-date report of the current week (not final)"
    )


class ReportRunsOut(BaseModel):
    runs: list[ReportRunOut]


class ReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    week: str
    status: ReportStatus
    definitions_version: str
    artifacts: dict[str, str] = Field(description="artifact name → download path")
    manifest: dict[str, Any]
    partial: bool = Field(
        default=False,
        description="week to date: recomputed on request; the final report replaces it",
    )
    created_at: datetime
    completed_at: datetime | None
    error: str | None


class ReportListOut(BaseModel):
    reports: list[ReportOut]
