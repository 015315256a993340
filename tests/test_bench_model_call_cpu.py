"""bench/model_call_cpu.py: the model-call activities' own work, counted per call."""

from __future__ import annotations

from bench.model_call_cpu import measure


async def test_a_lesson_call_and_its_judge_stay_within_their_statement_budget(
    postgres_session_url: str,
) -> None:
    # Lesson: context read; then UPDATE lessons, INSERT sections, INSERT questions, INSERT ledger.
    # Judge: lesson, then its sections and questions (one UNION ALL); then findings FOR UPDATE,
    # UPDATE lessons, INSERT ledger.
    figures = await measure(postgres_session_url, courses=1, modules=1, lessons=2)
    assert float(figures["statements/lesson call"]) <= 5.0
    assert float(figures["statements/judge call"]) <= 5.0
    assert float(figures["checkouts/lesson call"]) <= 2.0
    assert float(figures["lesson cpu ms/course"]) > 0


async def test_the_lesson_activity_with_its_judge_reads_the_lesson_no_more(
    postgres_session_url: str,
) -> None:
    # The judge's read of the lesson (two statements) is gone: what is left over the lesson's
    # five is the budget check, UPDATE lessons and INSERT ledger, on one more checkout each.
    figures = await measure(postgres_session_url, courses=1, modules=1, lessons=2,
                            judge_in_lesson=True)  # fmt: skip
    assert float(figures["statements/lesson+judge"]) <= 8.0
    assert float(figures["judge cpu ms/course"]) == 0
    assert float(figures["lesson+judge cpu ms/course"]) > 0
