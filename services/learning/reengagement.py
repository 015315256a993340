"""Re-engagement: the daily reminders, and their Temporal Schedule.

The ``ReengagementWorkflow`` (run daily by the ``daily-reengagement`` schedule) walks the
learners with an active enrollment in pages (keyset on user ID) and, for each page, one
activity calls ``remind_page`` then sends the page's e-mails. Per learner, with the run's
moment converted to the learner's own zone:

- **streak at risk**: a learning day yesterday and none yet today — the streak breaks when
  today ends;
- **idle**: no activity in any active enrollment for ``reengagement_idle_days`` days, and no
  idle reminder since that last activity (one nudge per idle stretch, not one a day).

A learner gets at most one reminder per local day: a ``reminders`` row unique on (user,
day, kind) and its in-app notification (dedupe key ``reminder:<user>:<day>:<kind>``) are
written in one transaction, so a retried or re-run page finds them and writes nothing. The
e-mail goes after the commit through the mail port, marked sent once; a retry sends only
the page's reminders still unsent (the message ID is the notification's, so a mailer that
deduplicates by it — the outbox does — delivers once). Learners who opted out
(``users.reminders_opt_out``) are counted and skipped.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleCalendarSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleRange,
    ScheduleSpec,
)

from core.logging import get_logger
from core.schedules import apply_schedule, ensure_schedule
from core.settings import Settings
from db.queries import learning as q
from schemas.learning import (
    REENGAGEMENT_SCHEDULE_ID,
    REENGAGEMENT_WORKFLOW,
    REMINDER_IDLE,
    REMINDER_STREAK,
    ReengagementInput,
    ReminderCounts,
    ReminderPageInput,
    ReminderPageResult,
)
from schemas.notifications import NotifyUserInput
from services import notifications
from services.learning.streaks import learning_days

log = get_logger("courseflow.learning.reengagement")
CATCHUP_WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class Outgoing:
    """A reminder whose e-mail is still to send."""

    notification_id: uuid.UUID
    to: str
    subject: str
    body: str


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _kind(learner: q.Learner, moments: list[datetime], input: ReminderPageInput,
          idle_reminded: tuple[date, datetime] | None) -> tuple[str | None, date]:  # fmt: skip
    """The reminder this learner is due (or None) and their local day. An idle learner
    reminded since their last activity is due again only on that reminder's own day (where
    the insert finds it: a re-run counts it as already sent)."""
    zone = _zone(learner.time_zone)
    today = input.as_of.astimezone(zone).date()
    days = learning_days(moments, zone)
    if today - timedelta(days=1) in days and today not in days:
        return REMINDER_STREAK, today
    idle_since = input.as_of - timedelta(days=input.idle_days)
    already = (
        idle_reminded is not None
        and idle_reminded[1] >= learner.last_activity_at
        and idle_reminded[0] != today
    )
    if learner.last_activity_at <= idle_since and not already:
        return REMINDER_IDLE, today
    return None, today


MESSAGES = {
    REMINDER_STREAK: (
        "Keep your streak going",
        "You learned yesterday; one section today keeps your streak alive.",
    ),
    REMINDER_IDLE: (
        "Your course is waiting",
        "It has been a while. Pick up where you left off: your next step is one click away.",
    ),
}


async def _remind(
    session: AsyncSession, learner: q.Learner, kind: str, day: date, now: datetime
) -> bool:
    """The reminder row and its in-app notification, once per learner, day and kind."""
    reminder = await q.add_reminder(session, learner.id, day, kind, now)
    if reminder is None:
        return False
    subject, body = MESSAGES[kind]
    notification, _ = await notifications.record(
        session,
        NotifyUserInput(
            user_id=learner.id, kind=f"reminder.{kind}", subject=subject,
            body=f"Hello {learner.full_name}. {body}",
            dedupe_key=f"reminder:{learner.id}:{day.isoformat()}:{kind}",
        ),
    )  # fmt: skip
    reminder.notification_id = notification.id
    return True


async def remind_page(
    session: AsyncSession, input: ReminderPageInput, now: datetime
) -> tuple[ReminderPageResult, list[Outgoing]]:
    """One page of learners: write the reminders due (see the module's docstring) and list
    the page's reminders of the day whose e-mail is not sent yet."""
    learners = await q.learners_page(session, input.after_user_id, input.limit)
    ids = [learner.id for learner in learners]
    since = input.as_of - timedelta(days=3)  # covers yesterday in every zone
    moments = await q.learning_moments_of(session, ids, since)
    idle_reminded = await q.latest_reminders(session, ids, REMINDER_IDLE)
    counts = ReminderCounts(scanned=len(learners), pages=1)
    days: set[date] = set()
    for learner in learners:
        kind, today = _kind(learner, moments.get(learner.id, []), input,
                            idle_reminded.get(learner.id))  # fmt: skip
        days.add(today)
        if kind is None:
            continue
        setattr(counts, kind, getattr(counts, kind) + 1)
        if learner.opted_out:
            counts.opted_out += 1
        elif await _remind(session, learner, kind, today, now):
            counts.sent += 1
        else:
            counts.already_sent += 1
    outgoing = await _unsent(session, ids, sorted(days))
    last = ids[-1] if len(ids) == input.limit else None
    return ReminderPageResult(counts=counts, last_user_id=last), outgoing


async def _unsent(session: AsyncSession, ids: list[uuid.UUID], days: list[date]) -> list[Outgoing]:
    rows = await q.unsent_reminder_mail(session, ids, days)
    return [Outgoing(n.id, email, n.subject, n.body) for n, email in rows]


# --- the schedule -------------------------------------------------------------------------
def reengagement_schedule(settings: Settings) -> Schedule:
    """Daily at ``reengagement_hour_utc``; overlapping runs skipped; a day missed while the
    cluster was down is caught up."""
    return Schedule(
        action=ScheduleActionStartWorkflow(
            REENGAGEMENT_WORKFLOW,
            ReengagementInput(
                idle_days=settings.reengagement_idle_days,
                page_size=settings.reengagement_page_size,
                pages_per_run=settings.reengagement_pages_per_run,
            ),
            id=REENGAGEMENT_SCHEDULE_ID,  # the server appends the scheduled time
            task_queue=settings.task_queue,
        ),
        spec=ScheduleSpec(
            calendars=[
                ScheduleCalendarSpec(
                    second=[ScheduleRange(0)],
                    minute=[ScheduleRange(0)],
                    hour=[ScheduleRange(settings.reengagement_hour_utc)],
                    comment="re-engagement reminders: daily",
                )
            ],
            time_zone_name="UTC",
        ),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP, catchup_window=CATCHUP_WINDOW),
    )


async def apply_reengagement_schedule(
    client: Client, settings: Settings, *, schedule_id: str = REENGAGEMENT_SCHEDULE_ID
) -> Literal["created", "updated"]:
    """Create the schedule, or replace its definition (keeping pause state and notes)."""
    return await apply_schedule(client, schedule_id, reengagement_schedule(settings))


async def ensure_reengagement_schedule(client: Client, settings: Settings) -> None:
    """Worker start: apply, but a refusal (permissions, old server) must not stop the worker."""
    await ensure_schedule(client, REENGAGEMENT_SCHEDULE_ID, reengagement_schedule(settings))
