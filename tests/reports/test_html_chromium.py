"""report.html in headless Chromium (Debian ``chromium``): renders to a PNG, no console output.

The page carries a Content-Security-Policy that forbids every fetch, so an external asset
would show up as a console message and fail the test. Locally the test skips without
Chromium; with CI=true it fails instead.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from db.migrate import upgrade_head
from db.queries.reports import Window, compute_report
from db.session import make_engine, make_sessionmaker
from schemas.reports import day_bounds, week_window
from services.reports import build_manifest, render_artifacts
from tests.reports.seed import WEEK, seed_week

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _require_chromium() -> str:
    if CHROMIUM is None:
        reason = "Debian `chromium` is not installed (apt-get install -y chromium)"
        if IN_CI:
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    return CHROMIUM


async def _screenshot(page: Path, png: Path) -> list[str]:
    """Render ``page`` to ``png``; return the console messages Chromium logged."""
    process = await asyncio.create_subprocess_exec(
        _require_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--disable-extensions", f"--user-data-dir={png.parent / 'profile'}",
        "--enable-logging=stderr", "--v=0", "--window-size=1280,2400",
        f"--screenshot={png}", page.as_uri(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return [line for line in err.decode(errors="replace").splitlines() if ":CONSOLE" in line]


async def test_report_page_renders_without_console_errors(tmp_path: Path) -> None:
    _require_chromium()
    url = f"sqlite+pysqlite:///{tmp_path / 'html.db'}"
    upgrade_head(url)
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session, session.begin():
        await seed_week(session)
    start, end = week_window(WEEK, "UTC")
    window = Window(start=start, end=end, days=day_bounds(WEEK, "UTC"))
    async with make_sessionmaker(engine)() as session:
        data = await compute_report(session, window)
    await engine.dispose()
    files = render_artifacts(WEEK, data, build_manifest(WEEK, "UTC", window, data, end))
    page = tmp_path / "report.html"
    page.write_bytes(files["report.html"])

    console = await _screenshot(page, tmp_path / "report.png")
    assert console == []
    with Image.open(tmp_path / "report.png") as image:
        assert image.size == (1280, 2400)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # text and two charts, not a blank page


async def test_the_console_check_catches_an_external_asset(tmp_path: Path) -> None:
    """The guard above can fail: the same policy blocks (and logs) a remote image."""
    _require_chromium()
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; img-src data:\"></head>"
        '<body><img src="https://example.com/chart.png"></body></html>'
    )
    console = await _screenshot(page, tmp_path / "bad.png")
    assert any("example.com/chart.png" in line for line in console)
