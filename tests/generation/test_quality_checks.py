"""The deterministic quality checks, one behaviour per test: notation and value of options,
lemmatised objective coverage (English and German), substance, grounding and explanations."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from schemas.generation import FindingCode, LessonContent
from services.generation import text as tx
from services.generation.quality import QualityRules, lesson_findings

C = FindingCode

SORTING = (
    "Sorting puts the rows of a table in order by one column, for example by date or by "
    "price. Filtering keeps only the rows that match a condition and hides the others. "
    "Sorted and filtered rows make a long table easy to read."
)
CACHING = (
    "A cache keeps a copy of a result close to the reader. When the same request comes "
    "again, the copy is returned at once instead of asking the slow server, which reduces "
    "the latency the user sees. Caching works best for data that rarely changes."
)


def lesson(
    sections: list[tuple[str, str]] | None = None, quiz: list[dict[str, Any]] | None = None
) -> LessonContent:
    sections = sections or [("Sorting and filtering", SORTING), ("Caching", CACHING)]
    quiz = quiz or [question()]
    return LessonContent.model_validate(
        {
            "sections": [{"title": t, "body_markdown": b} for t, b in sections],
            "quiz": quiz,
        }
    )


def question(
    options: list[str] | None = None,
    key: int = 1,
    explanation: str = "A cache returns the stored copy at once, so the latency is lower.",
    prompt: str = "Why does a cache reduce latency?",
    section: int = 1,
) -> dict[str, Any]:
    options = options or [
        "It compresses every request",
        "It returns a stored copy of the result instead of asking the server",
        "It deletes data that rarely changes",
    ]
    return {
        "prompt": prompt,
        "options": [{"text": t, "correct": i == key} for i, t in enumerate(options)],
        "answer_index": key,
        "explanation": explanation,
        "section_index": section,
    }


def codes(content: LessonContent, objectives: list[str] | None = None, lang: str = "en") -> set[C]:
    return {f.code for f in lesson_findings(content, objectives or [], lang)}


def test_a_good_lesson_has_no_findings() -> None:
    objectives = ["Explain how caching reduces latency", "Sort and filter rows"]
    assert lesson_findings(lesson(), objectives) == []


def test_paraphrased_objectives_are_covered_by_lemmas() -> None:
    # "Sorting and filtering … rows" teaches "Sort and filter rows"; "caching … reduces the
    # latency" teaches "Explain how caching reduces latency": exact words never matched.
    assert C.objective_not_taught not in codes(lesson(), ["Sort and filter rows"])
    assert C.objective_not_taught not in codes(lesson(), ["Explain how caches reduce latency"])


def test_an_objective_no_section_teaches_is_found_with_its_missing_terms() -> None:
    findings = lesson_findings(lesson(), ["Normalise a relational database schema"])
    [finding] = findings
    assert finding.code is C.objective_not_taught
    assert finding.objective == "Normalise a relational database schema"
    assert "relational" in finding.evidence[0]


def test_an_objective_only_announced_in_the_overview_is_not_taught() -> None:
    overview = (
        "In this lesson you will learn how indexes speed up database queries. We start with "
        "tables and then look at caching."
    )
    content = lesson([("Overview", overview), ("Sorting and filtering", SORTING),
                      ("Caching", CACHING)], [question(section=2)])  # fmt: skip
    findings = lesson_findings(content, ["Explain how indexes speed up database queries"])
    [finding] = findings
    assert finding.code is C.objective_only_overview
    assert "indexes speed up" in finding.evidence[0]


@pytest.mark.parametrize(
    ("a", "b"),
    [("x", "x²"), ("a+b", "a-b"), ("x > 5", "x < 5"), ("2x", "x²"), ("O(n)", "O(n²)")],
)
def test_options_that_differ_by_a_symbol_are_distinct(a: str, b: str) -> None:
    content = lesson(quiz=[question(options=[a, b, "none of these"], key=0, explanation="")])
    found = codes(content)
    assert not found & {C.option_duplicate, C.option_near_duplicate, C.option_equal_value}


@pytest.mark.parametrize(("a", "b"), [("x²", "x^2"), ("a + b", "a+b"), ("3 \u00d7 4", "3*4")])
def test_the_same_notation_written_twice_is_a_duplicate(a: str, b: str) -> None:
    content = lesson(quiz=[question(options=[a, b, "none of these"], key=0, explanation="")])
    assert C.option_duplicate in codes(content)


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        ("25 %", "0.25", "en"),
        ("1/4", "25%", "en"),
        ("0,25", "1/4", "de"),
        ("50 percent", "0.5", "en"),
        ("1,000", "1000", "en"),
        ("1.000", "1000", "de"),
        ("121,00 Euro", "121 Euro", "de"),
        ("2.50 m", "2.5 m", "en"),
        ("5,60 €", "5,6 €", "de"),
        ("$5.60", "5.6 dollars", "en"),
    ],
)
def test_options_equal_in_value_are_found(a: str, b: str, lang: str) -> None:
    content = lesson(quiz=[question(options=[a, b, "0.75"], key=2, explanation="")])
    assert C.option_equal_value in codes(content, lang=lang)


def test_equal_numbers_with_different_units_are_distinct() -> None:
    content = lesson(quiz=[question(options=["5 m", "5 s", "5 kg"], key=0, explanation="")])
    assert C.option_equal_value not in codes(content)


def test_numbers_of_different_value_are_distinct() -> None:
    assert tx.numeric_value("25 %", "en") != tx.numeric_value("2.5", "en")
    assert tx.numeric_value("1,5", "de") == tx.numeric_value("1.5", "en")
    assert tx.numeric_value("x²", "en") is None


def test_options_with_the_same_words_inflected_are_near_duplicates() -> None:
    options = ["The rows are sorted by date", "The row is sorted by dates", "Rows are hidden"]
    content = lesson(quiz=[question(options=options, key=2, explanation="")])
    assert C.option_near_duplicate in codes(content)


@pytest.mark.parametrize(
    ("a", "b"), [("[aeiou]", "aeiou"), ("{name}", "name"), ("name|list", "name list")]
)
def test_options_that_differ_by_brackets_or_escapes_are_distinct(a: str, b: str) -> None:
    q = question(options=[a, b, "\\w"], key=0, explanation="")
    found = codes(lesson(quiz=[q]))
    assert not found & {C.option_duplicate, C.option_near_duplicate}


@pytest.mark.parametrize("sep", [" → ", " -> ", ", "])
def test_the_orders_of_an_ordering_question_are_distinct_options(sep: str) -> None:
    orders = [["mouth", "oesophagus", "stomach", "gut"], ["mouth", "stomach", "oesophagus", "gut"],
              ["stomach", "mouth", "oesophagus", "gut"]]  # fmt: skip
    q = question(options=[sep.join(o) for o in orders], key=0, explanation="")
    assert C.option_near_duplicate not in codes(lesson(quiz=[q]))
    same = [sep.join(orders[0]), sep.join(orders[0]).replace("stomach", "stomachs"), "gut"]
    q = question(options=same, key=2, explanation="")
    if sep == ", ":  # options with arrows are never near-duplicates (has_symbols)
        assert C.option_near_duplicate in codes(lesson(quiz=[q]))  # one order, said twice
    shuffled = ["rows sorted by date", "by date rows sorted", "rows hidden"]
    q = question(options=shuffled, key=2, explanation="")
    assert C.option_near_duplicate in codes(lesson(quiz=[q]))  # not a sequence: same thing


def test_options_differing_only_by_markup_are_distinct_and_arrows_are_one_notation() -> None:
    headings = ["### Setup", "Setup ###", "#3 Setup", "**Setup**"]
    found = codes(lesson(quiz=[question(options=headings, key=0, explanation="")]))
    assert not found & {C.option_duplicate, C.option_near_duplicate}
    chains = ["grass -> rabbit -> fox", "grass → rabbit → fox", "fox → rabbit → grass"]
    q = question(options=chains, key=2, explanation="")
    assert C.option_duplicate in codes(lesson(quiz=[q]))  # the same chain, two arrows
    q = question(options=["`### Setup`", "### Setup", "## Setup"], key=2, explanation="")
    assert C.option_duplicate in codes(lesson(quiz=[q]))  # the same line, once shown as code


def test_a_space_between_brackets_is_part_of_the_notation() -> None:
    # Markdown's "[docs](url)" is a link, "[docs] (url)" is not; around operators spacing
    # still goes ("a + b" is "a+b", test above).
    links = ["[docs](https://example.com)", "[docs] (https://example.com)", "(docs)[x]"]
    found = codes(lesson(quiz=[question(options=links, key=0, explanation="")]))
    assert not found & {C.option_duplicate, C.option_near_duplicate}


def test_amounts_in_different_currencies_are_distinct() -> None:
    options = ["5 €", "5 $", "5"]
    content = lesson(quiz=[question(options=options, key=0, explanation="")])
    assert C.option_equal_value not in codes(content)


def test_a_negated_option_is_not_a_near_duplicate() -> None:
    options = ["The rows are sorted", "The rows are not sorted", "The rows are hidden"]
    content = lesson(quiz=[question(options=options, key=0, explanation="")])
    assert C.option_near_duplicate not in codes(content)


def test_an_explanation_arguing_for_another_option_is_found() -> None:
    arguing = "Compression makes every request smaller, so answers arrive sooner."
    content = lesson(quiz=[question(explanation=arguing)])
    [finding] = [f for f in lesson_findings(content, []) if f.code is C.explanation_contradicts]
    assert finding.question == 1 and "option 1" in finding.message
    assert any("argued for: It compresses every request" in e for e in finding.evidence)


def test_an_explanation_naming_another_option_is_found() -> None:
    content = lesson(quiz=[question(explanation="The correct answer is C: old data goes.")])
    assert C.explanation_contradicts in codes(content)


def test_an_explanation_that_also_rejects_a_distractor_agrees_with_the_key() -> None:
    content = lesson(quiz=[question(explanation="It returns the stored copy instead of asking "
                                    "the server; it does not compress requests.")])  # fmt: skip
    assert C.explanation_contradicts not in codes(content)


def test_an_explanation_naming_a_symbolic_option_is_compared_by_notation() -> None:
    options = ["x", "x²", "2x"]
    q = question(options=options, key=1, prompt="What is x times x?", explanation="x·x is 2x.")
    content = lesson(quiz=[q])
    assert C.explanation_contradicts in codes(content)
    q["explanation"] = "x times x is x²."
    assert C.explanation_contradicts not in codes(lesson(quiz=[q]))


def test_an_explanation_saying_the_key_word_for_word_agrees_with_it() -> None:
    # It uses the distractor's words ("rain", "in front of") to set the scene, but says
    # the key, and only the key, as written.
    options = ["Behind you", "In front of you, behind the rain", "Straight overhead"]
    q = question(options=options, key=0, prompt="Where must the Sun be for a rainbow?",
                 explanation="A rainbow appears when the Sun is behind you and the rain is "
                 "falling in front of you.")  # fmt: skip
    assert C.explanation_contradicts not in codes(lesson(quiz=[q]))
    q["explanation"] = "The rain falls in front of you, behind the rain is where the Sun is."
    assert C.explanation_contradicts in codes(lesson(quiz=[q]))


def test_an_explanation_writing_only_a_distractor_argues_for_it() -> None:
    # "ACK" shares its only word with the key "SYN-ACK", so no word is the distractor's
    # own; the explanation writes it whole and says nothing of the key.
    options = ["ACK", "SYN-ACK", "FIN"]
    q = question(options=options, key=1, prompt="What does a server send in reply to a SYN?",
                 explanation="The server replies with a plain ACK, since all it has to do is "
                 "confirm the client's SYN.")  # fmt: skip
    [finding] = [
        f for f in lesson_findings(lesson(quiz=[q]), []) if f.code is C.explanation_contradicts
    ]
    assert "option 1" in finding.message
    q["explanation"] = "Not a plain ACK: the server confirms the SYN and sends its own at once."
    assert C.explanation_contradicts not in codes(lesson(quiz=[q]))  # rejected, not argued


def test_a_bracketed_option_is_said_by_an_explanation_that_writes_it_after_a_word() -> None:
    # notation drops the space in "con <a>"; a bracket is not glued to the word before it.
    options = ["<link>", "<href>", "<a>", "<img>"]
    q = question(options=options, key=2, prompt="¿Qué etiqueta crea un enlace?",
                 explanation="El enlace se crea con `<a>`; `href` es su atributo, no una "
                 "etiqueta.")  # fmt: skip
    assert C.explanation_contradicts not in codes(lesson(quiz=[q]), lang="es")


def test_a_number_grouped_by_spaces_is_one_stated_value() -> None:
    # "4 750 kWh" states 4750 (German and French group thousands by a space), not 4 and 750.
    options = ["950 kWh", "4 750 kWh", "19 000 kWh"]
    q = question(options=options, key=1, prompt="Wie viel erzeugen 5 kWp im Jahr?",
                 explanation="Mit etwa 950 kWh pro kWp ergibt sich 5 · 950 = 4 750 kWh im "
                 "Jahr.")  # fmt: skip
    assert C.explanation_contradicts not in codes(lesson(quiz=[q]), lang="de")
    assert tx.stated_values("12 345,5 und 1 000", "de") == {Fraction(24691, 2), 1000}


def numeric(explanation: str, options: list[str], key: int) -> LessonContent:
    prompt = "About how many comparisons does a search of a million sorted items need?"
    return lesson(quiz=[question(options=options, key=key, prompt=prompt, explanation=explanation)])


def test_a_number_inside_an_expression_does_not_argue_for_that_option() -> None:
    options = ["About 1,000", "About 500,000", "About 20", "About 2"]
    power = "Each step halves the candidates, and 2 to the 20th power is about a million."
    assert C.explanation_contradicts not in codes(numeric(power, options, 2))
    sums = "9 + 16 = 25, and the square root of 25 is 5."
    assert C.explanation_contradicts not in codes(numeric(sums, ["9", "16", "5", "7"], 2))


def test_a_number_an_explanation_states_still_argues_for_its_option() -> None:
    options = ["110", "120", "121", "200"]
    stated = "Each year adds 10 to the original 100, so after two years the balance is 120."
    assert C.explanation_contradicts in codes(numeric(stated, options, 2))
    result = "The balance grows: 100 + 10 + 10 = 120."
    assert C.explanation_contradicts in codes(numeric(result, options, 2))


SHIP = [
    "Weil Stahl leichter als Wasser ist",
    "Weil seine mittlere Dichte mit der Luft im Rumpf kleiner ist als die von Wasser",
    "Weil der Motor es oben hält",
    "Weil Salzwasser jeden Stahl trägt",
]


def ship(explanation: str) -> set[C]:
    q = question(SHIP, 1, explanation, "Warum schwimmt ein Schiff aus Stahl?")
    return codes(lesson(quiz=[q]), lang="de")


def test_an_explanation_saying_more_of_the_key_than_of_a_short_distractor_agrees() -> None:
    # Two of the key's own terms (Luft, Rumpf) against the distractor's one (leichter).
    agrees = "Mit der Luft im Rumpf ist das Schiff im Mittel leichter als Wasser und treibt oben."
    assert C.explanation_contradicts not in ship(agrees)


def test_an_explanation_saying_only_a_short_distractor_still_contradicts() -> None:
    assert C.explanation_contradicts in ship("Stahl ist leichter als Wasser, also schwimmt es.")


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("2 to the 20th power is about a million", "to the 20th power is about a million"),
        ("9 + 16 = 25", "+ = 25"),
        ("4 % - 1 % = 3 %", "% - % = 3 %"),
        ("2 % - 3 % = -1 %", "% - % = -1 %"),
        ("x^2 · x^3 = x^5", "x^2 · x^3 = x^5"),
        ("3 times 4 is 12", "times is 12"),
        ("adds 10 to the original 100", "adds 10 to the original 100"),
    ],
)
def test_operands_are_blanked_and_results_kept(text: str, stated: str) -> None:
    assert " ".join(tx.without_operands(text).split()) == stated


def test_a_one_sentence_section_is_too_thin() -> None:
    content = lesson([("Sorting and filtering", SORTING), ("Caching", CACHING),
                      ("Indexes", "Indexes are fast and tables can be sorted.")])  # fmt: skip
    [finding] = [f for f in lesson_findings(content, []) if f.code is C.section_thin]
    assert finding.section == 3 and finding.evidence[0].startswith("1 sentences")


def test_the_substance_minimum_is_configurable() -> None:
    strict = QualityRules(min_section_sentences=5)
    findings = lesson_findings(lesson(), [], "en", strict)
    assert {f.section for f in findings if f.code is C.section_thin} == {1, 2}


def test_a_question_whose_source_section_does_not_exist_is_found() -> None:
    assert C.source_missing in codes(lesson(quiz=[question(section=5)]))


def test_a_question_taught_by_another_section_points_at_the_wrong_source() -> None:
    findings = lesson_findings(lesson(quiz=[question(section=0)]), [])
    [finding] = [f for f in findings if f.code is C.wrong_source]
    assert "section 2 does" in finding.message


def test_a_question_no_section_teaches_is_not_grounded() -> None:
    q = question(
        prompt="Which isolation level prevents phantom reads?",
        options=["Read committed", "Serializable", "Read uncommitted"],
        explanation="Serializable transactions prevent phantom reads.",
    )
    [finding] = [f for f in lesson_findings(lesson(quiz=[q]), []) if f.code is C.not_grounded]
    assert "phantom" in finding.evidence[-1]


YEAST = (
    "Yeast feeds on the sugars in a dough and gives off carbon dioxide, which makes it rise. "
    "Warmth speeds the yeast up, but it dies at about 60 degrees, so the water you add "
    "should be lukewarm rather than hot."
)


def test_a_question_set_in_a_new_scene_is_grounded_by_its_explanation() -> None:
    # The prompt's "boiling kettle" and "straight" are no words of the lesson; the
    # explanation, which says why the key is right, is what the section says.
    q = question(
        prompt="Why should the water for a dough not come straight from a boiling kettle?",
        options=[
            "Boiling water dissolves the flour",
            "It kills the fungus",
            "Steam makes the bread salty",
        ],
        explanation="Yeast dies at about 60 degrees, so the water should be lukewarm.",
        section=0,
    )
    assert C.not_grounded not in codes(lesson([("Yeast at work", YEAST)], [q]))


DREISATZ = (
    "Wenn 3 Maler für einen Auftrag 8 Tage brauchen, schaffen 6 Maler ihn in weniger Tagen. "
    "Ein Maler bräuchte 3 · 8 = 24 Tage, 6 Maler brauchen 24 : 6 = 4 Tage. So rechnet man "
    "bei umgekehrt proportionalen Zuordnungen."
)


def test_a_question_worked_out_like_the_sections_example_is_grounded() -> None:
    # Pumps and hours instead of painters and days: the same chain of operations (x, then /)
    # applies what the section teaches; no word of the question is in it.
    q = question(
        prompt="4 Pumpen leeren ein Becken in 6 Stunden. Wie lange brauchen 3 gleiche Pumpen?",
        options=["4,5 Stunden", "8 Stunden", "2 Stunden"],
        explanation="Eine Pumpe bräuchte 4 · 6 = 24 Stunden, drei Pumpen brauchen 24 : 3 = 8 "
        "Stunden.",
        section=0,
    )
    content = lesson([("Wenn mehr weniger bedeutet", DREISATZ)], [q])
    assert C.not_grounded not in codes(content, lang="de")
    q["explanation"] = "Drei Pumpen brauchen 24 : 3 = 8 Stunden, also 8 + 0 = 8."  # / then +
    assert C.not_grounded in codes(
        lesson([("Wenn mehr weniger bedeutet", DREISATZ)], [q]), lang="de"
    )


GERMAN_SORTING = (
    "Das Sortieren bringt die Zeilen einer Tabelle in eine Reihenfolge, zum Beispiel nach "
    "Datum oder Preis. Das Filtern zeigt nur die Zeilen, die eine Bedingung erfüllen. "
    "Sortierte und gefilterte Zeilen machen lange Tabellen lesbar."
)
GERMAN_CACHE = (
    "Ein Cache speichert eine Kopie des Ergebnisses nahe beim Leser. Kommt dieselbe Anfrage "
    "wieder, wird die Kopie sofort geliefert, und die Latenz sinkt. Zwischenspeichern lohnt "
    "sich für Daten, die sich selten ändern."
)


def german(explanation: str, options: list[str] | None = None) -> LessonContent:
    q = question(
        prompt="Warum verringert ein Cache die Latenz?",
        options=options or ["Er komprimiert jede Anfrage", "Er liefert eine gespeicherte "
                            "Kopie des Ergebnisses", "Er löscht seltene Daten"],
        explanation=explanation,
    )  # fmt: skip
    return lesson([("Sortieren und Filtern", GERMAN_SORTING), ("Cache", GERMAN_CACHE)], [q])


def test_a_good_german_lesson_passes_in_its_own_language() -> None:
    content = german("Der Cache liefert die gespeicherte Kopie sofort.")
    objectives = ["Zeilen sortieren und filtern", "Erklären, wie ein Cache die Latenz senkt"]
    assert lesson_findings(content, objectives, "de") == []


def test_a_german_lesson_with_defects_is_caught_in_german() -> None:
    content = german("Er komprimiert die Anfrage, deshalb ist sie schneller.",
                     ["0,5", "50 %", "Er löscht seltene Daten"])  # fmt: skip
    found = codes(content, ["Datenbankindizes entwerfen"], "de")
    assert {C.option_equal_value, C.objective_not_taught} <= found


def test_finding_lines_carry_code_and_pointer() -> None:
    content = lesson(quiz=[question(section=5)])
    [finding] = lesson_findings(content, [])
    assert finding.line().startswith("[QUESTION_SOURCE_MISSING] question 1: ")
    assert finding.key == "QUESTION_SOURCE_MISSING:question 1"
