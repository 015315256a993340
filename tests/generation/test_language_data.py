"""A worker loads the checks' language data at start (issue 21): simplemma's dictionary and
wordfreq's word list of each configured language, so the first lesson's checks do not."""

from __future__ import annotations

import json
import subprocess
import sys

from core.settings import Settings

# In a fresh interpreter: nothing else has loaded a language yet.
PROBE = """
import json, sys
import wordfreq
from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY
from services.generation.text import load_language_data

lemma_cache = DEFAULT_DICTIONARY_FACTORY._get_dictionary
words_cache = wordfreq.get_frequency_dict
before = (lemma_cache.cache_info().currsize, words_cache.cache_info().currsize)
loaded = load_language_data(sys.argv[1:])
after = (lemma_cache.cache_info().currsize, words_cache.cache_info().currsize)
print(json.dumps({"loaded": loaded, "before": before, "after": after}))
"""


def test_each_configured_language_is_loaded_once_and_unknown_codes_read_as_english() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, "de-DE", "fr", "de", "zz"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    probe = json.loads(out)
    assert probe["loaded"] == ["de", "fr", "en"]
    assert probe["before"] == [0, 0]
    assert probe["after"] == [3, 3]  # a dictionary and a word list for each


def test_english_is_loaded_by_default() -> None:
    assert Settings(environment="test").quality_preload_languages == ["en"]
