"""Every action in docs/operations.md, run verbatim with the `temporal` CLI against real runs
of our workflows (real workers, the fake model server, SQLite), and checked by its effect.

The runs live in a namespace of this module's own on the dev server, so that batch actions
(`reset --query`, `terminate --query`) and the `weekly-report` Schedule commands touch
nothing of the other tests. test_operations_queries.py covers the read-only commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.protobuf.duration_pb2 import Duration
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.api.workflowservice.v1 import RegisterNamespaceRequest
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from core.temporal import data_converter, payload_codec
from db.migrate import upgrade_head
from db.session import transaction
from schemas.enrollment import EnrollmentView
from schemas.enums import EnrollmentStatus, GenerationStatus, PaymentKind
from schemas.reports import SCHEDULE_ID, WEEKLY_REPORT_WORKFLOW
from schemas.temporal import SEARCH_ATTRIBUTES
from services.reports.schedules import apply_schedules
from tests.enrollment.support import payments_of, start_saga
from tests.factories import create_course
from tests.generation.conftest import Harness, HarnessFactory, fake_llm, make_harness
from tests.ops.test_operations_queries import ACTIONS, DocCommand, Seeded, rfc3339, run_cli
from tests.security.conftest import Party, module_parties
from tests.security.test_codec_cli import LiveApi, live_api
from workflows.generation import CourseGenerationWorkflow

__all__ = ["fake_llm", "live_api", "make_harness", "module_parties"]  # fixtures used by this module


EXERCISED = (
    'temporal workflow describe', 'temporal workflow query --workflow-id "enroll-',
    'temporal workflow query --workflow-id "course-gen', 'temporal workflow show',
    'temporal workflow signal', 'temporal workflow update execute',
    'temporal workflow reset --workflow-id', 'temporal workflow reset --query',
    'temporal workflow cancel', 'temporal workflow terminate --workflow-id',
    'temporal workflow terminate --query', 'temporal schedule describe',
    'temporal schedule backfill', 'temporal schedule trigger', 'temporal schedule toggle',
)  # fmt: skip


def documented(prefix: str) -> DocCommand:
    assert prefix in EXERCISED
    [command] = [c for c in ACTIONS if c.text.startswith(prefix)]
    return command


def test_every_documented_action_is_exercised_here() -> None:
    for command in ACTIONS:
        assert sum(command.text.startswith(p) for p in EXERCISED) == 1, command.text


@dataclass
class Ops:
    client: Client
    address: str
    namespace: str
    harness: Harness
    codec: dict[str, str]  # TEMPORAL_CODEC_ENDPOINT and _AUTH, as the page sets them

    async def cli(self, command: DocCommand, output_json: bool = False, **variables: str) -> Any:
        """In a thread: the workers answering the command run in this test's event loop."""
        seeded = Seeded({**self.codec, **variables}, self.address)
        text = command.text + (" -o json" if output_json else "")
        result = await asyncio.to_thread(
            run_cli, f"TEMPORAL_NAMESPACE={self.namespace} {text}", seeded
        )
        assert result.returncode == 0, f"{command.text}\n{result.stdout}\n{result.stderr}"
        return json.loads(result.stdout) if output_json else result.stdout


@pytest.fixture
async def ops(
    dev_env: WorkflowEnvironment, make_harness: HarnessFactory, sqlite_url: str,
    live_api: LiveApi, module_parties: dict[str, Party],
) -> AsyncIterator[Ops]:  # fmt: skip
    upgrade_head(sqlite_url)  # a file of its own: runs left over here must not lock others
    namespace = f"ops-actions-{uuid.uuid4().hex[:8]}"
    service = dev_env.client.workflow_service
    await service.register_namespace(
        RegisterNamespaceRequest(
            namespace=namespace, workflow_execution_retention_period=Duration(seconds=86_400)
        )
    )
    await dev_env.client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(
            namespace=namespace,
            search_attributes={key.name: key.indexed_value_type for key in SEARCH_ATTRIBUTES},
        )
    )
    address = dev_env.client.service_client.config.target_host
    client = await Client.connect(
        address,
        namespace=namespace,
        data_converter=data_converter(payload_codec(Settings(environment="test"))),
    )
    harness = await make_harness(sqlite_url, client=client, temporal_namespace=namespace)
    codec = {  # the API's codec, as an admin of its database
        "TEMPORAL_CODEC_ENDPOINT": f"{live_api.url}/api/v1/codec",
        "TEMPORAL_CODEC_AUTH": module_parties["admin"].headers["Authorization"],
    }
    yield Ops(client, address, namespace, harness, codec)


