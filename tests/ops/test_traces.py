"""One trace per run, wherever the run starts: the CLI, a Temporal Schedule (and the API, in
test_telemetry.py). Spans are exported in memory; the worker runs the real workflows and
activities on the real dev server.

In each trace the run's ``RunWorkflow`` span is the parent of every ``StartActivity`` span,
each ``RunActivity`` is the child of its ``StartActivity``, database statements are spans
inside the activities, and JSON log lines written inside carry the trace and span IDs.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from temporalio.client import Client
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from cli.main import cli
from core.settings import Settings
from core.telemetry import export_spans_to, shutdown_tracing
from core.temporal import connect
from db.migrate import upgrade_head
from db.session import transaction
from schemas.enums import Role
from schemas.reports import week_that_ended
from schemas.temporal import report_workflow_id
from services.reports import apply_schedules
from tests.factories import create_course, create_user
from tests.support.logs import captured_json_logs
from worker import WorkerDeps, build_deps, build_workers
from workflows.enrollment import EnrollmentWorkflow
from workflows.reports import WeeklyReportWorkflow


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Tracing on for this process, into memory."""
    exporter = InMemorySpanExporter()
    export_spans_to("in-memory", exporter, batch=False)
    yield exporter
    shutdown_tracing()


@pytest.fixture
def json_logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    with captured_json_logs(monkeypatch, "INFO") as stream:
        yield stream


@dataclass
class Stack:
    settings: Settings
    client: Client  # made after tracing was switched on, like every process's client
    deps: WorkerDeps


@pytest.fixture
async def stack(
    spans: InMemorySpanExporter,
    tmp_path: Path,
    make_settings: Callable[..., Settings],
    dev_env: WorkflowEnvironment,
    task_queue: str,
) -> AsyncIterator[Stack]:
    url = f"sqlite+pysqlite:///{tmp_path / 'traces.db'}"
    upgrade_head(url)
    settings = make_settings(
        database_url=url,
        temporal_address=dev_env.client.service_client.config.target_host,
        task_queue=task_queue,
        llm_task_queue=task_queue + "-llm",
        enrollment_answer_wait_s=15.0,
    )
    client = await connect(settings)
    deps = build_deps(settings)
    workers = build_workers(client, deps)
    try:
        async with contextlib.AsyncExitStack() as running:
            for worker in workers:
                await running.enter_async_context(worker)
            yield Stack(settings, client, deps)
    finally:
        await deps.engine.dispose()


def _hex(span_id: int) -> str:
    return trace.format_span_id(span_id)


# The run's own work. A signal, query or update handler is traced in its caller's trace
# (HandleSignal:..., HandleUpdate:...): the operator who sent it is the one who waits on it.
RUN_SPANS = ("RunWorkflow:", "StartActivity:", "RunActivity:", "StartChildWorkflow:")


def _of_runs(spans: list[ReadableSpan], workflow_ids: set[str]) -> list[ReadableSpan]:
    return [
        s
        for s in spans
        if (s.attributes or {}).get("temporalWorkflowID") in workflow_ids
        and s.name.startswith(RUN_SPANS)
    ]


def assert_one_trace_per_run(
    spans: list[ReadableSpan], workflow_ids: set[str], min_activities: int
) -> int:
    """Every span of these runs is in one trace; each run's workflow span parents each of its
    activity spans. Returns the trace ID."""
    own = _of_runs(spans, workflow_ids)
    traces = {s.context.trace_id for s in own}
    assert len(traces) == 1, sorted(s.name for s in own)
    (trace_id,) = traces
    by_id = {s.context.span_id: s for s in spans if s.context.trace_id == trace_id}
    workflow_spans = {
        s.attributes["temporalWorkflowID"]: s
        for s in own
        if s.name.startswith("RunWorkflow:") and s.attributes
    }
    assert set(workflow_spans) == workflow_ids  # ended, exported, one per run
    started = [s for s in own if s.name.startswith("StartActivity:")]
    assert len(started) >= min_activities, [s.name for s in started]
    for start in started:
        run = workflow_spans[(start.attributes or {})["temporalWorkflowID"]]
        assert start.parent is not None and start.parent.span_id == run.context.span_id, (
            f"{start.name} hangs off {_hex(start.parent.span_id) if start.parent else None}"
        )
    for executed in (s for s in own if s.name.startswith("RunActivity:")):
        assert executed.parent is not None
        parent = by_id[executed.parent.span_id]
        assert parent.name == executed.name.replace("RunActivity:", "StartActivity:")
    return trace_id


def _descends_from(span: ReadableSpan, name_prefix: str, by_id: dict[int, ReadableSpan]) -> bool:
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        if span.name.startswith(name_prefix):
            return True
    return False


def assert_database_spans_inside_activities(spans: list[ReadableSpan], trace_id: int) -> None:
    mine = [s for s in spans if s.context.trace_id == trace_id]
    by_id = {s.context.span_id: s for s in mine}
    statements = [s for s in mine if (s.attributes or {}).get("db.system") == "sqlite"]
    assert statements, "no SQLAlchemy spans"
    assert any(_descends_from(s, "RunActivity:", by_id) for s in statements)


def json_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(raw) for raw in stream.getvalue().splitlines() if raw.startswith("{")]


