"""The reports domain's rules, a package of the domain's name:

- ``runs``: listing, reading and downloading reports, starting runs and backfills (the API's
  and CLI's door);
- ``building``: what the report activities do (claim the week, snapshot, store, index);
- ``rendering``: the artifacts (CSV, JSON, the HTML page from a Jinja2 template);
- ``schedules``: the weekly Temporal Schedule.

The metric definitions are SQL in ``db/queries/reports.py`` (docs/metrics.md). Import the
names from here.
"""

from db.queries.reports import ReportData, Window
from services.reports.building import (
    InvalidReportInput,
    claim_week,
    index_report,
    record_failure,
    snapshot,
    store_artifacts,
    window_of,
)
from services.reports.rendering import artifact_key, build_manifest, render_artifacts, render_html
from services.reports.runs import (
    Artifact,
    ReportFailed,
    ReportNotFound,
    WeekNotOver,
    artifact,
    finished_weeks,
    get_report,
    is_week_to_date,
    list_reports,
    report_out,
    run_and_wait,
    run_reports,
    start_report_run,
    valid_week,
)
from services.reports.schedules import apply_schedules, ensure_schedules, weekly_report_schedule

__all__ = [
    "Artifact",
    "InvalidReportInput",
    "ReportData",
    "ReportFailed",
    "ReportNotFound",
    "WeekNotOver",
    "Window",
    "apply_schedules",
    "artifact",
    "artifact_key",
    "build_manifest",
    "claim_week",
    "ensure_schedules",
    "finished_weeks",
    "get_report",
    "index_report",
    "is_week_to_date",
    "list_reports",
    "record_failure",
    "render_artifacts",
    "render_html",
    "report_out",
    "run_and_wait",
    "run_reports",
    "snapshot",
    "start_report_run",
    "store_artifacts",
    "valid_week",
    "weekly_report_schedule",
    "window_of",
]
