"""The command line: `courseflow dev` brings up the whole stack, bad settings fail clearly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from temporalio.client import Client, WorkflowExecutionStatus

from core.temporal import data_converter
from tests.support.harness_workflows import Greeting, HarnessWorkflow

COURSEFLOW = [sys.executable, "-m", "cli.main"]
STACK_START_TIMEOUT_S = 120


def _env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEFLOW_")}
    env.update({f"COURSEFLOW_{k.upper()}": v for k, v in settings.items()})
    return env


def _run(
    args: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COURSEFLOW, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_bad_database_url_names_the_setting_without_a_traceback() -> None:
    result = _run(["migrate"], _env(database_url="mysql://nowhere/db"))
    assert result.returncode == 2
    assert "COURSEFLOW_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_unreachable_database_names_the_setting_without_a_traceback(
    reserve_port: Callable[[], int],
) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{reserve_port()}/nothing"
    result = _run(["migrate"], _env(database_url=url))
    assert result.returncode == 2
    assert "COURSEFLOW_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_migrate_applies_and_is_idempotent(tmp_path: Path) -> None:
    env = _env(database_url=f"sqlite+pysqlite:///{tmp_path / 'db.sqlite'}")
    for _ in range(2):
        result = _run(["migrate"], env)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "db.sqlite").exists()


@pytest.mark.parametrize(
    ("taken", "option"), [("api_port", "--api-port"), ("temporal_port", "--temporal-port")]
)
def test_dev_fails_at_once_when_a_port_is_taken(
    tmp_path: Path, taken: str, option: str, reserve_port: Callable[[], int]
) -> None:
    ports = {"api_port": reserve_port(), "temporal_port": reserve_port(), "ui_port": reserve_port()}
    with socket.socket() as blocker:
        blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # beside our reservation
        blocker.bind(("127.0.0.1", ports[taken]))
        blocker.listen()
        started = time.monotonic()
        result = _run(
            ["dev", "--data-dir", str(tmp_path), "--api-port", str(ports["api_port"]),
             "--temporal-port", str(ports["temporal_port"]), "--ui-port", str(ports["ui_port"])],
            _env(),
            timeout=30,
        )  # fmt: skip
    assert result.returncode == 2
    assert str(ports[taken]) in result.stderr
    assert option in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30
    assert not (tmp_path / "temporal.db").exists()  # failed before starting anything


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class DevStack:
    def __init__(self, data_dir: Path, reserve_port: Callable[[], int]) -> None:
        self.data_dir = data_dir
        self.api_port, self.temporal_port, self.ui_port = (reserve_port() for _ in range(3))
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        args = [
            "dev", "--data-dir", str(self.data_dir), "--api-port", str(self.api_port),
            "--temporal-port", str(self.temporal_port), "--ui-port", str(self.ui_port),
        ]  # fmt: skip
        log = (self.data_dir.parent / "dev-stack.log").open("a")
        # Started with SIGINT ignored, as a shell starts a background job: Ctrl-C / kill -INT
        # must stop the stack all the same.
        self.proc = subprocess.Popen(
            [*COURSEFLOW, *args], env=_env(), stdout=log, stderr=subprocess.STDOUT, text=True,
            preexec_fn=_ignore_sigint,
        )  # fmt: skip
        deadline = time.monotonic() + STACK_START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log()
            try:
                if httpx.get(f"{self.api}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"stack not ready in time:\n{self.log()}")

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def log(self) -> str:
        return (self.data_dir.parent / "dev-stack.log").read_text()

    def stop(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=60)


@pytest.fixture
def stack(tmp_path: Path, reserve_port: Callable[[], int]) -> Iterator[DevStack]:
    dev = DevStack(tmp_path / "var", reserve_port)
    yield dev
    if dev.proc is not None and dev.proc.poll() is None:
        dev.proc.kill()


def _port_closed(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except OSError:
        return True


async def test_dev_runs_the_stack_stops_cleanly_and_keeps_data(stack: DevStack) -> None:
    stack.start()
    ui = httpx.get(f"http://127.0.0.1:{stack.ui_port}/", timeout=10)
    assert ui.status_code == 200
    token = httpx.post(
        f"{stack.api}/api/v1/auth/token",
        data={"username": "student@example.com", "password": "courseflow-demo"},
    )
    assert token.status_code == 200, token.text
    email = f"kept-{uuid.uuid4().hex[:8]}@example.org"
    created = httpx.post(
        f"{stack.api}/api/v1/auth/register",
        json={"email": email, "password": "long-enough-pw", "full_name": "Kept"},
    )
    assert created.status_code == 201
    # A workflow nobody polls stays Running: it must survive a restart of the dev server.
    client = await Client.connect(
        f"127.0.0.1:{stack.temporal_port}", data_converter=data_converter()
    )
    workflow_id = f"kept-{uuid.uuid4()}"
    await client.start_workflow(
        HarnessWorkflow.run, Greeting(name="kept"), id=workflow_id, task_queue="nobody-polls"
    )

    assert stack.stop() == 0
    for port in (stack.api_port, stack.temporal_port, stack.ui_port):
        assert _port_closed(port), f"port {port} still open after Ctrl-C"

    stack.start()
    login = httpx.post(
        f"{stack.api}/api/v1/auth/token", data={"username": email, "password": "long-enough-pw"}
    )
    assert login.status_code == 200  # SQLite data kept
    client = await Client.connect(
        f"127.0.0.1:{stack.temporal_port}", data_converter=data_converter()
    )
    described = await client.get_workflow_handle(workflow_id).describe()
    assert described.status == WorkflowExecutionStatus.RUNNING  # Temporal's file kept
    assert stack.stop() == 0
