"""Model replies through the real SDKs against the fake server: the structured-output schema
is sent, hostile replies (deep nesting, oversized, markup that sanitising empties) are
repaired and never published, and every call — failed ones too — has its ledger row."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.models import AIGeneration, Course, Lesson, Module
from schemas.enums import CourseStatus, GenerationStatus
from tests.factories import auth_headers
from tests.generation.conftest import HarnessFactory


async def _ledger(h: Any, generation_id: uuid.UUID) -> list[AIGeneration]:
    async with h.deps.sessionmaker() as session:
        rows = await session.scalars(
            select(AIGeneration)
            .where(AIGeneration.generation_id == generation_id)
            .order_by(AIGeneration.created_at)
        )
        return list(rows)


async def _course(h: Any, generation_id: uuid.UUID) -> Course:
    async with h.deps.sessionmaker() as session:
        course = await session.scalar(
            select(Course)
            .where(Course.generation_id == generation_id)
            .options(
                selectinload(Course.modules)
                .selectinload(Module.lessons)
                .selectinload(Lesson.sections)
            )
        )
        assert course is not None
        return course


def _closed(schema: Any) -> list[str]:
    """Paths of objects in a JSON schema that are not strict (open or partly required)."""
    bad: list[str] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object":
                props = list(node.get("properties", {}))
                if node.get("additionalProperties") is not False or node["required"] != props:
                    bad.append(path)
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}/{i}")

    walk(schema, "")
    return bad


async def test_openai_calls_send_a_strict_json_schema(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    _, handle = await h.start(module_count=1, lessons_per_module=2)
    assert (await handle.result()).status == GenerationStatus.completed

    for kind, name, required in [
        ("outline", "course_outline", ["title", "summary", "modules"]),
        ("lesson", "lesson", ["sections", "quiz"]),
        ("judge", "lesson_verdict", ["objectives", "questions"]),
    ]:
        sent = h.fake.of_kind(kind)[0].request["response_format"]
        assert sent["type"] == "json_schema"
        assert sent["json_schema"]["name"] == name and sent["json_schema"]["strict"] is True
        schema = sent["json_schema"]["schema"]
        assert schema["required"] == required
        assert _closed(schema) == []  # every nested object closed and fully required


async def test_anthropic_calls_force_a_tool_with_the_schema(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "anthropic")
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    result = await handle.result()
    assert result.course_status == "published"

    for kind, name in [
        ("outline", "course_outline"),
        ("lesson", "lesson"),
        ("judge", "lesson_verdict"),
    ]:
        sent = h.fake.of_kind(kind)[0].request
        assert sent["tool_choice"] == {"type": "tool", "name": name}
        (tool,) = sent["tools"]
        assert tool["name"] == name and _closed(tool["input_schema"]) == []
    # The answers came back as tool_use blocks and were parsed from there: no repairs.
    assert not any(r.repair for r in h.fake.requests)
    assert all(r.status == "ok" for r in await _ledger(h, row.id))


async def test_structured_outputs_can_be_turned_off_for_compatible_servers(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai", llm_structured_outputs=False)
    _, handle = await h.start(module_count=1, lessons_per_module=1)
    assert (await handle.result()).course_status == "published"
    assert all("response_format" not in r.request for r in h.fake.requests)


WHY = {"deep": "nests too deeply", "oversized": "too long", "markup_emptied": "modules.0.title"}


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
@pytest.mark.parametrize("action", ["deep", "oversized", "markup_emptied"])
async def test_a_hostile_outline_is_repaired_and_its_call_is_in_the_ledger(
    make_harness: HarnessFactory, sqlite_session_url: str, provider: str, action: str
) -> None:
    h = await make_harness(sqlite_session_url, provider)
    h.fake.script("outline", action)
    row, handle = await h.start(module_count=1, lessons_per_module=1)
    result = await handle.result()

    assert result.course_status == "published"
    outline_calls = h.fake.of_kind("outline")
    assert [c.repair for c in outline_calls] == [False, True]  # one repair, no activity retry
    repair_prompt = outline_calls[1].last_user
    assert "could not be used" in repair_prompt and WHY[action] in repair_prompt
    assert len(repair_prompt) < 600
    assert "RecursionError" not in repair_prompt
    ledger = [r for r in await _ledger(h, row.id) if r.stage == "outline"]
    assert [r.status for r in ledger] == ["invalid", "ok"]
    assert ledger[0].error and ledger[0].output_tokens > 0
    course = await _course(h, row.id)
    assert all(len(m.title) >= 3 and "<" not in m.title for m in course.modules)


@pytest.mark.parametrize("action", ["deep", "markup_emptied"])
async def test_a_hostile_lesson_is_repaired_never_published(
    make_harness: HarnessFactory, sqlite_session_url: str, action: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    h.fake.script("lesson", action)
    row, handle = await h.start(module_count=1, lessons_per_module=1)
    assert (await handle.result()).course_status == "published"

    calls = h.fake.of_kind("lesson")
    assert [c.repair for c in calls] == [False, True]
    assert {"deep": "nests too deeply", "markup_emptied": "sections.0.title"}[action] in (
        calls[1].last_user
    )
    course = await _course(h, row.id)
    (lesson,) = course.modules[0].lessons
    assert all(len(s.title) >= 3 for s in lesson.sections)
    statuses = [r.status for r in await _ledger(h, row.id) if r.stage == "lesson"]
    assert statuses == ["invalid", "ok"]


async def test_stored_and_served_outline_carry_no_markup(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    h.fake.script("outline", "markup")
    author = await h.user()
    row, handle = await h.start(author, module_count=1, lessons_per_module=1)
    assert (await handle.result()).course_status == "published"

    stored = (await h.generation(row.id)).outline
    assert stored is not None
    assert stored["title"] == "Bold statistics"
    assert stored["modules"][0]["title"] == "Intro to means"
    api = await api_client_factory(h.settings, temporal=h.client)
    served = await api.get(
        f"/api/v1/course-generations/{row.id}", headers=auth_headers(h.settings, author)
    )
    assert served.status_code == 200
    for text in (json.dumps(stored), json.dumps(served.json()["outline"])):
        assert "<" not in text and "onclick" not in text and "javascript" not in text
    assert served.json()["outline"] == stored


async def test_a_failed_call_has_its_ledger_row(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    h.fake.script("lesson", "status", status=500)
    row, handle = await h.start(module_count=1, lessons_per_module=1)
    assert (await handle.result()).status == GenerationStatus.completed

    lesson_rows = [r for r in await _ledger(h, row.id) if r.stage == "lesson"]
    assert [r.status for r in lesson_rows] == ["failed", "ok"]
    failed = lesson_rows[0]
    assert failed.error and "500" in failed.error
    assert (failed.input_tokens, failed.output_tokens, failed.cost_usd) == (0, 0, 0)
    assert failed.latency_ms >= 0 and failed.call_key != lesson_rows[1].call_key


async def test_a_429_storm_is_waited_out_and_the_run_finishes(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    """More 429s than the retry policy's attempts: the waits happen inside the activity."""
    h = await make_harness(sqlite_session_url, "openai", llm_retry_max_attempts=2)
    h.fake.script("lesson", "status", status=429, retry_after=0.05, times=8)
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    result = await handle.result()
    assert result.status == GenerationStatus.completed

    lessons = h.fake.of_kind("lesson")
    assert sum(1 for c in lessons if c.status == 429) == 8
    answered = [c.lesson_id for c in lessons if c.status == 200]
    assert sorted(answered) == sorted(set(answered)) and len(answered) == 2  # none repeated
    ledger = [r for r in await _ledger(h, row.id) if r.stage == "lesson"]
    assert sum(r.status == "rate_limited" for r in ledger) == 8
    assert sum(r.status == "ok" for r in ledger) == 2
    course = await _course(h, row.id)
    assert course.status == CourseStatus.published


async def test_429s_without_retry_after_are_waited_out_with_backoff(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "anthropic", llm_retry_max_attempts=1)
    h.fake.script("lesson", "status", status=429, times=3)  # no retry-after header
    row, handle = await h.start(module_count=1, lessons_per_module=1)
    assert (await handle.result()).status == GenerationStatus.completed
    statuses = [r.status for r in await _ledger(h, row.id) if r.stage == "lesson"]
    assert statuses.count("rate_limited") == 3 and statuses.count("ok") == 1
