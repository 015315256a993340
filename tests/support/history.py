"""Reading a workflow's history in tests: what it asked the server to run, and when."""

from __future__ import annotations

import json
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHandle


async def scheduled_activities(handle: WorkflowHandle[Any, Any]) -> list[str]:
    """Activity type of every ActivityTaskScheduled event, in order (local activities are
    markers, not scheduled activities, and are not listed)."""
    names = []
    async for event in handle.fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            names.append(event.activity_task_scheduled_event_attributes.activity_type.name)
    return names


async def local_activities(handle: WorkflowHandle[Any, Any]) -> list[tuple[str, int]]:
    """(activity type, attempt) of every local activity the history recorded, in order. The
    marker's ``data`` is the SDK's own plain JSON (the result beside it is encrypted)."""
    found = []
    async for event in handle.fetch_history_events():
        if event.event_type != EventType.EVENT_TYPE_MARKER_RECORDED:
            continue
        attrs = event.marker_recorded_event_attributes
        if attrs.marker_name != "core_local_activity":
            continue
        data = json.loads(attrs.details["data"].payloads[0].data)
        found.append((str(data["activity_type"]), int(data["attempt"])))
    return found
