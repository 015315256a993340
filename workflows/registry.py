"""``ALL_WORKFLOWS``: what the worker registers (and the replay tests replay)."""

from __future__ import annotations

from typing import Any

from workflows.enrollment import EnrollmentWorkflow
from workflows.generation import CourseGenerationWorkflow, LessonRegenerationWorkflow
from workflows.learning import (
    CourseCompletionWorkflow,
    CourseExportWorkflow,
    ReengagementWorkflow,
)
from workflows.reports import WeeklyReportWorkflow

ALL_WORKFLOWS: list[type[Any]] = [
    EnrollmentWorkflow,
    CourseCompletionWorkflow,
    WeeklyReportWorkflow,
    CourseGenerationWorkflow,
    LessonRegenerationWorkflow,
    ReengagementWorkflow,
    CourseExportWorkflow,
]