async def until(check: Callable[[], Any], what: str, tries: int = 300) -> None:
    """A readiness wait on real state, not a timing assertion."""
    for _ in range(tries):
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never: {what}")


async def test_the_enrollment_actions(ops: Ops) -> None:
    h = ops.harness
    course = await _course(h, price_cents=900)
    student, other = await h.user(), await h.user()
    saga = await start_saga(ops.client, h.settings, course, student.id)
    assert (await saga.outcome()).status is EnrollmentStatus.active
    ids = {"COURSE_ID": str(course), "STUDENT_ID": str(student.id),
           "ENROLLMENT_ID": str(saga.enrollment_id)}  # fmt: skip

    described = await ops.cli(documented("temporal workflow describe"), output_json=True, **ids)
    assert described["workflowExecutionInfo"]["status"] == "WORKFLOW_EXECUTION_STATUS_RUNNING"
    status = await ops.cli(documented('temporal workflow query --workflow-id "enroll-'), **ids)
    assert "active" in status
    await ops.cli(documented("temporal workflow signal"), **ids)  # request_cancel, as an operator
    ended: EnrollmentView = await saga.handle.result()
    assert ended.status is EnrollmentStatus.cancelled
    kinds = [p.kind for p in await payments_of(h.deps.sessionmaker, saga.enrollment_id)]
    assert kinds == [PaymentKind.charge, PaymentKind.refund]  # inside the refund window

    duplicate = await start_saga(ops.client, h.settings, course, other.id)
    await duplicate.outcome()
    await ops.cli(documented("temporal workflow terminate --workflow-id"),
            **{**ids, "STUDENT_ID": str(other.id)})  # fmt: skip
    assert (await duplicate.handle.describe()).status is WorkflowExecutionStatus.TERMINATED


async def test_the_generation_actions(ops: Ops) -> None:
    h = ops.harness
    row, handle = await h.start(review=True)
    ids = {"GENERATION_ID": str(row.id)}
    await until(lambda: _status(h, handle, GenerationStatus.awaiting_review), "awaiting review")
    progress = await ops.cli(documented('temporal workflow query --workflow-id "course-gen'), **ids)
    assert "awaiting_review" in progress
    shown = await ops.cli(documented("temporal workflow show"), output_json=True, **ids)
    assert shown["events"][0]["eventType"] == "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"
    await ops.cli(documented("temporal workflow update execute"), **ids)  # approve
    assert (await handle.result()).status is GenerationStatus.completed
    first_run = (await handle.describe()).run_id
    await ops.cli(documented("temporal workflow reset --workflow-id"), **ids)
    assert (await h.client.get_workflow_handle(handle.id).describe()).run_id != first_run

    cancelled_row, cancelled = await h.start(review=True)
    await until(lambda: _status(h, cancelled, GenerationStatus.awaiting_review), "awaiting")
    await ops.cli(documented("temporal workflow cancel"), GENERATION_ID=str(cancelled_row.id))
    await until(lambda: _db_status(h, cancelled_row.id, GenerationStatus.cancelled), "cancelled")


