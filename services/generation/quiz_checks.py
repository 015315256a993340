"""The quiz's own checks, which need no section text: the structural key checks, options
compared by notation, value and words, explanations that argue for another option than the
key, and a key biased by position or length."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from typing import Literal

from rapidfuzz.distance import Levenshtein

from schemas.generation import Finding, FindingCode, QuizDraft
from services.generation import text as tx

BIAS_SHARE = 0.8  # "systematically": at least this share of questions, and at least MIN_BIAS
MIN_BIAS_QUESTIONS = 3
CONTRADICTION_MARGIN = 0.5  # how much more of another option than of the key it repeats
C = FindingCode


def key_findings(n: int, q: QuizDraft) -> list[Finding]:
    """The structural checks: exactly one correct option, and the index points at it."""
    marked = [i for i, option in enumerate(q.options) if option.correct]
    findings = []
    if len(marked) != 1:
        findings.append(
            Finding(
                code=C.key_count,
                question=n,
                message=f"{len(marked)} options marked correct; exactly one must be",
                evidence=[q.options[i].text for i in marked],
            )
        )
    if not 0 <= q.answer_index < len(q.options):
        findings.append(
            Finding(
                code=C.key_range,
                question=n,
                message=f"answer key {q.answer_index} is out of range ({len(q.options)} options)",
            )
        )
    elif len(marked) == 1 and marked[0] != q.answer_index:
        findings.append(
            Finding(
                code=C.key_mismatch,
                question=n,
                message="the answer key does not point at the correct option",
                evidence=[
                    f"key: {q.options[q.answer_index].text}",
                    f"marked: {q.options[marked[0]].text}",
                ],
            )
        )
    return findings


def option_findings(n: int, q: QuizDraft, lang: str) -> list[Finding]:
    """Options equal as notation, equal in value ("25 %" and "0.25"), or the same words."""
    findings = []
    for (i, a), (j, b) in combinations(enumerate(o.text for o in q.options), 2):
        pair = [f"option {i + 1}: {a}", f"option {j + 1}: {b}"]
        value_a, value_b = tx.numeric_quantity(a, lang), tx.numeric_quantity(b, lang)
        if tx.notation(a) == tx.notation(b):
            code, message = C.option_duplicate, "repeats an option; options must be distinct"
        elif value_a is not None and value_a == value_b:
            code, message = C.option_equal_value, "two options have the same value"
        elif _same_words(a, b, lang):
            code, message = C.option_near_duplicate, "two options say the same thing"
        else:
            continue
        findings.append(Finding(code=code, question=n, message=message, evidence=pair))
    return findings


# A list of words in order ("mouth, oesophagus, stomach"); arrows make an option notation
# (``has_symbols``), which is never compared by its words.
_SEQUENCE = re.compile(r"[,;]")


def _same_words(a: str, b: str, lang: str) -> bool:
    if tx.has_symbols(a) or tx.has_symbols(b):
        return False  # "x > 5" and "x < 5": one character, another meaning
    la, lb = tx.lemmas(a, lang), tx.lemmas(b, lang)
    if la and sorted(la) == sorted(lb):
        # The same words in another order say the same thing, unless the option is a
        # sequence: "mouth, stomach, gut" and "stomach, mouth, gut" are the distinct
        # options of an ordering question.
        return la == lb or not (_SEQUENCE.search(a) and _SEQUENCE.search(b))
    na, nb = tx.notation(a), tx.notation(b)
    return min(len(na), len(nb)) >= 12 and Levenshtein.distance(na, nb) <= 1


_NAMED_ANSWER = re.compile(
    r"\b(?:answer|option|choice|antwort|respuesta|opción)\s*\(?([a-f1-6])\)?\s+(?:is|ist|es)\s+"
    r"(?:correct|right|richtig|correcta)|\b(?:correct|right|richtige|correcta)\s+"
    r"(?:answer|option|choice|antwort|respuesta|opción)\s+(?:is|ist|es)\s*\(?([a-f1-6])\)?\b",
    re.IGNORECASE,
)


def named_index(explanation: str) -> int | None:
    """The option an explanation names as the answer ("Option B is correct"), if any."""
    match = _NAMED_ANSWER.search(explanation)
    if match is None:
        return None
    name = (match[1] or match[2]).lower()
    return int(name) - 1 if name.isdigit() else ord(name) - ord("a")


_GLUED_BEFORE = re.compile(r"[\w.^+\-*/]")  # what may not precede a quoted option ...
_GLUED_AFTER = re.compile(r"[\w^]")  # ... nor follow it
_OPENING, _CLOSING = frozenset("<([{"), frozenset(">)]}")


def _stands_alone(form: str, text: str) -> bool:
    r"""``form`` occurs in ``text`` not glued to a word, number or operator: the same as
    searching ``(?<![\w.^+\-*/])form(?![\w^])`` without compiling a pattern per option."""
    # A bracket delimits itself: ``notation`` dropped the space in "con <a>", not a glue.
    free_start, free_end = form[:1] in _OPENING, form[-1:] in _CLOSING
    at = text.find(form)
    while at >= 0:
        end = at + len(form)
        if not (at and not free_start and _GLUED_BEFORE.match(text, at - 1)) and not (
            end < len(text) and not free_end and _GLUED_AFTER.match(text, end)
        ):
            return True
        at = text.find(form, at + 1)
    return False


def _mentions(option: str, explanation: str, lang: str, distinctive: set[str]) -> tuple[float, int]:
    """How much of what only this option says the explanation repeats: as a share (0..1) and
    as a count of terms. An option written in symbols that the explanation states counts as
    all of its terms."""
    form = tx.notation(option)
    value = tx.numeric_quantity(option, lang)
    if value is not None and len(value[1]) != 1:  # "2x" is algebra, not 2 of a unit "x"
        # A number is said by its value, wherever else it occurs: the key "8" of "the median
        # of 3, 7, 8, 12, 40" is stated by "8 is the middle value", though the prompt has it.
        return (1.0, 1) if value[0] in tx.stated_values(explanation, lang) else (0.0, 0)
    if tx.has_symbols(option) and len(form) >= 2 and _stands_alone(form, tx.notation(explanation)):
        return 1.0, max(1, len(distinctive))
    if not distinctive:
        return 0.0, 0
    said = set(tx.lemmas(explanation, lang))
    repeated = len(tx.present(distinctive, said, lang))
    return repeated / len(distinctive), repeated


def explanation_findings(n: int, q: QuizDraft, lang: str) -> list[Finding]:
    """An explanation that argues for another option than the key: it names another option,
    or repeats what only another option says and not what the key says."""
    key = q.answer_index
    if not q.explanation.strip() or not 0 <= key < len(q.options):
        return []
    named = named_index(q.explanation)
    texts = [o.text for o in q.options]
    if named is not None and named != key and named < len(texts):
        return [_contradiction(n, q, named)]
    if _states_only_the_key(texts, key, q.explanation):
        return []
    prompt = set(tx.lemmas(q.prompt, lang))
    own = [set(tx.lemmas(t, lang)) for t in texts]
    stated = tx.without_operands(q.explanation)  # "2 to the 20th power" argues for no "2"
    scores = []
    for i, words in enumerate(own):
        others = set().union(*(w for j, w in enumerate(own) if j != i))
        scores.append(_mentions(texts[i], stated, lang, words - others - prompt))
    best = max((i for i in range(len(texts)) if i != key), key=lambda i: scores[i])
    (share_key, said_key), (share_best, said_best) = scores[key], scores[best]
    # An explanation that repeats much of the key argues for it, even when it also names a
    # distractor's words ("... weil dieselbe Spannung anliegt" beside "Spannung teilt"); and
    # one that says more of the key's own terms than of the other's does too, however short
    # the other is ("leichter als Wasser" beside "Dichte", "Luft", "Rumpf").
    if (
        share_key < 0.5 <= share_best
        and share_best - share_key >= CONTRADICTION_MARGIN
        and said_best > said_key
    ):
        return [_contradiction(n, q, best)]
    written = _writes_one_distractor(q, lang) if said_key == 0 else None
    return [] if written is None else [_contradiction(n, q, written)]


# Words that turn an option the explanation writes into one it rejects ("never a
# full-strength infection", "nicht ACK").
_NEGATION_WORDS = """not never no nor instead rather than nicht nie niemals kein keine keinen
    statt nunca ni tampoco pas jamais plutôt non"""
NEGATIONS = frozenset(_NEGATION_WORDS.split())


def _writes_one_distractor(q: QuizDraft, lang: str) -> int | None:
    """The one distractor an explanation that says nothing of the key writes word for word
    ("The server replies with a plain ACK" for the key "SYN-ACK"), not negated and not just
    repeating the prompt: it argues for that option. Numbers are left to their values (a
    number written in a calculation is an operand, not an answer)."""
    said = tx.words(q.explanation)
    written = [
        i
        for i, option in enumerate(q.options)
        if i != q.answer_index
        and tx.numeric_quantity(option.text, lang) is None
        and not tx.phrase_at(option.text, q.prompt)
        and any(not NEGATIONS & set(said[max(0, at - 3) : at])
                for at in tx.phrase_at(option.text, q.explanation))
    ]  # fmt: skip
    return written[0] if len(written) == 1 else None


def _states_only_the_key(texts: list[str], key: int, explanation: str) -> bool:
    """The explanation says the key word for word ("... when the Sun is behind you") and no
    other option: it argues for the key, however many of a distractor's words it uses to
    say so ("... and the rain is falling in front of you")."""
    return tx.says_phrase(texts[key], explanation) and not any(
        tx.says_phrase(t, explanation) for i, t in enumerate(texts) if i != key
    )


def _contradiction(n: int, q: QuizDraft, other: int) -> Finding:
    return Finding(
        code=C.explanation_contradicts,
        question=n,
        message=f"the explanation argues for option {other + 1}, not the key "
        f"(option {q.answer_index + 1})",
        evidence=[
            f"explanation: {q.explanation[:300]}",
            f"key: {q.options[q.answer_index].text}",
            f"argued for: {q.options[other].text}",
        ],
    )


def bias_findings(keys: list[tuple[int, list[str]]], scope: str) -> list[Finding]:
    """Correct option systematically in the same position or systematically the longest."""
    where: Literal["lesson", "course"] = "course" if scope == "course" else "lesson"
    if len(keys) < MIN_BIAS_QUESTIONS:
        return []
    findings = []
    position, count = Counter(k for k, _ in keys).most_common(1)[0]
    if count / len(keys) >= BIAS_SHARE:
        findings.append(
            Finding(
                code=C.key_position_bias,
                scope=where,
                message=f"{scope}: the correct option is at position {position + 1} in {count} of "
                f"{len(keys)} questions; vary its position",
            )
        )
    longest = sum(
        1
        for k, options in keys
        if 0 <= k < len(options)
        and all(len(options[k]) > len(o) for i, o in enumerate(options) if i != k)
    )
    if longest / len(keys) >= BIAS_SHARE:
        findings.append(
            Finding(
                code=C.key_length_bias,
                scope=where,
                message=f"{scope}: the correct option is the longest in {longest} of {len(keys)} "
                "questions",
            )
        )
    return findings
