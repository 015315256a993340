"""Tokens that must be refused, login throttling, and who may create accounts."""

from __future__ import annotations

import base64
import uuid
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from pydantic import ValidationError
from temporalio.client import Client

from core.security import TOKEN_ISSUER, FailureWindow, decode_access_token, issue_access_token
from core.settings import Settings
from db.models import User
from db.session import transaction
from schemas.enums import Role
from tests.conftest import ApiFactory
from tests.factories import TEST_PASSWORD, create_user
from tests.security.conftest import SecurityApi


def _claims(user: User, **overrides: Any) -> dict[str, Any]:
    """Valid claims with ``overrides``; a timedelta override is that far from now, taken when
    the token is built (a time taken at collection would be minutes old by then)."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": TOKEN_ISSUER,
        "sub": str(user.id),
        "role": user.role.value,
        "typ": "access",
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
    }
    claims.update({k: now + v if isinstance(v, timedelta) else v for k, v in overrides.items()})
    return {k: v for k, v in claims.items() if v is not None}


def _sign(settings: Settings, claims: dict[str, Any], **kwargs: Any) -> str:
    kwargs.setdefault("algorithm", settings.jwt_algorithm)
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), **kwargs)


async def _me(api: SecurityApi, token: str) -> httpx.Response:
    return await api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


async def test_a_well_formed_token_is_accepted(security_api: SecurityApi) -> None:
    # The control case: the helpers below build valid tokens unless told otherwise.
    student = security_api.parties["student"].user
    assert student is not None
    assert (
        await _me(security_api, _sign(security_api.settings, _claims(student)))
    ).status_code == 200


@pytest.mark.parametrize(
    ("case", "overrides"),
    [
        (
            "expired",
            {"exp": -timedelta(seconds=5), "iat": -timedelta(minutes=20)},
        ),
        ("no exp", {"exp": None}),
        ("no iat", {"iat": None}),
        ("no sub", {"sub": None}),
        ("no iss", {"iss": None}),
        ("other issuer", {"iss": "someone-else"}),
        ("not an access token", {"typ": "refresh"}),
        ("sub not a uuid", {"sub": "admin"}),
        ("not yet valid", {"nbf": timedelta(minutes=5)}),
        ("unknown user", {"sub": str(uuid.uuid4())}),
    ],
)
async def test_bad_claims_are_401(
    security_api: SecurityApi, case: str, overrides: dict[str, Any]
) -> None:
    student = security_api.parties["student"].user
    assert student is not None
    response = await _me(security_api, _sign(security_api.settings, _claims(student, **overrides)))
    assert response.status_code == 401, case
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_forged_signature_is_401(security_api: SecurityApi) -> None:
    admin = security_api.parties["admin"].user
    assert admin is not None
    forged = jwt.encode(_claims(admin), "guessed-secret-of-at-least-32-bytes!!", algorithm="HS256")
    assert (await _me(security_api, forged)).status_code == 401


async def test_alg_none_is_401(security_api: SecurityApi) -> None:
    admin = security_api.parties["admin"].user
    assert admin is not None
    unsigned = jwt.encode(_claims(admin), key="", algorithm="none")
    assert (await _me(security_api, unsigned)).status_code == 401


async def test_another_hmac_algorithm_with_the_right_key_is_401(security_api: SecurityApi) -> None:
    # The algorithm is pinned: a token that names HS512 is refused even with the real secret.
    admin = security_api.parties["admin"].user
    assert admin is not None
    with warnings.catch_warnings():  # PyJWT warns that the key is short for HS512: on purpose
        warnings.simplefilter("ignore")
        other = _sign(security_api.settings, _claims(admin), algorithm="HS512")
    assert (await _me(security_api, other)).status_code == 401


async def test_role_comes_from_the_database_not_the_token(security_api: SecurityApi) -> None:
    student = security_api.parties["student"].user
    assert student is not None
    lying = _sign(security_api.settings, _claims(student, role="admin"))
    response = await security_api.client.get(
        "/api/v1/codec/decode", headers={"Authorization": f"Bearer {lying}"}
    )
    assert response.status_code == 405  # GET: not even routed; now the real method:
    response = await security_api.client.post(
        "/api/v1/codec/decode", json={"payloads": []}, headers={"Authorization": f"Bearer {lying}"}
    )
    assert response.status_code == 403


async def test_disabled_account_token_is_401_and_login_fails(security_api: SecurityApi) -> None:
    async with transaction(security_api.sessionmaker) as session:
        user = await create_user(session, Role.instructor)
    token, _ = issue_access_token(security_api.settings, user.id, user.role.value)
    assert (await _me(security_api, token)).status_code == 200
    async with transaction(security_api.sessionmaker) as session:
        row = await session.get(User, user.id)
        assert row is not None
        row.is_active = False
    assert (await _me(security_api, token)).status_code == 401
    login = await security_api.client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": TEST_PASSWORD}
    )
    assert login.status_code == 401


def test_issued_tokens_carry_the_required_claims(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(access_token_ttl_s=60)
    user_id = uuid.uuid4()
    token, ttl = issue_access_token(settings, user_id, "student")
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header["alg"] == settings.jwt_algorithm
    assert {"exp", "iat", "sub", "iss"} <= set(claims)
    assert claims["exp"] - claims["iat"] == ttl == 60
    assert decode_access_token(settings, token).user_id == user_id


def test_production_refuses_the_development_jwt_secret() -> None:
    keys = {"k": base64.b64encode(b"k" * 32).decode()}
    with pytest.raises(ValidationError, match="COURSEFLOW_JWT_SECRET"):
        Settings(environment="production", codec_keys=keys)
    with pytest.raises(ValidationError, match="COURSEFLOW_JWT_SECRET"):
        Settings(environment="production", jwt_secret="short", codec_keys=keys)
    Settings(environment="production", jwt_secret="r" * 40, codec_keys=keys)


# --- login throttling ----------------------------------------------------------------------
async def _login(api: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await api.post("/api/v1/auth/token", data={"username": email, "password": password})


async def test_one_client_spraying_many_accounts_is_throttled(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
    dev_client: Client,
) -> None:
    settings = make_settings(database_url=sqlite_session_url, login_client_max_failures=4)
    api = await api_client_factory(settings, dev_client)
    for _ in range(4):  # four different unknown accounts: no per-account lock applies
        response = await _login(api, f"nobody-{uuid.uuid4().hex[:6]}@example.org", "guess-guess")
        assert response.status_code == 401
    throttled = await _login(api, "anyone@example.org", "guess-guess")
    assert throttled.status_code == 429
    assert throttled.headers["content-type"].startswith("application/problem+json")
    assert 0 < int(throttled.headers["Retry-After"]) <= settings.login_client_window_s


@pytest.fixture
async def two_failure_api(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
    dev_client: Client,
    security_api: SecurityApi,
) -> tuple[httpx.AsyncClient, User]:
    """An API whose per-client throttle trips after two failed logins, and a real user."""
    async with transaction(security_api.sessionmaker) as session:
        user = await create_user(session)
    settings = make_settings(database_url=sqlite_session_url, login_client_max_failures=2)
    return await api_client_factory(settings, dev_client), user


async def test_throttled_client_cannot_log_in_even_with_the_right_password(
    two_failure_api: tuple[httpx.AsyncClient, User],
) -> None:
    api, user = two_failure_api
    for _ in range(2):
        assert (await _login(api, f"x{uuid.uuid4().hex[:6]}@example.org", "pw")).status_code == 401
    assert (await _login(api, user.email, TEST_PASSWORD)).status_code == 429


async def test_successful_logins_do_not_count_as_failures(
    two_failure_api: tuple[httpx.AsyncClient, User],
) -> None:
    api, user = two_failure_api
    for _ in range(3):
        assert (await _login(api, user.email, TEST_PASSWORD)).status_code == 200


def test_failure_window_forgets_old_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("core.security.time.monotonic", lambda: clock[0])
    window = FailureWindow(max_failures=2, window_s=60)
    window.record("10.0.0.1")
    window.record("10.0.0.1")
    assert window.retry_after("10.0.0.1") == 61
    assert window.retry_after("10.0.0.2") is None  # per client
    clock[0] += 30
    assert window.retry_after("10.0.0.1") == 31
    clock[0] += 31
    assert window.retry_after("10.0.0.1") is None


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"username": "u" * 321 + "@example.org", "password": "pw"}, "body.username"),
        ({"username": "a@example.org", "password": "p" * 129}, "body.password"),
        (
            {"username": "a@example.org", "password": "pw", "grant_type": "client_credentials"},
            "body.grant_type",
        ),
        ({"password": "pw"}, "body.username"),
    ],
)
async def test_token_form_limits_name_the_field(
    security_api: SecurityApi, form: dict[str, str], field: str
) -> None:
    response = await security_api.client.post("/api/v1/auth/token", data=form)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


# --- who may create accounts -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("student", 403), ("instructor", 403), ("admin", 201)]
)
async def test_only_admins_create_accounts_of_any_role(
    security_api: SecurityApi, role: str, status: int
) -> None:
    body = {
        "email": f"made-{uuid.uuid4().hex[:8]}@example.org",
        "password": "long-enough-pw",
        "full_name": "Made By Admin",
        "role": "instructor",
    }
    response = await security_api.client.post(
        "/api/v1/users", json=body, headers=security_api.parties[role].headers
    )
    assert response.status_code == status
    if status == 201:
        assert response.json()["role"] == "instructor"


async def test_self_sign_up_cannot_choose_a_role(security_api: SecurityApi) -> None:
    body = {
        "email": f"self-{uuid.uuid4().hex[:8]}@example.org",
        "password": "long-enough-pw",
        "full_name": "Sneaky",
        "role": "admin",
    }
    response = await security_api.client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.role"]
