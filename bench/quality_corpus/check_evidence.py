"""Checks evidence_a.EVIDENCE against the lessons it annotates: every objective and question has
an entry, and every non-empty quote is verbatim in the right section (objectives: a teaching
section, not an overview; questions: the question's source section).

    python -m bench.quality_corpus.check_evidence
"""

from __future__ import annotations

from typing import Any

from bench.quality_corpus import bases_batch3, bases_de, bases_en, bases_heldout
from bench.quality_corpus.evidence_a import EVIDENCE

LESSONS: list[dict[str, Any]] = [
    *bases_en.BASES,
    *bases_de.BASES,
    *bases_heldout.BASES,
    *bases_batch3.BASES,
]
# Section titles of these lessons that introduce rather than teach (read by the reviewer).
NOT_TEACHING = {"Overview", "Überblick"}


def problems(lesson: dict[str, Any], evidence: dict[str, Any]) -> list[str]:
    out: list[str] = []
    bodies = [body for _, body in lesson["sections"]]
    teaching = [body for title, body in lesson["sections"] if title not in NOT_TEACHING]
    objectives = evidence["objectives"]
    if set(objectives) != set(lesson["objectives"]):
        out.append(f"objectives differ: {sorted(set(objectives) ^ set(lesson['objectives']))}")
    for objective, quote in objectives.items():
        if quote and not any(quote in body for body in teaching):
            out.append(f"objective {objective!r}: quote not in a teaching section")
    questions = evidence["questions"]
    if len(questions) != len(lesson["quiz"]):
        out.append(f"{len(questions)} question quotes for {len(lesson['quiz'])} questions")
    for n, (question, quote) in enumerate(zip(lesson["quiz"], questions, strict=False)):
        if quote and quote not in bodies[question["section"]]:
            out.append(f"question {n}: quote not in section {question['section']}")
    return out


def main() -> None:
    ids = [lesson["id"] for lesson in LESSONS]
    assert len(set(ids)) == len(ids), "duplicate lesson ids"
    assert set(EVIDENCE) == set(ids), f"lessons differ: {sorted(set(EVIDENCE) ^ set(ids))}"
    found = {lesson["id"]: problems(lesson, EVIDENCE[lesson["id"]]) for lesson in LESSONS}
    bad = {key: value for key, value in found.items() if value}
    for key, value in bad.items():
        for line in value:
            print(f"{key}: {line}")
    assert not bad, f"{len(bad)} lessons with problems"
    objectives = sum(len(EVIDENCE[i]["objectives"]) for i in ids)
    questions = sum(len(EVIDENCE[i]["questions"]) for i in ids)
    empty = [
        f"{i} objective {o!r}" for i in ids for o, q in EVIDENCE[i]["objectives"].items() if not q
    ] + [f"{i} question {n}" for i in ids for n, q in enumerate(EVIDENCE[i]["questions"]) if not q]
    print(f"ok: {len(ids)} lessons, {objectives} objectives, {questions} questions, empty: {empty}")


if __name__ == "__main__":
    main()
