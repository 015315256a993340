# ruff: noqa: E501, RUF001  (quotes copied verbatim from the lesson text)
"""Reference evidence for the good lessons of batch 9 (bases_batch9.py: 10 lessons, 30
objectives, 39 questions), annotated by hand on 2026-12-06 by helper h23j, the author of the
lessons, acting as a human reviewer who had not read the quality checks, the judge or the
benchmark's internals (services/generation, adapters/llm, bench/quality_judge.py, tests/) and
saw only the lesson file and the format of evidence_c.py.

For each objective the quote is the sentence (or the shortest contiguous span, at most about two
sentences) of a TEACHING section that shows the objective is taught: never the overview or
introduction (en-area "Overview", en-halflife "Introduction", de-json "Einführung", de-lgs
"Überblick", fr-adjectifs "Introduction", es-angulos "Introducción": section 0) or the closing
summary (de-pendel "Zusammenfassung": section 3). For each question the quote is taken from the
question's source section (its section_index) and shows that the key is right; where the
question applies a taught method to other numbers or cases than the section's worked example,
the quote is the rule or the worked example the key follows from. Every quote is an exact
substring of the section body (check_evidence_d.py asserts this). No empty quote was needed.

Judgement calls a second reviewer might make differently: en-bigo question 2 (three times the
input of an O(n²) function) is grounded by the "ten times the data means about a hundred times
the work" sentence, which states the squaring rule only through an example; fr-adjectifs
question 4 (« des pommes rouges ») needs both that rouge keeps its form in the feminine (section
1) and the plural -s (section 2, its source section), so the quote is the plural rule only;
fr-adjectifs objective 3 quotes the list's lead-in with its first two items; es-angulos objective
2 quotes the definition sentence, which also grounds question 2.
"""

from __future__ import annotations

