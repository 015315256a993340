"""Reading lesson text for the quality checks: content lemmas in the course's language,
sentences, overview sentences, and options compared by notation and by value.

Lemmas come from ``simplemma`` (its data ships in the wheel; no download). Stopword lists are
our own and short: negations are never stopwords, because "is not cached" and "is cached"
are different options.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

import simplemma
import wordfreq
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

from services.generation import morphology

_FREQUENCY_LANGUAGES = frozenset(wordfreq.available_languages())
# A number with its decimal or thousands separators is one token ("2.1", "0,25", "1,000"):
# split at the point, "2.1 %" and "0.5 %" would share the term "1"/"5" with other options.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['\u2019][^\W_]+)?", re.UNICODE)
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n\s*(?:[-*+]|\d+[.)])\s+")
_MARKUP = re.compile(r"[*_`#>|]+")

_STOP = {
    "en": """a an the and or of to in on at for by with from as is are was were be been being it
        its this that these those there here which who whom whose what when where why how
        you your we our they their he she his her i me my us them can could will would shall
        should may might must do does did have has had into about over than then so such
        also each any all some more most very just only other own same both few many much
        one lesson section learn learner student example examples e.g i.e use using used
        up off out""",
    "de": """der die das den dem des ein eine einer eines einem einen und oder von zu im in am
        an auf für mit aus als ist sind war waren sein wird werden wurde es sie er wir ihr ihre
        ihr sich dies diese dieser dieses jene welche welcher was wann wo warum wie man kann
        können soll sollen muss müssen auch so zum zur bei beim nach über unter um durch
        mehr sehr nur noch schon jede jeder jedes alle einige viele lektion abschnitt beispiel
        lernen sie hier dass viel wenig welch ob haben hat hatte""",
    "es": """el la los las un una unos unas y o de del a al en con por para como es son era
        eran ser estar está están se su sus este esta estos estas ese esa eso que cual quien
        cuando donde porque cómo como lo le les nos nosotros usted también muy más menos solo
        cada todo todos todas algunos mucho muchos lección sección ejemplo aprender hay qué
        cuál cuáles quién quiénes cuándo dónde cuánto cuánta cuántos cuántas""",
    "fr": """le la les un une des et ou de du à au aux en dans sur pour par avec comme est
        sont était être se sa son ses ce cet cette ces qui que quoi quand où pourquoi comment
        il elle ils elles nous vous on leur leurs aussi très plus moins seulement chaque tout
        tous toutes leçon section exemple apprendre combien""",
}
# Verbs that frame an objective ("Explain how …") rather than name what is taught.
_FRAMING = {
    "en": """explain describe understand identify know recognise recognize list define name tell
        state discuss outline summarise summarize apply demonstrate show compare contrast
        interpret analyse analyze evaluate determine distinguish illustrate be able predict""",
    "de": """erklären erläutern beschreiben verstehen kennen nennen benennen definieren
        anwenden vergleichen unterscheiden bestimmen darstellen können angeben aufzählen
        erkennen zeigen identifizieren zusammenfassen diskutieren analysieren bewerten
        beurteilen interpretieren veranschaulichen wissen vorhersagen vorhersage""",
    "es": """explicar describir entender comprender identificar conocer definir nombrar
        aplicar comparar distinguir determinar demostrar interpretar enunciar reconocer
        enumerar mostrar resumir analizar evaluar contrastar ilustrar saber discutir indicar
        predecir""",
    "fr": """expliquer décrire comprendre identifier connaître définir nommer appliquer
        comparer distinguer déterminer démontrer interpréter énoncer reconnaître énumérer
        citer montrer résumer analyser évaluer illustrer savoir discuter indiquer prédire""",
}
STOPWORDS = {lang: frozenset(words.split()) for lang, words in _STOP.items()}
FRAMING = {lang: frozenset(words.split()) for lang, words in _FRAMING.items()}

# Sentences that announce rather than teach ("In this lesson you will learn …").
OVERVIEW_SENTENCE = re.compile(
    r"\b(in this (lesson|section|module)|you will (learn|be able)|we will (cover|look|learn|"
    r"explore|discuss)|by the end of|this lesson (covers|sets out|introduces|is about)|"
    r"objectives?:|sets out to|in dieser (lektion|einheit)|lernen sie|werden sie|"
    r"am ende dieser|en esta (lección|sección)|aprenderás|vas a aprender|al final de esta|"
    r"dans cette (leçon|section)|vous (apprendrez|allez apprendre)|à la fin de cette)",
    re.IGNORECASE,
)
OVERVIEW_TITLE = re.compile(
    r"^\s*(overview|introduction|intro|summary|recap|conclusion|key takeaways|takeaways|"
    r"wrap-up|objectives|learning objectives|fazit|conclusión|"
    r"what you will learn|überblick|übersicht|einführung|einleitung|zusammenfassung|lernziele|"
    r"resumen|introducción|objetivos|panorama|aperçu|introduction|résumé)\b",
    re.IGNORECASE,
)


def language_of(code: str | None) -> str:
    """The two-letter language simplemma knows, from a course's ``language`` (en, de-DE …)."""
    lang = (code or "en").split("-")[0].split("_")[0].lower()
    return lang if lang in SUPPORTED_LANGUAGES else "en"


