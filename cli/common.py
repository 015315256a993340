"""Shared CLI plumbing: settings with readable errors, port checks, the async runner."""

from __future__ import annotations

import socket
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn, TypeVar

import click
from pydantic import ValidationError
from sqlalchemy.engine import make_url

from core.settings import Settings

T = TypeVar("T")


class CliError(click.ClickException):
    """An error the user can fix: printed as one line, exit code 2, no traceback."""

    exit_code = 2


def fail(message: str) -> NoReturn:
    raise CliError(message)


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
        return asyncio.run(factory())
    finally:
        flush_traces()  # a short-lived command exits before the batch exporter's next round
