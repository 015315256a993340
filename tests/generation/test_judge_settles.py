"""A verified judge verdict settles the deterministic checks' soft doubts about the same item
(``services.generation.judge.settle``): the finding stays, marked settled with the judge's
evidence, and holds nothing. Unverified, overview and irrelevant quotes settle nothing, and
the structural findings are never settled."""

from __future__ import annotations

import uuid
from typing import Any

from db.queries.generation import LessonText
from schemas.enums import LessonStatus
from schemas.generation import Finding, FindingCode, LessonVerdict
from services.generation.judge import JudgeContext, JudgedQuestion, merge, relevant
from services.generation.quality import course_report

C = FindingCode
OBJECTIVE = "Explain how caching reduces latency"
TEACHING = (
    "A cache keeps a copy of the result near the reader. The copy comes back at once, so the "
    "latency drops. Caching reduces latency most for data that rarely changes."
)
CONTEXT = JudgeContext(
    lesson_id=uuid.uuid4(),
    revision=1,
    language="en",
    title="Caching",
    objectives=[OBJECTIVE],
    sections=[
        ("Overview", "In this lesson you will learn how caching reduces latency for readers."),
        (
            "Copies",
            "In this lesson you will see how caching reduces latency for every reader. " + TEACHING,
        ),
        ("Servers", "The servers of a web shop run in two data centres in different countries."),
    ],
    questions=[
        JudgedQuestion(
            "Why does a cache answer fast?",
            ["It compresses data", "It returns a stored copy"],
            1,
            "It returns the stored copy, not compressed data.",
            1,
        ),
    ],
)


def verdict(shown: str = "the copy comes back at once, so the latency drops", **q: Any) -> Any:
    question = {
        "question": 1,
        "key_correct": True,
        "explanation_agrees": True,
        "quote": "A cache keeps a copy of the result",
    } | q
    return LessonVerdict.model_validate(
        {
            "objectives": [{"objective": OBJECTIVE, "taught": True, "quote": shown}],
            "questions": [question],
        }
    )


def doubts() -> list[Finding]:
    return [
        Finding(code=C.objective_not_taught, objective=OBJECTIVE, message="not taught"),
        Finding(code=C.not_grounded, question=1, section=2, message="not grounded"),
        Finding(code=C.explanation_contradicts, question=1, message="argues for option 1"),
    ]


def settled(findings: list[Finding]) -> dict[FindingCode, bool]:
    return {f.code: not f.open for f in findings if f.source == "checks"}


def test_verified_relevant_quotes_settle_each_soft_doubt_with_their_evidence() -> None:
    merged = merge(doubts(), CONTEXT, verdict())
    assert settled(merged) == {
        C.objective_not_taught: True,
        C.not_grounded: True,
        C.explanation_contradicts: True,
    }
    assert [f for f in merged if f.source == "judge"] == []
    objective = merged[0].settled
    assert objective is not None and objective.by == "judge"
    assert objective.evidence[0].startswith("quote from section 2 ('Copies'): the copy comes")
    assert "latency" in objective.evidence[1]
    assert "(settled by the judge:" in merged[0].line()


def test_an_unverifiable_quote_settles_nothing() -> None:
    merged = merge(
        doubts(),
        CONTEXT,
        verdict("caching lowers latency a great deal", quote="the cache returns a copy quickly"),
    )
    assert not any(settled(merged).values())
    assert {f.code for f in merged if f.source == "judge"} == {
        C.judge_objective,
        C.judge_not_grounded,
    }


def test_a_quote_from_the_overview_or_an_announcing_sentence_settles_nothing() -> None:
    from_overview = merge(doubts()[:1], CONTEXT, verdict("learn how caching reduces latency"))
    announced = merge(doubts()[:1], CONTEXT, verdict("see how caching reduces latency"))
    assert from_overview[0].open and announced[0].open
    taught = merge(doubts()[:1], CONTEXT, verdict("Caching reduces latency most for data"))
    assert not taught[0].open


def test_a_real_quote_about_something_else_settles_nothing() -> None:
    # Verified in a teaching section, but about the servers, not about caching or latency:
    # too short to be read as a paraphrase, and no term of the objective in it or its section.
    merged = merge(
        doubts(),
        CONTEXT,
        verdict("two data centres in different countries", quote="The servers of a web shop run"),
    )
    assert not any(settled(merged).values())


