"""Catalogue API bodies: courses with modules, lessons, sections and quizzes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

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


# --- authoring (PATCH) --------------------------------------------------------------------
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_screened),
]  # fmt: skip
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000),
    AfterValidator(_screened),
]  # fmt: skip
Option = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(_screened),
]  # fmt: skip


class _Patch(BaseModel):
    """A partial update: only the fields sent change; at least one must be sent."""

    model_config = ConfigDict(extra="forbid")

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        return self


class CoursePatch(_Patch):
    """Course metadata. Progression settings: ``PATCH /courses/{id}/progression``."""

    title: Title | None = None
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=10, max_length=4000),
        AfterValidator(_screened),
    ] | None = None  # fmt: skip
    audience: (
        Annotated[str, StringConstraints(max_length=500), AfterValidator(_screened)] | None
    ) = None
    difficulty: Difficulty | None = None
    price_cents: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    capacity: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    enrollment_opens_at: datetime | None = None
    enrollment_closes_at: datetime | None = None
    starts_at: datetime | None = None
    prerequisite_ids: Annotated[list[uuid.UUID], Field(max_length=20)] | None = None


class LessonPatch(_Patch):
    title: Title | None = None
    objectives: Annotated[list[Title], Field(min_length=1, max_length=12)] | None = None
    estimated_minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    free_preview: bool | None = None


class SectionPatch(_Patch):
    title: Title | None = None
    body_markdown: LongText | None = None
    required: bool | None = None


class QuizQuestionPatch(_Patch):
    prompt: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
        AfterValidator(_screened),
    ] | None = None  # fmt: skip
    options: Annotated[list[Option], Field(min_length=2, max_length=6)] | None = None
    answer_index: Annotated[int, Field(ge=0, le=5)] | None = None
    explanation: Annotated[str, StringConstraints(max_length=4000), AfterValidator(_screened)] | (
        None
    ) = None
    section_id: uuid.UUID | None = None


class AuthoredCourse(CourseSummary):
    """A course after an edit: its revision counts every content change."""

    revision: int
    audience: str | None
    enrollment_opens_at: datetime | None
    enrollment_closes_at: datetime | None
    starts_at: datetime | None
    prerequisite_ids: list[uuid.UUID]


class AuthoredQuestion(QuizQuestionOut):
    lesson_id: uuid.UUID
    lesson_revision: int
