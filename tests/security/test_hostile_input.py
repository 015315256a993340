"""Hostile input: oversized bodies, over-long fields, malformed JSON, crashes; and the
security headers every response carries."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from temporalio.client import Client

from api.app import create_app
from core.settings import Settings
from tests.security.conftest import SecurityApi, running_app

LIMIT = 4096


@pytest.fixture
async def small_api(
    make_settings: Callable[..., Settings], sqlite_session_url: str, dev_client: Client
) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(database_url=sqlite_session_url, max_request_bytes=LIMIT)
    async with running_app(create_app(settings, temporal=dev_client)) as client:
        yield client


def _register_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "email": f"h-{uuid.uuid4().hex[:8]}@example.org",
        "password": "long-enough-pw",
        "full_name": "Hostile",
    }
    body.update(overrides)
    return body


def _is_problem(response: httpx.Response) -> bool:
    return response.headers["content-type"].startswith("application/problem+json")


async def test_declared_oversized_body_is_413_problem_json(small_api: httpx.AsyncClient) -> None:
    response = await small_api.post(
        "/api/v1/auth/register", json=_register_body(full_name="x" * (LIMIT + 10))
    )
    assert response.status_code == 413
    assert _is_problem(response)
    assert response.json()["type"].endswith("/payload-too-large")
    assert str(LIMIT) in response.json()["detail"]
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_streamed_oversized_body_without_length_is_413(small_api: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"email": "s@example.org", "password": "long-enough-pw", "full_name": "'
        for _ in range(8):
            yield b"y" * 1024
        yield b'"}'

    response = await small_api.post(
        "/api/v1/auth/register", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert _is_problem(response)


async def test_oversized_form_login_is_413(small_api: httpx.AsyncClient) -> None:
    response = await small_api.post(
        "/api/v1/auth/token", data={"username": "a@example.org", "password": "p" * (LIMIT * 2)}
    )
    assert response.status_code == 413


async def test_body_under_the_cap_is_processed(small_api: httpx.AsyncClient) -> None:
    response = await small_api.post("/api/v1/auth/register", json=_register_body())
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"full_name": "n" * 201}, "body.full_name"),
        ({"password": "p" * 129}, "body.password"),
        ({"email": "e" * 320 + "@example.org"}, "body.email"),
        ({"unexpected": "field"}, "body.unexpected"),
    ],
)
async def test_over_long_or_unknown_fields_are_422_naming_the_field(
    security_api: SecurityApi, override: dict[str, object], field: str
) -> None:
    response = await security_api.client.post(
        "/api/v1/auth/register", json=_register_body(**override)
    )
    assert response.status_code == 422
    assert _is_problem(response)
    assert field in [e["field"] for e in response.json()["errors"]]
    assert field in response.json()["detail"]


async def test_over_long_list_is_422_naming_the_field(security_api: SecurityApi) -> None:
    payloads = [{"metadata": {}, "data": ""}] * 501
    response = await security_api.client.post(
        "/api/v1/codec/decode",
        json={"payloads": payloads},
        headers=security_api.parties["admin"].headers,
    )
    assert response.status_code == 422
    assert "body.payloads" in [e["field"] for e in response.json()["errors"]]


async def test_malformed_json_is_422_problem_json(security_api: SecurityApi) -> None:
    response = await security_api.client.post(
        "/api/v1/auth/register", content=b'{"email": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert _is_problem(response)


async def test_unexpected_error_is_500_problem_json_without_a_traceback(
    make_settings: Callable[..., Settings], sqlite_session_url: str, dev_client: Client
) -> None:
    app = create_app(make_settings(database_url=sqlite_session_url), temporal=dev_client)

    async def explode() -> None:
        raise RuntimeError("db password=hunter2 at /srv/courseflow/secret_module.py line 42")

    app.add_api_route("/test-only/explode", explode, methods=["GET"])
    async with running_app(app, raise_app_exceptions=False) as client:
        response = await client.get("/test-only/explode")
    assert response.status_code == 500
    assert _is_problem(response)
    assert response.json()["type"].endswith("/internal-error")
    for leak in ("Traceback", "RuntimeError", "hunter2", "secret_module", 'File "'):
        assert leak not in response.text


async def test_unknown_path_and_method_are_problem_json(security_api: SecurityApi) -> None:
    missing = await security_api.client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert _is_problem(missing)
    wrong = await security_api.client.delete(
        "/api/v1/me", headers=security_api.parties["student"].headers
    )
    assert wrong.status_code == 405
    assert _is_problem(wrong)


@pytest.mark.parametrize("path", ["/api/v1/me", "/healthz", "/api/v1/nothing-here"])
async def test_security_headers_on_api_responses(security_api: SecurityApi, path: str) -> None:
    response = await security_api.client.get(path, headers=security_api.parties["student"].headers)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    if path.startswith("/api/"):
        assert response.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in response.headers  # plain http here


async def test_docs_keep_working_without_the_strict_csp(security_api: SecurityApi) -> None:
    response = await security_api.client.get("/docs")
    assert response.status_code == 200
    assert "content-security-policy" not in response.headers  # Swagger UI loads from a CDN
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_hsts_when_served_over_https(
    make_settings: Callable[..., Settings], sqlite_session_url: str, dev_client: Client
) -> None:
    settings = make_settings(
        database_url=sqlite_session_url, public_base_url="https://learn.example.org"
    )
    async with running_app(create_app(settings, temporal=dev_client)) as client:
        response = await client.get("/healthz")
    assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_report_artifacts_may_style_and_embed_charts_but_not_script(
    security_api: SecurityApi,
) -> None:
    response = await security_api.client.get(
        "/api/v1/reports/2026-W01/html", headers=security_api.parties["admin"].headers
    )
    csp = response.headers["content-security-policy"]
    assert "style-src 'unsafe-inline'" in csp
    assert "img-src data:" in csp
    assert "script-src" not in csp and "default-src 'none'" in csp  # scripts fall back: none


HUGE = "x" * 20_000
ANY_ID = "00000000-0000-4000-8000-000000000000"


@pytest.mark.parametrize(
    ("role", "path", "body", "field"),
    [
        ("instructor", "/api/v1/course-generations",
         {"title": HUGE, "description": "A perfectly fine description."}, "body.title"),
        ("instructor", "/api/v1/course-generations",
         {"title": "Fine", "description": "Fine description here.",
          "learning_objectives": ["o"] * 1000}, "body.learning_objectives"),
        ("instructor", "/api/v1/course-generations",
         {"title": "Fine", "description": "Fine description here.", "module_count": 10**9},
         "body.module_count"),
        ("instructor", f"/api/v1/courses/{ANY_ID}/lessons/{ANY_ID}/regenerate",
         {"instructions": HUGE * 5}, "body.instructions"),
        ("student", f"/api/v1/courses/{ANY_ID}/enrollments",
         {"payment_token": HUGE}, "body.payment_token"),
        ("student", "/api/v1/progress",
         {"section_id": ANY_ID, "completed": True, "time_spent_s": 10**12}, "body.time_spent_s"),
        ("student", f"/api/v1/lessons/{ANY_ID}/quiz-attempts",
         {"answers": [0] * 10_000}, "body.answers"),
        ("admin", "/api/v1/reports/runs", {"week": HUGE}, "body.week"),
        ("admin", "/api/v1/users",
         {"email": "a@example.org", "password": "long-enough-pw", "full_name": HUGE,
          "role": "student"}, "body.full_name"),
    ],
)  # fmt: skip
async def test_every_resource_body_has_limits_that_name_the_field(
    security_api: SecurityApi, role: str, path: str, body: dict[str, object], field: str
) -> None:
    response = await security_api.client.post(
        path, json=body, headers=security_api.parties[role].headers
    )
    assert response.status_code == 422, response.text[:300]
    assert _is_problem(response)
    assert field in [e["field"] for e in response.json()["errors"]], response.text[:300]
