"""Learning events exported as xAPI 1.0.3 statements, filtered by course and time, paged by
an opaque cursor (the last statement's timestamp and ID).

Besides progress (``progressed``, ``completed`` a section) and quizzes (``passed``,
``failed``), the export holds records of the learner's path: ``registered`` (the enrollment
became active, object the course), ``completed`` (the course) and ``earned`` (an
achievement). Each is written once, under an ID derived from what it records, in the
transaction that made it true (``record_registered``, ``record_course_completed``,
``record_earned``); reports and streaks count only sections and quizzes.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from db.models import Enrollment, LearningEvent
from db.queries import learning as q
from schemas.learning import (
    VERB_COMPLETED,
    VERB_EARNED,
    VERB_REGISTERED,
    XAPI_VERSION,
    LearningEventsOut,
)
from services.errors import InvalidInput

DEFAULT_BASE = "https://courseflow.local"
ACTIVITY_TYPES = {
    "section": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "course": "http://adlnet.gov/expapi/activities/course",
    "achievement": "http://id.tincanapi.com/activitytype/badge",
}
OBJECT_PATHS = {"section": "sections", "quiz": "lessons", "course": "courses",
                "achievement": "achievements"}  # fmt: skip
VERB_NAMES = {VERB_EARNED: "earned"}


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
    kind = OBJECT_PATHS.get(event.object_type, "sections")
    statement = {
        "id": str(event.id),
        "version": XAPI_VERSION,
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": base, "name": str(event.actor_id)},
        },
        "verb": {
            "id": event.verb,
            "display": {"en-US": VERB_NAMES.get(event.verb, event.verb.rsplit("/", 1)[-1])},
        },
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
    if event.object_type in ("course", "achievement"):  # records: no duration to report
        statement.pop("result")
        if event.completion is not None:
            statement["result"] = {"completion": event.completion}
    return statement


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


# --- records of the learner's path ---------------------------------------------------------
async def _record(
    session: AsyncSession, key: str, enrollment: Enrollment, verb: str, object_type: str,
    object_id: uuid.UUID, at: datetime, *, completion: bool | None = None,
) -> None:  # fmt: skip
    event_id = uuid.uuid5(q.EVENT_NAMESPACE, key)
    if await q.get_event(session, event_id) is not None:
        return  # a retried step recorded it already
    await q.append_event(
        session, event_id=event_id, enrollment=enrollment, verb=verb, object_id=object_id,
        object_type=object_type, score=None, duration_s=0, success=None,
        completion=completion, now=at,
    )  # fmt: skip


async def record_registered(
    session: AsyncSession, enrollment_id: uuid.UUID, student_id: uuid.UUID,
    course_id: uuid.UUID, activated_at: datetime,
) -> None:  # fmt: skip
    """``registered``: the enrollment became active (once, at its activation time). One
    statement: the saga's status step runs on every activation retry."""
    await q.insert_event_once(
        session, event_id=uuid.uuid5(q.EVENT_NAMESPACE, f"registered:{enrollment_id}"),
        actor_id=student_id, enrollment_id=enrollment_id, course_id=course_id,
        verb=VERB_REGISTERED, object_type="course", object_id=str(course_id), at=activated_at,
    )  # fmt: skip


async def record_course_completed(session: AsyncSession, enrollment: Enrollment) -> None:
    """``completed`` the course (once, at its completion time)."""
    at = enrollment.completed_at
    if at is None:
        return
    await _record(session, f"course-completed:{enrollment.id}", enrollment, VERB_COMPLETED,
                  "course", enrollment.course_id, at, completion=True)  # fmt: skip


async def record_earned(
    session: AsyncSession, enrollment: Enrollment, achievement_id: uuid.UUID, at: datetime
) -> None:
    """``earned`` an achievement (the award is unique, so this runs once per award)."""
    await _record(session, f"earned:{enrollment.student_id}:{achievement_id}", enrollment,
                  VERB_EARNED, "achievement", achievement_id, at)  # fmt: skip
