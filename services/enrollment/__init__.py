"""The enrollment domain's rules (the saga, seats, the waitlist, the payments ledger), a
package of the domain's name:

- ``eligibility``: who may enroll, the one function every door calls;
- ``enrollments``: enrolling, reading, listing and cancelling (the API's and CLI's door);
- ``saga``: what the saga's activities do (open the enrollment, its status, seats);
- ``payments``: the payments ledger and its idempotency keys.

Import the names from here.
"""

from services.enrollment.eligibility import (
    AlreadyCompleted,
    AlreadyEnrolled,
    CourseNotAvailable,
    CourseNotPublished,
    NotEligible,
    OwnCourse,
    PaymentTokenRequired,
    PrerequisitesMissing,
    StudentNotFound,
    eligibility_problems,
)
from services.enrollment.enrollments import (
    Cancellation,
    CourseNotFound,
    Enrolled,
    EnrollingOthers,
    EnrollmentFailed,
    EnrollmentNotFound,
    EnrollmentRefused,
    NotCancellable,
    PaymentDeclined,
    SagaUnavailable,
    cancel,
    enroll,
    enrollment_out,
    my_enrollments,
    read_enrollment,
    student_to_enroll,
    visible_enrollment,
)
from services.enrollment.payments import (
    PaymentConflict,
    charge_key,
    find_payment,
    payment_record,
    record_payment,
    refund_key,
    refundable,
)
from services.enrollment.saga import (
    EnrollmentMissing,
    Opened,
    WaitlistContention,
    leave_waitlist,
    open_enrollment,
    record_status,
    release_seat,
    reserve_seat,
)

__all__ = [
    "AlreadyCompleted",
    "AlreadyEnrolled",
    "Cancellation",
    "CourseNotAvailable",
    "CourseNotFound",
    "CourseNotPublished",
    "Enrolled",
    "EnrollingOthers",
    "EnrollmentFailed",
    "EnrollmentMissing",
    "EnrollmentNotFound",
    "EnrollmentRefused",
    "NotCancellable",
    "NotEligible",
    "Opened",
    "OwnCourse",
    "PaymentConflict",
    "PaymentDeclined",
    "PaymentTokenRequired",
    "PrerequisitesMissing",
    "SagaUnavailable",
    "StudentNotFound",
    "WaitlistContention",
    "cancel",
    "charge_key",
    "eligibility_problems",
    "enroll",
    "enrollment_out",
    "find_payment",
    "leave_waitlist",
    "my_enrollments",
    "open_enrollment",
    "payment_record",
    "read_enrollment",
    "record_payment",
    "record_status",
    "refund_key",
    "refundable",
    "release_seat",
    "reserve_seat",
    "student_to_enroll",
    "visible_enrollment",
]
