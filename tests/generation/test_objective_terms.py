"""Objective coverage by the terms that carry an objective's meaning: a compound is not
taught by its head alone, an objective's specific terms must be taught (not only its common
words), and an abstract word ("inputs") is taught by saying what happens ("takes in")."""

from __future__ import annotations

from schemas.generation import FindingCode, LessonContent
from services.generation import text as tx
from services.generation.quality import lesson_findings

C = FindingCode

BINAER = (
    "Im Binärsystem hat jede Stelle den doppelten Wert der Stelle rechts von ihr. Um zwei "
    "Binärzahlen zu addieren, addiert man Stelle für Stelle von rechts und merkt sich den "
    "Übertrag. Das Ergebnis rechnet man zur Probe in eine Dezimalzahl um."
)
CACHING = (
    "A cache keeps a copy of a result close to the reader. When the same request comes "
    "again, the copy is returned at once instead of asking the slow server, which reduces "
    "the latency the user sees. Caching works best for data that rarely changes."
)
PHOTOSYNTHESIS = (
    "Photosynthesis takes in carbon dioxide, water and light energy. It produces glucose, "
    "which the plant uses as food, and releases oxygen into the air."
)


QUESTION = {  # the quiz does not matter here: only objective findings are read
    "prompt": "Which statement is true?",
    "options": [{"text": "The first", "correct": True}, {"text": "The second", "correct": False}],
    "answer_index": 0,
    "explanation": "The first is true.",
    "section_index": 0,
}


def content(title: str, body: str) -> LessonContent:
    return LessonContent.model_validate(
        {"sections": [{"title": title, "body_markdown": body}], "quiz": [QUESTION]}
    )


def not_taught(lesson: LessonContent, objective: str, lang: str) -> bool:
    return any(f.code is C.objective_not_taught for f in lesson_findings(lesson, [objective], lang))


def test_a_compound_is_not_taught_by_its_head_alone() -> None:
    assert tx.present({"hexadezimalzahl"}, {"dezimalzahl"}, "de") == set()
    assert tx.present({"speicher"}, {"zwischenspeicher"}, "de") == {"speicher"}


def test_a_verb_says_its_noun_whose_ending_changes_the_stem() -> None:
    # "collide" teaches "collisions" (the ending changes the stem's last letter); words
    # sharing only four letters stay apart.
    assert tx.present({"collision"}, {"collide"}, "en") == {"collision"}
    assert tx.present({"contrast"}, {"contain"}, "en") == set()


def test_a_german_objective_whose_specific_term_is_missing_is_not_taught() -> None:
    # "addieren" is taught (binary numbers are added); "Hexadezimalzahlen" is not: one of two
    # terms was enough before, and the lesson passed.
    lesson = content("Binärzahlen addieren", BINAER)
    assert not_taught(lesson, "Hexadezimalzahlen addieren", "de")
    assert not not_taught(lesson, "Binärzahlen addieren", "de")


def test_specific_terms_are_the_clearly_rarer_words() -> None:
    assert tx.specific({"hexadezimalzahl", "addieren"}, "de") == {"hexadezimalzahl"}
    assert tx.specific({"role", "chlorophyll"}, "en") == {"chlorophyll"}
    assert tx.specific({"price", "demand"}, "en") == set()  # nothing stands out


def test_an_english_objective_naming_an_untaught_concept_is_not_taught() -> None:
    # Three of its four terms are in the lesson ("serve" as in "server", "repeated requests"),
    # which was enough; "memoization", the one it is about, is not.
    lesson = content("Caching", CACHING)
    assert not_taught(lesson, "Explain how memoization serves repeated requests", "en")
    assert not not_taught(lesson, "Explain how a cache serves repeated requests", "en")


def test_inputs_and_outputs_are_taught_by_what_goes_in_and_comes_out() -> None:
    lesson = content("What goes in and what comes out", PHOTOSYNTHESIS)
    assert not not_taught(lesson, "Describe the inputs and outputs of photosynthesis", "en")


def test_a_paraphrase_holds_one_way_only() -> None:
    assert tx.present({"output"}, {"produce"}, "en") == {"output"}
    assert tx.present({"produce"}, {"output"}, "en") == set()


def test_german_starting_materials_are_taught_by_what_the_plant_needs() -> None:
    body = (
        "Die Pflanze benötigt Kohlendioxid, Wasser und Licht. Daraus erzeugt die Photosynthese "
        "Traubenzucker und setzt Sauerstoff frei, den wir atmen."
    )
    lesson = content("Was die Pflanze braucht", body)
    assert not not_taught(lesson, "Ausgangsstoffe und Produkte der Photosynthese beschreiben", "de")
    assert not_taught(lesson, "Die Zellatmung der Mitochondrien beschreiben", "de")


def test_spanish_question_words_with_accents_are_not_terms() -> None:
    assert tx.objective_lemmas("Explicar qué produce la fotosíntesis", "es") == {
        "producir",
        "fotosíntesis",
    }


PYTHAGORE = (
    "Dans un triangle rectangle, le côté opposé à l'angle droit s'appelle l'hypoténuse. Le "
    "théorème de Pythagore dit que le carré de l'hypoténuse est égal à la somme des carrés "
    "des deux autres côtés : a² + b² = c²."
)
MAGNET = (
    "Jeder Magnet hat einen Nordpol und einen Südpol. Gleiche Pole stoßen sich ab, "
    "ungleiche Pole ziehen sich an. Eine Kompassnadel ist ein kleiner drehbarer Magnet."
)


def objective_codes(lesson: LessonContent, objective: str, lang: str) -> set[C]:
    found = lesson_findings(lesson, [objective], lang)
    return {f.code for f in found if f.objective is not None}


def test_framing_verbs_of_french_spanish_and_german_objectives_are_not_terms() -> None:
    """'Énoncer' (state), 'enunciar', 'angeben', 'erkennen' say what to do with what is
    taught, as 'state' and 'recognise' do in English; a lesson need not write them."""
    lesson = content("Le théorème", PYTHAGORE)
    assert not objective_codes(lesson, "Énoncer le théorème de Pythagore", "fr")
    assert "enunciar" not in tx.objective_lemmas("Enunciar el teorema de Pitágoras", "es")
    magnet = content("Pole", MAGNET)
    assert not objective_codes(magnet, "Die Pole eines Magneten angeben", "de")
    assert not objective_codes(magnet, "Gleiche und ungleiche Pole erkennen", "de")
    # ... while an objective whose own terms the lesson does not say is still not taught.
    circle = "Énoncer la formule de l'aire d'un cercle"
    assert objective_codes(lesson, circle, "fr") == {C.objective_not_taught}


def test_a_lookup_is_taught_by_finding_or_searching() -> None:
    index = (
        "Without help, the database reads every row to find the ones that match. An index "
        "keeps the values of one column in sorted order, each with a pointer to its row."
    )
    lesson = content("Finding rows without reading them all", index)
    assert not objective_codes(lesson, "Explain how an index speeds up lookups", "en")
    assert objective_codes(lesson, "Explain how an index is rebuilt after a crash", "en")
