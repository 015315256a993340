"""Checks evidence_a.EVIDENCE against the lessons it annotates (bases_en, bases_de,
bases_heldout, bases_batch3) with the shared rules of ``evidence_check``: every objective and
question has an entry, and every non-empty quote is verbatim in the right section
(objectives: a teaching section, not an overview; questions: the question's source section).

    python -m bench.quality_corpus.check_evidence
"""

from __future__ import annotations

from typing import Any

from bench.quality_corpus import bases_batch3, bases_de, bases_en, bases_heldout
from bench.quality_corpus.evidence_a import EVIDENCE
from bench.quality_corpus.evidence_check import NotTeaching, check

LESSONS: list[dict[str, Any]] = [
    *bases_en.BASES,
    *bases_de.BASES,
    *bases_heldout.BASES,
    *bases_batch3.BASES,
]
# Section titles of these lessons that introduce rather than teach (read by the reviewer).
NOT_TEACHING_TITLES = {"Overview", "Überblick"}


def not_teaching() -> NotTeaching:
    """The sections with those titles, by lesson id and 0-based index."""
    found = {
        lesson["id"]: {i for i, (title, _) in enumerate(lesson["sections"])
                       if title in NOT_TEACHING_TITLES}
        for lesson in LESSONS
    }  # fmt: skip
    return {lid: sections for lid, sections in found.items() if sections}


def main() -> None:
    print(check(LESSONS, EVIDENCE, not_teaching()))


if __name__ == "__main__":
    main()
