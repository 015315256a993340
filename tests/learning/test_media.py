"""Course thumbnails under the outline's access rule: bytes from local storage, a redirect to
a pre-signed URL on S3 (boto3 against a moto server)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.storage import make_storage
from core.settings import Settings
from db.migrate import upgrade_head
from db.models import Course, User
from db.session import make_engine, make_sessionmaker
from schemas.enums import CourseStatus, Role
from tests.adapters.test_storage import moto_endpoint, s3_settings  # noqa: F401 (fixtures)
from tests.factories import auth_headers, create_course, create_token_user

ApiFactory = Callable[..., Any]
PNG = b"\x89PNG\r\n\x1a\n" + b"thumbnail-bytes"


async def _courses(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> tuple[User, User, Course, Course, Course]:
    storage = make_storage(settings)
    async with sessionmaker() as session, session.begin():
        author = await create_token_user(session, Role.instructor)
        student = await create_token_user(session, Role.student)
        published = await create_course(session, author)
        draft = await create_course(session, author, status=CourseStatus.draft)
        bare = await create_course(session, author)
        for course in (published, draft):
            course.thumbnail_key = f"thumbnails/{uuid.uuid4()}.png"
            await storage.put(course.thumbnail_key, PNG, "image/png")
    return author, student, published, draft, bare


async def test_local_thumbnails_follow_the_outline_rule(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    author, student, published, draft, bare = await _courses(sessionmaker, settings)
    api = await api_client_factory(settings)

    def get(course: Course, user: User | None) -> Any:
        headers = auth_headers(settings, user) if user else {}
        return api.get(f"/api/v1/courses/{course.id}/thumbnail", headers=headers)

    seen = await get(published, student)  # not enrolled: the outline is theirs to see
    assert seen.status_code == 200 and seen.content == PNG
    assert seen.headers["content-type"] == "image/png"
    hidden = await get(draft, student)
    assert hidden.status_code == 404
    assert (await get(draft, author)).content == PNG
    assert (await get(bare, student)).status_code == 404
    assert (await get(published, None)).status_code == 401


async def test_s3_thumbnails_redirect_to_a_presigned_url(
    s3_settings: Settings,  # noqa: F811
    tmp_path: Path,
    api_client_factory: ApiFactory,
) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 's3.db'}"
    upgrade_head(url)
    settings = s3_settings.model_copy(update={"database_url": url})
    engine = make_engine(url)
    try:
        _, student, published, draft, _ = await _courses(make_sessionmaker(engine), settings)
    finally:
        await engine.dispose()
    api = await api_client_factory(settings)
    answer = await api.get(f"/api/v1/courses/{published.id}/thumbnail",
                           headers=auth_headers(settings, student))  # fmt: skip
    assert answer.status_code == 307
    location = answer.headers["location"]
    assert "Signature=" in location and "Expires=" in location
    async with httpx.AsyncClient() as http:
        assert (await http.get(location)).content == PNG
    refused = await api.get(f"/api/v1/courses/{draft.id}/thumbnail",
                            headers=auth_headers(settings, student))  # fmt: skip
    assert refused.status_code == 404 and "location" not in refused.headers
