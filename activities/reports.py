"""Weekly report activities: claim the week, compute in SQL, render, store, index.

Artifacts live in object storage under ``reports/<week>/<name>`` (deterministic, so a retry
or a forced re-run overwrites the same objects); the ``reports`` row indexes them.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import hashlib
import html
import io
import json
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from adapters.storage.port import ObjectStorage
from core.settings import Settings
from db.base import utcnow
from db.models import Report
from db.queries.reports import METRIC_COLUMNS, ReportData, Window, admin_ids, compute_report
from db.session import transaction
from schemas.enums import ReportStatus
from schemas.reports import (
    ARTIFACTS,
    METRICS_VERSION,
    BuildReportInput,
    BuildReportResult,
    FailReportInput,
    StartReportInput,
    StartReportResult,
    day_bounds,
    week_window,
)

MAX_CHART_COURSES = 12
# The page may load nothing from anywhere: inline styles and data: images only.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def artifact_key(week: str, name: str) -> str:
    return f"reports/{week}/{name}"


# --- rendering ---------------------------------------------------------------------------
def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    return buffer.getvalue().encode()


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode()


def _figure(title: str) -> tuple[Any, Any]:
    # The object API (no pyplot): no global state, safe in the activity's thread.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.2))
    ax = fig.subplots()
    ax.set_title(title, fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def daily_chart(daily: list[dict[str, Any]]) -> str:
    from matplotlib.ticker import MaxNLocator

    fig, ax = _figure("Daily active learners and learning time")
    labels = [d["date"][5:] for d in daily]
    ax.bar(labels, [d["active_learners"] for d in daily], color="#4C78A8", label="learners")
    ax.set_ylabel("active learners")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    twin = ax.twinx()
    twin.plot(labels, [d["time_spent_s"] / 3600 for d in daily], color="#F58518", marker="o")
    twin.set_ylabel("hours of learning")
    return _png(fig)


def courses_chart(courses: list[dict[str, Any]]) -> str:
    from matplotlib.ticker import MaxNLocator

    ranked = sorted(
        courses, key=lambda c: (c["new_enrollments"] + c["completions"], c["title"]), reverse=True
    )[:MAX_CHART_COURSES]
    fig, ax = _figure("New enrollments and completions by course (top courses)")
    names = [c["title"][:28] for c in ranked][::-1]
    positions = list(range(len(names)))
    ax.barh([p + 0.2 for p in positions], [c["new_enrollments"] for c in ranked][::-1],
            height=0.4, color="#4C78A8", label="new enrollments")  # fmt: skip
    ax.barh([p - 0.2 for p in positions], [c["completions"] for c in ranked][::-1],
            height=0.4, color="#54A24B", label="completions")  # fmt: skip
    ax.set_yticks(positions, names, fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=8, frameon=False)
    if not ranked:
        ax.text(0.5, 0.5, "no courses yet", ha="center", transform=ax.transAxes)
    return _png(fig)


def _duration(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}h {rest // 60:02d}m" if hours else f"{rest // 60}m {rest % 60:02d}s"


def _fmt(column: str, value: Any) -> str:
    """Rates as percentages, cents as money, seconds as durations: readable, not raw."""
    if value is None:
        return "-"
    if column.endswith("_rate"):
        return f"{value * 100:.1f}%"
    if column.endswith("_percent"):
        return f"{value:.1f}%"
    if column.endswith("_cents"):
        return f"{value / 100:,.2f}"
    if column.endswith("_usd"):
        return f"${value:,.3f}"
    if column.endswith("_s"):
        return _duration(value)
    if isinstance(value, int):
        return f"{value:,}"
    return html.escape(str(value))


def _label(column: str) -> str:
    return LABELS.get(column, column.replace("_", " "))


LABELS = {
    "average_progress_percent": "average progress",
    "median_time_spent_s": "median time spent",
    "revenue_cents": "revenue",
    "refunds_cents": "refunds",
    "net_revenue_cents": "net revenue",
    "ai_generation_cost_usd": "AI generation cost",
    "time_spent_s": "time spent",
}


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(_label(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_fmt(c, r.get(c))}</td>" for c in columns) + "</tr>" for r in rows
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="wide">{table}</div>'


STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#222}
h1{margin-bottom:.2rem}.meta{color:#666;font-size:.9rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1.2rem 0}
.card{border:1px solid #ddd;border-radius:8px;padding:.6rem .9rem;min-width:9rem}
.card b{display:block;font-size:1.4rem}.card span{color:#666;font-size:.8rem}
table{border-collapse:collapse;font-size:.85rem;margin:1rem 0}
th,td{border-bottom:1px solid #eee;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}img{max-width:100%}.wide{overflow-x:auto}
"""


