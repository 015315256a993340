"""The learning domain's rules, a package of the domain's name:

- ``access``: the one content-access rule (who reads section bodies and quiz prompts) and
  the routes' reads of a course, lesson, section and quiz through it;
- ``progression``: when a lesson is open and complete (order, prerequisites, mastery,
  minimum engagement), the completion rule, ``Blocked`` (409 with ``blocking_reason``);
- ``rules``: a course's progression settings, read and changed by its author;
- ``quiz_policy``: attempt limit, cool-down, what feedback reveals, review mode;
- ``next_step``: the learner's next step and the time remaining at their pace;
- ``progress``: posting progress, the learner's and the instructor's views and totals, the
  progress rows an enrollment starts with (the roll-up rules are in
  ``db.queries.learning.progress``);
- ``quizzes``: grading quiz attempts;
- ``completion``: the completion workflow's start, marking completed, certificates;
- ``events``: the xAPI export of learning events;
- ``achievements``: definitions as data, evaluation in the earning transaction, the
  learner's earned and next-to-earn;
- ``streaks``: learning days in the learner's time zone, current and longest streak;
- ``certificates``: the holder's list, the PDF, public verification;
- ``reengagement``: the daily reminders (streak at risk, idle learners), once per day;
- ``media``: course thumbnails under the outline's access rule;
- ``exports``: the course as an IMS Common Cartridge 1.3 package (built by a workflow,
  stored in object storage) for its managers; ``cartridge`` builds the package.

Import the names from here.
"""

from services.learning.access import (
    ContentLocked,
    ContentNotFound,
    content_access,
    read_course,
    read_lesson,
    read_quiz,
    read_section,
    require_content,
)
from services.learning.achievements import (
    AchievementCodeTaken,
    AchievementNotFound,
    create_definition,
    evaluate,
    list_definitions,
    my_achievements,
    update_definition,
)
from services.learning.certificates import (
    CertificateNotFound,
    VerificationNotFound,
    certificate_pdf,
    my_certificates,
    render_pdf,
    verify_certificate,
)
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
    record_course_completed,
    record_earned,
    record_registered,
    xapi_statement,
)
from services.learning.exports import (
    Download,
    ExportCourseGone,
    ExportExpired,
    ExportForbidden,
    ExportNotFound,
    build_and_store,
    download_export,
    export_status,
    exporting_user,
    list_exports,
    start_export,
    wait_for_export,
)
from services.learning.media import Media, ThumbnailNotFound, course_thumbnail
from services.learning.next_step import my_next_step
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
    progress_totals,
    remove_progress,
)
from services.learning.progression import Blocked, completion_rule_met
from services.learning.quiz_policy import QuizNotInEnrollment, reset_attempts
from services.learning.quizzes import (
    LessonNotFound,
    NoQuiz,
    grade,
    percent_score,
    submit_quiz_attempt,
)
from services.learning.reengagement import (
    Outgoing,
    apply_reengagement_schedule,
    ensure_reengagement_schedule,
    reengagement_schedule,
    remind_page,
)
from services.learning.rules import progression_settings, update_progression
from services.learning.streaks import Streak, learner_streak, learning_days, streak_of

__all__ = [
    "AchievementCodeTaken",
    "AchievementNotFound",
    "Blocked",
    "CertificateNotFound",
    "ContentLocked",
    "ContentNotFound",
    "CourseHasNoContent",
    "Download",
    "EnrollmentNotActive",
    "EnrollmentNotCompleted",
    "EnrollmentNotFound",
    "ExportCourseGone",
    "ExportExpired",
    "ExportForbidden",
    "ExportNotFound",
    "KeyReused",
    "LessonNotFound",
    "Media",
    "NoQuiz",
    "NotEnrolled",
    "Outgoing",
    "QuizNotInEnrollment",
    "SectionNotFound",
    "Streak",
    "ThumbnailNotFound",
    "VerificationNotFound",
    "add_certificate",
    "apply_reengagement_schedule",
    "build_and_store",
    "certificate_of",
    "certificate_pdf",
    "certificate_result",
    "completion_rule_met",
    "content_access",
    "course_learners",
    "course_thumbnail",
    "create_definition",
    "decode_cursor",
    "download_export",
    "encode_cursor",
    "enrollment_for_write",
    "ensure_reengagement_schedule",
    "evaluate",
    "export_learning_events",
    "export_status",
    "exporting_user",
    "grade",
    "init_progress",
    "learner_streak",
    "learning_days",
    "lesson_out",
    "list_definitions",
    "list_exports",
    "mark_completed",
    "my_achievements",
    "my_certificates",
    "my_next_step",
    "my_progress",
    "new_verification_code",
    "percent_score",
    "post_progress",
    "progress_totals",
    "progression_settings",
    "read_course",
    "read_lesson",
    "read_quiz",
    "read_section",
    "record_course_completed",
    "record_earned",
    "record_registered",
    "reengagement_schedule",
    "remind_page",
    "remove_progress",
    "render_pdf",
    "require_content",
    "reset_attempts",
    "start_completion",
    "start_export",
    "streak_of",
    "submit_quiz_attempt",
    "update_definition",
    "update_progression",
    "verify_certificate",
    "wait_for_export",
    "xapi_statement",
]
