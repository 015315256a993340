"""``courseflow reports run|backfill`` and ``courseflow schedules apply``.

The commands run in-process through click's runner (in a thread, since each command runs its
own event loop) against the real dev server and a real worker.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from cli.main import cli
from core.settings import Settings
from db.migrate import upgrade_head
from db.session import make_engine, make_sessionmaker
from schemas.reports import SCHEDULE_ID
from tests.learning.support import running_worker
from tests.reports.seed import WEEK, seed_week


async def _cli(*args: str, env: dict[str, str]) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, cli, list(args), env=env)


async def test_reports_and_schedules_commands(
    tmp_path: Path, make_settings: Callable[..., Settings], dev_env: WorkflowEnvironment,
    task_queue: str,
) -> None:  # fmt: skip
    url = f"sqlite+pysqlite:///{tmp_path / 'cli.db'}"
    upgrade_head(url)
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session, session.begin():
        await seed_week(session)
    await engine.dispose()
    settings = make_settings(
        database_url=url, task_queue=task_queue, llm_task_queue=task_queue + "-llm"
    )
    env = {
        "COURSEFLOW_ENVIRONMENT": "test",
        "COURSEFLOW_DATA_DIR": str(tmp_path / "var"),
        "COURSEFLOW_DATABASE_URL": url,
        "COURSEFLOW_TASK_QUEUE": task_queue,
        "COURSEFLOW_TEMPORAL_ADDRESS": dev_env.client.service_client.config.target_host,
    }
    async with running_worker(dev_env.client, settings):
        run = await _cli("reports", "run", "--week", WEEK, env=env)
        assert run.exit_code == 0, run.output
        assert run.stdout.startswith(f"{WEEK}: completed")
        backfill = await _cli("reports", "backfill", "--from", "2026-W39", "--to", WEEK, env=env)
        assert backfill.exit_code == 0, backfill.output
        weeks = [line for line in backfill.stdout.splitlines() if not line.startswith(" ")]
        assert [line.split(" (")[0] for line in weeks] == [
            "2026-W39: completed", f"{WEEK}: skipped",
        ]  # fmt: skip
        # Under each week, where its artifacts are: the stored file, then its download URL.
        stored = tmp_path / "var" / "storage" / "reports" / "2026-W39" / "report.html"
        assert f"  report.html  {stored.resolve()}" in backfill.stdout.splitlines()
        assert "/api/v1/reports/2026-W39/report.html (admin token)" in backfill.stdout
    bad = await _cli("reports", "run", "--week", "2026-W60", env=env)
    assert bad.exit_code == 2 and "no ISO week 60" in bad.output
    schedule = dev_env.client.get_schedule_handle(SCHEDULE_ID)
    with contextlib.suppress(RPCError):  # left by an earlier worker start on this server
        await schedule.delete()
    try:
        first = await _cli("schedules", "apply", env=env)
        second = await _cli("schedules", "apply", env=env)
        assert (first.exit_code, second.exit_code) == (0, 0), first.output + second.output
        assert "weekly-report created" in first.stdout
        assert "weekly-report updated" in second.stdout
    finally:
        await schedule.delete()