async def test_the_batch_reset_restarts_runs_stuck_in_lessons(ops: Ops) -> None:
    h = ops.harness
    h.fake.hold("lesson")  # the run stays in the lessons stage
    _, handle = await h.start()
    # Idle: all four lessons wait at the model server and no workflow task is in flight (a
    # reset to the last workflow task is refused while one is).
    await until(lambda: _idle(ops, handle.id, lessons=4), "the run idles in the lessons stage")
    run_before = (await handle.describe()).run_id
    await until(lambda: _visible(ops, "Stage='lessons' AND ExecutionStatus='Running'"), "visible")
    # The dev server's batch job now and then finds no match for a run that count_workflows
    # already lists (about one run in six here); the command is safe to repeat, so it is
    # repeated (three times at most) until the run was reset.
    for _ in range(3):
        await ops.cli(documented("temporal workflow reset --query"))
        with contextlib.suppress(AssertionError):
            await until(lambda: _new_run(ops, handle.id, run_before), "reset", tries=50)
            break
    h.fake.release_all()
    await until(lambda: _new_run(ops, handle.id, run_before), "a new run from the reset")
    reset = ops.client.get_workflow_handle_for(CourseGenerationWorkflow.run, handle.id)
    assert (await reset.result()).status is GenerationStatus.completed


async def test_the_report_and_schedule_actions(ops: Ops) -> None:
    stale = f"weekly-report-ops-{uuid.uuid4().hex[:6]}"
    await ops.client.start_workflow(WEEKLY_REPORT_WORKFLOW, id=stale, task_queue="nobody-polls")
    await until(lambda: _visible(ops, f"WorkflowId='{stale}'"), "the stale run is visible")
    later = rfc3339(datetime.now(UTC) + timedelta(seconds=2))  # the run started before it
    await ops.cli(documented("temporal workflow terminate --query"), OLDER_THAN=later)
    await until(lambda: _terminated(ops, stale), "the batch terminated the stale run")

    # Runs the schedule starts go to a queue nobody polls: the actions are about the schedule.
    idle = ops.harness.settings.model_copy(update={"task_queue": f"idle-{uuid.uuid4().hex}"})
    await apply_schedules(ops.client, idle)
    info = await ops.cli(documented("temporal schedule describe"), output_json=True)
    assert info["schedule"]["spec"]
    await ops.cli(documented("temporal schedule backfill"))  # five Mondays, overlap AllowAll
    await until(lambda: _scheduled_runs(ops, 5), "the backfilled runs")
    await ops.cli(documented("temporal schedule trigger"))
    await until(lambda: _scheduled_runs(ops, 6), "the triggered run")
    await ops.cli(documented("temporal schedule toggle"))
    paused = await ops.client.get_schedule_handle(SCHEDULE_ID).describe()
    assert paused.schedule.state.paused and paused.schedule.state.note == "database maintenance"


# --- helpers --------------------------------------------------------------------------------
async def _course(h: Harness, **kwargs: Any) -> uuid.UUID:
    author = await h.user()
    async with transaction(h.deps.sessionmaker) as session:
        return (await create_course(session, author, **kwargs)).id


async def _status(h: Harness, handle: Any, wanted: GenerationStatus) -> bool:
    progress = await handle.query(CourseGenerationWorkflow.get_progress)
    return bool(progress.status == wanted)


async def _db_status(h: Harness, generation_id: uuid.UUID, wanted: GenerationStatus) -> bool:
    return (await h.generation(generation_id)).status == wanted


async def _idle(ops: Ops, workflow_id: str, lessons: int) -> bool:
    if ops.harness.fake.held < lessons:
        return False
    described = await ops.client.get_workflow_handle(workflow_id).describe()
    return not described.raw_description.HasField("pending_workflow_task")


async def _terminated(ops: Ops, workflow_id: str) -> bool:
    described = await ops.client.get_workflow_handle(workflow_id).describe()
    return described.status is WorkflowExecutionStatus.TERMINATED


async def _visible(ops: Ops, query: str) -> bool:
    return (await ops.client.count_workflows(query)).count > 0


async def _new_run(ops: Ops, workflow_id: str, before: str | None) -> bool:
    return (await ops.client.get_workflow_handle(workflow_id).describe()).run_id != before


async def _scheduled_runs(ops: Ops, at_least: int) -> bool:
    query = f"WorkflowType='{WEEKLY_REPORT_WORKFLOW}' AND TemporalScheduledById='{SCHEDULE_ID}'"
    return (await ops.client.count_workflows(query)).count >= at_least
