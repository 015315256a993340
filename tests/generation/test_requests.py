"""Typed generation requests: one model per kind of run, stored and read as that model, and
rows written before ``kind`` existed still read."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import JSON, bindparam, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import CourseGeneration
from db.session import transaction
from schemas.enums import Difficulty, GenerationStage, GenerationStatus, Role
from schemas.generation import (
    GENERATION_REQUEST,
    CourseGenerationRequest,
    CourseGenerationRun,
    LessonRegenerationRun,
)
from tests.factories import create_user

COURSE_ROW = {  # a course generation's request as the API stored it before ``kind``
    "title": "Statistics",
    "description": "Means and spreads for beginners.",
    "audience": None,
    "difficulty": "intermediate",
    "language": "en",
    "module_count": 2,
    "lessons_per_module": 3,
    "learning_objectives": ["Compute a mean"],
    "review": False,
    "price_cents": 0,
    "currency": "USD",
    "capacity": None,
    "enrollment_opens_at": None,
    "enrollment_closes_at": None,
    "prerequisite_ids": [],
}
LESSON_ID = uuid.uuid4()
OLD_REGENERATIONS = [
    pytest.param(  # the original course's whole request copied in
        {
            "kind": "lesson_regeneration",
            "lesson_id": str(LESSON_ID),
            "instructions": "More",
            "course_request": COURSE_ROW,
        },
        id="with-the-course-request",
    ),
    pytest.param(  # a course made by hand: the course's own fields
        {
            "kind": "lesson_regeneration",
            "lesson_id": str(LESSON_ID),
            "instructions": "More",
            "course_request": {
                "title": "Statistics",
                "description": "Means and spreads.",
                "audience": None,
                "difficulty": "intermediate",
                "language": "en",
                "learning_objectives": [],
            },
        },
        id="with-the-course-fields",
    ),
]


def test_a_row_without_kind_reads_as_a_course_generation() -> None:
    run = GENERATION_REQUEST.validate_python(COURSE_ROW)
    assert isinstance(run, CourseGenerationRun)
    assert run.planned_lessons == 6
    assert run.brief().difficulty is Difficulty.intermediate
    assert run.brief().learning_objectives == ["Compute a mean"]


@pytest.mark.parametrize("stored", OLD_REGENERATIONS)
def test_old_lesson_regeneration_rows_read_as_their_model(stored: dict[str, object]) -> None:
    run = GENERATION_REQUEST.validate_python(stored)
    assert isinstance(run, LessonRegenerationRun)
    assert run.lesson_id == LESSON_ID and run.instructions == "More"
    assert run.brief().title == "Statistics" and run.planned_lessons == 0


def test_every_field_of_the_api_request_is_kept_on_the_row() -> None:
    """The stored model must not drop what the API accepted."""
    assert set(CourseGenerationRequest.model_fields) <= set(CourseGenerationRun.model_fields)
    body = CourseGenerationRequest(
        title="Statistics", description="Means and spreads for beginners.", module_count=2,
        price_cents=900, currency="EUR", capacity=5, prerequisite_ids=[uuid.uuid4()],
    )  # fmt: skip
    stored = CourseGenerationRun.of(body)
    assert stored.model_dump(exclude={"kind"}) == body.model_dump()


async def test_the_column_stores_kind_and_reads_back_the_model(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    table = CourseGeneration.__table__
    requests = {
        "course": CourseGenerationRun.model_validate(COURSE_ROW),
        "lesson": LessonRegenerationRun.model_validate(OLD_REGENERATIONS[0].values[0]),
        "legacy": CourseGenerationRun.model_validate(COURSE_ROW),
    }
    ids = {name: uuid.uuid4() for name in requests}
    async with transaction(sessionmaker) as session:
        user = await create_user(session, Role.instructor)
        for name, request in requests.items():
            session.add(
                CourseGeneration(
                    id=ids[name], requested_by=user.id, workflow_id=f"t-{ids[name]}",
                    request=request, status=GenerationStatus.running,
                    stage=GenerationStage.queued,
                )
            )  # fmt: skip
        await session.flush()
        # As an earlier version wrote it: plain JSON, no ``kind``.
        await session.execute(
            update(table)
            .where(table.c.id == ids["legacy"])
            .values(request=bindparam("old", COURSE_ROW, type_=JSON))
        )
    async with sessionmaker() as session:
        raw = dict(
            (
                await session.execute(
                    select(table.c.id, type_coerce(table.c.request, JSON)).where(
                        table.c.id.in_(list(ids.values()))
                    )
                )
            ).all()
        )
        stored = {name: await session.get(CourseGeneration, i) for name, i in ids.items()}
    assert raw[ids["course"]]["kind"] == "course_generation"
    assert raw[ids["lesson"]]["kind"] == "lesson_regeneration"
    assert "kind" not in raw[ids["legacy"]]
    assert isinstance(stored["course"].request, CourseGenerationRun)
    assert isinstance(stored["lesson"].request, LessonRegenerationRun)
    assert isinstance(stored["legacy"].request, CourseGenerationRun)
    assert stored["legacy"].request.planned_lessons == 6
