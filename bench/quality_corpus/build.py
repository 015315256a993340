"""Builds the labelled quality corpus (``corpus.json``) from the good lessons in
``bases_en.py``/``bases_de.py`` and the defects below, each a realistic edit of one good lesson
that introduces exactly one defect class. The split is by topic: a defect inherits its base
lesson's split, so no held-out topic is seen while tuning.

    python -m bench.quality_corpus.build      # rewrites bench/quality_corpus/corpus.json
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.quality_corpus.bases_batch3 import BASES as BATCH3
from bench.quality_corpus.bases_batch4 import BASES as BATCH4
from bench.quality_corpus.bases_batch5 import BASES as BATCH5
from bench.quality_corpus.bases_batch6 import BASES as BATCH6
from bench.quality_corpus.bases_batch7 import BASES as BATCH7
from bench.quality_corpus.bases_batch8 import BASES as BATCH8
from bench.quality_corpus.bases_batch9 import BASES as BATCH9
from bench.quality_corpus.bases_batch10 import BASES as BATCH10
from bench.quality_corpus.bases_de import BASES as DE
from bench.quality_corpus.bases_en import BASES as EN
from bench.quality_corpus.bases_en import q
from bench.quality_corpus.bases_heldout import BASES as HELDOUT

HERE = Path(__file__).parent
Lesson = dict[str, Any]
Edit = Callable[[Lesson], None]

# The finding codes that count as catching each defect class (offline checks or the judge).
CLASS_CODES: dict[str, set[str]] = {
    "key_structure": {"QUIZ_KEY_COUNT", "QUIZ_KEY_MISMATCH", "QUIZ_KEY_RANGE"},
    "duplicate_options": {"QUIZ_OPTION_DUPLICATE", "QUIZ_OPTION_NEAR_DUPLICATE",
                          "JUDGE_OPTIONS_NOT_DISTINCT"},
    "equal_value_options": {"QUIZ_OPTION_EQUAL_VALUE", "QUIZ_OPTION_DUPLICATE",
                            "JUDGE_OPTIONS_NOT_DISTINCT"},
    "explanation_contradicts": {"QUIZ_EXPLANATION_CONTRADICTS_KEY", "JUDGE_EXPLANATION_DISAGREES"},
    "thin_section": {"SECTION_TOO_THIN"},
    "ungrounded_question": {"QUESTION_NOT_GROUNDED", "QUESTION_SOURCE_MISSING",
                            "QUESTION_WRONG_SOURCE", "JUDGE_NOT_GROUNDED"},
    "objective_only_overview": {"OBJECTIVE_ONLY_IN_OVERVIEW", "OBJECTIVE_NOT_TAUGHT",
                                "JUDGE_OBJECTIVE_NOT_SHOWN"},
    "objective_not_taught": {"OBJECTIVE_NOT_TAUGHT", "OBJECTIVE_ONLY_IN_OVERVIEW",
                             "JUDGE_OBJECTIVE_NOT_SHOWN"},
}  # fmt: skip


def two_correct(question: int, also: int) -> Edit:
    def edit(lesson: Lesson) -> None:
        lesson["quiz"][question]["also_correct"] = also
        lesson["defect"] = {"question": question + 1}

    return edit


def key_points_elsewhere(question: int, index: int) -> Edit:
    def edit(lesson: Lesson) -> None:
        lesson["quiz"][question]["answer_index"] = index  # the marked option stays the key
        lesson["defect"] = {"question": question + 1}

    return edit


def set_option(question: int, option: int, text: str) -> Edit:
    def edit(lesson: Lesson) -> None:
        lesson["quiz"][question]["options"][option] = text
        lesson["defect"] = {"question": question + 1}

    return edit


def explain(question: int, text: str) -> Edit:
    def edit(lesson: Lesson) -> None:
        lesson["quiz"][question]["explanation"] = text
        lesson["defect"] = {"question": question + 1}

    return edit


def first_sentence_only(section: int) -> Edit:
    def edit(lesson: Lesson) -> None:
        title, body = lesson["sections"][section]
        lesson["sections"][section] = (title, body.split(". ")[0] + ".")
        lesson["defect"] = {"section": section + 1}

    return edit


def add_question(question: dict[str, Any]) -> Edit:
    def edit(lesson: Lesson) -> None:
        lesson["quiz"].append(question)
        lesson["defect"] = {"question": len(lesson["quiz"])}

    return edit


def add_objective(objective: str) -> Edit:
    def edit(lesson: Lesson) -> None:
        lesson["objectives"].append(objective)
        lesson["defect"] = {"objective": objective}

    return edit


ANNOUNCE = {
    "en": "In this lesson you will learn to {}.",
    "de": "In dieser Lektion lernen Sie: {}.",
    "es": "En esta lección aprenderás a {}.",
    "fr": "Dans cette leçon, vous apprendrez à {}.",
}


OVERVIEW_TITLES = {"en": "Overview", "de": "Überblick", "es": "Resumen", "fr": "Aperçu"}


def announce_but_drop(section: int) -> Edit:
    """The model lists every objective in an overview, then never writes one section."""

    def edit(lesson: Lesson) -> None:
        had_overview = lesson["sections"][0][0] in OVERVIEW_TITLES.values()
        objectives = "; ".join(o[0].lower() + o[1:] for o in lesson["objectives"])
        overview = ANNOUNCE[lesson["language"]].format(objectives)
        title = OVERVIEW_TITLES[lesson["language"]]
        sections = [s for i, s in enumerate(lesson["sections"]) if i != section]
        sections = [s for s in sections if s[0] not in OVERVIEW_TITLES.values()]
        quiz = []
        for question in lesson["quiz"]:
            if question["section"] == section:
                continue
            moved = question["section"] - (question["section"] > section)
            # The new overview comes first; an old one it replaces kept that place already.
            quiz.append({**question, "section": moved + (not had_overview)})
        lesson["defect"] = {"objective": lesson["objectives"][section - had_overview]}
        lesson["sections"] = [(title, overview), *sections]
        lesson["quiz"] = quiz

    return edit


def insert_question(position: int, question: dict[str, Any]) -> Edit:
    """Like ``add_question``, but the model slipped the question in among the others."""

    def edit(lesson: Lesson) -> None:
        lesson["quiz"].insert(position, question)
        lesson["defect"] = {"question": position + 1}

    return edit


def insert_objective(position: int, objective: str) -> Edit:
    """Like ``add_objective``, but the untaught objective sits in the middle of the plan."""

    def edit(lesson: Lesson) -> None:
        lesson["objectives"].insert(position, objective)
        lesson["defect"] = {"objective": objective}

    return edit


def one_based_index(question: int) -> Edit:
    """The model counted options from 1: answer_index is one past the option marked correct."""

    def edit(lesson: Lesson) -> None:
        lesson["quiz"][question]["answer_index"] = lesson["quiz"][question]["key"] + 1
        lesson["defect"] = {"question": question + 1}

    return edit


def no_key_marked(question: int) -> Edit:
    """No option carries correct=true; answer_index still names the right one."""

    def edit(lesson: Lesson) -> None:
        entry = lesson["quiz"][question]
        entry["answer_index"] = entry["key"]
        entry["key"] = -1
        lesson["defect"] = {"question": question + 1}

    return edit


def _without_section(lesson: Lesson, section: int) -> None:
    lesson["sections"] = [s for i, s in enumerate(lesson["sections"]) if i != section]
    quiz = []
    for question in lesson["quiz"]:
        if question["section"] == section:
            continue
        moved = question["section"] - (question["section"] > section)
        quiz.append({**question, "section": moved})
    lesson["quiz"] = quiz


def drop_section(section: int, objective: int) -> Edit:
    """The model never wrote the section for one objective (nor its questions); the rest of
    the lesson, including an overview or summary that names the objective, stays as written."""

    def edit(lesson: Lesson) -> None:
        lesson["defect"] = {"objective": lesson["objectives"][objective]}
        _without_section(lesson, section)

    return edit


def overview_but_drop(section: int, objective: int, overview: str) -> Edit:
    """The model opens with an overview in its own words that promises every objective, then
    never writes the section for one of them (``announce_but_drop`` with paraphrase)."""

    def edit(lesson: Lesson) -> None:
        lesson["defect"] = {"objective": lesson["objectives"][objective]}
        _without_section(lesson, section)
        title = OVERVIEW_TITLES[lesson["language"]]
        if lesson["sections"][0][0] in OVERVIEW_TITLES.values():
            lesson["sections"][0] = (title, overview)
            return
        lesson["sections"].insert(0, (title, overview))
        lesson["quiz"] = [{**qn, "section": qn["section"] + 1} for qn in lesson["quiz"]]

    return edit


DEFECTS: list[tuple[str, str, list[Edit]]] = [
    # --- key structure
    ("en-caching", "key_structure", [two_correct(0, 3)]),
    ("en-git", "key_structure", [key_points_elsewhere(1, 2)]),
    ("de-prozent", "key_structure", [two_correct(1, 0)]),
    ("en-passwords", "key_structure", [key_points_elsewhere(0, 1)]),
    # --- duplicate options (the same option twice, as models repeat them)
    ("en-http", "duplicate_options", [set_option(0, 3, "4XX")]),
    ("en-exponents", "duplicate_options", [set_option(0, 3, "x^5")]),
    ("de-git", "duplicate_options", [set_option(0, 3, "git switch -c  feature")]),
    ("en-photosynthesis", "duplicate_options", [set_option(0, 2, "oxygen.")]),
    # --- options equal in value
    ("en-percentages", "equal_value_options", [set_option(0, 0, "3/4")]),
    ("en-interest", "equal_value_options", [set_option(0, 2, "121.0")]),
    ("de-prozent", "equal_value_options", [set_option(0, 0, "0,4")]),
    ("de-binaer", "equal_value_options", [set_option(0, 3, "11,0")]),
    ("en-percentages", "equal_value_options", [set_option(2, 3, "50 %")]),
    # --- an explanation that argues for another option
    ("en-caching", "explanation_contradicts", [explain(0, "Compressing the database makes "
     "every lookup smaller, which is why the answer comes back faster.")]),
    ("en-interest", "explanation_contradicts", [explain(0, "Each year adds 10 to the original "
     "100, so after two years the balance is 120.")]),
    ("de-cache", "explanation_contradicts", [explain(0, "Der Cache verschlüsselt jede Anfrage, "
     "deshalb ist sie schneller.")]),
    ("en-sql-joins", "explanation_contradicts", [explain(1, "Without a matching order there is "
     "nothing to show for that customer, so the customer does not appear.")]),
    ("en-http", "explanation_contradicts", [explain(2, "The correct answer is A: servers are "
     "flaky, so the same request will succeed next time.")]),
    # --- thin sections
    ("en-sorting", "thin_section", [first_sentence_only(1)]),
    ("en-git", "thin_section", [first_sentence_only(0)]),
    ("de-photosynthese", "thin_section", [first_sentence_only(1)]),
    ("de-wasser", "thin_section", [first_sentence_only(1)]),
    # --- questions about something no section teaches
    ("en-caching", "ungrounded_question", [add_question(q(
        "Which eviction policy removes the least recently used entry first?",
        ["FIFO", "LRU", "Random", "LFU"], 1,
        "LRU evicts the least recently used entry first.", 2))]),
    ("en-exponents", "ungrounded_question", [add_question(q(
        "What is the derivative of x³?", ["3x²", "x²", "3x", "x⁴/4"], 0,
        "By the power rule the derivative of x³ is 3x².", 1))]),
    ("de-git", "ungrounded_question", [add_question(q(
        "Was bewirkt git rebase?", ["Es setzt Commits auf eine neue Basis",
         "Es löscht den Zweig", "Es lädt Commits hoch", "Nichts"], 0,
        "Rebase spielt die Commits auf einer neuen Basis erneut ab.", 1))]),
    ("en-passwords", "ungrounded_question", [add_question(q(
        "What does two-factor authentication add to a login?",
        ["A second proof of identity such as a one-time code", "A longer password",
         "A faster hash", "A shared salt"], 0,
        "Two-factor authentication asks for a second proof, such as a one-time code.", 1))]),
    # --- an objective only announced in an overview
    ("en-caching", "objective_only_overview", [announce_but_drop(2)]),
    ("en-http", "objective_only_overview", [announce_but_drop(1)]),
    ("de-photosynthese", "objective_only_overview", [announce_but_drop(1)]),
    ("en-photosynthesis", "objective_only_overview", [announce_but_drop(1)]),
    # --- an objective no section teaches
    ("en-sorting", "objective_not_taught", [add_objective("Create a pivot table")]),
    ("en-interest", "objective_not_taught", [add_objective("Account for inflation when "
                                                           "comparing returns")]),
    ("de-cache", "objective_not_taught", [add_objective("Verteilte Caches mit Konsistenz-"
                                                        "protokollen betreiben")]),
    ("de-binaer", "objective_not_taught", [add_objective("Hexadezimalzahlen addieren")]),
    # --- the second held-out set (bases_heldout.py), one or two per class
    ("en-dns", "key_structure", [two_correct(2, 1)]),
    ("es-fotosintesis", "key_structure", [key_points_elsewhere(0, 0)]),
    ("en-recursion", "duplicate_options", [set_option(2, 3, "factorial(0)")]),
    ("de-dns", "duplicate_options", [set_option(1, 3, "einen Root-Server")]),
    ("en-fractions", "equal_value_options", [set_option(0, 3, "14/24")]),
    ("de-zinsen", "equal_value_options", [set_option(0, 1, "121,00 Euro")]),
    ("en-supply", "explanation_contradicts", [explain(2, "Above equilibrium buyers want more "
     "than sellers offer, so goods run out: a shortage.")]),
    ("de-zinsen", "explanation_contradicts", [explain(2, "Mit einfachen Zinsen kommen im "
     "zweiten Jahr die Zinsen der Zinsen hinzu, also 121 Euro.")]),
    ("en-recursion", "thin_section", [first_sentence_only(1)]),
    ("es-fotosintesis", "thin_section", [first_sentence_only(1)]),
    ("en-dns", "ungrounded_question", [add_question(q(
        "Which record type maps a name to an IPv6 address?", ["A", "AAAA", "MX", "CNAME"], 1,
        "AAAA records hold IPv6 addresses.", 0))]),
    ("de-zinsen", "ungrounded_question", [add_question(q(
        "Wie hoch ist die Kapitalertragsteuer in Deutschland?", ["25 %", "10 %", "50 %",
        "0 %"], 0, "Die Abgeltungsteuer beträgt 25 %.", 1))]),
    ("en-supply", "objective_only_overview", [announce_but_drop(1)]),
    ("de-dns", "objective_only_overview", [announce_but_drop(1)]),
    ("en-fractions", "objective_not_taught", [add_objective("Multiply mixed numbers")]),
    ("es-fotosintesis", "objective_not_taught", [add_objective("Comparar la respiración "
     "celular con la fotosíntesis")]),
    # --- added with issue 23's objective-term checks (bases_heldout.py, end), not tuned on
    ("en-vaccines", "objective_not_taught", [add_objective("Explain how mRNA vaccines are "
     "stored")]),
    ("en-vaccines", "objective_only_overview", [announce_but_drop(1)]),
    ("en-vaccines", "explanation_contradicts", [explain(2, "Germs become harmless over the "
     "years, so the booster is only a precaution.")]),
    ("de-hebel", "objective_not_taught", [add_objective("Das Drehmoment an einer Rolle "
     "berechnen")]),
    ("de-hebel", "objective_only_overview", [announce_but_drop(1)]),
    ("de-hebel", "thin_section", [first_sentence_only(1)]),
    # --- batch 3 (bases_batch3.py), written before the phrase-level objective check and
    # committed before any check was run on it; weighted to the objective classes
    ("en-indexes", "objective_not_taught", [add_objective("Explain how a composite index "
     "orders its columns")]),
    ("en-indexes", "objective_only_overview", [announce_but_drop(1)]),
    ("en-indexes", "ungrounded_question", [add_question(q(
        "Which data structure do most databases use for an index?",
        ["A hash map", "A B-tree", "A linked list", "A stack"], 1,
        "Most databases store indexes as B-trees, which stay balanced as rows change.", 0))]),
    ("en-plates", "objective_only_overview", [announce_but_drop(1)]),
    ("en-plates", "explanation_contradicts", [explain(1, "Plates race along at several metres "
     "every day, which is why coastlines change so quickly.")]),
    ("en-plates", "objective_not_taught", [add_objective("Explain how mountain ranges form "
     "where plates collide")]),
    ("en-greenhouse", "objective_not_taught", [add_objective("Explain the role of water vapour "
     "feedback")]),
    ("en-greenhouse", "objective_only_overview", [announce_but_drop(1)]),
    ("en-greenhouse", "ungrounded_question", [add_question(q(
        "Which treaty of 1997 set binding targets for emissions?",
        ["The Montreal Protocol", "The Kyoto Protocol", "The Paris Agreement",
         "The Geneva Convention"], 1,
        "The Kyoto Protocol of 1997 set binding emission targets.", 1))]),
    ("en-memory", "objective_not_taught", [add_objective("Explain how a garbage collector frees "
     "heap memory")]),
    ("en-memory", "objective_only_overview", [announce_but_drop(1)]),
    ("en-memory", "key_structure", [two_correct(2, 0)]),
    ("es-ecuaciones", "objective_not_taught", [add_objective("Resolver un sistema de dos "
     "ecuaciones lineales")]),
    ("es-ecuaciones", "objective_only_overview", [announce_but_drop(1)]),
    ("es-ecuaciones", "equal_value_options", [set_option(0, 2, "x = 10/2")]),
    ("fr-coeur", "objective_not_taught", [add_objective("Expliquer comment le cœur règle son "
     "rythme")]),
    ("fr-coeur", "objective_only_overview", [announce_but_drop(1)]),
    ("fr-coeur", "thin_section", [first_sentence_only(1)]),
    ("de-stromkreis", "objective_not_taught", [add_objective("Den Gesamtwiderstand einer "
     "Parallelschaltung berechnen")]),
    ("de-stromkreis", "objective_only_overview", [announce_but_drop(1)]),
    ("de-stromkreis", "equal_value_options", [set_option(0, 3, "120 Milliampere")]),
    # --- batch 4 (bases_batch4.py), written for the relative objective evidence (issue 23)
    # and committed before any check was run on it; objective defects only. A dropped
    # section is one that teaches a single objective.
    ("en-tides", "objective_not_taught", [add_objective("Explain how a tidal power station "
     "generates electricity")]),
    ("en-tides", "objective_only_overview", [announce_but_drop(1)]),
    ("en-binsearch", "objective_not_taught", [add_objective("Write binary search as a "
     "recursive function")]),
    ("en-binsearch", "objective_only_overview", [announce_but_drop(1)]),
    ("es-volcanes", "objective_not_taught", [add_objective("Describir cómo se forman las islas "
     "volcánicas")]),
    ("es-volcanes", "objective_only_overview", [announce_but_drop(1)]),
    ("fr-pythagore", "objective_not_taught", [add_objective("Démontrer la réciproque du "
     "théorème de Pythagore")]),
    ("fr-pythagore", "objective_only_overview", [announce_but_drop(1)]),
    ("de-auftrieb", "objective_not_taught", [add_objective("Die Dichte einer Flüssigkeit mit "
     "einem Aräometer messen")]),
    ("de-auftrieb", "objective_only_overview", [announce_but_drop(1)]),
    ("es-ahorro", "objective_not_taught", [add_objective("Elegir un fondo de inversión "
     "indexado")]),
    # --- batch 5 (bases_batch5.py), written 2026-12-06 after batch 4 had been seen and
    # committed before any check was run on it or changed: every defect class, four languages.
    # A dropped section is one that teaches a single objective.
    ("en-tcp", "key_structure", [two_correct(1, 0)]),
    ("fr-moyenne", "key_structure", [key_points_elsewhere(2, 0)]),
    ("de-magnet", "duplicate_options", [set_option(1, 2, "sie stoßen sich ab")]),
    ("en-compost", "duplicate_options", [set_option(2, 3, "Water")]),
    ("en-inflation", "equal_value_options", [set_option(0, 3, "0.05")]),
    ("fr-moyenne", "equal_value_options", [set_option(0, 1, "14,0")]),
    ("en-tcp", "explanation_contradicts", [explain(0, "The server replies with a plain ACK, "
     "since all it has to do is confirm the client's SYN.")]),
    ("en-compost", "explanation_contradicts", [explain(1, "The sun warms the top layer of the "
     "pile every day, and that is the heat you feel when you put your hand in.")]),
    ("es-estaciones", "explanation_contradicts", [explain(0, "En verano la Tierra está más "
     "cerca del Sol, así que recibe más calor.")]),
    ("de-mitose", "thin_section", [first_sentence_only(1)]),
    ("en-regex", "thin_section", [first_sentence_only(0)]),
    ("en-tcp", "ungrounded_question", [add_question(q(
        "Which port does HTTPS use by default?", ["80", "443", "22", "8080"], 1,
        "HTTPS listens on port 443 unless the server is configured otherwise.", 2))]),
    ("fr-moyenne", "ungrounded_question", [add_question(q(
        "Que mesure l'écart-type d'une série ?",
        ["La dispersion des valeurs autour de la moyenne", "La valeur la plus fréquente",
         "La somme des valeurs", "Le nombre de valeurs"], 0,
        "L'écart-type indique à quel point les valeurs s'éloignent en moyenne de la moyenne.",
        1))]),
    ("es-estaciones", "ungrounded_question", [add_question(q(
        "¿Qué planeta tiene el eje más inclinado del sistema solar?",
        ["Urano", "Marte", "Venus", "Júpiter"], 0,
        "Urano gira casi tumbado, con el eje inclinado unos 98 grados.", 1))]),
    ("en-compost", "objective_only_overview", [announce_but_drop(1)]),
    ("fr-moyenne", "objective_only_overview", [announce_but_drop(1)]),
    ("es-estaciones", "objective_only_overview", [announce_but_drop(1)]),
    ("de-magnet", "objective_not_taught", [add_objective("Einen Elektromagneten bauen")]),
    ("en-inflation", "objective_not_taught", [add_objective("Explain how central banks use "
     "interest rates to control inflation")]),
    ("en-regex", "objective_not_taught", [add_objective("Use capture groups to extract parts "
     "of a match")]),
    ("de-mitose", "objective_not_taught", [add_objective("Die Meiose von der Mitose "
     "unterscheiden")]),
    # --- batch 6 (bases_batch6.py), written 2026-12-06 05:08-05:15 UTC by a helper who had
    # not read the checks' or the judge's code, and committed before any check was run on it:
    # every defect class, four languages, at least three per hard class.
    ("de-normalform", "key_structure", [two_correct(2, 0)]),
    ("fr-vitesse", "key_structure", [one_based_index(2)]),
    ("es-circulo", "key_structure", [no_key_marked(3)]),
    ("en-hashtables", "duplicate_options", [set_option(2, 1, "O(1)")]),
    ("de-normalform", "duplicate_options", [set_option(3, 3, "Man lagert Artikelname in eine "
     "Tabelle Artikel aus.")]),
    ("fr-digestion", "duplicate_options", [set_option(2, 3, "Dans l\u2019intestin grêle")]),
    ("en-probability", "equal_value_options", [set_option(3, 0, "0.25")]),
    ("de-dreisatz", "equal_value_options", [set_option(0, 2, "5,6 €")]),
    ("es-circulo", "equal_value_options", [set_option(1, 3, "1,57 m")]),
    # reasons its way to a distractor's value without naming the option
    ("en-probability", "explanation_contradicts", [explain(2, "Each die gives a 1/6 chance of "
     "a six, and with two dice you get two chances, so together 1/6 + 1/6 = 2/6.")]),
    # describes a distractor ("waning crescent") in other words
    ("en-moonphases", "explanation_contradicts", [explain(1, "After the first quarter the lit "
     "part starts to shrink again, so the Moon next appears as a thin crescent.")]),
    ("de-dreisatz", "explanation_contradicts", [explain(2, "Weniger Pumpen schaffen weniger "
     "pro Stunde, also rechnet man 6 : 4 · 3 und kommt auf 4,5 Stunden.")]),
    ("fr-vitesse", "explanation_contradicts", [explain(0, "1 h 30 s'écrit 1,3 h, donc "
     "v = 45 ÷ 1,3 ≈ 34,6 km/h.")]),
    ("es-circulo", "explanation_contradicts", [explain(3, "Como ya nos dan el diámetro, no hace "
     "falta dividir: se usa directamente como radio en A = π · r².")]),
    ("en-bread", "thin_section", [first_sentence_only(2)]),
    ("de-solarzelle", "thin_section", [first_sentence_only(1)]),
    ("es-html", "thin_section", [first_sentence_only(1)]),
    # questions on an adjacent topic that share words with the lesson
    ("en-hashtables", "ungrounded_question", [add_question(q(
        "Which hash function is designed for storing passwords?",
        ["CRC32", "bcrypt", "MD5", "SHA-1"], 1,
        "bcrypt is salted and deliberately slow, which makes guessing stored passwords "
        "expensive.", 1))]),
    ("en-moonphases", "ungrounded_question", [add_question(q(
        "What happens during a total solar eclipse?",
        ["Earth's shadow falls on the Moon", "The Moon blocks the Sun for part of Earth",
         "The Sun moves behind Earth", "The Moon stops reflecting light"], 1,
        "The Moon passes exactly between the Sun and Earth, and its shadow falls on part of "
        "Earth.", 0))]),
    ("de-solarzelle", "ungrounded_question", [insert_question(2, q(
        "Wozu dient der Wechselrichter einer Photovoltaikanlage?",
        ["Er speichert den Strom für die Nacht", "Er macht aus Gleichstrom Wechselstrom",
         "Er kühlt die Module im Sommer", "Er dreht die Module zur Sonne"], 1,
        "Haushaltsgeräte brauchen Wechselstrom, deshalb wandelt der Wechselrichter den "
        "Gleichstrom der Module um.", 0))]),
    ("fr-digestion", "ungrounded_question", [add_question(q(
        "Quel organe fabrique la bile ?",
        ["Le pancréas", "Le foie", "La vésicule biliaire", "L'estomac"], 1,
        "La bile est fabriquée par le foie, puis stockée dans la vésicule biliaire avant "
        "d'aider à digérer les graisses.", 2))]),
    ("es-html", "ungrounded_question", [insert_question(1, q(
        "¿Qué propiedad cambia el color del texto de una página?",
        ["color", "font-color", "text-color", "background"], 0,
        "En CSS, la propiedad color fija el color del texto, por ejemplo p { color: red; }.",
        0))]),
    # the objective is named only in an overview or a closing summary; its section is missing
    ("en-hashtables", "objective_only_overview", [drop_section(2, 1)]),
    ("en-bread", "objective_only_overview", [drop_section(1, 1)]),
    ("fr-revolution", "objective_only_overview", [overview_but_drop(1, 1, "Cette leçon montre "
     "pourquoi un royaume ruiné et affamé se soulève en 1789, puis retrace dans l'ordre les "
     "journées qui, de mai à août, renversent l'ordre ancien.")]),
    ("es-html", "objective_only_overview", [announce_but_drop(0)]),
    # objectives in the plan that no section teaches, some sharing words with the lesson
    ("en-moonphases", "objective_not_taught", [add_objective("Explain why we always see the "
     "same side of the Moon")]),
    ("de-solarzelle", "objective_not_taught", [insert_objective(1, "Den Eigenverbrauch mit "
     "einem Batteriespeicher erhöhen")]),
    ("de-dreisatz", "objective_not_taught", [add_objective("Prozentwerte mit dem Dreisatz "
     "berechnen")]),
    ("fr-revolution", "objective_not_taught", [add_objective("Expliquer comment la monarchie "
     "prend fin en 1792")]),
    ("es-html", "objective_not_taught", [add_objective("Dar estilo a los enlaces con CSS")]),
    # --- batch 7 (bases_batch7.py), written 2026-12-06 06:30-06:35 UTC by a helper who had
    # not read the checks' or the judge's code, and committed before any check was run on it:
    # every defect class, four languages, at least three per class.
    ("en-rainbows", "key_structure", [key_points_elsewhere(1, 0)]),
    ("de-lineare", "key_structure", [two_correct(3, 0)]),
    ("fr-listes", "key_structure", [one_based_index(0)]),
    # the same option again in other notation or case
    ("en-markdown", "duplicate_options", [set_option(0, 3, "### Setup")]),
    ("fr-chaines", "duplicate_options", [set_option(1, 0, "herbe -> sauterelle -> grenouille "
     "-> héron")]),
    ("es-celula", "duplicate_options", [set_option(2, 3, "la pared celular")]),
    ("en-ratios", "equal_value_options", [set_option(2, 3, "0.3 kg")]),
    ("de-lineare", "equal_value_options", [set_option(0, 3, "6/3")]),
    ("es-energia", "equal_value_options", [set_option(1, 0, "98,0 J")]),
    # explanations that reason their way to a distractor
    ("en-ratios", "explanation_contradicts", [explain(1, "There are 8 shares of 5 € each, and "
     "Ben has 3 of them, so he gets 15 €.")]),
    ("en-rainbows", "explanation_contradicts", [explain(2, "You have to look towards the Sun, "
     "because the raindrops only light up when sunlight shines straight through them at "
     "you.")]),
    ("de-zellatmung", "explanation_contradicts", [explain(1, "Der Abbau der Glucose findet "
     "dort statt, wo sie auch hergestellt wird: in den grünen Chloroplasten.")]),
    ("fr-chaines", "explanation_contradicts", [explain(2, "À chaque maillon, 10 % de "
     "l\u2019énergie passe au suivant : la sauterelle reçoit donc 1 000 kJ, et c\u2019est "
     "cette énergie qui arrive à la grenouille qui la mange.")]),
    ("es-energia", "explanation_contradicts", [explain(3, "La energía cinética es proporcional "
     "a la velocidad, así que si la velocidad se duplica, la energía también se duplica.")]),
    ("en-groupby", "explanation_contradicts", [explain(2, "`WHERE` is the clause for filtering, "
     "so `WHERE SUM(amount) > 40` keeps the customers whose total is above 40.")]),
    ("en-markdown", "thin_section", [first_sentence_only(1)]),
    ("de-lineare", "thin_section", [first_sentence_only(2)]),
    ("fr-listes", "thin_section", [first_sentence_only(1)]),
    # questions on an adjacent topic that share words with the lesson
    ("en-markdown", "ungrounded_question", [add_question(q(
        "Which character separates the columns of a Markdown table?",
        ["`|`", "`#`", "`*`", "`-`"], 0,
        "Columns of a table are separated by pipe characters, with a row of dashes under the "
        "header.", 2))]),
    ("en-rainbows", "ungrounded_question", [add_question(q(
        "Why is the second arc of a double rainbow fainter than the first?",
        ["It is further away from the Sun",
         "The light reflects twice inside each drop and loses some at each reflection",
         "It is made only of red light", "It forms in clouds rather than in rain"], 1,
        "Each extra reflection inside a drop lets some light escape, so the second arc, made "
        "by two reflections, is fainter.", 3))]),
    ("de-zellatmung", "ungrounded_question", [insert_question(2, q(
        "Was entsteht bei der Milchsäuregärung im Muskel?",
        ["Alkohol", "Milchsäure", "Sauerstoff", "Stärke"], 1,
        "Ohne genug Sauerstoff bauen Muskelzellen Glucose nur bis zur Milchsäure ab.", 1))]),
    ("fr-listes", "ungrounded_question", [add_question(q(
        "Que renvoie `sorted([3, 1, 2])` ?",
        ["`[3, 2, 1]`", "`None`", "`[1, 2, 3]`", "`[3, 1, 2]`"], 2,
        "`sorted` renvoie une nouvelle liste triée par ordre croissant, sans modifier "
        "l\u2019originale.", 1))]),
    ("es-celula", "ungrounded_question", [add_question(q(
        "¿Qué orgánulo produce la mayor parte de la energía de la célula?",
        ["Los ribosomas", "La vacuola", "La pared celular", "Las mitocondrias"], 3,
        "Las mitocondrias realizan la respiración celular y producen la mayor parte de la "
        "energía.", 3))]),
    # the objective is named only in an overview, introduction or summary; its section is missing
    ("en-ratios", "objective_only_overview", [announce_but_drop(1)]),
    ("en-rainbows", "objective_only_overview", [overview_but_drop(2, 1, "Rainbows look like "
     "magic, but they come from ordinary facts about light. This lesson follows sunlight into "
     "water and glass, shows how a prism fans white light out into its colours, and then how "
     "raindrops paint a rainbow.")]),
    ("de-zellatmung", "objective_only_overview", [announce_but_drop(1)]),
    ("fr-chaines", "objective_only_overview", [drop_section(2, 2)]),
    ("fr-listes", "objective_only_overview", [overview_but_drop(2, 2, "Cette leçon présente "
     "les listes de Python : comment les créer et lire leurs éléments, comment les modifier, "
     "et comment passer sur chacun de leurs éléments avec une boucle.")]),
    ("es-celula", "objective_only_overview", [drop_section(2, 1)]),
    ("en-groupby", "objective_only_overview", [overview_but_drop(1, 2, "This lesson shows how "
     "GROUP BY turns many rows into one per group, how aggregates such as SUM and COUNT "
     "summarise each group, and how HAVING keeps only the groups you want.")]),
    # objectives in the plan that no section teaches, some sharing words with the lesson
    ("en-markdown", "objective_not_taught", [add_objective("Insert an image with alt text")]),
    ("en-rainbows", "objective_not_taught", [add_objective("Explain why the sky is blue")]),
    ("de-lineare", "objective_not_taught", [add_objective("Die Nullstelle einer linearen "
     "Funktion berechnen")]),
    ("fr-chaines", "objective_not_taught", [insert_objective(1, "Représenter un réseau "
     "trophique")]),
    ("es-energia", "objective_not_taught", [add_objective("Calcular la potencia de una "
     "máquina")]),
    ("en-groupby", "objective_not_taught", [add_objective("Sort the grouped results with "
     "ORDER BY")]),
    # --- batch 8 (bases_batch8.py), written 2026-12-06 18:28-18:45 UTC by a helper who had
    # not read the checks' or the judge's code, and committed before any check was run on it:
    # every defect class, four languages, at least three per class.
    ("en-forloops", "key_structure", [one_based_index(1)]),
    ("de-schall", "key_structure", [two_correct(3, 1)]),
    ("fr-passecompose", "key_structure", [no_key_marked(0)]),
    ("es-primos", "key_structure", [key_points_elsewhere(0, 3)]),
    # the same option again in other notation, inflection or wording
    ("en-forloops", "duplicate_options", [set_option(1, 3, "[2, 3, 4, 5]")]),
    ("fr-passecompose", "duplicate_options", [set_option(2, 3, "arrivées")]),
    ("fr-dictionnaires", "duplicate_options", [set_option(0, 3, "Une exception `KeyError`")]),
    ("es-escalas", "duplicate_options", [set_option(3, 2, "El de escala 1:10 000")]),
    # the key again in another unit or form
    ("en-density", "equal_value_options", [set_option(0, 2, "2500 kg/m³")]),
    ("de-volumen", "equal_value_options", [set_option(2, 3, "2000 dm³")]),
    ("fr-thales", "equal_value_options", [set_option(2, 3, "60 mm")]),
    ("es-escalas", "equal_value_options", [set_option(1, 1, "3000 m")]),
    # explanations that reason their way to a distractor
    ("en-forloops", "explanation_contradicts", [explain(3, "Each pass stores the current "
     "item in `total`, so when the loop ends `total` holds the last item, 8.")]),
    ("de-volumen", "explanation_contradicts", [explain(1, "Man setzt die gegebene Länge direkt "
     "in V = π · r² · h ein: π · 6² · 10 ≈ 1131 cm³.")]),
    ("fr-passecompose", "explanation_contradicts", [explain(1, "Partir est un verbe d\u2019action "
     "comme manger ; il se conjugue donc avec avoir, comme la plupart des verbes.")]),
    ("fr-thales", "explanation_contradicts", [explain(3, "On a AN/AC = 2/8 = 0,25, donc "
     "BC = MN × 0,25 = 0,75 cm.")]),  # noqa: RUF001
    ("es-escalas", "explanation_contradicts", [explain(2, "Para pasar de la realidad al mapa se "
     "multiplica por el denominador: el sendero ocupa 40 cm.")]),
    ("en-ph", "thin_section", [first_sentence_only(2)]),
    ("de-volumen", "thin_section", [first_sentence_only(1)]),
    ("fr-dictionnaires", "thin_section", [first_sentence_only(2)]),
    ("es-primos", "thin_section", [first_sentence_only(1)]),
    # questions on an adjacent topic that share words with the lesson
    ("en-ph", "ungrounded_question", [add_question(q(
        "Which gas is given off when an acid reacts with a metal such as zinc?",
        ["Oxygen", "Hydrogen", "Carbon dioxide", "Chlorine"], 1,
        "Acids react with many metals to form a salt and hydrogen gas, which pops when lit.",
        3))]),
    ("en-density", "ungrounded_question", [insert_question(2, q(
        "What does Archimedes' principle say about the upward force on an object in water?",
        ["It equals the weight of the water the object displaces",
         "It equals the weight of the object itself", "It is always zero for metals",
         "It grows with the depth of the water"], 0,
        "The upward push, or buoyant force, equals the weight of the displaced water; an "
        "object floats when this force can balance its weight.", 2))]),
    ("de-schall", "ungrounded_question", [add_question(q(
        "In welcher Einheit gibt man die Lautstärke eines Geräuschs an?",
        ["Hertz", "Dezibel", "Watt", "Newton"], 1,
        "Die Lautstärke wird in Dezibel (dB) gemessen; 10 dB mehr empfinden wir etwa als "
        "doppelt so laut.", 2))]),
    ("fr-dictionnaires", "ungrounded_question", [add_question(q(
        "Que vaut `{n: n * n for n in range(3)}` ?",
        ["`{0: 0, 1: 1, 2: 4}`", "`[0, 1, 4]`", "`{1: 1, 2: 4, 3: 9}`", "`{0, 1, 4}`"], 0,
        "Une compréhension de dictionnaire crée une paire `n: n * n` pour chaque n de 0 à 2.",
        2))]),
    # the objective is named only in an overview, introduction or summary; its section is missing
    ("en-ph", "objective_only_overview", [overview_but_drop(2, 1, "Lemon juice tastes sour and "
     "soap feels slippery. This lesson explains the number that measures acidity, sorts "
     "everyday liquids into acids and bases, and shows how an acid and a base cancel each "
     "other out when they are mixed.")]),
    ("de-schall", "objective_only_overview", [announce_but_drop(1)]),
    ("de-volumen", "objective_only_overview", [drop_section(1, 1)]),
    ("fr-thales", "objective_only_overview", [overview_but_drop(1, 0, "Le théorème de Thalès "
     "permet de calculer des longueurs sans les mesurer. Nous verrons dans quelle figure il "
     "s\u2019applique, les rapports qu\u2019il fournit, puis comment trouver une longueur "
     "inconnue grâce à eux.")]),
    ("es-escalas", "objective_only_overview", [drop_section(3, 2)]),
    # objectives in the plan that no section teaches, some sharing words with the lesson
    ("en-density", "objective_not_taught", [add_objective("Convert a density between g/cm³ "
     "and kg/m³")]),
    ("de-schall", "objective_not_taught", [add_objective("Erklären, wie ein Echo entsteht")]),
    ("fr-passecompose", "objective_not_taught", [insert_objective(1, "Distinguer le passé "
     "composé de l\u2019imparfait")]),
    ("es-primos", "objective_not_taught", [add_objective("Calcular el mínimo común múltiplo "
     "de dos números")]),
    # --- batch 9 (bases_batch9.py), written 2026-12-06 19:10-19:30 UTC by helper h23j, who had
    # not read the checks' or the judge's code, and committed before any check was run on it:
    # every defect class four times, four languages.
    ("en-area", "key_structure", [two_correct(2, 3)]),
    ("de-json", "key_structure", [one_based_index(2)]),
    ("es-angulos", "key_structure", [no_key_marked(1)]),
    ("fr-adjectifs", "key_structure", [key_points_elsewhere(2, 0)]),
    # the same option twice, with a changed letter case, article or punctuation
    ("en-bigo", "duplicate_options", [set_option(2, 2, "Reading the first element of the list")]),
    ("de-pendel", "duplicate_options", [set_option(2, 1, "Sie bleibt gleich.")]),
    ("fr-discriminant", "duplicate_options", [set_option(1, 2, "aucune")]),
    ("es-funciones", "duplicate_options", [set_option(3, 0, "None")]),
    # the key again in another unit or notation
    ("en-area", "equal_value_options", [set_option(3, 0, "80 dm²")]),
    ("en-halflife", "equal_value_options", [set_option(3, 3, "17,190 years")]),
    ("de-pendel", "equal_value_options", [set_option(0, 3, "4,0 s")]),
    ("es-angulos", "equal_value_options", [set_option(2, 3, "4 · 180°")]),
    # explanations that reason their way to a distractor
    ("en-bigo", "explanation_contradicts", [explain(1, "Three times the input means three "
     "times the work: 3 · 2 s = 6 s.")]),
    ("de-lgs", "explanation_contradicts", [explain(0, "Einsetzen ergibt 2x + x + 2 = 14, "
     "also 3x = 18 und x = 6.")]),
    ("fr-adjectifs", "explanation_contradicts", [explain(1, "Normal est un adjectif "
     "régulier : on ajoute simplement un -s au pluriel, comme dans intéressants.")]),
    ("es-funciones", "explanation_contradicts", [explain(1, "La resta siempre se hace del "
     "número mayor al menor, así que restar(3, 8) calcula 8 - 3 = 5.")]),
    ("en-halflife", "thin_section", [first_sentence_only(2)]),
    ("de-json", "thin_section", [first_sentence_only(2)]),
    ("fr-discriminant", "thin_section", [first_sentence_only(1)]),
    ("es-angulos", "thin_section", [first_sentence_only(3)]),
    # questions on an adjacent topic that share words with the lesson
    ("en-area", "ungrounded_question", [add_question(q(
        "What is the area of a circle with a radius of 3 cm?",
        ["About 9.4 cm²", "About 18.8 cm²", "About 28.3 cm²", "About 113 cm²"], 2,
        "The area of a circle is A = π · r², so π · 3² ≈ 28.3 cm².", 2))]),
    ("de-pendel", "ungrounded_question", [add_question(q(
        "Wovon hängt die Schwingungsdauer eines Federpendels ab?",
        ["Von der Masse und der Federhärte", "Nur von der Länge der Feder",
         "Nur von der Fallbeschleunigung"], 0,
        "Für ein Federpendel gilt T = 2π · √(m/D); anders als beim Fadenpendel zählt hier die "
        "Masse.", 2))]),
    ("fr-adjectifs", "ungrounded_question", [insert_question(2, q(
        "Quel adverbe forme-t-on à partir de l\u2019adjectif « lent » ?",
        ["lentement", "lentment", "lentamment", "lentemment"], 0,
        "On forme l\u2019adverbe sur le féminin de l\u2019adjectif : lente → lentement.", 1))]),
    ("es-funciones", "ungrounded_question", [add_question(q(
        "¿Qué devuelve `(lambda x: x * 2)(5)`?",
        ["5", "10", "25", "Una función"], 1,
        "Una función lambda es una función anónima de una sola expresión; aplicada a 5 "
        "devuelve 5 * 2 = 10.", 2))]),
    # the objective is named only in an overview, introduction or summary; its section is missing
    ("en-area", "objective_only_overview", [overview_but_drop(2, 1, "Floor plans, gardens and "
     "roof panels all come down to one question: how much surface is there? This lesson works "
     "out the area of triangles and of trapezoids, the shapes with two parallel sides, and "
     "then shows why square units convert differently from lengths.")]),
    ("de-pendel", "objective_only_overview", [drop_section(0, 0)]),
    ("fr-discriminant", "objective_only_overview", [announce_but_drop(2)]),
    ("es-funciones", "objective_only_overview", [announce_but_drop(2)]),
    # objectives in the plan that no section teaches, some sharing words with the lesson
    ("en-bigo", "objective_not_taught", [add_objective("Explain why binary search runs in "
     "O(log n) time")]),
    ("de-json", "objective_not_taught", [add_objective("JSON-Daten mit json.load aus einer "
     "Datei lesen")]),
    ("fr-adjectifs", "objective_not_taught", [insert_objective(1, "Placer l\u2019adjectif "
     "avant ou après le nom")]),
    ("es-angulos", "objective_not_taught", [add_objective("Calcular los ángulos que forman "
     "dos rectas paralelas cortadas por una secante")]),
    # --- batch 10 (bases_batch10.py), written 2026-12-06 19:22-19:45 UTC by helper h23k, who
    # had not read the checks' or the judge's code, and committed before any check was run on it:
    # every defect class four times, four languages.
    ("en-csv", "key_structure", [one_based_index(3)]),
    ("de-sqlwhere", "key_structure", [key_points_elsewhere(0, 0)]),
    ("fr-while", "key_structure", [two_correct(0, 3)]),
    ("es-preterito", "key_structure", [no_key_marked(2)]),
    # the same option twice, reworded a little or with a changed letter case
    ("en-csv", "duplicate_options", [set_option(0, 3, "str (text)")]),
    ("de-vektoren", "duplicate_options", [set_option(3, 2, "In die entgegengesetzte Richtung")]),
    ("fr-while", "duplicate_options", [set_option(3, 2, "Elle quitte la boucle "
     "immédiatement")]),
    ("es-preterito", "duplicate_options", [set_option(0, 3, "Cantó")]),
    # the key again in another unit
    ("en-pressure", "equal_value_options", [set_option(0, 0, "3 kPa")]),
    ("de-kraft", "equal_value_options", [set_option(0, 3, "3,6 kN")]),
    ("fr-energiecinetique", "equal_value_options", [set_option(2, 2, "1500 m/min")]),
    ("es-ohm", "equal_value_options", [set_option(0, 3, "2000 mA")]),
    # explanations that reason their way to a distractor
    ("en-leapyears", "explanation_contradicts", [explain(1, "2100 is divisible by 4, and "
     "every year divisible by 4 gets a 29 February, so 2100 is the leap year in this list.")]),
    ("de-vektoren", "explanation_contradicts", [explain(2, "Jede Komponente wird mit \u22122 "
     "multipliziert: \u22122 · 3 = \u22126 und \u22122 · (\u22124) = \u22128, "
     "also (\u22126, \u22128).")]),
    ("fr-energiecinetique", "explanation_contradicts", [explain(1, "L\u2019énergie "
     "cinétique est proportionnelle à la vitesse : si la vitesse triple, l\u2019énergie triple "
     "aussi.")]),
    ("es-preterito", "explanation_contradicts", [explain(1, "Los verbos en -ir forman el "
     "nosotros del pasado con -emos, como los verbos en -er: escribemos.")]),
    ("en-csv", "thin_section", [first_sentence_only(2)]),
    ("de-sqlwhere", "thin_section", [first_sentence_only(2)]),
    ("fr-while", "thin_section", [first_sentence_only(1)]),
    ("es-ohm", "thin_section", [first_sentence_only(1)]),
    # questions on an adjacent topic that share words with the lesson
    ("en-pressure", "ungrounded_question", [add_question(q(
        "What is the extra pressure from the water on a diver 10 m below the surface?",
        ["About 10 kPa", "About 100 kPa", "About 1000 kPa", "About 1 kPa"], 1,
        "In a liquid p = \u03c1 · g · h = 1000 kg/m³ · 9.8 N/kg · 10 m ≈ 98 000 Pa, about 100 kPa.",
        0))]),
    ("en-leapyears", "ungrounded_question", [add_question(q(
        "In which year did the first countries switch to the Gregorian calendar?",
        ["1492", "1582", "1752", "1918"], 1,
        "Pope Gregory XIII introduced the calendar in 1582, when ten days were skipped; Britain "
        "followed only in 1752.", 1))]),
    ("de-sqlwhere", "ungrounded_question", [add_question(q(
        "Wie sortiert man das Ergebnis einer Abfrage absteigend nach dem Preis?",
        ["ORDER BY preis DESC", "ORDER BY preis ASC", "WHERE preis DESC", "SORT BY preis DOWN"],
        0, "ORDER BY sortiert das Ergebnis; DESC steht für absteigend, ASC für aufsteigend.",
        0))]),
    ("fr-energiecinetique", "ungrounded_question", [insert_question(3, q(
        "Un moteur fournit 6000 J en 2 secondes. Quelle est sa puissance ?",
        ["3000 W", "12 000 W", "6000 W", "1500 W"], 0,
        "La puissance est l\u2019énergie divisée par la durée : P = 6000 J / 2 s = 3000 W.",
        1))]),
    # the objective is named only in an overview or introduction; its section is missing
    ("en-leapyears", "objective_only_overview", [overview_but_drop(0, 2, "The calendar has "
     "to keep pace with the Earth's trip around the Sun, and leap years are how it manages "
     "that. This lesson gives the rules that decide which years are leap years and shows how "
     "to check any year, by hand or in code.")]),
    ("de-vektoren", "objective_only_overview", [drop_section(2, 1)]),
    ("fr-while", "objective_only_overview", [overview_but_drop(2, 2, "Cette leçon présente la "
     "boucle while de Python, montre comment éviter qu\u2019elle tourne sans fin, et comment "
     "en sortir avant la fin grâce à break.")]),
    ("es-ohm", "objective_only_overview", [announce_but_drop(2)]),
    # objectives in the plan that no section teaches, some sharing words with the lesson
    ("en-pressure", "objective_not_taught", [add_objective("Explain how atmospheric pressure "
     "changes with altitude")]),
    ("de-kraft", "objective_not_taught", [insert_objective(1, "Das Wechselwirkungsprinzip "
     "(actio = reactio) an Beispielen erklären")]),
    ("fr-energiecinetique", "objective_not_taught", [add_objective("Calculer l\u2019énergie "
     "potentielle de pesanteur d\u2019un objet")]),
    ("es-preterito", "objective_not_taught", [add_objective("Conjugar los verbos irregulares "
     "ser e ir en pretérito indefinido")]),
]  # fmt: skip


def announced(entry: dict[str, Any]) -> dict[str, Any]:
    """A corpus entry whose lesson opens with an overview restating its objectives verbatim
    ("In this lesson you will learn to …"), as models often write; nothing else changes. For
    the false-hold stress run of ``quality_eval --announce``: a good lesson stays good."""
    lang = entry["language"]
    objectives = "; ".join(o[0].lower() + o[1:] for o in entry["objectives"])
    overview = {"title": OVERVIEW_TITLES.get(lang, "Overview"),
                "body_markdown": ANNOUNCE.get(lang, ANNOUNCE["en"]).format(objectives)}  # fmt: skip
    content = copy.deepcopy(entry["content"])
    sections = content["sections"]
    if sections and sections[0]["title"] in OVERVIEW_TITLES.values():
        sections[0] = overview
    else:
        sections.insert(0, overview)
        for question in content["quiz"]:
            question["section_index"] += 1
    return {**entry, "id": f"{entry['id']}+announced", "content": content}


def merged(entry: dict[str, Any]) -> dict[str, Any]:
    """``announced(entry)`` with all its teaching sections merged into one, every question
    pointing at it: the same text in the shape "Overview" + one long section, which the lesson
    prompt allows ("2-5 sections" for "1-6 objectives"). For the false-hold stress run of
    ``quality_eval --merge``: a rule that wants a section per objective holds these."""
    variant = announced(entry)
    content = variant["content"]
    overview, *teaching = content["sections"]
    body = "\n\n".join(s["body_markdown"] for s in teaching)
    content["sections"] = [overview, {"title": teaching[0]["title"], "body_markdown": body}]
    for question in content["quiz"]:
        question["section_index"] = 1
    return {**variant, "id": f"{entry['id']}+merged"}


def to_content(lesson: Lesson) -> dict[str, Any]:
    quiz = []
    for question in lesson["quiz"]:
        key = question["key"]
        also = question.get("also_correct")
        quiz.append({
            "prompt": question["prompt"],
            "options": [{"text": t, "correct": i in (key, also)}
                        for i, t in enumerate(question["options"])],
            "answer_index": question.get("answer_index", key),
            "explanation": question["explanation"],
            "section_index": question["section"],
        })  # fmt: skip
    return {
        "sections": [{"title": t, "body_markdown": b} for t, b in lesson["sections"]],
        "quiz": quiz,
    }


def build() -> list[dict[str, Any]]:
    batches = (EN, DE, HELDOUT, BATCH3, BATCH4, BATCH5, BATCH6, BATCH7, BATCH8, BATCH9, BATCH10)
    bases = {b["id"]: b for batch in batches for b in batch}
    corpus = []
    for base in bases.values():
        corpus.append(_entry(base["id"], "good", base))
    counts: dict[str, int] = {}
    for base_id, label, edits in DEFECTS:
        lesson = copy.deepcopy(bases[base_id])
        for edit in edits:
            edit(lesson)
        counts[label] = counts.get(label, 0) + 1
        corpus.append(_entry(f"{base_id}~{label}-{counts[label]}", label, lesson))
    return corpus


def _entry(entry_id: str, label: str, lesson: Lesson) -> dict[str, Any]:
    return {
        "id": entry_id,
        "label": label,
        "language": lesson["language"],
        "split": lesson["split"],
        "batch": lesson.get("batch", 1),  # 1: the first 73 lessons, 2 to 8: added later
        "objectives": lesson["objectives"],
        "defect": lesson.get("defect"),  # where the defect is (for the scripted judge)
        "content": to_content(lesson),
    }


if __name__ == "__main__":
    corpus = build()
    (HERE / "corpus.json").write_text(json.dumps(corpus, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(corpus)} lessons written to {HERE / 'corpus.json'}")
