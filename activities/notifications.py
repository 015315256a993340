"""In-app notifications plus e-mail, idempotent by dedupe key.

Shared by every workflow: enrollment, completion, course generation (author) and reports
(admins). A failure here is retried by Temporal and never undoes the caller's work. The
row and its dedupe are ``services.notifications``'s; the mail goes through the mail port.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.units import DatabaseActivities
from adapters.mail.port import EmailMessage, Mailer
from db.models import Notification
from schemas.notifications import NotifyUserInput, NotifyUserResult
from services import notifications


class NotificationActivities(DatabaseActivities):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], mailer: Mailer) -> None:
        super().__init__(sessionmaker)
        self.mailer = mailer

    @activity.defn
    async def notify_user(self, input: NotifyUserInput) -> NotifyUserResult:
        async with self._transaction() as session:
            notification, address = await notifications.record(session, input)
        return await self.deliver(input, notification, address)

    async def deliver(
        self, input: NotifyUserInput, notification: Notification, address: str
    ) -> NotifyUserResult:
        """The e-mail of a notification recorded and committed by the caller (once: a
        notification already e-mailed is not sent again)."""
        if not notifications.needs_email(input, notification):
            return NotifyUserResult(notification_id=notification.id, emailed=False)
        await self.mailer.send(
            EmailMessage(
                to=address,
                subject=input.subject,
                body_text=input.body,
                message_id=str(notification.id),
            )
        )
        async with self._transaction() as session:
            await notifications.mark_emailed(session, notification.id)
        activity.logger.info("notification.sent kind=%s", input.kind)
        return NotifyUserResult(notification_id=notification.id, emailed=True)
