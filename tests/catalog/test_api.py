"""The catalogue routes over the in-process app (no worker: nothing here starts a run)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import User
from db.session import make_engine, make_sessionmaker, transaction
from schemas.enums import CourseStatus, Role
from tests.factories import auth_headers, create_course, create_user


@dataclass
class Catalog:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]


CatalogApi = tuple[Catalog, httpx.AsyncClient]


@pytest.fixture
async def catalog_api(
    dev_env: Any, make_settings: Any, sqlite_session_url: str, api_client_factory: Any
) -> AsyncIterator[CatalogApi]:
    settings = make_settings(database_url=sqlite_session_url)
    api = await api_client_factory(settings, temporal=dev_env.client)
    engine = make_engine(sqlite_session_url)
    yield Catalog(settings, make_sessionmaker(engine)), api
    await engine.dispose()


async def _headers(h: Catalog, role: Role = Role.instructor) -> tuple[User, dict[str, str]]:
    async with transaction(h.sessionmaker) as session:
        user = await create_user(session, role)
    return user, auth_headers(h.settings, user)


async def test_catalogue_filters_searches_and_paginates(
    catalog_api: CatalogApi,
) -> None:
    h, api = catalog_api
    author, headers = await _headers(h)
    tag = uuid.uuid4().hex[:8]
    async with transaction(h.sessionmaker) as session:
        for n in range(3):
            await create_course(session, author, title=f"Zebra {tag} {n}", modules=0)
        await create_course(session, author, title=f"Zebra {tag} draft", status=CourseStatus.review)
    _, student = await _headers(h, Role.student)
    page = (
        await api.get("/api/v1/courses", params={"q": f"zebra {tag}", "limit": 2}, headers=student)
    ).json()
    assert (page["total"], len(page["items"])) == (3, 2)
    rest = await api.get(
        "/api/v1/courses", params={"q": tag, "limit": 2, "offset": 2}, headers=student
    )
    assert len(rest.json()["items"]) == 1
    mine = await api.get("/api/v1/courses", params={"q": tag, "status": "review"}, headers=headers)
    assert [c["title"] for c in mine.json()["items"]] == [f"Zebra {tag} draft"]
    hidden = await api.get(
        "/api/v1/courses", params={"q": tag, "status": "review"}, headers=student
    )
    assert hidden.json()["total"] == 0
    for params in ({"limit": 0}, {"q": "nul\x00"}, {"difficulty": "expert"}):
        bad = await api.get("/api/v1/courses", params=params, headers=student)
        assert bad.status_code == 422, params


async def test_instructor_publishes_a_course_in_review(
    catalog_api: CatalogApi,
) -> None:
    h, api = catalog_api
    author, headers = await _headers(h)
    async with transaction(h.sessionmaker) as session:
        course = await create_course(session, author, status=CourseStatus.review)
    url = f"/api/v1/courses/{course.id}/publish"
    _, student = await _headers(h, Role.student)
    _, stranger = await _headers(h)
    assert (await api.post(url, headers=student)).status_code == 403
    assert (await api.post(url, headers=stranger)).status_code == 403
    _, student_view = await _headers(h, Role.student)
    assert (await api.get(f"/api/v1/courses/{course.id}", headers=student_view)).status_code == 404
    published = await api.post(url, headers=headers)
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert (await api.post(url, headers=headers)).json()["status"] == "published"  # idempotent
    assert (await api.get(f"/api/v1/courses/{course.id}", headers=student_view)).status_code == 200
