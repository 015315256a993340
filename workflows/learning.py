"""CourseCompletionWorkflow: mark the enrollment completed, issue a certificate, notify.

Started by the API with signal-with-start (ID ``completion-<enrollment_id>``) whenever a
post meets the completion rule, so racing posts start one run and only signal it.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import FailureError

with workflow.unsafe.imports_passed_through():
    from activities.learning import LearningActivities
    from activities.notifications import NotificationActivities
    from schemas.enrollment import MARK_COMPLETED_SIGNAL
    from schemas.learning import (
        COMPLETION_SIGNAL,
        COMPLETION_WORKFLOW,
        CompletionInput,
        CompletionResult,
        EnrollmentRef,
    )
    from schemas.notifications import NotifyUserInput
    from schemas.temporal import enrollment_workflow_id

DB_ACTIVITY_TIMEOUT = timedelta(seconds=30)
NOTIFY_TIMEOUT = timedelta(seconds=60)
DB_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1))


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
