# ruff: noqa: E501, RUF001  (lesson text, kept as written: long lines, multiplication signs)
"""A ninth held-out set (batch 9, written 2026-12-06 19:10-19:30 UTC for issue 23 by helper h23j,
who had not read the checks' code, the judge's code, the tests, the other helpers' work or the
figures in bench/RESULTS.md, and committed before any check was run on it): ten new topics in
English, German, French and Spanish, none a topic of batches 1-8. The good lessons have the
shapes the lesson prompt allows and models write: an overview or introduction in the lesson's
own words (en-area "Overview", en-halflife, de-json "Einführung", fr-adjectifs, es-angulos
"Introducción", de-lgs "Überblick"), a closing summary (de-pendel "Zusammenfassung"), worked
examples with numbers and questions that apply a taught method to new numbers (en-area,
en-bigo, en-halflife, de-pendel, fr-discriminant, es-angulos, de-lgs, es-funciones), code spans
and notation (en-bigo, de-json, es-funciones, fr-discriminant), lists (fr-adjectifs), and
objectives phrased in the plan's words while the text teaches them in its own, inflected words.
Options legitimately differ by little: grammar endings (fr-adjectifs), signs (fr-discriminant
question 4, es-funciones question 2), JSON literals against Python ones (de-json questions 2-3).
The defects (build.py, end) cover every defect class four times. Never used for tuning."""

from __future__ import annotations

from typing import Any

from bench.quality_corpus.bases_en import q

