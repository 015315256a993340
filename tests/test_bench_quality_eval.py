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
    assert out.count("GOOD LESSONS HELD") == 9  # 3 runs x (tuning, heldout, all)
    for label in CLASS_CODES:
        assert label in out
    assert "lying scripted judge" in out
