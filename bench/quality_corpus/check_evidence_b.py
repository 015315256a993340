"""Check evidence_b.py against the lessons it annotates (batches 4-7): every objective and every
question has an entry, every non-empty objective quote is an exact substring of a teaching
section's body, and every non-empty question quote is an exact substring of the body of the
question's source section. Run: python -m bench.quality_corpus.check_evidence_b"""

from __future__ import annotations

from typing import Any

from bench.quality_corpus import bases_batch4, bases_batch5, bases_batch6, bases_batch7
from bench.quality_corpus.evidence_b import EVIDENCE
from bench.quality_corpus.evidence_check import NotTeaching, check

# Sections the reviewer judged not to teach (overview, introduction, summary, takeaways),
# by lesson id and 0-based index: an objective quote found only there does not count.
NOT_TEACHING: NotTeaching = {
    "es-ahorro": {1},
    "en-tcp": {0},
    "en-inflation": {1},
    "es-estaciones": {0},
    "en-hashtables": {0},
    "en-probability": {2},
    "en-bread": {3},
    "de-dreisatz": {2},
    "fr-vitesse": {2},
    "fr-digestion": {0},
    "es-html": {2},
    "en-markdown": {3},
    "en-rainbows": {0},
    "de-lineare": {3},
    "fr-chaines": {3},
    "es-celula": {0},
}


def _lessons() -> list[dict[str, Any]]:
    modules = (bases_batch4, bases_batch5, bases_batch6, bases_batch7)
    return [base for module in modules for base in module.BASES]


def main() -> None:
    print(check(_lessons(), EVIDENCE, NOT_TEACHING))


if __name__ == "__main__":
    main()
