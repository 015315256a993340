"""The database steps of a generation run (local activities on ``courseflow``): its
projection, the outline, the draft course, quality checks, the idempotent publish, the end.

Each opens the transaction and calls ``services.generation``, where the rules live; a
domain error becomes a permanent ``ApplicationError`` of the same name.
"""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.notifications import NotificationActivities
from activities.units import DatabaseActivities
from core.settings import Settings
from schemas.enums import GenerationStage, GenerationStatus
from schemas.generation import (
    CloseInput,
    DraftCourse,
    FinishInput,
    PublishInput,
    PublishResult,
    QualityInput,
    QualityReport,
    StageInput,
    StoreOutlineInput,
    author_notice,
)
from services import generation, notifications


class GenerationActivities(DatabaseActivities):
    def __init__(
        self,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        notifier: NotificationActivities | None = None,
    ) -> None:
        self.settings = settings
        super().__init__(sessionmaker)
        self.notifier = notifier  # close_generation's e-mail to the author

    @activity.defn
    async def record_stage(self, input: StageInput) -> None:
        async with self._transaction() as session:
            await generation.record_stage(session, input.generation_id, input.stage, input.status)

    @activity.defn
    async def store_outline(self, input: StoreOutlineInput) -> int:
        """The reviewer's edited outline replaces the model's (already schema-validated)."""
        async with self._transaction() as session:
            return await generation.store_outline(session, input.generation_id, input.outline)

    @activity.defn
    async def create_draft_course(self, generation_id: uuid.UUID) -> DraftCourse:
        """The draft course with its modules and (empty) lessons, once per generation."""
        try:
            async with self._transaction() as session:
                existing = await generation.find_draft(session, generation_id)
                if existing is not None:
                    await generation.record_stage(session, generation_id, GenerationStage.lessons)
                    return existing
                offline = self.settings.llm_provider == "offline"
                draft = await generation.create_draft(session, generation_id, offline=offline)
        except IntegrityError:  # a concurrent attempt won the unique generation_id
            async with self.sessionmaker() as session:
                found = await generation.find_draft(session, generation_id)
            if found is None:
                raise
            return found
        activity.logger.info("generation.draft_created course_id=%s", draft.course_id)
        return draft

    @activity.defn
    async def check_quality(self, input: QualityInput) -> QualityReport:
        async with self._transaction() as session:
            return await generation.check_quality(
                session, input, generation.rules_from(self.settings)
            )

    @activity.defn
    async def publish_course(self, input: PublishInput) -> PublishResult:
        """One transaction; a retry (or a second run) finds the course already published."""
        async with self._transaction() as session:
            return await generation.publish(session, input)

    @activity.defn
    async def finish_generation(self, input: FinishInput) -> None:
        async with self._transaction() as session:
            await generation.finish(session, input)

    @activity.defn
    async def close_generation(self, input: CloseInput) -> PublishResult:
        """A run's end in one step (was three local activities: publish, notify, finish):
        the publish, the author's notification and the final status in one transaction, then
        the notification's e-mail. Each part is idempotent, so a retry after a failed e-mail
        finds the course published, the notification recorded and the run finished."""
        if self.notifier is None:
            raise RuntimeError("close_generation needs the notification activities")
        async with self._transaction() as session:
            published = await generation.publish(session, input.publish)
            notice = author_notice(input.notice, published.course_status)
            notification, address = await notifications.record(session, notice)
            finish = FinishInput(
                generation_id=input.publish.generation_id, status=GenerationStatus.completed
            )
            await generation.finish(session, finish)
        await self.notifier.deliver(notice, notification, address)
        return published
