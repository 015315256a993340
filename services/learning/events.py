"""Learning events exported as xAPI 1.0.3 statements, filtered by course and time, paged by
an opaque cursor (the last statement's timestamp and ID)."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from db.models import LearningEvent
from db.queries import learning as q
from schemas.learning import XAPI_VERSION, LearningEventsOut
from services.errors import InvalidInput

DEFAULT_BASE = "https://courseflow.local"
ACTIVITY_TYPES = {
    "section": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
}


def base_url(settings: Settings) -> str:
    return str(settings.public_base_url or DEFAULT_BASE).rstrip("/")


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _result(event: LearningEvent) -> dict[str, Any]:
    result: dict[str, Any] = {"duration": f"PT{event.duration_s}S"}
    if event.score is not None:
        result["score"] = {"scaled": event.score / 100, "raw": event.score, "min": 0, "max": 100}
    if event.success is not None:
        result["success"] = event.success
    if event.completion is not None:
        result["completion"] = event.completion
    return result


def xapi_statement(event: LearningEvent, base: str) -> dict[str, Any]:
    """The full statement: actor account, verb IRI, activity object, result, context."""
    kind = "sections" if event.object_type == "section" else "lessons"
    return {
        "id": str(event.id),
        "version": XAPI_VERSION,
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": base, "name": str(event.actor_id)},
        },
        "verb": {"id": event.verb, "display": {"en-US": event.verb.rsplit("/", 1)[-1]}},
        "object": {
            "objectType": "Activity",
            "id": f"{base}/{kind}/{event.object_id}",
            "definition": {
                "type": ACTIVITY_TYPES.get(event.object_type, ACTIVITY_TYPES["section"])
            },
        },
        "result": _result(event),
        "context": {
            "registration": str(event.enrollment_id),
            "contextActivities": {
                "parent": [{"objectType": "Activity", "id": f"{base}/courses/{event.course_id}"}]
            },
        },
        "timestamp": _iso(event.timestamp),
        "stored": _iso(event.stored_at),
    }


def encode_cursor(event: LearningEvent) -> str:
    raw = f"{event.timestamp.isoformat()}|{event.id}".encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        stamp, event_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return datetime.fromisoformat(stamp), uuid.UUID(event_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput("cursor is not one this API returned") from None


async def export_learning_events(
    session: AsyncSession,
    settings: Settings,
    *,
    course_id: uuid.UUID | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    cursor: str | None,
) -> LearningEventsOut:
    """Statements in time order; ``next_cursor`` continues after the last one."""
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise InvalidInput(f"{name} needs a time zone offset, e.g. 2026-11-16T00:00:00Z")
    after = decode_cursor(cursor) if cursor is not None else None
    events = await q.events_page(
        session, course_id=course_id, since=since, until=until, after=after, limit=limit + 1
    )
    base = base_url(settings)
    page = events[:limit]
    return LearningEventsOut(
        statements=[xapi_statement(e, base) for e in page],
        next_cursor=encode_cursor(page[-1]) if len(events) > limit else None,
    )
