"""The generation domain's rules, too many for one module, so a package of the domain's name:

- ``runs``: starting, reviewing and cancelling runs, the rate limit (the API's and CLI's door);
- ``progress``: reading runs (projection, live progress, the progress stream);
- ``drafting``: a run's writes (projection, outline, draft course, lesson content, publish);
- ``calls``: what the model calls read (screened requests, lesson context) and store;
- ``quality`` (with ``quiz_checks`` and ``text``): the deterministic checks of lessons and
  courses;
- ``judge``: the judge's call per lesson: what it reads, its quotes verified, its findings;
- ``review``: the review queue of findings, accepting a finding, publishing past the gate;
- ``usage``: the cost ledger of model calls and the budget.

Import the names from here.
"""

from services.generation.calls import (
    LessonContext,
    LessonNotFound,
    PromptInjection,
    lesson_context,
    outline_request,
    screen,
    screen_instructions,
    write_lesson,
)
from services.generation.drafting import (
    CourseMissing,
    GenerationNotFound,
    NotACourseGeneration,
    OutlineMissing,
    check_quality,
    content_hash,
    create_draft,
    find_draft,
    finish,
    generation_row,
    mark_stage,
    publish,
    record_stage,
    store_outline,
    write_lesson_content,
)
from services.generation.judge import JudgeContext, judge_context, store_verdict
from services.generation.progress import (
    ProgressEvent,
    RunView,
    current_item,
    live_progress,
    progress,
    progress_events,
    projection,
    read_run,
    run_result,
    visible_run,
)
from services.generation.quality import QualityRules, course_report, lesson_findings, rules_from
from services.generation.review import (
    FindingNotFound,
    FindingsOpen,
    accept_finding,
    publish_reviewed,
    review_queue,
)
from services.generation.runs import (
    CourseClosed,
    LessonNotInCourse,
    LessonNotWritten,
    LessonRegeneration,
    ReviewRefused,
    RunEnded,
    RunNotAwaitingReview,
    UnknownPrerequisites,
    WorkflowServiceUnavailable,
    cancel_run,
    check_rate_limit,
    create_course_generation,
    generation_limits,
    regenerate_lesson,
    review_run,
    start_course_generation,
    start_course_generation_workflow,
)
from services.generation.usage import (
    BudgetExceeded,
    CallSite,
    check_budget,
    failed_call_row,
    image_cost_usd,
    image_row,
    ledger_row,
)

__all__ = [
    "BudgetExceeded",
    "CallSite",
    "CourseClosed",
    "CourseMissing",
    "FindingNotFound",
    "FindingsOpen",
    "GenerationNotFound",
    "JudgeContext",
    "LessonContext",
    "LessonNotFound",
    "LessonNotInCourse",
    "LessonNotWritten",
    "LessonRegeneration",
    "NotACourseGeneration",
    "OutlineMissing",
    "ProgressEvent",
    "PromptInjection",
    "QualityRules",
    "ReviewRefused",
    "RunEnded",
    "RunNotAwaitingReview",
    "RunView",
    "UnknownPrerequisites",
    "WorkflowServiceUnavailable",
    "accept_finding",
    "cancel_run",
    "check_budget",
    "check_quality",
    "check_rate_limit",
    "content_hash",
    "course_report",
    "create_course_generation",
    "create_draft",
    "current_item",
    "failed_call_row",
    "find_draft",
    "finish",
    "generation_limits",
    "generation_row",
    "image_cost_usd",
    "image_row",
    "judge_context",
    "ledger_row",
    "lesson_context",
    "lesson_findings",
    "live_progress",
    "mark_stage",
    "outline_request",
    "progress",
    "progress_events",
    "projection",
    "publish",
    "publish_reviewed",
    "read_run",
    "record_stage",
    "regenerate_lesson",
    "review_queue",
    "review_run",
    "rules_from",
    "run_result",
    "screen",
    "screen_instructions",
    "start_course_generation",
    "start_course_generation_workflow",
    "store_outline",
    "store_verdict",
    "visible_run",
    "write_lesson",
    "write_lesson_content",
]
