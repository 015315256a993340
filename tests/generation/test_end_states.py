"""How runs end short of publishing: the partial course never stays a ``draft``; and paid
image calls are in the cost ledger and count toward the budget."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.client import WorkflowFailureError

from db.models import AIGeneration, Course
from schemas.enums import CourseStatus, GenerationStatus
from tests.generation.conftest import HarnessFactory


async def _courses(h: Any, generation_id: uuid.UUID) -> list[Course]:
    async with h.deps.sessionmaker() as session:
        return list(
            await session.scalars(select(Course).where(Course.generation_id == generation_id))
        )


async def _ledger(h: Any, generation_id: uuid.UUID) -> list[AIGeneration]:
    async with h.deps.sessionmaker() as session:
        return list(
            await session.scalars(
                select(AIGeneration).where(AIGeneration.generation_id == generation_id)
            )
        )


async def test_a_failed_run_cancels_its_partial_course(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    h.fake.script("lesson", "status", status=400, match="part 1.2")  # rejected for good
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    with pytest.raises(WorkflowFailureError):
        await handle.result()
    assert (await h.generation(row.id)).status == GenerationStatus.failed
    (course,) = await _courses(h, row.id)
    assert course.status == CourseStatus.cancelled


async def test_a_run_with_lessons_still_invalid_cancels_its_partial_course(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai", outline_repair_attempts=1)
    h.fake.script("lesson", "deep", times=2, match="part 1.1")
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    with pytest.raises(WorkflowFailureError) as failed:
        await handle.result()
    assert "nests too deeply" in str(failed.value.cause)
    (course,) = await _courses(h, row.id)
    assert course.status == CourseStatus.cancelled
    invalid = [r for r in await _ledger(h, row.id) if r.status == "invalid"]
    assert len(invalid) == 2  # both tries are in the ledger


async def test_a_budget_stopped_run_cancels_its_partial_course(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(
        sqlite_session_url, "openai", generation_budget_usd="0.0000001", max_parallel_llm_calls=1
    )
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    assert (await handle.result()).status == GenerationStatus.budget_exceeded
    courses = await _courses(h, row.id)
    assert all(c.status == CourseStatus.cancelled for c in courses)


async def test_a_paid_thumbnail_is_in_the_ledger_and_the_budget(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    """The image costs more than the whole budget: the run stops, its draft is cancelled."""
    h = await make_harness(
        sqlite_session_url, "openai", openai_image_model="gpt-image-1",
        generation_budget_usd="0.01", max_parallel_llm_calls=1,
    )  # fmt: skip
    h.fake.hold("outline")  # the thumbnail (drawn beside the outline) is paid for first
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    await h.wait_for(lambda: _has_thumbnail_row(h, row.id))
    h.fake.release_all()
    result = await handle.result()

    assert result.status == GenerationStatus.budget_exceeded
    (image,) = [r for r in await _ledger(h, row.id) if r.stage == "thumbnail"]
    assert (image.provider, image.model, image.status) == ("openai", "gpt-image-1", "ok")
    assert image.cost_usd == Decimal("0.063")
    assert h.fake.of_kind("lesson") == []
    assert all(c.status == CourseStatus.cancelled for c in await _courses(h, row.id))


async def _has_thumbnail_row(h: Any, generation_id: uuid.UUID) -> bool:
    return any(r.stage == "thumbnail" for r in await _ledger(h, generation_id))


async def test_a_failed_image_call_has_its_ledger_row(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai", openai_image_model="gpt-image-1")
    h.fake.image_errors.append(500)
    row, handle = await h.start(module_count=1, lessons_per_module=1)
    assert (await handle.result()).course_status == "published"
    images = sorted(
        (r for r in await _ledger(h, row.id) if r.stage == "thumbnail"), key=lambda r: r.call_key
    )
    assert [(r.status, r.cost_usd) for r in images] == [
        ("failed", Decimal(0)),
        ("ok", Decimal("0.063")),
    ]
