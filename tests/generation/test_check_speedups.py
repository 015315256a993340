"""The lesson checks' speed-ups (issue 21) find what the slower code found: an option quoted in
its explanation is looked up without a regex per option, and a text's lemmas are cached."""

from __future__ import annotations

import random
import re

import pytest

from services.generation import text as tx
from services.generation.quiz_checks import _stands_alone


def _by_regex(form: str, text: str) -> bool:
    """The search the lookup replaces (a form that opens or closes with a bracket is not
    glued on that side: the bracket delimits it)."""
    before = "" if form[:1] in "<([{" else r"(?<![\w.^+\-*/])"
    after = "" if form[-1:] in ">)]}" else r"(?![\w^])"
    return bool(re.search(rf"{before}{re.escape(form)}{after}", text))


@pytest.mark.parametrize(
    ("form", "text", "found"),
    [
        ("x^2", "the answer is x^2 here", True),
        ("x^2", "x^2 at the start", True),
        ("x^2", "at the end x^2", True),
        ("x^2", "not 2x^2 nor x^2y", False),  # glued to a word on either side
        ("x^2", "not x^2^3", False),  # a caret after it: another power
        ("-5", "3-5 is glued, but (-5) stands alone", True),
        ("-5", "only 3-5 here", False),
        ("1/2", "half is 1/2.", True),  # a full stop after it ends the sentence
        ("1/2", "not .1/2 nor 11/2", False),
        ("a+b", "xa+b and a+bc", False),  # every occurrence glued to a word
        ("ab", "abab ab", True),  # the third occurrence stands alone
        ("<a>", "se crea con<a>;href", True),  # a bracket delimits itself
        ("f(x)", "2f(x)", False),  # ... but a word before an unbracketed start glues
    ],
)
def test_an_option_is_found_in_its_explanation_where_the_regex_found_it(
    form: str, text: str, found: bool
) -> None:
    assert _by_regex(form, text) is found
    assert _stands_alone(form, text) is found


def test_the_lookup_agrees_with_the_regex_on_random_texts() -> None:
    alphabet = list("ab1x ^.+-*/=()é_²")
    rng = random.Random(21)
    for _ in range(20_000):
        form = "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 4)))
        parts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) for _ in range(3)]
        text = parts[0] + form + parts[1] + (form if rng.random() < 0.5 else "") + parts[2]
        assert _stands_alone(form, text) is _by_regex(form, text), (form, text)


def test_cached_lemmas_are_a_fresh_list_each_time() -> None:
    first = tx.lemmas("Sorting and filtering rows", "en")
    first.append("poisoned")
    assert tx.lemmas("Sorting and filtering rows", "en") == ["sort", "filter", "row"]
