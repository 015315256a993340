"""Tokens, sign-up, the caller, and problem+json for bad input."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from core.settings import Settings
from db.session import transaction
from schemas.enums import Role
from tests.conftest import ApiFactory
from tests.factories import TEST_PASSWORD, create_user


async def _api(
    factory: ApiFactory, make_settings: Callable[..., Settings], url: str, client: Client,
    **overrides: object,
) -> tuple[httpx.AsyncClient, Settings]:  # fmt: skip
    settings = make_settings(database_url=url, **overrides)
    return await factory(settings, client), settings


async def _login(api: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await api.post("/api/v1/auth/token", data={"username": email, "password": password})


async def test_token_then_me_returns_the_caller(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_client: Client, sessionmaker: async_sessionmaker[AsyncSession],
) -> None:  # fmt: skip
    async with transaction(sessionmaker) as session:
        user = await create_user(session, Role.instructor)
    api, _ = await _api(api_client_factory, make_settings, database_url, dev_client)
    token = await _login(api, user.email.upper(), TEST_PASSWORD)  # e-mail is case-insensitive
    assert token.status_code == 200, token.text
    assert token.json()["token_type"] == "bearer"
    me = await api.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    assert me.json()["role"] == "instructor"
    assert "password_hash" not in me.json()


async def test_wrong_password_is_401_problem_json(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_client: Client, sessionmaker: async_sessionmaker[AsyncSession],
) -> None:  # fmt: skip
    async with transaction(sessionmaker) as session:
        user = await create_user(session)
    api, _ = await _api(api_client_factory, make_settings, database_url, dev_client)
    response = await _login(api, user.email, "not-the-password")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/unauthorized")


async def test_repeated_failures_lock_the_account_with_retry_after(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_client: Client, sessionmaker: async_sessionmaker[AsyncSession],
) -> None:  # fmt: skip
    async with transaction(sessionmaker) as session:
        user = await create_user(session)
    api, _ = await _api(
        api_client_factory, make_settings, database_url, dev_client, login_max_failures=3
    )
    for _ in range(3):
        assert (await _login(api, user.email, "wrong-password")).status_code == 401
    locked = await _login(api, user.email, TEST_PASSWORD)  # even the right password waits
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0


async def test_missing_and_forged_tokens_are_rejected(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_client: Client,
) -> None:  # fmt: skip
    api, _ = await _api(api_client_factory, make_settings, database_url, dev_client)
    assert (await api.get("/api/v1/me")).status_code == 401
    forged = await api.get("/api/v1/me", headers={"Authorization": "Bearer not.a.jwt"})
    assert forged.status_code == 401
    assert forged.headers["WWW-Authenticate"] == "Bearer"


async def test_register_validates_and_names_the_field(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_client: Client,
) -> None:  # fmt: skip
    api, _ = await _api(api_client_factory, make_settings, database_url, dev_client)
    response = await api.post(
        "/api/v1/auth/register",
        json={"email": "not-an-email", "password": "long-enough-pw", "full_name": "X"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == ["body.email"]
    assert "body.email" in response.json()["detail"]


async def test_register_creates_a_student_once(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_client: Client,
) -> None:  # fmt: skip
    import uuid

    api, _ = await _api(api_client_factory, make_settings, database_url, dev_client)
    body = {
        "email": f"new-{uuid.uuid4().hex[:8]}@example.org",
        "password": "long-enough-pw",
        "full_name": "New Person",
    }
    first = await api.post("/api/v1/auth/register", json=body)
    assert first.status_code == 201, first.text
    assert first.json()["role"] == "student"
    again = await api.post("/api/v1/auth/register", json=body)
    assert again.status_code == 409


async def test_registration_can_be_turned_off(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_client: Client,
) -> None:  # fmt: skip
    api, _ = await _api(
        api_client_factory, make_settings, database_url, dev_client, allow_registration=False
    )
    response = await api.post(
        "/api/v1/auth/register",
        json={"email": "x@example.org", "password": "long-enough-pw", "full_name": "X"},
    )
    assert response.status_code == 403
