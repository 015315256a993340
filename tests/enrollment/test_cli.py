"""``courseflow enroll`` as an operator runs it: the click command, configured through the
environment, against the dev server (run in a thread: the command owns its event loop)."""

from __future__ import annotations

import asyncio
import json

from click.testing import CliRunner, Result
from sqlalchemy import func, select
from temporalio.testing import WorkflowEnvironment

from cli.main import cli
from db.models import Enrollment, User
from tests.enrollment.conftest import EnrollEnv
from tests.enrollment.support import assert_money_and_seats, running_worker


async def run_cli(env: EnrollEnv, dev_env: WorkflowEnvironment, *args: str) -> Result:
    variables = {
        "COURSEFLOW_ENVIRONMENT": "test",
        "COURSEFLOW_DATA_DIR": str(env.settings.data_dir),
        "COURSEFLOW_DATABASE_URL": env.settings.resolved_database_url,
        "COURSEFLOW_TEMPORAL_ADDRESS": dev_env.client.service_client.config.target_host,
        "COURSEFLOW_TASK_QUEUE": env.settings.task_queue,
    }
    return await asyncio.to_thread(CliRunner().invoke, cli, list(args), env=variables)


async def test_enroll_command_prints_the_outcome(
    env: EnrollEnv, dev_env: WorkflowEnvironment
) -> None:
    course = await env.course(price_cents=4900)
    student = await env.student()
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        ok = await run_cli(
            env,
            dev_env,
            "enroll",
            str(course.id),
            "--student",
            student.email,
            "--token",
            "tok_visa",
        )
        assert ok.exit_code == 0, ok.output
        body = json.loads(ok.stdout[ok.stdout.index("{\n") :])
        assert body["status"] == "active" and body["student_id"] == str(student.id)
        unknown = await run_cli(env, dev_env, "enroll", str(course.id), "--student", "nobody@x.org")
        assert unknown.exit_code == 2
        assert "no account with the e-mail nobody@x.org" in unknown.output
        bad = await run_cli(
            env, dev_env, "enroll", str(course.id), "--student", student.email, "--token", "4242"
        )
        assert bad.exit_code == 2 and "is not a payment token" in bad.output
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_the_cli_applies_the_same_eligibility_rule_as_the_api(
    env: EnrollEnv, dev_env: WorkflowEnvironment
) -> None:
    """The CLI calls the enrollment service, not a route: a course's author is refused here
    too, and a priced course needs a token; nothing is started for either."""
    course = await env.course(price_cents=4900)
    async with env.sessionmaker() as session:
        author = await session.get(User, course.author_id)
    assert author is not None
    student = await env.student()
    own = await run_cli(env, dev_env, "enroll", str(course.id), "--student", author.email,
                        "--token", "tok_visa")  # fmt: skip
    assert own.exit_code == 2 and "author cannot enroll" in own.output
    no_token = await run_cli(env, dev_env, "enroll", str(course.id), "--student", student.email)
    assert no_token.exit_code == 2 and "payment_token: required" in no_token.output
    async with env.sessionmaker() as session:
        started = await session.scalar(
            select(func.count()).select_from(Enrollment).where(Enrollment.course_id == course.id)
        )
    assert started == 0
