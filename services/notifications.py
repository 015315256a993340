"""Notifications: one in-app row per dedupe key (a retried or replayed workflow finds the
earlier one), and whether its e-mail went out. Sent by every domain's workflows; a failure
here never undoes the caller's work.

The inbox: a user reads their own notifications (unread first, paginated) and marks them
read, one or all; someone else's notification is not found."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Notification, User
from db.queries import notifications as q
from schemas.notifications import InboxOut, NotificationOut, NotifyUserInput, ReadAllOut
from services.errors import NotFound


class UserNotFound(NotFound):
    pass


async def record(session: AsyncSession, input: NotifyUserInput) -> tuple[Notification, str]:
    """The notification row for the dedupe key (written once) and the user's address."""
    found = await q.address_and_notification(session, input.user_id, input.dedupe_key)
    if found is None:
        raise UserNotFound(f"user {input.user_id} does not exist")
    email, existing = found
    if existing is not None:
        return existing, email
    row = await q.insert_notification(
        session,
        {
            "user_id": input.user_id,
            "dedupe_key": input.dedupe_key,
            "kind": input.kind,
            "subject": input.subject,
            "body": input.body,
        },
    )
    return row, email


def needs_email(input: NotifyUserInput, notification: Notification) -> bool:
    return input.email and notification.email_sent_at is None


async def mark_emailed(session: AsyncSession, notification_id: uuid.UUID) -> None:
    """First send wins: a retry that sent again does not move the timestamp."""
    await q.mark_emailed(session, notification_id)


class NotificationNotFound(NotFound):
    pass


async def inbox(session: AsyncSession, user: User, *, limit: int, offset: int) -> InboxOut:
    rows, total, unread = await q.inbox_page(session, user.id, limit, offset)
    return InboxOut(
        items=[NotificationOut.model_validate(row) for row in rows],
        total=total, unread=unread, limit=limit, offset=offset,
    )  # fmt: skip


async def mark_read(
    session: AsyncSession, user: User, notification_id: uuid.UUID
) -> NotificationOut:
    """Mark one of the caller's notifications read (again: it keeps its first read time)."""
    row = await q.own_notification(session, user.id, notification_id)
    if row is None:
        raise NotificationNotFound("no notification of yours with this ID")
    if row.read_at is None:
        row.read_at = utcnow()
        await session.flush()
    return NotificationOut.model_validate(row)


async def mark_all_read(session: AsyncSession, user: User) -> ReadAllOut:
    return ReadAllOut(marked_read=await q.mark_all_read(session, user.id))
