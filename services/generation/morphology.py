"""Word formation the lemmatiser does not see, for the quality checks' matching
(``services.generation.text``): compounds written with a hyphen or a suspended hyphen in
compounding languages ("Zell-Teilung", "Haut- und Darmzellen") and German separable verbs
("nimmt … auf" is "aufnehmen"). Both take plain text (markup removed)."""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

_WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['\u2019][^\W_]+)?", re.UNICODE)

# Compounding languages: a hyphenated compound ("Zell-Teilung") is the closed one
# ("Zellteilung"), and "Haut- und Darmzellen" is "Hautzellen und Darmzellen".
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "fi"})
_SUSPENDED = re.compile(
    r"\b([^\W\d_]+)-\s*(?=(?:(?:,\s*[^\W\d_]+-\s*)*)(?:,|und|oder|bzw\.?|sowie|en|of|och|"
    r"eller|ja|tai)\s+(?:[^\W\d_]+-\s*(?:,|und|oder|bzw\.?|sowie)\s+)*([^\W\d_]+(?:-[^\W\d_]+)*))",
    re.IGNORECASE,
)
_HYPHENATED = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b")


@lru_cache(maxsize=16_384)
def compound_head(word: str, lang: str) -> str:
    """The last member of a compound ("Darmzellen" -> "zellen"): its longest proper ending
    that the lemmatiser knows as a word of four letters or more; the word itself when none."""
    if "-" in word:
        return word.rsplit("-", 1)[1]
    for start in range(1, len(word) - 3):
        if simplemma.is_known(word[start:].lower(), lang):
            return word[start:]
    return word


def joined_compounds(text: str, lang: str) -> str:
    """``text`` with the compounds of a compounding language closed: "Haut- und
    Darmzellen" -> "Hautzellen und Darmzellen", "Zell-Teilung" -> "Zell Teilung
    Zellteilung" (its parts and the closed form). Other languages keep their hyphenated
    words as separate terms ("cache-friendly")."""
    if lang not in COMPOUNDING or "-" not in text:
        return text

    def suspended(match: re.Match[str]) -> str:
        return match[1] + compound_head(match[2], lang).lower() + " "

    text = _SUSPENDED.sub(suspended, text)
    # The closed form beside the parts: "DNS-Antwort" says "DNS" as well as "DNS-Antwort".
    return _HYPHENATED.sub(
        lambda m: f"{m.group().replace('-', ' ')} {m.group().replace('-', '')}", text
    )


# German separable verbs: "Die Pflanze nimmt Wasser auf" says "aufnehmen"; the particle
# closes the clause, the verb comes earlier.
_PARTICLE_WORDS = {
    "de": """ab an auf aus bei dar ein empor fest fort her heraus herein herum hin hinaus
        hinein los mit nach nieder vor voran voraus vorbei weg weiter zu zurück zusammen""",
}
_PARTICLES = {lang: frozenset(words.split()) for lang, words in _PARTICLE_WORDS.items()}
_CLAUSE = re.compile(r"[,;:.!?()\n]+|\s[-\u2013\u2014]\s|\b(?:und|oder|aber|denn|sondern)\b")


@lru_cache(maxsize=16_384)
def _separable(particle: str, verb: str, lang: str) -> str | None:
    lemma = simplemma.lemmatize(verb, lang=lang).lower()
    joined = particle + lemma
    return joined if lemma.endswith("n") and simplemma.is_known(joined, lang) else None


def separable_verbs(text: str, lang: str) -> list[tuple[str, str]]:
    """(verb as written, joined lemma) for each clause that ends in a separable particle:
    "nimmt … auf" -> ("nimmt", "aufnehmen"). The verb is a lowercase word (German nouns are
    capitalised) or the clause's first word; the joined form must be a known verb."""
    particles = _PARTICLES.get(lang)
    if not particles:
        return []
    found = []
    for clause in _CLAUSE.split(text):
        words = _WORD.findall(clause or "")
        if len(words) < 2 or words[-1].lower() not in particles:
            continue
        for i, word in enumerate(words[:-1]):
            if (i == 0 or word.islower()) and (
                joined := _separable(words[-1].lower(), word.lower(), lang)
            ):
                found.append((word, joined))
                break
    return found