def render_html(week: str, data: ReportData, manifest: dict[str, Any]) -> bytes:
    """One self-contained page: inline CSS, charts as data: URIs, no scripts, no fetches."""
    window = manifest["window"]
    cards = "".join(
        f'<div class="card"><b>{_fmt(c, data.platform[c])}</b><span>{_label(c)}</span></div>'
        for c in METRIC_COLUMNS
    )
    charts = "".join(
        f'<img alt="{alt}" src="data:image/png;base64,{png}">'
        for alt, png in (
            ("daily activity", daily_chart(data.daily)),
            ("courses", courses_chart(data.courses)),
        )
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>courseflow weekly report {html.escape(week)}</title>
<style>{STYLE}</style></head><body>
<h1>Weekly report {html.escape(week)}</h1>
<p class="meta">{html.escape(window["start"])} to {html.escape(window["end"])}
({html.escape(window["timezone"])}) · metric definitions {METRICS_VERSION} ·
data as of {html.escape(manifest["data_as_of"])}</p>
<h2>Platform</h2><div class="cards">{cards}</div>{charts}
<h2>By day</h2>{_table(data.daily, ["date", "active_learners", "events", "time_spent_s"])}
<h2>By course</h2>{_table(data.courses, ["title", *METRIC_COLUMNS])}
</body></html>"""
    return page.encode()


def render_artifacts(week: str, data: ReportData, manifest: dict[str, Any]) -> dict[str, bytes]:
    course_columns = ["course_id", "title", *METRIC_COLUMNS]
    files = {
        "platform.csv": to_csv([data.platform], list(METRIC_COLUMNS)),
        "courses.csv": to_csv(data.courses, course_columns),
        "daily.csv": to_csv(data.daily, ["date", "active_learners", "events", "time_spent_s"]),
        "report.html": render_html(week, data, manifest),
    }
    manifest["artifacts"] = {
        name: {
            "key": artifact_key(week, name),
            "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
        for name, body in files.items()
    }
    document = {
        "manifest": manifest,
        "platform": data.platform,
        "courses": data.courses,
        "daily": data.daily,
    }
    files["report.json"] = json.dumps(document, indent=2, sort_keys=True).encode()
    return files


def build_manifest(
    week: str, timezone: str, window: Window, data: ReportData, as_of: datetime
) -> dict[str, Any]:
    return {
        "definitions_version": METRICS_VERSION,
        "week": week,
        "window": {
            "start": window.start.isoformat(),
            "end": window.end.isoformat(),
            "timezone": timezone,
        },
        "data_as_of": as_of.isoformat(),
        "row_counts": {
            "platform": 1,
            "courses": len(data.courses),
            "daily": len(data.daily),
        },
        "source_counts": data.source_counts,
    }


# --- activities --------------------------------------------------------------------------
class ReportActivities:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        storage: ObjectStorage,
        settings: Settings,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.storage = storage
        self.settings = settings

    @activity.defn
    async def start_report(self, input: StartReportInput) -> StartReportResult:
        """Claim the week's row; a completed week is skipped unless forced."""
        async with transaction(self.sessionmaker) as session:
            report = await session.scalar(
                select(Report).where(Report.week == input.week).with_for_update()
            )
            if report is None:
                session.add(
                    Report(
                        week=input.week,
                        status=ReportStatus.running,
                        definitions_version=METRICS_VERSION,
                    )
                )
                return StartReportResult(skip=False)
            if report.status == ReportStatus.completed and not input.force:
                return StartReportResult(skip=True, artifact_keys=dict(report.artifact_keys))
            report.status = ReportStatus.running
            report.error = None
            report.definitions_version = METRICS_VERSION
        return StartReportResult(skip=False)

    async def _compute(self, window: Window) -> tuple[ReportData, datetime, list[uuid.UUID]]:
        async with self.sessionmaker() as session:
            bind = session.bind
            if bind is not None and bind.dialect.name == "postgresql":
                # One snapshot for every aggregate, so the numbers agree with each other.
                await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            as_of = utcnow()
            data = await compute_report(session, window)
            admins = await admin_ids(session, self.settings.report_admin_emails)
        return data, as_of, admins

    @activity.defn
    async def build_report(self, input: BuildReportInput) -> BuildReportResult:
        try:
            start, end = week_window(input.week, input.timezone)
        except (ValueError, ZoneInfoNotFoundError) as exc:  # no retry can fix the input
            raise ApplicationError(str(exc), type="InvalidReportInput", non_retryable=True) from exc
        window = Window(start=start, end=end, days=day_bounds(input.week, input.timezone))
        data, as_of, admins = await self._compute(window)
        manifest = build_manifest(input.week, input.timezone, window, data, as_of)
        files = await asyncio.to_thread(render_artifacts, input.week, data, manifest)
        keys = {}
        for name, body in files.items():
            key = artifact_key(input.week, name)
            await self.storage.put(key, body, ARTIFACTS[name])
            keys[name] = key
        async with transaction(self.sessionmaker) as session:
            report = await session.scalar(select(Report).where(Report.week == input.week))
            assert report is not None, "start_report creates the row"
            report.status = ReportStatus.completed
            report.artifact_keys = keys
            report.manifest = manifest
            report.completed_at = utcnow()
            report.error = None
        activity.logger.info("report.built week=%s courses=%d", input.week, len(data.courses))
        return BuildReportResult(
            week=input.week,
            artifact_keys=keys,
            row_counts=manifest["row_counts"],
            admin_ids=admins,
        )

    @activity.defn
    async def fail_report(self, input: FailReportInput) -> None:
        async with transaction(self.sessionmaker) as session:
            report = await session.scalar(select(Report).where(Report.week == input.week))
            if report is not None and report.status != ReportStatus.completed:
                report.status = ReportStatus.failed
                report.error = input.error[:2000]
