# ruff: noqa: E501, RUF001  (quotes copied verbatim from the lesson text)
"""Reference evidence for the good lessons of batch 10 (bases_batch10.py: 10 lessons, 30
objectives, 40 questions), annotated by hand on 2026-12-06 by helper h23l acting as a human
reviewer who had not read the quality checks, the judge or the benchmark's internals
(services/generation, adapters/llm, bench/quality_judge.py, bench/quality_eval.py, tests/) and saw
only the lesson file and the format of evidence_c.py / evidence_check.py / check_evidence_c.py.

For each objective the quote is the sentence (or the shortest contiguous span, at most about two
sentences; a rule list where the list is the teaching) of a TEACHING section that shows the
objective is taught: never the introduction that announces the lesson (de-vektoren "Einführung",
fr-energiecinetique "Introduction", es-preterito "Introducción": section 0), and never a sentence
that only announces what the lesson covers. en-csv "What a CSV file is" and en-leapyears "Why we
need leap years" (section 0) were judged teaching sections: they explain rather than announce, and
en-leapyears section 0 is where "Explain why the calendar needs leap years" is taught. For each
question the quote is taken from the question's source section (its section_index) and shows that
the key is right; where the question applies a taught rule to other numbers or cases than the
section's worked example (questions counted from 1: en-pressure 1 and 4, en-leapyears 1, 2 and 4,
de-kraft 1, 2 and 4, de-vektoren 1-3, de-sqlwhere 2 and 4, fr-energiecinetique 1-3, fr-while 1-2,
es-preterito 1-3, es-ohm 1-4) the quote is the rule or the worked example that the key follows
from. Every quote is an exact substring of the section body (check_evidence_e.py asserts this).
An empty string would mean "not taught by a teaching section" / "key not grounded in its source
section"; none was needed here.

Spans longer than one sentence, and why: en-pressure "Convert between pascals and kilopascals"
(the equivalence and the multiply/divide direction), en-csv "Access columns by name" (DictReader,
then the row['city'] access), en-leapyears "State the rules" (the numbered three-rule list) and
"Explain why" (the drift, then the fix), de-sqlwhere "AND und OR" (what each connective demands),
fr-energiecinetique "influence de la vitesse" (squared, then the factors 4 and 9).

Judgement calls a second reviewer might make differently: en-pressure question 4 (drawing pin,
source section 2) needs p = F / A, which is stated in section 0; section 2 only says why a small
area raises the pressure ("the area sits in the denominator"), so that sentence is the quote and
the grounding is weaker than for the other questions. de-sqlwhere question 1 ("mindestens 20" ->
>=) is grounded only by the list of comparison operators; the lesson never says in words that >=
includes the boundary. en-leapyears question 4 (the Python expression on 1800) quotes the
analogous worked case 2100 (divisible by 100, not by 400, so not a leap year) rather than the
code line, because that sentence shows why the key is False. es-preterito question 1 quotes the
accent sentence (habló is the past of él/ella, hablo the present), which both gives the -ó ending
and rules out the distractor "canto". de-kraft question 1 quotes the rule F = m · a rather than
the 800 kg example; fr-while question 2 quotes the worked example's stopping sentence.
"""

from __future__ import annotations

