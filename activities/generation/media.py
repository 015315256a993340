"""Course thumbnails through the image port (``adapters/images``: OpenAI images when
configured, else the offline Pillow title card), stored under a deterministic key, so a
retry finds (or overwrites) the same object."""

from __future__ import annotations

from temporalio import activity

from activities.generation.model_calls import heartbeating, to_application_error
from adapters.images.port import ImageGenerator
from adapters.llm.port import LLMCallError
from adapters.storage.port import ObjectStorage
from core.settings import Settings
from schemas.generation import ThumbnailInput, ThumbnailResult, thumbnail_key


class MediaActivities:
    def __init__(self, settings: Settings, storage: ObjectStorage, images: ImageGenerator) -> None:
        self.settings = settings
        self.storage = storage
        self.images = images

    @activity.defn
    async def create_thumbnail(self, input: ThumbnailInput) -> ThumbnailResult:
        key = thumbnail_key(input.generation_id)
        if await self.storage.exists(key):
            return ThumbnailResult(key=key, generated_by="existing")
        # Heartbeats let Temporal notice a dead worker long before the (image-API) timeout.
        async with heartbeating(max(0.2, self.settings.llm_heartbeat_timeout_s / 3)):
            try:
                image = await self.images.course_thumbnail(input.title)
            except LLMCallError as exc:
                raise to_application_error(exc) from None
            await self.storage.put(key, image.data, image.media_type)
        activity.logger.info(
            "thumbnail.stored generation_id=%s source=%s", input.generation_id, self.images.name
        )
        return ThumbnailResult(
            key=key, generated_by="openai" if self.images.name == "openai" else "pillow"
        )
