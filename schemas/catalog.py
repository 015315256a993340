"""Catalogue API bodies: courses with modules, lessons, sections and quizzes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

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
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    position: int
    title: str
    body_markdown: str
    required: bool
    revision: int


class LessonOut(BaseModel):
    id: uuid.UUID
    position: int
    title: str
    objectives: list[str]
    estimated_minutes: int
    status: LessonStatus
    revision: int
    quality_findings: list[str] | None = None
    sections: list[SectionOut]
    questions: list[QuizQuestionOut]


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
    pass_mark: int | None
    generation_id: uuid.UUID | None
    prerequisite_ids: list[uuid.UUID]
    quality_findings: list[Any] | None = None
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
