"""GET /metrics: request metrics by route template and status, and domain counters read
from the database at scrape time (so events recorded by any worker process count)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import AIGeneration, CourseGeneration, Enrollment
from db.session import transaction
from schemas.enums import EnrollmentStatus, GenerationStatus, Role
from tests.conftest import ApiFactory
from tests.factories import create_course, create_user

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(api: httpx.AsyncClient) -> Samples:
    response = await api.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def api_for(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], url: str
) -> httpx.AsyncClient:
    # Temporal is never reached by these routes; the lazy client is not connected.
    return await api_client_factory(make_settings(database_url=url))


async def record_domain_events(sessionmaker: async_sessionmaker[AsyncSession], model: str) -> None:
    """What the workflows' activities write: 3 generations (1 completed, 2 failed kinds),
    2 model calls, 2 enrollments (1 active, 1 failed)."""
    async with transaction(sessionmaker) as session:
        author = await create_user(session, Role.instructor)
        course = await create_course(session, author)
        generations = []
        for status in (
            GenerationStatus.completed,
            GenerationStatus.failed,
            GenerationStatus.budget_exceeded,
        ):
            gen = CourseGeneration(
                requested_by=author.id, workflow_id=f"course-gen-{uuid.uuid4()}",
                request={"title": "t"}, status=status,
            )  # fmt: skip
            session.add(gen)
            generations.append(gen)
        await session.flush()
        for n, (tokens_in, tokens_out, cost) in enumerate(
            ((1000, 200, "0.0060"), (500, 50, "0.0021"))
        ):
            session.add(
                AIGeneration(
                    generation_id=generations[0].id, call_key=f"{uuid.uuid4()}-{n}",
                    stage="outline", provider="openai", model=model, prompt_hash="0" * 64,
                    input_tokens=tokens_in, output_tokens=tokens_out, cached_tokens=100,
                    cost_usd=Decimal(cost),
                )
            )  # fmt: skip
        for status in (EnrollmentStatus.active, EnrollmentStatus.failed):
            student = await create_user(session, Role.student)
            session.add(
                Enrollment(
                    course_id=course.id, student_id=student.id, status=status,
                    workflow_id=f"enroll-{course.id}-{student.id}",
                )
            )  # fmt: skip


async def test_domain_counters_come_from_the_database(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    database_url: str,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    api = await api_for(api_client_factory, make_settings, database_url)
    model = f"model-{uuid.uuid4().hex[:8]}"
    before = await scrape(api)
    await record_domain_events(sessionmaker, model)
    after = await scrape(api)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("courseflow_generations_started_total") == 3
    assert delta("courseflow_generations_completed_total") == 1
    assert delta("courseflow_generations_failed_total") == 2
    assert delta("courseflow_generations", status="budget_exceeded") == 1
    assert delta("courseflow_enrollments", status="active") == 1
    assert delta("courseflow_enrollments", status="failed") == 1
    assert delta("courseflow_enrollments", status="waitlisted") == 0
    model_labels = {"provider": "openai", "model": model}
    assert value(after, "courseflow_model_calls_total", **model_labels) == 2
    assert value(after, "courseflow_model_tokens_total", kind="input", **model_labels) == 1500
    assert value(after, "courseflow_model_tokens_total", kind="output", **model_labels) == 250
    assert value(after, "courseflow_model_tokens_total", kind="cached", **model_labels) == 200
    assert value(after, "courseflow_model_cost_usd_total", **model_labels) == 0.0081


async def test_requests_are_counted_by_route_template_and_status(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
) -> None:
    api = await api_for(api_client_factory, make_settings, sqlite_session_url)
    before = await scrape(api)
    for _ in range(2):
        assert (await api.get("/healthz")).status_code == 200
    missing = f"/api/v1/no-such-thing/{uuid.uuid4()}"
    assert (await api.get(missing)).status_code == 404
    assert (await api.get("/api/v1/me")).status_code == 401
    after = await scrape(api)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    healthz = {"method": "GET", "route": "/healthz"}
    assert delta("courseflow_http_requests_total", status="200", **healthz) == 2
    assert delta("courseflow_http_request_duration_seconds_count", **healthz) == 2
    assert (
        delta("courseflow_http_requests_total", method="GET", route="/api/v1/me", status="401") == 1
    )
    unmatched = {"method": "GET", "route": "<unmatched>", "status": "404"}
    assert delta("courseflow_http_requests_total", **unmatched) == 1
    assert not any(missing in dict(labels).get("route", "") for _, labels in after)


async def test_docs_and_the_openapi_document_have_their_own_route_labels(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
) -> None:
    api = await api_for(api_client_factory, make_settings, sqlite_session_url)
    before = await scrape(api)
    for path in ("/openapi.json", "/docs", "/redoc"):
        assert (await api.get(path)).status_code == 200
    after = await scrape(api)
    for path in ("/openapi.json", "/docs", "/redoc"):
        labels = {"method": "GET", "route": path, "status": "200"}
        assert (
            value(after, "courseflow_http_requests_total", **labels)
            - value(before, "courseflow_http_requests_total", **labels)
            == 1
        ), path
    unmatched = {"method": "GET", "route": "<unmatched>", "status": "200"}
    assert value(after, "courseflow_http_requests_total", **unmatched) == 0


async def test_process_and_runtime_metrics_are_exposed(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
) -> None:
    api = await api_for(api_client_factory, make_settings, sqlite_session_url)
    samples = await scrape(api)
    names = {name for name, _ in samples}
    for name in (
        "process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds",
        "python_info", "python_gc_collections_total", "courseflow_api_processes",
    ):  # fmt: skip
        assert name in names, name
    assert value(samples, "courseflow_api_processes") >= 1


def _from(address: str, api: httpx.AsyncClient) -> httpx.AsyncClient:
    """The same app, reached from another client address (as behind a published port)."""
    transport = api._transport
    assert isinstance(transport, httpx.ASGITransport)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=transport.app, client=(address, 40000)),
        base_url="http://testserver",
    )


async def test_metrics_are_closed_to_other_networks_without_the_scrape_token(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
) -> None:
    settings = make_settings(
        database_url=sqlite_session_url,
        metrics_token="scrape-" + uuid.uuid4().hex,
        metrics_allowed_networks=["10.20.0.0/16"],
    )
    local = await api_client_factory(settings)
    token = settings.metrics_token
    assert token is not None
    async with _from("203.0.113.9", local) as outsider, _from("10.20.3.4", local) as scraper:
        denied = await outsider.get("/metrics")
        assert denied.status_code == 401
        assert denied.headers["content-type"].startswith("application/problem+json")
        assert "courseflow_" not in denied.text
        wrong = await outsider.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        right = await outsider.get(
            "/metrics", headers={"Authorization": f"Bearer {token.get_secret_value()}"}
        )
        assert right.status_code == 200 and "courseflow_enrollments" in right.text
        assert (await scraper.get("/metrics")).status_code == 200  # the allowed network
    # Loopback is not special once the networks are configured: it is not in the list.
    assert (await local.get("/metrics")).status_code == 401


async def test_by_default_only_loopback_reads_metrics(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
) -> None:
    local = await api_for(api_client_factory, make_settings, sqlite_session_url)
    assert (await local.get("/metrics")).status_code == 200
    async with _from("192.0.2.7", local) as outsider, _from("::1", local) as ipv6_loopback:
        assert (await outsider.get("/metrics")).status_code == 401
        assert (await ipv6_loopback.get("/metrics")).status_code == 200
