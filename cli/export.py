"""``courseflow export COURSE_ID [--as EMAIL] [--data-dir DIR]``: export a course as an IMS
Common Cartridge 1.3 package, as ``POST /courses/{id}/exports`` does (same service, same
workflow on the stack's Temporal), wait for it, and print where the package is: its file
(local storage) or ``s3://`` object, and its download URL on the stack's API. Without
``--as`` the export is made on behalf of the course's author. The package is kept
``COURSEFLOW_EXPORT_TTL_DAYS`` days (see ``GET /courses/{id}/exports``)."""

from __future__ import annotations

import uuid

import click

from cli.common import (
    database,
    load_settings,
    run_async,
    stack_api_url,
    stored_location,
    temporal_client,
)
from core.settings import Settings


async def _export(settings: Settings, course_id: uuid.UUID, email: str | None) -> list[str]:
    from db.session import transaction
    from services import learning

    client = await temporal_client(settings)
    async with database(settings) as sessionmaker, transaction(sessionmaker) as session:
        user = await learning.exporting_user(session, course_id, email)
        started = await learning.start_export(
            session, client, settings, user, course_id, session.commit
        )
    key = await learning.wait_for_export(client, course_id, started.id)
    return [
        f"export {started.id}: completed (expires {started.expires_at:%Y-%m-%d %H:%M} UTC)",
        f"  package   {stored_location(settings, key)}",
        f"  download  {stack_api_url(settings)}{started.status_url}/download"
        " (author or admin token)",
    ]


@click.command("export")
@click.argument("course_id", type=click.UUID)
@click.option("--as", "email", help="The acting account's e-mail (default: the course's author).")
def export(course_id: uuid.UUID, email: str | None) -> None:
    """Export a course as an IMS Common Cartridge 1.3 package and print where it is."""
    from core.logging import configure_logging

    settings = load_settings()
    configure_logging(json=not settings.is_development, level=settings.log_level)  # stderr
    for line in run_async(lambda: _export(settings, course_id, email)):
        click.echo(line)
