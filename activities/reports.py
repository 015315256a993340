"""Weekly report activities: claim the week, build it (snapshot, render, store, index),
record a failure. They orchestrate ``services.reports``: the rules, the rendering (Jinja2
template, charts) and the metric SQL live there and in ``db/queries/reports.py``.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.errors import application_error
from activities.units import DatabaseActivities
from adapters.storage.port import ObjectStorage
from core.settings import Settings
from schemas.reports import (
    BuildReportInput,
    BuildReportResult,
    FailReportInput,
    StartReportInput,
    StartReportResult,
)
from services import reports
from services.errors import DomainError


class ReportActivities(DatabaseActivities):
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        storage: ObjectStorage,
        settings: Settings,
    ) -> None:
        super().__init__(sessionmaker)
        self.storage = storage
        self.settings = settings

    @activity.defn
    async def start_report(self, input: StartReportInput) -> StartReportResult:
        """Claim the week's row; a completed week is skipped unless forced."""
        async with self._transaction() as session:
            return await reports.claim_week(session, input)

    async def _compute(
        self, window: reports.Window
    ) -> tuple[reports.ReportData, datetime, list[uuid.UUID]]:
        async with self.sessionmaker() as session:  # reads only: nothing to commit
            return await reports.snapshot(session, window, self.settings.report_admin_emails)

    @activity.defn
    async def build_report(self, input: BuildReportInput) -> BuildReportResult:
        try:
            window = reports.window_of(input.week, input.timezone)
        except DomainError as exc:  # no retry can fix the input
            raise application_error(exc) from exc
        data, as_of, admins = await self._compute(window)
        manifest = reports.build_manifest(
            input.week, input.timezone, window, data, as_of,
            partial=input.partial, currency=self.settings.report_currency,
        )  # fmt: skip
        # Charts and the page take CPU: rendered off the event loop.
        files = await asyncio.to_thread(reports.render_artifacts, input.week, data, manifest)
        keys = await reports.store_artifacts(self.storage, input.week, files)
        async with self._transaction() as session:
            await reports.index_report(session, input.week, keys, manifest)
        activity.logger.info("report.built week=%s courses=%d", input.week, len(data.courses))
        return BuildReportResult(
            week=input.week,
            artifact_keys=keys,
            row_counts=manifest["row_counts"],
            admin_ids=admins,
        )

    @activity.defn
    async def fail_report(self, input: FailReportInput) -> None:
        async with self._transaction() as session:
            await reports.record_failure(session, input.week, input.error)
