"""The real ``temporal`` CLI reads a history through our codec endpoint over HTTP: the
wire format (proto3 JSON, base64 metadata) is the one Temporal's own tools speak."""

from __future__ import annotations

import asyncio
import base64
import json
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from starlette.types import Message, Receive, Scope, Send
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from core.settings import Settings
from tests.security.conftest import Party
from tests.security.support_workflows import Contact, ContactWorkflow, check_mailbox, greet_contact

TEMPORAL = str(Path(sys.executable).parent / "temporal")


@dataclass
class LiveApi:
    url: str
    answers: list[tuple[str, int]]  # (path, status) of every response the API sent


@pytest.fixture
async def live_api(
    make_settings: Callable[..., Settings], sqlite_session_url: str, dev_env: WorkflowEnvironment,
    reserve_port: Callable[[], int],
) -> AsyncIterator[LiveApi]:  # fmt: skip
    """The API served by uvicorn on a real port, in this event loop."""
    port = reserve_port()
    app = create_app(make_settings(database_url=sqlite_session_url), temporal=dev_env.client)
    answers: list[tuple[str, int]] = []

    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                answers.append((scope["path"], message["status"]))
            await send(message)

        await app(scope, receive, record if scope["type"] == "http" else send)

    server = uvicorn.Server(
        uvicorn.Config(recording, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
        assert not task.done(), "uvicorn stopped during start-up"
    yield LiveApi(f"http://127.0.0.1:{port}", answers)
    server.should_exit = True
    await task


async def _finished_contact_run(
    dev_env: WorkflowEnvironment, task_queue: str
) -> tuple[str, Contact]:
    tag = uuid.uuid4().hex[:8]
    contact = Contact(email=f"cli.{tag}@example.org", full_name=f"Cli Person {tag}",
                      payment_reference=f"pay_{tag}")  # fmt: skip
    workflow_id = f"contact-cli-{tag}"
    async with Worker(dev_env.client, task_queue=task_queue, workflows=[ContactWorkflow],
                      activities=[check_mailbox, greet_contact]):  # fmt: skip
        await dev_env.client.execute_workflow(
            ContactWorkflow.run, contact, id=workflow_id, task_queue=task_queue
        )
    return workflow_id, contact


async def _show(dev_env: WorkflowEnvironment, workflow_id: str, *codec: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        TEMPORAL, "workflow", "show", "--workflow-id", workflow_id, "--output", "json",
        "--address", dev_env.client.service_client.config.target_host, *codec,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await proc.communicate()
    return proc.returncode or 0, out.decode()


def _payload_bytes(node: object) -> bytes:
    """Every payload's data in ``temporal workflow show -o json`` output, base64-decoded."""
    if isinstance(node, dict):
        own = b""
        if "metadata" in node and isinstance(node.get("data"), str):
            own = base64.b64decode(node["data"])
        return own + b"".join(_payload_bytes(v) for v in node.values())
    if isinstance(node, list):
        return b"".join(_payload_bytes(v) for v in node)
    return b""


async def test_temporal_cli_decodes_through_the_api_as_admin(
    live_api: LiveApi,
    dev_env: WorkflowEnvironment,
    task_queue: str,
    module_parties: dict[str, Party],
) -> None:
    workflow_id, contact = await _finished_contact_run(dev_env, task_queue)
    code, plain = await _show(dev_env, workflow_id)
    assert code == 0, plain
    assert contact.email.encode() not in _payload_bytes(json.loads(plain))  # ciphertext only
    code, decoded = await _show(
        dev_env, workflow_id, "--codec-endpoint", f"{live_api.url}/api/v1/codec",
        "--codec-auth", module_parties["admin"].headers["Authorization"],
    )  # fmt: skip
    assert code == 0, decoded
    payloads = _payload_bytes(json.loads(decoded))
    assert contact.email.encode() in payloads
    assert contact.full_name.encode() in payloads
    assert ("/api/v1/codec/decode", 200) in live_api.answers


async def test_temporal_cli_without_admin_rights_sees_no_plaintext(
    live_api: LiveApi,
    dev_env: WorkflowEnvironment,
    task_queue: str,
    module_parties: dict[str, Party],
) -> None:
    workflow_id, contact = await _finished_contact_run(dev_env, task_queue)
    # The CLI keeps retrying a refused decode; a short command timeout ends that wait.
    code, output = await _show(
        dev_env, workflow_id, "--codec-endpoint", f"{live_api.url}/api/v1/codec",
        "--codec-auth", module_parties["instructor"].headers["Authorization"],
        "--command-timeout", "2s",
    )  # fmt: skip
    assert code != 0, output[:500]  # the CLI refuses to show what it could not decode
    assert ("/api/v1/codec/decode", 403) in live_api.answers
    assert contact.email not in output


async def test_temporal_workflow_metadata_decodes_a_run_without_metadata(
    live_api: LiveApi,
    dev_env: WorkflowEnvironment,
    task_queue: str,
    module_parties: dict[str, Party],
) -> None:
    """`temporal workflow metadata` (a query, answered by a worker) encodes its empty
    arguments and decodes the run's empty metadata as `{}`: proto3 JSON omits an empty list.
    The codec must answer that, not 422."""
    tag = uuid.uuid4().hex[:8]
    contact = Contact(email=f"meta.{tag}@example.org", full_name=f"Meta {tag}",
                      payment_reference=f"pay_{tag}")  # fmt: skip
    workflow_id = f"contact-meta-{tag}"
    async with Worker(dev_env.client, task_queue=task_queue, workflows=[ContactWorkflow],
                      activities=[check_mailbox, greet_contact]):  # fmt: skip
        await dev_env.client.execute_workflow(
            ContactWorkflow.run, contact, id=workflow_id, task_queue=task_queue
        )
        proc = await asyncio.create_subprocess_exec(
            TEMPORAL, "workflow", "metadata", "--workflow-id", workflow_id,
            "--address", dev_env.client.service_client.config.target_host,
            "--codec-endpoint", f"{live_api.url}/api/v1/codec",
            "--codec-auth", module_parties["admin"].headers["Authorization"],
            "--command-timeout", "20s",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        out, _ = await proc.communicate()
    assert proc.returncode == 0, out.decode()
    codec_calls = [status for path, status in live_api.answers if "/codec/" in path]
    assert codec_calls and set(codec_calls) == {200}, live_api.answers
