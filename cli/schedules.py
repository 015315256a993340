"""``courseflow schedules apply``: create or update the Temporal Schedules (idempotent)."""

from __future__ import annotations

import click

from cli.common import fail, load_settings, run_async
from core.settings import Settings


async def _apply(settings: Settings) -> str:
    from temporalio.service import RPCError

    from core.temporal import connect
    from services.reports import apply_schedules

    try:
        client = await connect(settings)
        return await apply_schedules(client, settings)
    except (RPCError, RuntimeError) as exc:
        fail(f"cannot apply schedules on {settings.resolved_temporal_address}: {exc}")


@click.group("schedules")
def schedules() -> None:
    """Temporal Schedules (the weekly report)."""


@schedules.command("apply")
def apply() -> None:
    """Create the `weekly-report` schedule, or update it to the current settings."""
    settings = load_settings()
    outcome = run_async(lambda: _apply(settings))
    click.echo(
        f"schedule weekly-report {outcome}: Mondays 06:00 {settings.report_timezone}, "
        "overlap skip, catch-up window 7 days"
    )
