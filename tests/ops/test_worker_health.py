"""Worker liveness that fails when the worker stops polling, read from the Temporal server's
record of pollers (a dev server of its own, whose long polls end after 1 s instead of 60 s,
so a short staleness limit still tells an idle worker from a silent one)."""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import cast

import httpx
import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from core.settings import Settings
from core.temporal import connect
from core.worker_health import ACTIVITY, WORKFLOW, HealthServer, PollTarget, WorkerHealth
from tests.support.ops_workflows import OpsProbeWorkflow, probe_step
from worker import build_deps, build_workers, poll_targets

TEMPORAL = str(Path(sys.executable).parent / "temporal")
INTERVAL_S = 0.2
STALE_S = 3.0


@pytest.fixture(scope="module")
async def quick_poll_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=TEMPORAL,
        dev_server_extra_args=[
            "--dynamic-config-value", 'matching.longPollExpirationInterval="1s"',
        ],
    )  # fmt: skip
    yield env
    await env.shutdown()


async def _probe(url: str) -> tuple[int, dict[str, object]]:
    async with httpx.AsyncClient() as http:
        response = await http.get(url, timeout=5)
    return response.status_code, json.loads(response.text)


async def _until(check: Callable[[], object], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if await check():  # type: ignore[misc]
            return
        await asyncio.sleep(INTERVAL_S)
    raise AssertionError("condition never held")


def _health(client: Client, targets: list[PollTarget]) -> WorkerHealth:
    return WorkerHealth(client, client.identity, targets, interval_s=INTERVAL_S,
                        stale_after_s=STALE_S)  # fmt: skip


async def test_liveness_follows_the_servers_record_of_our_polls(
    quick_poll_env: WorkflowEnvironment,
) -> None:
    client = quick_poll_env.client
    queue = f"health-{uuid.uuid4().hex[:8]}"
    worker = Worker(client, task_queue=queue, workflows=[OpsProbeWorkflow],
                    activities=[probe_step])  # fmt: skip
    health = _health(client, [PollTarget(queue, WORKFLOW), PollTarget(queue, ACTIVITY)])
    with HealthServer(health, 0, host="127.0.0.1") as server:
        base = f"http://127.0.0.1:{server.port}"
        checks = asyncio.create_task(health.run())
        try:
            ready, body = await _probe(f"{base}/readyz")
            assert (ready, body["status"]) == (503, "not-polling-yet")
            run = asyncio.create_task(worker.run())

            async def ready_now() -> bool:
                return (await _probe(f"{base}/readyz"))[0] == 200

            await _until(ready_now)
            await asyncio.sleep(STALE_S + 1)  # idle but polling: still alive
            assert (await _probe(f"{base}/livez"))[0] == 200
            assert (await _probe(f"{base}/readyz"))[0] == 200

            await worker.shutdown()  # the process lives on, its pollers are gone
            await run

            both = {f"{queue}/workflow", f"{queue}/activity"}

            async def dead_now() -> bool:
                # Each kind of poll goes stale on its own clock (the server records the last
                # poll per kind), so liveness may fail on one before it names the other.
                code, body = await _probe(f"{base}/livez")
                return code == 503 and set(cast(list[str], body.get("queues", []))) == both

            await _until(dead_now)
            _code, body = await _probe(f"{base}/livez")
            assert body["status"] == "not-polling"
            assert set(cast(list[str], body["queues"])) == both
            assert (await _probe(f"{base}/readyz"))[0] == 503
        finally:
            checks.cancel()


async def test_a_blocked_event_loop_fails_liveness(quick_poll_env: WorkflowEnvironment) -> None:
    client = quick_poll_env.client
    health = _health(client, [PollTarget(f"health-{uuid.uuid4().hex[:8]}", WORKFLOW)])
    await health.check_once()
    with HealthServer(health, 0, host="127.0.0.1") as server:
        url = f"http://127.0.0.1:{server.port}/livez"
        assert httpx.get(url).status_code == 200  # within the start-up grace
        time.sleep(4 * INTERVAL_S)  # the point: this event loop is stuck
        stuck = httpx.get(url)  # answered by the server's own thread
    assert stuck.status_code == 503
    assert stuck.json()["status"] == "stalled"


async def test_an_unreachable_server_is_not_ready_but_still_alive(
    make_settings: Callable[..., Settings],
) -> None:
    """Restarting workers during a Temporal outage helps nothing: liveness holds, readiness
    says why the pod should get no traffic."""
    client = await connect(make_settings(temporal_address="127.0.0.1:1"), lazy=True)
    health = _health(client, [PollTarget("anything", ACTIVITY)])
    health.stale_after_s = 0.0
    await health.check_once()
    assert health.server_error is not None
    assert health.liveness() == (True, {"status": "ok"})
    ready, body = health.readiness()
    assert not ready and body["status"] == "server-unreachable"


async def test_the_worker_process_watches_every_queue_it_polls(
    make_settings: Callable[..., Settings], sqlite_url: str, dev_env: WorkflowEnvironment
) -> None:
    tag = uuid.uuid4().hex[:8]
    settings = make_settings(database_url=sqlite_url, task_queue=f"g-{tag}",
                             llm_task_queue=f"m-{tag}")  # fmt: skip
    deps = build_deps(settings)
    try:
        workers = build_workers(dev_env.client, deps)
        assert set(poll_targets(workers)) == {
            PollTarget(f"g-{tag}", WORKFLOW),
            PollTarget(f"g-{tag}", ACTIVITY),
            PollTarget(f"m-{tag}", ACTIVITY),
        }
        llm_only = build_workers(dev_env.client, deps, queues=("llm",), llm_task_queue=f"m2-{tag}")
        assert poll_targets(llm_only) == [PollTarget(f"m2-{tag}", ACTIVITY)]
    finally:
        await deps.engine.dispose()
