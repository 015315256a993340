"""The learning domain's rules, a package of the domain's name:

- ``progress``: posting progress, the learner's and the instructor's views, the progress rows
  an enrollment starts with (the roll-up rules are in ``db.queries.learning.progress``);
- ``quizzes``: grading quiz attempts;
- ``completion``: the completion workflow's start, marking completed, certificates;
- ``events``: the xAPI export of learning events.

Import the names from here.
"""

from services.learning.completion import (
    EnrollmentNotCompleted,
    EnrollmentNotFound,
    add_certificate,
    certificate_of,
    certificate_result,
    mark_completed,
    new_verification_code,
    start_completion,
)
from services.learning.events import (
    decode_cursor,
    encode_cursor,
    export_learning_events,
    xapi_statement,
)
from services.learning.progress import (
    CourseHasNoContent,
    EnrollmentNotActive,
    KeyReused,
    NotEnrolled,
    SectionNotFound,
    course_learners,
    enrollment_for_write,
    init_progress,
    lesson_out,
    my_progress,
    post_progress,
    remove_progress,
)
from services.learning.quizzes import (
    LessonNotFound,
    NoQuiz,
    grade,
    percent_score,
    submit_quiz_attempt,
)

__all__ = [
    "CourseHasNoContent",
    "EnrollmentNotActive",
    "EnrollmentNotCompleted",
    "EnrollmentNotFound",
    "KeyReused",
    "LessonNotFound",
    "NoQuiz",
    "NotEnrolled",
    "SectionNotFound",
    "add_certificate",
    "certificate_of",
    "certificate_result",
    "course_learners",
    "decode_cursor",
    "encode_cursor",
    "enrollment_for_write",
    "export_learning_events",
    "grade",
    "init_progress",
    "lesson_out",
    "mark_completed",
    "my_progress",
    "new_verification_code",
    "percent_score",
    "post_progress",
    "remove_progress",
    "start_completion",
    "submit_quiz_attempt",
    "xapi_statement",
]