def load_language_data(languages: Iterable[str]) -> list[str]:
    """Load simplemma's dictionary and wordfreq's word list of each language now; returns the
    languages loaded. Each loads on first use otherwise, inside the first lesson's checks in
    that language (~0.4 s CPU for English, ~2 s for German) while that lesson's worker has
    other lessons' results waiting on the same event loop."""
    loaded = []
    for lang in dict.fromkeys(language_of(code) for code in languages):
        simplemma.lemmatize("the", lang=lang)
        if lang in _FREQUENCY_LANGUAGES:
            wordfreq.zipf_frequency("the", lang)
        loaded.append(lang)
    return loaded


def plain(markdown: str) -> str:
    return _MARKUP.sub(" ", markdown)


@lru_cache(maxsize=65_536)
def _lemma(token: str, lang: str) -> str:
    if _NUMBER_TOKEN.fullmatch(token):
        return _number_term(token, lang)
    return simplemma.lemmatize(token, lang=lang).lower()


def _as_lemmatised(token: str, lang: str) -> str:
    """German nouns are capitalised: "Befehl" is the noun, "befehl" a form of "befehlen",
    "Tage" is "Tag", "tage" of "tagen". A capitalised word the lemmatiser does not know as
    written ("Hat" opening a question) is read lowercase."""
    if lang == "de" and token[:1].isupper() and _is_known(token, lang):
        return token
    return token.lower()


@lru_cache(maxsize=65_536)
def _is_known(token: str, lang: str) -> bool:
    return bool(simplemma.is_known(token, lang))


def is_number(term: str) -> bool:
    """A term that is only a number ("12", "0.25"): it counts in matching, but alone it
    shows no content (a question about "7" is not grounded by a section that says "7")."""
    return bool(_NUMBER_TOKEN.fullmatch(term))


def _number_term(token: str, lang: str) -> str:
    """A number as one term by its value: "0,25" in German and "0.25" in English are both
    "0.25", "1.000" in German and "1,000" in English are "1000"."""
    value = _decimal(token, lang)
    if value is None or not value.is_finite():
        return token
    return format(value.normalize(), "f")


def lemmas(text: str, lang: str) -> list[str]:
    """Content lemmas in order: lowercased, lemmatised, stopwords and one-letter words out."""
    return list(_lemmas(text, lang))


@lru_cache(maxsize=8192)  # pure; a lesson's checks read the same texts several times
def _lemmas(text: str, lang: str) -> tuple[str, ...]:
    stop = STOPWORDS.get(lang, STOPWORDS["en"])
    text = morphology.joined_compounds(plain(text), lang)
    separable = dict(morphology.separable_verbs(text, lang))
    particles = Counter(joined[: len(joined) - len(_lemma(verb.lower(), lang))]
                        for verb, joined in separable.items())  # fmt: skip
    found = []
    for token in _TOKEN.findall(text):
        low = token.lower()
        if particles[low] > 0:  # the particle of a separable verb said above
            particles[low] -= 1
            continue
        if low in stop or (len(low) < 2 and not low.isdigit()):
            continue
        lemma = separable.get(token) or _lemma(_as_lemmatised(token, lang), lang)
        if lemma not in stop:
            found.append(lemma)
    return tuple(found)


