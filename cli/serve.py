"""Production entry points, each running alone: api, worker, migrate."""

from __future__ import annotations

import click
from sqlalchemy.exc import OperationalError

from cli.common import fail, load_settings, redacted_url, run_async
from core.logging import configure_logging
from core.settings import Settings


def migrate_database(settings: Settings) -> None:
    from db.migrate import upgrade_head

    url = settings.resolved_database_url
    try:
        upgrade_head(url)
    except OperationalError as exc:
        fail(
            f"cannot reach the database of COURSEFLOW_DATABASE_URL ({redacted_url(url)}): "
            f"{str(exc.orig).strip().splitlines()[0] if exc.orig else exc}"
        )


@click.command()
def migrate() -> None:
    """Apply database migrations (alembic upgrade head)."""
    settings = load_settings()
    configure_logging(json=not settings.is_development, level=settings.log_level)
    migrate_database(settings)
    click.echo("database is at the latest migration")


@click.command()
@click.option("--host", default=None, help="Bind address (default COURSEFLOW_API_HOST).")
@click.option("--port", type=int, default=None, help="Port (default COURSEFLOW_API_PORT).")
@click.option(
    "--workers", type=click.IntRange(min=1), default=1, show_default=True,
    help="uvicorn processes; /metrics sums them (PROMETHEUS_MULTIPROC_DIR, made per start).",
)  # fmt: skip
def api(host: str | None, port: int | None, workers: int) -> None:
    """Run the HTTP API (uvicorn)."""
    import uvicorn

    from core.process import multiprocess_directory

    settings = load_settings(api_host=host, api_port=port)
    configure_logging(json=not settings.is_development, level=settings.log_level)
    # Before uvicorn imports the app (and with it prometheus_client), here or in a worker.
    with multiprocess_directory():
        uvicorn.run(
            "api.main:app",
            host=settings.api_host,
            port=settings.api_port,
            workers=workers,
            log_config=None,
            proxy_headers=True,
        )


@click.command()
@click.option(
    "--queue",
    type=click.Choice(["all", "general", "llm"]),
    default="all",
    show_default=True,
    help="Which task queue(s) this process polls.",
)
def worker(queue: str) -> None:
    """Run the Temporal worker until SIGTERM (in-flight tasks finish or are handed back)."""
    from worker import run_worker

    settings = load_settings()
    configure_logging(json=not settings.is_development, level=settings.log_level)
    queues = ("general", "llm") if queue == "all" else (queue,)
    run_async(lambda: run_worker(settings, queues))
