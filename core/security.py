"""Password hashing (argon2), JWT access tokens and login throttling.

Tokens: HMAC algorithm pinned by settings (a token naming another algorithm, ``none``
included, is refused), ``exp``/``iat``/``sub``/``iss`` required, and ``typ`` names what the
token is for: "access" (a bearer token for the whole API, ``access_token_ttl_s``) or "codec"
(the Temporal UI's sign-in cookie, ``codec_session_ttl_s``, accepted by the codec routes
only). Neither is accepted where the other is expected.
"""

from __future__ import annotations

import functools
import time
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from pwdlib import PasswordHash

from core.settings import Settings

_hasher = PasswordHash.recommended()
TOKEN_TYPE = "access"  # noqa: S105 (a claim value, not a secret)
CODEC_TOKEN_TYPE = "codec"  # noqa: S105 (a claim value, not a secret)
TOKEN_ISSUER = "courseflow"  # noqa: S105 (a claim value)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _hasher.verify(password, password_hash)


@functools.cache
def dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so login timing stays uniform. Built on
    first use: an argon2 hash at import would slow every process that imports this module."""
    return hash_password("courseflow-timing-equaliser")


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    role: str
    expires_at: datetime
    issued_at: datetime


class InvalidToken(Exception):
    """The bearer token is missing, malformed, expired or signed with another key."""


def _issue(
    settings: Settings,
    user_id: uuid.UUID,
    role: str,
    typ: str,
    ttl: int,
    extra: dict[str, str] | None = None,
) -> str:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        **(extra or {}),
        "iss": TOKEN_ISSUER,
        "sub": str(user_id),
        "role": role,
        "typ": typ,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=ttl),
    }
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), settings.jwt_algorithm)


def issue_access_token(settings: Settings, user_id: uuid.UUID, role: str) -> tuple[str, int]:
    ttl = settings.access_token_ttl_s
    return _issue(settings, user_id, role, TOKEN_TYPE, ttl), ttl


def issue_codec_session(settings: Settings, user_id: uuid.UUID, role: str) -> tuple[str, int]:
    """The Temporal UI's sign-in: a token the codec routes accept, and nothing else does."""
    ttl = settings.codec_session_ttl_s
    return _issue(settings, user_id, role, CODEC_TOKEN_TYPE, ttl), ttl


def decode_token(settings: Settings, token: str, typ: str) -> TokenClaims:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=[settings.jwt_algorithm],
            issuer=TOKEN_ISSUER,
            options={"require": ["exp", "iat", "sub", "iss"]},
        )
        if claims.get("typ") != typ:
            raise InvalidToken(f"not a {typ} token")
        return TokenClaims(
            user_id=uuid.UUID(claims["sub"]),
            role=str(claims.get("role", "")),
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
            issued_at=datetime.fromtimestamp(claims["iat"], UTC),
        )
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
        raise InvalidToken(str(exc)) from None


STREAM_TOKEN_TYPE = "stream"  # noqa: S105 (a token type, not a secret)
STREAM_TOKEN_TTL_S = 60


def issue_stream_token(
    settings: Settings, user_id: uuid.UUID, role: str, resource: str
) -> tuple[str, int]:
    """A short-lived token for one event stream (``resource``, e.g. its path), usable in a
    query string by a browser ``EventSource``, which cannot send headers; nothing else
    accepts it, and it opens no other stream."""
    extra = {"res": resource}
    return _issue(settings, user_id, role, STREAM_TOKEN_TYPE, STREAM_TOKEN_TTL_S, extra), (
        STREAM_TOKEN_TTL_S
    )


def decode_stream_token(settings: Settings, token: str, resource: str) -> TokenClaims:
    claims = decode_token(settings, token, STREAM_TOKEN_TYPE)
    try:
        raw = jwt.decode(
            token, settings.jwt_secret.get_secret_value(), algorithms=[settings.jwt_algorithm],
            issuer=TOKEN_ISSUER,
        )  # fmt: skip
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from None
    if raw.get("res") != resource:
        raise InvalidToken("this stream token is for another stream")
    return claims


def decode_access_token(settings: Settings, token: str) -> TokenClaims:
    return decode_token(settings, token, TOKEN_TYPE)


class FailureWindow:
    """Failed attempts per key (a client address) in a sliding window, in this process.

    Complements the per-account lockout: it slows one client spraying passwords over many
    accounts (or unknown e-mails), which never trips a single account's counter.
    """

    def __init__(self, max_failures: int, window_s: float) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        stamps = self._failures.setdefault(key, deque())
        while stamps and stamps[0] <= now - self.window_s:
            stamps.popleft()
        if not stamps:
            del self._failures[key]  # keeps the map from growing with one-off clients
            return deque()
        return stamps

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may try again, or None when it is not throttled."""
        now = time.monotonic()
        stamps = self._recent(key, now)
        if len(stamps) < self.max_failures:
            return None
        return max(1, int(stamps[0] + self.window_s - now) + 1)

    def record(self, key: str) -> None:
        now = time.monotonic()
        self._recent(key, now)
        self._failures.setdefault(key, deque()).append(now)
