"""Generation harness: a fake model server, real workers on the dev server, real databases."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.client import Client, WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from core.settings import Settings
from db.models import CourseGeneration, User
from db.session import transaction
from schemas.enums import Role
from schemas.generation import CourseGenerationRequest, CourseGenerationResult
from services.generation import create_course_generation, start_course_generation_workflow
from tests.factories import create_user
from tests.support.fake_llm import FakeLLMServer
from worker import WorkerDeps, build_deps, build_workers
from workflows.generation import CourseGenerationWorkflow


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer().start()
    yield server
    server.release_all()
    server.stop()


def provider_settings(fake: FakeLLMServer, provider: str) -> dict[str, Any]:
    if provider == "anthropic":
        return {
            "llm_provider": "anthropic",
            "anthropic_api_key": "test-anthropic-key",
            "anthropic_base_url": fake.anthropic_base_url,
            "llm_outline_model": "claude-haiku-4-5",
            "llm_lesson_model": "claude-haiku-4-5",
        }
    if provider == "openai":
        return {
            "llm_provider": "openai",
            "openai_api_key": "test-openai-key",
            "openai_base_url": fake.openai_base_url,
            "llm_outline_model": "gpt-4o-mini",
            "llm_lesson_model": "gpt-4o-mini",
        }
    return {"llm_provider": "offline"}


@dataclass
class Harness:
    settings: Settings
    client: Client
    deps: WorkerDeps
    fake: FakeLLMServer
    workers: list[Worker] = field(default_factory=list)
    runs: list[asyncio.Task[None]] = field(default_factory=list)

    def start_workers(self) -> None:
        self.deps = build_deps(self.settings)
        self.workers = build_workers(
            self.client,
            self.deps,
            task_queue=self.settings.task_queue,
            llm_task_queue=self.settings.llm_task_queue,
        )
        self.runs = [asyncio.create_task(w.run()) for w in self.workers]

    async def start_model_worker(self) -> None:
        """One more model worker on the same queue, built as the worker process builds it,
        on a connection of its own (as another worker process would be)."""
        config = self.client.service_client.config
        client = await Client.connect(
            config.target_host,
            namespace=self.client.namespace,
            data_converter=self.client.data_converter,
        )
        (worker,) = build_workers(
            client, self.deps, llm_task_queue=self.settings.llm_task_queue, queues=("llm",)
        )
        self.workers.append(worker)
        self.runs.append(asyncio.create_task(worker.run()))

    async def kill_workers(self) -> None:
        """An abrupt stop: in-flight activities are cancelled, nothing finishes gracefully."""
        for run in self.runs:
            run.cancel()
        await asyncio.gather(*self.runs, return_exceptions=True)
        await self.deps.engine.dispose()

    async def stop(self) -> None:
        await asyncio.gather(*(w.shutdown() for w in self.workers), return_exceptions=True)
        await asyncio.gather(*self.runs, return_exceptions=True)
        await self.deps.engine.dispose()

    async def user(self, role: Role = Role.instructor) -> User:
        async with transaction(self.deps.sessionmaker) as session:
            return await create_user(session, role)

    async def start(
        self, user: User | None = None, *, settings: Settings | None = None, **request: Any
    ) -> tuple[CourseGeneration, WorkflowHandle[Any, CourseGenerationResult]]:
        """``settings``: the starting API's, when they differ from the workers' (the limits
        frozen into the run come from the API's settings)."""
        user = user or await self.user()
        values: dict[str, Any] = {
            "title": "Statistics for Curious People",
            "description": "Means, spreads and confidence intervals for beginners.",
            "module_count": 2,
            "lessons_per_module": 2,
        }
        values.update(request)
        body = CourseGenerationRequest(**values)
        async with transaction(self.deps.sessionmaker) as session:
            row = await create_course_generation(session, user, body)
        await start_course_generation_workflow(self.client, settings or self.settings, row, body)
        return row, self.client.get_workflow_handle_for(
            CourseGenerationWorkflow.run, row.workflow_id
        )

    async def generation(self, generation_id: Any) -> CourseGeneration:
        async with self.deps.sessionmaker() as session:
            row = await session.scalar(
                select(CourseGeneration).where(CourseGeneration.id == generation_id)
            )
            assert row is not None
            return row

    async def wait_for(self, check: Callable[[], Awaitable[bool]], timeout: float = 30.0) -> None:
        """Poll a condition (a readiness wait, not a timing assertion)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not await check():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("condition not reached")
            await asyncio.sleep(0.05)


HarnessFactory = Callable[..., Awaitable[Harness]]


@pytest.fixture
async def make_harness(
    dev_env: WorkflowEnvironment,
    task_queue: str,
    make_settings: Callable[..., Settings],
    fake_llm: FakeLLMServer,
) -> AsyncIterator[HarnessFactory]:
    made: list[Harness] = []

    async def factory(
        database_url: str, provider: str = "openai", *, client: Client | None = None,
        **overrides: Any,
    ) -> Harness:  # fmt: skip
        """``client``: another server's client (the time-skipping one); else the dev server."""
        values: dict[str, Any] = {
            "task_queue": task_queue,
            "llm_task_queue": task_queue + "-llm",
            "database_url": database_url,
            "llm_retry_initial_interval_s": 0.1,
            "llm_heartbeat_timeout_s": 2.0,
            "llm_http_timeout_s": 10.0,
            "worker_graceful_shutdown_s": 0,
            **provider_settings(fake_llm, provider),
        }
        values.update(overrides)
        settings = make_settings(**values)
        harness = Harness(settings, client or dev_env.client, build_deps(settings), fake_llm)
        await harness.deps.engine.dispose()
        harness.start_workers()
        made.append(harness)
        return harness

    yield factory
    fake_llm.release_all()  # held model calls must not keep the workers from stopping
    for harness in made:
        with contextlib.suppress(Exception):
            await harness.stop()
