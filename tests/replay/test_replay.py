"""Every recorded history replays against today's workflow code.

A change that makes a workflow take a different path for the same history (a new activity,
a reordered timer, a renamed signal) raises a non-determinism error here, in CI, instead of
in production on the first worker that picks up a running workflow. See docs/versioning.md
for how to make such a change safely; re-record with ``scripts/record-histories``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from core.settings import Settings
from core.temporal import data_converter, payload_codec
from workflows.registry import ALL_WORKFLOWS

HISTORIES_DIR = Path(__file__).resolve().parents[1] / "histories"
HISTORIES = sorted(HISTORIES_DIR.glob("*.json"))


def load_history(path: Path) -> WorkflowHistory:
    # The file name (<workflow>-<case>) stands in for the workflow ID, which replay ignores.
    return WorkflowHistory.from_json(path.stem, path.read_text())


def replayer() -> Replayer:
    # Histories are recorded with the test settings, so the fixed test codec key decodes them.
    converter = data_converter(payload_codec(Settings(environment="test")))
    return Replayer(workflows=ALL_WORKFLOWS, data_converter=converter)


def workflow_type(path: Path) -> str:
    events = json.loads(path.read_text())["events"]
    attributes = events[0]["workflowExecutionStartedEventAttributes"]
    name: str = attributes["workflowType"]["name"]
    return name


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_history_replays_deterministically(path: Path) -> None:
    result = await replayer().replay_workflow(load_history(path))
    assert result.replay_failure is None


def test_every_registered_workflow_has_a_recorded_history() -> None:
    recorded = {workflow_type(path) for path in HISTORIES}
    registered = {getattr(cls, "__temporal_workflow_definition").name for cls in ALL_WORKFLOWS}
    missing = registered - recorded
    assert not missing, f"record histories for {sorted(missing)} with scripts/record-histories"


def test_every_history_belongs_to_a_registered_workflow() -> None:
    registered = {getattr(cls, "__temporal_workflow_definition").name for cls in ALL_WORKFLOWS}
    orphans = {path.name for path in HISTORIES if workflow_type(path) not in registered}
    assert not orphans, f"histories of unregistered workflows: {sorted(orphans)}"
