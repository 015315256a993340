"""Quality-check rules added with corpus batch 3 (issue 23), one behaviour per test, each with a
non-English case: values with metric prefixes and values given to a name, an explanation that
repeats the key while naming a distractor's word, a key whose answer no section gives,
phrasal-verb particles, and French announcing sentences."""

from __future__ import annotations

from typing import Any

import pytest

from schemas.generation import FindingCode, LessonContent
from services.generation import text as tx
from services.generation.quality import lesson_findings, read_lesson

C = FindingCode

INDEXES = (
    "An index keeps the values of one column in sorted order, each with a pointer to its row. "
    "The database can then jump straight to the matching entries instead of reading every "
    "row of the table, so a query that took seconds finishes in milliseconds."
)
ECUACION = (
    "Para resolver 3x + 5 = 20 restamos 5 en los dos lados y queda 3x = 15. Después "
    "dividimos ambos lados entre 3 y obtenemos x = 5. Siempre se hace la misma operación a "
    "los dos lados, para que la igualdad se mantenga."
)
STROM = (
    "Sind zwei Lampen nebeneinander geschaltet, liegt an jeder dieselbe Spannung an. Fällt "
    "ein Gerät aus, arbeiten die anderen weiter. So sind die Steckdosen im Haushalt verschaltet."
)


def content(body: str, title: str, q: dict[str, Any]) -> LessonContent:
    return LessonContent.model_validate(
        {"sections": [{"title": title, "body_markdown": body}], "quiz": [q]}
    )


def question(prompt: str, options: list[str], key: int, explanation: str = "") -> dict[str, Any]:
    return {
        "prompt": prompt,
        "options": [{"text": t, "correct": i == key} for i, t in enumerate(options)],
        "answer_index": key,
        "explanation": explanation,
        "section_index": 0,
    }


def codes(lesson: LessonContent, lang: str, objectives: list[str] | None = None) -> set[C]:
    return {f.code for f in lesson_findings(lesson, objectives or [], lang)}


# --- values: metric prefixes and values given to a name -------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        ("0,12 Ampere", "120 Milliampere", "de"),
        ("0.12 A", "120 mA", "en"),
        ("5 km", "5000 Metern", "de"),
        ("3 segundos", "3000 milisegundos", "es"),
        ("x = 5", "x = 10/2", "es"),
    ],
)
def test_options_equal_in_value_across_prefixes_and_names_are_found(
    a: str, b: str, lang: str
) -> None:
    q = question("¿Cuánto vale?", [a, b, "7"], 2)
    assert C.option_equal_value in codes(content(ECUACION, "Despejar", q), lang)


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        ("1,2 Ampere", "120 Milliampere", "de"),  # another value
        ("x = 5", "y = 5", "es"),  # another name
        ("5 methods", "5 m", "en"),  # no unit at all: a word that starts like one
        ("3 min", "3 m", "en"),
    ],
)
def test_different_quantities_stay_distinct(a: str, b: str, lang: str) -> None:
    assert tx.numeric_quantity(a, lang) != tx.numeric_quantity(b, lang)


# --- explanations -----------------------------------------------------------------------------
def test_an_explanation_that_repeats_the_key_is_not_read_as_arguing_for_a_distractor() -> None:
    q = question(
        "Warum sind Steckdosen nebeneinander geschaltet?",
        ["Damit ein defektes Gerät die anderen nicht abschaltet", "Weil es billiger ist",
         "Damit sich die Spannung teilt"],
        0,
        "Fällt ein Gerät aus, arbeiten die anderen weiter, weil an jedem dieselbe Spannung "
        "anliegt.",
    )  # fmt: skip
    assert C.explanation_contradicts not in codes(content(STROM, "Parallelschaltung", q), "de")
    q["explanation"] = "Die Spannung teilt sich auf die Geräte auf."
    assert C.explanation_contradicts in codes(content(STROM, "Parallelschaltung", q), "de")


# --- a key whose answer no section gives --------------------------------------------------------
def test_a_key_no_section_says_on_a_loosely_tied_question_is_not_grounded() -> None:
    q = question("Which data structure do most databases use for an index?",
                 ["A hash map", "A B-tree", "A linked list"], 1)  # fmt: skip
    [finding] = [
        f for f in lesson_findings(content(INDEXES, "Indexes", q), [], "en")
        if f.code is C.not_grounded
    ]  # fmt: skip
    assert "tree" in finding.evidence[-1]


def test_a_key_that_is_a_rare_name_no_section_says_is_not_grounded() -> None:
    # Half of the question's words are the section's (index, column, row, sorted), but the
    # key names something ("bitmap") the lesson would have had to teach: no inference.
    q = question("Which sorted index structure keeps each column value with its row?",
                 ["A bitmap", "A heap", "A queue"], 0)  # fmt: skip
    assert C.not_grounded in codes(content(INDEXES, "Indexes", q), "en")


def test_a_key_inferred_from_its_section_is_grounded() -> None:
    q = question("What does the index keep in sorted order, with a pointer to each row?",
                 ["The values of one column", "Every query", "The oldest rows"], 0)  # fmt: skip
    assert codes(content(INDEXES, "Indexes", q), "en") == set()
    q = question("Which rows does the database read with an index?",
                 ["Only the matching entries", "Every row of the table", "None"], 0)  # fmt: skip
    assert C.not_grounded not in codes(content(INDEXES, "Indexes", q), "en")


def test_a_spanish_key_no_section_says_is_not_grounded() -> None:
    q = question("¿Qué método resuelve un sistema de dos ecuaciones?",
                 ["La igualdad", "La sustitución", "La división"], 1)  # fmt: skip
    assert C.not_grounded in codes(content(ECUACION, "Despejar la incógnita", q), "es")
    q = question("¿Qué se hace a los dos lados de la igualdad?",
                 ["La misma operación", "Nada", "Sumar 20"], 0)  # fmt: skip
    assert C.not_grounded not in codes(content(ECUACION, "Despejar la incógnita", q), "es")


def test_a_computed_numeric_key_needs_no_section_to_write_it() -> None:
    q = question("¿Cuál es la solución de 3x + 5 = 26?", ["x = 7", "x = 5", "x = 3"], 0)
    assert C.not_grounded not in codes(content(ECUACION, "Despejar la incógnita", q), "es")


# --- objectives --------------------------------------------------------------------------------
def test_a_phrasal_verb_particle_is_not_a_term_an_objective_asks_for() -> None:
    assert "up" not in tx.objective_lemmas("Explain how an index speeds up lookups", "en")
    q = question("What does the index keep in sorted order, with a pointer to each row?",
                 ["The values of one column", "Every query", "The oldest rows"], 0)  # fmt: skip
    objective = ["Explain how a database index speeds up queries"]
    assert codes(content(INDEXES, "Indexes", q), "en", objective) == set()


def test_a_french_announcing_sentence_does_not_teach() -> None:
    read = read_lesson(
        [("Le cœur", "Dans cette leçon, vous apprendrez le rôle des globules rouges. Le cœur "
                     "est une double pompe qui envoie le sang vers les poumons et le corps.")],
        "fr",
    )  # fmt: skip
    assert "globule" in read.overview and "globule" not in read.teaching
    assert "pompe" in read.teaching
