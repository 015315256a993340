"""Image-generation port (``port.py``) and its implementations: ``openai`` when
``COURSEFLOW_OPENAI_IMAGE_MODEL`` is set, else the offline ``pillow`` title card."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.images.port import ImageGenerator
    from core.settings import Settings


def make_images(settings: Settings) -> ImageGenerator:
    if settings.openai_image_model:
        from adapters.images.openai import OpenAIImages

        key = settings.openai_api_key
        return OpenAIImages(
            key.get_secret_value() if key else None,
            str(settings.openai_base_url) if settings.openai_base_url else None,
            settings.openai_image_model,
            settings.llm_http_timeout_s,
        )
    from adapters.images.pillow import TitleCardImages

    return TitleCardImages()
