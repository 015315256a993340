# ruff: noqa: E501, RUF001  (lesson text, kept as written: long lines, multiplication signs)
"""An eighth held-out set (batch 8, written 2026-12-06 18:28-18:45 UTC for issue 23 by a helper
who had not read the checks' code, the judge's code or the other helpers' work, and committed
before any check was run on it): ten new topics in English, German, French and Spanish, none a
topic of batches 1-7. The good lessons have the shapes the lesson prompt allows and models
write: an overview or introduction in the lesson's own words (en-ph, fr-passecompose,
fr-thales, es-escalas), a closing summary (de-volumen "Zusammenfassung", es-primos "Resumen"),
worked examples with numbers and questions that apply a taught method to new numbers (en-ph,
en-density, de-volumen, de-schall, fr-thales, es-primos, es-escalas), code spans and notation
(en-forloops, fr-dictionnaires, es-primos, fr-thales), lists (de-volumen, fr-passecompose,
es-primos), and objectives phrased in the plan's words while the text teaches them in its own,
inflected words. Some distractors are deliberately equal in value to the key but wrong for the
question's wording (es-primos question 2: "8 · 9" is 72 but not a prime factorisation), as
models write them. The defects (build.py, end) cover every defect class at least three times.
Never used for tuning."""

from __future__ import annotations

from typing import Any

from bench.quality_corpus.bases_en import q

