"""Annotated dependencies: the only way routes reach the database, Temporal and the caller."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from adapters.storage.port import ObjectStorage
from api.state import AppState
from core.security import FailureWindow
from core.settings import Settings
from schemas.enums import Role
from services import accounts
from services.accounts import User
from services.catalog import AUTHOR_ROLES
from services.errors import Forbidden

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)

# Every dependency is ``async def``, even the ones that only read app state: FastAPI runs a
# plain ``def`` dependency in its thread pool, a thread hop per request for a field access
# (tests/ops/test_dependencies.py keeps it so).


async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.courseflow
    return state


StateDep = Annotated[AppState, Depends(get_state)]


async def get_settings_dep(state: StateDep) -> Settings:
    return state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


async def get_session(state: StateDep) -> AsyncIterator[AsyncSession]:
    """One session per request; the boundary commits when the route returns without error."""
    async with state.sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_temporal(state: StateDep) -> Client:
    return state.temporal


TemporalDep = Annotated[Client, Depends(get_temporal)]


async def get_storage(state: StateDep) -> ObjectStorage:
    return state.storage()


StorageDep = Annotated[ObjectStorage, Depends(get_storage)]


async def get_current_user(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User:
    return await accounts.user_for_token(session, settings, token)


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_stream_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    access_token: Annotated[
        str | None,
        Query(max_length=4096, description="a stream token from POST …/events/token"),
    ] = None,
) -> User:
    """An event stream's reader: the bearer header, or a stream token in the query string."""
    return await accounts.user_for_stream(session, settings, token, access_token, request.url.path)


StreamUser = Annotated[User, Depends(get_stream_user)]


def require_roles(*roles: Role) -> Callable[[User], Coroutine[Any, Any, User]]:
    allowed = frozenset(roles)

    async def dependency(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Forbidden(f"this action needs one of the roles: {', '.join(sorted(allowed))}")
        return user

    return dependency


AdminUser = Annotated[User, Depends(require_roles(Role.admin))]
InstructorUser = Annotated[User, Depends(require_roles(*AUTHOR_ROLES))]


async def get_login_failures(request: Request, settings: SettingsDep) -> FailureWindow:
    """Failed logins per client address, one window per app (test apps never share one)."""
    window: FailureWindow | None = getattr(request.app.state, "login_failures", None)
    if window is None:
        window = FailureWindow(settings.login_client_max_failures, settings.login_client_window_s)
        request.app.state.login_failures = window
    return window


LoginFailuresDep = Annotated[FailureWindow, Depends(get_login_failures)]


async def get_verify_window(request: Request, settings: SettingsDep) -> FailureWindow:
    """Certificate verifications per client address per minute, one window per app."""
    window: FailureWindow | None = getattr(request.app.state, "verify_window", None)
    if window is None:
        window = FailureWindow(settings.certificate_verify_per_minute, 60.0)
        request.app.state.verify_window = window
    return window


VerifyWindowDep = Annotated[FailureWindow, Depends(get_verify_window)]


def client_address(request: Request) -> str:
    """The caller's address (behind a proxy, uvicorn's ``--proxy-headers`` makes it real)."""
    return request.client.host if request.client else "unknown"
