"""The learning domain's workflows.

**CourseCompletionWorkflow**: mark the enrollment completed, issue a certificate, notify.
Started by the API with signal-with-start (ID ``completion-<enrollment_id>``) whenever a
post meets the completion rule, so racing posts start one run and only signal it.

**ReengagementWorkflow**: the daily reminders (``services.learning.reengagement`` has the
rules), run by the ``daily-reengagement`` schedule. It walks learners in pages, one
activity per page (a page's reminders and e-mails), shows its running counts as current
details and returns them; after ``pages_per_run`` pages (or when the server suggests it) it
continues as new with its cursor and counts, so 100k learners make neither one huge
activity nor one huge history.

**CourseExportWorkflow**: one export of a course as an IMS Common Cartridge (ID
``course-export-<course>-<export>``): one activity reads the course, builds the package and
stores it; the result names the stored key. Only IDs cross the history, never the package.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, SearchAttributeKey
from temporalio.exceptions import FailureError

with workflow.unsafe.imports_passed_through():
    from activities.learning import ExportActivities, LearningActivities, ReminderActivities
    from activities.notifications import NotificationActivities
    from schemas.enrollment import MARK_COMPLETED_SIGNAL
    from schemas.learning import (
        COMPLETION_SIGNAL,
        COMPLETION_WORKFLOW,
        COURSE_EXPORT_WORKFLOW,
        REENGAGEMENT_WORKFLOW,
        CompletionInput,
        CompletionResult,
        CourseExportInput,
        CourseExportResult,
        EnrollmentRef,
        ReengagementInput,
        ReengagementResult,
        ReminderCounts,
        ReminderPageInput,
    )
    from schemas.notifications import NotifyUserInput
    from schemas.temporal import enrollment_workflow_id

DB_ACTIVITY_TIMEOUT = timedelta(seconds=30)
NOTIFY_TIMEOUT = timedelta(seconds=60)
DB_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1))
# A page writes in one transaction, then sends its e-mails with a heartbeat after each: a
# killed worker's page is retried after the heartbeat timeout, not the whole page timeout.
PAGE_TIMEOUT = timedelta(minutes=10)
PAGE_HEARTBEAT_TIMEOUT = timedelta(seconds=20)
# Building a package reads the whole course and zips it: minutes at most, three tries.
EXPORT_TIMEOUT = timedelta(minutes=10)
EXPORT_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_attempts=3)
# Set by the server on every run a schedule starts.
SCHEDULED_START_TIME = SearchAttributeKey.for_datetime("TemporalScheduledStartTime")


def _run_moment() -> datetime:
    """When the schedule meant this run to start (a caught-up day keeps its own date)."""
    value = workflow.info().typed_search_attributes.get(SCHEDULED_START_TIME)
    return value if value is not None else workflow.now()


@workflow.defn(name=COMPLETION_WORKFLOW)
class CourseCompletionWorkflow:
    def __init__(self) -> None:
        self.signals = 0

    @workflow.signal(name=COMPLETION_SIGNAL)
    def rule_met(self) -> None:
        """Sent with every start request; later posts only bump the counter."""
        self.signals += 1

    @workflow.query
    def signals_received(self) -> int:
        return self.signals

    @workflow.run
    async def run(self, input: CompletionInput) -> CompletionResult:
        ref = EnrollmentRef(enrollment_id=input.enrollment_id)
        marked = await workflow.execute_activity_method(
            LearningActivities.mark_enrollment_completed,
            ref,
            start_to_close_timeout=DB_ACTIVITY_TIMEOUT,
            retry_policy=DB_RETRY,
        )
        if not marked.completed:
            workflow.logger.info("completion.skipped reason=%s", marked.reason)
            return CompletionResult(
                enrollment_id=input.enrollment_id, completed=False, reason=marked.reason
            )
        certificate = await workflow.execute_activity_method(
            LearningActivities.issue_certificate,
            ref,
            start_to_close_timeout=DB_ACTIVITY_TIMEOUT,
            retry_policy=DB_RETRY,
        )
        await self._notify(input, marked.course_title, certificate.verification_code)
        signalled = await self._signal_saga(input)
        return CompletionResult(
            enrollment_id=input.enrollment_id,
            completed=True,
            certificate_id=certificate.certificate_id,
            verification_code=certificate.verification_code,
            saga_signalled=signalled,
        )

    async def _notify(self, input: CompletionInput, title: str, code: str) -> None:
        await workflow.execute_activity_method(
            NotificationActivities.notify_user,
            NotifyUserInput(
                user_id=input.student_id,
                kind="course.completed",
                subject=f"You completed {title}"[:300],
                body=(
                    f"Congratulations: you completed {title}. "
                    f"Your certificate's verification code is {code}."
                ),
                dedupe_key=f"completion:{input.enrollment_id}",
            ),
            start_to_close_timeout=NOTIFY_TIMEOUT,
            retry_policy=DB_RETRY,
        )

    async def _signal_saga(self, input: CompletionInput) -> bool:
        """Tell the enrollment saga it may finish; enrollments seeded without one are fine."""
        saga = workflow.get_external_workflow_handle(
            enrollment_workflow_id(input.course_id, input.student_id)
        )
        try:
            await saga.signal(MARK_COMPLETED_SIGNAL)
        except FailureError as err:
            workflow.logger.info("completion.saga_not_signalled error=%s", err)
            return False
        return True


@workflow.defn(name=REENGAGEMENT_WORKFLOW)
class ReengagementWorkflow:
    def __init__(self) -> None:
        self.counts = ReminderCounts()

    @workflow.query
    def progress(self) -> ReminderCounts:
        return self.counts

    def _show(self, as_of: str) -> None:
        c = self.counts
        workflow.set_current_details(
            f"as of {as_of}: {c.pages} pages, {c.scanned} learners; streak at risk "
            f"{c.streak_at_risk}, idle {c.idle}; sent {c.sent}, already sent {c.already_sent}, "
            f"opted out {c.opted_out}"
        )

    @workflow.run
    async def run(self, input: ReengagementInput) -> ReengagementResult:
        as_of = input.as_of or _run_moment()
        self.counts = input.counts
        after = input.after_user_id
        self._show(as_of.isoformat())
        for _ in range(input.pages_per_run):
            page = await workflow.execute_activity_method(
                ReminderActivities.send_reminders_page,
                ReminderPageInput(
                    as_of=as_of,
                    after_user_id=after,
                    limit=input.page_size,
                    idle_days=input.idle_days,
                ),
                start_to_close_timeout=PAGE_TIMEOUT,
                heartbeat_timeout=PAGE_HEARTBEAT_TIMEOUT,
                retry_policy=DB_RETRY,
            )
            self.counts = self.counts.plus(page.counts)
            self._show(as_of.isoformat())
            after = page.last_user_id
            if after is None:
                return ReengagementResult(as_of=as_of, counts=self.counts)
            if workflow.info().is_continue_as_new_suggested():
                break
        workflow.continue_as_new(
            input.model_copy(update={"as_of": as_of, "after_user_id": after, "counts": self.counts})
        )


@workflow.defn(name=COURSE_EXPORT_WORKFLOW)
class CourseExportWorkflow:
    @workflow.run
    async def run(self, input: CourseExportInput) -> CourseExportResult:
        return await workflow.execute_activity_method(
            ExportActivities.build_course_export,
            input,
            start_to_close_timeout=EXPORT_TIMEOUT,
            retry_policy=EXPORT_RETRY,
        )
