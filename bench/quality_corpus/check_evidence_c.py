"""Check evidence_c.py against the lessons it annotates (batch 8), with the same rules as
check_evidence_b.py: every objective and every question has an entry, every non-empty objective
quote is an exact substring of a teaching section's body, and every non-empty question quote is
an exact substring of the body of the question's source section.
Run: python -m bench.quality_corpus.check_evidence_c"""

from __future__ import annotations

from bench.quality_corpus import bases_batch8
from bench.quality_corpus.evidence_c import EVIDENCE
from bench.quality_corpus.evidence_check import NotTeaching, check

# Sections the reviewer judged not to teach, by lesson id and 0-based index: the overviews and
# introductions that announce the lesson and the closing summaries that repeat it.
NOT_TEACHING: NotTeaching = {
    "en-ph": {0},  # Overview
    "de-volumen": {3},  # Zusammenfassung
    "fr-passecompose": {0},  # Introduction
    "fr-thales": {0},  # Aperçu
    "es-primos": {3},  # Resumen
    "es-escalas": {0},  # Introducción
}


def main() -> None:
    print(check(bases_batch8.BASES, EVIDENCE, NOT_TEACHING))


if __name__ == "__main__":
    main()
