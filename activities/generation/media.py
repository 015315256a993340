"""Course thumbnails through the image port (``adapters/images``: OpenAI images when
configured, else the offline Pillow title card), stored under a deterministic key, so a
retry finds (or overwrites) the same object."""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.errors import application_error
from activities.generation.model_calls import heartbeating, to_application_error
from adapters.images.port import GeneratedImage, ImageGenerator
from adapters.llm.port import LLMCallError
from adapters.storage.port import ObjectStorage
from core.settings import Settings
from db.session import transaction
from schemas.generation import ThumbnailInput, ThumbnailResult, Usage, thumbnail_key
from services import generation
from services.errors import DomainError
from services.generation import CallSite


class MediaActivities:
    """``sessionmaker``: where paid image calls are recorded in the cost ledger and checked
    against the run's budget (the worker always wires it; the free offline title card is no
    model call and is not recorded)."""

    def __init__(
        self,
        settings: Settings,
        storage: ObjectStorage,
        images: ImageGenerator,
        sessionmaker: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self.settings = settings
        self.storage = storage
        self.images = images
        self.sessionmaker = sessionmaker

    @property
    def _metered(self) -> bool:
        return self.sessionmaker is not None and self.images.name != "pillow"

    async def _draw(self, input: ThumbnailInput) -> tuple[GeneratedImage, Usage]:
        """The image call: budget first, then one ledger row whatever the outcome."""
        if not self._metered:
            return await self.images.course_thumbnail(input.title), Usage()
        assert self.sessionmaker is not None
        try:
            async with self.sessionmaker() as session:
                await generation.check_budget(
                    session, input.generation_id, input.budget_usd, input.budget_tokens
                )
        except DomainError as exc:
            raise application_error(exc) from None
        model = self.images.model
        site = CallSite(
            input.generation_id, "thumbnail",
            f"{input.generation_id}:thumbnail:a{activity.info().attempt}",
        )  # fmt: skip
        started = time.monotonic()
        try:
            image = await self.images.course_thumbnail(input.title)
        except LLMCallError as exc:
            latency_ms = int((time.monotonic() - started) * 1000)
            row = generation.image_row(
                site, self.images.name, model, generation.image_cost_usd({}, model),
                latency_ms, "rate_limited" if exc.status == 429 else "failed", str(exc),
            )  # fmt: skip
            async with transaction(self.sessionmaker) as session:
                session.add(row)
            raise
        cost = generation.image_cost_usd(self.settings.image_prices, model)
        latency_ms = int((time.monotonic() - started) * 1000)
        async with transaction(self.sessionmaker) as session:
            session.add(generation.image_row(site, self.images.name, model, cost, latency_ms))
        return image, Usage(cost_usd=cost, calls=1)

    @activity.defn
    async def create_thumbnail(self, input: ThumbnailInput) -> ThumbnailResult:
        key = thumbnail_key(input.generation_id)
        if await self.storage.exists(key):
            return ThumbnailResult(key=key, generated_by="existing")
        # Heartbeats let Temporal notice a dead worker long before the (image-API) timeout.
        async with heartbeating(max(0.2, self.settings.llm_heartbeat_timeout_s / 3)):
            try:
                image, usage = await self._draw(input)
            except LLMCallError as exc:
                raise to_application_error(exc) from None
            await self.storage.put(key, image.data, image.media_type)
        activity.logger.info(
            "thumbnail.stored generation_id=%s source=%s", input.generation_id, self.images.name
        )
        return ThumbnailResult(
            key=key,
            generated_by="openai" if self.images.name == "openai" else "pillow",
            usage=usage,
        )
