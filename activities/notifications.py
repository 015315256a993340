"""In-app notifications plus e-mail, idempotent by dedupe key.

Shared by every workflow: enrollment, completion, course generation (author) and reports
(admins). A failure here is retried by Temporal and never undoes the caller's work.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from adapters.mail.port import EmailMessage, Mailer
from db.base import utcnow
from db.models import Notification, User
from db.queries.inserts import insert_or_select
from db.session import transaction
from schemas.notifications import NotifyUserInput, NotifyUserResult


class NotificationActivities:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], mailer: Mailer) -> None:
        self.sessionmaker = sessionmaker
        self.mailer = mailer

    async def _record(self, input: NotifyUserInput) -> tuple[Notification, str]:
        """The notification row for the dedupe key (written once) and the user's address."""
        async with transaction(self.sessionmaker) as session:
            found = (
                await session.execute(
                    select(User.email, Notification)
                    .outerjoin(Notification, Notification.dedupe_key == input.dedupe_key)
                    .where(User.id == input.user_id)
                )
            ).first()
            if found is None:
                raise ApplicationError(
                    f"user {input.user_id} does not exist", type="UserNotFound", non_retryable=True
                )
            email, existing = found
            if existing is not None:
                return existing, email
            row, _ = await insert_or_select(  # a concurrent attempt may have written it first
                session,
                Notification,
                {
                    "user_id": input.user_id,
                    "dedupe_key": input.dedupe_key,
                    "kind": input.kind,
                    "subject": input.subject,
                    "body": input.body,
                },
                conflict=["dedupe_key"],
            )
            return row, email

    async def _mark_emailed(self, notification: Notification) -> None:
        async with transaction(self.sessionmaker) as session:
            await session.execute(
                update(Notification)
                .where(Notification.id == notification.id, Notification.email_sent_at.is_(None))
                .values(email_sent_at=utcnow())
                .execution_options(synchronize_session=False)
            )

    @activity.defn
    async def notify_user(self, input: NotifyUserInput) -> NotifyUserResult:
        notification, address = await self._record(input)
        if not input.email or notification.email_sent_at is not None:
            return NotifyUserResult(notification_id=notification.id, emailed=False)
        await self.mailer.send(
            EmailMessage(
                to=address,
                subject=input.subject,
                body_text=input.body,
                message_id=str(notification.id),
            )
        )
        await self._mark_emailed(notification)
        activity.logger.info("notification.sent kind=%s", input.kind)
        return NotifyUserResult(notification_id=notification.id, emailed=True)
