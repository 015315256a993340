# ruff: noqa: E501, RUF001  (lesson text, kept as written: long lines, multiplication signs)
"""A tenth held-out set (batch 10, written 2026-12-06 19:22-19:45 UTC for issue 23 by helper
h23k, who had not read the checks' code, the judge's code, the tests, the other helpers' work or
the figures in bench/RESULTS.md, and committed before any check was run on it): ten new topics
in English, German, French and Spanish, none a topic of batches 1-9. The good lessons have the
shapes models write: an introduction in the lesson's own words (de-vektoren "Einführung",
fr-energiecinetique, es-preterito "Introducción"), worked examples with numbers and questions
that apply a taught rule to new numbers or cases (en-pressure, en-leapyears, de-kraft,
de-vektoren, fr-energiecinetique, es-ohm, de-sqlwhere), code spans and notation (en-csv,
en-leapyears, de-sqlwhere, fr-while), lists (es-preterito), and objectives phrased in the plan's
words while the text teaches them in its own, inflected words. Options legitimately differ by
little: signs (de-vektoren), units and decimal places (es-ohm question 3), operators (de-sqlwhere
question 1: > against >=), accents and endings (es-preterito), quotes (en-csv question 3).
Explanations sometimes name a wrong option to rule it out. The defects (build.py, end) cover
every defect class four times. Never used for tuning."""

from __future__ import annotations

from typing import Any

from bench.quality_corpus.bases_en import q

