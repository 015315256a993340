"""report.html in headless Chromium driven by Playwright (launched as
tests/ops/test_temporal_ui_browser.py launches it): at a 1280 px wide window the page never
scrolls sideways, the by-course table fits without its fallback scrollbar and clips no cell,
even with many courses, very long titles and large sums; both charts load (naturalWidth > 0)
with real data and with an empty database; money shows its currency; nothing is logged
(the page's CSP forbids every fetch). Locally the tests skip without Chromium; with CI=true
they fail instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, async_playwright

from db.migrate import upgrade_head
from db.queries.reports import METRIC_COLUMNS, ReportData, Window, compute_report
from db.session import make_engine, make_sessionmaker
from schemas.reports import day_bounds, week_window
from services.reports import build_manifest, render_artifacts
from tests.factories import create_course
from tests.ops.test_temporal_ui_browser import CHROMIUM_ARGS, _require_chromium
from tests.reports.seed import DAY, WEEK, S, seed_week

WIDTH = 1280
LONG_TITLE = (
    "An Unreasonably Thorough Introduction to Statistical Thinking for Product Managers, "
    "Analysts and Other Curious People, Second Edition "
)
UNBROKEN = "Supercalifragilisticexpialidocious" * 4  # no space to wrap at

LAYOUT = """() => {
  const table = [...document.querySelectorAll('table')].pop();  // by course, the last one
  const box = table.parentElement;
  const clipped = [...table.querySelectorAll('td, th')]
    .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent);
  return {
    page: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    table: table.scrollWidth,
    box: box.clientWidth,
    rows: table.tBodies[0].rows.length,
    clipped,
  };
}"""
IMAGES = """() => [...document.images].map(i => ({
  alt: i.alt, complete: i.complete, width: i.naturalWidth, height: i.naturalHeight,
}))"""


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=_require_chromium(), args=CHROMIUM_ARGS
        )
        yield launched
        await launched.close()


def _window() -> Window:
    start, end = week_window(WEEK, "UTC")
    return Window(start=start, end=end, days=day_bounds(WEEK, "UTC"))


async def _data(url: str, extra_courses: int = 0) -> ReportData:
    """The seeded week (real rows) plus courses with long titles, read by the report SQL."""
    upgrade_head(url)
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session, session.begin():
        if extra_courses >= 0:
            seeded = await seed_week(session)
            for n in range(extra_courses):
                title = f"{LONG_TITLE}{n}" if n % 5 else f"{UNBROKEN}{n}"
                course = await create_course(
                    session, seeded.admin, title=title, modules=1, lessons_per_module=1,
                    sections_per_lesson=1,
                )  # fmt: skip
                course.created_at = S - 30 * DAY
    async with make_sessionmaker(engine)() as session:
        data = await compute_report(session, _window())
    await engine.dispose()
    return data


def _page(tmp_path: Path, name: str, data: ReportData, **manifest: Any) -> Path:
    window = _window()
    built = build_manifest(WEEK, "UTC", window, data, window.end, **manifest)
    page = tmp_path / f"{name}.html"
    page.write_bytes(render_artifacts(WEEK, data, built)["report.html"])
    return page


async def _open(browser: Browser, page_file: Path) -> tuple[dict[str, Any], list[Any], Any]:
    context = await browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = await context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    await page.goto(page_file.as_uri())
    await page.wait_for_load_state("load")
    layout = await page.evaluate(LAYOUT)
    images = await page.evaluate(IMAGES)
    money = await page.locator("table").last.locator("tbody tr:first-child td").all_inner_texts()
    await context.close()
    return layout, images, (console, money)


def _fits(layout: dict[str, Any]) -> None:
    assert layout["page"] <= WIDTH, layout
    assert layout["body"] <= WIDTH, layout
    assert layout["table"] <= layout["box"], layout  # the fallback scrollbar stays unused
    assert layout["clipped"] == [], layout


def _charts_load(images: list[dict[str, Any]]) -> None:
    assert [i["alt"] for i in images] == ["daily activity", "courses"]
    for image in images:
        assert image["complete"] and image["width"] > 0 and image["height"] > 0, image


async def test_real_data_with_many_long_titled_courses_fits_1280(
    browser: Browser, tmp_path: Path
) -> None:
    data = await _data(f"sqlite+pysqlite:///{tmp_path / 'many.db'}", extra_courses=40)
    assert len(data.courses) == 42
    page = _page(tmp_path, "many", data, currency="EUR")
    layout, images, (console, first_row) = await _open(browser, page)
    _fits(layout)
    assert layout["rows"] == 42
    _charts_load(images)
    assert console == []
    revenue = 1 + list(METRIC_COLUMNS).index("revenue_cents")  # after the title column
    # a course's money is shown in the course's own currency (its payments are charged in
    # it; never converted), not in the report's
    assert first_row[0] == "Algebra" and first_row[revenue] == "US$10.00"


async def test_large_sums_and_unbroken_titles_still_fit(browser: Browser, tmp_path: Path) -> None:
    """Worst case the SQL can hand over: big numbers in every cell, 60 courses."""
    data = await _data(f"sqlite+pysqlite:///{tmp_path / 'big.db'}")
    samples = {"_cents": 123_456_789_012, "_rate": 0.987654, "_percent": 99.94,
               "_usd": 1_234_567.891, "_s": 987_654.0}  # fmt: skip
    big: dict[str, Any] = {
        column: next((v for end, v in samples.items() if column.endswith(end)), 9_876_543)
        for column in METRIC_COLUMNS
    }
    courses = [
        {"course_id": f"c{n}", "title": (UNBROKEN if n % 2 else LONG_TITLE * 2) + str(n), **big}
        for n in range(60)
    ]
    wide = ReportData(platform=big, courses=courses, daily=data.daily)
    page = _page(tmp_path, "big", wide, currency="CHF", partial=True)
    layout, images, (console, first_row) = await _open(browser, page)
    _fits(layout)
    _charts_load(images)
    assert console == []
    assert "CHF\u00a01,234,567,890.12" in first_row


async def test_charts_load_for_an_empty_install(browser: Browser, tmp_path: Path) -> None:
    data = await _data(f"sqlite+pysqlite:///{tmp_path / 'empty.db'}", extra_courses=-1)
    assert data.courses == [] and not any(d["active_learners"] for d in data.daily)
    page = _page(tmp_path, "empty", data, partial=True)
    layout, images, (console, _row) = await _open(browser, page)
    assert layout["page"] <= WIDTH and layout["rows"] == 0
    _charts_load(images)
    assert console == []
    assert "Week-to-date report" in page.read_text()