# A sentence only the third section has, sharing no term with OBJECTIVE, nor does its section.
PASSAGE = "Each data centre keeps a copy of every page near its readers"
SERVERS = ("Servers", "The servers of a web shop run in two data centres in different "
           f"countries. {PASSAGE}.")  # fmt: skip
WITH_PASSAGE = JudgeContext(**{**CONTEXT.__dict__, "sections": [*CONTEXT.sections[:2], SERVERS]})


def test_a_paraphrase_settles_as_a_passage_of_its_own_shown_to_the_reviewer() -> None:
    """A verified quote that shares no term with the objective, in a section that shares
    none either: the judge's reading of it settles the doubt when it is a passage
    (``MIN_PARAPHRASE_WORDS``) given for this objective only, and the settled finding says
    that no term is shared."""
    assert relevant(PASSAGE, {"explain", "caching", "reduce", "latency"}, "en") == []
    [found] = merge(doubts()[:1], WITH_PASSAGE, verdict(PASSAGE))
    assert found.settled is not None
    assert found.settled.evidence[1] == "shared terms: none (the judge reads it as a paraphrase)"
    assert merge(doubts()[:1], WITH_PASSAGE, verdict("keeps a copy of every page"))[0].open


def test_one_paraphrase_given_for_two_objectives_settles_neither() -> None:
    other = "Choose a time to live"
    context = JudgeContext(**{**WITH_PASSAGE.__dict__, "objectives": [OBJECTIVE, other]})
    both = LessonVerdict.model_validate({
        "objectives": [{"objective": o, "taught": True, "quote": PASSAGE}
                       for o in (OBJECTIVE, other)],
        "questions": [],
    })  # fmt: skip
    doubt = [Finding(code=C.objective_not_taught, objective=o, message="not taught")
             for o in (OBJECTIVE, other)]  # fmt: skip
    merged = [f for f in merge(doubt, context, both) if f.source == "checks"]
    assert len(merged) == 2 and all(f.open for f in merged)


def test_the_explanation_doubt_needs_the_key_judged_right_and_a_grounding_quote() -> None:
    wrong_key = merge(doubts()[2:], CONTEXT, verdict(key_correct=False))
    ungrounded = merge(doubts()[2:], CONTEXT, verdict(quote="two data centres in different"))
    disagrees = merge(doubts()[2:], CONTEXT, verdict(explanation_agrees=False))
    assert wrong_key[0].open and ungrounded[0].open and disagrees[0].open


def test_an_explanation_that_names_another_option_is_never_settled() -> None:
    question = JudgedQuestion(
        "Why does a cache answer fast?",
        ["It compresses data", "It returns a stored copy"],
        1,
        "Option A is correct.",
        1,
    )
    context = JudgeContext(**{**CONTEXT.__dict__, "questions": [question]})
    assert merge(doubts()[2:], context, verdict())[0].open


def test_structural_findings_are_never_settled() -> None:
    structural = [
        Finding(code=C.key_count, question=1, message="2 options marked correct"),
        Finding(code=C.key_mismatch, question=1, message="key points elsewhere"),
        Finding(code=C.option_equal_value, question=1, message="same value"),
        Finding(code=C.section_thin, section=2, message="too thin"),
        Finding(code=C.source_missing, question=1, message="no such section"),
        Finding(code=C.key_position_bias, message="always first"),
    ]
    merged = merge(structural, CONTEXT, verdict())
    assert all(f.open for f in merged) and len(merged) == len(structural)


def test_a_settled_finding_fails_no_lesson_but_stays_stored() -> None:
    [settled_doubt, *_] = merge(doubts()[:1], CONTEXT, verdict())
    thin = Finding(code=C.section_thin, section=2, message="too thin")

    def lesson(findings: list[Finding]) -> LessonText:
        return LessonText(
            id=uuid.uuid4(),
            title="Caching",
            status=LessonStatus.generated,
            revision=1,
            quality_findings=[f.model_dump(mode="json") for f in findings],
            objectives=[OBJECTIVE],
            judged_revision=1,
            sections=[("Copies", TEACHING)],
        )

    passing, failing = lesson([settled_doubt]), lesson([settled_doubt, thin])
    report = course_report([passing, failing], [], None)
    assert [f.lesson_id for f in report.failing] == [failing.id]
    assert report.failing[0].findings == [thin.line()]


