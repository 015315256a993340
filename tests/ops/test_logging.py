"""JSON logs outside development carry workflow ID, run ID and activity type."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import structlog
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from core.logging import NOISY_LOGGERS
from tests.support.logs import captured_json_logs
from tests.support.ops_workflows import OpsProbeWorkflow, ProbeInput, probe_step


@pytest.fixture
def json_log_stream(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """configure_logging(json=True) writing to a buffer; the previous set-up is restored."""
    with captured_json_logs(monkeypatch, "INFO") as stream:
        yield stream


def json_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    lines = []
    for raw in stream.getvalue().splitlines():
        if raw.startswith("{"):
            lines.append(json.loads(raw))
    return lines


async def test_json_logs_carry_workflow_run_and_activity_ids(
    dev_env: WorkflowEnvironment, task_queue: str, json_log_stream: io.StringIO
) -> None:
    workflow_id = f"probe-{uuid.uuid4()}"
    async with Worker(
        dev_env.client, task_queue=task_queue, workflows=[OpsProbeWorkflow],
        activities=[probe_step],
    ):  # fmt: skip
        handle = await dev_env.client.start_workflow(
            OpsProbeWorkflow.run, ProbeInput(name="logs"), id=workflow_id, task_queue=task_queue
        )
        await handle.result()
    lines = [line for line in json_lines(json_log_stream) if line.get("workflow_id") == workflow_id]
    by_event = {line["event"]: line for line in lines}

    structlog_line = by_event["probe.step"]  # a structlog logger inside an activity
    assert structlog_line["run_id"] == handle.result_run_id
    assert structlog_line["activity_type"] == "probe_step"
    assert structlog_line["name"] == "logs"

    adapter_line = by_event["probe step via activity.logger"]  # no "({...})" suffix in JSON
    assert adapter_line["run_id"] == handle.result_run_id
    assert adapter_line["activity_type"] == "probe_step"

    workflow_line = by_event["probe workflow started"]
    assert workflow_line["run_id"] == handle.result_run_id
    assert workflow_line["workflow_type"] == "OpsProbeWorkflow"
    assert "activity_type" not in workflow_line


def test_lines_outside_temporal_have_no_temporal_fields(json_log_stream: io.StringIO) -> None:
    structlog.get_logger("courseflow.tests").info("plain.event", answer=42)
    (line,) = [x for x in json_lines(json_log_stream) if x["event"] == "plain.event"]
    assert line["answer"] == 42
    assert line["level"] == "info"
    assert "workflow_id" not in line
    assert "run_id" not in line


@pytest.mark.parametrize("sdk", ["openai", "anthropic"])
def test_model_sdks_http_client_logs_no_line_per_request(sdk: str) -> None:
    """Both model SDKs send through an HTTP client that logs every request at INFO; that
    package's logger is quieted, or each model call would format a line of its own."""
    module = __import__(sdk)
    client_package = module.DefaultAsyncHttpxClient.__mro__[1].__module__.split(".")[0]
    assert client_package in NOISY_LOGGERS


async def test_a_model_call_writes_no_http_request_line(json_log_stream: io.StringIO) -> None:
    import httpx2
    import openai

    def answer(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json={
            "id": "c1", "object": "chat.completion", "created": 0, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "ok"}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })  # fmt: skip

    http = httpx2.AsyncClient(transport=httpx2.MockTransport(answer))
    client = openai.AsyncOpenAI(
        api_key="sk-test", base_url="http://model.test/v1", http_client=http
    )
    reply = await client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
    )
    await client.close()
    structlog.get_logger("courseflow.test").info("after.call")

    assert reply.choices[0].message.content == "ok"
    events = [line["event"] for line in json_lines(json_log_stream)]
    assert "after.call" in events  # the capture works at INFO
    assert not [e for e in events if "HTTP Request" in str(e)], events
