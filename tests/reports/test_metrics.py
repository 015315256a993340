"""The report's numbers on a seeded week, computed by hand (tests/reports/seed.py)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from sqlalchemy import select

from activities.reports import ReportActivities
from adapters.storage.local import LocalStorage
from core.settings import Settings
from db.models import Report
from db.queries.reports import Window, compute_report
from db.session import make_engine, make_sessionmaker
from schemas.enums import ReportStatus
from schemas.reports import (
    METRICS_VERSION,
    BuildReportInput,
    StartReportInput,
    day_bounds,
    week_window,
)
from tests.reports.seed import (
    EXPECTED_COURSES,
    EXPECTED_DAILY,
    EXPECTED_PLATFORM,
    WEEK,
    E,
    S,
    seed_week,
)


async def test_metrics_match_the_hand_computed_numbers(report_db_url: str) -> None:
    engine = make_engine(report_db_url)
    sessionmaker = make_sessionmaker(engine)
    try:
        async with sessionmaker() as session, session.begin():
            await seed_week(session)
        start, end = week_window(WEEK, "UTC")
        assert (start, end) == (S, E)
        async with sessionmaker() as session:
            data = await compute_report(
                session, Window(start=start, end=end, days=day_bounds(WEEK, "UTC"))
            )
    finally:
        await engine.dispose()
    assert data.platform == EXPECTED_PLATFORM
    by_title = {c["title"]: {k: v for k, v in c.items()
                             if k not in ("title", "course_id", "currency")}
                for c in data.courses}  # fmt: skip
    assert by_title == EXPECTED_COURSES
    assert {c["currency"] for c in data.courses} == {"USD"}  # each course's own currency
    assert [(d["active_learners"], d["events"], d["time_spent_s"]) for d in data.daily] == (
        EXPECTED_DAILY
    )
    assert data.source_counts["learning_events_in_window"] == 6


async def test_build_report_writes_artifacts_and_indexes_them(
    report_db_url: str, make_settings: Callable[..., Settings], tmp_path: object
) -> None:
    settings = make_settings(database_url=report_db_url)
    engine = make_engine(report_db_url)
    sessionmaker = make_sessionmaker(engine)
    storage = LocalStorage(settings.resolved_storage_dir)
    activities = ReportActivities(sessionmaker, storage, settings)
    try:
        async with sessionmaker() as session, session.begin():
            seeded = await seed_week(session)
        started = await activities.start_report(
            StartReportInput(week=WEEK, force=False, workflow_id="w")
        )
        assert started.skip is False
        built = await activities.build_report(BuildReportInput(week=WEEK, timezone="UTC"))
        again = await activities.start_report(
            StartReportInput(week=WEEK, force=False, workflow_id="w")
        )
        forced = await activities.start_report(
            StartReportInput(week=WEEK, force=True, workflow_id="w")
        )
        async with sessionmaker() as session:
            report = await session.scalar(select(Report).where(Report.week == WEEK))
    finally:
        await engine.dispose()
    assert again.skip is True and forced.skip is False
    assert built.admin_ids == [seeded.admin.id]
    assert built.artifact_keys == {
        name: f"reports/{WEEK}/{name}"
        for name in ("platform.csv", "courses.csv", "daily.csv", "report.html", "report.json")
    }
    document = json.loads(await storage.get(built.artifact_keys["report.json"]))
    manifest = document["manifest"]
    assert manifest["definitions_version"] == METRICS_VERSION
    assert manifest["window"] == {"start": S.isoformat(), "end": E.isoformat(), "timezone": "UTC"}
    assert manifest["row_counts"] == {"platform": 1, "courses": 2, "daily": 7}
    assert manifest["data_as_of"] > E.isoformat()
    assert document["platform"] == EXPECTED_PLATFORM
    courses = list(
        csv.DictReader(io.StringIO((await storage.get(f"reports/{WEEK}/courses.csv")).decode()))
    )
    assert [(r["title"], r["completion_rate"], r["median_time_spent_s"]) for r in courses] == [
        ("Algebra", "0.25", "325.0"), ("Biology", "0.3333", "440.0"),
    ]  # fmt: skip
    platform = list(
        csv.DictReader(io.StringIO((await storage.get(f"reports/{WEEK}/platform.csv")).decode()))
    )
    assert len(platform) == 1 and platform[0]["learners_at_risk"] == "2"
    page = (await storage.get(f"reports/{WEEK}/report.html")).decode()
    assert page.count("data:image/png;base64,") == 2
    assert "http://" not in page and "https://" not in page  # nothing fetched from outside
    assert report is not None and report.status == ReportStatus.running  # forced re-run claimed it
    assert report.manifest["artifacts"]["report.html"]["key"] == f"reports/{WEEK}/report.html"
