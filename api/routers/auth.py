"""Accounts: token, self sign-up, admin-created users, the caller."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy.exc import IntegrityError

from api.deps import AdminUser, CurrentUser, SessionDep, SettingsDep
from api.errors import Conflict, Forbidden, RateLimited, Unauthorized, problem_responses
from core.logging import get_logger
from core.security import DUMMY_HASH, issue_access_token, verify_password
from db.queries.users import create_user, get_user_by_email
from schemas.auth import RegisterIn, Token, UserCreateIn, UserOut
from schemas.enums import Role

router = APIRouter(prefix="/api/v1", tags=["auth"])
log = get_logger("courseflow.api.auth")


@router.post("/auth/token", response_model=Token, responses=problem_responses(401, 422, 429))
async def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    settings: SettingsDep,
) -> Token:
    """OAuth2 password flow. Repeated failures lock the account for a while (429)."""
    now = datetime.now(UTC)
    user = await get_user_by_email(session, form.username)
    if user is not None and user.locked_until is not None and user.locked_until > now:
        retry = math.ceil((user.locked_until - now).total_seconds())
        raise RateLimited("too many failed logins; try again later", retry_after_s=retry)
    if user is None:
        verify_password(form.password, DUMMY_HASH)
        raise Unauthorized("wrong e-mail or password")
    if not verify_password(form.password, user.password_hash) or not user.is_active:
        user.failed_logins += 1
        if user.failed_logins >= settings.login_max_failures:
            user.locked_until = now + timedelta(seconds=settings.login_lockout_s)
            user.failed_logins = 0
            log.warning("auth.locked", user_id=str(user.id))
        await session.commit()
        raise Unauthorized("wrong e-mail or password")
    user.failed_logins = 0
    user.locked_until = None
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