def assert_log_lines_carry_the_trace(
    stream: io.StringIO, workflow_ids: set[str], trace_id: int, spans: list[ReadableSpan]
) -> None:
    lines = [line for line in json_lines(stream) if line.get("workflow_id") in workflow_ids]
    assert lines, "no log lines from the runs"
    span_ids = {_hex(s.context.span_id) for s in spans if s.context.trace_id == trace_id}
    for line in lines:
        assert line.get("trace_id") == trace.format_trace_id(trace_id), line
        assert line.get("span_id") in span_ids, line


async def _enroll_with_the_cli(stack: Stack, course_id: uuid.UUID, email: str) -> Any:
    variables = {
        "COURSEFLOW_ENVIRONMENT": "test",
        "COURSEFLOW_DATA_DIR": str(stack.settings.data_dir),
        "COURSEFLOW_DATABASE_URL": stack.settings.resolved_database_url,
        "COURSEFLOW_TEMPORAL_ADDRESS": stack.settings.resolved_temporal_address,
        "COURSEFLOW_TASK_QUEUE": stack.settings.task_queue,
        "COURSEFLOW_LLM_TASK_QUEUE": stack.settings.llm_task_queue,
    }
    args = ["enroll", str(course_id), "--student", email, "--token", "tok_visa"]
    # The command owns its event loop: run it in a thread, as an operator's shell would.
    result = await asyncio.to_thread(CliRunner().invoke, cli, args, env=variables)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout[result.stdout.index("{\n") :])


async def test_a_cli_started_enrollment_is_one_trace(
    stack: Stack, spans: InMemorySpanExporter, json_logs: io.StringIO
) -> None:
    async with transaction(stack.deps.sessionmaker) as session:
        author = await create_user(session, Role.instructor)
        course = await create_course(session, author, price_cents=4900)
        student = await create_user(session, Role.student)
    outcome = await _enroll_with_the_cli(stack, course.id, student.email)
    assert outcome["status"] == "active"
    workflow_id = outcome["workflow_id"]
    handle = stack.client.get_workflow_handle_for(EnrollmentWorkflow.run, workflow_id)
    await handle.signal(EnrollmentWorkflow.mark_completed)  # the saga's run ends here
    assert (await handle.result()).status.value == "completed"

    finished = list(spans.get_finished_spans())
    trace_id = assert_one_trace_per_run(finished, {workflow_id}, min_activities=5)
    root = [s for s in finished if s.context.trace_id == trace_id and s.parent is None]
    assert [s.name for s in root] == ["StartUpdateWithStartWorkflow:EnrollmentWorkflow"]
    assert_database_spans_inside_activities(finished, trace_id)
    assert_log_lines_carry_the_trace(json_logs, {workflow_id}, trace_id, finished)


async def _report_run_ids(client: Client, after: datetime, week: str) -> set[str]:
    """The scheduled parent run and the week's child run, once both have finished."""
    child = client.get_workflow_handle_for(WeeklyReportWorkflow.run, report_workflow_id(week))
    for _ in range(200):
        with contextlib.suppress(RPCError):
            described = await child.describe()
            if described.start_time >= after and described.close_time is not None:
                parent = described.parent_id
                assert parent is not None
                await client.get_workflow_handle(parent).result()
                return {parent, described.id}
        await asyncio.sleep(0.1)
    raise AssertionError(f"the week's report run never finished after {after.isoformat()}")


async def test_a_schedule_triggered_report_is_one_trace(
    stack: Stack, spans: InMemorySpanExporter, json_logs: io.StringIO
) -> None:
    schedule_id = f"weekly-report-traced-{uuid.uuid4().hex[:8]}"
    await apply_schedules(stack.client, stack.settings, schedule_id=schedule_id)
    schedule = stack.client.get_schedule_handle(schedule_id)
    try:
        triggered = datetime.now(UTC)
        await schedule.trigger()
        week = week_that_ended(datetime.now(UTC), stack.settings.report_timezone)
        runs = await _report_run_ids(stack.client, triggered, week)
    finally:
        await schedule.delete()

    finished = list(spans.get_finished_spans())
    trace_id = assert_one_trace_per_run(finished, runs, min_activities=2)
    # Nobody called: the scheduled run's own workflow span is the root of its trace.
    [root] = [s for s in finished if s.context.trace_id == trace_id and s.parent is None]
    assert root.name == "RunWorkflow:WeeklyReportWorkflow"
    assert (root.attributes or {})["temporalWorkflowID"] not in {report_workflow_id(week)}
    assert_database_spans_inside_activities(finished, trace_id)
    assert_log_lines_carry_the_trace(json_logs, runs, trace_id, finished)


async def test_outgoing_http_requests_are_spans_of_the_caller(
    spans: InMemorySpanExporter,
) -> None:
    """httpx, which the model SDKs use, is instrumented: a request is a child span."""
    from tests.ops.otlp_receiver import OtlpReceiver

    tracer = trace.get_tracer("courseflow.tests")
    with OtlpReceiver() as server, tracer.start_as_current_span("caller") as caller:
        async with httpx.AsyncClient() as http:
            await http.post(server.endpoint + "/v1/traces", content=b"")
    [request] = [s for s in spans.get_finished_spans() if s.name == "POST"]
    assert request.parent is not None
    assert request.parent.span_id == caller.get_span_context().span_id
    assert (request.attributes or {}).get("http.request.method", "POST") == "POST"
