"""Shared checks for the reviewer evidence files (evidence_a.py to evidence_e.py): every objective
and every question of each lesson has an entry, every non-empty objective quote is an exact
substring of a teaching section's body, and every non-empty question quote is an exact substring
of the body of the question's source section. A quote that is not verbatim, or that sits only in
an overview or summary, or in another section than the question's, is reported."""

from __future__ import annotations

from typing import Any

# Per lesson id, the 0-based indexes of sections the reviewer judged not to teach (overview,
# introduction, summary, takeaways): an objective quote found only there does not count.
NotTeaching = dict[str, set[int]]


def lesson_problems(
    base: dict[str, Any], evidence: dict[str, Any], not_teaching: NotTeaching
) -> list[str]:
    lid = base["id"]
    bodies = [body for _title, body in base["sections"]]
    teaching = [b for i, b in enumerate(bodies) if i not in not_teaching.get(lid, set())]
    errors = []
    if set(evidence["objectives"]) != set(base["objectives"]):
        errors.append(f"{lid}: objective keys differ from the lesson's objectives")
    for objective, quote in evidence["objectives"].items():
        if quote and not any(quote in body for body in teaching):
            errors.append(f"{lid}: objective quote not in a teaching section: {objective}")
    if len(evidence["questions"]) != len(base["quiz"]):
        errors.append(
            f"{lid}: {len(evidence['questions'])} quotes for {len(base['quiz'])} questions"
        )
    for n, (question, quote) in enumerate(zip(base["quiz"], evidence["questions"], strict=False)):
        if quote and quote not in bodies[question["section"]]:
            errors.append(f"{lid}: question {n + 1} quote not in section {question['section']}")
    return errors


def check(
    lessons: list[dict[str, Any]], evidence: dict[str, dict[str, Any]], not_teaching: NotTeaching
) -> str:
    """Raise AssertionError listing every problem; otherwise return a one-line summary."""
    ids = [base["id"] for base in lessons]
    assert len(set(ids)) == len(ids), "duplicate lesson ids"
    assert set(evidence) == set(ids), f"lesson ids differ: {sorted(set(evidence) ^ set(ids))}"
    assert set(not_teaching) <= set(ids), "NOT_TEACHING names a lesson that is not annotated"
    errors = [
        e for base in lessons for e in lesson_problems(base, evidence[base["id"]], not_teaching)
    ]
    assert not errors, "\n".join(errors)
    objectives = sum(len(base["objectives"]) for base in lessons)
    questions = sum(len(base["quiz"]) for base in lessons)
    empty_o = sum(q == "" for ev in evidence.values() for q in ev["objectives"].values())
    empty_q = sum(q == "" for ev in evidence.values() for q in ev["questions"])
    return (
        f"{len(lessons)} lessons, {objectives} objectives ({empty_o} empty), "
        f"{questions} questions ({empty_q} empty): all quotes found"
    )
