"""Shared CLI plumbing: settings with readable errors, port checks, the async runner, and the
one place domain errors become a one-line message and an exit code."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from services.errors import DomainError, FieldInvalid, Unavailable

T = TypeVar("T")

# Exit codes of every command (``courseflow --help`` says the same).
EXIT_FAILED = 1  # the command ran, and what it started ended badly (a failed enrollment)
EXIT_USAGE = 2  # the request is wrong: fix the input (click's own usage errors use 2 too)
EXIT_UNAVAILABLE = 3  # a service (database, Temporal) is unreachable: try again later


class CliError(click.ClickException):
    """An error the user can fix: printed as one line, no traceback."""

    exit_code = EXIT_USAGE


class CliUnavailable(CliError):
    """A service the command needs is down: the same command may work later."""

    exit_code = EXIT_UNAVAILABLE


def fail(message: str, *, unavailable: bool = False) -> NoReturn:
    raise (CliUnavailable if unavailable else CliError)(message)


@contextmanager
def domain_errors() -> Iterator[None]:
    """A service's typed error, as the API would answer it, becomes one line and an exit code."""
    try:
        yield
    except FieldInvalid as exc:
        fail(f"{exc.field}: {exc.message}")
    except DomainError as exc:
        fail(exc.detail, unavailable=isinstance(exc, Unavailable))


def env_name(field: str) -> str:
    return f"COURSEFLOW_{field.upper()}"


DATA_DIR_KEY = "courseflow.data_dir"


def _remember_data_dir(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.meta[DATA_DIR_KEY] = value


def data_dir_option() -> click.Option:
    """``--data-dir`` for every command (``cli.main`` adds it): the stack to use."""
    return click.Option(
        ["--data-dir"],
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_remember_data_dir,
        help="The stack's data dir: its stack.json is read first "
        "(default $COURSEFLOW_DATA_DIR, else var/).",
    )


def _settings(values: dict[str, Any]) -> Settings:
    try:
        return Settings(**values)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = [str(part) for part in err.get("loc", ())]
            name = env_name(loc[0]) if loc else "settings"
            lines.append(f"{name}: {err.get('msg', 'invalid')}")
        fail("invalid configuration:\n  " + "\n  ".join(lines))


def load_settings(*, stack: bool = True, **overrides: Any) -> Settings:
    """Settings from the environment (and ``.env``) plus CLI overrides, or a clear error.

    The data dir is ``--data-dir`` (any command), else ``COURSEFLOW_DATA_DIR``, else
    ``var/``. With ``stack`` (every command but ``dev``) the stack that ``courseflow dev``
    described in ``<data_dir>/stack.json`` fills every address not set explicitly.

    Tracing starts here when configured, before a command makes its database engine or
    Temporal client, so a run the CLI starts is traced from its first call.
    """
    from core.stack import STACK_SETTINGS, StackFileInvalid, read_stack
    from core.telemetry import setup_tracing

    ctx = click.get_current_context(silent=True)
    if overrides.get("data_dir") is None and ctx is not None and DATA_DIR_KEY in ctx.meta:
        overrides["data_dir"] = ctx.meta[DATA_DIR_KEY]
    values = {k: v for k, v in overrides.items() if v is not None}
    settings = _settings(values)
    if stack:
        try:
            info = read_stack(settings.data_dir)
        except StackFileInvalid as exc:
            fail(str(exc))
        if info is not None:
            given = settings.model_fields_set
            found = info.model_dump()
            values.update(
                {field: found[key] for key, field in STACK_SETTINGS.items() if field not in given}
            )
            settings = _settings(values)
    setup_tracing(settings)
    return settings


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _no_stack_hint(settings: Settings) -> str:
    data_dir = settings.data_dir
    return (
        f"no courseflow stack in {data_dir} (no stack.json): start `courseflow dev "
        f"--data-dir {data_dir}`, or give the data dir of a running stack with --data-dir "
        "or COURSEFLOW_DATA_DIR"
    )


def require_database(settings: Settings) -> None:
    """A SQLite database must already exist: a command never creates one by accident."""
    path = _sqlite_file(settings.resolved_database_url)
    if path is not None and not path.exists():
        from core.stack import stack_path

        hint = "" if stack_path(settings.data_dir).exists() else f"; {_no_stack_hint(settings)}"
        fail(f"no courseflow database at {path}{hint}", unavailable=True)


def require_codec_key(settings: Settings) -> None:
    """The development codec key is made by ``courseflow dev``; a command only reads it."""
    from core.codec import DEV_KEY_FILE

    if settings.codec_keys or settings.environment != "development":
        return
    path = settings.data_dir / DEV_KEY_FILE
    if not path.exists():
        fail(f"no payload codec key at {path}; {_no_stack_hint(settings)}", unavailable=True)


async def temporal_client(settings: Settings) -> Any:
    """The Temporal client of a command, or one line naming the server that does not answer."""
    from core.temporal import connect

    require_codec_key(settings)
    address = settings.resolved_temporal_address
    try:
        return await connect(settings)
    except (RuntimeError, OSError) as exc:
        from core.stack import stack_path

        hint = "" if stack_path(settings.data_dir).exists() else f" ({_no_stack_hint(settings)})"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fail(
            f"Temporal is not answering at {address} (namespace "
            f"{settings.temporal_namespace}){hint}: {reason[:200]}",
            unavailable=True,
        )


def stack_api_url(settings: Settings) -> str:
    """The API of the stack the command talks to (``stack.json``), else the settings'."""
    from core.stack import read_stack

    info = read_stack(settings.data_dir)
    return info.api_url if info is not None else f"http://{settings.api_host}:{settings.api_port}"


def stored_location(settings: Settings, key: str) -> str:
    """Where a stored object is: its ``s3://`` URL or its file."""
    if settings.storage_backend == "s3":
        return f"s3://{settings.s3_bucket}/{key}"
    return str((settings.resolved_storage_dir / key).resolve())


def redacted_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def require_free_port(host: str, port: int, what: str, option: str, setting: str) -> None:
    if port_in_use(host, port):
        fail(
            f"port {port} ({what}) is already in use on {host}; choose another with "
            f"{option} PORT or {env_name(setting)}=PORT"
        )


def run_async(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    import asyncio

    from core.telemetry import flush_traces

    try:
        with domain_errors():
            return asyncio.run(factory())
    finally:
        flush_traces()  # a short-lived command exits before the batch exporter's next round


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A sessionmaker on the configured database, disposed of when the command ends."""
    from db.session import make_engine, make_sessionmaker

    require_database(settings)
    engine = make_engine(settings.resolved_database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()
