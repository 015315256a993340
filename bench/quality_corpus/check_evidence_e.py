"""Check evidence_e.py against the lessons it annotates (batch 10), with the same rules as
check_evidence_c.py: every objective and every question has an entry, every non-empty objective
quote is an exact substring of a teaching section's body, and every non-empty question quote is
an exact substring of the body of the question's source section.
Run: python -m bench.quality_corpus.check_evidence_e"""

from __future__ import annotations

from bench.quality_corpus import bases_batch10
from bench.quality_corpus.evidence_check import NotTeaching, check
from bench.quality_corpus.evidence_e import EVIDENCE

# Sections the reviewer judged not to teach, by lesson id and 0-based index: the introductions
# that announce the lesson. Batch 10 has no closing summaries.
NOT_TEACHING: NotTeaching = {
    "de-vektoren": {0},  # Einführung
    "fr-energiecinetique": {0},  # Introduction
    "es-preterito": {0},  # Introducción
}


def main() -> None:
    print(check(bases_batch10.BASES, EVIDENCE, NOT_TEACHING))


if __name__ == "__main__":
    main()
