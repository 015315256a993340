"""Course objectives and the judge: an objective the judge showed taught with a verified quote
in any lesson is covered at course level, even where the lemmas miss the paraphrase; without
the judge's verified verdict (not judged, judged an older revision, or "not shown") the lemma
check decides, as before."""

from __future__ import annotations

import uuid
from typing import Any

from db.queries.generation import LessonText
from schemas.enums import LessonStatus
from schemas.generation import Finding, FindingCode
from services.generation.quality import QualityRules, assess_course

C = FindingCode

# The lesson teaches the objective in words the lemma check cannot connect to it.
OBJECTIVE = "Explain how caching reduces latency"
PARAPHRASE = (
    "Keeping a copy of a result near the reader makes answers come back sooner. The copy sits "
    "in memory, so a repeated request skips the slow round trip to the database."
)
ZIEL = "Erklären, wie Zwischenspeicher die Antwortzeit verkürzen"
UMSCHREIBUNG = (
    "Eine Kopie des Ergebnisses liegt nahe beim Leser, also kommt die Antwort schneller. Die "
    "wiederholte Anfrage spart sich den langsamen Weg zur Datenbank."
)


def lesson(
    body: str, objective: str, revision: int = 1, judged: int = 1, findings: list[Any] | None = None
) -> LessonText:
    return LessonText(
        id=uuid.uuid4(), title="Lesson 1", status=LessonStatus.generated, revision=revision,
        quality_findings=findings or [], objectives=[objective], judged_revision=judged,
        sections=[("Copies close to the reader", body)], questions=[],
    )  # fmt: skip


def course_codes(lessons: list[LessonText], wanted: str, lang: str = "en") -> list[C]:
    assessed = assess_course(lessons, [wanted], lang, QualityRules())
    return [f.code for f in assessed.course]


def not_shown(objective: str) -> dict[str, Any]:
    finding = Finding(code=C.judge_objective, objective=objective, source="judge", message="-")
    return finding.model_dump(mode="json")


def test_the_lemma_check_alone_misses_the_paraphrase() -> None:
    # Never judged (judged_revision 0): the lemmas decide, and they miss it.
    assert course_codes([lesson(PARAPHRASE, OBJECTIVE, judged=0)], OBJECTIVE) == [
        C.course_objective
    ]


def test_a_judge_verified_lesson_objective_covers_the_course_objective() -> None:
    assert course_codes([lesson(PARAPHRASE, OBJECTIVE)], OBJECTIVE) == []


def test_the_lesson_objective_may_word_the_course_objective_differently() -> None:
    judged = lesson(PARAPHRASE, "Explain why a cache reduces the latency a user sees")
    assert course_codes([judged], OBJECTIVE) == []
    other = lesson(PARAPHRASE, "Sort and filter the rows of a table")
    assert course_codes([other], OBJECTIVE) == [C.course_objective]


def test_an_objective_the_judge_did_not_show_is_still_a_course_miss() -> None:
    doubted = lesson(PARAPHRASE, OBJECTIVE, findings=[not_shown(OBJECTIVE)])
    assert course_codes([doubted], OBJECTIVE) == [C.course_objective]


def test_a_verdict_about_an_older_revision_does_not_count() -> None:
    stale = lesson(PARAPHRASE, OBJECTIVE, revision=2, judged=1)
    assert course_codes([stale], OBJECTIVE) == [C.course_objective]


def test_a_german_course_objective_is_covered_by_the_judge_verdict() -> None:
    assert course_codes([lesson(UMSCHREIBUNG, ZIEL, judged=0)], ZIEL, "de") == [C.course_objective]
    assert course_codes([lesson(UMSCHREIBUNG, ZIEL)], ZIEL, "de") == []
    doubted = lesson(UMSCHREIBUNG, ZIEL, findings=[not_shown(ZIEL)])
    assert course_codes([doubted], ZIEL, "de") == [C.course_objective]
