"""Every command in docs/operations.md works against a real Temporal dev server.

The commands are read out of the document (one per ``sh`` block), so the page and this
test cannot drift apart:

- ``temporal workflow list`` / ``count`` commands run verbatim through bash with the
  documented shell variables set, against executions seeded to match them; each must be
  accepted and (unless marked ``ops-test: accepted-only``) find at least one execution.
- Every other command (describe, signal, reset, cancel, terminate, schedule …) is carried
  out against real runs in test_operations_actions.py and checked by its effect.
"""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from string import Template

import pytest
from temporalio.client import Client, WorkflowFailureError
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from schemas.temporal import COURSE_ID, ENROLLMENT_STATUS, REPORT_WEEK, STAGE, STUDENT_ID
from tests.support.ops_workflows import AlwaysFailsWorkflow

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
TEMPORAL = Path(sys.executable).parent / "temporal"
ACCEPTED_ONLY = "ops-test: accepted-only"
MIN_QUESTIONS = 13


@dataclass(frozen=True)
class DocCommand:
    text: str
    accepted_only: bool

    @property
    def is_visibility_read(self) -> bool:
        return self.text.startswith(("temporal workflow list", "temporal workflow count"))

    def query(self, variables: dict[str, str]) -> str | None:
        tokens = shlex.split(Template(self.text).safe_substitute(variables))
        for flag in ("--query", "-q"):
            if flag in tokens:
                return tokens[tokens.index(flag) + 1]
        return None


def doc_commands() -> list[DocCommand]:
    text = DOC.read_text()
    commands = []
    for match in re.finditer(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        body = match.group(1).replace("\\\n", " ").strip()
        assert body.count("\ntemporal ") == 0, f"one command per sh block: {body}"
        assert body.startswith("temporal "), body
        preceding = text[max(0, match.start() - 200) : match.start()]
        tail = preceding.rsplit("\n\n", 1)[-1]
        commands.append(DocCommand(body, ACCEPTED_ONLY in tail))
    return commands


COMMANDS = doc_commands()
READS = [c for c in COMMANDS if c.is_visibility_read]
ACTIONS = [c for c in COMMANDS if not c.is_visibility_read]


def short_id(command: DocCommand) -> str:
    return command.text[len("temporal ") :][:70]


@dataclass
class Seeded:
    variables: dict[str, str]
    address: str


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def start_unpolled(
    client: Client, workflow_type: str, workflow_id: str, queue: str, *pairs: SearchAttributePair
) -> None:
    """A run nobody polls: it stays Running with exactly the attributes the workflow sets."""
    await client.start_workflow(
        workflow_type, id=workflow_id, task_queue=queue,
        search_attributes=TypedSearchAttributes(list(pairs)),
    )  # fmt: skip


@pytest.fixture(scope="module")
async def seeded(dev_env: WorkflowEnvironment) -> AsyncIterator[Seeded]:
    client = dev_env.client
    queue = f"ops-seed-{uuid.uuid4().hex}"
    since = rfc3339(datetime.now(UTC) - timedelta(days=1))
    course, students = str(uuid.uuid4()), [str(uuid.uuid4()) for _ in range(4)]
    generation, enrollment = str(uuid.uuid4()), str(uuid.uuid4())
    # A week of a past year: the shared dev server also runs the schedule test, which waits on
    # ``weekly-report-<the week that just ended>``; a random week of this year was that one
    # once in 52 runs, and it found this seed's terminated run instead of its own.
    week = f"2001-W{uuid.uuid4().int % 52 + 1:02d}"

    def enroll(student: str, status: str) -> list[SearchAttributePair]:
        return [
            SearchAttributePair(COURSE_ID, course),
            SearchAttributePair(STUDENT_ID, student),
            SearchAttributePair(ENROLLMENT_STATUS, status),
        ]

    for student, status in zip(
        students, ("pending", "waitlisted", "active", "failed"), strict=True
    ):
        await start_unpolled(
            client,
            "EnrollmentWorkflow",
            f"enroll-{course}-{student}",
            queue,
            *enroll(student, status),
        )
    await client.get_workflow_handle(f"enroll-{course}-{students[3]}").terminate("ops seed")
    await start_unpolled(
        client, "CourseGenerationWorkflow", f"course-gen-{generation}", queue,
        SearchAttributePair(STAGE, "review"), SearchAttributePair(COURSE_ID, course),
    )  # fmt: skip
    await start_unpolled(
        client, "CourseGenerationWorkflow", f"course-gen-{uuid.uuid4()}", queue,
        SearchAttributePair(STAGE, "lessons"),
    )  # fmt: skip
    await start_unpolled(
        client, "CourseCompletionWorkflow", f"completion-{enrollment}", queue,
        SearchAttributePair(COURSE_ID, course), SearchAttributePair(STUDENT_ID, students[0]),
    )  # fmt: skip
    await start_unpolled(
        client, "WeeklyReportWorkflow", f"weekly-report-{week}", queue,
        SearchAttributePair(REPORT_WEEK, week),
    )  # fmt: skip
    failing_queue = f"{queue}-fails"
    async with Worker(client, task_queue=failing_queue, workflows=[AlwaysFailsWorkflow]):
        with pytest.raises(WorkflowFailureError):
            await client.execute_workflow(
                AlwaysFailsWorkflow.run, id=f"ops-fails-{uuid.uuid4()}", task_queue=failing_queue
            )
    variables = {
        "COURSE_ID": course,
        "STUDENT_ID": students[0],
        "GENERATION_ID": generation,
        "ENROLLMENT_ID": enrollment,
        "WEEK": week,
        "SINCE": since,
        "OLDER_THAN": rfc3339(datetime.now(UTC) + timedelta(seconds=1)),
    }
    yield Seeded(variables, client.service_client.config.target_host)
    async for execution in client.list_workflows(
        f"TaskQueue='{queue}' AND ExecutionStatus='Running'"
    ):
        await client.get_workflow_handle(execution.id).terminate("ops seed cleanup")


def run_cli(command: str, seeded: Seeded) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{TEMPORAL.parent}:/usr/bin:/bin",
        "TEMPORAL_ADDRESS": seeded.address,
        "TEMPORAL_NAMESPACE": "default",
        **seeded.variables,
    }
    return subprocess.run(
        ["bash", "-c", command], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def matches(command: DocCommand, output: str) -> int:
    data = json.loads(output)
    if command.text.startswith("temporal workflow count"):
        return int(data.get("count", 0))
    if isinstance(data, dict):
        data = [data]
    return len(data)


def test_the_page_answers_at_least_thirteen_questions() -> None:
    assert len(READS) >= MIN_QUESTIONS
    for verb in ("describe", "signal", "reset", "cancel", "terminate", "schedule backfill"):
        assert any(f" {verb} " in f" {c.text} " for c in ACTIONS), verb


@pytest.mark.parametrize("command", READS, ids=[short_id(c) for c in READS])
async def test_documented_query_is_accepted_and_finds_runs(
    command: DocCommand, seeded: Seeded
) -> None:
    found = 0
    for _ in range(50):  # visibility is eventually consistent
        result = run_cli(command.text + " -o json", seeded)
        assert result.returncode == 0, result.stderr
        found = matches(command, result.stdout or "[]")
        if found or command.accepted_only:
            break
        await asyncio.sleep(0.1)
    if not command.accepted_only:
        assert found >= 1, f"no execution matched: {command.query(seeded.variables)}"
