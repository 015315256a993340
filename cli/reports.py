"""``courseflow reports run --week 2026-W47 [--force]``, ``courseflow reports run --week
current`` and ``courseflow reports backfill --from 2026-W40 --to 2026-W47``.

Each week runs as ``weekly-report-<week>`` on the cluster; the command waits for the runs
and prints one line per week, then where each artifact is: its file (local storage) or
``s3://`` object, and its download URL on the stack's API. A completed week is skipped
unless ``--force``. The current week (``--week current`` or its ISO name) gives a
week-to-date report, marked partial and rebuilt on every run.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click

from cli.common import load_settings, run_async, stack_api_url, stored_location, temporal_client
from core.settings import Settings
from schemas.reports import MAX_BACKFILL_WEEKS, current_week, parse_week, weeks_between

CURRENT = "current"


def _week(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None or (value == CURRENT and _param.name == "week"):
        return value
    try:
        parse_week(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


async def _run(settings: Settings, weeks: list[str], force: bool) -> list[str]:
    from services import reports

    client = await temporal_client(settings)
    now = datetime.now(UTC)
    weeks = [current_week(settings.report_timezone, now) if w == CURRENT else w for w in weeks]
    partial = reports.is_week_to_date(weeks, settings, now, "week")
    lines = []
    for week in weeks:
        run, result = await reports.run_and_wait(client, settings, week, force, partial=partial)
        kind = ", week to date: partial, rebuilt on every run" if result.partial else ""
        lines.append(f"{week}: {result.status} ({run.workflow_id}{kind})")
        lines += artifact_lines(settings, week, result.artifact_keys)
    return lines


def artifact_lines(settings: Settings, week: str, keys: dict[str, str]) -> list[str]:
    """Where each artifact can be read: the stored object, and the API's download path."""
    api = stack_api_url(settings)
    lines = []
    for name, key in sorted(keys.items()):
        lines.append(f"  {name:<12} {stored_location(settings, key)}")
        lines.append(f"  {'':<12} {api}/api/v1/reports/{week}/{name} (admin token)")
    return lines


@click.group("reports")
def reports() -> None:
    """Weekly analytics reports."""


@reports.command("run")
@click.option(
    "--week",
    required=True,
    callback=_week,
    help="ISO week, e.g. 2026-W47; `current` (or the current week's name) for a "
    "week-to-date report, marked partial.",
)
@click.option("--force", is_flag=True, help="Rebuild a week that is already completed.")
def run(week: str, force: bool) -> None:
    """Build one week's report and wait for it (the current week: week to date)."""
    settings = load_settings()
    for line in run_async(lambda: _run(settings, [week], force)):
        click.echo(line)


@reports.command("backfill")
@click.option("--from", "first", required=True, callback=_week, help="First ISO week.")
@click.option("--to", "last", required=True, callback=_week, help="Last ISO week.")
@click.option("--force", is_flag=True, help="Rebuild weeks that are already completed.")
def backfill(first: str, last: str, force: bool) -> None:
    """Build every week's report from --from to --to (inclusive), oldest first."""
    try:
        weeks = weeks_between(first, last)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--to") from None
    if len(weeks) > MAX_BACKFILL_WEEKS:
        raise click.BadParameter(f"at most {MAX_BACKFILL_WEEKS} weeks", param_hint="--from")
    settings = load_settings()
    for line in run_async(lambda: _run(settings, weeks, force)):
        click.echo(line)
