# ruff: noqa: E501, RUF001  (lesson text, kept as written: long lines, multiplication signs)
"""A sixth held-out set (batch 6, written 2026-12-06 05:08-05:15 UTC for issue 23 by a helper
who had not read the checks' code, the judge's code or the other helpers' work, and committed
before any check was run on it): twelve new topics in English, German, French and Spanish,
none a topic of batches 1-5. The good lessons have the shapes the lesson prompt allows and
models write: an overview in the lesson's own words (en-hashtables, fr-digestion), objectives
taught in the other order (en-probability), two objectives in one section (de-solarzelle,
fr-digestion), bullet and numbered lists (en-bread, fr-revolution, es-html), worked examples
with numbers (de-dreisatz, fr-vitesse, es-circulo, en-probability), options in notation
(en-hashtables, es-html, fr-digestion), a closing summary section (en-bread "Key takeaways",
de-dreisatz "Das Wichtigste in Kürze", fr-vitesse "Points clés", es-html "Ideas clave"),
and paraphrased, inflected objective wording throughout. The defects (build.py, end) cover
every defect class. Never used for tuning."""

from __future__ import annotations

from typing import Any

from bench.quality_corpus.bases_en import q

BASES: list[dict[str, Any]] = [
    {
        "id": "en-hashtables",
        "language": "en",
        "split": "heldout",
        "batch": 6,
        "objectives": [
            "Explain how a hash function picks a bucket for a key",
            "Describe how chaining resolves collisions",
            "State the average cost of a hash table lookup",
        ],
        "sections": [
            (
                "Overview",
                'A hash table answers the question "what is stored under this key?" almost instantly, however many entries it holds. This lesson shows how the table decides where a key lives, what it does when two keys want the same place, and why looking something up stays fast.',
            ),
            (
                "From key to bucket",
                'A hash table keeps its entries in an array of slots called buckets. To decide where a key goes, the table runs it through a hash function, which turns any key into a whole number, and then takes that number modulo the number of buckets. For example, in a table with 8 buckets, if `hash("cat")` is 27, then 27 mod 8 = 3, so "cat" is stored in bucket 3. Because the same key always produces the same number, a later lookup for "cat" goes straight to bucket 3 instead of searching the whole array.',
            ),
            (
                "When two keys collide",
                'Different keys can end up in the same bucket. If `hash("dog")` is 11, then 11 mod 8 = 3 as well, so "dog" and "cat" collide. With chaining, each bucket holds a short list of entries rather than a single one: "dog" is simply appended to the list in bucket 3. A lookup goes to the bucket and walks its list, comparing the stored keys with the one it is looking for until it finds a match. Nothing is overwritten and no key is turned away.',
            ),
            (
                "How fast is a lookup?",
                "The load factor is the number of entries divided by the number of buckets. As long as it stays small, most lists hold zero or one entry, so a lookup does a constant amount of work on average: O(1), whether the table holds a hundred keys or a million. To keep it that way, many implementations double the number of buckets once the load factor passes about 0.75 and move every entry to its new bucket. The worst case is different: if a poor hash function sends almost every key to the same bucket, one list holds nearly everything and a lookup degrades to O(n).",
            ),
        ],
        "quiz": [
            q(
                "A table has 8 buckets and a key hashes to 27. Which bucket does the key go to?",
                ["27", "0", "3", "8"],
                2,
                "27 = 3 × 8 + 3, so 27 mod 8 leaves a remainder of 3.",
                1,
            ),
            q(
                "Two keys land in the same bucket of a table that uses chaining. What happens?",
                [
                    "The second key is rejected with an error",
                    "Both entries are kept in the bucket's list",
                    "The second entry overwrites the first",
                    "The table doubles its size immediately",
                ],
                1,
                "With chaining a bucket holds a list, so the colliding entry is appended and both stay in the table.",
                2,
            ),
            q(
                "What is the average cost of looking up a key when the load factor is kept low?",
                ["O(1)", "O(n)", "O(log n)", "O(n²)"],
                0,
                "With short lists the work per lookup does not grow with the number of entries: O(1) on average.",
                3,
            ),
            q(
                "When does a hash table lookup degrade to O(n)?",
                [
                    "When the keys are strings rather than numbers",
                    "When the table has far more buckets than it has entries",
                    "When almost all keys end up in one bucket",
                    "Whenever the table is in the middle of resizing",
                ],
                2,
                "If nearly every key shares a bucket, the lookup has to walk one long list, which takes time proportional to n.",
                3,
            ),
        ],
    },
    {
        "id": "en-probability",
        "language": "en",
        "split": "heldout",
        "batch": 6,
        # The sections teach the objectives in the other order: single outcomes first.
        "objectives": [
            "Combine the probabilities of independent events",
            "Work out the probability of a single outcome",
        ],
        "sections": [
            (
                "Counting outcomes",
                "When every outcome is equally likely, the probability of an event is the number of outcomes you are interested in divided by the number of possible outcomes. A fair die has six faces, so the chance of rolling a 4 is 1/6. Rolling an even number can happen in three ways (2, 4 or 6), so its probability is 3/6 = 1/2. The same idea works for a bag holding 3 red and 5 blue marbles: 3 of the 8 marbles are red, so the chance of drawing a red one is 3/8.",
            ),
            (
                "Two things at once",
                "Two events are independent when the result of one has no effect on the other, like tossing a coin and rolling a die. To find the chance that both happen, multiply their probabilities. The chance of a head and a six is 1/2 × 1/6 = 1/12, and the chance of two heads with two coins is 1/2 × 1/2 = 1/4. A common slip is to add the probabilities instead: for two sixes with two dice, 1/6 + 1/6 = 1/3 is wrong. Multiplying gives the right answer, 1/6 × 1/6 = 1/36, which is much smaller than either chance on its own.",
            ),
            (
                "Key takeaways",
                "- For equally likely outcomes, probability = favourable outcomes ÷ possible outcomes.\n- For independent events, the chance that both happen is the product of their chances.\n- Adding the chances of independent events overstates how likely it is that both happen.",
            ),
        ],
        "quiz": [
            q(
                "A bag holds 3 red and 5 blue marbles. What is the probability of drawing a red one?",
                ["3/5", "3/8", "5/8", "1/3"],
                1,
                "3 of the 8 marbles are red, so the probability is 3/8; 3/5 compares red with blue instead of with all marbles.",
                0,
            ),
            q(
                "What is the probability of rolling an even number with a fair six-sided die?",
                ["1/6", "1/3", "2/3", "1/2"],
                3,
                "Three of the six faces (2, 4 and 6) are even: 3/6 = 1/2.",
                0,
            ),
            q(
                "You roll two fair dice. What is the probability that both show a six?",
                ["1/36", "1/3", "1/12", "1/6"],
                0,
                "The dice are independent, so multiply: 1/6 × 1/6 = 1/36. Adding the chances is the classic mistake.",
                1,
            ),
            q(
                "You toss two fair coins. What is the chance that both land heads?",
                ["1/2", "3/4", "1/4", "1"],
                2,
                "Each coin lands heads with probability 1/2, and 1/2 × 1/2 = 1/4.",
                1,
            ),
        ],
    },
    {
        "id": "en-bread",
        "language": "en",
        "split": "heldout",
        "batch": 6,
        "objectives": [
            "Explain how yeast makes dough rise",
            "Describe what kneading does to gluten",
            "Tell when a dough has proofed enough",
        ],
        "sections": [
            (
                "Yeast at work",
                "Baker's yeast is a living single-celled fungus. Once it is mixed into a dough it feeds on sugars released from the starch in the flour and gives off carbon dioxide and a little alcohol. The gas collects in countless tiny bubbles, and as they grow the whole dough swells. Warmth speeds the yeast up: it is most active at around 25-30 °C, slows down in a cold kitchen and dies at about 60 °C, which is why the water you add should be lukewarm rather than hot.",
            ),
            (
                "Building the gluten network",
                "Wheat flour contains two proteins, glutenin and gliadin. When water is added they join into gluten, but at first its strands lie in a tangle. Kneading (pushing, folding and turning the dough for about ten minutes) stretches these strands and lines them up into an elastic network. That network is what traps the yeast's gas, so a well-kneaded dough rises high instead of letting the gas escape. You can test it: a small piece stretched between your fingers should become thin enough to let light through without tearing.",
            ),
            (
                "Is it ready to bake?",
                "Before baking, a shaped dough needs a final rise called proofing. The most reliable sign is the poke test: press a floured fingertip about 1 cm into the dough. If the dent springs back straight away, the dough needs more time. If it fills back slowly and leaves a small mark, the dough is ready for the oven. If the dent stays and the dough sags, it has overproofed: the network is overstretched and the loaf may collapse while it bakes. As a rough guide, a dough ready to bake has grown to about one and a half to two times its size.",
            ),
            (
                "Key takeaways",
                "- Yeast feeds on sugars from the flour and releases carbon dioxide, which inflates the dough.\n- Kneading lines the gluten proteins up into a stretchy network that holds that gas.\n- A dough that springs back slowly from a fingertip press is ready to bake.",
            ),
        ],
        "quiz": [
            q(
                "Which gas makes bread dough rise?",
                ["Oxygen", "Nitrogen", "Carbon dioxide", "Hydrogen"],
                2,
                "Yeast gives off carbon dioxide as it feeds, and the gas is trapped in bubbles in the dough.",
                0,
            ),
            q(
                "What does kneading do to a dough?",
                [
                    "It kills the yeast so the loaf keeps its shape",
                    "It lines the gluten up into an elastic network",
                    "It turns the starch in the flour into sugar",
                    "It presses the air out so the bread bakes evenly",
                ],
                1,
                "Kneading stretches and aligns the gluten strands; the network then holds the gas the yeast produces.",
                1,
            ),
            q(
                "You press the dough with a fingertip and the dent fills back slowly, leaving a small mark. What does that tell you?",
                [
                    "It is ready to bake",
                    "It needs much longer to rise",
                    "It has overproofed and may collapse",
                    "The yeast has died",
                ],
                0,
                "A slow spring-back is the sign of a fully proofed dough; an immediate spring-back means it needs more time.",
                2,
            ),
            q(
                "Why should the water you mix into a yeast dough not come straight from a boiling kettle?",
                [
                    "Hot water washes the gluten out of the flour",
                    "The yeast dies at high temperatures",
                    "Hot water makes the dough taste salty",
                    "Steam stops the flour from absorbing water",
                ],
                1,
                "Yeast is a living organism and dies at around 60 °C, so the water should only be lukewarm.",
                0,
            ),
        ],
    },
    {
        "id": "en-moonphases",
        "language": "en",
        "split": "heldout",
        "batch": 6,
        "objectives": [
            "Explain why the Moon shows phases",
            "Put the phases of the Moon in order",
        ],
        "sections": [
            (
                "Half lit, always",
                "The Moon gives off no light of its own; we see it because it reflects sunlight. At any moment the Sun lights exactly one half of it, just as it lights one half of Earth. As the Moon travels around Earth, which takes about 29.5 days from one new moon to the next, we look at that lit half from a changing angle. When the Moon is between Earth and the Sun, its lit side faces away from us and we see almost nothing: a new moon. When Earth is between the Moon and the Sun, we face the whole lit side: a full moon. Earth's shadow plays no part in this everyday change; the phases come only from where we stand relative to the lit half.",
            ),
            (
                "The monthly cycle",
                'Starting from the new moon, the Moon passes through eight named phases:\n\n1. New moon\n2. Waxing crescent\n3. First quarter (half the disc lit)\n4. Waxing gibbous\n5. Full moon\n6. Waning gibbous\n7. Last quarter\n8. Waning crescent\n\n"Waxing" means the lit part is growing from night to night and "waning" that it is shrinking. "Gibbous" describes a Moon that is more than half lit but not yet full. Seen from the Northern Hemisphere, a waxing Moon is lit on its right-hand side.',
            ),
        ],
        "quiz": [
            q(
                "Why does the Moon show phases?",
                [
                    "Earth's shadow falls across part of it",
                    "We see more or less of its sunlit half",
                    "Its surface glows more brightly on some nights",
                    "Clouds on the Moon hide part of it",
                ],
                1,
                "The Sun always lights half the Moon; as the Moon orbits Earth we see a changing share of that half.",
                0,
            ),
            q(
                "Which phase comes right after the first quarter?",
                ["Waning crescent", "Full moon", "Waxing gibbous", "New moon"],
                2,
                "After the first quarter the lit part keeps growing, so the Moon becomes a waxing gibbous before it is full.",
                1,
            ),
            q(
                "Where is the Moon at new moon?",
                [
                    "Between Earth and the Sun",
                    "On the far side of Earth from the Sun",
                    "At the edge of Earth's shadow",
                    "Directly above the North Pole",
                ],
                0,
                "At new moon the lit side faces away from us because the Moon is between Earth and the Sun.",
                0,
            ),
        ],
    },
    {
        "id": "de-dreisatz",
        "language": "de",
        "split": "heldout",
        "batch": 6,
        "objectives": [
            "Proportionale Aufgaben mit dem Dreisatz lösen",
            "Antiproportionale Zuordnungen erkennen und berechnen",
        ],
        "sections": [
            (
                "In drei Schritten zum Ergebnis",
                "Beim Dreisatz rechnet man von einer bekannten Menge zuerst auf eine Einheit und dann auf die gesuchte Menge. Ein Beispiel: 4 Brötchen kosten 2,40 €. Ein Brötchen kostet dann 2,40 € : 4 = 0,60 €, und 7 Brötchen kosten 7 · 0,60 € = 4,20 €. Das funktioniert, weil die Zuordnung proportional ist: Kauft man doppelt so viele Brötchen, zahlt man doppelt so viel, und der Preis pro Stück bleibt gleich.",
            ),
            (
                "Wenn mehr weniger bedeutet",
                "Nicht jede Zuordnung ist proportional. Wenn 3 Maler für einen Auftrag 8 Tage brauchen, schaffen 6 Maler ihn nicht in 16, sondern in weniger Tagen. Solche Zuordnungen heißen antiproportional oder umgekehrt proportional: Verdoppelt man die eine Größe, halbiert sich die andere, und ihr Produkt bleibt gleich. Auch hier hilft der Dreisatz, nur wird im zweiten Schritt multipliziert statt geteilt: Ein Maler bräuchte 3 · 8 = 24 Tage, 6 Maler brauchen 24 : 6 = 4 Tage.",
            ),
            (
                "Das Wichtigste in Kürze",
                "- Proportional: je mehr, desto mehr. Man teilt auf die Einheit und multipliziert dann.\n- Antiproportional: je mehr, desto weniger. Man multipliziert auf die Einheit und teilt dann.\n- Vor dem Rechnen immer fragen: Wird das Ergebnis größer oder kleiner?",
            ),
        ],
        "quiz": [
            q(
                "5 Hefte kosten 3,50 €. Was kosten 8 Hefte?",
                ["5,60 €", "4,20 €", "6,00 €", "2,19 €"],
                0,
                "Ein Heft kostet 3,50 € : 5 = 0,70 €, also kosten 8 Hefte 8 · 0,70 € = 5,60 €.",
                0,
            ),
            q(
                "Welche Zuordnung ist antiproportional?",
                [
                    "Anzahl der Äpfel und ihr Gesamtpreis",
                    "Anzahl der Helfer und Dauer der Arbeit",
                    "Fahrzeit und Strecke bei gleichbleibender Geschwindigkeit",
                    "Menge des Mehls und Anzahl der Kuchen",
                ],
                1,
                "Je mehr Helfer mitarbeiten, desto kürzer dauert die Arbeit; die anderen Zuordnungen sind proportional.",
                1,
            ),
            q(
                "4 Pumpen leeren ein Becken in 6 Stunden. Wie lange brauchen 3 gleiche Pumpen?",
                ["4,5 Stunden", "8 Stunden", "24 Stunden", "2 Stunden"],
                1,
                "Eine Pumpe bräuchte 4 · 6 = 24 Stunden, drei Pumpen brauchen 24 : 3 = 8 Stunden.",
                1,
            ),
            q(
                "Ein Auto verbraucht 6 Liter Benzin auf 100 km. Wie viel verbraucht es auf 250 km?",
                ["12 Liter", "15 Liter", "18 Liter", "2,4 Liter"],
                1,
                "Auf 1 km sind es 6 : 100 = 0,06 Liter, auf 250 km also 250 · 0,06 = 15 Liter.",
                0,
            ),
        ],
    },
    {
        "id": "de-solarzelle",
        "language": "de",
        "split": "heldout",
        "batch": 6,
        # Abschnitt 2 lehrt das zweite und das dritte Lernziel.
        "objectives": [
            "Erklären, wie eine Solarzelle Licht in elektrischen Strom umwandelt",
            "Den Jahresertrag einer Photovoltaikanlage abschätzen",
            "Begründen, warum die Ausrichtung der Module den Ertrag beeinflusst",
        ],
        "sections": [
            (
                "Vom Licht zum Strom",
                "Eine Solarzelle besteht meist aus einer dünnen Siliziumscheibe mit zwei unterschiedlich behandelten Schichten. An der Grenze zwischen ihnen entsteht ein elektrisches Feld. Trifft Licht auf die Zelle, lösen seine Photonen Elektronen aus ihren Bindungen; das Feld trennt diese Ladungen, sodass sich an den Kontakten auf Vorder- und Rückseite eine Spannung aufbaut. Schließt man einen Verbraucher an, fließt Gleichstrom. Heutige Module wandeln etwa ein Fünftel der eingestrahlten Lichtenergie in elektrische Energie um.",
            ),
            (
                "Was eine Anlage im Jahr liefert",
                "Die Größe einer Anlage wird in Kilowatt-Peak (kWp) angegeben, der Leistung unter genormten Testbedingungen. In Deutschland erzeugt jedes kWp im Jahr grob 900 bis 1 000 kWh; mit 950 kWh pro kWp kommt eine 8-kWp-Anlage also auf etwa 8 · 950 = 7 600 kWh. Wie nah man an diesen Wert kommt, hängt stark von der Ausrichtung ab: Ein Modul liefert am meisten, wenn das Sonnenlicht möglichst senkrecht auf seine Fläche fällt. Hierzulande gelingt das am besten mit einer Südausrichtung und etwa 30 bis 35 Grad Neigung. Ein Ost- oder Westdach bringt rund 15 bis 20 % weniger, und schon der Schatten eines Kamins kann den Ertrag einer ganzen Modulreihe deutlich senken.",
            ),
        ],
        "quiz": [
            q(
                "Was löst in einer Solarzelle die Elektronen aus ihren Bindungen?",
                [
                    "Die Wärme des Daches",
                    "Das Licht, das auf das Silizium trifft",
                    "Der Wind, der über das Modul streicht",
                    "Der Strom aus dem Hausnetz",
                ],
                1,
                "Die Photonen des Lichts lösen die Elektronen; das elektrische Feld an der Grenzschicht trennt sie anschließend.",
                0,
            ),
            q(
                "Welche Art von Strom liefert eine Solarzelle?",
                ["Wechselstrom", "Drehstrom", "Gleichstrom"],
                2,
                "Die getrennten Ladungen fließen immer in dieselbe Richtung: Die Zelle liefert Gleichstrom.",
                0,
            ),
            q(
                "Eine Anlage hat 5 kWp. Wie viel Strom erzeugt sie in Deutschland ungefähr im Jahr?",
                ["950 kWh", "4 750 kWh", "19 000 kWh", "47 500 kWh"],
                1,
                "Mit etwa 950 kWh pro kWp ergibt sich 5 · 950 = 4 750 kWh im Jahr.",
                1,
            ),
            q(
                "Warum liefert ein nach Süden geneigtes Modul in Deutschland am meisten Strom?",
                [
                    "Weil es auf der Südseite seltener regnet",
                    "Weil das Licht dort fast senkrecht auftrifft",
                    "Weil die Module auf der Südseite kühler bleiben",
                    "Weil der Wind die Module dort sauber hält",
                ],
                1,
                "Je senkrechter das Licht auf die Fläche fällt, desto mehr Energie kommt pro Quadratmeter an.",
                1,
            ),
        ],
    },
    {
        "id": "de-normalform",
        "language": "de",
        "split": "heldout",
        "batch": 6,
        "objectives": [
            "Redundanz in einer Tabelle erkennen",
            "Eine Tabelle in die erste Normalform bringen",
            "Eine Tabelle durch Aufteilen in die zweite Normalform überführen",
        ],
        "sections": [
            (
                "Doppelt gespeichert, doppelt Ärger",
                "Stellen Sie sich eine Tabelle `Bestellungen` mit den Spalten Bestellnummer, Kundenname, Kundenadresse und Artikel vor. Bestellt eine Kundin zwölfmal, steht ihre Adresse zwölfmal in der Tabelle. Wird dieselbe Information mehrfach gespeichert, spricht man von Redundanz. Sie kostet nicht nur Platz, sondern führt zu Widersprüchen: Zieht die Kundin um, müssen alle zwölf Zeilen geändert werden, und wird eine vergessen, weiß niemand mehr, welche Adresse stimmt. Ein Warnzeichen ist also jede Spalte, deren Wert sich in vielen Zeilen wiederholt, obwohl er eigentlich nur von einem Teil der Zeile abhängt.",
            ),
            (
                "Erste Normalform: ein Wert pro Feld",
                "Eine Tabelle ist in der ersten Normalform (1NF), wenn jedes Feld genau einen, nicht weiter zerlegbaren Wert enthält. Ein Feld `Telefon = '030 1234, 0171 5678'` verletzt diese Regel, denn es enthält zwei Nummern. Man behebt das, indem man die Nummern in eine eigene Tabelle `Telefonnummern(KundenNr, Nummer)` auslagert, mit einer Zeile je Nummer. Ebenso teilt man ein Feld wie `Adresse = 'Hauptstr. 5, 10115 Berlin'` in die Spalten Straße, PLZ und Ort auf, damit man zum Beispiel nach dem Ort suchen kann.",
            ),
            (
                "Zweite Normalform: alles hängt am ganzen Schlüssel",
                "Die zweite Normalform (2NF) betrifft Tabellen mit einem zusammengesetzten Schlüssel. Eine Tabelle in 1NF ist in 2NF, wenn jede Spalte, die nicht zum Schlüssel gehört, vom gesamten Schlüssel abhängt und nicht nur von einem Teil davon. Nehmen wir `Bestellposition(BestellNr, ArtikelNr, Menge, Artikelname)` mit dem Schlüssel (BestellNr, ArtikelNr). Die Menge hängt von beiden Teilen ab: wie viel von diesem Artikel in dieser Bestellung. Der Artikelname dagegen hängt nur von der ArtikelNr ab. Man zerlegt die Tabelle deshalb in `Bestellposition(BestellNr, ArtikelNr, Menge)` und `Artikel(ArtikelNr, Artikelname)`.",
            ),
        ],
        "quiz": [
            q(
                "Die Adresse einer Kundin steht in zwölf Zeilen der Tabelle `Bestellungen`. Was passiert, wenn sie umzieht?",
                [
                    "Die Tabelle verliert dabei ihren Primärschlüssel",
                    "Die Adresse muss in zwölf Zeilen geändert werden",
                    "Die alten Bestellungen werden automatisch gelöscht",
                    "Die Datenbank lehnt die neue Adresse ab",
                ],
                1,
                "Die Adresse ist redundant gespeichert, also muss jede der zwölf Zeilen angepasst werden, sonst widersprechen sich die Daten.",
                0,
            ),
            q(
                "Welches Feld verletzt die erste Normalform?",
                [
                    "PLZ = '10115'",
                    "Telefon = '030 1234, 0171 5678'",
                    "Name = 'Anna-Maria Schulze-Berger'",
                    "KundenNr = 42",
                ],
                1,
                "Das Telefonfeld enthält zwei Nummern statt eines einzelnen Werts; ein Doppelname ist dagegen ein einziger Wert.",
                1,
            ),
            q(
                "Die Tabelle `Bestellposition(BestellNr, ArtikelNr, Menge, Artikelname)` hat den Schlüssel (BestellNr, ArtikelNr). Welche Spalte verletzt die zweite Normalform?",
                ["Menge", "Artikelname", "BestellNr"],
                1,
                "Der Artikelname hängt nur von der ArtikelNr ab, also nur von einem Teil des Schlüssels.",
                2,
            ),
            q(
                "Wie bringt man diese Tabelle `Bestellposition` in die zweite Normalform?",
                [
                    "Man löscht die Spalte Menge",
                    "Man lagert Artikelname in eine Tabelle Artikel aus",
                    "Man fasst BestellNr und ArtikelNr zu einer Spalte zusammen",
                    "Man speichert alle Artikel in einem einzigen Feld",
                ],
                1,
                "`Artikel(ArtikelNr, Artikelname)` nimmt den Namen auf; in der Bestellposition bleibt, was vom ganzen Schlüssel abhängt.",
                2,
            ),
        ],
    },
    {
        "id": "fr-vitesse",
        "language": "fr",
        "split": "heldout",
        "batch": 6,
        "objectives": [
            "Calculer une vitesse moyenne à partir d'une distance et d'une durée",
            "Convertir une vitesse de km/h en m/s",
        ],
        "sections": [
            (
                "La formule v = d / t",
                "La vitesse moyenne d'un trajet s'obtient en divisant la distance parcourue par la durée du parcours : v = d / t. Une voiture qui fait 150 km en 2 h roule en moyenne à 150 ÷ 2 = 75 km/h. Attention aux durées écrites en heures et minutes : 1 h 30 vaut 1,5 h et non 1,3 h, car une demi-heure fait 30 minutes sur 60. Les mêmes 150 km parcourus en 1 h 30 donnent donc 150 ÷ 1,5 = 100 km/h. La formule se retourne facilement : la distance vaut d = v × t.",
            ),
            (
                "Des km/h aux m/s",
                "En physique, on exprime souvent les vitesses en mètres par seconde. Comme 1 km = 1 000 m et 1 h = 3 600 s, une vitesse de 1 km/h correspond à 1 000 ÷ 3 600 m/s, soit environ 0,28 m/s. En pratique, on divise donc par 3,6 pour passer des km/h aux m/s : 90 km/h ÷ 3,6 = 25 m/s. Dans l'autre sens, on multiplie par 3,6 : un coureur à 10 m/s va à 36 km/h.",
            ),
            (
                "Points clés",
                "- La vitesse moyenne est le quotient de la distance par la durée.\n- Avant de diviser, on écrit la durée en heures décimales : 45 min = 0,75 h.\n- Pour passer des km/h aux m/s, on divise par 3,6 ; pour revenir aux km/h, on multiplie par 3,6.",
            ),
        ],
        "quiz": [
            q(
                "Un cycliste parcourt 45 km en 1 h 30. Quelle est sa vitesse moyenne ?",
                ["30 km/h", "34,6 km/h", "45 km/h", "67,5 km/h"],
                0,
                "1 h 30 = 1,5 h, donc v = 45 ÷ 1,5 = 30 km/h.",
                0,
            ),
            q(
                "Une voiture roule pendant 3 h à 80 km/h de moyenne. Quelle distance parcourt-elle ?",
                ["83 km", "240 km", "26,7 km", "160 km"],
                1,
                "d = v × t = 80 × 3 = 240 km.",
                0,
            ),
            q(
                "Combien font 72 km/h en m/s ?",
                ["259,2 m/s", "7,2 m/s", "20 m/s", "12 m/s"],
                2,
                "On divise par 3,6 : 72 ÷ 3,6 = 20 m/s.",
                1,
            ),
            q(
                "Un sprinteur court à 10 m/s. Quelle est sa vitesse en km/h ?",
                ["36 km/h", "2,8 km/h", "10 km/h", "100 km/h"],
                0,
                "On multiplie par 3,6 : 10 × 3,6 = 36 km/h.",
                1,
            ),
        ],
    },
    {
        "id": "fr-revolution",
        "language": "fr",
        "split": "heldout",
        "batch": 6,
        "objectives": [
            "Expliquer pourquoi la Révolution française éclate en 1789",
            "Situer dans l'ordre les grands événements de l'été 1789",
        ],
        "sections": [
            (
                "Un royaume en crise",
                "À la fin des années 1780, la France traverse plusieurs crises à la fois. L'État est lourdement endetté, notamment après avoir financé la guerre d'indépendance américaine, et il n'arrive plus à payer ses dépenses. La société est divisée en trois ordres : le clergé et la noblesse jouissent de privilèges et paient peu d'impôts, tandis que le tiers état, l'immense majorité de la population, en supporte l'essentiel. La mauvaise récolte de 1788 fait flamber le prix du pain et la colère monte dans les villes. Enfin, les philosophes des Lumières ont répandu l'idée que les privilèges et le pouvoir absolu du roi ne sont pas justes. Pour trouver de l'argent, Louis XVI convoque les États généraux, qui ne s'étaient plus réunis depuis 1614.",
            ),
            (
                "L'été 1789, étape par étape",
                "En quelques mois, l'ordre ancien s'effondre :\n\n1. **5 mai** : ouverture des États généraux à Versailles.\n2. **17 juin** : les députés du tiers état se proclament Assemblée nationale.\n3. **20 juin** : par le serment du Jeu de paume, ils jurent de ne pas se séparer avant d'avoir donné une Constitution à la France.\n4. **14 juillet** : les Parisiens prennent la Bastille, symbole de l'arbitraire royal.\n5. **4 août** : l'Assemblée abolit les privilèges.\n6. **26 août** : elle adopte la Déclaration des droits de l'homme et du citoyen.",
            ),
        ],
        "quiz": [
            q(
                "Pourquoi Louis XVI convoque-t-il les États généraux en 1789 ?",
                [
                    "Pour déclarer la guerre à l'Angleterre",
                    "Parce que les caisses de l'État sont vides",
                    "Pour faire élire un nouveau roi par le peuple",
                    "Pour abolir la monarchie",
                ],
                1,
                "Le royaume est endetté et n'arrive plus à payer ses dépenses : le roi a besoin d'argent.",
                0,
            ),
            q(
                "Quel ordre payait l'essentiel des impôts avant 1789 ?",
                ["La noblesse", "Le clergé", "Le tiers état"],
                2,
                "Le clergé et la noblesse étaient privilégiés ; le tiers état supportait l'essentiel des impôts.",
                0,
            ),
            q(
                "Quel courant d'idées critiquait les privilèges et le pouvoir absolu du roi ?",
                [
                    "Les Lumières",
                    "Le romantisme",
                    "L'humanisme de la Renaissance",
                    "Le surréalisme",
                ],
                0,
                "Les philosophes des Lumières ont diffusé l'idée que les privilèges et l'absolutisme étaient injustes.",
                0,
            ),
            q(
                "Lequel de ces événements a eu lieu en premier ?",
                [
                    "La prise de la Bastille",
                    "Le serment du Jeu de paume",
                    "L'abolition des privilèges",
                    "La Déclaration des droits de l'homme et du citoyen",
                ],
                1,
                "Le serment du Jeu de paume date du 20 juin, avant le 14 juillet, le 4 août et le 26 août.",
                1,
            ),
            q(
                "Que se passe-t-il le 14 juillet 1789 ?",
                [
                    "L'ouverture des États généraux",
                    "L'abolition des privilèges",
                    "La prise de la Bastille",
                    "L'exécution de Louis XVI",
                ],
                2,
                "Le 14 juillet, les Parisiens prennent la Bastille ; les États généraux s'étaient ouverts le 5 mai.",
                1,
            ),
        ],
    },
    {
        "id": "fr-digestion",
        "language": "fr",
        "split": "heldout",
        "batch": 6,
        # Une introduction, puis la dernière section traite deux objectifs.
        "objectives": [
            "Décrire le trajet des aliments dans le tube digestif",
            "Expliquer le rôle des enzymes digestives",
            "Indiquer où les nutriments passent dans le sang",
        ],
        "sections": [
            (
                "Introduction",
                "Un repas met entre un et trois jours à traverser notre corps. En chemin, il est broyé, découpé en molécules minuscules, puis absorbé pour nourrir nos cellules. Suivons-le.",
            ),
            (
                "De la bouche à l'anus",
                "La digestion commence dans la bouche, où les dents broient les aliments et où la salive les humecte. Avalée, la bouchée descend par l'œsophage jusqu'à l'estomac. Celui-ci la brasse pendant quelques heures avec le suc gastrique, très acide. La bouillie obtenue passe ensuite dans l'intestin grêle, un tube de six à sept mètres replié dans l'abdomen, puis dans le gros intestin, qui récupère surtout l'eau. Les restes non digérés sont évacués par l'anus.",
            ),
            (
                "Découper, puis absorber",
                "Nos cellules ne peuvent pas utiliser directement un morceau de pain ou de viande : il faut d'abord le découper en petites molécules. Ce travail est fait par les enzymes digestives, des protéines qui agissent comme des ciseaux chimiques, chacune sur un type d'aliment. L'amylase de la salive découpe l'amidon en sucres, la pepsine de l'estomac s'attaque aux protéines et la lipase produite par le pancréas découpe les graisses. Sans enzymes, ces transformations prendraient des semaines. Les petites molécules obtenues, les nutriments, traversent ensuite la paroi de l'intestin grêle pour passer dans le sang. Cette paroi est couverte de millions de replis, les villosités, qui multiplient la surface d'échange et permettent une absorption rapide.",
            ),
        ],
        "quiz": [
            q(
                "Dans quel ordre les aliments traversent-ils le tube digestif ?",
                [
                    "bouche → estomac → œsophage → intestin grêle → gros intestin",
                    "bouche → œsophage → estomac → intestin grêle → gros intestin",
                    "bouche → œsophage → estomac → gros intestin → intestin grêle",
                    "bouche → œsophage → intestin grêle → estomac → gros intestin",
                ],
                1,
                "Après la bouche viennent l'œsophage, l'estomac, l'intestin grêle, puis le gros intestin.",
                1,
            ),
            q(
                "Quel est le rôle de l'amylase présente dans la salive ?",
                [
                    "Découper l'amidon en sucres",
                    "Découper les graisses",
                    "Neutraliser l'acide de l'estomac",
                    "Broyer les aliments",
                ],
                0,
                "L'amylase est une enzyme qui découpe l'amidon en sucres ; ce sont les dents qui broient.",
                2,
            ),
            q(
                "Où la plupart des nutriments passent-ils dans le sang ?",
                [
                    "Dans l'estomac",
                    "Dans le gros intestin",
                    "Dans l'intestin grêle",
                    "Dans l'œsophage",
                ],
                2,
                "Les nutriments traversent la paroi de l'intestin grêle ; le gros intestin récupère surtout l'eau.",
                2,
            ),
            q(
                "À quoi servent les villosités de l'intestin grêle ?",
                [
                    "À broyer les aliments",
                    "À augmenter la surface d'absorption",
                    "À produire le suc gastrique",
                    "À évacuer les restes non digérés",
                ],
                1,
                "Ces millions de replis multiplient la surface de la paroi à travers laquelle les nutriments passent dans le sang.",
                2,
            ),
        ],
    },
    {
        "id": "es-html",
        "language": "es",
        "split": "heldout",
        "batch": 6,
        "objectives": [
            "Crear la estructura básica de un documento HTML",
            "Añadir enlaces e imágenes a una página web",
        ],
        "sections": [
            (
                "El esqueleto de una página",
                'Todo documento HTML sigue el mismo esqueleto. La primera línea, `<!DOCTYPE html>`, indica al navegador que se trata de HTML moderno. Después, el elemento `<html>` envuelve todo lo demás y contiene dos partes: `<head>`, con información sobre la página que no se muestra en ella, como el título de la pestaña (`<title>`) o la codificación (`<meta charset="utf-8">`), y `<body>`, donde va todo lo que el visitante ve. Casi todas las etiquetas se abren y se cierran, por ejemplo `<title>Mi página</title>`, y deben cerrarse en orden inverso al que se abrieron.\n\n```html\n<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset="utf-8">\n    <title>Mi página</title>\n  </head>\n  <body>\n    <h1>Hola</h1>\n  </body>\n</html>\n```',
            ),
            (
                "Enlaces e imágenes",
                'Una página rara vez está sola: los enlaces llevan a otras páginas y las imágenes la hacen más clara. Un enlace se crea con la etiqueta `<a>`, cuyo atributo `href` indica el destino: `<a href="https://es.wikipedia.org">Wikipedia</a>` muestra la palabra «Wikipedia» y, al hacer clic, abre esa dirección. Para insertar una imagen se usa `<img>`, que no tiene etiqueta de cierre: el atributo `src` dice dónde está el archivo y `alt` describe la imagen con palabras, por ejemplo `<img src="gato.jpg" alt="Un gato dormido">`. Ese texto alternativo lo leen los lectores de pantalla y aparece si la imagen no se puede cargar.',
            ),
            (
                "Ideas clave",
                '- Un documento HTML tiene una parte `<head>` con datos sobre la página y una parte `<body>` con el contenido visible.\n- `<a href="…">` crea un enlace; `<img src="…" alt="…">` inserta una imagen.\n- El atributo `alt` hace que la imagen sea comprensible aunque no se vea.',
            ),
        ],
        "quiz": [
            q(
                "¿Dentro de qué etiqueta va el contenido que el visitante ve en la página?",
                ["<head>", "<body>", "<title>", "<meta>"],
                1,
                "Todo lo visible va en `<body>`; `<head>` solo contiene información sobre la página.",
                0,
            ),
            q(
                "¿Qué etiqueta crea un enlace a otra página?",
                ["<link>", "<href>", "<a>", "<img>"],
                2,
                "El enlace se crea con `<a>`; `href` es su atributo, no una etiqueta.",
                1,
            ),
            q(
                "¿Para qué sirve el atributo alt de una imagen?",
                [
                    "Para cambiar el tamaño de la imagen",
                    "Para enlazar la imagen con otra página",
                    "Para indicar dónde está guardado el archivo",
                    "Para describir la imagen cuando no se ve",
                ],
                3,
                "El texto de `alt` lo leen los lectores de pantalla y aparece si la imagen no carga; la ubicación del archivo va en `src`.",
                1,
            ),
            q(
                "¿Cuál es la forma correcta de mostrar la imagen gato.jpg?",
                [
                    "<image>gato.jpg</image>",
                    '<img src="gato.jpg" alt="Un gato">',
                    '<img link="gato.jpg" title="Un gato">',
                    '<a src="gato.jpg"></a>',
                ],
                1,
                "`<img>` con el archivo en `src` y una descripción en `alt`, sin etiqueta de cierre.",
                1,
            ),
        ],
    },
    {
        "id": "es-circulo",
        "language": "es",
        "split": "heldout",
        "batch": 6,
        "objectives": [
            "Calcular la longitud de una circunferencia",
            "Calcular el área de un círculo",
        ],
        "sections": [
            (
                "El contorno y el número π",
                "Si se mide el contorno de cualquier círculo y se divide entre su diámetro, siempre sale el mismo número, π, que vale aproximadamente 3,14. Por eso la longitud de la circunferencia es L = π · d, o, como el diámetro es el doble del radio, L = 2 · π · r. Por ejemplo, una circunferencia de radio 5 cm mide 2 · 3,14 · 5 = 31,4 cm. Es lo que recorre una rueda en una vuelta completa.",
            ),
            (
                "La superficie del círculo",
                "El área de un círculo se calcula con A = π · r²: se multiplica π por el radio al cuadrado. Con un radio de 3 m, A = 3,14 · 3² = 3,14 · 9 = 28,26 m². Cuidado con el error más frecuente: la fórmula usa el radio, no el diámetro. Si el enunciado da el diámetro, primero se divide entre 2. Un círculo de 10 cm de diámetro tiene radio 5 cm y, por tanto, un área de 3,14 · 25 = 78,5 cm². El resultado se expresa siempre en unidades cuadradas.",
            ),
        ],
        "quiz": [
            q(
                "¿Cuánto mide la circunferencia de radio 10 cm? (usa π ≈ 3,14)",
                ["31,4 cm", "62,8 cm", "314 cm", "20 cm"],
                1,
                "L = 2 · π · r = 2 · 3,14 · 10 = 62,8 cm.",
                0,
            ),
            q(
                "Una rueda tiene 50 cm de diámetro. ¿Qué distancia recorre en una vuelta? (usa π ≈ 3,14)",
                ["157 cm", "78,5 cm", "314 cm", "50 cm"],
                0,
                "En una vuelta recorre su contorno: L = π · d = 3,14 · 50 = 157 cm.",
                0,
            ),
            q(
                "¿Cuál es el área de un círculo de radio 4 cm? (usa π ≈ 3,14)",
                ["25,12 cm²", "12,56 cm²", "50,24 cm²", "16 cm²"],
                2,
                "A = π · r² = 3,14 · 16 = 50,24 cm².",
                1,
            ),
            q(
                "Un círculo tiene 6 m de diámetro. ¿Cuál es su área? (usa π ≈ 3,14)",
                ["113,04 m²", "28,26 m²", "18,84 m²", "9,42 m²"],
                1,
                "El radio es 6 : 2 = 3 m, así que A = 3,14 · 9 = 28,26 m²; 113,04 m² sale de usar el diámetro como si fuera el radio.",
                1,
            ),
        ],
    },
]
