"""Names shared by workflows, the worker, the API and the operators' docs."""

from temporalio.common import SearchAttributeKey

COURSE_ID = SearchAttributeKey.for_keyword("CourseId")
STUDENT_ID = SearchAttributeKey.for_keyword("StudentId")
STAGE = SearchAttributeKey.for_keyword("Stage")
ENROLLMENT_STATUS = SearchAttributeKey.for_keyword("EnrollmentStatus")
REPORT_WEEK = SearchAttributeKey.for_keyword("ReportWeek")

SEARCH_ATTRIBUTES = (COURSE_ID, STUDENT_ID, STAGE, ENROLLMENT_STATUS, REPORT_WEEK)


def generation_workflow_id(generation_id: object) -> str:
    return f"course-gen-{generation_id}"


def enrollment_workflow_id(course_id: object, student_id: object) -> str:
    return f"enroll-{course_id}-{student_id}"


def completion_workflow_id(enrollment_id: object) -> str:
    return f"completion-{enrollment_id}"


def report_workflow_id(week: str) -> str:
    return f"weekly-report-{week}"


def course_export_workflow_id(course_id: object, export_id: object) -> str:
    return f"course-export-{course_id}-{export_id}"
