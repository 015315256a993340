"""Services start, signal, update and query workflows by the names kept in ``schemas`` (not by
importing the classes: that would close a services -> workflows -> activities -> services
cycle). Each name must be the one the workflow defines, or a start fails at run time."""

from __future__ import annotations

from typing import Any

import pytest
from temporalio import workflow

from schemas import enrollment, generation, learning, reports
from workflows.enrollment import EnrollmentWorkflow
from workflows.generation import CourseGenerationWorkflow, LessonRegenerationWorkflow
from workflows.learning import CourseCompletionWorkflow, CourseExportWorkflow
from workflows.reports import WeeklyReportWorkflow

NAMES: list[tuple[type[Any], str, list[str], list[str], list[str]]] = [
    # (class, workflow type, signals, updates, queries) as schemas names them
    (EnrollmentWorkflow, enrollment.ENROLLMENT_WORKFLOW,
     [enrollment.REQUEST_CANCEL_SIGNAL, enrollment.SEAT_GRANTED_SIGNAL,
      enrollment.MARK_COMPLETED_SIGNAL],
     [enrollment.AWAIT_OUTCOME_UPDATE, enrollment.CANCEL_UPDATE], [enrollment.STATUS_QUERY]),
    (CourseGenerationWorkflow, generation.COURSE_GENERATION_WORKFLOW, [],
     [generation.REVIEW_UPDATE], [generation.PROGRESS_QUERY]),
    (LessonRegenerationWorkflow, generation.LESSON_REGENERATION_WORKFLOW, [], [], []),
    (CourseCompletionWorkflow, learning.COMPLETION_WORKFLOW, [learning.COMPLETION_SIGNAL], [], []),
    (WeeklyReportWorkflow, reports.WEEKLY_REPORT_WORKFLOW, [], [], []),
    (CourseExportWorkflow, learning.COURSE_EXPORT_WORKFLOW, [], [], []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("cls", "name", "signals", "updates", "queries"), NAMES, ids=[n[1] for n in NAMES]
)
def test_schema_names_are_the_workflow_definitions(
    cls: type[Any], name: str, signals: list[str], updates: list[str], queries: list[str]
) -> None:
    defn = workflow._Definition.must_from_class(cls)
    assert defn.name == name == cls.__name__  # never renamed: histories carry it
    assert set(signals) <= set(defn.signals)
    assert set(updates) <= set(defn.updates)
    assert set(queries) <= set(defn.queries)
