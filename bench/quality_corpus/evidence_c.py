# ruff: noqa: E501, RUF001  (quotes copied verbatim from the lesson text)
"""Reference evidence for the good lessons of batch 8 (bases_batch8.py: 10 lessons, 30
objectives, 41 questions), annotated by hand on 2026-12-06 by helper h23i acting as a human
reviewer who had not read the quality checks, the judge or the benchmark's internals
(services/generation, adapters/llm, bench/quality_judge.py, bench/quality_eval.py, tests/) and saw
only the lesson file and the format of evidence_a.py / evidence_b.py.

For each objective the quote is the sentence (or the shortest contiguous span, at most about two
sentences; a rule with its inserted example or a list where the list is the teaching) of a
TEACHING section that shows the objective is taught: never the overview or introduction (en-ph,
fr-passecompose, fr-thales, es-escalas: section 0) or the closing summary (de-volumen
"Zusammenfassung", es-primos "Resumen": section 3), and never a sentence that only announces what
the lesson covers. For each question the quote is taken from the question's source section (its
section_index) and shows that the key is right; where the question applies a taught method to
other numbers or cases than the section's worked example (questions counted from 1: en-forloops
3-4, en-density 1-3, de-volumen 1-4, de-schall 2-3, fr-thales 3-4, es-primos 1-3, es-escalas
1-3) the quote is the rule or the worked example that the key follows from. Every quote is an
exact substring of the section body (check_evidence_c.py asserts this). An empty string would
mean "not taught by a teaching section" / "key not grounded in its source section"; none was
needed here.

Spans longer than two sentences, and why: en-ph "Classify ... from its pH" (the three
categories are stated from "below 7" to "above 7", four sentences with the acid examples between) and
fr-dictionnaires "Ajouter, modifier et supprimer" (one sentence per operation). Two-part spans
for questions: de-volumen question 3 (the key needs both 1 m³ = 1000 dm³ and 1 l = 1 dm³, which
stand in a list and the sentence after it), es-primos question 2 (the definition rules out
8 · 9 and 2 · 36, the method then gives 2³ · 3²) and es-escalas question 2 (multiply by the
denominator, then convert centimetres to kilometres). Judgement calls a second reviewer might
make differently: fr-passecompose question 1 quotes the participle list item (finir → fini)
rather than the avoir sentence, since "fini" is what separates the key from the distractors;
fr-thales question 4 solves for BC with AN/AC, which the worked example does not show, so the
quote is the general cross-multiplication method rather than the example.
"""

from __future__ import annotations

