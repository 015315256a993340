"""bench/quality_eval.py: the corpus is what the build script makes, and the table prints
every defect class per split, offline and with both scripted judges."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.quality_corpus.build import CLASS_CODES, build

CORPUS = Path(__file__).parents[1] / "bench" / "quality_corpus" / "corpus.json"


def test_the_kept_corpus_is_the_built_one_and_covers_what_the_issue_asks() -> None:
    kept = json.loads(CORPUS.read_text())
    assert kept == json.loads(json.dumps(build(), ensure_ascii=False))
    assert len(kept) >= 40
    assert {e["language"] for e in kept} >= {"en", "de"}
    assert {e["label"] for e in kept} == {"good", *CLASS_CODES}
    assert {e["split"] for e in kept} == {"tuning", "heldout"}


def test_the_eval_prints_catch_and_false_rejection_rates() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench.quality_eval", "--judge"],
        capture_output=True, text=True, timeout=300, check=True,
    ).stdout  # fmt: skip
    assert out.count("GOOD LESSONS HELD") == 12  # 4 runs x (tuning, heldout, all)
    for label in CLASS_CODES:
        assert label in out
    assert "lying scripted judge" in out and "rubber-stamp scripted judge" in out


def test_batches_select_their_lessons_and_every_entry_has_one() -> None:
    from bench.quality_eval import load, selected

    entries = load()
    batches = {e["batch"] for e in entries}
    assert batches == set(range(1, max(batches) + 1))
    for later in range(6, max(batches) + 1):  # the blind batches: every class, four languages
        lessons = selected(entries, str(later))
        assert {e["label"] for e in lessons} == {"good", *CLASS_CODES}
        assert {e["language"] for e in lessons} == {"en", "de", "fr", "es"}
    third = selected(entries, "3")
    assert third and {e["batch"] for e in third} == {3}
    others = ",".join(str(b) for b in sorted(batches - {3}))
    assert len(selected(entries, others)) + len(third) == len(entries)
    fifth = selected(entries, "5")
    assert {e["label"] for e in fifth} == {"good", *CLASS_CODES}
    sixth = selected(entries, "6")
    assert {e["label"] for e in sixth} == {"good", *CLASS_CODES}
    assert {e["language"] for e in sixth} == {"en", "de", "fr", "es"}
    seventh = selected(entries, "7")
    assert {e["label"] for e in seventh} == {"good", *CLASS_CODES}
    assert {e["language"] for e in seventh} == {"en", "de", "fr", "es"}
    fourth = selected(entries, "4")
    assert {e["language"] for e in fourth} >= {"en", "es", "fr", "de"}
    assert {e["language"] for e in third} >= {"en", "es", "fr", "de"}


def test_a_verbatim_overview_keeps_each_question_on_its_section() -> None:
    from bench.quality_corpus.build import announced
    from bench.quality_eval import load

    entry = next(e for e in load() if e["id"] == "en-http")
    variant = announced(entry)
    sections, quiz = variant["content"]["sections"], variant["content"]["quiz"]
    assert "tell client errors from server errors" in sections[0]["body_markdown"]
    assert sections[1:] == entry["content"]["sections"]
    assert [q["section_index"] for q in quiz] == [
        q["section_index"] + 1 for q in entry["content"]["quiz"]
    ]


def test_a_merged_variant_keeps_every_teaching_sentence_in_one_section() -> None:
    from bench.quality_corpus.build import merged
    from bench.quality_eval import load

    entry = next(e for e in load() if e["id"] == "de-auftrieb")
    variant = merged(entry)
    sections, quiz = variant["content"]["sections"], variant["content"]["quiz"]
    assert len(sections) == 2 and sections[0]["title"] == "Überblick"
    assert sections[1]["body_markdown"] == "\n\n".join(
        s["body_markdown"] for s in entry["content"]["sections"]
    )
    assert {q["section_index"] for q in quiz} == {1}
    assert variant["objectives"] == entry["objectives"]


def test_a_finding_about_another_objective_does_not_catch_the_defect() -> None:
    from bench.quality_eval import about, load
    from schemas.generation import Finding, FindingCode

    entry = next(e for e in load() if e["label"] == "objective_not_taught")
    wanted, other = entry["defect"]["objective"], entry["objectives"][0]
    assert wanted != other
    finding = Finding(code=FindingCode.objective_not_taught, objective=wanted, message="m")
    assert about(entry, finding)
    assert not about(entry, finding.model_copy(update={"objective": other}))
    thin = Finding(code=FindingCode.section_thin, section=1, message="m")
    assert not about(entry, thin)


def test_every_question_of_every_lesson_points_at_one_of_its_sections() -> None:
    """An edit that moves sections moves its questions with them (``announce_but_drop`` once
    pointed two lessons' questions one past their last section: a second, unlabelled defect)."""
    from bench.quality_eval import load

    for entry in load():
        sections = len(entry["content"]["sections"])
        quiz = entry["content"]["quiz"]
        assert all(0 <= q["section_index"] < sections for q in quiz), entry["id"]


def test_the_reviewers_evidence_is_verbatim_in_the_sections_it_names() -> None:
    """Every evidence file's checker (``check_evidence*.py``) passes: each quote is in a
    teaching section (objectives) or the question's source section (questions)."""
    import importlib
    import pkgutil

    import bench.quality_corpus as corpus

    checkers = [m.name for m in pkgutil.iter_modules(corpus.__path__)
                if m.name.startswith("check_evidence")]  # fmt: skip
    assert len(checkers) >= 3
    for name in checkers:
        importlib.import_module(f"bench.quality_corpus.{name}").main()
