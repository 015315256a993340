"""Learning streaks.

A **learning day** is a calendar day in the learner's own time zone (``users.time_zone``,
an IANA name, UTC by default) with at least one completed section or quiz attempt. Each
moment is converted to that zone before its date is taken, so a day is the local day
whatever its length (23 or 25 hours across a DST change) and whichever side of UTC the
zone lies.

The **current streak** is the run of consecutive learning days ending today, or ending
yesterday when today has none yet (the streak breaks only when today ends without one);
the **longest** is the longest run ever.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User
from db.queries import learning as q

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Streak:
    current: int
    longest: int
    today: date
    days: frozenset[date]

    @property
    def active_today(self) -> bool:
        return self.today in self.days


def zone_of(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):  # validated on write; an old row falls back
        return ZoneInfo("UTC")


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def learning_days(moments: Iterable[datetime], zone: ZoneInfo) -> frozenset[date]:
    return frozenset(local_day(m, zone) for m in moments)


def _run_ending(days: frozenset[date], last: date) -> int:
    length = 0
    while last - timedelta(days=length) in days:
        length += 1
    return length


def streak_of(days: frozenset[date], today: date) -> Streak:
    """Current and longest runs of consecutive days (see the module's docstring)."""
    end = today if today in days else today - ONE_DAY
    current = _run_ending(days, end)
    longest = 0
    for day in days:
        if day - ONE_DAY not in days:  # the first day of a run
            length = 0
            while day + timedelta(days=length) in days:
                length += 1
            longest = max(longest, length)
    return Streak(current=current, longest=longest, today=today, days=days)


async def learner_streak(session: AsyncSession, user: User, now: datetime) -> Streak:
    zone = zone_of(user)
    days = learning_days(await q.learning_moments(session, user.id), zone)
    return streak_of(days, local_day(now, zone))
