"""The report page is rendered from a Jinja2 template with autoescape: whatever a course's
title holds, it stays text, and the page still loads nothing from anywhere."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from db.queries.reports import METRIC_COLUMNS, ReportData
from services.reports import Window, build_manifest, render_artifacts
from services.reports.rendering import CSP, cell, money

HOSTILE = '<script>alert("x")</script><img src=https://evil.example/x.png>'


def _data() -> ReportData:
    course = {column: 1 for column in METRIC_COLUMNS}
    course.update(course_id="c1", title=HOSTILE, completion_rate=0.5, revenue_cents=4900)
    platform = {column: 0 for column in METRIC_COLUMNS}
    daily = [{"date": "2026-09-28", "active_learners": 2, "events": 3, "time_spent_s": 3725}]
    return ReportData(platform=platform, courses=[course], daily=daily)


def test_a_hostile_course_title_is_escaped_and_the_page_stays_self_contained() -> None:
    start = datetime(2026, 9, 28, tzinfo=UTC)
    window = Window(start=start, end=datetime(2026, 10, 5, tzinfo=UTC))
    data = _data()
    files = render_artifacts(
        "2026-W40", data, build_manifest("2026-W40", "UTC", window, data, start)
    )
    page = files["report.html"].decode()
    assert "<script>" not in page and "evil.example/x.png>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert f'content="{CSP.replace(chr(39), "&#39;")}"' in page
    assert "50.0%" in page and "US$49.00" in page and "1h 02m" in page  # values, formatted
    rows = list(csv.DictReader(io.StringIO(files["courses.csv"].decode())))
    assert [row["title"] for row in rows] == [HOSTILE]  # CSV keeps the data as it is


def test_money_carries_its_currency_in_cells_totals_and_manifest() -> None:
    start = datetime(2026, 9, 28, tzinfo=UTC)
    window = Window(start=start, end=datetime(2026, 10, 5, tzinfo=UTC))
    data = _data()
    data.platform.update(revenue_cents=123_456, refunds_cents=4900, net_revenue_cents=-4900)
    manifest = build_manifest("2026-W40", "UTC", window, data, start, currency="GBP")
    files = render_artifacts("2026-W40", data, manifest)
    page = files["report.html"].decode()
    assert "£49.00" in page  # a course's cell
    assert "£1,234.56" in page and "-£49.00" in page  # the platform totals
    assert "money in GBP" in page
    assert json.loads(files["report.json"])["manifest"]["currency"] == "GBP"
    assert manifest["partial"] is False and "as_of" not in manifest


def test_the_money_formatter() -> None:
    assert money(123_456, "USD") == "US$1,234.56"
    assert money(-300, "EUR") == "-€3.00"
    assert money(1200, "CHF") == "CHF\u00a012.00"
    assert money(1200, "JPY") == "¥1,200"  # no minor unit
    assert money(1234, "KWD") == "KWD\u00a01.234"  # three decimals
    assert cell(None, "revenue_cents", "EUR") == "-"
    assert cell(0.5, "ai_generation_cost_usd", "EUR") == "US$0.500"  # the vendor bills USD


def test_a_partial_manifest_says_so_and_when() -> None:
    start = datetime(2026, 9, 28, tzinfo=UTC)
    window = Window(start=start, end=datetime(2026, 10, 5, tzinfo=UTC))
    data = _data()
    as_of = datetime(2026, 9, 30, 12, tzinfo=UTC)
    manifest = build_manifest("2026-W40", "UTC", window, data, as_of, partial=True)
    assert manifest["partial"] is True and manifest["as_of"] == as_of.isoformat()
    page = render_artifacts("2026-W40", data, manifest)["report.html"].decode()
    assert "Week-to-date report 2026-W40" in page and "recomputed on each request" in page


def test_the_csvs_carry_a_currency_and_a_course_is_shown_in_its_own() -> None:
    """Per currency, not converted: a course's money is in the course's currency, the
    platform row's in the report's."""
    start = datetime(2026, 9, 28, tzinfo=UTC)
    window = Window(start=start, end=datetime(2026, 10, 5, tzinfo=UTC))
    data = _data()
    data.courses[0]["currency"] = "EUR"
    data.platform.update(revenue_cents=123_456)
    manifest = build_manifest("2026-W40", "UTC", window, data, start, currency="GBP")
    files = render_artifacts("2026-W40", data, manifest)
    [course] = list(csv.DictReader(io.StringIO(files["courses.csv"].decode())))
    assert (course["currency"], course["revenue_cents"]) == ("EUR", "4900")
    [platform] = list(csv.DictReader(io.StringIO(files["platform.csv"].decode())))
    assert (platform["currency"], platform["revenue_cents"]) == ("GBP", "123456")
    page = files["report.html"].decode()
    assert "€49.00" in page and "£49.00" not in page  # the course's cell, in euros
    assert "£1,234.56" in page  # the platform total, in the report's currency
