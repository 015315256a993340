"""The learning domain's activities: an enrollment's progress rows (the enrollment saga's
step and its compensation), marking it completed, issuing its certificate; and one page of
re-engagement reminders (``ReminderActivities``); building and storing a course's export
package (``ExportActivities``).

Each is idempotent (by enrollment ID; a reminder by learner, day and kind) and calls
``services.learning`` for the rules.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.errors import application_error
from activities.units import DatabaseActivities
from adapters.mail.port import EmailMessage, Mailer
from adapters.storage.port import ObjectStorage
from db.base import utcnow
from db.session import transaction
from schemas.learning import (
    CertificateResult,
    CourseExportInput,
    CourseExportResult,
    EnrollmentRef,
    MarkCompletedResult,
    ProgressInput,
    ProgressResult,
    ReminderPageInput,
    ReminderPageResult,
)
from services import learning, notifications
from services.errors import DomainError


class LearningActivities(DatabaseActivities):
    @activity.defn
    async def init_progress(self, input: ProgressInput) -> ProgressResult:
        """One section_progress row (0 %) per required section; existing rows are kept."""
        async with self._transaction() as session:
            return await learning.init_progress(session, input)

    @activity.defn
    async def remove_progress(self, input: ProgressInput) -> ProgressResult:
        """Compensation of ``init_progress``: the enrollment's progress rows are deleted."""
        async with self._transaction() as session:
            return await learning.remove_progress(session, input)

    @activity.defn
    async def mark_enrollment_completed(self, input: EnrollmentRef) -> MarkCompletedResult:
        """Active → completed, once the completion rule holds in the database."""
        async with self._transaction() as session:
            return await learning.mark_completed(session, input)

    @activity.defn
    async def issue_certificate(self, input: EnrollmentRef) -> CertificateResult:
        """One certificate per enrollment, with a unique verification code."""
        async with self.sessionmaker() as session:
            existing = await learning.certificate_of(session, input.enrollment_id)
        if existing is None:
            try:
                async with self._transaction() as session:
                    await learning.add_certificate(session, input.enrollment_id)
            except IntegrityError:
                pass  # a concurrent attempt won the unique enrollment_id; read its row below
            async with self.sessionmaker() as session:
                existing = await learning.certificate_of(session, input.enrollment_id)
        assert existing is not None
        return learning.certificate_result(existing)


class ReminderActivities:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], mailer: Mailer) -> None:
        self.sessionmaker = sessionmaker
        self.mailer = mailer

    @activity.defn
    async def send_reminders_page(self, input: ReminderPageInput) -> ReminderPageResult:
        """One page of learners: the reminders due, written once per learner, day and kind
        in one transaction; then the page's unsent e-mails, each marked sent once. A retry
        (or a worker killed mid-page) writes nothing twice and sends only what is unsent."""
        async with transaction(self.sessionmaker) as session:
            result, outgoing = await learning.remind_page(session, input, utcnow())
        for mail in outgoing:
            await self.mailer.send(
                EmailMessage(
                    to=mail.to,
                    subject=mail.subject,
                    body_text=mail.body,
                    message_id=str(mail.notification_id),
                )
            )
            async with transaction(self.sessionmaker) as session:
                await notifications.mark_emailed(session, mail.notification_id)
            activity.heartbeat(str(mail.notification_id))
        activity.logger.info(
            "reengagement.page scanned=%d sent=%d", result.counts.scanned, result.counts.sent
        )
        return result


class ExportActivities:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], storage: ObjectStorage
    ) -> None:
        self.sessionmaker = sessionmaker
        self.storage = storage

    @activity.defn
    async def build_course_export(self, input: CourseExportInput) -> CourseExportResult:
        """Build the course's Common Cartridge and store it under the export's key (a retry
        overwrites it with the same bytes); a deleted course fails the run for good."""
        try:
            async with transaction(self.sessionmaker) as session:  # marks the export stored
                result = await learning.build_and_store(session, self.storage, input)
        except DomainError as exc:
            raise application_error(exc) from None
        activity.logger.info(
            "export.built course=%s lessons=%d questions=%d bytes=%d",
            result.course_id, result.lessons, result.questions, result.size_bytes,
        )  # fmt: skip
        return result