def objective_lemmas(objective: str, lang: str) -> set[str]:
    """What an objective asks to be taught: its content lemmas without the framing verb."""
    framing = FRAMING.get(lang, FRAMING["en"])
    return {w for w in lemmas(objective, lang) if w not in framing}


def sentences(markdown: str) -> list[str]:
    parts = (p.strip() for p in _SENTENCE_END.split(plain(markdown)))
    return [p for p in parts if len(_TOKEN.findall(p)) >= 3]


_OPERATOR = "+-*/\u00d7\u00f7^\u00b7\u2212"  # + - * / times divide ^ middle-dot minus
# A number in running text; thousands may be grouped by a space ("4 750 kWh", "1 000 m"),
# as in German and French: "4 750" is one number, not "4" and "750".
_NUMBER_IN_TEXT = re.compile(
    r"(?<![\w.,^])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![\d.,]?\d)|\d+(?:[.,]\d+)*)"
    r"(?![\w^])"
)
# Words that make the number before them an operand: "2 to the 20th power", "3 times 4".
_OPERATOR_WORDS = re.compile(
    r"\s*%?\s*(?:to the (?:\S+ )?power|times|squared|cubed|plus|minus|divided|multiplied|"
    r"hoch|mal|geteilt|fois|au carré|à la puissance|al cuadrado|elevado|multiplicado|dividido)"
    r"\b",
    re.IGNORECASE,
)
_AFTER_OPERATOR_WORD = re.compile(
    r"\b(?:times|plus|minus|divided by|multiplied by|mal|geteilt durch|multipliziert mit|fois|"
    r"divisé par|multiplié par|más|menos|dividido (?:por|entre)|multiplicado por)\s*$",
    re.IGNORECASE,
)


def without_operands(text: str) -> str:
    """``text`` with the numbers that are operands of an expression blanked out: "2 to the
    20th power" does not state the value 2, and "9 + 16 = 25" states 25, not 9 or 16. A
    number after "=" is a result and stays; a number glued to a term ("x^2", "20th") is part
    of it and stays, and so does a fraction after "=" ("1/6 + 1/6 = 2/6" states 2/6)."""
    text = _RESULT_FRACTION.sub(lambda m: m[1] + m[2] + _FRACTION_SLASH + m[3], text)
    blanked = []
    for match in _NUMBER_IN_TEXT.finditer(text):
        before = text[: match.start()].rstrip()
        after = text[match.end() :]
        rest = after.lstrip().removeprefix("%").lstrip()
        operand_after = bool(rest) and rest[0] in _OPERATOR
        operand_after = operand_after or bool(_OPERATOR_WORDS.match(after))
        binary_before = (
            bool(before)
            and before[-1] in _OPERATOR
            and (
                before[-1] not in "-\u2212"
                or before[:-1].rstrip()[-1:].isdigit()
                or before[:-1].rstrip().endswith("%")
            )
        )
        if operand_after or binary_before or _AFTER_OPERATOR_WORD.search(before):
            blanked.append(match.span())
    for start, end in reversed(blanked):
        text = text[:start] + " " + text[end:]
    return text


# A fraction that is the result of a calculation ("= 2/6", not followed by another
# operator); ``without_operands`` keeps it, written with the fraction slash, which
# ``stated_values`` reads as one value.
_FRACTION_SLASH = "\u2044"
_RESULT_FRACTION = re.compile(
    r"(=\s*)(\d+)\s*/\s*(\d+)(?![\d.,]\d|\s*[+\-*/^\u00d7\u00f7\u00b7\u2212])"
)
_STATED_FRACTION = re.compile(r"(\d+)\u2044(\d+)")


# An arithmetic operator between two numbers ("3 · 8", "24 : 6", "2,40 € : 4"), as one of
# four operations; a colon between numbers is the German division sign.
_OPERATION = re.compile(
    r"(?<=\d)\s*(?:%|[^\W\d_]{1,3}|[$€£¥])?\s*([+\-*/:\u00d7\u00f7\u00b7\u2212])\s*(?=[$€£¥]?\s*\d)"
)
_OPERATION_KIND = str.maketrans("\u2212*\u00d7\u00b7:\u00f7", "-xxx//")


