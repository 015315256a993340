"""The real ``courseflow worker`` process: SDK metrics on its Prometheus port, and a graceful
SIGTERM that lets an in-flight activity finish before the process exits 0.

The in-flight activity is the real ``notify_user`` sending mail to a local SMTP server that
holds the DATA command until the test releases it, so the activity is provably running
when SIGTERM arrives and provably finishes after the worker began shutting down.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db.session import make_engine, make_sessionmaker, transaction
from schemas.enums import Role
from schemas.notifications import NotifyUserInput
from tests.factories import create_user
from tests.support.ops_workflows import RemoteNotifyInput, RemoteNotifyWorkflow

COURSEFLOW = Path(sys.executable).parent / "courseflow"
REPO = Path(__file__).resolve().parents[2]
WAIT_S = 60.0


class HeldSmtpHandler:
    """Accepts mail but answers DATA only once ``release`` is set."""

    def __init__(self) -> None:
        self.receiving = threading.Event()
        self.release = threading.Event()
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.receiving.set()
        while not self.release.is_set():
            await asyncio.sleep(0.02)
        self.messages.append(envelope.content)
        return "250 Message accepted"


class WorkerProcess:
    """``courseflow worker`` with its stderr collected line by line."""

    def __init__(self, env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self._seen = threading.Condition()
        self.proc = subprocess.Popen(
            [str(COURSEFLOW), "worker", "--queue", "general"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._seen:
                self.lines.append(line)
                self._seen.notify_all()

    def wait_for(self, text: str) -> None:
        def found() -> bool:
            return any(text in line for line in self.lines) or self.proc.poll() is not None

        with self._seen:
            self._seen.wait_for(found, timeout=WAIT_S)
        if not any(text in line for line in self.lines):
            raise AssertionError(f"worker never logged {text!r}:\n{''.join(self.lines)}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def smtp(reserve_port: Callable[[], int]) -> Iterator[tuple[HeldSmtpHandler, int]]:
    handler = HeldSmtpHandler()
    port = reserve_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    handler.release.set()
    controller.stop()


def worker_env(dev_env: WorkflowEnvironment, task_queue: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEFLOW_")}
    env.update(
        {
            "COURSEFLOW_ENVIRONMENT": "test",
            "COURSEFLOW_TEMPORAL_ADDRESS": dev_env.client.service_client.config.target_host,
            "COURSEFLOW_TASK_QUEUE": task_queue,
            **{f"COURSEFLOW_{k.upper()}": v for k, v in extra.items()},
        }
    )
    return env


async def test_worker_serves_sdk_metrics_on_its_port(
    dev_env: WorkflowEnvironment, task_queue: str, sqlite_session_url: str, tmp_path: Path,
    reserve_port: Callable[[], int],
) -> None:  # fmt: skip
    port = reserve_port()
    env = worker_env(
        dev_env, task_queue, database_url=sqlite_session_url, data_dir=str(tmp_path),
        worker_metrics_port=str(port),
    )  # fmt: skip
    worker = WorkerProcess(env)
    try:
        worker.wait_for("worker.started")
        async with httpx.AsyncClient() as http:
            body = ""
            for _ in range(300):  # the SDK publishes its first samples shortly after start
                body = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
                if f'task_queue="{task_queue}"' in body:
                    break
                await asyncio.sleep(0.1)
    finally:
        worker.stop()
    assert "temporal_" in body
    assert f'task_queue="{task_queue}"' in body


async def test_sigterm_lets_the_in_flight_activity_finish_and_exits_zero(
    dev_env: WorkflowEnvironment,
    task_queue: str,
    sqlite_session_url: str,
    tmp_path: Path,
    smtp: tuple[HeldSmtpHandler, int],
) -> None:
    handler, smtp_port = smtp
    engine = make_engine(sqlite_session_url)
    async with transaction(make_sessionmaker(engine)) as session:
        user = await create_user(session, Role.student)
    await engine.dispose()
    env = worker_env(
        dev_env, task_queue, database_url=sqlite_session_url, data_dir=str(tmp_path),
        smtp_host="127.0.0.1", smtp_port=str(smtp_port), smtp_starttls="false",
        smtp_timeout_s="60", worker_graceful_shutdown_s="45",
    )  # fmt: skip
    worker = WorkerProcess(env)
    try:
        worker.wait_for("worker.started")
        workflow_queue = f"{task_queue}-wf"
        async with Worker(
            dev_env.client, task_queue=workflow_queue, workflows=[RemoteNotifyWorkflow]
        ):
            handle = await dev_env.client.start_workflow(
                RemoteNotifyWorkflow.run,
                RemoteNotifyInput(
                    activity_task_queue=task_queue,
                    notify=NotifyUserInput(
                        user_id=user.id,
                        kind="ops.test",
                        subject="Shutdown drill",
                        body="in flight",
                        dedupe_key=f"ops-{uuid.uuid4()}",
                    ),
                ),
                id=f"shutdown-{uuid.uuid4()}",
                task_queue=workflow_queue,
            )
            assert await asyncio.to_thread(handler.receiving.wait, WAIT_S)  # activity in flight
            worker.proc.send_signal(signal.SIGTERM)
            await asyncio.to_thread(worker.wait_for, "worker.stopping")
            assert worker.proc.poll() is None  # still draining, not killed
            handler.release.set()
            returncode = await asyncio.to_thread(worker.proc.wait, WAIT_S)
            result = await handle.result()
    finally:
        worker.stop()
    assert returncode == 0, "".join(worker.lines)
    assert result.emailed is True
    assert len(handler.messages) == 1
    assert any("worker.stopped" in line for line in worker.lines)


async def test_worker_serves_its_probes_once_the_server_sees_it_poll(
    dev_env: WorkflowEnvironment, task_queue: str, sqlite_session_url: str, tmp_path: Path,
    reserve_port: Callable[[], int],
) -> None:  # fmt: skip
    port = reserve_port()
    env = worker_env(
        dev_env, task_queue, database_url=sqlite_session_url, data_dir=str(tmp_path),
        worker_health_port=str(port), worker_health_check_interval_s="0.2",
    )  # fmt: skip
    worker = WorkerProcess(env)
    try:
        worker.wait_for("worker.started")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            ready = None
            for _ in range(300):
                ready = await http.get("/readyz")
                if ready.status_code == 200:
                    break
                await asyncio.sleep(0.1)
            live = await http.get("/livez")
    finally:
        worker.stop()
    assert ready is not None and ready.status_code == 200, ready.text if ready else None
    assert live.status_code == 200 and live.json() == {"status": "ok"}