BASES: list[dict[str, Any]] = [
    {
        "id": "en-ph",
        "language": "en",
        "split": "heldout",
        "batch": 8,
        "objectives": [
            "Describe what the pH scale measures",
            "Classify a solution as acidic, neutral or basic from its pH",
            "Explain what happens when an acid neutralises a base",
        ],
        "sections": [
            (
                "Overview",
                "Lemon juice tastes sour, soap feels slippery, and both facts have the same cause. This lesson introduces the number chemists use to describe how acidic a liquid is, sorts everyday liquids by that number, and shows what happens when an acid and a base are mixed.",
            ),
            (
                "What the pH number tells you",
                "The pH of a solution is a measure of how many hydrogen ions (H⁺) it contains. The scale usually runs from 0 to 14, and it works backwards: the more hydrogen ions, the lower the pH. It is also logarithmic, which means that each step of one on the scale is a factor of ten. A solution at pH 3 has ten times as many hydrogen ions as one at pH 4, and a hundred times as many as one at pH 5. A small change in pH is therefore a large change in acidity.",
            ),
            (
                "Acidic, neutral or basic?",
                "Any solution with a pH below 7 is acidic. Lemon juice (about pH 2) and vinegar (about pH 3) are acids, and so is the hydrochloric acid in your stomach (about pH 1.5). A pH of exactly 7 is neutral: pure water at 25 °C sits there. Solutions above 7 are basic, also called alkaline: baking soda dissolved in water has a pH of about 9, soapy water about 10 and household bleach about 12. Universal indicator paper shows the category at a glance, turning red for strong acids, green for neutral and purple for strong bases.",
            ),
            (
                "Neutralisation",
                "When an acid and a base are mixed, they cancel each other out in a reaction called neutralisation. The hydrogen ions of the acid combine with the hydroxide ions (OH⁻) of the base to form water, and the remaining ions form a salt. For example, hydrochloric acid and sodium hydroxide react as HCl + NaOH → NaCl + H₂O, giving ordinary table salt and water. If just the right amount of base is added, the pH of the mixture moves to 7. This is how an antacid tablet works: it is a mild base that neutralises some of the excess acid in the stomach and eases heartburn.",
            ),
        ],
        "quiz": [
            q(
                "A solution has a pH of 3. How many times more hydrogen ions does it contain than a solution at pH 5?",
                ["2", "10", "100", "1000"],
                2,
                "Each step of one on the pH scale is a factor of ten, so two steps are 10 × 10 = 100.",
                1,
            ),
            q(
                "Baking soda dissolved in water has a pH of about 9. How is the solution classified?",
                ["Acidic", "Neutral", "Basic"],
                2,
                "A pH above 7 is basic (alkaline); 9 is above 7.",
                2,
            ),
            q(
                "What do hydrochloric acid and sodium hydroxide produce when they react?",
                [
                    "Sodium chloride and water",
                    "Hydrogen and oxygen gas",
                    "Chlorine gas and sodium metal",
                    "Carbon dioxide and water",
                ],
                0,
                "HCl + NaOH → NaCl + H₂O: the acid and the base neutralise each other, forming a salt (sodium chloride) and water.",
                3,
            ),
            q(
                "Why does an antacid tablet ease heartburn?",
                [
                    "It adds acid that speeds up digestion",
                    "It is a mild base that neutralises some of the stomach acid",
                    "It turns all the stomach acid into pure water",
                    "It raises the number of hydrogen ions in the stomach",
                ],
                1,
                "An antacid is a base; it neutralises part of the excess acid, so the pH in the stomach rises towards 7.",
                3,
            ),
        ],
    },
    {
        "id": "en-forloops",
        "language": "en",
        "split": "heldout",
        "batch": 8,
        "objectives": [
            "Repeat an action for every item of a list with a for loop",
            "Generate number sequences with range()",
            "Accumulate a running total inside a loop",
        ],
        "sections": [
            (
                "Looping over a list",
                'A `for` loop runs the same block of code once for each item in a collection. In\n\n```python\nnames = ["Ana", "Ben", "Cleo"]\nfor name in names:\n    print("Hello", name)\n```\n\nthe variable `name` takes the value `"Ana"` on the first pass, `"Ben"` on the second and `"Cleo"` on the third, so three greetings are printed. The lines that belong to the loop are the ones indented under the `for` line; the first line that is not indented runs once, after the loop has finished.',
            ),
            (
                "Counting with range()",
                "When you need numbers rather than items, loop over `range()`. `range(5)` produces 0, 1, 2, 3, 4: it starts at 0 and stops before the end value, so it gives exactly five numbers. With two arguments you choose the start: `range(2, 6)` produces 2, 3, 4, 5. A third argument sets the step: `range(0, 10, 3)` produces 0, 3, 6, 9, because the next value, 12, would not be below 10. Wrap a range in `list()` to see its numbers, for example `list(range(3))` is `[0, 1, 2]`.",
            ),
            (
                "Building up a total",
                "A very common pattern is the accumulator: a variable that starts at zero before the loop and grows on every pass.\n\n```python\ntotal = 0\nfor n in [4, 7, 9]:\n    total += n\n```\n\nAfter the first pass `total` is 4, then 11, then 20. The line `total = 0` must come before the loop. If you put it inside the loop, it resets the variable on every pass, and at the end `total` only holds the last item, 9.",
            ),
        ],
        "quiz": [
            q(
                'How many times does the body of `for name in ["Ana", "Ben", "Cleo"]:` run?',
                ["Once", "Twice", "Three times", "Four times"],
                2,
                "The loop runs once for each of the three items in the list.",
                0,
            ),
            q(
                "Which numbers does `range(2, 6)` produce?",
                ["2, 3, 4, 5", "2, 3, 4, 5, 6", "3, 4, 5, 6", "2, 6"],
                0,
                "A range starts at its first argument and stops before the second, so 6 is not included.",
                1,
            ),
            q(
                "What does `list(range(1, 12, 4))` return?",
                ["`[1, 4, 8, 12]`", "`[1, 5, 9]`", "`[1, 5, 9, 13]`", "`[4, 8]`"],
                1,
                "Start at 1 and add 4 each time: 1, 5, 9. The next value, 13, is not below 12, so the range stops.",
                1,
            ),
            q(
                "After `total = 0` and then `for n in [3, 5, 8]: total += n`, what is `total`?",
                ["8", "16", "15", "0"],
                1,
                "The loop adds every item to the total: 0 + 3 + 5 + 8 = 16.",
                2,
            ),
            q(
                "A loop sets `total = 0` inside its body, just before `total += n`. What does `total` hold after looping over `[4, 7, 9]`?",
                ["20", "9", "0", "4"],
                1,
                "The reset inside the loop throws away the earlier sums, so only the last item, 9, is left.",
                2,
            ),
        ],
    },
    {
        "id": "en-density",
        "language": "en",
        "split": "heldout",
        "batch": 8,
        "objectives": [
            "Calculate density from mass and volume",
            "Measure the volume of an irregular object by displacement",
            "Predict whether an object floats or sinks in water",
        ],
        "sections": [
            (
                "Mass, volume and density",
                "Density tells you how much mass is packed into each unit of volume. It is found by dividing the mass by the volume: ρ = m / V, usually in grams per cubic centimetre (g/cm³). A block measuring 2 cm × 5 cm × 10 cm has a volume of 100 cm³; if it has a mass of 240 g, its density is 240 g ÷ 100 cm³ = 2.4 g/cm³. The same formula can be turned around: an object of density 2 g/cm³ and volume 30 cm³ has a mass of 2 × 30 = 60 g. Density does not depend on the size of the sample: a small chip of the block has the same 2.4 g/cm³.",
            ),
            (
                "Measuring volume by displacement",
                "A stone or a key has no neat edges to measure, but its volume can still be found with water. Fill a measuring cylinder partly with water and read the level, say 50 ml. Lower the stone in carefully until it is fully under water and read again: 68 ml. The stone has pushed aside, or displaced, its own volume of water, so its volume is 68 − 50 = 18 ml, and since 1 ml = 1 cm³, that is 18 cm³. If the stone has a mass of 45 g, its density is 45 ÷ 18 = 2.5 g/cm³.",
            ),
            (
                "Floating or sinking",
                "Water has a density of about 1 g/cm³, and that number decides what floats in it. An object that is less dense than water floats, and one that is denser sinks. Ice (0.92 g/cm³) and oak wood (about 0.75 g/cm³) float, while the 2.5 g/cm³ stone above sinks, and so does steel at 7.8 g/cm³. A steel ship still floats because what counts is its average density: the hull encloses a large volume of air, so the ship as a whole is less dense than the water it sits in.",
            ),
        ],
        "quiz": [
            q(
                "A block has a mass of 300 g and a volume of 120 cm³. What is its density?",
                ["2.5 g/cm³", "0.4 g/cm³", "36,000 g/cm³", "180 g/cm³"],
                0,
                "Density is mass divided by volume: 300 g ÷ 120 cm³ = 2.5 g/cm³.",
                0,
            ),
            q(
                "The water in a measuring cylinder rises from 40 ml to 55 ml when a key is lowered into it. What is the volume of the key?",
                ["55 cm³", "40 cm³", "15 cm³", "95 cm³"],
                2,
                "The key displaces its own volume: 55 − 40 = 15 ml, which is 15 cm³.",
                1,
            ),
            q(
                "Candle wax has a density of about 0.9 g/cm³. What happens to a piece of wax dropped into water?",
                ["It sinks", "It floats", "It dissolves", "It stays exactly halfway down"],
                1,
                "0.9 g/cm³ is less than water's 1 g/cm³, so the wax floats.",
                2,
            ),
            q(
                "Why can a steel ship float although steel is denser than water?",
                [
                    "The hull with the air inside it has an average density below that of water",
                    "Sea water is denser than steel",
                    "Steel becomes lighter when it is wet",
                    "The engines push the ship upwards",
                ],
                0,
                "The hull encloses a lot of air, so the ship's average density is below 1 g/cm³.",
                2,
            ),
        ],
    },
    {
        "id": "de-volumen",
        "language": "de",
        "split": "heldout",
        "batch": 8,
        "objectives": [
            "Das Volumen eines Quaders berechnen",
            "Das Volumen eines Zylinders berechnen",
            "Volumeneinheiten umrechnen",
        ],
        "sections": [
            (
                "Der Quader",
                "Ein Quader ist ein Körper mit sechs rechteckigen Flächen, wie ein Schuhkarton oder ein Aquarium. Sein Volumen erhält man, indem man Länge, Breite und Höhe miteinander multipliziert: V = a · b · c. Ein Aquarium, das 50 cm lang, 30 cm breit und 40 cm hoch ist, fasst also 50 · 30 · 40 = 60 000 cm³. Wichtig ist, dass alle drei Kanten in derselben Einheit angegeben sind, bevor man multipliziert. Bei einem Würfel sind alle Kanten gleich lang, daher gilt dort V = a³.",
            ),
            (
                "Der Zylinder",
                "Ein Zylinder hat zwei gleich große Kreise als Grund- und Deckfläche. Sein Volumen ist Grundfläche mal Höhe, und die Grundfläche ist ein Kreis mit der Fläche π · r². Zusammen ergibt das V = π · r² · h. Eine Konservendose mit dem Radius 4 cm und der Höhe 10 cm hat das Volumen π · 4² · 10 = π · 160 ≈ 502,7 cm³. Häufig ist statt des Radius der Durchmesser angegeben; dann muss man ihn zuerst halbieren, denn in der Formel steht der Radius.",
            ),
            (
                "Einheiten umrechnen",
                "Zwischen benachbarten Volumeneinheiten liegt immer der Faktor 1000, weil jede Kante zehnmal so lang ist und 10 · 10 · 10 = 1000 gilt:\n\n- 1 m³ = 1000 dm³\n- 1 dm³ = 1000 cm³\n- 1 cm³ = 1000 mm³\n\nFür Flüssigkeiten benutzt man Liter: 1 l = 1 dm³ und 1 ml = 1 cm³. Das Aquarium von oben mit 60 000 cm³ fasst also 60 000 : 1000 = 60 dm³, das sind 60 Liter. Von der größeren zur kleineren Einheit multipliziert man mit 1000, in die Gegenrichtung teilt man durch 1000.",
            ),
            (
                "Zusammenfassung",
                "- Quader: V = a · b · c, alle Kanten in derselben Einheit.\n- Zylinder: V = π · r² · h, bei gegebenem Durchmesser zuerst halbieren.\n- Volumeneinheiten unterscheiden sich um den Faktor 1000; 1 l = 1 dm³.",
            ),
        ],
        "quiz": [
            q(
                "Ein Karton ist 20 cm lang, 10 cm breit und 5 cm hoch. Wie groß ist sein Volumen?",
                ["35 cm³", "1000 cm³", "200 cm³", "700 cm³"],
                1,
                "Man multipliziert die drei Kanten: 20 · 10 · 5 = 1000 cm³.",
                0,
            ),
            q(
                "Ein Zylinder hat den Durchmesser 6 cm und die Höhe 10 cm. Welche Rechnung liefert sein Volumen?",
                ["π · 6² · 10", "π · 3² · 10", "2 · π · 3 · 10", "6 · 10"],
                1,
                "In der Formel V = π · r² · h steht der Radius; der Durchmesser 6 cm wird zuerst halbiert, also r = 3 cm.",
                1,
            ),
            q(
                "Wie viele Liter Wasser passen in ein Becken mit 2 m³ Volumen?",
                ["20 l", "200 l", "2000 l", "20 000 l"],
                2,
                "2 m³ = 2 · 1000 dm³ = 2000 dm³, und 1 dm³ ist 1 Liter.",
                2,
            ),
            q(
                "Wie viele Kubikzentimeter sind 3,5 dm³?",
                ["35 cm³", "350 cm³", "3500 cm³", "0,0035 cm³"],
                2,
                "Von dm³ zu cm³ multipliziert man mit 1000: 3,5 · 1000 = 3500 cm³.",
                2,
            ),
        ],
    },
    {
        "id": "de-schall",
        "language": "de",
        "split": "heldout",
        "batch": 8,
        "objectives": [
            "Erklären, wie sich Schall ausbreitet",
            "Die Entfernung eines Gewitters aus der Zeit zwischen Blitz und Donner bestimmen",
            "Tonhöhe und Frequenz in Beziehung setzen",
        ],
        "sections": [
            (
                "Wie Schall sich fortbewegt",
                "Jeder Schall beginnt mit einer Schwingung, etwa einer Gitarrensaite oder einer Lautsprechermembran. Die schwingende Fläche stößt die benachbarten Luftteilchen an, diese stoßen ihre Nachbarn an, und so wandert eine Folge von Verdichtungen und Verdünnungen durch die Luft bis zu unserem Ohr. Die Teilchen selbst bleiben dabei fast an ihrem Platz; weitergegeben wird nur die Schwingung. Deshalb braucht Schall einen Stoff, in dem er sich ausbreiten kann: Im luftleeren Weltraum gibt es keinen Schall. In Luft legt Schall bei 20 °C etwa 343 m pro Sekunde zurück, in Wasser rund 1480 m/s und in Stahl über 5000 m/s, weil die Teilchen dort enger beieinander liegen.",
            ),
            (
                "Wie weit ist das Gewitter?",
                "Blitz und Donner entstehen im selben Augenblick. Das Licht des Blitzes erreicht uns praktisch sofort, der Donner aber braucht für jeden Kilometer etwa 3 Sekunden, denn 343 m/s · 3 s ≈ 1 km. Daraus ergibt sich eine einfache Regel: Zähle die Sekunden zwischen Blitz und Donner und teile sie durch 3, dann erhältst du die Entfernung in Kilometern. Vergehen 9 Sekunden, ist das Gewitter etwa 9 : 3 = 3 km entfernt. Sind es weniger als 10 Sekunden, ist es nah genug, um Schutz zu suchen.",
            ),
            (
                "Hohe und tiefe Töne",
                "Wie hoch ein Ton klingt, hängt davon ab, wie schnell die Schallquelle schwingt. Die Anzahl der Schwingungen pro Sekunde heißt Frequenz und wird in Hertz (Hz) gemessen. Je größer die Frequenz, desto höher hören wir den Ton: Eine kurze, straff gespannte Saite schwingt schneller und klingt höher als eine lange, lockere. Der Kammerton a, nach dem Orchester stimmen, hat 440 Hz. Verdoppelt man die Frequenz, klingt der Ton genau eine Oktave höher, also 880 Hz. Menschen hören Frequenzen von etwa 20 Hz bis 20 000 Hz.",
            ),
        ],
        "quiz": [
            q(
                "Warum hört man im Weltraum keine Explosion?",
                [
                    "Dort gibt es keine Teilchen, die die Schwingung weitergeben",
                    "Der Schall ist dort zu schnell, um gehört zu werden",
                    "Die Kälte verschluckt den Schall",
                    "Das helle Licht überdeckt den Schall",
                ],
                0,
                "Schall braucht einen Stoff, dessen Teilchen die Schwingung weitergeben; im Vakuum fehlt er.",
                0,
            ),
            q(
                "Zwischen Blitz und Donner zählst du 12 Sekunden. Wie weit ist das Gewitter ungefähr entfernt?",
                ["12 km", "4 km", "36 km", "1,2 km"],
                1,
                "Der Donner braucht etwa 3 Sekunden pro Kilometer: 12 : 3 = 4 km.",
                1,
            ),
            q(
                "Ein Ton hat die Frequenz 220 Hz. Welche Frequenz hat der Ton eine Oktave höher?",
                ["110 Hz", "330 Hz", "440 Hz", "880 Hz"],
                2,
                "Eine Oktave höher bedeutet die doppelte Frequenz: 2 · 220 Hz = 440 Hz.",
                2,
            ),
            q(
                "In welchem dieser Stoffe breitet sich Schall am schnellsten aus?",
                ["Luft", "Wasser", "Stahl"],
                2,
                "In Stahl liegen die Teilchen am engsten; Schall ist dort mit über 5000 m/s am schnellsten.",
                0,
            ),
        ],
    },
    {
        "id": "fr-passecompose",
        "language": "fr",
        "split": "heldout",
        "batch": 8,
        "objectives": [
            "Former le passé composé avec l'auxiliaire avoir",
            "Choisir l'auxiliaire être pour les verbes de mouvement",
            "Accorder le participe passé avec le sujet après être",
        ],
        "sections": [
            (
                "Introduction",
                "Le passé composé sert à raconter une action terminée : « Hier, j\u2019ai fini mon livre. » Il se construit toujours en deux morceaux, un auxiliaire conjugué au présent suivi du participe passé du verbe. Toute la difficulté est de choisir le bon auxiliaire et d\u2019écrire correctement le participe.",
            ),
            (
                "Avec avoir",
                "La plupart des verbes forment leur passé composé avec avoir : j\u2019ai, tu as, il a, nous avons, vous avez, ils ont, suivi du participe passé. Le participe se forme selon le groupe du verbe :\n\n- verbes en -er : parler → parlé, manger → mangé ;\n- verbes en -ir comme finir : finir → fini, choisir → choisi ;\n- beaucoup de verbes irréguliers : faire → fait, prendre → pris, voir → vu, avoir → eu.\n\nOn écrit donc « nous avons mangé », « vous avez pris le train ». Avec avoir, le participe ne s\u2019accorde pas avec le sujet : « elles ont parlé ».",
            ),
            (
                "Avec être",
                "Une petite liste de verbes, surtout des verbes qui décrivent un déplacement ou un changement d\u2019état, prend être : aller, venir, arriver, partir, entrer, sortir, monter, descendre, tomber, rester, retourner, naître et mourir, ainsi que leurs dérivés comme revenir ou devenir. On dit « je suis allé au marché » et « il est né en 2010 », jamais « j\u2019ai allé ». Un moyen de s\u2019en souvenir : ces verbes racontent presque tous un trajet, de la naissance à la mort, en passant par l\u2019entrée, la sortie, la montée et la chute.",
            ),
            (
                "L\u2019accord du participe avec être",
                "Quand l\u2019auxiliaire est être, le participe passé s\u2019accorde comme un adjectif avec le sujet, en genre et en nombre : on ajoute -e au féminin et -s au pluriel. Ainsi : il est arrivé, elle est arrivée, ils sont arrivés, elles sont arrivées. Si le sujet est un groupe mixte, on accorde au masculin pluriel : « Paul et Marie sont partis. » Avec avoir, au contraire, le participe reste invariable quand le complément vient après le verbe : « elles ont mangé une pomme ».",
            ),
        ],
        "quiz": [
            q(
                "Quel est le passé composé de « nous finissons » ?",
                ["nous avons finis", "nous avons fini", "nous sommes finis", "nous avons finit"],
                1,
                "Finir se conjugue avec avoir et son participe passé est fini, sans accord avec le sujet.",
                1,
            ),
            q(
                "Quel auxiliaire emploie-t-on avec le verbe « partir » au passé composé ?",
                ["avoir", "être", "aller"],
                1,
                "Partir décrit un déplacement ; il fait partie des verbes qui se conjuguent avec être : « je suis parti ».",
                2,
            ),
            q(
                "Complétez : « Mes sœurs sont ___ hier soir. » (arriver)",
                ["arrivé", "arrivés", "arrivées", "arrivée"],
                2,
                "Avec être, le participe s\u2019accorde avec le sujet « mes sœurs », féminin pluriel : arrivées.",
                3,
            ),
            q(
                "Quelle phrase est correcte ?",
                [
                    "Elles ont mangées une pomme.",
                    "Elles sont mangé une pomme.",
                    "Elles ont mangé une pomme.",
                    "Elles a mangé une pomme.",
                ],
                2,
                "Manger se conjugue avec avoir, et avec avoir le participe ne s\u2019accorde pas avec le sujet.",
                3,
            ),
        ],
    },
    {
        "id": "fr-dictionnaires",
        "language": "fr",
        "split": "heldout",
        "batch": 8,
        "objectives": [
            "Créer un dictionnaire et lire une valeur par sa clé",
            "Ajouter, modifier et supprimer des entrées",
            "Parcourir un dictionnaire avec une boucle",
        ],
        "sections": [
            (
                "Créer et consulter un dictionnaire",
                'Un dictionnaire Python associe des clés à des valeurs. On l\u2019écrit entre accolades, chaque paire sous la forme `clé: valeur` : `ages = {"Léa": 14, "Tom": 15}`. Pour lire une valeur, on donne sa clé entre crochets : `ages["Léa"]` vaut `14`. Si la clé n\u2019existe pas, `ages["Zoé"]` provoque une erreur `KeyError`. La méthode `get` évite cette erreur : `ages.get("Zoé")` renvoie `None`, et `ages.get("Zoé", 0)` renvoie la valeur par défaut `0`.',
            ),
            (
                "Modifier le contenu",
                'Un dictionnaire se modifie après sa création. L\u2019affectation `ages["Zoé"] = 13` ajoute une nouvelle paire. La même syntaxe sur une clé qui existe déjà remplace l\u2019ancienne valeur : après `ages["Tom"] = 16`, Tom a 16 ans, et il n\u2019y a toujours qu\u2019une seule clé `"Tom"`, car les clés d\u2019un dictionnaire sont uniques. Pour retirer une entrée, on écrit `del ages["Tom"]`, ou bien `ages.pop("Tom")`, qui supprime la paire et renvoie sa valeur.',
            ),
            (
                "Parcourir un dictionnaire",
                'Une boucle `for` sur un dictionnaire parcourt ses clés, dans l\u2019ordre où elles ont été ajoutées : `for nom in ages:` donne `"Léa"`, puis `"Tom"`. Pour obtenir la clé et la valeur en même temps, on parcourt `ages.items()` : `for nom, age in ages.items(): print(nom, age)`. La méthode `values()` donne seulement les valeurs, ce qui permet par exemple de calculer une somme : avec `{"Léa": 14, "Tom": 15}`, `sum(ages.values())` vaut `29`.',
            ),
        ],
        "quiz": [
            q(
                'Que renvoie `ages.get("Zoé", 0)` si la clé `"Zoé"` n\u2019existe pas ?',
                ["`None`", "`0`", "Une erreur `KeyError`", '`"Zoé"`'],
                1,
                "Avec un second argument, `get` renvoie cette valeur par défaut quand la clé manque.",
                0,
            ),
            q(
                'Après `d = {"a": 1}` puis `d["a"] = 5`, que vaut `d` ?',
                ['`{"a": 1, "a": 5}`', '`{"a": 5}`', '`{"a": 6}`', '`{"a": [1, 5]}`'],
                1,
                "Affecter une clé existante remplace sa valeur ; une clé n\u2019apparaît qu\u2019une fois.",
                1,
            ),
            q(
                'Quelle instruction supprime la clé `"Tom"` du dictionnaire `ages` ?',
                [
                    '`del ages["Tom"]`',
                    '`ages.remove("Tom")`',
                    '`ages["Tom"] = None`',
                    '`ages.delete("Tom")`',
                ],
                0,
                "`del` suivi de la clé entre crochets retire la paire ; mettre `None` garde la clé.",
                1,
            ),
            q(
                'Avec `prix = {"pain": 2, "lait": 1, "œufs": 3}`, que vaut `sum(prix.values())` ?',
                ["`3`", "`6`", "Une erreur", '`["pain", "lait", "œufs"]`'],
                1,
                "`values()` donne 2, 1 et 3, dont la somme vaut 6.",
                2,
            ),
        ],
    },
    {
        "id": "fr-thales",
        "language": "fr",
        "split": "heldout",
        "batch": 8,
        "objectives": [
            "Reconnaître une configuration de Thalès",
            "Écrire l'égalité des rapports de Thalès",
            "Calculer une longueur manquante avec le théorème de Thalès",
        ],
        "sections": [
            (
                "Aperçu",
                "Le théorème de Thalès permet de calculer des longueurs sans les mesurer, par exemple la hauteur d\u2019un arbre à partir de son ombre. Nous verrons d\u2019abord dans quelle figure il s\u2019applique, puis les rapports qu\u2019il fournit, et enfin comment s\u2019en servir dans un calcul.",
            ),
            (
                "La figure de départ",
                "On part d\u2019un triangle ABC. On place un point M sur le côté [AB] et un point N sur le côté [AC]. La figure est une configuration de Thalès lorsque la droite (MN) est parallèle à la droite (BC). Le petit triangle AMN est alors une réduction du grand triangle ABC : mêmes angles, côtés proportionnels. La condition de parallélisme est indispensable ; sans elle, les longueurs ne sont pas proportionnelles. On rencontre aussi la configuration « papillon », où M et N sont de l\u2019autre côté du point A, sur les prolongements des côtés.",
            ),
            (
                "Les rapports égaux",
                "Dans une configuration de Thalès, les côtés du petit triangle et ceux du grand sont proportionnels, ce qui s\u2019écrit : AM/AB = AN/AC = MN/BC. Chaque rapport met une longueur du petit triangle au numérateur et la longueur correspondante du grand triangle au dénominateur. Il faut garder le même ordre dans les trois fractions ; mélanger, par exemple en écrivant AC/AN au milieu, rend l\u2019égalité fausse. Le rapport commun est le coefficient de réduction.",
            ),
            (
                "Calculer une longueur",
                "Pour trouver une longueur inconnue, on choisit les deux rapports qui contiennent trois longueurs connues et l\u2019inconnue, puis on fait un produit en croix. Exemple : AM = 3 cm, AB = 5 cm, BC = 10 cm et (MN) // (BC). On écrit AM/AB = MN/BC, soit 3/5 = MN/10, donc MN = 3 × 10 ÷ 5 = 6 cm. Un contrôle rapide : MN doit être plus petit que BC, puisque AMN est une réduction de ABC.",
            ),
        ],
        "quiz": [
            q(
                "M est sur [AB] et N sur [AC]. Quelle condition faut-il pour appliquer le théorème de Thalès ?",
                [
                    "(MN) est parallèle à (BC)",
                    "(MN) est perpendiculaire à (BC)",
                    "AM = AN",
                    "M est le milieu de [AB]",
                ],
                0,
                "Le théorème ne s\u2019applique que si (MN) et (BC) sont parallèles.",
                1,
            ),
            q(
                "Quelle égalité est correcte dans cette configuration ?",
                [
                    "AM/AB = AC/AN = MN/BC",
                    "AB/AM = AN/AC = BC/MN",
                    "AM/AB = AN/AC = MN/BC",
                    "AM/MB = AN/AC = MN/BC",
                ],
                2,
                "Chaque rapport met la longueur du petit triangle sur celle du grand, dans le même ordre.",
                2,
            ),
            q(
                "AM = 4 cm, AB = 10 cm et BC = 15 cm, avec (MN) // (BC). Combien mesure MN ?",
                ["6 cm", "9 cm", "37,5 cm", "8 cm"],
                0,
                "AM/AB = MN/BC donne 4/10 = MN/15, donc MN = 4 × 15 ÷ 10 = 6 cm.",
                3,
            ),
            q(
                "AN = 2 cm, AC = 8 cm et MN = 3 cm, avec (MN) // (BC). Combien mesure BC ?",
                ["6 cm", "12 cm", "0,75 cm", "10,7 cm"],
                1,
                "AN/AC = MN/BC donne 2/8 = 3/BC, donc BC = 3 × 8 ÷ 2 = 12 cm.",
                3,
            ),
        ],
    },
    {
        "id": "es-primos",
        "language": "es",
        "split": "heldout",
        "batch": 8,
        "objectives": [
            "Reconocer si un número es primo",
            "Descomponer un número en factores primos",
            "Calcular el máximo común divisor con la descomposición",
        ],
        "sections": [
            (
                "Números primos",
                "Un número primo es un número natural mayor que 1 que tiene exactamente dos divisores: el 1 y él mismo. Los primeros son 2, 3, 5, 7, 11 y 13. El 1 no es primo, porque solo tiene un divisor, y el 2 es el único primo par. Para saber si un número es primo basta con probar si es divisible por los primos cuyo cuadrado no lo supera. Por ejemplo, 91 no es primo porque 91 = 7 · 13, mientras que 97 sí lo es: no es divisible por 2, 3, 5 ni 7, y 11² = 121 ya es mayor que 97.",
            ),
            (
                "Descomposición en factores primos",
                "Descomponer un número en factores primos es escribirlo como un producto en el que todos los factores son primos. Se divide el número por el menor primo posible y se repite con el cociente hasta llegar a 1:\n\n- 60 : 2 = 30\n- 30 : 2 = 15\n- 15 : 3 = 5\n- 5 : 5 = 1\n\nLos divisores usados dan la descomposición: 60 = 2 · 2 · 3 · 5 = 2² · 3 · 5. Cada número tiene una única descomposición, sea cual sea el orden en que se encuentren los factores. Escribir 60 = 6 · 10 no es una descomposición en factores primos, porque 6 y 10 no son primos.",
            ),
            (
                "El máximo común divisor",
                "El máximo común divisor (mcd) de dos números es el mayor número que divide a ambos. Con la descomposición se calcula así: se descomponen los dos números y se multiplican los factores primos comunes, cada uno con el menor exponente con que aparece. Para 60 = 2² · 3 · 5 y 84 = 2² · 3 · 7, los factores comunes son 2² y 3, así que mcd(60, 84) = 2² · 3 = 12. El 5 y el 7 no cuentan porque solo aparecen en uno de los dos números.",
            ),
            (
                "Resumen",
                "- Un primo tiene exactamente dos divisores; el 1 no es primo.\n- Se descompone dividiendo por el menor primo posible hasta llegar a 1.\n- El mcd es el producto de los factores comunes con su menor exponente.",
            ),
        ],
        "quiz": [
            q(
                "¿Cuál de estos números es primo?",
                ["51", "57", "59", "63"],
                2,
                "51 = 3 · 17, 57 = 3 · 19 y 63 = 7 · 9; 59 no es divisible por 2, 3, 5 ni 7, así que es primo.",
                0,
            ),
            q(
                "¿Cuál es la descomposición en factores primos de 72?",
                ["2³ · 3²", "2² · 3³", "8 · 9", "2 · 36"],
                0,
                "72 : 2 = 36, 36 : 2 = 18, 18 : 2 = 9, 9 : 3 = 3, 3 : 3 = 1, así que 72 = 2³ · 3². 8 · 9 y 2 · 36 valen 72 pero sus factores no son todos primos.",
                1,
            ),
            q(
                "¿Cuál es el máximo común divisor de 36 y 48?",
                ["6", "12", "144", "4"],
                1,
                "36 = 2² · 3² y 48 = 2⁴ · 3; los factores comunes con su menor exponente son 2² y 3, y 2² · 3 = 12.",
                2,
            ),
            q(
                "¿Por qué el 1 no es un número primo?",
                [
                    "Porque solo tiene un divisor",
                    "Porque es impar",
                    "Porque es un cuadrado perfecto",
                    "Porque todos los primos son pares",
                ],
                0,
                "Un primo necesita exactamente dos divisores, y el 1 solo tiene uno: él mismo.",
                0,
            ),
        ],
    },
    {
        "id": "es-escalas",
        "language": "es",
        "split": "heldout",
        "batch": 8,
        "objectives": [
            "Interpretar la escala numérica de un mapa",
            "Calcular distancias reales a partir de un mapa",
            "Calcular la distancia en el mapa a partir de la distancia real",
        ],
        "sections": [
            (
                "Introducción",
                "Ningún mapa puede dibujar el terreno a su tamaño real, así que todos lo reducen. La escala dice cuánto. En esta lección veremos qué significa ese número y cómo usarlo en los dos sentidos: para saber cuánto hay que caminar y para dibujar un camino en el papel.",
            ),
            (
                "Qué significa la escala",
                "Una escala numérica como 1:50 000 significa que 1 unidad en el mapa corresponde a 50 000 unidades iguales en la realidad. Así, 1 cm en el mapa son 50 000 cm en el terreno, es decir, 500 m. El primer número es siempre la medida en el mapa y el segundo, el denominador, la medida real. Cuanto mayor es el denominador, más se ha reducido el terreno: un plano de ciudad a 1:10 000 muestra calles y plazas, mientras que un mapa de país a 1:1 000 000 solo muestra carreteras principales. Por eso un mapa de denominador pequeño muestra más detalle.",
            ),
            (
                "Del mapa a la realidad",
                "Para obtener una distancia real se mide la distancia en el mapa y se multiplica por el denominador de la escala. En un mapa a 1:25 000, dos refugios separados 8 cm están a 8 · 25 000 = 200 000 cm en la realidad. Después conviene pasar a una unidad cómoda: como 1 km = 100 000 cm, son 2 km. Un error frecuente es olvidar esta conversión y dar el resultado en centímetros.",
            ),
            (
                "De la realidad al mapa",
                "El camino inverso es una división: la distancia en el mapa es la distancia real dividida entre el denominador. Antes de dividir hay que expresar la distancia real en centímetros. Si un sendero mide 3 km y el mapa es 1:50 000, primero se escribe 3 km = 300 000 cm, y luego 300 000 : 50 000 = 6 cm. Así se sabe cuánto medirá el sendero al dibujarlo sobre el mapa.",
            ),
        ],
        "quiz": [
            q(
                "En un mapa a escala 1:20 000, ¿qué distancia real representa 1 cm?",
                ["20 m", "200 m", "2 km", "20 km"],
                1,
                "1 cm en el mapa son 20 000 cm en la realidad, y 20 000 cm = 200 m.",
                1,
            ),
            q(
                "En un mapa a 1:25 000 dos pueblos están a 12 cm. ¿Cuál es la distancia real entre ellos?",
                ["3 km", "300 m", "30 km", "2,5 km"],
                0,
                "12 · 25 000 = 300 000 cm, y como 1 km = 100 000 cm, son 3 km.",
                2,
            ),
            q(
                "Un sendero mide 4 km. ¿Cuánto medirá en un mapa a escala 1:100 000?",
                ["40 cm", "4 cm", "0,4 cm", "25 cm"],
                1,
                "4 km = 400 000 cm, y 400 000 : 100 000 = 4 cm.",
                3,
            ),
            q(
                "¿Qué mapa muestra más detalle del terreno?",
                ["Uno a escala 1:10 000", "Uno a escala 1:1 000 000", "Los dos muestran lo mismo"],
                0,
                "Cuanto menor es el denominador, menos se ha reducido el terreno y más detalle se ve.",
                1,
            ),
        ],
    },
]
