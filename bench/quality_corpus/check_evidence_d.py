"""Check evidence_d.py against the lessons it annotates (batch 9), with the same rules as
check_evidence_c.py: every objective and every question has an entry, every non-empty objective
quote is an exact substring of a teaching section's body, and every non-empty question quote is
an exact substring of the body of the question's source section.
Run: python -m bench.quality_corpus.check_evidence_d"""

from __future__ import annotations

from bench.quality_corpus import bases_batch9
from bench.quality_corpus.evidence_check import NotTeaching, check
from bench.quality_corpus.evidence_d import EVIDENCE

# Sections the reviewer judged not to teach, by lesson id and 0-based index: the overviews and
# introductions that announce the lesson and the closing summary that repeats it.
NOT_TEACHING: NotTeaching = {
    "en-area": {0},  # Overview
    "en-halflife": {0},  # Introduction
    "de-pendel": {3},  # Zusammenfassung
    "de-json": {0},  # Einführung
    "de-lgs": {0},  # Überblick
    "fr-adjectifs": {0},  # Introduction
    "es-angulos": {0},  # Introducción
}


def main() -> None:
    print(check(bases_batch9.BASES, EVIDENCE, NOT_TEACHING))


if __name__ == "__main__":
    main()