BASES: list[dict[str, Any]] = [
    {
        "id": "en-pressure",
        "language": "en",
        "split": "heldout",
        "batch": 10,
        "objectives": [
            "Calculate pressure from force and area",
            "Convert between pascals and kilopascals",
            "Explain why a small contact area produces a large pressure",
        ],
        "sections": [
            (
                "Force spread over an area",
                "Pressure tells you how strongly a force pushes on each piece of a surface. It is the force divided by the area it acts on: p = F / A. With the force in newtons and the area in square metres, the pressure comes out in pascals (Pa), and 1 Pa = 1 N/m². A crate that weighs 600 N and stands on a base of 0.2 m² presses on the floor with p = 600 N ÷ 0.2 m² = 3000 Pa. Turn the crate onto a smaller side and the same weight gives a larger pressure.",
            ),
            (
                "Pascals and kilopascals",
                "One pascal is a tiny pressure, about what a sheet of paper exerts lying on a table, so everyday pressures are usually given in kilopascals. One kilopascal is a thousand pascals: 1 kPa = 1000 Pa. To go from kPa to Pa, multiply by 1000; to go back, divide by 1000. The air around us presses with about 101 kPa, which is 101 000 Pa, and a bicycle tyre is often pumped to around 400 kPa.",
            ),
            (
                "Sharp points and wide feet",
                "Because the area sits in the denominator, shrinking it raises the pressure even when the force stays the same. A knife cuts because its edge touches the food along a very thin strip, so a moderate push becomes a huge pressure. A drawing pin works the same way: the wide head is kind to your thumb, the tiny point is not kind to the wall. The opposite trick keeps things from sinking: snowshoes and the wide tracks of a tractor spread the weight over a large area, so the pressure on the ground stays low.",
            ),
        ],
        "quiz": [
            q(
                "A box weighing 900 N rests on an area of 0.3 m². What pressure does it exert?",
                ["270 Pa", "3000 Pa", "300 Pa", "2700 Pa"],
                1,
                "p = F / A = 900 N ÷ 0.3 m² = 3000 Pa; 270 Pa comes from multiplying instead of dividing.",
                0,
            ),
            q(
                "How many pascals are 2.5 kPa?",
                ["25 Pa", "250 Pa", "2500 Pa", "25 000 Pa"],
                2,
                "1 kPa = 1000 Pa, so 2.5 kPa = 2.5 · 1000 = 2500 Pa.",
                1,
            ),
            q(
                "Why do snowshoes stop a walker from sinking into deep snow?",
                [
                    "They make the walker lighter",
                    "They spread the same weight over a larger area, so the pressure is lower",
                    "They increase the pressure on the snow so that it packs down",
                ],
                1,
                "The weight does not change; a larger area in p = F / A means a smaller pressure.",
                2,
            ),
            q(
                "A thumb pushes a drawing pin with 20 N. The point has an area of 0.000 002 m². What pressure does the point exert on the wall?",
                ["40 Pa", "10 000 Pa", "1 000 000 Pa", "10 000 000 Pa"],
                3,
                "p = 20 N ÷ 0.000 002 m² = 10 000 000 Pa, which is why such a small push drives the pin in.",
                2,
            ),
        ],
    },
    {
        "id": "en-csv",
        "language": "en",
        "split": "heldout",
        "batch": 10,
        "objectives": [
            "Read a CSV file with Python's csv module",
            "Access columns by name with DictReader",
            "Convert text fields to numbers",
        ],
        "sections": [
            (
                "What a CSV file is",
                "A CSV file (comma-separated values) stores a table as plain text. Each line is one row and the values in a row are separated by commas. The first line is usually a header that names the columns, for example `name,city,age`. CSV files are easy to produce from spreadsheets and databases, which is why so much data arrives in this form.",
            ),
            (
                "Reading rows with csv.reader",
                'Python\'s standard library has a `csv` module that splits the lines for you and handles quoted values that contain commas. Open the file with `newline=""` and pass it to `csv.reader`:\n\n```python\nimport csv\n\nwith open("people.csv", newline="") as f:\n    reader = csv.reader(f)\n    header = next(reader)\n    for row in reader:\n        print(row[0])\n```\n\nEach row comes back as a list of strings, in the order of the columns. Calling `next(reader)` once before the loop takes the header line off, so the loop only sees data rows.',
            ),
            (
                "Columns by name",
                "Counting column positions is fragile: if someone adds a column, `row[2]` suddenly means something else. `csv.DictReader` reads the header itself and gives every row as a dictionary whose keys are the column names. With `reader = csv.DictReader(f)` you write `row['city']` instead of `row[1]`. The header line is used for the keys and does not appear as a row of its own.",
            ),
            (
                "Turning text into numbers",
                "The csv module never guesses types: every value it returns is a string, even `42`. Before you calculate, convert the value with `int()` or `float()`, for example `age = int(row['age'])` or `price = float(row['price'])`. Forgetting this leads to surprises, because `+` joins strings: `'3' + '4'` is `'34'`, not `7`.",
            ),
        ],
        "quiz": [
            q(
                "What type does `csv.reader` give for each value in a row?",
                ["int", "str", "float", "It depends on the value"],
                1,
                "The csv module returns every value as a string; it does not guess types, so 'It depends on the value' is wrong.",
                1,
            ),
            q(
                "A file is read with `csv.DictReader`. How do you get the value of the `price` column in `row`?",
                ["row[price]", "row.price", "row['price']", "row[0]['price']"],
                2,
                "DictReader gives each row as a dictionary keyed by the column names, so the key is the string 'price'.",
                2,
            ),
            q(
                "A row holds the fields '12' and '30'. What is `row[0] + row[1]`?",
                ["42", "'1230'", "'42'", "An error"],
                1,
                "Both values are strings, and + joins strings: '12' + '30' is '1230'. Converting with int() first would give 42.",
                3,
            ),
            q(
                "Which call takes the header line off before a loop over `csv.reader`?",
                ["next(reader)", "reader.skip()", "reader.header()"],
                0,
                "next(reader) reads one row, the header, so the loop starts at the first data row.",
                1,
            ),
        ],
    },
    {
        "id": "en-leapyears",
        "language": "en",
        "split": "heldout",
        "batch": 10,
        "objectives": [
            "State the rules for leap years in the Gregorian calendar",
            "Decide whether a given year is a leap year",
            "Explain why the calendar needs leap years",
        ],
        "sections": [
            (
                "Why we need leap years",
                "The Earth takes about 365.2422 days to go once around the Sun, but a calendar year must have a whole number of days. A calendar of 365 days every year would fall behind the seasons by almost a quarter of a day each year, roughly one day every four years and about 24 days in a century. Inserting an extra day, 29 February, in some years keeps the calendar in step with the seasons.",
            ),
            (
                "The Gregorian rule",
                "Adding a day every fourth year would overcorrect slightly, because the true year is a little shorter than 365.25 days. The Gregorian calendar therefore uses three rules, applied in order:\n\n1. A year divisible by 4 is a leap year, such as 2024.\n2. Except that a year divisible by 100 is not, such as 1900.\n3. Except that a year divisible by 400 is a leap year after all, such as 2000.\n\nThis gives 97 leap years in every 400 years, an average year of 365.2425 days.",
            ),
            (
                "Checking a year",
                "To test a year, work from the most specific rule to the most general: first ask whether it is divisible by 400 (then it is a leap year), then by 100 (then it is not), then by 4 (then it is). The year 2100 is divisible by 100 but not by 400, so it will not be a leap year, although it is divisible by 4. In Python the whole rule fits into one expression:\n\n```python\nis_leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)\n```",
            ),
        ],
        "quiz": [
            q(
                "Is 2400 a leap year?",
                [
                    "Yes, because it is divisible by 400",
                    "No, because it is divisible by 100",
                    "No, because it is not divisible by 4",
                ],
                0,
                "Divisibility by 400 overrides the century rule, so 2400 is a leap year, like 2000.",
                1,
            ),
            q(
                "Which of these years is a leap year?",
                ["1900", "2023", "2028", "2100"],
                2,
                "2028 is divisible by 4 and is not a century year. 1900 and 2100 are divisible by 100 but not by 400, and 2023 is not divisible by 4.",
                2,
            ),
            q(
                "About how long does the Earth take to go once around the Sun?",
                ["365 days", "365.24 days", "366 days", "365.5 days"],
                1,
                "The solar year is about 365.2422 days, which is why a plain 365-day calendar slowly drifts.",
                0,
            ),
            q(
                "What does `1800 % 4 == 0 and (1800 % 100 != 0 or 1800 % 400 == 0)` evaluate to?",
                ["True", "False", "1800"],
                1,
                "1800 % 100 is 0 and 1800 % 400 is 200, so the bracket is False and so is the whole expression; True would ignore the century rule.",
                2,
            ),
        ],
    },
    {
        "id": "de-kraft",
        "language": "de",
        "split": "heldout",
        "batch": 10,
        "objectives": [
            "Die Grundgleichung der Mechanik F = m · a anwenden",
            "Die Einheit Newton erklären",
            "Die Gewichtskraft eines Körpers berechnen",
        ],
        "sections": [
            (
                "Kraft, Masse und Beschleunigung",
                "Je größer die Kraft auf einen Körper ist, desto stärker wird er beschleunigt, und je schwerer er ist, desto mehr Kraft braucht man dafür. Newton fasste das in der Gleichung F = m · a zusammen: Kraft gleich Masse mal Beschleunigung. Ein Auto mit 800 kg, das mit 2 m/s² anfahren soll, braucht also eine Kraft von 800 kg · 2 m/s² = 1600 N. Stellt man die Gleichung um, erhält man a = F / m: Zieht man einen Schlitten von 10 kg mit 30 N, so beschleunigt er mit 3 m/s², solange man die Reibung vernachlässigt.",
            ),
            (
                "Die Einheit Newton",
                "Kräfte misst man in Newton (N), benannt nach Isaac Newton. Aus F = m · a folgt, was ein Newton ist: die Kraft, die einem Kilogramm eine Beschleunigung von einem Meter pro Sekunde zum Quadrat gibt. Also gilt 1 N = 1 kg · m/s². Eine Tafel Schokolade von 100 g drückt auf der Erde mit ungefähr einem Newton auf die Hand.",
            ),
            (
                "Die Gewichtskraft",
                "Die Erde zieht jeden Körper an. Diese Gewichtskraft berechnet man mit F_G = m · g, wobei g der Ortsfaktor ist, auf der Erde etwa 9,81 N/kg. Ein Rucksack mit 5 kg hat also eine Gewichtskraft von 5 kg · 9,81 N/kg ≈ 49 N. Auf dem Mond ist g nur etwa 1,62 N/kg: Derselbe Rucksack wiegt dort nur rund 8 N, obwohl seine Masse gleich bleibt.",
            ),
        ],
        "quiz": [
            q(
                "Welche Kraft ist nötig, um einen 1200 kg schweren Wagen mit 3 m/s² zu beschleunigen?",
                ["400 N", "1203 N", "3600 N", "36 000 N"],
                2,
                "F = m · a = 1200 kg · 3 m/s² = 3600 N; 400 N entstünde, wenn man die Masse durch die Beschleunigung teilt.",
                0,
            ),
            q(
                "Ein Körper von 4 kg wird reibungsfrei mit 20 N gezogen. Wie groß ist seine Beschleunigung?",
                ["5 m/s²", "80 m/s²", "0,2 m/s²", "16 m/s²"],
                0,
                "a = F / m = 20 N / 4 kg = 5 m/s².",
                0,
            ),
            q(
                "Welcher Ausdruck entspricht einem Newton?",
                ["1 kg · m/s", "1 kg · m/s²", "1 kg / m²", "1 g · cm/s²"],
                1,
                "Aus F = m · a folgt 1 N = 1 kg · 1 m/s²; 1 kg · m/s ist die Einheit des Impulses, nicht der Kraft.",
                1,
            ),
            q(
                "Wie groß ist die Gewichtskraft eines Körpers mit 10 kg Masse auf der Erde?",
                ["10 N", "etwa 98 N", "etwa 16 N", "981 N"],
                1,
                "F_G = 10 kg · 9,81 N/kg ≈ 98 N; etwa 16 N wäre der Wert auf dem Mond.",
                2,
            ),
        ],
    },
    {
        "id": "de-vektoren",
        "language": "de",
        "split": "heldout",
        "batch": 10,
        "objectives": [
            "Vektoren addieren",
            "Den Betrag eines Vektors berechnen",
            "Einen Vektor mit einer Zahl multiplizieren",
        ],
        "sections": [
            (
                "Einführung",
                "Ein Vektor ist ein Pfeil mit einer Richtung und einer Länge, etwa eine Verschiebung oder eine Geschwindigkeit. In der Ebene schreibt man ihn mit zwei Komponenten, zum Beispiel v = (3, 4): drei Einheiten nach rechts, vier nach oben. In dieser Lektion rechnen wir mit solchen Pfeilen: Wir setzen sie zusammen, bestimmen ihre Länge, den Betrag, und strecken sie mit einer Zahl.",
            ),
            (
                "Addition",
                "Zwei Vektoren addiert man, indem man ihre Komponenten einzeln addiert: (2, 5) + (4, −1) = (2 + 4, 5 + (−1)) = (6, 4). Zeichnerisch hängt man den zweiten Pfeil an die Spitze des ersten; der Summenvektor führt vom Anfang des ersten zur Spitze des zweiten. Die Reihenfolge spielt dabei keine Rolle.",
            ),
            (
                "Betrag",
                "Die Länge eines Vektors heißt Betrag und wird |v| geschrieben. Weil die Komponenten die Katheten eines rechtwinkligen Dreiecks bilden, liefert der Satz des Pythagoras |v| = √(x² + y²). Für v = (3, 4) ist |v| = √(9 + 16) = √25 = 5. Negative Komponenten stören nicht, da sie quadriert werden: |(−5, 12)| = √(25 + 144) = 13.",
            ),
            (
                "Vielfache",
                "Multipliziert man einen Vektor mit einer Zahl k, wird jede Komponente mit k malgenommen: 3 · (2, −1) = (6, −3). Der Pfeil wird dabei k-mal so lang. Ist k negativ, dreht sich zusätzlich die Richtung um: −1 · v zeigt genau entgegengesetzt zu v und ist gleich lang.",
            ),
        ],
        "quiz": [
            q(
                "Berechne (1, −3) + (4, 5).",
                ["(3, 8)", "(5, −8)", "(5, 2)", "(−3, 2)"],
                2,
                "Komponentenweise: 1 + 4 = 5 und −3 + 5 = 2, also (5, 2).",
                1,
            ),
            q(
                "Welchen Betrag hat der Vektor (6, 8)?",
                ["14", "10", "100", "48"],
                1,
                "|v| = √(36 + 64) = √100 = 10; 14 ist nur die Summe der Komponenten.",
                2,
            ),
            q(
                "Was ergibt −2 · (3, −4)?",
                ["(−6, 8)", "(−6, −8)", "(6, −8)", "(1, −6)"],
                0,
                "Jede Komponente wird mit −2 multipliziert: −2 · 3 = −6 und −2 · (−4) = 8.",
                3,
            ),
            q(
                "Wie ist −v im Vergleich zu v gerichtet?",
                ["in dieselbe Richtung", "in die entgegengesetzte Richtung", "senkrecht zu v"],
                1,
                "Ein negativer Faktor dreht die Richtung um; −v ist so lang wie v, zeigt aber entgegengesetzt.",
                3,
            ),
        ],
    },
    {
        "id": "de-sqlwhere",
        "language": "de",
        "split": "heldout",
        "batch": 10,
        "objectives": [
            "Zeilen mit WHERE filtern",
            "Bedingungen mit AND und OR verknüpfen",
            "Mit IS NULL nach fehlenden Werten suchen",
        ],
        "sections": [
            (
                "Filtern mit WHERE",
                "Eine SELECT-Abfrage liefert zunächst alle Zeilen einer Tabelle. Mit einer WHERE-Klausel behält man nur die Zeilen, für die eine Bedingung zutrifft: `SELECT name FROM kunden WHERE ort = 'Bonn'` gibt nur die Kunden aus Bonn zurück. Für Vergleiche gibt es `=`, `<>` (ungleich), `<`, `>`, `<=` und `>=`. Texte stehen in einfachen Anführungszeichen, Zahlen ohne: `WHERE preis < 10`.",
            ),
            (
                "AND und OR",
                "Mehrere Bedingungen verbindet man mit AND oder OR. Bei AND muss jede Bedingung erfüllt sein, bei OR genügt eine. `WHERE ort = 'Bonn' AND alter >= 18` liefert also nur volljährige Kunden aus Bonn. Werden beide gemischt, bindet AND stärker als OR: `a OR b AND c` wird wie `a OR (b AND c)` gelesen. Wer etwas anderes meint, setzt Klammern, etwa `(a OR b) AND c`.",
            ),
            (
                "Fehlende Werte",
                "Fehlt ein Wert, steht in der Spalte NULL. NULL ist kein Wert, mit dem man vergleichen kann: `email = NULL` ist nie wahr, auch wenn die Spalte leer ist. Für fehlende Werte gibt es deshalb eigene Operatoren: `WHERE email IS NULL` findet Zeilen ohne E-Mail-Adresse, `WHERE email IS NOT NULL` die übrigen. Ein leerer Text `''` ist übrigens nicht dasselbe wie NULL.",
            ),
        ],
        "quiz": [
            q(
                "Welche Abfrage liefert alle Produkte, die mindestens 20 kosten?",
                [
                    "SELECT * FROM produkte WHERE preis > 20",
                    "SELECT * FROM produkte WHERE preis >= 20",
                    "SELECT * FROM produkte WHERE preis => 20",
                    "SELECT * FROM produkte IF preis >= 20",
                ],
                1,
                "„Mindestens 20“ schließt 20 ein, also >=; mit > fehlten die Produkte, die genau 20 kosten.",
                0,
            ),
            q(
                "Eine Tabelle enthält die Zeilen (alter 17, ort Köln), (alter 25, ort Bonn) und (alter 30, ort Köln). Wie viele Zeilen liefert `WHERE alter > 18 AND ort = 'Köln'`?",
                ["0", "1", "2", "3"],
                1,
                "Nur (30, Köln) erfüllt beide Bedingungen; bei AND reicht eine allein nicht.",
                1,
            ),
            q(
                "Wie findet man Kunden, deren E-Mail-Adresse fehlt (NULL)?",
                [
                    "WHERE email = NULL",
                    "WHERE email = ''",
                    "WHERE email == NULL",
                    "WHERE email IS NULL",
                ],
                3,
                "Ein Vergleich mit = NULL ist nie wahr; fehlende Werte findet nur IS NULL.",
                2,
            ),
            q(
                "Eine Zeile hat a = 1, b = 0 und c = 0. Wird sie von `WHERE a = 1 OR b = 2 AND c = 3` geliefert?",
                [
                    "Ja, denn die Bedingung lautet a = 1 OR (b = 2 AND c = 3)",
                    "Nein, denn c = 3 ist nicht erfüllt",
                    "Nein, die Abfrage ist ohne Klammern ungültig",
                ],
                0,
                "AND bindet stärker als OR; a = 1 ist wahr und genügt deshalb.",
                1,
            ),
        ],
    },
    {
        "id": "fr-energiecinetique",
        "language": "fr",
        "split": "heldout",
        "batch": 10,
        "objectives": [
            "Calculer l\u2019énergie cinétique d\u2019un objet",
            "Expliquer l\u2019influence de la vitesse sur l\u2019énergie cinétique",
            "Convertir une vitesse de km/h en m/s",
        ],
        "sections": [
            (
                "Introduction",
                "Tout objet en mouvement possède de l\u2019énergie du fait de ce mouvement : c\u2019est son énergie cinétique. Un camion lancé sur l\u2019autoroute en a beaucoup, une balle de ping-pong très peu. Elle dépend de deux grandeurs : la masse de l\u2019objet et sa vitesse.",
            ),
            (
                "La formule",
                "L\u2019énergie cinétique se calcule avec Ec = ½ · m · v², où m est la masse en kilogrammes et v la vitesse en mètres par seconde ; le résultat est en joules (J). Un chariot de 2 kg qui roule à 3 m/s a donc Ec = ½ · 2 · 3² = ½ · 2 · 9 = 9 J. Attention à l\u2019ordre des calculs : on élève d\u2019abord la vitesse au carré, puis on multiplie.",
            ),
            (
                "Le rôle de la vitesse",
                "Comme la vitesse intervient au carré, elle compte bien plus que la masse. Si la vitesse double, l\u2019énergie cinétique est multipliée par 2² = 4 ; si elle triple, par 3² = 9. C\u2019est pourquoi la distance de freinage d\u2019une voiture augmente si vite avec la vitesse : à 100 km/h, il faut dissiper environ quatre fois plus d\u2019énergie qu\u2019à 50 km/h.",
            ),
            (
                "Des km/h aux m/s",
                "La formule demande une vitesse en m/s, alors que les compteurs affichent des km/h. Une heure compte 3600 secondes et un kilomètre 1000 mètres, donc on divise par 3,6 : 72 km/h = 72 ÷ 3,6 = 20 m/s. Une voiture de 1000 kg à 72 km/h a ainsi Ec = ½ · 1000 · 20² = 200 000 J, soit 200 kJ.",
            ),
        ],
        "quiz": [
            q(
                "Quelle est l\u2019énergie cinétique d\u2019un ballon de 0,5 kg lancé à 10 m/s ?",
                ["2,5 J", "25 J", "50 J", "5 J"],
                1,
                "Ec = ½ · 0,5 · 10² = ½ · 0,5 · 100 = 25 J ; 2,5 J oublie le carré de la vitesse.",
                1,
            ),
            q(
                "Si la vitesse d\u2019une voiture triple, son énergie cinétique est multipliée par :",
                ["3", "6", "9", "27"],
                2,
                "La vitesse est au carré : 3² = 9. Répondre 3 revient à oublier le carré.",
                2,
            ),
            q(
                "À combien de m/s correspond une vitesse de 90 km/h ?",
                ["25 m/s", "324 m/s", "15 m/s", "9 m/s"],
                0,
                "On divise par 3,6 : 90 ÷ 3,6 = 25 m/s ; 324 m/s viendrait d\u2019une multiplication.",
                3,
            ),
            q(
                "Dans quelle unité exprime-t-on l\u2019énergie cinétique ?",
                ["en watts", "en newtons", "en joules"],
                2,
                "Avec m en kg et v en m/s, la formule donne des joules ; le watt mesure une puissance et le newton une force.",
                1,
            ),
        ],
    },
    {
        "id": "fr-while",
        "language": "fr",
        "split": "heldout",
        "batch": 10,
        "objectives": [
            "Écrire une boucle while en Python",
            "Éviter une boucle infinie",
            "Interrompre une boucle avec break",
        ],
        "sections": [
            (
                "La boucle while",
                "Une boucle `while` répète un bloc d\u2019instructions tant qu\u2019une condition reste vraie. Python teste la condition avant chaque tour ; dès qu\u2019elle est fausse, il passe à la suite du programme. Par exemple :\n\n```python\ni = 1\nwhile i <= 3:\n    print(i)\n    i += 1\n```\n\naffiche 1, 2 et 3. Après le troisième tour, i vaut 4, la condition `i <= 3` est fausse et la boucle s\u2019arrête. Le bloc répété est repéré par son indentation.",
            ),
            (
                "Ne pas tourner sans fin",
                "Si rien dans le corps de la boucle ne modifie la condition, elle reste vraie pour toujours : le programme ne s\u2019arrête jamais. C\u2019est l\u2019erreur classique quand on oublie la ligne `i += 1` de l\u2019exemple précédent. Avant d\u2019écrire une boucle, demandez-vous donc quelle variable change à chaque tour et pourquoi elle finira par rendre la condition fausse. Si cela arrive malgré tout, Ctrl+C interrompt le programme.",
            ),
            (
                "Sortir plus tôt avec break",
                "L\u2019instruction `break` quitte la boucle immédiatement, même si la condition est encore vraie. On l\u2019utilise souvent pour arrêter une recherche dès qu\u2019on a trouvé :\n\n```python\nn = 51\nwhile True:\n    if n % 7 == 0:\n        break\n    n += 1\nprint(n)\n```\n\nCe programme cherche le premier multiple de 7 à partir de 51 et affiche 56. Sans `break`, une boucle `while True` serait infinie.",
            ),
        ],
        "quiz": [
            q(
                "Qu\u2019affiche ce programme ?\n\n```python\nn = 10\nwhile n > 0:\n    n -= 3\nprint(n)\n```",
                ["1", "0", "-2", "-3"],
                2,
                "n prend les valeurs 10, 7, 4, 1 puis -2 ; à -2 la condition n > 0 est fausse et la boucle s\u2019arrête.",
                0,
            ),
            q(
                'Combien de fois « ok » s\u2019affiche-t-il ?\n\n```python\ni = 0\nwhile i < 4:\n    print("ok")\n    i += 1\n```',
                ["3", "4", "5"],
                1,
                "i vaut 0, 1, 2 et 3 pendant les tours ; à 4 la condition est fausse, donc quatre affichages.",
                0,
            ),
            q(
                "x vaut 0. Pourquoi la boucle `while x < 5: print(x)` ne s\u2019arrête-t-elle jamais ?",
                [
                    "x n\u2019est jamais modifié, donc la condition reste vraie",
                    "print ralentit trop la boucle",
                    "while ne fonctionne qu\u2019avec des listes",
                ],
                0,
                "Rien dans le corps ne change x : la condition x < 5 reste vraie à chaque tour.",
                1,
            ),
            q(
                "Que fait l\u2019instruction break dans une boucle while ?",
                [
                    "Elle passe directement au tour suivant",
                    "Elle quitte immédiatement la boucle",
                    "Elle arrête tout le programme",
                ],
                1,
                "break sort de la boucle et le programme continue après elle ; passer au tour suivant, c\u2019est continue.",
                2,
            ),
        ],
    },
    {
        "id": "es-preterito",
        "language": "es",
        "split": "heldout",
        "batch": 10,
        "objectives": [
            "Conjugar verbos regulares en pretérito indefinido",
            "Distinguir las terminaciones de los verbos en -ar y en -er/-ir",
            "Usar el pretérito indefinido con marcadores temporales",
        ],
        "sections": [
            (
                "Introducción",
                "El pretérito indefinido (también llamado pretérito perfecto simple) sirve para contar acciones terminadas en un momento concreto del pasado: «Ayer compré pan», «En 2015 viajamos a Perú». En esta lección veremos cómo se forman los verbos regulares y con qué expresiones de tiempo suele aparecer.",
            ),
            (
                "Verbos en -ar",
                "Para los verbos que terminan en -ar se quita la terminación y se añaden -é, -aste, -ó, -amos, -asteis, -aron. Así, hablar se conjuga:\n\n- yo hablé\n- tú hablaste\n- él / ella habló\n- nosotros hablamos\n- vosotros hablasteis\n- ellos hablaron\n\nLa tilde es importante: «hablo» (sin tilde) es el presente de yo, mientras que «habló» es el pasado de él o ella. La forma de nosotros coincide con la del presente; el contexto aclara el tiempo.",
            ),
            (
                "Verbos en -er y en -ir",
                "Los verbos en -er y en -ir comparten las mismas terminaciones: -í, -iste, -ió, -imos, -isteis, -ieron. Comer da comí, comiste, comió, comimos, comisteis, comieron, y vivir da viví, viviste, vivió, vivimos, vivisteis, vivieron. Un error frecuente es añadir una -s a la forma de tú («comistes»); la forma correcta es comiste.",
            ),
            (
                "Marcadores temporales",
                "El indefinido suele ir acompañado de expresiones que señalan un tiempo ya cerrado: ayer, anoche, anteayer, la semana pasada, el año pasado, en 1998, hace dos días. «El verano pasado visitamos Granada» sitúa la acción en un periodo terminado. En cambio, palabras como normalmente o siempre describen costumbres y no piden este tiempo.",
            ),
        ],
        "quiz": [
            q(
                "¿Cuál es la forma de «cantar» para «ella» en pretérito indefinido?",
                ["canto", "cantó", "cantá", "cantaba"],
                1,
                "La tercera persona de los verbos en -ar termina en -ó con tilde; «canto» sin tilde es el presente de yo.",
                1,
            ),
            q(
                "Completa: «Ayer nosotros ___ (escribir) una carta.»",
                ["escribimos", "escribemos", "escribíamos", "escribisteis"],
                0,
                "Los verbos en -ir toman -imos en nosotros: escribimos. «Escribisteis» es la forma de vosotros.",
                2,
            ),
            q(
                "¿Qué forma corresponde a «tú» del verbo «beber» en pretérito indefinido?",
                ["bebí", "bebió", "bebiste", "bebistes"],
                2,
                "La terminación de tú para -er es -iste: bebiste. «Bebistes» lleva una -s de más.",
                2,
            ),
            q(
                "¿Qué expresión indica un tiempo terminado y pide el pretérito indefinido?",
                ["normalmente", "el verano pasado", "siempre", "ahora"],
                1,
                "«El verano pasado» señala un periodo cerrado; normalmente y siempre expresan costumbres.",
                3,
            ),
        ],
    },
    {
        "id": "es-ohm",
        "language": "es",
        "split": "heldout",
        "batch": 10,
        "objectives": [
            "Aplicar la ley de Ohm",
            "Calcular la resistencia de un circuito a partir de la tensión y la corriente",
            "Convertir entre miliamperios y amperios",
        ],
        "sections": [
            (
                "La ley de Ohm",
                "En muchos conductores, la corriente que circula es proporcional a la tensión aplicada. Esta relación se escribe V = I · R, donde V es la tensión en voltios (V), I la intensidad de corriente en amperios (A) y R la resistencia en ohmios (Ω). Si se conoce la tensión y la resistencia, la corriente se obtiene dividiendo: I = V / R. Por ejemplo, una resistencia de 4 Ω conectada a 12 V deja pasar I = 12 / 4 = 3 A.",
            ),
            (
                "Despejar la resistencia",
                "Cuando lo que se busca es la resistencia, se despeja de la misma fórmula: R = V / I. Una bombilla por la que circulan 0,5 A cuando está conectada a 9 V tiene una resistencia de 9 / 0,5 = 18 Ω. Cuanto mayor es la resistencia, menos corriente pasa con la misma tensión.",
            ),
            (
                "Miliamperios y amperios",
                "En electrónica las corrientes suelen ser pequeñas y se dan en miliamperios (mA). Un amperio son mil miliamperios: 1 A = 1000 mA, así que para pasar de mA a A se divide entre 1000; por ejemplo, 250 mA = 0,25 A. Antes de usar la ley de Ohm hay que convertir la corriente a amperios: con 5 V y 20 mA, es decir 0,02 A, la resistencia vale 5 / 0,02 = 250 Ω.",
            ),
        ],
        "quiz": [
            q(
                "¿Qué corriente circula por una resistencia de 6 Ω conectada a 12 V?",
                ["72 A", "0,5 A", "2 A", "18 A"],
                2,
                "I = V / R = 12 / 6 = 2 A; 72 A sale de multiplicar en lugar de dividir.",
                0,
            ),
            q(
                "Una lámpara conectada a 6 V consume 0,2 A. ¿Cuál es su resistencia?",
                ["1,2 Ω", "30 Ω", "3 Ω", "0,03 Ω"],
                1,
                "R = V / I = 6 / 0,2 = 30 Ω.",
                1,
            ),
            q(
                "¿Cuántos amperios son 40 mA?",
                ["4 A", "0,4 A", "0,004 A", "0,04 A"],
                3,
                "Se divide entre 1000: 40 / 1000 = 0,04 A.",
                2,
            ),
            q(
                "Por un circuito de 9 V circulan 30 mA. ¿Qué resistencia tiene?",
                ["0,3 Ω", "270 Ω", "300 Ω", "3 Ω"],
                2,
                "30 mA = 0,03 A, y R = 9 / 0,03 = 300 Ω; 0,3 Ω resulta de dividir entre 30 sin convertir.",
                2,
            ),
        ],
    },
]