ADJECTIVES = JudgedQuestion("Complétez : « une robe ___ » (vert)", ["vert", "verte", "vertes"],
                            1, "Au féminin on ajoute un -e.", 0)  # fmt: skip
GRAMMAR = JudgeContext(
    lesson_id=uuid.uuid4(), revision=1, language="fr", title="Les adjectifs",
    objectives=[],
    sections=[("Le féminin", "Pour former le féminin, on ajoute en général un -e à la forme "
                             "masculine : petit devient petite.")],
    questions=[ADJECTIVES],
)  # fmt: skip
RULE = "on ajoute en général un -e à la forme masculine"


def question_verdict(**q: Any) -> LessonVerdict:
    item = {"question": 1, "key_correct": True, "options_distinct": True,
            "explanation_agrees": True, "quote": RULE} | q  # fmt: skip
    return LessonVerdict.model_validate({"objectives": [], "questions": [item]})


def test_options_that_only_look_alike_are_settled_by_the_judge_with_the_options_shown() -> None:
    """'vert' / 'verte' / 'vertes' are one lemma to the checks and three answers to a reader:
    the judge's "different answers", with the key right and the rule it applies quoted from
    the question's own section, settles the look-alike doubt."""
    near = Finding(code=C.option_near_duplicate, question=1, message="two options alike")
    [found] = merge([near], GRAMMAR, question_verdict())
    assert found.settled is not None
    assert found.settled.evidence[0] == "options: vert | verte | vertes"
    assert found.settled.evidence[1].startswith("quote from section 1 ('Le féminin'): on ajoute")
    for wrong in ({"options_distinct": False}, {"key_correct": False}, {"quote": "robe verte"}):
        kept = [
            f for f in merge([near], GRAMMAR, question_verdict(**wrong)) if f.source == "checks"
        ]
        assert kept[0].open, wrong


def test_the_same_option_twice_is_never_settled_and_the_judge_can_report_lookalikes() -> None:
    twice = JudgedQuestion(ADJECTIVES.prompt, ["verte", "vert", "verte "], 0, "", 0)
    context = JudgeContext(**{**GRAMMAR.__dict__, "questions": [twice]})
    duplicate = Finding(code=C.option_duplicate, question=1, message="repeats an option")
    assert merge([duplicate], context, question_verdict())[0].open
    judged = merge([], GRAMMAR, question_verdict(options_distinct=False))
    assert [(f.code, f.question) for f in judged] == [(C.judge_options, 1)]
    assert judged[0].evidence == ["options: vert | verte | vertes"]


def test_a_question_applying_the_sections_rule_is_grounded_by_that_rule_quoted() -> None:
    """'une robe ___ (vert)' shares no word with the rule it applies; the rule, quoted from
    the question's own section as a passage, with the key judged right, grounds it."""
    doubt = Finding(code=C.not_grounded, question=1, section=1, message="not grounded")
    [found] = merge([doubt], GRAMMAR, question_verdict())
    assert found.settled is not None and "shared terms: none" in found.settled.evidence[1]
    for wrong in ({"key_correct": False}, {"quote": "on ajoute en général un -e"}):
        assert merge([doubt], GRAMMAR, question_verdict(**wrong))[0].open, wrong


def test_a_quoted_numbered_list_verifies_in_the_teaching_text_item_by_item() -> None:
    steps = (
        "1. **5 mai** : ouverture des États généraux.\n2. **14 juillet** : prise de la Bastille."
    )
    context = JudgeContext(
        lesson_id=uuid.uuid4(), revision=1, language="fr", title="1789",
        objectives=["Situer dans l'ordre les événements de l'été 1789"],
        sections=[("L'été 1789", f"En quelques mois tout change :\n\n{steps}")],
    )  # fmt: skip
    doubt = Finding(code=C.objective_not_taught, objective=context.objectives[0], message="m")
    taught = LessonVerdict.model_validate({
        "objectives": [{"objective": context.objectives[0], "taught": True, "quote": steps}],
        "questions": [],
    })  # fmt: skip
    assert not merge([doubt], context, taught)[0].open
