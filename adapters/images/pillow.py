"""The offline image generator: a plain, readable PNG card with the title, drawn by Pillow.
Deterministic (the colour comes from the title), no network, no key."""

from __future__ import annotations

import asyncio
import hashlib
import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

from adapters.images.port import GeneratedImage

SIZE = (1280, 720)


def render_title_png(title: str) -> bytes:
    """A colour derived from the title, the title wrapped in white."""
    digest = hashlib.sha256(title.encode()).digest()
    background = (40 + digest[0] % 120, 40 + digest[1] % 120, 60 + digest[2] % 120)
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=64)
    lines = textwrap.wrap(title, width=28)[:5]
    y = (SIZE[1] - 80 * len(lines)) // 2
    for line in lines:
        draw.text((80, y), line, fill=(255, 255, 255), font=font)
        y += 80
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


class TitleCardImages:
    name = "pillow"
    model = "pillow"

    async def course_thumbnail(self, title: str) -> GeneratedImage:
        # Drawing takes tens of milliseconds of CPU: off the event loop.
        return GeneratedImage(await asyncio.to_thread(render_title_png, title))
