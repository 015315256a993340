"""Lemmatised matching beyond single words: German separable verbs and hyphenated compounds,
numbers as one term by value, and grounding that numbers alone do not give and that a rare
term of the question, said nowhere in the lesson, takes away."""

from __future__ import annotations

from typing import Any

from schemas.generation import FindingCode, LessonContent
from services.generation import text as tx
from services.generation.quality import lesson_findings
from services.generation.quiz_checks import explanation_findings

C = FindingCode


def content(sections: list[tuple[str, str]], quiz: list[dict[str, Any]] | None = None) -> Any:
    return LessonContent.model_validate(
        {"sections": [{"title": t, "body_markdown": b} for t, b in sections], "quiz": quiz or []}
    )


def question(
    prompt: str, options: list[str], key: int, explanation: str = "", section: int = 0
) -> dict[str, Any]:
    return {
        "prompt": prompt,
        "answer_index": key,
        "section_index": section,
        "explanation": explanation or "See the section.",
        "options": [{"text": o, "correct": i == key} for i, o in enumerate(options)],
    }


def codes(lesson: Any, objectives: list[str], language: str) -> list[FindingCode]:
    return [f.code for f in lesson_findings(lesson, objectives, language)]


# --- German separable verbs and compounds --------------------------------------------------
def test_a_separable_verb_is_read_as_one_verb() -> None:
    assert "aufnehmen" in tx.lemmas("Die Pflanze nimmt durch die Blätter Kohlendioxid auf.", "de")
    assert tx.lemmas("Das hängt davon ab, wie warm es ist.", "de")[0] == "abhängen"
    assert "aufnehmen" in tx.lemmas("Nimmt die Pflanze Wasser auf?", "de")
    assert "ab" in tx.lemmas("Er kommt ab Montag.", "de")  # no verb joins a leading "ab"


def test_a_separable_verb_says_the_objectives_verb_and_not_its_base() -> None:
    body = (
        "Tagsüber nimmt das Blatt Kohlendioxid aus der Luft auf. Nachts gibt es "
        "Kohlendioxid wieder ab."
    )
    said = set(tx.lemmas(body, "de"))
    assert tx.present({"aufnehmen", "abgeben"}, said, "de") == {"aufnehmen", "abgeben"}
    assert "nehmen" not in said  # "nimmt … auf" is not "nehmen" (take)


def test_hyphenated_and_suspended_compounds_are_closed_in_german() -> None:
    assert "hautzelle" in tx.lemmas("Haut- und Darmzellen leben nur Tage.", "de")
    assert tx.lemmas("Ein- und Ausgabe", "de") == ["eingabe", "ausgabe"]
    said = tx.lemmas("Die Zell-Teilung beginnt mit einer DNS-Kopie.", "de")
    assert {"zellteilung", "dns"} <= set(said)
    # English keeps the parts of a hyphenated word, and adds no closed form.
    assert tx.lemmas("a cache-friendly layout", "en") == ["cache", "friendly", "layout"]


def test_german_nouns_are_lemmatised_as_nouns() -> None:
    assert tx.lemmas("Der Befehl und die Tage", "de") == ["befehl", "tag"]


# --- numbers -------------------------------------------------------------------------------
def test_a_number_is_one_term_by_its_value() -> None:
    assert tx.lemmas("2.1 % and 0.5 % of 1,000", "en") == ["2.1", "0.5", "1000"]
    assert tx.lemmas("0,25 von 1.000", "de") == ["0.25", "1000"]
    assert tx.is_number("0.25") and not tx.is_number("4xx")


def test_an_explanation_states_a_number_by_value_even_when_the_prompt_has_it() -> None:
    median = question(
        "Quelle est la médiane de la série 3, 7, 8, 12, 40 ?",
        ["8", "14", "7", "12"],
        0,
        "Rangée dans l'ordre, la série a 8 comme valeur du milieu ; la "
        "moyenne, elle, vaut 14 à cause du 40.",
    )
    rate = question(
        "Prices went from 200 to 210 euros. What is the inflation rate?",
        ["10 %", "5 %", "2.1 %", "0.5 %"],
        1,
        "The basket costs 10 euros more, and 10 is 5 % of 200.",
    )
    lesson = content([("Série", ORBITS)], [median, rate]).quiz
    assert explanation_findings(1, lesson[0], "fr") == []
    assert explanation_findings(2, lesson[1], "en") == []
    wrong = question(
        "Wie viel Geld sind es nach zwei Jahren?",
        ["121 Euro", "120 Euro"],
        1,
        "Mit Zinseszins kommen Zinsen auf Zinsen hinzu, also 121 Euro.",
    )
    [finding] = explanation_findings(1, content([("Zinsen", ORBITS)], [wrong]).quiz[0], "de")
    assert finding.code is C.explanation_contradicts


