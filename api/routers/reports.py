"""Weekly reports (admin): list, read, download artifacts, start runs and backfills."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from adapters.storage import make_storage
from adapters.storage.port import ObjectNotFound, ObjectStorage
from api.deps import AdminUser, SessionDep, SettingsDep, TemporalDep
from api.errors import problem_responses
from api.routers.learning import field_error
from core.settings import Settings
from db.models import Report
from schemas.reports import (
    ARTIFACTS,
    ReportListOut,
    ReportOut,
    ReportRunIn,
    ReportRunOut,
    ReportRunsOut,
    WeeklyReportInput,
    parse_week,
    unfinished_weeks,
)
from schemas.temporal import REPORT_WEEK, report_workflow_id
from services.errors import InvalidInput, NotFound, Unavailable
from workflows.reports import WeeklyReportWorkflow

router = APIRouter(prefix="/api/v1", tags=["reports"])


async def get_storage(request: Request, settings: SettingsDep) -> ObjectStorage:
    """Built once per app (boto3 clients are long-lived) and kept on the app's state."""
    storage: ObjectStorage | None = getattr(request.app.state, "report_storage", None)
    if storage is None:
        storage = make_storage(settings)
        request.app.state.report_storage = storage
    return storage


StorageDep = Annotated[ObjectStorage, Depends(get_storage)]


def valid_week(week: str) -> str:
    try:
        parse_week(week)
    except ValueError as exc:
        raise InvalidInput(f"week: {exc}") from None
    return week


def report_out(report: Report) -> ReportOut:
    return ReportOut(
        week=report.week,
        status=report.status,
        definitions_version=report.definitions_version,
        artifacts={name: f"/api/v1/reports/{report.week}/{name}" for name in report.artifact_keys},
        manifest=report.manifest,
        created_at=report.created_at,
        completed_at=report.completed_at,
        error=report.error,
    )


@router.get("/reports", response_model=ReportListOut, responses=problem_responses(401, 403))
async def list_reports(_admin: AdminUser, session: SessionDep) -> ReportListOut:
    rows = (await session.execute(select(Report).order_by(Report.week.desc()))).scalars()
    return ReportListOut(reports=[report_out(r) for r in rows])


async def _report(session: SessionDep, week: str) -> Report:
    report = await session.scalar(select(Report).where(Report.week == valid_week(week)))
    if report is None:
        raise NotFound(f"no report for {week}")
    return report


@router.get(
    "/reports/{week}", response_model=ReportOut, responses=problem_responses(401, 403, 404, 422)
)
async def get_report(week: str, _admin: AdminUser, session: SessionDep) -> ReportOut:
    return report_out(await _report(session, week))


@router.get(
    "/reports/{week}/{artifact}",
    responses={
        200: {"content": {media: {} for media in ARTIFACTS.values()}},
        307: {"description": "redirect to a pre-signed object-storage URL"},
        **problem_responses(401, 403, 404, 422),
    },
    response_class=Response,
)
async def get_artifact(
    week: str,
    artifact: str,
    _admin: AdminUser,
    session: SessionDep,
    settings: SettingsDep,
    storage: StorageDep,
) -> Response:
    """The artifact's bytes, or a redirect to a pre-signed URL when storage is S3."""
    report = await _report(session, week)
    key = report.artifact_keys.get(artifact)
    if artifact not in ARTIFACTS or key is None:
        raise NotFound(f"report {week} has no artifact {artifact!r}")
    url = await storage.presigned_url(key, settings.s3_presign_ttl_s)
    if url is not None:
        return RedirectResponse(url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)
    try:
        body = await storage.get(key)
    except ObjectNotFound:
        raise NotFound(f"the stored object of {artifact} is missing") from None
    disposition = "inline" if artifact.endswith(".html") else "attachment"
    return Response(
        body,
        media_type=ARTIFACTS[artifact],
        headers={"Content-Disposition": f'{disposition}; filename="{week}-{artifact}"'},
    )


async def start_report_run(
    temporal: Client, settings: Settings, week: str, force: bool
) -> ReportRunOut:
    workflow_id = report_workflow_id(week)
    try:
        await temporal.start_workflow(
            WeeklyReportWorkflow.run,
            WeeklyReportInput(week=week, force=force, timezone=settings.report_timezone),
            id=workflow_id,
            task_queue=settings.task_queue,
            search_attributes=TypedSearchAttributes([SearchAttributePair(REPORT_WEEK, week)]),
        )
    except WorkflowAlreadyStartedError:
        return ReportRunOut(week=week, workflow_id=workflow_id, status="already_running")
    return ReportRunOut(week=week, workflow_id=workflow_id, status="started")


@router.post(
    "/reports/runs",
    response_model=ReportRunsOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(401, 403, 422, 503),
)
async def run_reports(
    body: ReportRunIn, _admin: AdminUser, settings: SettingsDep, temporal: TemporalDep
) -> ReportRunsOut:
    """``{week}`` for one week or ``{from, to}`` for a backfill; a completed week is a no-op
    unless ``force``."""
    weeks = body.weeks()
    unfinished = unfinished_weeks(weeks, settings.report_timezone, datetime.now(UTC))
    if unfinished:
        field = "week" if body.week is not None else "to"
        raise field_error(field, f"{unfinished[0]} has not ended yet; report finished weeks only")
    try:
        runs = [await start_report_run(temporal, settings, w, body.force) for w in weeks]
    except RPCError as exc:
        raise Unavailable(f"cannot start report runs: Temporal is unavailable ({exc})") from None
    return ReportRunsOut(runs=runs)