def operations(text: str) -> list[str]:
    """The arithmetic operations a text performs, in order (+, -, x, /): "4 · 6 = 24 Stunden,
    24 : 3 = 8" is [x, /]. A worked calculation's shape, whatever its numbers."""
    return [m[1].translate(_OPERATION_KIND) for m in _OPERATION.finditer(text)]


_PERCENT_AFTER = re.compile(
    r"\s*(?:%|percent\b|per cent\b|prozent\b|por ciento\b|pour cent\b)", re.IGNORECASE
)


def stated_values(text: str, lang: str) -> set[Fraction]:
    """The values of the numbers a text states ("10 is 5 % of 200": 10, 1/20, 200); run it
    on ``without_operands(text)`` to leave out the operands of a calculation. A number with
    a prefixed metric unit states its value in the base unit too ("1 000 kJ" is also
    1 000 000), as ``numeric_quantity`` reads an option "1 000 kJ"."""
    values = set()
    for fraction in _STATED_FRACTION.finditer(text):
        if int(fraction[2]):
            values.add(Fraction(int(fraction[1]), int(fraction[2])))
    text = _STATED_FRACTION.sub(" ", text)
    for match in _NUMBER_IN_TEXT.finditer(text):
        number = _decimal(match.group(), lang)
        if number is None:
            continue
        value = Fraction(number)
        values.add(value / 100 if _PERCENT_AFTER.match(text, match.end()) else value)
        unit = _UNIT_AFTER.match(text, match.end())
        if unit is not None:
            values.add(value * _unit(unit[1].lower())[0])
    return values


_UNIT_AFTER = re.compile(r"\s*([^\W\d_]{1,12})\b")


@lru_cache(maxsize=4096)  # pure; an explanation is searched once per option
def words(text: str) -> tuple[str, ...]:
    """The words and numbers of a text as written, lowercased, stopwords kept."""
    return tuple(token.lower() for token in _TOKEN.findall(plain(text)))


def phrase_at(phrase: str, text: str) -> list[int]:
    """Where ``text`` says ``phrase`` word for word (case and markup aside), as word
    positions in ``words(text)``."""
    wanted, said = words(phrase), words(text)
    if not wanted:
        return []
    return [i for i in range(len(said) - len(wanted) + 1) if said[i : i + len(wanted)] == wanted]


def says_phrase(phrase: str, text: str) -> bool:
    """``text`` says ``phrase`` word for word (two words or more, case and markup aside)."""
    return len(words(phrase)) >= 2 and bool(phrase_at(phrase, text))


def word_count(markdown: str) -> int:
    return len(_TOKEN.findall(plain(markdown)))


@lru_cache(maxsize=65_536)  # pure, and asked of the same pairs across a lesson's checks
def _related(wanted: str, have: str) -> bool:
    """A wanted lemma said by a lemma of the text: the same stem ("comput-e",
    "comput-ation"; 70 % of the shorter word, so a verb and its noun whose ending changes
    the stem's last letter, "collid-e" and "collis-ion", share it), or a compound whose
    head is the wanted word ("Zwischenspeicher" says "Speicher"). Not the other way: the
    head alone does not say the compound ("Dezimalzahl" does not teach "Hexadezimalzahl"),
    and a compound's first part is not its meaning ("Datenbank" is not "Daten")."""
    if len(wanted) < 4 or len(have) < 4:
        return False
    if len(wanted) >= 5 and len(have) > len(wanted) and have.endswith(wanted):
        return True
    if len(have) >= 5 and len(wanted) > len(have) and wanted.endswith(have):
        return False
    short, long = sorted((wanted, have), key=len)
    pairs = zip(short, long[: len(short)], strict=True)
    common = next((i for i, (x, y) in enumerate(pairs) if x != y), len(short))
    return common >= 5 and common >= 0.7 * len(short) and len(short) >= 0.6 * len(long)


