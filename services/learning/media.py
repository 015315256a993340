"""Course media: the thumbnail, under the course outline's access rule (anyone who may see
the course: published, or managed by the caller). S3 storage answers with a pre-signed URL
(the route redirects to it); local storage has none, so the bytes are served by the API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.storage.port import ObjectNotFound, ObjectStorage
from core.settings import Settings
from db.models import Course, User
from services import catalog
from services.errors import NotFound

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".webp": "image/webp", ".svg": "image/svg+xml"}  # fmt: skip


class ThumbnailNotFound(NotFound):
    pass


@dataclass(frozen=True)
class Media:
    media_type: str
    url: str | None = None  # a pre-signed URL, or None: serve ``body``
    body: bytes = b""


async def course_thumbnail(
    session: AsyncSession, storage: ObjectStorage, settings: Settings, user: User,
    course_id: uuid.UUID,
) -> Media:  # fmt: skip
    course = await session.get(Course, course_id)
    if course is None or not catalog.can_read_course(user, course):
        raise ThumbnailNotFound("no such course")
    key = course.thumbnail_key
    if key is None:
        raise ThumbnailNotFound("this course has no thumbnail")
    media_type = MEDIA_TYPES.get(key[key.rfind(".") :].lower(), "application/octet-stream")
    url = await storage.presigned_url(key, settings.s3_presign_ttl_s)
    if url is not None:
        return Media(media_type, url=url)
    try:
        return Media(media_type, body=await storage.get(key))
    except ObjectNotFound:
        raise ThumbnailNotFound("the thumbnail's stored object is missing") from None
