"""Password hashing (argon2) and JWT access tokens (algorithm pinned, exp/iat/sub required)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from pwdlib import PasswordHash

from core.settings import Settings

_hasher = PasswordHash.recommended()
TOKEN_TYPE = "access"  # noqa: S105 (a claim value, not a secret)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _hasher.verify(password, password_hash)


# Verifying against this when the e-mail is unknown keeps login timing uniform.
DUMMY_HASH = hash_password("courseflow-timing-equaliser")


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    role: str
    expires_at: datetime


class InvalidToken(Exception):
    """The bearer token is missing, malformed, expired or signed with another key."""


def issue_access_token(settings: Settings, user_id: uuid.UUID, role: str) -> tuple[str, int]:
    now = datetime.now(UTC)
    ttl = settings.access_token_ttl_s
    claims = {
        "sub": str(user_id),
        "role": role,
        "typ": TOKEN_TYPE,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=ttl),
    }
    token = jwt.encode(claims, settings.jwt_secret.get_secret_value(), settings.jwt_algorithm)
    return token, ttl


def decode_access_token(settings: Settings, token: str) -> TokenClaims:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=[settings.jwt_algorithm],
            options={"require": ["exp", "iat", "sub"]},
        )
        if claims.get("typ") != TOKEN_TYPE:
            raise InvalidToken("not an access token")
        return TokenClaims(
            user_id=uuid.UUID(claims["sub"]),
            role=str(claims.get("role", "")),
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        )
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise InvalidToken(str(exc)) from None
