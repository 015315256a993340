"""Check evidence_b.py against the lessons it annotates (batches 4-7): every objective and every
question has an entry, every non-empty objective quote is an exact substring of a teaching
section's body, and every non-empty question quote is an exact substring of the body of the
question's source section. Run: python -m bench.quality_corpus.check_evidence_b"""

from __future__ import annotations

from typing import Any

from bench.quality_corpus import bases_batch4, bases_batch5, bases_batch6, bases_batch7
from bench.quality_corpus.evidence_b import EVIDENCE

# Sections the reviewer judged not to teach (overview, introduction, summary, takeaways),
# by lesson id and 0-based index: an objective quote found only there does not count.
NOT_TEACHING: dict[str, set[int]] = {
    "es-ahorro": {1},
    "en-tcp": {0},
    "en-inflation": {1},
    "es-estaciones": {0},
    "en-hashtables": {0},
    "en-probability": {2},
    "en-bread": {3},
    "de-dreisatz": {2},
    "fr-vitesse": {2},
    "fr-digestion": {0},
    "es-html": {2},
    "en-markdown": {3},
    "en-rainbows": {0},
    "de-lineare": {3},
    "fr-chaines": {3},
    "es-celula": {0},
}


def _lessons() -> list[dict[str, Any]]:
    modules = (bases_batch4, bases_batch5, bases_batch6, bases_batch7)
    return [base for module in modules for base in module.BASES]


def _check_lesson(base: dict[str, Any], evidence: dict[str, Any]) -> list[str]:
    lid = base["id"]
    bodies = [body for _title, body in base["sections"]]
    teaching = [b for i, b in enumerate(bodies) if i not in NOT_TEACHING.get(lid, set())]
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


def main() -> None:
    lessons = _lessons()
    assert set(EVIDENCE) == {base["id"] for base in lessons}, "lesson ids differ"
    errors = [e for base in lessons for e in _check_lesson(base, EVIDENCE[base["id"]])]
    assert not errors, "\n".join(errors)
    objectives = sum(len(base["objectives"]) for base in lessons)
    questions = sum(len(base["quiz"]) for base in lessons)
    empty_o = sum(q == "" for ev in EVIDENCE.values() for q in ev["objectives"].values())
    empty_q = sum(q == "" for ev in EVIDENCE.values() for q in ev["questions"])
    print(
        f"{len(lessons)} lessons, {objectives} objectives ({empty_o} empty), "
        f"{questions} questions ({empty_q} empty): all quotes found"
    )


if __name__ == "__main__":
    main()
