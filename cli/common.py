"""Shared CLI plumbing: settings with readable errors, port checks, the async runner, and the
one place domain errors become a one-line message and an exit code."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager, contextmanager
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


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment (and ``.env``) plus CLI overrides, or a clear error.

    Tracing starts here when configured, before a command makes its database engine or
    Temporal client, so a run the CLI starts is traced from its first call.
    """
    from core.telemetry import setup_tracing

    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = [str(part) for part in err.get("loc", ())]
            name = env_name(loc[0]) if loc else "settings"
            lines.append(f"{name}: {err.get('msg', 'invalid')}")
        fail("invalid configuration:\n  " + "\n  ".join(lines))
    setup_tracing(settings)
    return settings


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

    engine = make_engine(settings.resolved_database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()
