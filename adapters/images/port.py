"""Image-generation port: a course's title in, a PNG out.

Implementations raise ``adapters.llm.port.LLMCallError`` (an image model is a model: the
same retry rules, and the media activity turns it into the same Temporal errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class GeneratedImage:
    data: bytes
    media_type: str = "image/png"


class ImageGenerator(Protocol):
    name: str  # recorded as the thumbnail's source: "openai", "pillow"
    model: str  # the image model (its price is looked up in ``Settings.image_prices``)

    async def course_thumbnail(self, title: str) -> GeneratedImage:
        """An illustration for a course titled ``title`` (the title is data, not a prompt)."""
        ...
