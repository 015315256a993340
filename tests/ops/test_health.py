"""Liveness and readiness: /readyz names the dependency that is unreachable."""

from __future__ import annotations

from collections.abc import Callable

from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from core.temporal import connect
from tests.conftest import ApiFactory


async def test_healthz_answers_without_dependencies(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_client: Client,
) -> None:  # fmt: skip
    api = await api_client_factory(make_settings(database_url=database_url), dev_client)
    response = await api.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_is_ready_when_database_and_temporal_answer(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_env: WorkflowEnvironment,
) -> None:  # fmt: skip
    api = await api_client_factory(make_settings(database_url=database_url), dev_env.client)
    response = await api.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json()["checks"] == {"database": "ok", "temporal": "ok"}


async def test_readyz_names_temporal_when_it_is_unreachable(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    database_url: str,
    reserve_port: Callable[[], int],
) -> None:
    settings = make_settings(
        database_url=database_url, temporal_address=f"127.0.0.1:{reserve_port()}"
    )
    api = await api_client_factory(settings, await connect(settings, lazy=True))
    response = await api.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["checks"] == {"database": "ok", "temporal": "unreachable"}
    assert "temporal" in body["detail"]


async def test_readyz_names_the_database_when_it_is_unreachable(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    dev_client: Client,
    reserve_port: Callable[[], int],
) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{reserve_port()}/nothing"
    api = await api_client_factory(make_settings(database_url=url), dev_client)
    response = await api.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unreachable", "temporal": "ok"}
    assert "database" in response.json()["detail"]


async def test_unknown_route_is_problem_json(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_client: Client,
) -> None:  # fmt: skip
    api = await api_client_factory(make_settings(database_url=database_url), dev_client)
    response = await api.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/not-found")


async def test_openapi_docs_are_served(
    api_client_factory: ApiFactory, make_settings: Callable[..., Settings], database_url: str,
    dev_client: Client,
) -> None:  # fmt: skip
    api = await api_client_factory(make_settings(database_url=database_url), dev_client)
    assert (await api.get("/docs")).status_code == 200
    schema = (await api.get("/openapi.json")).json()
    assert "/readyz" in schema["paths"]


async def test_a_database_outage_is_503_not_500(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    dev_client: Client,
    reserve_port: Callable[[], int],
) -> None:
    import uuid

    from core.security import issue_access_token

    url = f"postgresql+psycopg://nobody@127.0.0.1:{reserve_port()}/nothing"
    settings = make_settings(database_url=url)
    api = await api_client_factory(settings, dev_client)
    token, _ = issue_access_token(settings, uuid.uuid4(), "student")
    response = await api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/database-unavailable")
    assert response.headers["Retry-After"] == "5"