# Light synonyms: words an objective uses that a lesson often says another way.
_SYNONYMS = {
    "en": ["product multiply", "sum add", "reduce lower decrease drop cut", "increase raise grow",
           "fast quick soon speed", "slow delay", "remove delete drop", "create make build",
           "error failure fault problem", "choose select pick decide", "compute calculate",
           "result answer", "copy duplicate", "lookup find search retrieve"],
    "de": ["senken verringern sinken reduzieren", "erhöhen steigern steigen", "berechnen rechnen",
           "erzeugen bilden aufbauen", "löschen entfernen", "fehler problem"],
}  # fmt: skip
# One-way paraphrases: an abstract word of an objective ("inputs") that a lesson teaches by
# saying what happens ("takes in", "needs"); the converse does not hold ("takes" is no input).
_PARAPHRASES = {
    "en": {"input": "take need require consume ingredient",
           "output": "produce release yield return generate emit"},
    "de": {"ausgangsstoff": "brauchen benötigen aufnehmen verbrauchen",
           "produkt": "erzeugen entstehen freisetzen abgeben herstellen",
           "eingabe": "nehmen erhalten", "ausgabe": "liefern zurückgeben ausgeben"},
    "es": {"entrada": "necesitar tomar requerir consumir",
           "salida": "producir liberar generar devolver",
           "producto": "producir liberar generar"},
}  # fmt: skip
SYNONYMS: dict[str, dict[str, frozenset[str]]] = {
    lang: {word: frozenset(group.split()) for group in groups for word in group.split()}
    for lang, groups in _SYNONYMS.items()
}
for _lang, _words in _PARAPHRASES.items():
    for _word, _says in _words.items():
        _known = SYNONYMS.setdefault(_lang, {})
        _known[_word] = _known.get(_word, frozenset()) | frozenset(_says.split())

# A specific term ("Hexadezimalzahl", "chlorophyll", "TTL") is rare in the language (Zipf
# scale: 3 is once per million words) and clearly rarer than the objective's common words
# ("addieren", "role"): German verbs are rarer than English ones, so the gap counts too.
SPECIFIC_ZIPF = 3.5
SPECIFIC_GAP = 1.0


@lru_cache(maxsize=65_536)
def _zipf(lemma: str, lang: str) -> float:
    return float(wordfreq.zipf_frequency(lemma, lang))


def specific(wanted: set[str], lang: str) -> set[str]:
    """The wanted lemmas that name something specific, by their frequency in the language
    (wordfreq's lists ship in its wheel); none when wordfreq does not know the language."""
    words = {w: _zipf(w, lang) for w in wanted if not is_number(w)}
    if lang not in _FREQUENCY_LANGUAGES or len(words) < 2:
        return set()
    common = max(words.values())
    return {w for w, z in words.items() if z < SPECIFIC_ZIPF and z <= common - SPECIFIC_GAP}


def rare(wanted: set[str], lang: str) -> set[str]:
    """The wanted lemmas that are rare in the language (below ``SPECIFIC_ZIPF``), whatever
    the other words; numbers and terms with digits are notation, not vocabulary."""
    if lang not in _FREQUENCY_LANGUAGES:
        return set()
    words = {w for w in wanted if not any(c.isdigit() for c in w)}
    return {w for w in words if _zipf(w, lang) < SPECIFIC_ZIPF}


def mentioned(wanted: set[str], have: set[str], lang: str = "en") -> set[str]:
    """The wanted lemmas ``have`` mentions: ``present``, or a word of ``have`` that starts
    like it (its first 60 %, at least five letters): "Kompassnadel" mentions "Kompass",
    "Dezimalzahl" mentions "Dezimalwert". Looser than ``present``: a test of what a text is
    about (or never mentions), not of what it teaches."""
    found = present(wanted, have, lang)
    for term in wanted - found:
        stem = term[: max(5, math.ceil(0.6 * len(term)))]
        if len(term) >= 5 and any(w.startswith(stem) for w in have):
            found.add(term)
    return found


def present(wanted: set[str], have: set[str], lang: str = "en") -> set[str]:
    """The wanted lemmas found in ``have``: exactly, by a shared stem, or a light synonym."""
    found = wanted & have
    synonyms = SYNONYMS.get(lang, {})
    for word in wanted - found:
        if synonyms.get(word, frozenset()) & have or any(_related(word, o) for o in have):
            found.add(word)
    return found


