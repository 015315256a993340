"""Tracing: one trace from the API request through the workflow into its activity, exported
over OTLP/HTTP to a local receiver; and no tracing at all without an endpoint."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi import Request
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from core.settings import Settings
from core.telemetry import flush_traces, shutdown_tracing, traces_url, worker_runtime
from core.temporal import connect
from tests.ops.otlp_receiver import OtlpReceiver, ReceivedSpan
from tests.support.ops_workflows import OpsProbeWorkflow, ProbeInput, probe_step


@pytest.fixture(autouse=True)
def _stop_exporters() -> Iterator[None]:
    """The test's collector closes with the test: stop exporting to it, or the exporter
    retries against a closed port when the session exits."""
    yield
    shutdown_tracing()


def dev_address(dev_env: WorkflowEnvironment) -> str:
    return dev_env.client.service_client.config.target_host


def add_probe_route(app: object, task_queue: str) -> None:
    """A route that starts the probe workflow the way every real route does: TemporalDep."""

    async def probe(request: Request) -> dict[str, str]:
        client: Client = request.app.state.courseflow.temporal
        result = await client.execute_workflow(
            OpsProbeWorkflow.run,
            ProbeInput(name="trace"),
            id=f"probe-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        return {"result": result}

    app.add_api_route("/api/v1/ops-probe", probe, methods=["POST"])  # type: ignore[attr-defined]


async def wait_for_spans(receiver: OtlpReceiver, names: set[str]) -> list[ReceivedSpan]:
    for _ in range(100):
        flush_traces()
        if names <= {s.name for s in receiver.spans}:
            return list(receiver.spans)
        await asyncio.sleep(0.1)
    raise AssertionError(f"spans never arrived; got {sorted({s.name for s in receiver.spans})}")


def ancestors(span: ReceivedSpan, by_id: dict[str, ReceivedSpan]) -> list[str]:
    names = []
    while span.parent_span_id and span.parent_span_id in by_id:
        span = by_id[span.parent_span_id]
        names.append(span.name)
    return names


async def test_one_trace_spans_request_workflow_and_activity(
    dev_env: WorkflowEnvironment,
    task_queue: str,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
) -> None:
    with OtlpReceiver() as receiver:
        settings = make_settings(
            otlp_endpoint=receiver.endpoint,
            temporal_address=dev_address(dev_env),
            database_url=sqlite_session_url,
        )
        client = await connect(settings)
        app = create_app(settings, temporal=client)
        add_probe_route(app, task_queue)
        async with (
            app.router.lifespan_context(app),
            Worker(
                client,
                task_queue=task_queue,
                workflows=[OpsProbeWorkflow],
                activities=[probe_step],
            ),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://testserver"
            ) as http,
        ):
            response = await http.post("/api/v1/ops-probe")
        assert response.json() == {"result": "probed trace"}
        spans = await wait_for_spans(
            receiver,
            {
                "POST /api/v1/ops-probe",
                "StartWorkflow:OpsProbeWorkflow",
                "RunWorkflow:OpsProbeWorkflow",
                "StartActivity:probe_step",
                "RunActivity:probe_step",
            },
        )
    assert set(receiver.paths) == {"/v1/traces"}
    request_span = next(s for s in spans if s.name == "POST /api/v1/ops-probe")
    run_activity = next(s for s in spans if s.name == "RunActivity:probe_step")
    assert run_activity.trace_id == request_span.trace_id
    assert run_activity.service == "courseflow"
    by_id = {s.span_id: s for s in spans}
    run_workflow = next(s for s in spans if s.name == "RunWorkflow:OpsProbeWorkflow")
    # request <- StartWorkflow <- RunWorkflow <- StartActivity <- RunActivity
    assert ancestors(run_workflow, by_id) == [
        "StartWorkflow:OpsProbeWorkflow",
        "POST /api/v1/ops-probe",
    ]
    assert ancestors(run_activity, by_id) == [
        "StartActivity:probe_step",
        "RunWorkflow:OpsProbeWorkflow",
        "StartWorkflow:OpsProbeWorkflow",
        "POST /api/v1/ops-probe",
    ]


async def test_tracing_is_off_without_an_endpoint(
    dev_env: WorkflowEnvironment, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(temporal_address=dev_address(dev_env))
    client = await connect(settings)
    assert client.config()["interceptors"] == []
    assert client.config()["plugins"] == []
    app = create_app(settings, temporal=client)
    assert not getattr(app, "_is_instrumented_by_opentelemetry", False)


def test_traces_url_accepts_a_collector_base_or_a_full_url() -> None:
    assert traces_url("http://collector:4318/") == "http://collector:4318/v1/traces"
    assert traces_url("http://collector:4318/v1/traces") == "http://collector:4318/v1/traces"


def test_worker_runtime_serves_metrics_only_when_a_port_is_set(
    make_settings: Callable[..., Settings], reserve_port: Callable[[], int]
) -> None:
    assert worker_runtime(make_settings()) is None
    port_settings = make_settings(worker_metrics_port=reserve_port())
    runtime = worker_runtime(port_settings)
    assert runtime is not None
    assert worker_runtime(port_settings) is runtime  # one runtime per process and port
