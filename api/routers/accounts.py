"""Accounts: token, self sign-up, admin-created users, the caller.

The rules (throttled sign-in, who may sign up, unique e-mails) live in ``services.accounts``.
Behind a proxy, run uvicorn with ``--proxy-headers`` so the client address is the real one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request, status

from api.deps import (
    AdminUser,
    CurrentUser,
    LoginFailuresDep,
    SessionDep,
    SettingsDep,
    client_address,
)
from api.errors import problem_responses
from core.logging import get_logger
from core.security import issue_access_token
from schemas.accounts import ProfileIn, RegisterIn, Token, UserCreateIn, UserOut
from services import accounts

router = APIRouter(prefix="/api/v1", tags=["auth"])
log = get_logger("courseflow.api.auth")

Username = Annotated[str, Form(min_length=1, max_length=320, description="the e-mail")]
Password = Annotated[str, Form(min_length=1, max_length=128)]


@router.post("/auth/token", response_model=Token, responses=problem_responses(401, 422, 429))
async def issue_token(
    request: Request,
    username: Username,
    password: Password,
    session: SessionDep,
    settings: SettingsDep,
    failures: LoginFailuresDep,
    grant_type: Annotated[Literal["password"] | None, Form()] = None,
    scope: Annotated[str, Form(max_length=200)] = "",
) -> Token:
    """OAuth2 password flow. Repeated failures are throttled (429 with Retry-After)."""
    user = await accounts.authenticate(
        session, settings, failures, client_address(request), username, password,
        commit=session.commit,
    )  # fmt: skip
    token, ttl = issue_access_token(settings, user.id, user.role.value)
    log.info("auth.token_issued", user_id=str(user.id))
    return Token(access_token=token, expires_in=ttl)


@router.post(
    "/auth/register",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 409, 422),
)
async def register(body: RegisterIn, session: SessionDep, settings: SettingsDep) -> UserOut:
    return UserOut.model_validate(await accounts.register(session, settings, body))


@router.post(
    "/users",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_account(body: UserCreateIn, session: SessionDep, _admin: AdminUser) -> UserOut:
    return UserOut.model_validate(await accounts.create_account(session, body, body.role))


@router.get("/me", response_model=UserOut, responses=problem_responses(401))
async def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)


@router.patch("/me", response_model=UserOut, responses=problem_responses(401, 422))
async def update_me(body: ProfileIn, user: CurrentUser, session: SessionDep) -> UserOut:
    """Set the caller's time zone (IANA name; learning days and streaks count in it) and
    whether they receive re-engagement reminders (``reminders_opt_out``)."""
    return UserOut.model_validate(await accounts.update_profile(session, user, body))
