"""The weekly report's artifacts: CSV files, a JSON document with its manifest, and a
self-contained HTML page (Jinja2 template with autoescape, charts drawn by matplotlib and
inlined as data: URIs). Pure: data in, bytes out."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from datetime import datetime
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from db.queries.reports import METRIC_COLUMNS, ReportData, Window
from schemas.reports import METRICS_VERSION

MAX_CHART_COURSES = 12
# The page may load nothing from anywhere: inline styles and data: images only.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
DAILY_COLUMNS = ["date", "active_learners", "events", "time_spent_s"]
LABELS = {
    "average_progress_percent": "average progress",
    "median_time_spent_s": "median time spent",
    "revenue_cents": "revenue",
    "refunds_cents": "refunds",
    "net_revenue_cents": "net revenue",
    "ai_generation_cost_usd": "AI generation cost",
    "time_spent_s": "time spent",
}


def artifact_key(week: str, name: str) -> str:
    """Deterministic, so a retry or a forced re-run overwrites the same objects."""
    return f"reports/{week}/{name}"


# --- CSV ----------------------------------------------------------------------------------
def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    return buffer.getvalue().encode()


# --- charts --------------------------------------------------------------------------------
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


def _from_zero(axis: Any, values: list[float], which: str = "y") -> None:
    """Counts and hours are never negative: the axis starts at 0, and an all-zero series
    gets 0..1 instead of matplotlib's symmetric ±0.05 around zero (negative ticks)."""
    top = max(values, default=0)
    limits = (0, top * 1.1 if top > 0 else 1)
    (axis.set_ylim if which == "y" else axis.set_xlim)(*limits)


def daily_figure(daily: list[dict[str, Any]]) -> tuple[Any, Any, Any]:
    from matplotlib.ticker import MaxNLocator

    fig, ax = _figure("Daily active learners and learning time")
    labels = [d["date"][5:] for d in daily]
    learners = [d["active_learners"] for d in daily]
    hours = [d["time_spent_s"] / 3600 for d in daily]
    bars = ax.bar(labels, learners, color="#4C78A8", label="active learners")
    ax.set_ylabel("active learners")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _from_zero(ax, learners)
    twin = ax.twinx()
    (line,) = twin.plot(labels, hours, color="#F58518", marker="o", label="hours of learning")
    twin.set_ylabel("hours of learning")
    _from_zero(twin, hours)
    ax.legend(handles=[bars, line], fontsize=8, frameon=False, loc="upper left")
    return fig, ax, twin


def daily_chart(daily: list[dict[str, Any]]) -> str:
    return _png(daily_figure(daily)[0])


