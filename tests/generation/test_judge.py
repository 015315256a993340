"""The judge: one call per lesson when a model is configured (the real OpenAI SDK against the
fake model server scripted as a judge), its quotes verified by the code, its findings fed to
the regeneration loop and the review queue."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from adapters.llm.parsing import parse_verdict
from core.settings import Settings
from db.models import AIGeneration, Lesson
from schemas.enums import CourseStatus, GenerationStatus
from schemas.generation import Finding, FindingCode, LessonVerdict, stored_finding
from services.generation import generation_limits
from services.generation.judge import (
    JudgeContext,
    JudgedQuestion,
    merge,
    verdict_findings,
    verified,
)
from tests.generation.conftest import HarnessFactory

C = FindingCode


async def _lessons(h: Any, course_id: Any) -> list[Lesson]:
    async with h.deps.sessionmaker() as session:
        rows = await session.scalars(
            select(Lesson).where(Lesson.course_id == course_id).order_by(Lesson.position)
        )
        return list(rows)


async def test_the_judge_reviews_each_lesson_once_on_its_own_ledger_line(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai", llm_judge_model="gpt-4o")
    row, handle = await h.start(module_count=1, lessons_per_module=2)
    result = await handle.result()
    assert result.course_status == "published" and result.findings == []
    assert len(h.fake.of_kind("judge")) == 2
    async with h.deps.sessionmaker() as session:
        ledger = list(
            await session.scalars(
                select(AIGeneration).where(
                    AIGeneration.generation_id == row.id, AIGeneration.stage == "judge"
                )
            )
        )
    assert len(ledger) == 2 and {r.model for r in ledger} == {"gpt-4o"}
    assert all(lesson.judged_revision == 1 for lesson in await _lessons(h, result.course_id))


async def test_an_unverifiable_quote_is_rejected_and_the_lesson_regenerated(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    # The judge approves lesson 1.1 with quotes that are not in it: they count as not shown.
    h.fake.script("judge", "invent_quotes", match="part 1.1")
    _, handle = await h.start(module_count=1, lessons_per_module=2)
    result = await handle.result()
    assert result.course_status == "published"
    lesson_calls = [c for c in h.fake.of_kind("lesson") if "part 1.1" in c.prompt]
    assert [c.revision for c in lesson_calls] == [1, 2]
    assert "[JUDGE_OBJECTIVE_NOT_SHOWN]" in lesson_calls[1].prompt
    assert "[JUDGE_NOT_GROUNDED]" in lesson_calls[1].prompt
    judged = [c for c in h.fake.of_kind("judge") if "part 1.1" in c.prompt]
    assert [c.revision for c in judged] == [1, 2]


async def test_a_judge_that_invents_evidence_cannot_publish_the_course(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai", lesson_regeneration_attempts=1)
    h.fake.script("judge", "invent_quotes", times=10)
    _, handle = await h.start(module_count=1, lessons_per_module=1)
    result = await handle.result()
    assert result.status == GenerationStatus.completed
    assert result.course_status == CourseStatus.review.value
    [lesson] = await _lessons(h, result.course_id)
    findings = [stored_finding(f) for f in lesson.quality_findings]
    judged = [f for f in findings if f.source == "judge"]
    assert {f.code for f in judged} == {C.judge_objective, C.judge_not_grounded}
    assert all("unverified quote: " in f.evidence[0] for f in judged)


def test_the_offline_provider_has_no_judge(make_settings: Any) -> None:
    offline: Settings = make_settings(llm_provider="offline")
    assert generation_limits(offline).judge is False


# --- the verdict, without a server ----------------------------------------------------------
CONTEXT = JudgeContext(
    lesson_id=__import__("uuid").uuid4(), revision=1, language="en", title="Caching",
    objectives=["Explain how caching reduces latency"],
    sections=[
        ("Overview", "In this lesson you will learn how caching reduces latency."),
        ("Copies", "A cache keeps a copy of the result near the reader. The copy comes back "
                   "at once, so the latency drops."),
    ],
    questions=[JudgedQuestion("Why is a cache fast?", ["It compresses", "It returns a copy"],
                              1, "It returns the stored copy.", 1)],
)  # fmt: skip


def _verdict(**changes: Any) -> LessonVerdict:
    data: dict[str, Any] = {
        "objectives": [{"objective": "Explain how caching reduces latency", "taught": True,
                        "quote": "the copy comes back at once, so the latency drops"}],
        "questions": [{"question": 1, "key_correct": True, "explanation_agrees": True,
                       "quote": "A cache keeps a copy of the result"}],
    }  # fmt: skip
    data.update(changes)
    return LessonVerdict.model_validate(data)


def test_verified_quotes_pass_whatever_their_case_and_spacing() -> None:
    assert verdict_findings(CONTEXT, _verdict()) == []
    assert verified("A CACHE keeps   a copy", "A cache keeps a copy of the result")
    assert not verified("a cache", "a cache keeps a copy")  # too short to show anything


def test_quotes_of_code_and_list_items_verify_as_the_reply_carries_them() -> None:
    """A reply's quote went through the plain-text sanitiser (``<head>`` gone) while the
    lesson keeps its code; a quote of a bullet may carry the bullet."""
    lesson = "- The `<head>` element holds the page's `<title>` and metadata.\n- Next item."
    quote = parse_verdict(json.dumps({"objectives": [{
        "objective": "x", "taught": True,
        "quote": "- The `<head>` element holds the page's `<title>` and metadata."}],
        "questions": []})).objectives[0].quote  # fmt: skip
    assert "<head>" not in quote  # what the judge's reply looks like once parsed
    assert verified(quote, lesson)
    assert verified("2. the element holds the page's", "1. First.\n2. The element holds the page's")
    assert not verified("The `<body>` element holds the page's metadata.", lesson)


def test_a_quote_from_the_overview_does_not_show_that_an_objective_is_taught() -> None:
    quote = [{"objective": "Explain how caching reduces latency", "taught": True,
              "quote": "you will learn how caching reduces latency"}]  # fmt: skip
    [finding] = verdict_findings(CONTEXT, _verdict(objectives=quote))
    assert finding.code is C.judge_objective and "unverified quote" in finding.evidence[0]


def test_a_wrong_key_and_a_disagreeing_explanation_become_findings() -> None:
    questions = [{"question": 1, "key_correct": False, "explanation_agrees": False,
                  "quote": "A cache keeps a copy of the result"}]  # fmt: skip
    codes = [f.code for f in verdict_findings(CONTEXT, _verdict(questions=questions))]
    assert codes == [C.judge_key_wrong, C.judge_explanation]


def test_a_question_the_judge_skipped_is_not_grounded() -> None:
    [finding] = verdict_findings(CONTEXT, _verdict(questions=[]))
    assert finding.code is C.judge_not_grounded and finding.question == 1


def test_a_verified_quote_settles_the_lemma_checks_doubt_and_nothing_else() -> None:
    doubt = Finding(code=C.objective_not_taught, objective="Explain how caching reduces latency",
                    message="no section of the lesson teaches this objective")  # fmt: skip
    thin = Finding(code=C.section_thin, section=2, message="too thin")
    settled, kept = merge([doubt, thin], CONTEXT, _verdict())
    assert settled.code is C.objective_not_taught and not settled.open
    assert settled.settled is not None and "latency" in settled.settled.evidence[0]
    assert kept == thin and kept.open
    invented = [{"objective": "Explain how caching reduces latency", "taught": True,
                 "quote": "caching is explained in depth here"}]  # fmt: skip
    merged = merge([doubt], CONTEXT, _verdict(objectives=invented))
    assert [(f.code, f.open) for f in merged] == [
        (C.objective_not_taught, True), (C.judge_objective, True)
    ]  # fmt: skip