# --- grounding -----------------------------------------------------------------------------
ORBITS = (
    "Mars takes 687 days to go round the sun, and a day on Mars lasts about 24 hours. "
    "Its thin air is mostly carbon dioxide, and its red colour comes from iron oxide "
    "in the dust."
)


def test_numbers_alone_do_not_ground_a_question() -> None:
    moons = question("How many moons does Jupiter have, 24 or 687?", ["24", "687", "95"], 2)
    lesson = content([("Mars", ORBITS)], [moons])
    assert C.not_grounded in codes(lesson, [], "en")


def test_a_computed_question_is_grounded_by_its_words_not_its_numbers() -> None:
    body = (
        "A percentage is a fraction of one hundred. To turn a decimal into a percentage, "
        "multiply it by 100: 0.5 is 50 %, and 0.2 is 20 %."
    )
    convert = question("Which percentage equals 0.75?", ["7.5 %", "75 %", "0.75 %"], 1)
    assert codes(content([("Percentages", body)], [convert]), [], "en") == []


def test_a_question_about_a_rare_term_no_section_mentions_is_not_grounded() -> None:
    body = (
        "Zinsen sind der Preis für geliehenes Geld. In Deutschland sind die Zinsen auf "
        "Sparkonten nicht hoch: oft liegen sie unter 25 % der Inflation. Wer Geld "
        "anlegt, bekommt die Zinsen einmal im Jahr gutgeschrieben."
    )
    tax = question("Wie hoch ist die Kapitalertragsteuer in Deutschland?", ["25 %", "19 %"], 0)
    own = question("Wann werden die Zinsen gutgeschrieben?", ["Einmal im Jahr", "Täglich"], 0)
    found = lesson_findings(content([("Zinsen", body)], [tax, own]), [], "de")
    assert [(f.code, f.question) for f in found] == [(C.not_grounded, 1)]
    assert "kapitalertragsteuer" in found[0].evidence[-1]


def test_one_paraphrased_rare_term_among_several_keeps_a_question_grounded() -> None:
    body = (
        "The left ventricle pumps blood into the aorta with every beat. Its wall is the "
        "thickest of the heart, because it pushes blood round the whole body."
    )
    chamber = question(
        "Which cavity pumps blood into the aorta?", ["The left ventricle", "The right atrium"], 0
    )
    assert codes(content([("The heart", body)], [chamber]), [], "en") == []


def test_an_explanation_states_a_quantity_with_a_prefixed_unit_by_its_value() -> None:
    # The option "1 000 kJ" is a million joules; so is "1 000 kJ" in the explanation.
    chain = question(
        "L'herbe contient 10 000 kJ. Combien d'énergie parvient à la grenouille ?",
        ["100 kJ", "1 000 kJ", "10 kJ"],
        0,
        "À chaque maillon, 10 % de l'énergie passe au suivant : la sauterelle reçoit donc "
        "1 000 kJ, et c'est cette énergie qui arrive à la grenouille.",
    )
    [finding] = explanation_findings(1, content([("Chaînes", ORBITS)], [chain]).quiz[0], "fr")
    assert "option 2" in finding.message


def test_a_fraction_after_an_equals_sign_is_a_stated_result() -> None:
    # "1/6 + 1/6 = 2/6" states 1/3 (the distractor), not the key 1/36.
    dice = question(
        "You roll two fair dice. What is the probability that both show a six?",
        ["1/36", "1/3", "1/12"],
        0,
        "Each die gives a 1/6 chance, and two dice give two chances: 1/6 + 1/6 = 2/6.",
    )
    [finding] = explanation_findings(1, content([("Dice", ORBITS)], [dice]).quiz[0], "en")
    assert "option 2" in finding.message
    assert tx.stated_values(tx.without_operands("x = 3/4 + 1"), "en") == set()  # an operand
