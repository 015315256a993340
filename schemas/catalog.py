"""Catalogue API bodies: courses with modules, lessons, sections and quizzes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from schemas.enums import CourseStatus, Difficulty, LessonStatus
from schemas.generation import GenerationLinks, find_prompt_injection


def _screened(text: str) -> str:
    if "\x00" in text:
        raise ValueError("contains a NUL character")
    fragment = find_prompt_injection(text)
    if fragment is not None:
        raise ValueError(f"looks like an instruction to override the model ({fragment!r})")
    return text


class QuizQuestionOut(BaseModel):
    """``answer_index`` and ``explanation`` are only shown to the course's author and admins."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    position: int
    prompt: str
    options: list[str]
    section_id: uuid.UUID | None = None
    answer_index: int | None = None
    explanation: str | None = None


class SectionOut(BaseModel):
    """``body_markdown`` is null for a reader who sees only the course's outline."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    position: int
    title: str
    body_markdown: str | None
    required: bool
    revision: int


class ContentAccessOut(BaseModel):
    """What the caller may read of a course (services/learning/access.py decides).

    ``full``: every section body and quiz prompt (its author, admins, learners with an active
    or completed enrollment). ``outline``: titles, objectives and estimated minutes, plus the
    lessons marked as free previews; ``reason`` says why (``not_enrolled``, or
    ``enrollment_<status>`` such as ``enrollment_failed``).
    """

    level: Literal["full", "outline"]
    reason: str


class LessonOut(BaseModel):
    id: uuid.UUID
    position: int
    title: str
    objectives: list[str]
    estimated_minutes: int
    status: LessonStatus
    revision: int
    free_preview: bool = False
    content_visible: bool = Field(
        default=True, description="false: sections without bodies, no quiz questions"
    )
    question_count: int = 0
    quality_findings: list[str] | None = None
    sections: list[SectionOut]
    questions: list[QuizQuestionOut]


class LessonDetail(LessonOut):
    course_id: uuid.UUID
    module_id: uuid.UUID
    access: ContentAccessOut


class SectionDetail(SectionOut):
    course_id: uuid.UUID
    lesson_id: uuid.UUID
    access: ContentAccessOut


class ModuleOut(BaseModel):
    id: uuid.UUID
    position: int
    title: str
    summary: str
    lessons: list[LessonOut]


class CourseSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str
    description: str
    difficulty: Difficulty
    language: str
    status: CourseStatus
    author_id: uuid.UUID
    price_cents: int
    currency: str
    capacity: int | None
    seats_taken: int
    thumbnail_key: str | None
    offline_draft: bool
    published_at: datetime | None
    created_at: datetime


class CourseDetail(CourseSummary):
    audience: str | None
    revision: int
    enrollment_opens_at: datetime | None
    enrollment_closes_at: datetime | None
    starts_at: datetime | None
    pass_mark: int
    generation_id: uuid.UUID | None
    prerequisite_ids: list[uuid.UUID]
    quality_findings: list[Any] | None = None
    access: ContentAccessOut
    modules: list[ModuleOut]


class CoursePage(BaseModel):
    items: list[CourseSummary]
    total: int
    limit: int
    offset: int


class RegenerateLessonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    instructions: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=3, max_length=2000),
        AfterValidator(_screened),
    ]


class RegenerationAccepted(BaseModel):
    generation_id: uuid.UUID
    workflow_id: str
    lesson_id: uuid.UUID
    target_revision: int
    links: GenerationLinks
