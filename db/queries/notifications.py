"""Notification rows: found by dedupe key with their user's address, inserted once, marked
e-mailed once."""

from __future__ import annotations

import uuid

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Notification, User
from db.queries.inserts import insert_or_select


async def address_and_notification(
    session: AsyncSession, user_id: uuid.UUID, dedupe_key: str
) -> tuple[str, Notification | None] | None:
    """(the user's e-mail, the notification with this key or None); None: no such user."""
    found = (
        await session.execute(
            select(User.email, Notification)
            .outerjoin(Notification, Notification.dedupe_key == dedupe_key)
            .where(User.id == user_id)
        )
    ).first()
    if found is None:
        return None
    email, existing = found
    return email, existing


async def insert_notification(session: AsyncSession, values: dict[str, object]) -> Notification:
    """A concurrent insert of the same dedupe key wins; its row is the one."""
    row, _ = await insert_or_select(session, Notification, values, conflict=["dedupe_key"])
    return row


async def mark_emailed(session: AsyncSession, notification_id: uuid.UUID) -> None:
    await session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.email_sent_at.is_(None))
        .values(email_sent_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def inbox_page(
    session: AsyncSession, user_id: uuid.UUID, limit: int, offset: int
) -> tuple[list[Notification], int, int]:
    """(a page of the user's notifications, unread first then newest, total, unread)."""
    rows = await session.scalars(
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(
            case((Notification.read_at.is_(None), 0), else_=1),
            Notification.created_at.desc(),
            Notification.id,
        )
        .limit(limit)
        .offset(offset)
    )
    total, unread = (
        await session.execute(
            select(func.count(), func.count(case((Notification.read_at.is_(None), 1)))).where(
                Notification.user_id == user_id
            )
        )
    ).one()
    return list(rows), int(total), int(unread)


async def own_notification(
    session: AsyncSession, user_id: uuid.UUID, notification_id: uuid.UUID
) -> Notification | None:
    row: Notification | None = await session.scalar(
        select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user_id
        )
    )
    return row


async def mark_all_read(session: AsyncSession, user_id: uuid.UUID) -> int:
    result = await session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
