"""The pictures the operator docs show exist, and are the ones the browser test takes."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def test_every_image_a_doc_shows_exists() -> None:
    shown = [
        (page.name, ref) for page in DOCS.glob("*.md") for ref in IMAGE.findall(page.read_text())
    ]
    assert shown
    for page, ref in shown:
        assert (DOCS / ref).is_file(), f"{page} shows {ref}, which does not exist"


def test_operations_shows_the_screenshots_the_browser_test_takes() -> None:
    test = (Path(__file__).parent / "test_temporal_ui_browser.py").read_text()
    taken = set(re.findall(r'"(temporal-ui-[a-z-]+\.png)"', test))
    shown = {Path(ref).name for ref in IMAGE.findall((DOCS / "operations.md").read_text())}
    assert taken == {"temporal-ui-decoded.png", "temporal-ui-not-signed-in.png"}
    assert taken <= shown
