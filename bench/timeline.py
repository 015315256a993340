"""Where a workflow's wall time went, read from its event history.

For every activity: when it was scheduled, when a worker picked it up (queue wait) and when it
finished; for workflow tasks, the same. Times are seconds from the workflow's start event, so
gaps between one step's end and the next step's schedule are the workflow-task round trips.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHandle


@dataclass
class Step:
    kind: str  # "activity", "local activity" or "workflow task"
    name: str
    scheduled: float
    started: float | None = None
    finished: float | None = None

    @property
    def wait(self) -> float:
        return (self.started or self.scheduled) - self.scheduled

    @property
    def run(self) -> float:
        return (self.finished or self.started or self.scheduled) - (self.started or self.scheduled)


# Event type -> the attribute field that names the step's scheduled event.
STARTED = {
    EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: "activity_task_started_event_attributes",
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED: "workflow_task_started_event_attributes",
}
FINISHED = {
    EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: "activity_task_completed_event_attributes",
    EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: "activity_task_failed_event_attributes",
    EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: "activity_task_timed_out_event_attributes",
    EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED: "activity_task_canceled_event_attributes",
    EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED: "workflow_task_completed_event_attributes",
    EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED: "workflow_task_failed_event_attributes",
    EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT: "workflow_task_timed_out_event_attributes",
}


async def timeline(handle: WorkflowHandle) -> list[Step]:  # type: ignore[type-arg]
    history = await handle.fetch_history()
    events = list(history.events)
    if not events:
        return []
    origin = events[0].event_time.ToDatetime()

    def at(event_time: datetime) -> float:
        return (event_time - origin).total_seconds()

    steps: dict[int, Step] = {}
    ordered: list[Step] = []
    for ev in events:
        t = at(ev.event_time.ToDatetime())
        kind = ev.event_type
        if kind == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            name = ev.activity_task_scheduled_event_attributes.activity_type.name
            steps[ev.event_id] = Step("activity", name, t)
            ordered.append(steps[ev.event_id])
        elif kind == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
            steps[ev.event_id] = Step("workflow task", "", t)
            ordered.append(steps[ev.event_id])
        elif kind in STARTED:
            steps[getattr(ev, STARTED[kind]).scheduled_event_id].started = t
        elif kind in FINISHED:
            steps[getattr(ev, FINISHED[kind]).scheduled_event_id].finished = t
        elif kind == EventType.EVENT_TYPE_MARKER_RECORDED:
            if ev.marker_recorded_event_attributes.marker_name == "core_local_activity":
                ordered.append(Step("local activity", "(local activity)", t, t, t))
        elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
            ordered.append(Step("end", "workflow completed", t, t, t))
    return ordered


def render(steps: list[Step]) -> str:
    """One line per step; activities in parallel are folded into one line with their spread."""
    lines = ["    at s    wait s   run s   step"]
    folded: list[tuple[Step, list[Step]]] = []
    for step in steps:
        last = folded[-1] if folded else None
        if (
            last is not None
            and step.kind == "activity"
            and last[0].kind == "activity"
            and last[0].name == step.name
            and abs(step.scheduled - last[0].scheduled) < 0.001
        ):
            last[1].append(step)
        else:
            folded.append((step, [step]))
    for first, group in folded:
        if len(group) == 1:
            label = f"{first.kind}: {first.name}" if first.name else first.kind
            lines.append(f"  {first.scheduled:6.3f}  {first.wait:7.3f} {first.run:7.3f}   {label}")
        else:
            waits = [s.wait for s in group]
            ends = [s.finished or s.scheduled for s in group]
            lines.append(
                f"  {first.scheduled:6.3f}  {min(waits):.3f}-{max(waits):.3f}  "
                f"ends {min(ends):.3f}-{max(ends):.3f}   {len(group)}x activity: {first.name}"
            )
    return "\n".join(lines)