def courses_figure(courses: list[dict[str, Any]]) -> tuple[Any, Any]:
    from matplotlib.ticker import MaxNLocator

    ranked = sorted(
        courses, key=lambda c: (c["new_enrollments"] + c["completions"], c["title"]), reverse=True
    )[:MAX_CHART_COURSES]
    fig, ax = _figure("New enrollments and completions by course (top courses)")
    names = [c["title"][:28] for c in ranked][::-1]
    positions = list(range(len(names)))
    enrollments = [c["new_enrollments"] for c in ranked][::-1]
    completions = [c["completions"] for c in ranked][::-1]
    ax.barh([p + 0.2 for p in positions], enrollments,
            height=0.4, color="#4C78A8", label="new enrollments")  # fmt: skip
    ax.barh([p - 0.2 for p in positions], completions,
            height=0.4, color="#54A24B", label="completions")  # fmt: skip
    ax.set_yticks(positions, names, fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _from_zero(ax, [*enrollments, *completions], which="x")
    ax.legend(fontsize=8, frameon=False)
    if not ranked:
        ax.text(0.5, 0.5, "no courses yet", ha="center", transform=ax.transAxes)
    elif not any(enrollments) and not any(completions):
        ax.text(0.5, 0.5, "no enrollments or completions this week", ha="center",
                transform=ax.transAxes)  # fmt: skip
    return fig, ax


def courses_chart(courses: list[dict[str, Any]]) -> str:
    return _png(courses_figure(courses)[0])


# --- the HTML page -------------------------------------------------------------------------
def _duration(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}h {rest // 60:02d}m" if hours else f"{rest // 60}m {rest % 60:02d}s"


# ISO 4217 minor units where they are not 2 (babel is not a dependency: this small table
# and the symbols below are all the formatting reports need).
MINOR_UNITS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip
# Only symbols no other currency uses ("$" alone would hide CAD or AUD); others print the code.
SYMBOLS = {"USD": "US$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def money(minor: float, currency: str) -> str:
    """An amount in minor units (cents) with its currency: ``US$1,234.50``, ``-€3.00``,
    ``CHF 12.00``; a non-breaking space keeps a code with its number."""
    places = MINOR_UNITS.get(currency, 2)
    amount = f"{abs(minor) / 10**places:,.{places}f}"
    sign = "-" if minor < 0 else ""
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{currency}\u00a0{amount}"


def cell(value: Any, column: str, currency: str = "USD") -> str:
    """Rates as percentages, cents as money in the report's currency, seconds as durations:
    readable, not raw."""
    if value is None:
        return "-"
    if column.endswith("_rate"):
        return f"{value * 100:.1f}%"
    if column.endswith("_percent"):
        return f"{value:.1f}%"
    if column.endswith("_cents"):
        return money(value, currency)
    if column.endswith("_usd"):  # what the AI vendor bills, always in US dollars
        return f"US${value:,.3f}"
    if column.endswith("_s"):
        return _duration(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def label(column: str) -> str:
    return LABELS.get(column, column.replace("_", " "))


@cache
def _templates() -> Environment:
    environment = Environment(
        loader=PackageLoader("services.reports", "templates"),
        autoescape=True,  # every value is text: a course title cannot become markup
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    environment.filters["cell"] = cell
    environment.filters["label"] = label
    return environment


def render_html(week: str, data: ReportData, manifest: dict[str, Any]) -> bytes:
    """One self-contained page: inline CSS, charts as data: URIs, no scripts, no fetches."""
    charts = [
        {"alt": "daily activity", "png": daily_chart(data.daily)},
        {"alt": "courses", "png": courses_chart(data.courses)},
    ]
    page = (
        _templates()
        .get_template("report.html.j2")
        .render(
            csp=CSP,
            week=week,
            window=manifest["window"],
            version=METRICS_VERSION,
            data_as_of=manifest["data_as_of"],
            partial=manifest.get("partial", False),
            currency=manifest.get("currency", "USD"),
            metric_columns=list(METRIC_COLUMNS),
            platform=data.platform,
            charts=charts,
            daily=data.daily,
            daily_columns=DAILY_COLUMNS,
            courses=data.courses,
            course_columns=["title", *METRIC_COLUMNS],
        )
    )
    return page.encode()


# --- every artifact --------------------------------------------------------------------------
def build_manifest(
    week: str, timezone: str, window: Window, data: ReportData, as_of: datetime,
    *, partial: bool = False, currency: str = "USD",
) -> dict[str, Any]:  # fmt: skip
    """``partial``: a week-to-date report, with the data up to ``as_of`` only; the week's
    final report (``partial: false``) replaces it once the week has ended."""
    return {
        "definitions_version": METRICS_VERSION,
        "week": week,
        "partial": partial,
        **({"as_of": as_of.isoformat()} if partial else {}),
        "currency": currency,
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


def render_artifacts(week: str, data: ReportData, manifest: dict[str, Any]) -> dict[str, bytes]:
    """Every artifact by name; the manifest gains each one's key, size and SHA-256."""
    # Money columns are minor units: a course's in its own currency (its payments are charged
    # in it), the platform row's in the report's currency (``COURSEFLOW_REPORT_CURRENCY``).
    course_columns = ["course_id", "title", "currency", *METRIC_COLUMNS]
    platform = {"currency": manifest.get("currency", "USD"), **data.platform}
    files = {
        "platform.csv": to_csv([platform], ["currency", *METRIC_COLUMNS]),
        "courses.csv": to_csv(data.courses, course_columns),
        "daily.csv": to_csv(data.daily, DAILY_COLUMNS),
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
