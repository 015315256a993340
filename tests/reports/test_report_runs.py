"""WeeklyReportWorkflow through the API on the real dev server and worker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from temporalio.client import WorkflowFailureError
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from db.migrate import upgrade_head
from db.models import Notification
from db.session import make_engine, make_sessionmaker
from schemas.enums import Role
from schemas.reports import WeeklyReportResult, week_of
from schemas.temporal import REPORT_WEEK, report_workflow_id
from tests.factories import auth_headers, create_user
from tests.learning.support import running_worker
from tests.reports.seed import EXPECTED_PLATFORM, WEEK, seed_week
from workflows.reports import WeeklyReportWorkflow

ApiFactory = Callable[..., Any]


async def _result(env: WorkflowEnvironment, workflow_id: str) -> WeeklyReportResult:
    return await env.client.get_workflow_handle_for(WeeklyReportWorkflow.run, workflow_id).result()


async def test_runs_backfills_and_downloads(
    tmp_path: Path, make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
    dev_env: WorkflowEnvironment, task_queue: str,
) -> None:  # fmt: skip
    url = f"sqlite+pysqlite:///{tmp_path / 'reports.db'}"
    upgrade_head(url)
    settings = make_settings(
        database_url=url, task_queue=task_queue, llm_task_queue=task_queue + "-llm"
    )
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session, session.begin():
        seeded = await seed_week(session)
    admin = auth_headers(settings, seeded.admin)
    api = await api_client_factory(settings, temporal=dev_env.client)
    async with running_worker(dev_env.client, settings):
        started = await api.post("/api/v1/reports/runs", json={"week": WEEK}, headers=admin)
        assert started.status_code == 202, started.text
        [run] = started.json()["runs"]
        assert run == {
            "week": WEEK, "workflow_id": report_workflow_id(WEEK), "status": "started",
            "partial": False,
        }  # fmt: skip
        first = await _result(dev_env, run["workflow_id"])
        described = await dev_env.client.get_workflow_handle(run["workflow_id"]).describe()
        assert described.typed_search_attributes.get(REPORT_WEEK) == WEEK

        await api.post("/api/v1/reports/runs", json={"week": WEEK}, headers=admin)
        second = await _result(dev_env, run["workflow_id"])
        await api.post("/api/v1/reports/runs", json={"week": WEEK, "force": True}, headers=admin)
        forced = await _result(dev_env, run["workflow_id"])

        backfill = await api.post(
            "/api/v1/reports/runs", json={"from": "2026-W39", "to": WEEK}, headers=admin
        )
        assert [r["week"] for r in backfill.json()["runs"]] == ["2026-W39", WEEK]
        statuses = [(await _result(dev_env, r["workflow_id"])).status
                    for r in backfill.json()["runs"]]  # fmt: skip
    assert (first.status, second.status, forced.status) == ("completed", "skipped", "completed")
    assert statuses == ["completed", "skipped"]

    listing = await api.get("/api/v1/reports", headers=admin)
    assert [r["week"] for r in listing.json()["reports"]] == [WEEK, "2026-W39"]
    one = (await api.get(f"/api/v1/reports/{WEEK}", headers=admin)).json()
    assert one["status"] == "completed" and one["manifest"]["week"] == WEEK
    assert one["artifacts"]["report.html"] == f"/api/v1/reports/{WEEK}/report.html"
    document = await api.get(one["artifacts"]["report.json"], headers=admin)
    assert document.status_code == 200 and document.json()["platform"] == EXPECTED_PLATFORM
    table = await api.get(f"/api/v1/reports/{WEEK}/courses.csv", headers=admin)
    assert table.headers["content-type"].startswith("text/csv")
    assert table.text.splitlines()[1].split(",")[1] == "Algebra"
    assert (await api.get(f"/api/v1/reports/{WEEK}/secrets.txt", headers=admin)).status_code == 404
    assert (await api.get("/api/v1/reports/2026-W99", headers=admin)).status_code == 422
    assert (await api.get("/api/v1/reports/2026-W30", headers=admin)).status_code == 404
    async with make_sessionmaker(engine)() as session:
        notified = await session.scalar(
            select(func.count()).where(
                Notification.user_id == seeded.admin.id, Notification.kind == "report.ready"
            )
        )
    await engine.dispose()
    assert notified == 2  # once per week: the forced re-run does not notify again


async def test_run_requests_are_validated(
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
    sqlite_session_url: str, dev_env: WorkflowEnvironment,
) -> None:  # fmt: skip
    settings = make_settings(database_url=sqlite_session_url)
    engine = make_engine(sqlite_session_url)
    async with make_sessionmaker(engine)() as session, session.begin():
        admin = await create_user(session, Role.admin)
    await engine.dispose()
    api = await api_client_factory(settings, temporal=dev_env.client)
    headers = auth_headers(settings, admin)
    bad = [
        {"week": "2026-W54"},
        {"week": "2026-47"},
        {"from": "2026-W40"},
        {"week": WEEK, "from": "2026-W39", "to": WEEK},
        {"from": "2026-W40", "to": "2026-W39"},
        {"from": "2020-W01", "to": WEEK},
        {"week": WEEK, "extra": 1},
        {"week": "2099-W01"},  # not over yet: a partial report would stick as "completed"
        {"from": WEEK, "to": week_of(datetime.now(UTC).date())},  # the current week
    ]
    for body in bad:
        response = await api.post("/api/v1/reports/runs", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.headers["content-type"].startswith("application/problem+json")


class DeniedStorage:
    """Object storage that refuses every write (a bucket policy gone wrong)."""

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        raise PermissionError(f"write to {key} denied")

    async def get(self, key: str) -> bytes:
        raise PermissionError(key)

    async def exists(self, key: str) -> bool:
        return False

    async def delete(self, key: str) -> None:
        raise PermissionError(key)

    async def presigned_url(self, key: str, ttl_s: int) -> str | None:
        return None


async def test_a_failed_build_marks_the_week_failed_and_a_rerun_recovers(
    tmp_path: Path, make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
    dev_env: WorkflowEnvironment, task_queue: str,
) -> None:  # fmt: skip
    url = f"sqlite+pysqlite:///{tmp_path / 'failing.db'}"
    upgrade_head(url)
    settings = make_settings(
        database_url=url, task_queue=task_queue, llm_task_queue=task_queue + "-llm"
    )
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session, session.begin():
        seeded = await seed_week(session)
    await engine.dispose()
    admin = auth_headers(settings, seeded.admin)
    api = await api_client_factory(settings, temporal=dev_env.client)
    workflow_id = report_workflow_id(WEEK)
    async with running_worker(dev_env.client, settings, storage=DeniedStorage()):
        await api.post("/api/v1/reports/runs", json={"week": WEEK}, headers=admin)
        with pytest.raises(WorkflowFailureError):
            await _result(dev_env, workflow_id)
    failed = (await api.get(f"/api/v1/reports/{WEEK}", headers=admin)).json()
    assert failed["status"] == "failed" and "denied" in failed["error"]
    assert failed["artifacts"] == {}
    async with running_worker(dev_env.client, settings):
        await api.post("/api/v1/reports/runs", json={"week": WEEK}, headers=admin)
        assert (await _result(dev_env, workflow_id)).status == "completed"  # no force needed
    recovered = (await api.get(f"/api/v1/reports/{WEEK}", headers=admin)).json()
    assert recovered["status"] == "completed" and recovered["error"] is None