BASES: list[dict[str, Any]] = [
    {
        "id": "en-area",
        "language": "en",
        "split": "heldout",
        "batch": 9,
        "objectives": [
            "Calculate the area of a triangle from its base and height",
            "Find the area of a trapezoid",
            "Convert areas between square units",
        ],
        "sections": [
            (
                "Overview",
                "Floor plans, gardens and roof panels all come down to one question: how much surface is there? This lesson builds formulas for two common shapes on top of the rectangle and then shows why square units convert differently from lengths.",
            ),
            (
                "Triangles",
                "A triangle is half of a parallelogram with the same base and height. Its area is therefore A = ½ · b · h, where b is the length of the side chosen as the base and h is the perpendicular height, measured from that base to the opposite corner. For a triangle with a base of 8 cm and a height of 5 cm, A = ½ · 8 · 5 = 20 cm². The height must be at a right angle to the base: a slanted side of the triangle is not its height.",
            ),
            (
                "Trapezoids",
                "A trapezoid has two parallel sides, a and b, at a distance h from each other. Two copies of the same trapezoid, one turned upside down, fit together into a parallelogram with base a + b and height h, so one trapezoid covers half of it: A = ½ · (a + b) · h. For example, parallel sides of 6 m and 10 m that are 4 m apart give A = ½ · (6 + 10) · 4 = 32 m². In words, you multiply the average of the two parallel sides by the height.",
            ),
            (
                "Square units",
                "Because an area is a length times a length, a conversion factor for lengths has to be applied twice. One metre is 100 centimetres, so one square metre is 100 · 100 = 10 000 cm². Likewise 1 cm² = 100 mm² and 1 km² = 1 000 000 m². To turn 3.5 m² into square centimetres, multiply by 10 000: 35 000 cm². Going from a smaller unit to a larger one, divide instead: 2500 cm² is 0.25 m².",
            ),
        ],
        "quiz": [
            q(
                "A triangle has a base of 12 cm and a height of 7 cm. What is its area?",
                ["84 cm²", "42 cm²", "19 cm²", "38 cm²"],
                1,
                "A = ½ · 12 · 7 = 42 cm²; 84 cm² forgets the half.",
                1,
            ),
            q(
                "Which length is the height of a triangle?",
                [
                    "Its longest side",
                    "The side opposite the base",
                    "The perpendicular distance from the base to the opposite corner",
                    "Half of the base",
                ],
                2,
                "The height is measured at a right angle to the base, up to the opposite corner; a slanted side is not the height.",
                1,
            ),
            q(
                "A trapezoid has parallel sides of 5 m and 9 m that are 3 m apart. What is its area?",
                ["21 m²", "42 m²", "135 m²", "17 m²"],
                0,
                "A = ½ · (5 + 9) · 3 = ½ · 14 · 3 = 21 m².",
                2,
            ),
            q(
                "How many square centimetres are there in 0.8 m²?",
                ["80 cm²", "800 cm²", "8000 cm²", "80 000 cm²"],
                2,
                "1 m² = 10 000 cm², so 0.8 m² = 0.8 · 10 000 = 8000 cm².",
                3,
            ),
        ],
    },
    {
        "id": "en-bigo",
        "language": "en",
        "split": "heldout",
        "batch": 9,
        "objectives": [
            "Explain what Big-O notation describes",
            "Compare O(1), O(n) and O(n²) running times",
            "Determine the complexity of simple loops",
        ],
        "sections": [
            (
                "What Big-O measures",
                "Big-O notation describes how the running time of an algorithm grows as the size of its input, written n, grows. It ignores constant factors and smaller terms and keeps only the part that dominates for large inputs: an algorithm that takes 3n + 5 steps is O(n), because doubling n roughly doubles the work whatever the 3 and the 5 are. Big-O is therefore a statement about growth, not about seconds on a particular computer.",
            ),
            (
                "Three common classes",
                "An O(1) operation takes the same time whatever the input size, such as reading `items[0]` from a Python list. An O(n) operation looks at each item once, such as finding the largest value in an unsorted list; a list ten times longer takes about ten times as long. An O(n²) operation compares every item with every other item, such as checking a list for duplicates with two nested loops; ten times the data means about a hundred times the work. For 1000 items that is roughly 1000 steps for O(n) but 1 000 000 steps for O(n²).",
            ),
            (
                "Reading complexity from code",
                "To estimate the complexity of a function, count how often its innermost statement runs. A single loop over the n items runs its body n times: O(n). A loop inside another loop, both over the n items, runs the inner body n · n times: O(n²). Loops that follow one another add up instead of multiplying: two separate loops over the list take n + n = 2n steps, which is still O(n). For example\n\n```python\nfor a in items:\n    for b in items:\n        if a == b:\n            count += 1\n```\n\nruns the comparison n² times.",
            ),
        ],
        "quiz": [
            q(
                "An algorithm takes 4n + 20 steps for an input of size n. What is its Big-O class?",
                ["O(1)", "O(log n)", "O(n)", "O(n²)"],
                2,
                "Constant factors and smaller terms are dropped, which leaves O(n).",
                0,
            ),
            q(
                "An O(n²) function takes 2 seconds for 1000 items. About how long will it take for 3000 items?",
                ["6 seconds", "9 seconds", "18 seconds", "27 seconds"],
                2,
                "Three times the input means 3² = 9 times the work: 9 · 2 s = 18 s.",
                1,
            ),
            q(
                "Which of these operations is O(1)?",
                [
                    "Reading the first element of a list",
                    "Finding the largest value in an unsorted list",
                    "Checking a list for duplicates with two nested loops",
                ],
                0,
                "Reading one element by its position takes the same time however long the list is.",
                1,
            ),
            q(
                "A function runs one loop over its n items and then a second, separate loop over the same items. What is its complexity?",
                ["O(1)", "O(n)", "O(n²)"],
                1,
                "Loops one after the other add up: n + n = 2n steps, which is O(n).",
                2,
            ),
        ],
    },
    {
        "id": "en-halflife",
        "language": "en",
        "split": "heldout",
        "batch": 9,
        "objectives": [
            "Define the half-life of a radioactive isotope",
            "Calculate the remaining amount after several half-lives",
            "Use half-life to estimate the age of a sample",
        ],
        "sections": [
            (
                "Introduction",
                "Radioactive atoms do not last forever, yet nobody can say when one particular atom will decay. What can be predicted is how a large number of them behaves, and that is what this lesson is about.",
            ),
            (
                "What a half-life is",
                "The half-life of a radioactive isotope is the time it takes for half of the atoms in a sample to decay. It is a fixed property of each isotope and does not depend on how much of the substance there is, nor on temperature or pressure. Iodine-131 has a half-life of about 8 days, carbon-14 about 5730 years and uranium-238 about 4.5 billion years.",
            ),
            (
                "Halving again and again",
                "After one half-life, half of the original atoms remain; after two, a quarter; after three, an eighth. In general, the fraction left after n half-lives is (½)ⁿ. Worked example: a hospital receives 80 mg of iodine-131. After 24 days, which is 24 ÷ 8 = 3 half-lives, 80 · (½)³ = 80 ÷ 8 = 10 mg remain. The amount never reaches exactly zero; it just keeps halving.",
            ),
            (
                "Radiocarbon dating",
                "Living plants and animals keep taking in carbon, so their share of carbon-14 stays constant while they live. When they die the intake stops, and the carbon-14 they contain decays with its half-life of 5730 years. Measuring how much is left therefore tells us how long ago the organism died. If a piece of wood has a quarter of the carbon-14 of living wood, two half-lives have passed, and the tree died about 2 · 5730 = 11 460 years ago.",
            ),
        ],
        "quiz": [
            q(
                "What is the half-life of an isotope?",
                [
                    "The time for all of its atoms to decay",
                    "The time for half of its atoms to decay",
                    "Half of the time a single atom exists",
                    "The time until the sample has cooled to half its temperature",
                ],
                1,
                "The half-life is the time in which half of the atoms in a sample decay.",
                1,
            ),
            q(
                "A sample contains 64 g of an isotope with a half-life of 5 hours. How much of it is left after 20 hours?",
                ["4 g", "8 g", "16 g", "32 g"],
                0,
                "20 hours are 20 ÷ 5 = 4 half-lives: 64 · (½)⁴ = 64 ÷ 16 = 4 g.",
                2,
            ),
            q(
                "Does heating a radioactive sample change its half-life?",
                [
                    "Yes, heat makes it shorter",
                    "Yes, heat makes it longer",
                    "No, the half-life does not depend on temperature",
                ],
                2,
                "The half-life is a fixed property of the isotope; temperature and pressure do not change it.",
                1,
            ),
            q(
                "A bone contains one eighth of the carbon-14 found in living bone. About how old is it?",
                ["5730 years", "11 460 years", "17 190 years", "45 840 years"],
                2,
                "One eighth is (½)³, so three half-lives have passed: 3 · 5730 = 17 190 years.",
                3,
            ),
        ],
    },
    {
        "id": "de-pendel",
        "language": "de",
        "split": "heldout",
        "batch": 9,
        "objectives": [
            "Frequenz und Schwingungsdauer ineinander umrechnen",
            "Die Schwingungsdauer eines Fadenpendels berechnen",
            "Erklären, wovon die Schwingungsdauer abhängt",
        ],
        "sections": [
            (
                "Schwingungsdauer und Frequenz",
                "Ein Pendel schwingt hin und her. Die Zeit für eine vollständige Hin- und Herbewegung heißt Schwingungsdauer oder Periode T und wird in Sekunden gemessen. Die Frequenz f gibt an, wie viele Schwingungen in einer Sekunde stattfinden, und wird in Hertz (Hz) angegeben. Beide Größen sind Kehrwerte voneinander: f = 1/T und T = 1/f. Ein Pendel mit T = 0,5 s schwingt also mit f = 1/0,5 s = 2 Hz.",
            ),
            (
                "Die Pendelformel",
                "Für ein Fadenpendel mit kleiner Auslenkung gilt T = 2π · √(l/g). Dabei ist l die Länge des Fadens und g ≈ 9,81 m/s² die Fallbeschleunigung. Beispiel: Ein 1 m langes Pendel hat T = 2π · √(1/9,81) ≈ 2π · 0,319 ≈ 2,0 s. Ist der Faden 4 m lang, wird die Wurzel doppelt so groß, und das Pendel braucht etwa 4,0 s für eine Schwingung.",
            ),
            (
                "Was keine Rolle spielt",
                "Bemerkenswert ist, was in der Formel fehlt: die Masse des Pendelkörpers. Eine schwere und eine leichte Kugel am gleich langen Faden schwingen gleich schnell. Auch die Auslenkung ändert T kaum, solange sie klein bleibt (unter etwa 10°). Es kommt nur auf die Fadenlänge und den Ort an: Auf dem Mond, wo g nur etwa 1,62 m/s² beträgt, schwingt dasselbe Pendel deutlich langsamer als auf der Erde.",
            ),
            (
                "Zusammenfassung",
                "Schwingungsdauer und Frequenz sind Kehrwerte. Die Schwingungsdauer eines Fadenpendels hängt nur von seiner Länge und von der Fallbeschleunigung ab, nicht von der Masse.",
            ),
        ],
        "quiz": [
            q(
                "Ein Pendel schwingt mit einer Frequenz von 0,25 Hz. Wie groß ist seine Schwingungsdauer?",
                ["0,25 s", "2,5 s", "4 s", "25 s"],
                2,
                "T = 1/f = 1/0,25 Hz = 4 s.",
                0,
            ),
            q(
                "Ein 1 m langes Fadenpendel hat T ≈ 2,0 s. Wie groß ist T etwa, wenn man den Faden auf 0,25 m kürzt?",
                ["0,5 s", "1,0 s", "4,0 s", "8,0 s"],
                1,
                "Die Länge wird geviertelt, also halbiert sich die Wurzel √(l/g): T ≈ 1,0 s.",
                1,
            ),
            q(
                "Man ersetzt die Kugel eines Pendels durch eine doppelt so schwere. Wie ändert sich die Schwingungsdauer?",
                ["Sie verdoppelt sich", "Sie halbiert sich", "Sie bleibt gleich"],
                2,
                "Die Masse kommt in der Pendelformel nicht vor; schwere und leichte Kugeln schwingen gleich schnell.",
                2,
            ),
            q(
                "Wie verhält sich dasselbe Pendel auf dem Mond im Vergleich zur Erde?",
                [
                    "Es schwingt langsamer, weil g dort kleiner ist",
                    "Es schwingt schneller, weil g dort kleiner ist",
                    "Es schwingt gleich schnell, weil die Länge gleich ist",
                ],
                0,
                "Auf dem Mond ist g kleiner, dadurch wird T = 2π · √(l/g) größer: das Pendel schwingt langsamer.",
                2,
            ),
        ],
    },
    {
        "id": "de-json",
        "language": "de",
        "split": "heldout",
        "batch": 9,
        "objectives": [
            "Den Aufbau eines JSON-Dokuments beschreiben",
            "JSON-Daten in Python mit json.loads einlesen",
            "Python-Objekte mit json.dumps in JSON umwandeln",
        ],
        "sections": [
            (
                "Einführung",
                "Wenn Programme Daten austauschen, etwa ein Webserver und eine App, brauchen sie ein gemeinsames Textformat. In dieser Lektion geht es um das verbreitetste davon und um das Python-Modul, das damit umgeht.",
            ),
            (
                "Der Aufbau von JSON",
                'JSON (JavaScript Object Notation) kennt nur wenige Bausteine: Objekte in geschweiften Klammern mit Schlüssel-Wert-Paaren, Arrays in eckigen Klammern, Zeichenketten in doppelten Anführungszeichen, Zahlen, die Wahrheitswerte `true` und `false` sowie `null`. Schlüssel müssen immer Zeichenketten in doppelten Anführungszeichen sein. Ein gültiges Dokument ist zum Beispiel `{"name": "Lena", "alter": 31, "hobbys": ["Klettern", "Schach"]}`. Einfache Anführungszeichen wie in `{\'name\': \'Lena\'}` sind in JSON nicht erlaubt.',
            ),
            (
                "JSON einlesen",
                'Das Modul `json` der Standardbibliothek wandelt mit `json.loads()` eine JSON-Zeichenkette in Python-Objekte um. Aus einem Objekt wird ein `dict`, aus einem Array eine `list`, aus `true` wird `True` und aus `null` wird `None`. Nach `daten = json.loads(\'{"alter": 31, "aktiv": true}\')` liefert `daten["alter"]` die Zahl 31 und `daten["aktiv"]` den Wert `True`. Ist der Text kein gültiges JSON, löst `json.loads()` einen `json.JSONDecodeError` aus.',
            ),
            (
                "JSON schreiben",
                'Der umgekehrte Weg führt über `json.dumps()`: Die Funktion nimmt ein Python-Objekt und gibt eine JSON-Zeichenkette zurück. `json.dumps({"ok": True, "wert": None})` ergibt den Text `{"ok": true, "wert": null}`. Mit dem Argument `indent=2` wird die Ausgabe eingerückt und damit für Menschen lesbarer. Tupel werden dabei zu Arrays, denn JSON kennt keine Tupel.',
            ),
        ],
        "quiz": [
            q(
                "Welches der folgenden Dokumente ist gültiges JSON?",
                ["`{'stadt': 'Bonn'}`", '`{"stadt": "Bonn"}`', '`{stadt: "Bonn"}`'],
                1,
                "In JSON stehen Schlüssel und Zeichenketten immer in doppelten Anführungszeichen.",
                1,
            ),
            q(
                "Was liefert `json.loads('[1, null, false]')`?",
                [
                    "`[1, None, False]`",
                    "`[1, null, false]`",
                    "`(1, None, False)`",
                    "`'[1, None, False]'`",
                ],
                0,
                "Ein Array wird zur Liste, `null` wird zu `None` und `false` zu `False`.",
                2,
            ),
            q(
                'Was gibt `json.dumps({"fertig": False})` zurück?',
                [
                    'Die Zeichenkette `{"fertig": false}`',
                    'Die Zeichenkette `{"fertig": False}`',
                    'Das Dictionary `{"fertig": False}`',
                    "Die Zeichenkette `{'fertig': false}`",
                ],
                0,
                "`json.dumps()` gibt eine JSON-Zeichenkette zurück; darin wird `False` zu `false`, und der Schlüssel steht in doppelten Anführungszeichen.",
                3,
            ),
            q(
                "Was passiert bei `json.loads(\"{'a': 1}\")`?",
                [
                    "Es entsteht das Dictionary `{'a': 1}`",
                    "Es wird ein `json.JSONDecodeError` ausgelöst",
                    "Es entsteht die Liste `['a', 1]`",
                ],
                1,
                "Einfache Anführungszeichen sind kein gültiges JSON, deshalb löst `json.loads()` einen `json.JSONDecodeError` aus.",
                2,
            ),
        ],
    },
    {
        "id": "de-lgs",
        "language": "de",
        "split": "heldout",
        "batch": 9,
        "objectives": [
            "Ein lineares Gleichungssystem mit dem Einsetzungsverfahren lösen",
            "Ein lineares Gleichungssystem mit dem Additionsverfahren lösen",
            "Eine Lösung durch Einsetzen in beide Gleichungen überprüfen",
        ],
        "sections": [
            (
                "Überblick",
                "Zwei Gleichungen mit zwei Unbekannten bilden ein lineares Gleichungssystem. Gesucht ist das Zahlenpaar (x, y), das beide Gleichungen zugleich erfüllt. Wir lernen zwei Rechenwege kennen und sehen dann, wie man ein Ergebnis absichert.",
            ),
            (
                "Das Einsetzungsverfahren",
                "Beim Einsetzungsverfahren stellt man eine Gleichung nach einer Variablen um und setzt den erhaltenen Term in die andere Gleichung ein. Beispiel: y = 2x + 1 und 3x + y = 11. Einsetzen ergibt 3x + (2x + 1) = 11, also 5x = 10 und x = 2. Aus y = 2 · 2 + 1 folgt y = 5.",
            ),
            (
                "Das Additionsverfahren",
                "Beim Additionsverfahren addiert man die beiden Gleichungen so, dass eine Variable wegfällt; notfalls multipliziert man vorher eine Gleichung mit einer passenden Zahl. Beispiel: x + y = 7 und x − y = 1. Die Summe der beiden Gleichungen ergibt 2x = 8, also x = 4. Setzt man x = 4 in x + y = 7 ein, erhält man y = 3.",
            ),
            (
                "Die Probe",
                "Eine Lösung ist erst sicher, wenn sie beide Gleichungen erfüllt. Für x = 4 und y = 3 gilt 4 + 3 = 7 und 4 − 3 = 1, die Lösung stimmt also. Wer nur in eine Gleichung einsetzt, übersieht leicht einen Rechenfehler: Das Paar x = 5, y = 2 erfüllt zwar x + y = 7, aber nicht x − y = 1, denn 5 − 2 = 3.",
            ),
        ],
        "quiz": [
            q(
                "Löse mit dem Einsetzungsverfahren: y = x + 2 und 2x + y = 14. Welchen Wert hat x?",
                ["x = 4", "x = 5", "x = 6", "x = 12"],
                0,
                "Einsetzen ergibt 2x + (x + 2) = 14, also 3x = 12 und x = 4.",
                1,
            ),
            q(
                "Was erhält man, wenn man die Gleichungen x + y = 10 und x − y = 4 addiert?",
                ["2x = 14", "2y = 6", "2x = 6", "x = 14"],
                0,
                "y und −y heben sich auf: x + x = 2x und 10 + 4 = 14, also 2x = 14.",
                2,
            ),
            q(
                "Ist x = 3, y = 1 eine Lösung des Systems x + y = 4 und x − y = 1?",
                [
                    "Ja, denn 3 + 1 = 4",
                    "Nein, denn 3 − 1 = 2 und nicht 1",
                    "Ja, denn beide Werte sind positiv",
                ],
                1,
                "Das Paar erfüllt die erste Gleichung, aber nicht die zweite; eine Lösung muss beide erfüllen.",
                3,
            ),
        ],
    },
    {
        "id": "fr-discriminant",
        "language": "fr",
        "split": "heldout",
        "batch": 9,
        "objectives": [
            "Calculer le discriminant d’une équation du second degré",
            "Déterminer le nombre de solutions à partir du signe du discriminant",
            "Résoudre une équation du second degré avec les formules",
        ],
        "sections": [
            (
                "Le discriminant",
                "Une équation du second degré s’écrit ax² + bx + c = 0 avec a ≠ 0. Son discriminant est le nombre Δ = b² − 4ac. Pour 2x² − 3x − 2 = 0, on a a = 2, b = −3 et c = −2, donc Δ = (−3)² − 4 · 2 · (−2) = 9 + 16 = 25. Attention aux signes : b² est toujours positif ou nul, même quand b est négatif.",
            ),
            (
                "Combien de solutions ?",
                "Le signe de Δ indique combien de solutions réelles l’équation possède. Si Δ > 0, il y en a deux, distinctes. Si Δ = 0, il n’y en a qu’une, dite double. Si Δ < 0, l’équation n’a aucune solution réelle, car on ne peut pas prendre la racine carrée d’un nombre négatif. Par exemple, x² + x + 1 = 0 donne Δ = 1 − 4 = −3 : pas de solution réelle.",
            ),
            (
                "Les formules de résolution",
                "Quand Δ > 0, les deux solutions sont x₁ = (−b − √Δ) / (2a) et x₂ = (−b + √Δ) / (2a). Quand Δ = 0, la solution double est x₀ = −b / (2a). Reprenons 2x² − 3x − 2 = 0, où Δ = 25 : x₁ = (3 − 5) / 4 = −0,5 et x₂ = (3 + 5) / 4 = 2. On vérifie : 2 · 2² − 3 · 2 − 2 = 8 − 6 − 2 = 0.",
            ),
        ],
        "quiz": [
            q(
                "Quel est le discriminant de x² − 4x + 3 = 0 ?",
                ["−4", "4", "16", "28"],
                1,
                "Δ = (−4)² − 4 · 1 · 3 = 16 − 12 = 4.",
                0,
            ),
            q(
                "Le discriminant d’une équation du second degré vaut −7. Combien de solutions réelles a-t-elle ?",
                ["Aucune", "Une seule", "Deux"],
                0,
                "Δ < 0 : on ne peut pas prendre la racine carrée d’un nombre négatif, il n’y a donc aucune solution réelle.",
                1,
            ),
            q(
                "Quelles sont les solutions de x² − 4x + 3 = 0 ?",
                ["x = 1 et x = 3", "x = −1 et x = −3", "x = 2 seulement", "x = 1 et x = −3"],
                0,
                "Δ = 4 et √Δ = 2 : x₁ = (4 − 2) / 2 = 1 et x₂ = (4 + 2) / 2 = 3.",
                2,
            ),
            q(
                "Pour x² + 6x + 9 = 0, on trouve Δ = 0. Quelle est la solution double ?",
                ["x₀ = 3", "x₀ = −3", "x₀ = 6", "x₀ = −6"],
                1,
                "x₀ = −b / (2a) = −6 / 2 = −3.",
                2,
            ),
        ],
    },
    {
        "id": "fr-adjectifs",
        "language": "fr",
        "split": "heldout",
        "batch": 9,
        "objectives": [
            "Accorder un adjectif en genre avec le nom",
            "Accorder un adjectif en nombre",
            "Former le féminin des adjectifs irréguliers",
        ],
        "sections": [
            (
                "Introduction",
                "En français, l’adjectif change de forme selon le nom qu’il décrit. Cette leçon présente les règles de base et les principales exceptions.",
            ),
            (
                "Le genre",
                "L’adjectif prend le genre du nom auquel il se rapporte. Pour former le féminin, on ajoute en général un -e à la forme masculine : un grand jardin, une grande maison ; un ami poli, une amie polie. Si le masculin se termine déjà par un -e, il ne change pas : un vélo rouge, une voiture rouge.",
            ),
            (
                "Le nombre",
                "L’adjectif prend aussi le nombre du nom. Au pluriel, on ajoute généralement un -s : des livres intéressants, des histoires intéressantes. Les adjectifs terminés par -s ou -x au singulier ne changent pas au masculin pluriel : un chat gris, des chats gris ; un homme heureux, des hommes heureux. Ceux en -al font le plus souvent -aux : un problème national, des problèmes nationaux.",
            ),
            (
                "Les féminins irréguliers",
                "Certains adjectifs changent davantage au féminin :\n\n- -eux devient -euse : heureux → heureuse ;\n- -if devient -ive : sportif → sportive ;\n- -er devient -ère : cher → chère ;\n- -en double la consonne : ancien → ancienne.\n\nQuelques adjectifs très courants sont à apprendre par cœur : beau → belle, nouveau → nouvelle, vieux → vieille, blanc → blanche.",
            ),
        ],
        "quiz": [
            q(
                "Complétez : « une robe ___ » (vert)",
                ["vert", "verte", "vertes", "verts"],
                1,
                "Robe est un nom féminin singulier : on ajoute un -e à vert.",
                1,
            ),
            q(
                "Complétez : « des résultats ___ » (normal)",
                ["normals", "normales", "normaux", "normal"],
                2,
                "Résultats est masculin pluriel, et les adjectifs en -al font le plus souvent -aux.",
                2,
            ),
            q(
                "Quel est le féminin de « actif » ?",
                ["actife", "active", "activee", "actiffe"],
                1,
                "Les adjectifs en -if font leur féminin en -ive, comme sportif → sportive.",
                3,
            ),
            q(
                "Complétez : « des pommes ___ » (rouge)",
                ["rouge", "rouges", "rougees", "rougés"],
                1,
                "Rouge ne change pas au féminin, mais il prend un -s au pluriel.",
                2,
            ),
        ],
    },
    {
        "id": "es-funciones",
        "language": "es",
        "split": "heldout",
        "batch": 9,
        "objectives": [
            "Definir una función en Python con def",
            "Usar parámetros para pasar datos a una función",
            "Devolver un resultado con return",
        ],
        "sections": [
            (
                "Definir una función",
                'Una función es un bloque de código con nombre que se puede ejecutar tantas veces como haga falta. En Python se define con la palabra clave `def`, seguida del nombre, unos paréntesis y dos puntos; el cuerpo va sangrado debajo:\n\n```python\ndef saludar():\n    print("¡Hola!")\n```\n\nDefinir la función no la ejecuta: el código del cuerpo solo se ejecuta cuando se la llama con `saludar()`.',
            ),
            (
                "Parámetros",
                'Los parámetros son los nombres que aparecen entre los paréntesis de la definición y reciben los valores que se pasan en la llamada, llamados argumentos. Con `def saludar(nombre):`, la llamada `saludar("Marta")` hace que `nombre` valga `"Marta"` dentro de la función. Si hay varios parámetros, los argumentos se asignan por orden: en `def restar(a, b):`, la llamada `restar(10, 4)` da a `a` el valor 10 y a `b` el valor 4.',
            ),
            (
                "Devolver valores",
                "Con `return` la función entrega un resultado a quien la llamó y termina en ese momento. Por ejemplo:\n\n```python\ndef area_rectangulo(base, altura):\n    return base * altura\n```\n\nAsí, `x = area_rectangulo(3, 5)` guarda 15 en `x`. Una función sin `return` devuelve `None`. No hay que confundir `return` con `print`: `print` solo muestra un valor en la pantalla, mientras que `return` lo devuelve para que el programa pueda seguir usándolo.",
            ),
        ],
        "quiz": [
            q(
                '¿Qué ocurre al ejecutar únicamente la definición `def saludar(): print("¡Hola!")`?',
                [
                    "Se muestra ¡Hola! una vez",
                    "No se muestra nada hasta que se llame a `saludar()`",
                    "Se produce un error",
                ],
                1,
                "Definir una función no la ejecuta; su cuerpo solo se ejecuta al llamarla.",
                0,
            ),
            q(
                "Con `def restar(a, b): return a - b`, ¿qué devuelve `restar(3, 8)`?",
                ["5", "-5", "11", "38"],
                1,
                "Los argumentos se asignan por orden: a = 3 y b = 8, así que a - b = 3 - 8 = -5.",
                1,
            ),
            q(
                "¿Qué valor guarda `r` tras `r = area_rectangulo(4, 6)`?",
                ["10", "24", "46", "None"],
                1,
                "La función devuelve base * altura = 4 * 6 = 24, y ese valor se guarda en `r`.",
                2,
            ),
            q(
                "¿Qué devuelve una función que no tiene ninguna instrucción `return`?",
                ["0", "Una cadena vacía", "`None`", "El último valor que calculó"],
                2,
                "Una función sin `return` devuelve `None`.",
                2,
            ),
        ],
    },
    {
        "id": "es-angulos",
        "language": "es",
        "split": "heldout",
        "batch": 9,
        "objectives": [
            "Calcular el ángulo que falta en un triángulo",
            "Reconocer ángulos complementarios y suplementarios",
            "Calcular la suma de los ángulos interiores de un polígono",
        ],
        "sections": [
            (
                "Introducción",
                "Los ángulos aparecen en cualquier figura geométrica. En esta lección veremos tres reglas sencillas que permiten calcular ángulos desconocidos sin transportador.",
            ),
            (
                "Los ángulos de un triángulo",
                "En todo triángulo, los tres ángulos interiores suman 180°. Si se conocen dos, el tercero se obtiene restando su suma de 180°. Por ejemplo, si un triángulo tiene ángulos de 50° y 65°, el tercero mide 180° − 50° − 65° = 65°. En un triángulo rectángulo uno de los ángulos mide 90°, así que los otros dos suman 90°.",
            ),
            (
                "Complementarios y suplementarios",
                "Dos ángulos son complementarios cuando suman 90° y suplementarios cuando suman 180°. El complemento de 35° es 90° − 35° = 55°, y su suplemento es 180° − 35° = 145°. Los dos ángulos que forma una recta al cortar a otra, uno junto al otro, son siempre suplementarios.",
            ),
            (
                "Polígonos",
                "Un polígono de n lados se puede dividir en n − 2 triángulos trazando diagonales desde un mismo vértice. Por eso la suma de sus ángulos interiores es (n − 2) · 180°. Un cuadrilátero (n = 4) suma 2 · 180° = 360° y un pentágono (n = 5) suma 3 · 180° = 540°. Si el polígono es regular, todos sus ángulos son iguales: cada ángulo de un pentágono regular mide 540° ÷ 5 = 108°.",
            ),
        ],
        "quiz": [
            q(
                "Un triángulo tiene ángulos de 40° y 75°. ¿Cuánto mide el tercero?",
                ["55°", "65°", "115°", "245°"],
                1,
                "180° − 40° − 75° = 65°.",
                1,
            ),
            q(
                "¿Cuál es el suplemento de un ángulo de 70°?",
                ["20°", "110°", "180°", "290°"],
                1,
                "Suplementarios suman 180°: 180° − 70° = 110°. 20° sería el complemento.",
                2,
            ),
            q(
                "¿Cuánto suman los ángulos interiores de un hexágono (6 lados)?",
                ["360°", "540°", "720°", "1080°"],
                2,
                "(6 − 2) · 180° = 4 · 180° = 720°.",
                3,
            ),
            q(
                "¿Cuánto mide cada ángulo de un hexágono regular?",
                ["60°", "108°", "120°", "135°"],
                2,
                "Los ángulos suman 720° y son iguales: 720° ÷ 6 = 120°.",
                3,
            ),
        ],
    },
]
