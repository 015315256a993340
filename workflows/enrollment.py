"""EnrollmentWorkflow: the enrollment saga (ID ``enroll-<course_id>-<student_id>``).

eligibility → seat (or the FIFO waitlist until a seat is handed over or the deadline passes)
→ charge (priced courses) → progress rows → active → notify; then the run stays open until the
enrollment is completed (signal ``mark_completed``) or cancelled (update ``cancel`` or signal
``request_cancel``). A permanent failure, or a cancellation before activation, runs the
compensations registered so far in reverse — remove progress, refund, release the seat — each
retried until it succeeds. Every status change is written to the ``enrollments`` row (the
API's projection) before it becomes visible to queries, updates and search attributes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.exceptions import TimeoutError as ActivityTimeout

with workflow.unsafe.imports_passed_through():
    from activities.enrollment import (
        NOT_ELIGIBLE,
        PAYMENT_DECLINED,
        EnrollmentActivities,
        PaymentActivities,
        SeatActivities,
    )
    from activities.learning import LearningActivities
    from activities.notifications import NotificationActivities
    from schemas.enrollment import (
        AWAIT_OUTCOME_UPDATE,
        CANCEL_UPDATE,
        ENROLLMENT_WORKFLOW,
        KNOWN_OUTCOMES,
        MARK_COMPLETED_SIGNAL,
        REQUEST_CANCEL_SIGNAL,
        SEAT_GRANTED_SIGNAL,
        STATUS_QUERY,
        TERMINAL_STATUSES,
        AnswerRequest,
        CancelRequest,
        ChargeInput,
        EligibilityInput,
        EligibilityResult,
        EnrollmentInput,
        EnrollmentView,
        RecordStatusInput,
        RecordStatusResult,
        RefundInput,
        SeatInput,
        SeatResult,
        money,
    )
    from schemas.enums import EnrollmentStatus
    from schemas.learning import ProgressInput
    from schemas.notifications import NotifyUserInput
    from schemas.temporal import COURSE_ID, ENROLLMENT_STATUS, STUDENT_ID

# Database and sandbox-gateway steps take milliseconds; a short timeout bounds the stall
# after a worker dies (the activities are idempotent, so a retry is safe).
ACTIVITY_TIMEOUT = timedelta(seconds=15)
# Runs that record this patch run their database steps (eligibility, seat, waitlist, progress,
# status) as local activities: in this worker, inside the workflow task, with no round trip to
# the server per step (issue 21). Runs started before it keep scheduling them as activities.
# The charge, the refund and the notification (gateway and mail calls) stay activities.
LOCAL_DB_STEPS_PATCH = "enrollment-local-db-steps"
# A local activity's failure reaches the workflow as its own error, not as an ActivityError.
STEP_ERRORS = (ActivityError, ApplicationError, ActivityTimeout)
NOTIFY_TIMEOUT = timedelta(seconds=60)
# Forward steps: transient errors retry a bounded number of times, then the saga unwinds.
STEP_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=8,
)
# Compensations and status writes must happen: retried until they succeed.
UNTIL_DONE_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=60),
    maximum_attempts=0,
)
# A notification is retried, and if it still fails the enrollment stands.
NOTIFY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=10),
    maximum_attempts=5,
)


class SagaAborted(Exception):
    """Ends the forward path: compensate, then finish with this status and reason."""

    def __init__(self, status: EnrollmentStatus, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def failure_reason(step: str, err: Exception) -> str:
    cause = err.cause if isinstance(err, ActivityError) else err
    if isinstance(cause, ApplicationError):
        if cause.type == NOT_ELIGIBLE:
            return cause.message
        if cause.type == PAYMENT_DECLINED:
            return f"payment_declined: {cause.message}"
        return f"{step}_failed: {cause.message}"
    return f"{step}_failed: {cause or err}"


def refund_window_end(activated_at: datetime, starts_at: datetime | None, days: int) -> datetime:
    """The window runs from the later of activation and course start."""
    start = max(activated_at, starts_at) if starts_at is not None else activated_at
    return start + timedelta(days=days)


@workflow.defn(name=ENROLLMENT_WORKFLOW)
class EnrollmentWorkflow:
    @workflow.init
    def __init__(self, input: EnrollmentInput) -> None:
        self._input = input
        self._status = EnrollmentStatus.pending
        self._reason: str | None = None
        self._position: int | None = None
        self._cancel: CancelRequest | None = None
        self._seat_granted = False
        self._completed = False
        self._charged = 0
        self._refunded = 0
        self._course: EligibilityResult | None = None
        self._activated_at: datetime | None = None
        self._compensations: list[Callable[[], Awaitable[None]]] = []
        self._local_db_steps = False

    # --- handlers -----------------------------------------------------------------------
    @workflow.query(name=STATUS_QUERY)
    def status(self) -> EnrollmentView:
        return EnrollmentView(
            enrollment_id=self._input.enrollment_id,
            course_id=self._input.course_id,
            student_id=self._input.student_id,
            status=self._status,
            reason=self._reason,
            waitlist_position=self._position,
            charged_cents=self._charged,
            refunded_cents=self._refunded,
        )

    @workflow.update(name=AWAIT_OUTCOME_UPDATE)
    async def await_outcome(self, request: AnswerRequest) -> EnrollmentView:
        """The API's update-with-start: answer once the outcome is known, or after wait_s."""
        if request.wait_s > 0:
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(
                    lambda: self._status in KNOWN_OUTCOMES, timeout=request.wait_s
                )
        return self.status()

    @workflow.update(name=CANCEL_UPDATE)
    async def cancel(self, request: CancelRequest) -> EnrollmentView:
        self._cancel = self._cancel or request
        await workflow.wait_condition(lambda: self._status in TERMINAL_STATUSES)
        return self.status()

    @cancel.validator
    def _validate_cancel(self, request: CancelRequest) -> None:
        if request.enrollment_id != self._input.enrollment_id:
            raise ValueError("this run serves another enrollment")
        if self._status in TERMINAL_STATUSES or self._completed:
            raise ValueError(f"the enrollment is already {self._status.value}")

    @workflow.signal(name=REQUEST_CANCEL_SIGNAL)
    async def request_cancel(self, request: CancelRequest) -> None:
        if request.enrollment_id == self._input.enrollment_id and not self._completed:
            self._cancel = self._cancel or request

    @workflow.signal(name=SEAT_GRANTED_SIGNAL)
    async def seat_granted(self) -> None:
        """Sent by the saga that released a seat and handed it to this enrollment."""
        self._seat_granted = True

    @workflow.signal(name=MARK_COMPLETED_SIGNAL)
    async def mark_completed(self) -> None:
        """Sent by CourseCompletionWorkflow after it marked the enrollment completed."""
        self._completed = True

    # --- run ----------------------------------------------------------------------------
    @workflow.run
    async def run(self, input: EnrollmentInput) -> EnrollmentView:
        self._local_db_steps = workflow.patched(LOCAL_DB_STEPS_PATCH)
        workflow.upsert_search_attributes(
            [
                COURSE_ID.value_set(str(input.course_id)),
                STUDENT_ID.value_set(str(input.student_id)),
                ENROLLMENT_STATUS.value_set(self._status.value),
            ]
        )
        try:
            await self._enroll()
        except SagaAborted as abort:
            workflow.set_current_details(f"unwinding: {abort.reason}")
            for compensation in reversed(self._compensations):
                await compensation()
            await self._notify(abort.status, abort.reason)
            await self._set_status(abort.status, abort.reason)
            return await self._finish()
        await self._notify(EnrollmentStatus.active, "You are enrolled. Happy learning!")
        await self._stay_enrolled()
        return await self._finish()

    async def _finish(self) -> EnrollmentView:
        workflow.set_current_details(f"{self._status.value}: {self._reason or 'done'}")
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self.status()

    async def _enroll(self) -> None:
        input = self._input
        workflow.set_current_details("checking eligibility")
        self._course = await self._step(
            "eligibility",
            EnrollmentActivities.check_eligibility,
            EligibilityInput(
                enrollment_id=input.enrollment_id,
                course_id=input.course_id,
                student_id=input.student_id,
                workflow_id=workflow.info().workflow_id,
                payment_token=input.payment_token,
            ),
            summary="check eligibility",
        )
        self._raise_if_cancelled()
        await self._take_seat()
        self._raise_if_cancelled()
        if self._course.price_cents > 0:
            await self._charge(self._course)
            self._raise_if_cancelled()
        await self._init_progress()
        self._raise_if_cancelled()
        result = await self._set_status(EnrollmentStatus.active)
        self._activated_at = result.activated_at

    def _raise_if_cancelled(self) -> None:
        if self._cancel is not None:
            raise SagaAborted(EnrollmentStatus.cancelled, self._cancel.reason)

    async def _step(
        self, step: str, activity: Any, arg: Any, *, summary: str, local: bool = True
    ) -> Any:
        try:
            return await self._execute(activity, arg, STEP_RETRY, summary, local)
        except STEP_ERRORS as err:
            raise SagaAborted(EnrollmentStatus.failed, failure_reason(step, err)) from None

    async def _until_done(
        self, activity: Any, arg: Any, *, summary: str, local: bool = True
    ) -> Any:
        return await self._execute(activity, arg, UNTIL_DONE_RETRY, summary, local)

    async def _execute(
        self, activity: Any, arg: Any, retry: RetryPolicy, summary: str, local: bool
    ) -> Any:
        """A database step (``local``) as a local activity in runs with the patch, else as an
        activity. A local activity shows in the UI as a marker with its summary, not as a
        scheduled activity with pending attempts (see docs/operations.md)."""
        if local and self._local_db_steps:
            return await workflow.execute_local_activity_method(
                activity,
                arg,
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=retry,
                summary=summary,
            )
        return await workflow.execute_activity_method(
            activity,
            arg,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=retry,
            summary=summary,
        )

    # --- seat and waitlist --------------------------------------------------------------
    def _seat(self) -> SeatInput:
        return SeatInput(enrollment_id=self._input.enrollment_id, course_id=self._input.course_id)

    async def _take_seat(self) -> None:
        workflow.set_current_details("reserving a seat")
        self._compensations.append(self._release_seat)
        seat: SeatResult = await self._step(
            "seat", SeatActivities.reserve_seat, self._seat(), summary="reserve seat"
        )
        if not seat.reserved:
            await self._wait_on_waitlist(seat.waitlist_position)

    async def _wait_on_waitlist(self, position: int | None) -> None:
        deadline = workflow.now() + timedelta(seconds=self._input.waitlist_deadline_s)
        self._position = position
        self._show_status(EnrollmentStatus.waitlisted)  # reserve_seat wrote it to the row
        while True:
            workflow.set_current_details(f"waitlisted at position {self._position}")
            if not await self._wait_for_seat_or_cancel(deadline):
                if await self._leave_waitlist():
                    break
                raise SagaAborted(EnrollmentStatus.failed, "waitlist_expired")
            if self._cancel is not None:
                await self._leave_waitlist()  # a seat handed over meanwhile is released later
                self._raise_if_cancelled()
            self._seat_granted = False
            seat: SeatResult = await self._step(
                "seat", SeatActivities.reserve_seat, self._seat(), summary="claim handed-over seat"
            )
            if seat.reserved:
                break
            self._position = seat.waitlist_position
        self._position = None
        await self._set_status(EnrollmentStatus.pending)

    async def _wait_for_seat_or_cancel(self, deadline: datetime) -> bool:
        remaining = (deadline - workflow.now()).total_seconds()
        if remaining <= 0:
            return False
        try:
            await workflow.wait_condition(
                lambda: self._seat_granted or self._cancel is not None, timeout=remaining
            )
        except TimeoutError:
            return False
        return True

    async def _leave_waitlist(self) -> bool:
        left = await self._until_done(
            SeatActivities.leave_waitlist, self._seat(), summary="leave waitlist"
        )
        return bool(left.seat_granted)

    async def _release_seat(self) -> None:
        workflow.set_current_details("releasing the seat")
        result = await self._until_done(
            SeatActivities.release_seat, self._seat(), summary="release seat"
        )
        for promoted in result.promoted:
            if promoted.enrollment_id == self._input.enrollment_id:
                continue
            handle = workflow.get_external_workflow_handle(promoted.workflow_id)
            try:
                await handle.signal(SEAT_GRANTED_SIGNAL)
            except Exception as exc:  # closed or gone: its own deadline check picks it up
                workflow.logger.warning(
                    "enrollment.promotion_signal_failed workflow_id=%s error=%s",
                    promoted.workflow_id,
                    exc,
                )

    # --- payment and progress -----------------------------------------------------------
    async def _charge(self, course: EligibilityResult) -> None:
        # Eligibility refused a priced course without a token; "" only reaches the gateway
        # (as a declined, invalid token) for a run that passed eligibility before that rule.
        token = self._input.payment_token or ""
        amount = money(course.price_cents, course.currency)
        workflow.set_current_details(f"charging {amount}")
        self._compensations.append(self._refund)
        record = await self._step(
            "payment",
            PaymentActivities.charge_payment,
            ChargeInput(
                enrollment_id=self._input.enrollment_id,
                amount_cents=course.price_cents,
                currency=course.currency,
                token=token,
            ),
            summary=f"charge {amount}, {token}",
            local=False,  # the payment gateway: an activity of its own
        )
        self._charged = record.amount_cents

    async def _refund(self) -> None:
        assert self._course is not None
        amount = money(self._course.price_cents, self._course.currency)
        workflow.set_current_details(f"refunding {amount}")
        record = await self._until_done(
            PaymentActivities.refund_payment,
            RefundInput(
                enrollment_id=self._input.enrollment_id, amount_cents=self._course.price_cents
            ),
            summary=f"refund {amount}",
            local=False,  # the payment gateway: an activity of its own
        )
        if record is not None:
            self._refunded = record.amount_cents

    def _progress(self) -> ProgressInput:
        return ProgressInput(
            enrollment_id=self._input.enrollment_id, course_id=self._input.course_id
        )

    async def _init_progress(self) -> None:
        workflow.set_current_details("initialising progress")
        self._compensations.append(self._remove_progress)
        await self._step(
            "progress",
            LearningActivities.init_progress,
            self._progress(),
            summary="initialise progress",
        )

    async def _remove_progress(self) -> None:
        await self._until_done(
            LearningActivities.remove_progress, self._progress(), summary="remove progress"
        )

    # --- after activation ---------------------------------------------------------------
    async def _stay_enrolled(self) -> None:
        workflow.set_current_details("active: waiting for completion or cancellation")
        await workflow.wait_condition(lambda: self._completed or self._cancel is not None)
        if self._completed:
            await self._set_status(EnrollmentStatus.completed)
            return
        assert self._cancel is not None
        reason = await self._cancel_active(self._cancel.reason)
        await self._notify(EnrollmentStatus.cancelled, reason)
        await self._set_status(EnrollmentStatus.cancelled, reason)

    async def _cancel_active(self, why: str) -> str:
        course = self._course
        assert course is not None and self._activated_at is not None
        reason = why
        if self._charged:
            end = refund_window_end(
                self._activated_at, course.starts_at, self._input.refund_window_days
            )
            if workflow.now() <= end:
                await self._refund()
                reason = f"{why}: refunded {money(self._refunded, course.currency)}"
            else:
                reason = f"{why}: no refund, the refund window ended {end.isoformat()}"
        await self._release_seat()
        return reason

    # --- status and notifications -------------------------------------------------------
    async def _set_status(
        self, status: EnrollmentStatus, reason: str | None = None
    ) -> RecordStatusResult:
        result: RecordStatusResult = await self._until_done(
            EnrollmentActivities.record_status,
            RecordStatusInput(
                enrollment_id=self._input.enrollment_id,
                status=status,
                reason=reason,
                at=workflow.now(),
            ),
            summary=f"status {status.value}" + (f": {reason}" if reason else ""),
        )
        self._show_status(status, reason)
        return result

    def _show_status(self, status: EnrollmentStatus, reason: str | None = None) -> None:
        """To the query, the update answers and the search attribute (after the row)."""
        self._status, self._reason = status, reason
        workflow.upsert_search_attributes([ENROLLMENT_STATUS.value_set(status.value)])

    async def _notify(self, status: EnrollmentStatus, body: str) -> None:
        """Before a final status is written, so the run closes right after it is visible."""
        kind = f"enrollment.{status.value}"
        title = self._course.course_title if self._course else "a course"
        try:
            await workflow.execute_activity_method(
                NotificationActivities.notify_user,
                NotifyUserInput(
                    user_id=self._input.student_id,
                    kind=kind,
                    subject=f"Enrollment in {title}: {status.value}"[:300],
                    body=body,
                    dedupe_key=f"{kind}:{self._input.enrollment_id}",
                ),
                start_to_close_timeout=NOTIFY_TIMEOUT,
                retry_policy=NOTIFY_RETRY,
                summary=f"notify {kind}",
            )
        except ActivityError as err:
            workflow.logger.warning("enrollment.notify_failed kind=%s error=%s", kind, err.cause)
