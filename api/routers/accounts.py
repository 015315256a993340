"""Accounts: token, self sign-up, admin-created users, the caller.

Failed logins are slowed two ways: the account locks for ``login_lockout_s`` after
``login_max_failures`` wrong passwords (stored on the user row, so it holds across
replicas), and one client address may fail at most ``login_client_max_failures`` times per
``login_client_window_s`` over any accounts, known or not (kept in this process). Behind a
proxy, run uvicorn with ``--proxy-headers`` so the client address is the real one.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request, status
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import AdminUser, CurrentUser, SessionDep, SettingsDep
from api.errors import problem_responses
from core.logging import get_logger
from core.security import FailureWindow, dummy_hash, issue_access_token, verify_password
from core.settings import Settings
from db.models import User
from db.queries.accounts import create_user, get_user_by_email
from schemas.accounts import RegisterIn, Token, UserCreateIn, UserOut
from schemas.enums import Role
from services.errors import Conflict, Forbidden, RateLimited, Unauthorized

router = APIRouter(prefix="/api/v1", tags=["auth"])
log = get_logger("courseflow.api.auth")
WRONG_CREDENTIALS = "wrong e-mail or password"


def _client_failures(request: Request, settings: Settings) -> FailureWindow:
    """The per-app failure window (one per app, so test apps never share counters)."""
    window: FailureWindow | None = getattr(request.app.state, "login_failures", None)
    if window is None:
        window = FailureWindow(settings.login_client_max_failures, settings.login_client_window_s)
        request.app.state.login_failures = window
    return window


def _client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _record_failure(user: User | None, session: AsyncSession, settings: Settings) -> None:
    if user is None:
        return
    user.failed_logins += 1
    if user.failed_logins >= settings.login_max_failures:
        user.locked_until = datetime.now(UTC) + timedelta(seconds=settings.login_lockout_s)
        user.failed_logins = 0
        log.warning("auth.locked", user_id=str(user.id))
    await session.commit()


async def authenticate(
    request: Request, session: AsyncSession, settings: Settings, username: str, password: str
) -> User:
    """The account behind an e-mail and password, with both throttles applied.

    Shared by the OAuth2 token route and the codec's browser sign-in.
    """
    failures = _client_failures(request, settings)
    client = _client_key(request)
    if (retry := failures.retry_after(client)) is not None:
        log.warning("auth.client_throttled", client=client)
        raise RateLimited("too many failed logins from this client; try again later", retry)
    now = datetime.now(UTC)
    user = await get_user_by_email(session, username)
    if user is not None and user.locked_until is not None and user.locked_until > now:
        retry = math.ceil((user.locked_until - now).total_seconds())
        raise RateLimited("too many failed logins; try again later", retry_after_s=retry)
    valid = verify_password(password, user.password_hash if user else dummy_hash())
    if user is None or not valid or not user.is_active:
        failures.record(client)
        await _record_failure(user, session, settings)
        raise Unauthorized(WRONG_CREDENTIALS)
    user.failed_logins = 0
    user.locked_until = None
    return user


Username = Annotated[str, Form(min_length=1, max_length=320, description="the e-mail")]
Password = Annotated[str, Form(min_length=1, max_length=128)]


@router.post("/auth/token", response_model=Token, responses=problem_responses(401, 422, 429))
async def issue_token(
    request: Request,
    username: Username,
    password: Password,
    session: SessionDep,
    settings: SettingsDep,
    grant_type: Annotated[Literal["password"] | None, Form()] = None,
    scope: Annotated[str, Form(max_length=200)] = "",
) -> Token:
    """OAuth2 password flow. Repeated failures are throttled (429 with Retry-After)."""
    user = await authenticate(request, session, settings, username, password)
    token, ttl = issue_access_token(settings, user.id, user.role.value)
    log.info("auth.token_issued", user_id=str(user.id))
    return Token(access_token=token, expires_in=ttl)


async def _create(session: SessionDep, body: RegisterIn, role: Role) -> UserOut:
    if await get_user_by_email(session, body.email) is not None:
        raise Conflict("an account with this e-mail already exists")
    try:
        user = await create_user(
            session, email=body.email, full_name=body.full_name, role=role, password=body.password
        )
    except IntegrityError:
        raise Conflict("an account with this e-mail already exists") from None
    return UserOut.model_validate(user)


@router.post(
    "/auth/register",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 409, 422),
)
async def register(body: RegisterIn, session: SessionDep, settings: SettingsDep) -> UserOut:
    if not settings.allow_registration:
        raise Forbidden("self sign-up is turned off on this platform")
    return await _create(session, body, Role.student)


@router.post(
    "/users",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_account(body: UserCreateIn, session: SessionDep, _admin: AdminUser) -> UserOut:
    return await _create(session, body, body.role)


@router.get("/me", response_model=UserOut, responses=problem_responses(401))
async def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)