# --- options: notation and value --------------------------------------------------------------
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_SUPER_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+")
# minus, en dash, times, middle dot, division, <=, >=, !=, right single quote
_OPERATORS = str.maketrans({
    "\u2212": "-", "\u2013": "-", "\u00d7": "*", "\u00b7": "*", "\u00f7": "/",
    "\u2264": "<=", "\u2265": ">=", "\u2260": "!=", "\u2019": "'",
    "\u2192": "->", "\u27f6": "->", "\u21d2": "=>", "\u2190": "<-",
})  # fmt: skip
_SPACE_AROUND_SYMBOL = re.compile(r"\s*([^\w\s])(\s*)")
COMMA_DECIMAL = frozenset({"de", "es", "fr", "it", "pt", "nl", "pl", "ru"})
# Currency symbols, before or after the amount ("$5.60", "5,60 €"), as the currency's name.
_CURRENCY = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen", "₹": "rupee", "₽": "rouble",
             "¢": "cent", "₩": "won", "₺": "lira", "₣": "franc"}  # fmt: skip
_CURRENCY_NAMES = {"euros": "euro", "dollars": "dollar", "pounds": "pound"}
_SIGN = "[" + "".join(_CURRENCY) + "]"
_NUMBER = re.compile(
    rf"^(?P<sign>[-+])?(?:(?P<pre>{_SIGN})\s*)?"
    r"(?P<num>\d{1,3}(?:[ ,.]\d{3})+|\d+(?:[.,]\d+)?|[.,]\d+)"
    r"(?:\s*/\s*(?P<den>\d+))?\s*(?P<pct>%|percent|per cent|prozent|por ciento|pour cent)?"
    rf"\s*(?P<unit>[^\W\d_][^\W\d]{{0,19}}|{_SIGN})?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=65_536)  # pure, and asked of the same options by several checks
def notation(text: str) -> str:
    """An option as its notation: case and spacing go (but a space between brackets, which
    changes what the text parses as); symbols, operators, digits and superscripts stay
    (``x²`` is ``x^2``, never ``x``; ``a+b`` is not ``a-b``). Backticks go: they only show
    an option as code (```### Setup``` is ``### Setup``)."""
    text = _SUPER_RUN.sub(lambda m: "^" + m.group().translate(_SUPERSCRIPT), text)
    text = text.replace("`", "")
    text = unicodedata.normalize("NFKC", text.translate(_OPERATORS)).lower().strip()
    text = " ".join(text.split())
    return _SPACE_AROUND_SYMBOL.sub(lambda m: _tight(m, text), text).rstrip(".")


def _tight(symbol: re.Match[str], text: str) -> str:
    """A symbol without the spaces around it ("a + b" is "a+b"), except a space between a
    closing and an opening bracket: it changes what the text parses as (Markdown's
    ``[docs](url)`` is a link, ``[docs] (url)`` is not)."""
    gap = (
        symbol[1] in ")]}"
        and symbol[2]
        and text[symbol.end() : symbol.end() + 1] in ("(", "[", "{")
    )
    return symbol[1] + " " if gap else symbol[1]


_GROUP_SPACE = re.compile("[ \u00a0\u202f]")  # a space grouping thousands: "4 750", "1 000"


def _decimal(raw: str, lang: str) -> Decimal | None:
    """A number as written: "1,000" in English and "1.000" in German are a thousand; a lone
    comma is a decimal point (German, and a slip in English)."""
    raw = _GROUP_SPACE.sub("", raw)
    thousands = "." if lang in COMMA_DECIMAL else ","
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+", raw):
        raw = raw.replace(thousands, "")
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None


def numeric_quantity(text: str, lang: str) -> tuple[Fraction, str] | None:
    """The value and unit of an option that is only a number, fraction or percentage with an
    optional unit word ("25 %", "0.25", "1/4", "0,25" in German, "121,00 Euro"), or such a
    value given to a name ("x = 10/2" is "x" at 5), else None. A metric prefix is taken into
    the value ("120 mA" and "0,12 Ampere" are the same current)."""
    form = notation(text)
    name = ""
    assigned = _ASSIGNED.match(form)
    if assigned is not None:
        name, form = assigned["name"] + "=", assigned["value"]
    match = _NUMBER.match(form.replace("%", " %").strip())
    if match is None:
        return None
    number = _decimal(match["num"], lang)
    if number is None:
        return None
    value = Fraction(number)
    if match["den"]:
        if int(match["den"]) == 0:
            return None
        value /= int(match["den"])
    if match["pct"]:
        value /= 100
    factor, unit = _unit(match["unit"] or match["pre"] or "")
    value *= factor
    return (-value if match["sign"] == "-" else value), name + unit


_ASSIGNED = re.compile(r"^(?P<name>[^\W\d_]\w{0,9})=(?P<value>[^=]+)$")
# Metric units by symbol (after ``notation`` lowercased it) and by the stem of their names
# in en/de/es/fr; prefixes by symbol and by name.
_UNIT_SYMBOLS = {"a": "ampere", "v": "volt", "w": "watt", "g": "gram", "m": "metre",
                 "s": "second", "l": "litre", "j": "joule", "n": "newton", "hz": "hertz",
                 "b": "byte", "ω": "ohm"}  # fmt: skip
_UNIT_NAMES = {
    "ampere": re.compile(r"amp(?:ere|ère)?s?"), "volt": re.compile(r"volt(?:io)?s?"),
    "watt": re.compile(r"(?:watt|vatio)s?"), "gram": re.compile(r"gram(?:m|me|o)?s?"),
    "metre": re.compile(r"m[eè]t(?:er|re|ro)[sn]?"),
    "second": re.compile(r"(?:second|sekunde|segundo|seconde)[sn]?"),
    "litre": re.compile(r"(?:liter|litre|litro)[sn]?"), "joule": re.compile(r"joules?"),
    "newton": re.compile(r"newtons?"), "ohm": re.compile(r"ohms?|ohmios?"),
    "hertz": re.compile(r"hertz"), "byte": re.compile(r"bytes?"),
}  # fmt: skip
_PREFIX_SYMBOLS = {"k": Fraction(1000), "m": Fraction(1, 1000), "c": Fraction(1, 100),
                   "µ": Fraction(1, 10**6), "μ": Fraction(1, 10**6)}  # fmt: skip
_PREFIX_NAMES = {"kilo": Fraction(1000), "mega": Fraction(10**6), "milli": Fraction(1, 1000),
                 "mili": Fraction(1, 1000),
                 "centi": Fraction(1, 100), "zenti": Fraction(1, 100),
                 "micro": Fraction(1, 10**6), "mikro": Fraction(1, 10**6)}  # fmt: skip


def _unit(unit: str) -> tuple[Fraction, str]:
    """A unit as (factor, base unit): "mA" is (1/1000, ampere), "Kilometern" (1000, metre);
    a currency is its name ("€", "euros" and "euro" are "euro"); another word that is no
    metric unit ("apples") stays as it is, with factor 1."""
    if unit in _CURRENCY or unit in _CURRENCY_NAMES:
        return Fraction(1), _CURRENCY.get(unit) or _CURRENCY_NAMES[unit]
    if unit in _UNIT_SYMBOLS:
        return Fraction(1), _UNIT_SYMBOLS[unit]
    if len(unit) >= 2 and unit[0] in _PREFIX_SYMBOLS and unit[1:] in _UNIT_SYMBOLS:
        return _PREFIX_SYMBOLS[unit[0]], _UNIT_SYMBOLS[unit[1:]]
    factor, rest = Fraction(1), unit
    for prefix, size in _PREFIX_NAMES.items():
        if unit.startswith(prefix):
            factor, rest = size, unit[len(prefix) :]
            break
    base = next((b for b, name in _UNIT_NAMES.items() if name.fullmatch(rest)), None)
    return (factor, base) if base is not None else (Fraction(1), unit)


def numeric_value(text: str, lang: str) -> Fraction | None:
    """The value of an option that is a bare number, fraction or percentage, else None."""
    quantity = numeric_quantity(text, lang)
    return quantity[0] if quantity is not None and not quantity[1] else None


def has_symbols(text: str) -> bool:
    """Digits, operators or the brackets, escapes and markup of code, patterns and markdown
    (``[aeiou]``, ``\\d{4}``, ``### Setup``): such options differ by one character and mean
    something else."""
    return bool(re.search(r"[\d+\-*/^=<>()%²³\[\]{}\\|$#_~]", notation(text)))
