"""The per-user course-generation rate limit answers 429 with Retry-After."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from api.app import create_app
from api.ratelimit import GenerationRateLimit
from core.settings import Settings
from db.base import utcnow
from db.models import CourseGeneration, User
from db.session import transaction
from schemas.enums import Role
from tests.conftest import ApiFactory
from tests.factories import auth_headers
from tests.security.conftest import running_app, token_only_user

LIMITED = "/test-only/limited"


@pytest.fixture
async def limited_api(
    make_settings: Callable[..., Settings], database_url: str, dev_client: Client
) -> AsyncIterator[tuple[httpx.AsyncClient, Settings]]:
    """The real app plus one route guarded by the dependency the generation route uses."""
    settings = make_settings(database_url=database_url, generation_rate_limit_per_hour=2)
    app = create_app(settings, temporal=dev_client)

    async def limited() -> dict[str, str]:
        return {"ok": "yes"}

    app.add_api_route(LIMITED, limited, methods=["POST"], dependencies=[GenerationRateLimit])
    async with running_app(app) as client:
        yield client, settings


async def _generations(
    sessionmaker: async_sessionmaker[AsyncSession], user: User, *minutes_ago: int
) -> None:
    async with transaction(sessionmaker) as session:
        for minutes in minutes_ago:
            session.add(
                CourseGeneration(
                    requested_by=user.id,
                    workflow_id=f"course-gen-{uuid.uuid4()}",
                    request={},
                    created_at=utcnow() - timedelta(minutes=minutes),
                )
            )


async def _instructor(sessionmaker: async_sessionmaker[AsyncSession]) -> User:
    async with transaction(sessionmaker) as session:
        return await token_only_user(session, Role.instructor)


async def test_under_the_limit_passes(
    limited_api: tuple[httpx.AsyncClient, Settings],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    api, settings = limited_api
    user = await _instructor(sessionmaker)
    await _generations(sessionmaker, user, 5, 90, 120)  # one in the last hour
    response = await api.post(LIMITED, headers=auth_headers(settings, user))
    assert response.status_code == 200


async def test_at_the_limit_is_429_with_retry_after_from_the_oldest(
    limited_api: tuple[httpx.AsyncClient, Settings],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    api, settings = limited_api
    user = await _instructor(sessionmaker)
    await _generations(sessionmaker, user, 50, 10)  # the oldest frees up in ~10 minutes
    response = await api.post(LIMITED, headers=auth_headers(settings, user))
    assert response.status_code == 429
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/rate-limited")
    assert 540 <= int(response.headers["Retry-After"]) <= 601


async def test_the_limit_is_per_user(
    limited_api: tuple[httpx.AsyncClient, Settings],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    api, settings = limited_api
    busy, other = await _instructor(sessionmaker), await _instructor(sessionmaker)
    await _generations(sessionmaker, busy, 1, 2, 3)
    assert (await api.post(LIMITED, headers=auth_headers(settings, busy))).status_code == 429
    assert (await api.post(LIMITED, headers=auth_headers(settings, other))).status_code == 200


async def test_anonymous_is_401_before_counting(
    limited_api: tuple[httpx.AsyncClient, Settings],
) -> None:
    api, _ = limited_api
    assert (await api.post(LIMITED)).status_code == 401


async def test_the_generation_route_uses_the_limit(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    database_url: str,
    dev_client: Client,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    settings = make_settings(database_url=database_url, generation_rate_limit_per_hour=3)
    api = await api_client_factory(settings, dev_client)
    user = await _instructor(sessionmaker)
    await _generations(sessionmaker, user, 1, 20, 40)
    body = {"title": "Rate-limited course", "description": "Enough words to be a description."}
    response = await api.post(
        "/api/v1/course-generations", json=body, headers=auth_headers(settings, user)
    )
    assert response.status_code == 429, response.text
    assert 1_180 <= int(response.headers["Retry-After"]) <= 1_201
    async with sessionmaker() as session:  # nothing was started
        count = await session.scalar(
            select(func.count()).where(CourseGeneration.requested_by == user.id)
        )
    assert count == 3