EVIDENCE: dict[str, dict] = {
    "en-ph": {
        "objectives": {
            "Describe what the pH scale measures": "The pH of a solution is a measure of how many hydrogen ions (H⁺) it contains. The scale usually runs from 0 to 14, and it works backwards: the more hydrogen ions, the lower the pH.",
            "Classify a solution as acidic, neutral or basic from its pH": "Any solution with a pH below 7 is acidic. Lemon juice (about pH 2) and vinegar (about pH 3) are acids, and so is the hydrochloric acid in your stomach (about pH 1.5). A pH of exactly 7 is neutral: pure water at 25 °C sits there. Solutions above 7 are basic, also called alkaline",
            "Explain what happens when an acid neutralises a base": "The hydrogen ions of the acid combine with the hydroxide ions (OH⁻) of the base to form water, and the remaining ions form a salt.",
        },
        "questions": [
            "A solution at pH 3 has ten times as many hydrogen ions as one at pH 4, and a hundred times as many as one at pH 5.",
            "Solutions above 7 are basic, also called alkaline: baking soda dissolved in water has a pH of about 9, soapy water about 10 and household bleach about 12.",
            "For example, hydrochloric acid and sodium hydroxide react as HCl + NaOH → NaCl + H₂O, giving ordinary table salt and water.",
            "This is how an antacid tablet works: it is a mild base that neutralises some of the excess acid in the stomach and eases heartburn.",
        ],
    },
    "en-forloops": {
        "objectives": {
            "Repeat an action for every item of a list with a for loop": "A `for` loop runs the same block of code once for each item in a collection.",
            "Generate number sequences with range()": "When you need numbers rather than items, loop over `range()`. `range(5)` produces 0, 1, 2, 3, 4: it starts at 0 and stops before the end value, so it gives exactly five numbers.",
            "Accumulate a running total inside a loop": "A very common pattern is the accumulator: a variable that starts at zero before the loop and grows on every pass.",
        },
        "questions": [
            'the variable `name` takes the value `"Ana"` on the first pass, `"Ben"` on the second and `"Cleo"` on the third, so three greetings are printed.',
            "With two arguments you choose the start: `range(2, 6)` produces 2, 3, 4, 5.",
            "A third argument sets the step: `range(0, 10, 3)` produces 0, 3, 6, 9, because the next value, 12, would not be below 10.",
            "After the first pass `total` is 4, then 11, then 20.",
            "If you put it inside the loop, it resets the variable on every pass, and at the end `total` only holds the last item, 9.",
        ],
    },
    "en-density": {
        "objectives": {
            "Calculate density from mass and volume": "It is found by dividing the mass by the volume: ρ = m / V, usually in grams per cubic centimetre (g/cm³).",
            "Measure the volume of an irregular object by displacement": "The stone has pushed aside, or displaced, its own volume of water, so its volume is 68 − 50 = 18 ml, and since 1 ml = 1 cm³, that is 18 cm³.",
            "Predict whether an object floats or sinks in water": "An object that is less dense than water floats, and one that is denser sinks.",
        },
        "questions": [
            "It is found by dividing the mass by the volume: ρ = m / V, usually in grams per cubic centimetre (g/cm³).",
            "The stone has pushed aside, or displaced, its own volume of water, so its volume is 68 − 50 = 18 ml, and since 1 ml = 1 cm³, that is 18 cm³.",
            "Water has a density of about 1 g/cm³, and that number decides what floats in it. An object that is less dense than water floats, and one that is denser sinks.",
            "A steel ship still floats because what counts is its average density: the hull encloses a large volume of air, so the ship as a whole is less dense than the water it sits in.",
        ],
    },
    "de-volumen": {
        "objectives": {
            "Das Volumen eines Quaders berechnen": "Sein Volumen erhält man, indem man Länge, Breite und Höhe miteinander multipliziert: V = a · b · c.",
            "Das Volumen eines Zylinders berechnen": "Sein Volumen ist Grundfläche mal Höhe, und die Grundfläche ist ein Kreis mit der Fläche π · r². Zusammen ergibt das V = π · r² · h.",
            "Volumeneinheiten umrechnen": "Von der größeren zur kleineren Einheit multipliziert man mit 1000, in die Gegenrichtung teilt man durch 1000.",
        },
        "questions": [
            "Sein Volumen erhält man, indem man Länge, Breite und Höhe miteinander multipliziert: V = a · b · c.",
            "Häufig ist statt des Radius der Durchmesser angegeben; dann muss man ihn zuerst halbieren, denn in der Formel steht der Radius.",
            "- 1 m³ = 1000 dm³\n- 1 dm³ = 1000 cm³\n- 1 cm³ = 1000 mm³\n\nFür Flüssigkeiten benutzt man Liter: 1 l = 1 dm³ und 1 ml = 1 cm³.",
            "Von der größeren zur kleineren Einheit multipliziert man mit 1000, in die Gegenrichtung teilt man durch 1000.",
        ],
    },
    "de-schall": {
        "objectives": {
            "Erklären, wie sich Schall ausbreitet": "Die schwingende Fläche stößt die benachbarten Luftteilchen an, diese stoßen ihre Nachbarn an, und so wandert eine Folge von Verdichtungen und Verdünnungen durch die Luft bis zu unserem Ohr.",
            "Die Entfernung eines Gewitters aus der Zeit zwischen Blitz und Donner bestimmen": "Daraus ergibt sich eine einfache Regel: Zähle die Sekunden zwischen Blitz und Donner und teile sie durch 3, dann erhältst du die Entfernung in Kilometern.",
            "Tonhöhe und Frequenz in Beziehung setzen": "Je größer die Frequenz, desto höher hören wir den Ton: Eine kurze, straff gespannte Saite schwingt schneller und klingt höher als eine lange, lockere.",
        },
        "questions": [
            "Deshalb braucht Schall einen Stoff, in dem er sich ausbreiten kann: Im luftleeren Weltraum gibt es keinen Schall.",
            "Daraus ergibt sich eine einfache Regel: Zähle die Sekunden zwischen Blitz und Donner und teile sie durch 3, dann erhältst du die Entfernung in Kilometern.",
            "Verdoppelt man die Frequenz, klingt der Ton genau eine Oktave höher, also 880 Hz.",
            "In Luft legt Schall bei 20 °C etwa 343 m pro Sekunde zurück, in Wasser rund 1480 m/s und in Stahl über 5000 m/s, weil die Teilchen dort enger beieinander liegen.",
        ],
    },
    "fr-passecompose": {
        "objectives": {
            "Former le passé composé avec l'auxiliaire avoir": "La plupart des verbes forment leur passé composé avec avoir : j’ai, tu as, il a, nous avons, vous avez, ils ont, suivi du participe passé.",
            "Choisir l'auxiliaire être pour les verbes de mouvement": "Une petite liste de verbes, surtout des verbes qui décrivent un déplacement ou un changement d’état, prend être : aller, venir, arriver, partir, entrer, sortir, monter, descendre, tomber, rester, retourner, naître et mourir, ainsi que leurs dérivés comme revenir ou devenir.",
            "Accorder le participe passé avec le sujet après être": "Quand l’auxiliaire est être, le participe passé s’accorde comme un adjectif avec le sujet, en genre et en nombre : on ajoute -e au féminin et -s au pluriel.",
        },
        "questions": [
            "verbes en -ir comme finir : finir → fini, choisir → choisi ;",
            "Une petite liste de verbes, surtout des verbes qui décrivent un déplacement ou un changement d’état, prend être : aller, venir, arriver, partir, entrer, sortir, monter, descendre, tomber, rester, retourner, naître et mourir, ainsi que leurs dérivés comme revenir ou devenir.",
            "Ainsi : il est arrivé, elle est arrivée, ils sont arrivés, elles sont arrivées.",
            "Avec avoir, au contraire, le participe reste invariable quand le complément vient après le verbe : « elles ont mangé une pomme ».",
        ],
    },
    "fr-dictionnaires": {
        "objectives": {
            "Créer un dictionnaire et lire une valeur par sa clé": 'On l’écrit entre accolades, chaque paire sous la forme `clé: valeur` : `ages = {"Léa": 14, "Tom": 15}`. Pour lire une valeur, on donne sa clé entre crochets : `ages["Léa"]` vaut `14`.',
            "Ajouter, modifier et supprimer des entrées": 'L’affectation `ages["Zoé"] = 13` ajoute une nouvelle paire. La même syntaxe sur une clé qui existe déjà remplace l’ancienne valeur : après `ages["Tom"] = 16`, Tom a 16 ans, et il n’y a toujours qu’une seule clé `"Tom"`, car les clés d’un dictionnaire sont uniques. Pour retirer une entrée, on écrit `del ages["Tom"]`, ou bien `ages.pop("Tom")`, qui supprime la paire et renvoie sa valeur.',
            "Parcourir un dictionnaire avec une boucle": 'Une boucle `for` sur un dictionnaire parcourt ses clés, dans l’ordre où elles ont été ajoutées : `for nom in ages:` donne `"Léa"`, puis `"Tom"`.',
        },
        "questions": [
            'La méthode `get` évite cette erreur : `ages.get("Zoé")` renvoie `None`, et `ages.get("Zoé", 0)` renvoie la valeur par défaut `0`.',
            'La même syntaxe sur une clé qui existe déjà remplace l’ancienne valeur : après `ages["Tom"] = 16`, Tom a 16 ans, et il n’y a toujours qu’une seule clé `"Tom"`, car les clés d’un dictionnaire sont uniques.',
            'Pour retirer une entrée, on écrit `del ages["Tom"]`, ou bien `ages.pop("Tom")`, qui supprime la paire et renvoie sa valeur.',
            'La méthode `values()` donne seulement les valeurs, ce qui permet par exemple de calculer une somme : avec `{"Léa": 14, "Tom": 15}`, `sum(ages.values())` vaut `29`.',
        ],
    },
    "fr-thales": {
        "objectives": {
            "Reconnaître une configuration de Thalès": "On place un point M sur le côté [AB] et un point N sur le côté [AC]. La figure est une configuration de Thalès lorsque la droite (MN) est parallèle à la droite (BC).",
            "Écrire l'égalité des rapports de Thalès": "Dans une configuration de Thalès, les côtés du petit triangle et ceux du grand sont proportionnels, ce qui s’écrit : AM/AB = AN/AC = MN/BC.",
            "Calculer une longueur manquante avec le théorème de Thalès": "Pour trouver une longueur inconnue, on choisit les deux rapports qui contiennent trois longueurs connues et l’inconnue, puis on fait un produit en croix.",
        },
        "questions": [
            "La figure est une configuration de Thalès lorsque la droite (MN) est parallèle à la droite (BC).",
            "Dans une configuration de Thalès, les côtés du petit triangle et ceux du grand sont proportionnels, ce qui s’écrit : AM/AB = AN/AC = MN/BC.",
            "On écrit AM/AB = MN/BC, soit 3/5 = MN/10, donc MN = 3 × 10 ÷ 5 = 6 cm.",
            "Pour trouver une longueur inconnue, on choisit les deux rapports qui contiennent trois longueurs connues et l’inconnue, puis on fait un produit en croix.",
        ],
    },
    "es-primos": {
        "objectives": {
            "Reconocer si un número es primo": "Para saber si un número es primo basta con probar si es divisible por los primos cuyo cuadrado no lo supera.",
            "Descomponer un número en factores primos": "Se divide el número por el menor primo posible y se repite con el cociente hasta llegar a 1",
            "Calcular el máximo común divisor con la descomposición": "Con la descomposición se calcula así: se descomponen los dos números y se multiplican los factores primos comunes, cada uno con el menor exponente con que aparece.",
        },
        "questions": [
            "Para saber si un número es primo basta con probar si es divisible por los primos cuyo cuadrado no lo supera.",
            "Descomponer un número en factores primos es escribirlo como un producto en el que todos los factores son primos. Se divide el número por el menor primo posible y se repite con el cociente hasta llegar a 1",
            "Con la descomposición se calcula así: se descomponen los dos números y se multiplican los factores primos comunes, cada uno con el menor exponente con que aparece.",
            "El 1 no es primo, porque solo tiene un divisor, y el 2 es el único primo par.",
        ],
    },
    "es-escalas": {
        "objectives": {
            "Interpretar la escala numérica de un mapa": "Una escala numérica como 1:50 000 significa que 1 unidad en el mapa corresponde a 50 000 unidades iguales en la realidad.",
            "Calcular distancias reales a partir de un mapa": "Para obtener una distancia real se mide la distancia en el mapa y se multiplica por el denominador de la escala.",
            "Calcular la distancia en el mapa a partir de la distancia real": "El camino inverso es una división: la distancia en el mapa es la distancia real dividida entre el denominador. Antes de dividir hay que expresar la distancia real en centímetros.",
        },
        "questions": [
            "Así, 1 cm en el mapa son 50 000 cm en el terreno, es decir, 500 m.",
            "En un mapa a 1:25 000, dos refugios separados 8 cm están a 8 · 25 000 = 200 000 cm en la realidad. Después conviene pasar a una unidad cómoda: como 1 km = 100 000 cm, son 2 km.",
            "Si un sendero mide 3 km y el mapa es 1:50 000, primero se escribe 3 km = 300 000 cm, y luego 300 000 : 50 000 = 6 cm.",
            "Por eso un mapa de denominador pequeño muestra más detalle.",
        ],
    },
}
