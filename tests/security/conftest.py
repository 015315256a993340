"""Shared pieces of the security tests: one user per role and their bearer headers."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from core.settings import Settings
from db.migrate import upgrade_head
from db.models import User
from db.session import make_engine, make_sessionmaker, transaction
from schemas.enums import Role
from tests.conftest import ApiFactory
from tests.factories import auth_headers

ROLES = ("anonymous", "student", "instructor", "admin")


@dataclass
class Party:
    """A caller: a role's user (None for anonymous) and the headers it sends."""

    role: str
    user: User | None
    headers: dict[str, str]


@dataclass
class SecurityApi:
    client: httpx.AsyncClient
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    parties: dict[str, Party]


async def token_only_user(session: AsyncSession, role: Role, full_name: str = "Token Only") -> User:
    """A user that signs in only by token in these tests: no argon2 hash to compute."""
    user = User(
        email=f"{role.value}-{uuid.uuid4().hex[:12]}@example.org",
        full_name=full_name,
        role=role,
        password_hash="!no-password",
    )
    session.add(user)
    await session.flush()
    return user


async def make_parties(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> dict[str, Party]:
    parties = {"anonymous": Party("anonymous", None, {})}
    async with transaction(sessionmaker) as session:
        for role in (Role.student, Role.instructor, Role.admin):
            user = await token_only_user(session, role)
            parties[role.value] = Party(role.value, user, auth_headers(settings, user))
    return parties


@pytest.fixture(scope="module")
def sqlite_session_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Each security module gets a migrated SQLite database of its own instead of the
    session's: the fuzzers write global data as an admin (achievement definitions) that
    would otherwise reach tests running after them in the same test process."""
    url = f"sqlite+pysqlite:///{tmp_path_factory.mktemp('security-db') / 'courseflow.db'}"
    upgrade_head(url)
    return url


@pytest.fixture(scope="module")
async def module_parties(sqlite_session_url: str) -> dict[str, Party]:
    """One user per role for the whole module (argon2 hashing is slow on purpose).

    Tokens are signed with the default test secret, which every ``make_settings`` shares.
    """
    engine = make_engine(sqlite_session_url)
    try:
        return await make_parties(make_sessionmaker(engine), Settings(environment="test"))
    finally:
        await engine.dispose()


@pytest.fixture
async def security_api(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
    dev_client: Client,
    module_parties: dict[str, Party],
) -> AsyncIterator[SecurityApi]:
    """The real app on the session's SQLite database and Temporal dev server."""
    settings = make_settings(database_url=sqlite_session_url)
    engine = make_engine(sqlite_session_url)
    client = await api_client_factory(settings, dev_client)
    yield SecurityApi(client, settings, make_sessionmaker(engine), module_parties)
    await engine.dispose()


@asynccontextmanager
async def running_app(app: FastAPI, **transport: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An app built (and perhaps extended) by the test, with its lifespan entered."""
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, **transport), base_url="http://testserver"
        ) as client,
    ):
        yield client
