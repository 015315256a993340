"""``courseflow schedules apply``: create or update the Temporal Schedules (idempotent)."""

from __future__ import annotations

import click

from cli.common import fail, load_settings, run_async, temporal_client
from core.settings import Settings


async def _apply(settings: Settings) -> tuple[str, str]:
    from temporalio.service import RPCError

    from services.learning import apply_reengagement_schedule
    from services.reports import apply_schedules

    try:
        client = await temporal_client(settings)
        weekly = await apply_schedules(client, settings)
        return weekly, await apply_reengagement_schedule(client, settings)
    except (RPCError, RuntimeError) as exc:
        fail(f"cannot apply schedules on {settings.resolved_temporal_address}: {exc}")


@click.group("schedules")
def schedules() -> None:
    """Temporal Schedules (the weekly report, the daily re-engagement reminders)."""


@schedules.command("apply")
def apply() -> None:
    """Create the `weekly-report` and `daily-reengagement` schedules, or update them to the
    current settings."""
    settings = load_settings()
    weekly, daily = run_async(lambda: _apply(settings))
    click.echo(
        f"schedule weekly-report {weekly}: Mondays 06:00 {settings.report_timezone}, "
        "overlap skip, catch-up window 7 days"
    )
    click.echo(
        f"schedule daily-reengagement {daily}: daily {settings.reengagement_hour_utc:02d}:00 UTC, "
        "overlap skip, catch-up window 1 day"
    )
