"""The current week as a week-to-date report: requested through the API and the CLI, marked
partial in its manifest, recomputed on every request, announced to no one; never built as
a final report (not by a request, not by the schedule); the week's final report replaces
it once the week has ended.

Real dev server, real worker, a SQLite file per test; the data are written at the time the
test runs, so "the current week" is the real one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import WorkflowFailureError
from temporalio.testing import WorkflowEnvironment

from cli.main import cli
from core.settings import Settings
from db.base import utcnow
from db.migrate import upgrade_head
from db.models import Course, Notification, Payment, Report, User
from db.session import make_engine, make_sessionmaker
from schemas.enums import PaymentKind, Role
from schemas.reports import (
    WEEKLY_REPORT_WORKFLOW,
    WeeklyReportInput,
    WeeklyReportResult,
    current_week,
    week_that_ended,
)
from schemas.temporal import report_workflow_id
from services.reports import weekly_report_schedule
from tests.factories import auth_headers, create_course, create_user
from tests.learning.support import create_enrollment, running_worker
from workflows.reports import WeeklyReportWorkflow

ApiFactory = Callable[..., Any]


async def _enroll_and_pay(session: AsyncSession, course: Course, cents: int) -> None:
    """A new enrollment and its payment, now (so in the current week)."""
    student = await create_user(session, Role.student)
    enrollment = await create_enrollment(session, course, student, init_sections=False)
    session.add(
        Payment(
            enrollment_id=enrollment.id, kind=PaymentKind.charge,
            idempotency_key=f"{enrollment.id}:charge", amount_cents=cents, currency="EUR",
            gateway="sandbox", gateway_ref="ref", created_at=utcnow(),
        )
    )  # fmt: skip


async def _result(env: WorkflowEnvironment, workflow_id: str) -> WeeklyReportResult:
    return await env.client.get_workflow_handle_for(WeeklyReportWorkflow.run, workflow_id).result()


async def _stack(
    tmp_path: Path, make_settings: Callable[..., Settings], task_queue: str
) -> tuple[str, Settings, User, Course]:
    url = f"sqlite+pysqlite:///{tmp_path / 'wtd.db'}"
    upgrade_head(url)
    settings = make_settings(
        database_url=url, task_queue=task_queue, llm_task_queue=task_queue + "-llm",
        report_currency="EUR",
    )  # fmt: skip
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session, session.begin():
        admin = await create_user(session, Role.admin)
        author = await create_user(session, Role.instructor)
        course = await create_course(session, author, title="Week-to-date Algebra")
        await _enroll_and_pay(session, course, 1250)
    await engine.dispose()
    return url, settings, admin, course


async def test_the_current_week_is_a_partial_report_recomputed_on_each_request(
    tmp_path: Path, make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
    dev_env: WorkflowEnvironment, task_queue: str,
) -> None:  # fmt: skip
    url, settings, admin_user, course = await _stack(tmp_path, make_settings, task_queue)
    week = current_week(settings.report_timezone, datetime.now(UTC))
    admin = auth_headers(settings, admin_user)
    api = await api_client_factory(settings, temporal=dev_env.client)
    engine = make_engine(url)
    async with running_worker(dev_env.client, settings):
        started = await api.post("/api/v1/reports/runs", json={"week": week}, headers=admin)
        assert started.status_code == 202, started.text
        [run] = started.json()["runs"]
        assert run["partial"] is True and run["workflow_id"] == report_workflow_id(week)
        first = await _result(dev_env, run["workflow_id"])
        assert (first.status, first.partial) == ("completed", True)
        one = (await api.get(f"/api/v1/reports/{week}", headers=admin)).json()
        assert one["partial"] is True and one["status"] == "completed"
        assert one["manifest"]["partial"] is True and one["manifest"]["currency"] == "EUR"
        first_as_of = datetime.fromisoformat(one["manifest"]["as_of"])
        assert one["manifest"]["as_of"] == one["manifest"]["data_as_of"]
        document = (await api.get(one["artifacts"]["report.json"], headers=admin)).json()
        assert document["platform"]["new_enrollments"] == 1
        assert document["platform"]["revenue_cents"] == 1250
        page = (await api.get(one["artifacts"]["report.html"], headers=admin)).text
        assert "Week-to-date report" in page and 'id="partial"' in page
        assert "€12.50" in page

        # More activity, then the same request again (no force): recomputed, not skipped.
        async with make_sessionmaker(engine)() as session, session.begin():
            await _enroll_and_pay(session, course, 800)
        again = await api.post("/api/v1/reports/runs", json={"week": week}, headers=admin)
        assert again.status_code == 202, again.text
        second = await _result(dev_env, run["workflow_id"])
        assert (second.status, second.partial) == ("completed", True)
        two = (await api.get(f"/api/v1/reports/{week}", headers=admin)).json()
        assert two["partial"] is True
        assert datetime.fromisoformat(two["manifest"]["as_of"]) > first_as_of
        document = (await api.get(two["artifacts"]["report.json"], headers=admin)).json()
        assert document["platform"]["new_enrollments"] == 2
        assert document["platform"]["revenue_cents"] == 2050
        assert "€20.50" in (await api.get(two["artifacts"]["report.html"], headers=admin)).text

        # The CLI asks for it by name and says it is partial and where the files are.
        env = {
            "COURSEFLOW_ENVIRONMENT": "test",
            "COURSEFLOW_DATA_DIR": str(tmp_path / "var"),
            "COURSEFLOW_DATABASE_URL": url,
            "COURSEFLOW_TASK_QUEUE": task_queue,
            "COURSEFLOW_REPORT_CURRENCY": "EUR",
            "COURSEFLOW_TEMPORAL_ADDRESS": dev_env.client.service_client.config.target_host,
        }
        ran = await asyncio.to_thread(
            CliRunner().invoke, cli, ["reports", "run", "--week", "current"], env=env
        )
        assert ran.exit_code == 0, ran.output
        head, *artifacts = ran.stdout.splitlines()
        assert head.startswith(f"{week}: completed (weekly-report-{week}, week to date: partial")
        assert any(line.strip().startswith("report.html") for line in artifacts)
    async with make_sessionmaker(engine)() as session:
        announced = await session.scalar(
            select(func.count()).where(Notification.kind == "report.ready")
        )
    await engine.dispose()
    assert announced == 0  # a week-to-date report is asked for, not announced


async def test_no_final_report_of_an_unfinished_week_and_the_final_replaces_the_partial(
    tmp_path: Path, make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
    dev_env: WorkflowEnvironment, task_queue: str,
) -> None:  # fmt: skip
    url, settings, admin_user, _course = await _stack(tmp_path, make_settings, task_queue)
    now = datetime.now(UTC)
    week = current_week(settings.report_timezone, now)
    last_week = week_that_ended(now, settings.report_timezone)
    admin = auth_headers(settings, admin_user)
    api = await api_client_factory(settings, temporal=dev_env.client)
    client = dev_env.client

    # The schedule's action never asks for a partial report.
    schedule = weekly_report_schedule(settings)
    [action_input] = schedule.action.args  # type: ignore[attr-defined]
    assert action_input.week is None and action_input.partial is False

    async with running_worker(client, settings):
        # A final run of the current week started behind the API's back fails, writing nothing.
        wid = report_workflow_id(week)
        with pytest.raises(WorkflowFailureError) as failed:
            await client.execute_workflow(
                WEEKLY_REPORT_WORKFLOW, WeeklyReportInput(week=week, timezone="UTC"),
                id=wid, task_queue=settings.task_queue, result_type=WeeklyReportResult,
            )  # fmt: skip
        assert "has not ended yet" in str(failed.value.cause.__cause__)
        assert (await api.get(f"/api/v1/reports/{week}", headers=admin)).status_code == 404

        # Last week, reported week-to-date while it was running (as a request made then).
        last_id = report_workflow_id(last_week)
        partial = await client.execute_workflow(
            WEEKLY_REPORT_WORKFLOW,
            WeeklyReportInput(week=last_week, timezone="UTC", partial=True),
            id=last_id, task_queue=settings.task_queue, result_type=WeeklyReportResult,
        )  # fmt: skip
        assert (partial.status, partial.partial) == ("completed", True)
        stored = (await api.get(f"/api/v1/reports/{last_week}", headers=admin)).json()
        assert stored["partial"] is True

        # The scheduled run (no week: the one that ended), even handed partial=True, builds
        # last week's final report, which replaces the partial one without force.
        scheduled = await client.execute_workflow(
            WEEKLY_REPORT_WORKFLOW, WeeklyReportInput(timezone="UTC", partial=True),
            id=f"weekly-report-sched-{task_queue}", task_queue=settings.task_queue,
            result_type=WeeklyReportResult,
        )  # fmt: skip
        assert (scheduled.week, scheduled.status, scheduled.partial) == (
            last_week, "completed", False,
        )  # fmt: skip
        final = (await api.get(f"/api/v1/reports/{last_week}", headers=admin)).json()
        assert final["partial"] is False and final["manifest"]["partial"] is False
        assert "as_of" not in final["manifest"]

        # A late partial request for that week keeps the final report.
        late = await client.execute_workflow(
            WEEKLY_REPORT_WORKFLOW,
            WeeklyReportInput(week=last_week, timezone="UTC", partial=True),
            id=last_id, task_queue=settings.task_queue, result_type=WeeklyReportResult,
        )  # fmt: skip
        assert (late.status, late.partial) == ("skipped", False)
        kept = (await api.get(f"/api/v1/reports/{last_week}", headers=admin)).json()
        assert kept["manifest"] == final["manifest"]

        # Through the API a past week is final, the current week partial, a range into it 422.
        past = await api.post("/api/v1/reports/runs", json={"week": last_week}, headers=admin)
        assert past.json()["runs"][0]["partial"] is False
        ranged = await api.post(
            "/api/v1/reports/runs", json={"from": last_week, "to": week}, headers=admin
        )
        assert ranged.status_code == 422 and "week-to-date" in ranged.text
        await _result(dev_env, last_id)

    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        rows = (await session.scalars(select(Report.week))).all()
        announced = await session.scalar(
            select(func.count()).where(Notification.kind == "report.ready")
        )
    await engine.dispose()
    assert sorted(rows) == [last_week]  # no row for the current week
    assert announced == 1  # the final report only (one admin)


def test_week_boundaries_decide_partial() -> None:
    """The current week follows the report time zone: Monday 00:30 in Berlin is still
    Sunday in UTC."""
    moment = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)  # Monday 00:30 in Berlin
    assert current_week("UTC", moment) == "2026-W48"
    assert current_week("Europe/Berlin", moment) == "2026-W49"
    assert current_week("UTC", moment + timedelta(hours=1)) == "2026-W49"
