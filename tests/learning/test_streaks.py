"""Streaks count calendar days in the learner's own zone: across DST changes in
America/New_York (west of UTC) and in Pacific/Auckland (east of UTC), the days a UTC or a
fixed-offset count would get wrong."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import Enrollment, LearningEvent, User
from schemas.learning import VERB_COMPLETED, VERB_PASSED, VERB_PROGRESSED
from services import learning
from tests.learning.test_progress_api import seed

ApiFactory = Callable[..., Any]
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")


def local(zone: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=zone)  # type: ignore[misc]


def test_current_streak_survives_until_today_ends() -> None:
    days = frozenset({date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 3), date(2026, 5, 10)})
    assert learning.streak_of(days, date(2026, 5, 3)).current == 3  # learned today
    assert learning.streak_of(days, date(2026, 5, 4)).current == 3  # not yet broken
    assert learning.streak_of(days, date(2026, 5, 5)).current == 0  # broken
    assert learning.streak_of(days, date(2026, 5, 10)).current == 1
    assert learning.streak_of(days, date(2026, 5, 10)).longest == 3
    assert learning.streak_of(frozenset(), date(2026, 5, 10)) == learning.Streak(
        0, 0, date(2026, 5, 10), frozenset()
    )


# Spring forward: 2026-03-08 02:00 EST -> 03:00 EDT; fall back: 2026-11-01 02:00 EDT -> EST.
SPRING = [
    local(NEW_YORK, 2026, 3, 7, 20, 30),  # 01:30 UTC on the 8th
    local(NEW_YORK, 2026, 3, 8, 20, 30),  # 00:30 UTC on the 9th (EDT)
    local(NEW_YORK, 2026, 3, 9, 0, 30),  # 04:30 UTC on the 9th
]
FALL = [
    local(NEW_YORK, 2026, 10, 31, 23, 30),  # 03:30 UTC on Nov 1 (EDT)
    local(NEW_YORK, 2026, 11, 1, 23, 30),  # 04:30 UTC on Nov 2 (EST, a 25-hour day)
]
# Auckland is UTC+13 in summer (NZDT).
AUCKLAND_DAYS = [
    local(AUCKLAND, 2025, 12, 4, 23, 0),  # 10:00 UTC on the 4th
    local(AUCKLAND, 2025, 12, 5, 0, 30),  # 11:30 UTC on the 4th
    local(AUCKLAND, 2025, 12, 6, 0, 30),  # 11:30 UTC on the 5th
]


def test_the_cases_would_fail_if_days_were_counted_in_utc() -> None:
    utc = ZoneInfo("UTC")
    assert learning.streak_of(learning.learning_days(SPRING, utc), date(2026, 3, 9)).current == 2
    assert learning.streak_of(learning.learning_days(AUCKLAND_DAYS, utc),
                              date(2025, 12, 5)).current == 2  # fmt: skip
    fixed_est = ZoneInfo("Etc/GMT+5")  # EST all year: no DST
    assert learning.streak_of(learning.learning_days(SPRING, fixed_est),
                              date(2026, 3, 9)).longest == 2  # fmt: skip


async def _learner_with_events(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, zone: str,
    moments: list[datetime],
) -> tuple[Any, User]:  # fmt: skip
    s = await seed(sessionmaker, settings)
    async with sessionmaker() as session, session.begin():
        user = await session.get(User, s.student.id)
        assert user is not None
        user.time_zone = zone
        for i, moment in enumerate(moments):
            verb, kind = (VERB_COMPLETED, "section") if i % 2 == 0 else (VERB_PASSED, "quiz")
            _add_event(session, s.enrollment, moment, verb, kind)
        # Progress without completion is not a learning day.
        _add_event(session, s.enrollment, moments[-1] + timedelta(days=1), VERB_PROGRESSED,
                   "section")  # fmt: skip
    return s, user


def _add_event(
    session: AsyncSession, enrollment: Enrollment, moment: datetime, verb: str, kind: str
) -> None:
    stamp = moment.astimezone(UTC)
    session.add(
        LearningEvent(
            actor_id=enrollment.student_id, enrollment_id=enrollment.id,
            course_id=enrollment.course_id, verb=verb, object_id=str(uuid.uuid4()),
            object_type=kind, timestamp=stamp, stored_at=stamp,
        )
    )  # fmt: skip


@pytest.mark.parametrize(
    ("zone", "moments", "now", "current", "longest"),
    [
        ("America/New_York", SPRING, local(NEW_YORK, 2026, 3, 9, 22, 0), 3, 3),
        ("America/New_York", SPRING, local(NEW_YORK, 2026, 3, 10, 23, 59), 3, 3),
        ("America/New_York", SPRING, local(NEW_YORK, 2026, 3, 11, 0, 1), 0, 3),
        ("America/New_York", FALL, local(NEW_YORK, 2026, 11, 2, 8, 0), 2, 2),
        ("Pacific/Auckland", AUCKLAND_DAYS, local(AUCKLAND, 2025, 12, 6, 10, 0), 3, 3),
        ("Pacific/Auckland", AUCKLAND_DAYS, local(AUCKLAND, 2025, 12, 7, 23, 0), 3, 3),
        ("Pacific/Auckland", AUCKLAND_DAYS, local(AUCKLAND, 2025, 12, 8, 0, 30), 0, 3),
    ],
)
async def test_streaks_count_local_days(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], zone: str, moments: list[datetime], now: datetime,
    current: int, longest: int,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    _, user = await _learner_with_events(sessionmaker, settings, zone, moments)
    async with sessionmaker() as session:
        streak = await learning.learner_streak(session, user, now)
    assert (streak.current, streak.longest) == (current, longest)


async def test_me_progress_shows_streaks_in_the_zone_set_with_patch_me(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    s, _ = await _learner_with_events(sessionmaker, settings, "UTC", AUCKLAND_DAYS)
    api = await api_client_factory(settings)
    totals = (await api.get("/api/v1/me/progress", headers=s.headers())).json()["totals"]
    assert (totals["longest_streak_days"], totals["time_zone"]) == (2, "UTC")
    bad = await api.patch("/api/v1/me", json={"time_zone": "Mars/Olympus_Mons"},
                          headers=s.headers())  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "body.time_zone"
    extra = await api.patch("/api/v1/me", json={"role": "admin"}, headers=s.headers())
    assert extra.status_code == 422
    both = {"time_zone": "Pacific/Auckland", "reminders_opt_out": True}
    ok = await api.patch("/api/v1/me", json=both, headers=s.headers())
    assert ok.status_code == 200, ok.text
    assert (ok.json()["time_zone"], ok.json()["reminders_opt_out"]) == ("Pacific/Auckland", True)
    totals = (await api.get("/api/v1/me/progress", headers=s.headers())).json()["totals"]
    assert (totals["longest_streak_days"], totals["current_streak_days"]) == (3, 0)
    assert totals["time_zone"] == "Pacific/Auckland"
