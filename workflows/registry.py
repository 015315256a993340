"""``ALL_WORKFLOWS``: what the worker registers (and the replay tests replay)."""

from __future__ import annotations

from typing import Any

from workflows.completion import CourseCompletionWorkflow
from workflows.course_generation import CourseGenerationWorkflow, LessonRegenerationWorkflow
from workflows.enrollment import EnrollmentWorkflow
from workflows.weekly_report import WeeklyReportWorkflow

ALL_WORKFLOWS: list[type[Any]] = [
    EnrollmentWorkflow,
    CourseCompletionWorkflow,
    WeeklyReportWorkflow,
    CourseGenerationWorkflow,
    LessonRegenerationWorkflow,
]