EVIDENCE: dict[str, dict] = {
    "en-pressure": {
        "objectives": {
            "Calculate pressure from force and area": "It is the force divided by the area it acts on: p = F / A.",
            "Convert between pascals and kilopascals": "One kilopascal is a thousand pascals: 1 kPa = 1000 Pa. To go from kPa to Pa, multiply by 1000; to go back, divide by 1000.",
            "Explain why a small contact area produces a large pressure": "Because the area sits in the denominator, shrinking it raises the pressure even when the force stays the same.",
        },
        "questions": [
            "It is the force divided by the area it acts on: p = F / A.",
            "One kilopascal is a thousand pascals: 1 kPa = 1000 Pa.",
            "The opposite trick keeps things from sinking: snowshoes and the wide tracks of a tractor spread the weight over a large area, so the pressure on the ground stays low.",
            "Because the area sits in the denominator, shrinking it raises the pressure even when the force stays the same.",
        ],
    },
    "en-csv": {
        "objectives": {
            "Read a CSV file with Python's csv module": 'Open the file with `newline=""` and pass it to `csv.reader`',
            "Access columns by name with DictReader": "`csv.DictReader` reads the header itself and gives every row as a dictionary whose keys are the column names. With `reader = csv.DictReader(f)` you write `row['city']` instead of `row[1]`.",
            "Convert text fields to numbers": "Before you calculate, convert the value with `int()` or `float()`, for example `age = int(row['age'])` or `price = float(row['price'])`.",
        },
        "questions": [
            "Each row comes back as a list of strings, in the order of the columns.",
            "With `reader = csv.DictReader(f)` you write `row['city']` instead of `row[1]`.",
            "Forgetting this leads to surprises, because `+` joins strings: `'3' + '4'` is `'34'`, not `7`.",
            "Calling `next(reader)` once before the loop takes the header line off, so the loop only sees data rows.",
        ],
    },
    "en-leapyears": {
        "objectives": {
            "State the rules for leap years in the Gregorian calendar": "1. A year divisible by 4 is a leap year, such as 2024.\n2. Except that a year divisible by 100 is not, such as 1900.\n3. Except that a year divisible by 400 is a leap year after all, such as 2000.",
            "Decide whether a given year is a leap year": "To test a year, work from the most specific rule to the most general: first ask whether it is divisible by 400 (then it is a leap year), then by 100 (then it is not), then by 4 (then it is).",
            "Explain why the calendar needs leap years": "A calendar of 365 days every year would fall behind the seasons by almost a quarter of a day each year, roughly one day every four years and about 24 days in a century. Inserting an extra day, 29 February, in some years keeps the calendar in step with the seasons.",
        },
        "questions": [
            "3. Except that a year divisible by 400 is a leap year after all, such as 2000.",
            "To test a year, work from the most specific rule to the most general: first ask whether it is divisible by 400 (then it is a leap year), then by 100 (then it is not), then by 4 (then it is).",
            "The Earth takes about 365.2422 days to go once around the Sun, but a calendar year must have a whole number of days.",
            "The year 2100 is divisible by 100 but not by 400, so it will not be a leap year, although it is divisible by 4.",
        ],
    },
    "de-kraft": {
        "objectives": {
            "Die Grundgleichung der Mechanik F = m · a anwenden": "Newton fasste das in der Gleichung F = m · a zusammen: Kraft gleich Masse mal Beschleunigung.",
            "Die Einheit Newton erklären": "Aus F = m · a folgt, was ein Newton ist: die Kraft, die einem Kilogramm eine Beschleunigung von einem Meter pro Sekunde zum Quadrat gibt.",
            "Die Gewichtskraft eines Körpers berechnen": "Diese Gewichtskraft berechnet man mit F_G = m · g, wobei g der Ortsfaktor ist, auf der Erde etwa 9,81 N/kg.",
        },
        "questions": [
            "Newton fasste das in der Gleichung F = m · a zusammen: Kraft gleich Masse mal Beschleunigung.",
            "Stellt man die Gleichung um, erhält man a = F / m",
            "Also gilt 1 N = 1 kg · m/s².",
            "Diese Gewichtskraft berechnet man mit F_G = m · g, wobei g der Ortsfaktor ist, auf der Erde etwa 9,81 N/kg.",
        ],
    },
    "de-vektoren": {
        "objectives": {
            "Vektoren addieren": "Zwei Vektoren addiert man, indem man ihre Komponenten einzeln addiert: (2, 5) + (4, −1) = (2 + 4, 5 + (−1)) = (6, 4).",
            "Den Betrag eines Vektors berechnen": "Weil die Komponenten die Katheten eines rechtwinkligen Dreiecks bilden, liefert der Satz des Pythagoras |v| = √(x² + y²).",
            "Einen Vektor mit einer Zahl multiplizieren": "Multipliziert man einen Vektor mit einer Zahl k, wird jede Komponente mit k malgenommen: 3 · (2, −1) = (6, −3).",
        },
        "questions": [
            "Zwei Vektoren addiert man, indem man ihre Komponenten einzeln addiert: (2, 5) + (4, −1) = (2 + 4, 5 + (−1)) = (6, 4).",
            "Weil die Komponenten die Katheten eines rechtwinkligen Dreiecks bilden, liefert der Satz des Pythagoras |v| = √(x² + y²).",
            "Multipliziert man einen Vektor mit einer Zahl k, wird jede Komponente mit k malgenommen: 3 · (2, −1) = (6, −3).",
            "Ist k negativ, dreht sich zusätzlich die Richtung um: −1 · v zeigt genau entgegengesetzt zu v und ist gleich lang.",
        ],
    },
    "de-sqlwhere": {
        "objectives": {
            "Zeilen mit WHERE filtern": "Mit einer WHERE-Klausel behält man nur die Zeilen, für die eine Bedingung zutrifft: `SELECT name FROM kunden WHERE ort = 'Bonn'` gibt nur die Kunden aus Bonn zurück.",
            "Bedingungen mit AND und OR verknüpfen": "Mehrere Bedingungen verbindet man mit AND oder OR. Bei AND muss jede Bedingung erfüllt sein, bei OR genügt eine.",
            "Mit IS NULL nach fehlenden Werten suchen": "Für fehlende Werte gibt es deshalb eigene Operatoren: `WHERE email IS NULL` findet Zeilen ohne E-Mail-Adresse, `WHERE email IS NOT NULL` die übrigen.",
        },
        "questions": [
            "Für Vergleiche gibt es `=`, `<>` (ungleich), `<`, `>`, `<=` und `>=`.",
            "Bei AND muss jede Bedingung erfüllt sein, bei OR genügt eine.",
            "Für fehlende Werte gibt es deshalb eigene Operatoren: `WHERE email IS NULL` findet Zeilen ohne E-Mail-Adresse, `WHERE email IS NOT NULL` die übrigen.",
            "Werden beide gemischt, bindet AND stärker als OR: `a OR b AND c` wird wie `a OR (b AND c)` gelesen.",
        ],
    },
    "fr-energiecinetique": {
        "objectives": {
            "Calculer l’énergie cinétique d’un objet": "L’énergie cinétique se calcule avec Ec = ½ · m · v², où m est la masse en kilogrammes et v la vitesse en mètres par seconde ; le résultat est en joules (J).",
            "Expliquer l’influence de la vitesse sur l’énergie cinétique": "Comme la vitesse intervient au carré, elle compte bien plus que la masse. Si la vitesse double, l’énergie cinétique est multipliée par 2² = 4 ; si elle triple, par 3² = 9.",
            "Convertir une vitesse de km/h en m/s": "Une heure compte 3600 secondes et un kilomètre 1000 mètres, donc on divise par 3,6 : 72 km/h = 72 ÷ 3,6 = 20 m/s.",
        },
        "questions": [
            "L’énergie cinétique se calcule avec Ec = ½ · m · v², où m est la masse en kilogrammes et v la vitesse en mètres par seconde",
            "Si la vitesse double, l’énergie cinétique est multipliée par 2² = 4 ; si elle triple, par 3² = 9.",
            "Une heure compte 3600 secondes et un kilomètre 1000 mètres, donc on divise par 3,6 : 72 km/h = 72 ÷ 3,6 = 20 m/s.",
            "L’énergie cinétique se calcule avec Ec = ½ · m · v², où m est la masse en kilogrammes et v la vitesse en mètres par seconde ; le résultat est en joules (J).",
        ],
    },
    "fr-while": {
        "objectives": {
            "Écrire une boucle while en Python": "Une boucle `while` répète un bloc d’instructions tant qu’une condition reste vraie.",
            "Éviter une boucle infinie": "Avant d’écrire une boucle, demandez-vous donc quelle variable change à chaque tour et pourquoi elle finira par rendre la condition fausse.",
            "Interrompre une boucle avec break": "L’instruction `break` quitte la boucle immédiatement, même si la condition est encore vraie.",
        },
        "questions": [
            "Python teste la condition avant chaque tour ; dès qu’elle est fausse, il passe à la suite du programme.",
            "Après le troisième tour, i vaut 4, la condition `i <= 3` est fausse et la boucle s’arrête.",
            "Si rien dans le corps de la boucle ne modifie la condition, elle reste vraie pour toujours : le programme ne s’arrête jamais.",
            "L’instruction `break` quitte la boucle immédiatement, même si la condition est encore vraie.",
        ],
    },
    "es-preterito": {
        "objectives": {
            "Conjugar verbos regulares en pretérito indefinido": "Para los verbos que terminan en -ar se quita la terminación y se añaden -é, -aste, -ó, -amos, -asteis, -aron.",
            "Distinguir las terminaciones de los verbos en -ar y en -er/-ir": "Los verbos en -er y en -ir comparten las mismas terminaciones: -í, -iste, -ió, -imos, -isteis, -ieron.",
            "Usar el pretérito indefinido con marcadores temporales": "El indefinido suele ir acompañado de expresiones que señalan un tiempo ya cerrado: ayer, anoche, anteayer, la semana pasada, el año pasado, en 1998, hace dos días.",
        },
        "questions": [
            "La tilde es importante: «hablo» (sin tilde) es el presente de yo, mientras que «habló» es el pasado de él o ella.",
            "Los verbos en -er y en -ir comparten las mismas terminaciones: -í, -iste, -ió, -imos, -isteis, -ieron.",
            "Un error frecuente es añadir una -s a la forma de tú («comistes»); la forma correcta es comiste.",
            "«El verano pasado visitamos Granada» sitúa la acción en un periodo terminado.",
        ],
    },
    "es-ohm": {
        "objectives": {
            "Aplicar la ley de Ohm": "Esta relación se escribe V = I · R, donde V es la tensión en voltios (V), I la intensidad de corriente en amperios (A) y R la resistencia en ohmios (Ω).",
            "Calcular la resistencia de un circuito a partir de la tensión y la corriente": "Cuando lo que se busca es la resistencia, se despeja de la misma fórmula: R = V / I.",
            "Convertir entre miliamperios y amperios": "Un amperio son mil miliamperios: 1 A = 1000 mA, así que para pasar de mA a A se divide entre 1000; por ejemplo, 250 mA = 0,25 A.",
        },
        "questions": [
            "Si se conoce la tensión y la resistencia, la corriente se obtiene dividiendo: I = V / R.",
            "Cuando lo que se busca es la resistencia, se despeja de la misma fórmula: R = V / I.",
            "Un amperio son mil miliamperios: 1 A = 1000 mA, así que para pasar de mA a A se divide entre 1000; por ejemplo, 250 mA = 0,25 A.",
            "Antes de usar la ley de Ohm hay que convertir la corriente a amperios: con 5 V y 20 mA, es decir 0,02 A, la resistencia vale 5 / 0,02 = 250 Ω.",
        ],
    },
}