EVIDENCE: dict[str, dict] = {
    "en-area": {
        "objectives": {
            "Calculate the area of a triangle from its base and height": "Its area is therefore A = ½ · b · h, where b is the length of the side chosen as the base and h is the perpendicular height, measured from that base to the opposite corner.",
            "Find the area of a trapezoid": "Two copies of the same trapezoid, one turned upside down, fit together into a parallelogram with base a + b and height h, so one trapezoid covers half of it: A = ½ · (a + b) · h.",
            "Convert areas between square units": "Because an area is a length times a length, a conversion factor for lengths has to be applied twice. One metre is 100 centimetres, so one square metre is 100 · 100 = 10 000 cm².",
        },
        "questions": [
            "Its area is therefore A = ½ · b · h, where b is the length of the side chosen as the base and h is the perpendicular height, measured from that base to the opposite corner.",
            "The height must be at a right angle to the base: a slanted side of the triangle is not its height.",
            "so one trapezoid covers half of it: A = ½ · (a + b) · h.",
            "One metre is 100 centimetres, so one square metre is 100 · 100 = 10 000 cm².",
        ],
    },
    "en-bigo": {
        "objectives": {
            "Explain what Big-O notation describes": "Big-O notation describes how the running time of an algorithm grows as the size of its input, written n, grows.",
            "Compare O(1), O(n) and O(n²) running times": "For 1000 items that is roughly 1000 steps for O(n) but 1 000 000 steps for O(n²).",
            "Determine the complexity of simple loops": "A single loop over the n items runs its body n times: O(n). A loop inside another loop, both over the n items, runs the inner body n · n times: O(n²).",
        },
        "questions": [
            "It ignores constant factors and smaller terms and keeps only the part that dominates for large inputs: an algorithm that takes 3n + 5 steps is O(n)",
            "ten times the data means about a hundred times the work.",
            "An O(1) operation takes the same time whatever the input size, such as reading `items[0]` from a Python list.",
            "Loops that follow one another add up instead of multiplying: two separate loops over the list take n + n = 2n steps, which is still O(n).",
        ],
    },
    "en-halflife": {
        "objectives": {
            "Define the half-life of a radioactive isotope": "The half-life of a radioactive isotope is the time it takes for half of the atoms in a sample to decay.",
            "Calculate the remaining amount after several half-lives": "In general, the fraction left after n half-lives is (½)ⁿ. Worked example: a hospital receives 80 mg of iodine-131. After 24 days, which is 24 ÷ 8 = 3 half-lives, 80 · (½)³ = 80 ÷ 8 = 10 mg remain.",
            "Use half-life to estimate the age of a sample": "Measuring how much is left therefore tells us how long ago the organism died. If a piece of wood has a quarter of the carbon-14 of living wood, two half-lives have passed, and the tree died about 2 · 5730 = 11 460 years ago.",
        },
        "questions": [
            "The half-life of a radioactive isotope is the time it takes for half of the atoms in a sample to decay.",
            "In general, the fraction left after n half-lives is (½)ⁿ.",
            "It is a fixed property of each isotope and does not depend on how much of the substance there is, nor on temperature or pressure.",
            "If a piece of wood has a quarter of the carbon-14 of living wood, two half-lives have passed, and the tree died about 2 · 5730 = 11 460 years ago.",
        ],
    },
    "de-pendel": {
        "objectives": {
            "Frequenz und Schwingungsdauer ineinander umrechnen": "Beide Größen sind Kehrwerte voneinander: f = 1/T und T = 1/f. Ein Pendel mit T = 0,5 s schwingt also mit f = 1/0,5 s = 2 Hz.",
            "Die Schwingungsdauer eines Fadenpendels berechnen": "Für ein Fadenpendel mit kleiner Auslenkung gilt T = 2π · √(l/g). Dabei ist l die Länge des Fadens und g ≈ 9,81 m/s² die Fallbeschleunigung.",
            "Erklären, wovon die Schwingungsdauer abhängt": "Es kommt nur auf die Fadenlänge und den Ort an: Auf dem Mond, wo g nur etwa 1,62 m/s² beträgt, schwingt dasselbe Pendel deutlich langsamer als auf der Erde.",
        },
        "questions": [
            "Beide Größen sind Kehrwerte voneinander: f = 1/T und T = 1/f.",
            "Ist der Faden 4 m lang, wird die Wurzel doppelt so groß, und das Pendel braucht etwa 4,0 s für eine Schwingung.",
            "Eine schwere und eine leichte Kugel am gleich langen Faden schwingen gleich schnell.",
            "Auf dem Mond, wo g nur etwa 1,62 m/s² beträgt, schwingt dasselbe Pendel deutlich langsamer als auf der Erde.",
        ],
    },
    "de-json": {
        "objectives": {
            "Den Aufbau eines JSON-Dokuments beschreiben": "JSON (JavaScript Object Notation) kennt nur wenige Bausteine: Objekte in geschweiften Klammern mit Schlüssel-Wert-Paaren, Arrays in eckigen Klammern, Zeichenketten in doppelten Anführungszeichen, Zahlen, die Wahrheitswerte `true` und `false` sowie `null`.",
            "JSON-Daten in Python mit json.loads einlesen": "Das Modul `json` der Standardbibliothek wandelt mit `json.loads()` eine JSON-Zeichenkette in Python-Objekte um.",
            "Python-Objekte mit json.dumps in JSON umwandeln": "Der umgekehrte Weg führt über `json.dumps()`: Die Funktion nimmt ein Python-Objekt und gibt eine JSON-Zeichenkette zurück.",
        },
        "questions": [
            "Schlüssel müssen immer Zeichenketten in doppelten Anführungszeichen sein.",
            "Aus einem Objekt wird ein `dict`, aus einem Array eine `list`, aus `true` wird `True` und aus `null` wird `None`.",
            '`json.dumps({"ok": True, "wert": None})` ergibt den Text `{"ok": true, "wert": null}`.',
            "Ist der Text kein gültiges JSON, löst `json.loads()` einen `json.JSONDecodeError` aus.",
        ],
    },
    "de-lgs": {
        "objectives": {
            "Ein lineares Gleichungssystem mit dem Einsetzungsverfahren lösen": "Beim Einsetzungsverfahren stellt man eine Gleichung nach einer Variablen um und setzt den erhaltenen Term in die andere Gleichung ein.",
            "Ein lineares Gleichungssystem mit dem Additionsverfahren lösen": "Beim Additionsverfahren addiert man die beiden Gleichungen so, dass eine Variable wegfällt; notfalls multipliziert man vorher eine Gleichung mit einer passenden Zahl.",
            "Eine Lösung durch Einsetzen in beide Gleichungen überprüfen": "Eine Lösung ist erst sicher, wenn sie beide Gleichungen erfüllt. Für x = 4 und y = 3 gilt 4 + 3 = 7 und 4 − 3 = 1, die Lösung stimmt also.",
        },
        "questions": [
            "Einsetzen ergibt 3x + (2x + 1) = 11, also 5x = 10 und x = 2.",
            "Beispiel: x + y = 7 und x − y = 1. Die Summe der beiden Gleichungen ergibt 2x = 8, also x = 4.",
            "Das Paar x = 5, y = 2 erfüllt zwar x + y = 7, aber nicht x − y = 1, denn 5 − 2 = 3.",
        ],
    },
    "fr-discriminant": {
        "objectives": {
            "Calculer le discriminant d’une équation du second degré": "Son discriminant est le nombre Δ = b² − 4ac.",
            "Déterminer le nombre de solutions à partir du signe du discriminant": "Si Δ > 0, il y en a deux, distinctes. Si Δ = 0, il n’y en a qu’une, dite double. Si Δ < 0, l’équation n’a aucune solution réelle",
            "Résoudre une équation du second degré avec les formules": "Quand Δ > 0, les deux solutions sont x₁ = (−b − √Δ) / (2a) et x₂ = (−b + √Δ) / (2a).",
        },
        "questions": [
            "Son discriminant est le nombre Δ = b² − 4ac.",
            "Si Δ < 0, l’équation n’a aucune solution réelle, car on ne peut pas prendre la racine carrée d’un nombre négatif.",
            "Quand Δ > 0, les deux solutions sont x₁ = (−b − √Δ) / (2a) et x₂ = (−b + √Δ) / (2a).",
            "Quand Δ = 0, la solution double est x₀ = −b / (2a).",
        ],
    },
    "fr-adjectifs": {
        "objectives": {
            "Accorder un adjectif en genre avec le nom": "L’adjectif prend le genre du nom auquel il se rapporte. Pour former le féminin, on ajoute en général un -e à la forme masculine",
            "Accorder un adjectif en nombre": "L’adjectif prend aussi le nombre du nom. Au pluriel, on ajoute généralement un -s",
            "Former le féminin des adjectifs irréguliers": "Certains adjectifs changent davantage au féminin :\n\n- -eux devient -euse : heureux → heureuse ;\n- -if devient -ive : sportif → sportive ;",
        },
        "questions": [
            "Pour former le féminin, on ajoute en général un -e à la forme masculine",
            "Ceux en -al font le plus souvent -aux : un problème national, des problèmes nationaux.",
            "- -if devient -ive : sportif → sportive ;",
            "Au pluriel, on ajoute généralement un -s",
        ],
    },
    "es-funciones": {
        "objectives": {
            "Definir una función en Python con def": "En Python se define con la palabra clave `def`, seguida del nombre, unos paréntesis y dos puntos; el cuerpo va sangrado debajo:",
            "Usar parámetros para pasar datos a una función": "Los parámetros son los nombres que aparecen entre los paréntesis de la definición y reciben los valores que se pasan en la llamada, llamados argumentos.",
            "Devolver un resultado con return": "Con `return` la función entrega un resultado a quien la llamó y termina en ese momento.",
        },
        "questions": [
            "Definir la función no la ejecuta: el código del cuerpo solo se ejecuta cuando se la llama con `saludar()`.",
            "Si hay varios parámetros, los argumentos se asignan por orden: en `def restar(a, b):`, la llamada `restar(10, 4)` da a `a` el valor 10 y a `b` el valor 4.",
            "Así, `x = area_rectangulo(3, 5)` guarda 15 en `x`.",
            "Una función sin `return` devuelve `None`.",
        ],
    },
    "es-angulos": {
        "objectives": {
            "Calcular el ángulo que falta en un triángulo": "En todo triángulo, los tres ángulos interiores suman 180°. Si se conocen dos, el tercero se obtiene restando su suma de 180°.",
            "Reconocer ángulos complementarios y suplementarios": "Dos ángulos son complementarios cuando suman 90° y suplementarios cuando suman 180°.",
            "Calcular la suma de los ángulos interiores de un polígono": "Por eso la suma de sus ángulos interiores es (n − 2) · 180°.",
        },
        "questions": [
            "Si se conocen dos, el tercero se obtiene restando su suma de 180°.",
            "Dos ángulos son complementarios cuando suman 90° y suplementarios cuando suman 180°.",
            "Por eso la suma de sus ángulos interiores es (n − 2) · 180°.",
            "Si el polígono es regular, todos sus ángulos son iguales: cada ángulo de un pentágono regular mide 540° ÷ 5 = 108°.",
        ],
    },
}
