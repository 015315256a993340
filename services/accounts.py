"""Accounts: who a caller is, signing in (with its throttles), signing up, creating accounts.

Failed logins are slowed two ways: the account locks for ``login_lockout_s`` after
``login_max_failures`` wrong passwords (stored on the user row, so it holds across
replicas), and one client address may fail at most ``login_client_max_failures`` times per
``login_client_window_s`` over any accounts, known or not (the caller's ``FailureWindow``,
kept in its process).
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.logging import get_logger
from core.security import (
    CODEC_TOKEN_TYPE,
    FailureWindow,
    InvalidToken,
    TokenClaims,
    decode_access_token,
    decode_stream_token,
    decode_token,
    dummy_hash,
    verify_password,
)
from core.settings import Settings
from db.models import User
from db.queries.accounts import create_user, ensure_demo_users, get_user_by_email
from schemas.accounts import ProfileIn, RegisterIn
from schemas.enums import Role
from services.boundary import Commit
from services.errors import (
    Conflict,
    FieldInvalid,
    Forbidden,
    NotFound,
    RateLimited,
    Unauthorized,
)

__all__ = [
    "AccountNotFound",
    "EmailTaken",
    "RegistrationClosed",
    "User",
    "WrongCredentials",
    "account_by_email",
    "authenticate",
    "create_account",
    "find_by_email",
    "register",
    "seed_demo_accounts",
    "update_profile",
    "user_for_codec_session",
    "user_for_token",
    "valid_time_zone",
]

log = get_logger("courseflow.accounts")
WRONG_CREDENTIALS = "wrong e-mail or password"


class WrongCredentials(Unauthorized):
    """Unknown e-mail, wrong password or a disabled account: one message for all three."""


class EmailTaken(Conflict):
    pass


class RegistrationClosed(Forbidden):
    pass


class AccountNotFound(NotFound):
    pass


async def user_for_token(session: AsyncSession, settings: Settings, token: str | None) -> User:
    """The active account a bearer token names."""
    if not token:
        raise Unauthorized("a bearer token is required")
    try:
        claims = decode_access_token(settings, token)
    except InvalidToken:
        raise Unauthorized("the bearer token is invalid or expired") from None
    user = await session.get(User, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("the account no longer exists or is disabled")
    return user


async def user_for_stream(
    session: AsyncSession,
    settings: Settings,
    bearer: str | None,
    stream_token: str | None,
    path: str,
) -> User:
    """The reader of an event stream: a bearer token in the header, or (for a browser's
    EventSource, which cannot send headers) a stream token for this very ``path`` in the
    query string. An ordinary access token is never accepted in a URL."""
    if bearer:
        return await user_for_token(session, settings, bearer)
    if not stream_token:
        raise Unauthorized("a bearer token or a stream token (?access_token=) is required")
    try:
        claims = decode_stream_token(settings, stream_token, path)
    except InvalidToken:
        raise Unauthorized("the stream token is invalid, expired or for another stream") from None
    user = await session.get(User, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("the account no longer exists or is disabled")
    return user


async def user_for_codec_session(
    session: AsyncSession, settings: Settings, token: str
) -> tuple[User, TokenClaims]:
    """The active account a codec sign-in (the Temporal UI's cookie) names, and its claims
    (the caller renews a session past half its life)."""
    try:
        claims = decode_token(settings, token, CODEC_TOKEN_TYPE)
    except InvalidToken:
        raise Unauthorized("the codec sign-in is invalid or expired; sign in again") from None
    user = await session.get(User, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("the account no longer exists or is disabled")
    return user, claims


async def find_by_email(session: AsyncSession, email: str) -> User | None:
    return await get_user_by_email(session, email)


async def account_by_email(session: AsyncSession, email: str) -> User:
    user = await get_user_by_email(session, email)
    if user is None:
        raise AccountNotFound(f"no account with the e-mail {email}")
    return user


async def authenticate(
    session: AsyncSession,
    settings: Settings,
    failures: FailureWindow,
    client: str,
    username: str,
    password: str,
    *,
    commit: Commit,
) -> User:
    """The account behind an e-mail and password, with both throttles applied.

    A wrong password is committed (``commit``) before the error is raised: the request fails,
    and its transaction would otherwise roll the failure count back.
    """
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
        if user is not None:
            _count_failure(user, settings, now)
            await commit()
        raise WrongCredentials(WRONG_CREDENTIALS)
    user.failed_logins = 0
    user.locked_until = None
    return user


def _count_failure(user: User, settings: Settings, now: datetime) -> None:
    user.failed_logins += 1
    if user.failed_logins >= settings.login_max_failures:
        user.locked_until = now + timedelta(seconds=settings.login_lockout_s)
        user.failed_logins = 0
        log.warning("auth.locked", user_id=str(user.id))


async def create_account(session: AsyncSession, body: RegisterIn, role: Role) -> User:
    """A new account; an e-mail already taken (in any letter case) is a conflict."""
    if await get_user_by_email(session, body.email) is not None:
        raise EmailTaken("an account with this e-mail already exists")
    try:  # a concurrent sign-up may win the unique e-mail between the check and the insert
        user = await create_user(
            session, email=body.email, full_name=body.full_name, role=role, password=body.password
        )
    except IntegrityError:
        raise EmailTaken("an account with this e-mail already exists") from None
    log.info("account.created", user_id=str(user.id), role=role.value)
    return user


async def register(session: AsyncSession, settings: Settings, body: RegisterIn) -> User:
    """Self sign-up, always as a student, when the platform allows it."""
    if not settings.allow_registration:
        raise RegistrationClosed("self sign-up is turned off on this platform")
    return await create_account(session, body, Role.student)


async def seed_demo_accounts(session: AsyncSession, password: str) -> list[uuid.UUID]:
    """The development accounts that do not exist yet; existing ones are never touched."""
    return [user.id for user in await ensure_demo_users(session, password)]


def valid_time_zone(name: str) -> str:
    """``name`` when it is an IANA zone this machine's tz database knows (tzdata ships one)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FieldInvalid(
            "time_zone", f"unknown IANA time zone {name!r} (e.g. Europe/Berlin)", "time_zone"
        ) from None
    return name


async def update_profile(session: AsyncSession, user: User, body: ProfileIn) -> User:
    """The caller's own settings: the time zone their learning days count in, and whether
    they receive re-engagement reminders."""
    if body.time_zone is not None:
        user.time_zone = valid_time_zone(body.time_zone)
    if body.reminders_opt_out is not None:
        user.reminders_opt_out = body.reminders_opt_out
    await session.flush()
    log.info("account.profile_updated", user_id=str(user.id))
    return user
