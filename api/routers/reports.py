"""Weekly reports (admin): list, read, download artifacts, start runs and backfills. The
rules are ``services.reports``'s."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Response, status
from fastapi.responses import RedirectResponse

from api.deps import AdminUser, SessionDep, SettingsDep, StorageDep, TemporalDep
from api.errors import problem_responses
from schemas.reports import ARTIFACTS, ReportListOut, ReportOut, ReportRunIn, ReportRunsOut
from services import reports

router = APIRouter(prefix="/api/v1", tags=["reports"])


@router.get("/reports", response_model=ReportListOut, responses=problem_responses(401, 403))
async def list_reports(_admin: AdminUser, session: SessionDep) -> ReportListOut:
    return await reports.list_reports(session)


@router.get(
    "/reports/{week}", response_model=ReportOut, responses=problem_responses(401, 403, 404, 422)
)
async def get_report(week: str, _admin: AdminUser, session: SessionDep) -> ReportOut:
    return await reports.get_report(session, week)


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
    found = await reports.artifact(session, storage, settings, week, artifact)
    if found.url is not None:
        return RedirectResponse(found.url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)
    disposition = "inline" if artifact.endswith(".html") else "attachment"
    return Response(
        found.body,
        media_type=found.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{week}-{artifact}"'},
    )


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
    return await reports.run_reports(temporal, settings, body, datetime.now(UTC))
