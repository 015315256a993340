# ruff: noqa: E501, RUF001
"""Reference evidence for the good lessons of batches 4-7 (bases_batch4.py to bases_batch7.py:
36 lessons, 91 objectives, 130 questions), annotated by hand on 2026-12-06 by helper h23h acting
as a human reviewer who had not read the quality checks, the judge or the benchmark's internals
(services/generation, adapters/llm, bench/quality_judge.py, bench/quality_eval.py, tests/) and saw
only the lesson files.

For each objective the quote is the sentence (or the shortest contiguous span, at most about two
sentences; a whole list where the list is the teaching) of a TEACHING section that shows the
objective is taught: never an overview, introduction, summary, takeaways section or a sentence
that only announces what the lesson covers. For each question the quote is taken from the
question's source section (its section_index) and shows that the key is right; where the
question asks for a computation with other numbers than the section's worked example, the quote
is the rule or the worked example that the key follows from. Every quote is an exact substring
of the section body (check_evidence_b.py asserts this). An empty string would mean "not taught
by a teaching section" / "key not grounded in its source section"; none was needed here.
"""

from __future__ import annotations

EVIDENCE: dict[str, dict] = {
    "en-tides": {
        "objectives": {
            "Explain what causes the tides": "The Moon pulls on the whole Earth, but it pulls hardest on the water facing it and least on the water on the far side.",
            "Describe the difference between spring and neap tides": "At new and full moon the Sun, Earth and Moon are in a line, the two effects add up and the range between high and low water is largest: these are spring tides. A week later, at half moon, the Sun pulls at a right angle to the Moon and partly cancels it, so the range is smallest: these are neap tides.",
        },
        "questions": [
            "The oceans therefore bulge out on both sides, and as the Earth turns once a day, a coast passes through two bulges: two high waters and two low waters roughly every 24 hours and 50 minutes.",
            "At new and full moon the Sun, Earth and Moon are in a line, the two effects add up and the range between high and low water is largest: these are spring tides.",
            "A week later, at half moon, the Sun pulls at a right angle to the Moon and partly cancels it, so the range is smallest: these are neap tides.",
        ],
    },
    "en-binsearch": {
        "objectives": {
            "Explain how binary search halves the search range": "If the middle is too small, the whole left half is ruled out; if it is too large, the right half is. Each comparison throws away half of the candidates.",
            "Estimate how many steps a binary search needs": "In general the number of steps is roughly the base-2 logarithm of the length.",
            "State why binary search needs sorted data": "This only works when the list is in order: in an unsorted list a small middle value says nothing about where the target is, so nothing can be ruled out.",
        },
        "questions": [
            "If the middle is too small, the whole left half is ruled out; if it is too large, the right half is.",
            "This only works when the list is in order: in an unsorted list a small middle value says nothing about where the target is, so nothing can be ruled out.",
            "Because every step halves the candidates, a list of 1,000 items is down to one candidate after about 10 comparisons, and a list of a million after about 20.",
        ],
    },
    "es-volcanes": {
        "objectives": {
            "Explicar por qué entra en erupción un volcán": "Cuando sube y la presión baja, esos gases forman burbujas, el magma empuja con fuerza hacia arriba y acaba saliendo por una grieta o por el cráter.",
            "Distinguir las erupciones explosivas de las efusivas": "Si el magma es fluido y pobre en sílice, los gases escapan con facilidad y la lava sale en ríos tranquilos, como en Hawái. Si es espeso y rico en sílice, los gases quedan atrapados hasta que la presión rompe el tapón de roca: el volcán lanza ceniza y fragmentos a kilómetros de altura, como ocurrió en el Vesubio.",
        },
        "questions": [
            "Bajo un volcán hay una cámara llena de roca fundida, el magma, que es menos densa que la roca que la rodea y por eso tiende a subir.",
            "Cuando sube y la presión baja, esos gases forman burbujas, el magma empuja con fuerza hacia arriba y acaba saliendo por una grieta o por el cráter.",
            "Si es espeso y rico en sílice, los gases quedan atrapados hasta que la presión rompe el tapón de roca: el volcán lanza ceniza y fragmentos a kilómetros de altura, como ocurrió en el Vesubio.",
        ],
    },
    "fr-pythagore": {
        "objectives": {
            "Énoncer le théorème de Pythagore": "Le carré de sa longueur est égal à la somme des carrés des deux autres côtés. Avec des côtés a et b et une hypoténuse c, on écrit a² + b² = c².",
            "Calculer la longueur d'un côté d'un triangle rectangle": "Si les deux côtés de l'angle droit mesurent 3 cm et 4 cm, on calcule 9 + 16 = 25, puis la racine carrée de 25 : l'hypoténuse mesure 5 cm.",
        },
        "questions": [
            "Dans un triangle rectangle, le côté opposé à l'angle droit s'appelle l'hypoténuse ; c'est le plus long des trois.",
            "Si les deux côtés de l'angle droit mesurent 3 cm et 4 cm, on calcule 9 + 16 = 25, puis la racine carrée de 25 : l'hypoténuse mesure 5 cm.",
            "avec une hypoténuse de 13 cm et un côté de 5 cm, l'autre côté vaut la racine de 169 - 25 = 144, soit 12 cm.",
        ],
    },
    "de-auftrieb": {
        "objectives": {
            "Erklären, woher der Auftrieb im Wasser kommt": "Auf die Unterseite eines eingetauchten Körpers drückt das Wasser deshalb stärker als auf seine Oberseite, und der Unterschied schiebt den Körper nach oben.",
            "Vorhersagen, ob ein Körper schwimmt oder sinkt": "Ob ein Gegenstand oben bleibt, entscheidet seine mittlere Dichte. Ist sie kleiner als die von Wasser, verdrängt er schon mit einem Teil seines Volumens so viel Wasser, wie er wiegt, und treibt an der Oberfläche.",
            "Das archimedische Prinzip nennen": "Archimedes fand heraus, wie groß diese Kraft ist: Sie ist genau so groß wie das Gewicht des Wassers, das der Körper verdrängt.",
        },
        "questions": [
            "Auf die Unterseite eines eingetauchten Körpers drückt das Wasser deshalb stärker als auf seine Oberseite, und der Unterschied schiebt den Körper nach oben.",
            "Archimedes fand heraus, wie groß diese Kraft ist: Sie ist genau so groß wie das Gewicht des Wassers, das der Körper verdrängt.",
            "Deshalb schwimmt ein Stahlschiff: Mit der Luft im Rumpf ist es im Mittel leichter als Wasser.",
        ],
    },
    "es-ahorro": {
        "objectives": {
            "Crear un presupuesto mensual": "Después se restan los gastos fijos, como el alquiler y las facturas, y se reserva una cantidad para comida y transporte. Lo que sobra se reparte antes de gastarlo: una parte para el ahorro y otra para el ocio.",
            "Explicar por qué conviene un fondo de emergencia": "Con unos tres a seis meses de gastos guardados, un imprevisto no obliga a pedir un préstamo caro.",
        },
        "questions": [
            "Un presupuesto empieza por anotar lo que entra cada mes, por ejemplo un sueldo de 1.500 euros.",
            "Con unos tres a seis meses de gastos guardados, un imprevisto no obliga a pedir un préstamo caro.",
            "Con unos tres a seis meses de gastos guardados, un imprevisto no obliga a pedir un préstamo caro.",
        ],
    },
    "en-tcp": {
        "objectives": {
            "Describe the TCP three-way handshake": "The client sends a SYN segment carrying its initial sequence number. The server answers with a SYN-ACK, which acknowledges the client's number and carries the server's own.",
            "Explain why TCP retransmits lost segments": "If the sender sees no acknowledgement before its timer runs out, or it receives three duplicate acknowledgements for the same byte, it assumes the segment was lost and sends it again.",
        },
        "questions": [
            "The server answers with a SYN-ACK, which acknowledges the client's number and carries the server's own.",
            "A TCP connection starts with three messages.",
            "If the sender sees no acknowledgement before its timer runs out, or it receives three duplicate acknowledgements for the same byte, it assumes the segment was lost and sends it again.",
        ],
    },
    "en-compost": {
        "objectives": {
            "List the ingredients a compost pile needs": "A healthy compost pile needs four things:\n\n- **Greens**: fresh grass clippings, vegetable peelings and coffee grounds, which are rich in nitrogen.",
            "Explain why a compost pile heats up": "Bacteria and fungi break down the greens and browns, and like any living thing they release heat as they feed.",
            "Fix a compost pile that smells": "A sour, rotten smell means the pile is too wet and packed down, so it has run out of air: turn it with a fork and mix in dry browns. A sharp ammonia smell means there are too many greens: add browns such as leaves or cardboard.",
        },
        "questions": [
            "- **Browns**: dry leaves, straw and shredded cardboard, which supply carbon.",
            "Bacteria and fungi break down the greens and browns, and like any living thing they release heat as they feed.",
            "A sharp ammonia smell means there are too many greens: add browns such as leaves or cardboard.",
        ],
    },
    "en-inflation": {
        "objectives": {
            "Explain what the inflation rate measures": "The inflation rate tells you how much more a typical basket of goods and services costs than it did a year earlier.",
            "Calculate the real return on savings": "A quick estimate of the real return is the interest rate minus the inflation rate, here 2 % - 3 % = -1 %.",
        },
        "questions": [
            "If the basket cost 200 euros last year and costs 206 euros now, prices have risen by 3 %.",
            "A quick estimate of the real return is the interest rate minus the inflation rate, here 2 % - 3 % = -1 %.",
            "That also means each euro buys about 3 % less than before.",
        ],
    },
    "en-regex": {
        "objectives": {
            "Match digits and letters with character classes": "Because digits are needed so often, `\\d` is a shorthand for `[0-9]`, and `\\w` stands for a letter, digit or underscore.",
            "Use quantifiers to repeat part of a pattern": "A quantifier after a character or class says how many times it may repeat. `+` means one or more, so `\\d+` matches the whole of `42`.",
        },
        "questions": [
            "Square brackets list the characters allowed at one position: `[aeiou]` matches any single vowel and `[0-9]` any single digit.",
            "`\\d{4}` matches exactly four digits, such as a year",
            "`?` makes the item optional: `colou?r` matches both `color` and `colour`.",
        ],
    },
    "de-mitose": {
        "objectives": {
            "Die Phasen der Mitose beschreiben": "In der Prophase verdichten sich die zuvor verdoppelten Chromosomen und werden im Mikroskop sichtbar; die Kernhülle löst sich auf. In der Metaphase ordnen sich die Chromosomen in der Mitte der Zelle an, gehalten von den Spindelfasern.",
            "Erklären, warum sich Körperzellen teilen": "Auch ausgewachsene Gewebe brauchen ständig Nachschub: Hautzellen und Zellen der Darmschleimhaut leben nur wenige Tage oder Wochen und müssen ersetzt werden, und eine Wunde heilt nur, wenn sich Zellen am Rand vermehren.",
        },
        "questions": [
            "Auch ausgewachsene Gewebe brauchen ständig Nachschub: Hautzellen und Zellen der Darmschleimhaut leben nur wenige Tage oder Wochen und müssen ersetzt werden, und eine Wunde heilt nur, wenn sich Zellen am Rand vermehren.",
            "In der Metaphase ordnen sich die Chromosomen in der Mitte der Zelle an, gehalten von den Spindelfasern.",
            "In der Anaphase ziehen die Fasern die beiden Hälften jedes Chromosoms zu entgegengesetzten Polen.",
        ],
    },
    "de-magnet": {
        "objectives": {
            "Die Pole eines Magneten benennen": "Jeder Magnet hat zwei Enden, an denen seine Kraft am stärksten ist: den Nordpol und den Südpol.",
            "Vorhersagen, ob sich zwei Magnete anziehen oder abstoßen": "Hält man zwei Magnete aneinander, gilt eine einfache Regel: Gleiche Pole stoßen sich ab, ungleiche Pole ziehen sich an.",
            "Erklären, wie ein Kompass die Himmelsrichtung anzeigt": "Er zeigt dabei nach Norden, weil dort, in der Nähe des geografischen Nordpols, ein magnetischer Südpol der Erde liegt, und ungleiche Pole ziehen sich an.",
        },
        "questions": [
            "Zerbricht man einen Stabmagneten, entstehen nicht ein einzelner Nord- und ein einzelner Südpol, sondern zwei kleinere Magnete mit je beiden Polen.",
            "Gleiche Pole stoßen sich ab, ungleiche Pole ziehen sich an.",
            "Er zeigt dabei nach Norden, weil dort, in der Nähe des geografischen Nordpols, ein magnetischer Südpol der Erde liegt, und ungleiche Pole ziehen sich an.",
        ],
    },
    "fr-moyenne": {
        "objectives": {
            "Calculer la moyenne d'une série de notes": "Un élève qui a obtenu 12, 15, 9 et 14 a un total de 50 points pour 4 notes, soit une moyenne de 50 ÷ 4 = 12,5.",
            "Distinguer la moyenne et la médiane": "La différence vient du 19 : une valeur extrême tire la moyenne vers elle, mais ne change presque pas la médiane.",
        },
        "questions": [
            "Pour obtenir la moyenne d'une série de valeurs, on additionne toutes les valeurs puis on divise la somme par leur nombre.",
            "La médiane est la valeur du milieu quand on range la série dans l'ordre : la moitié des valeurs est en dessous, l'autre moitié au-dessus.",
            "C'est pourquoi on donne souvent le salaire médian plutôt que le salaire moyen.",
        ],
    },
    "es-estaciones": {
        "objectives": {
            "Explicar por qué existen las estaciones del año": "Durante una parte del año el hemisferio norte se inclina hacia el Sol; los rayos le llegan más verticales, concentran más energía en cada metro cuadrado y los días son más largos, así que allí es verano.",
            "Describir el movimiento de traslación de la Tierra": "Además de girar sobre sí misma cada día, la Tierra da una vuelta completa alrededor del Sol en unos 365 días y 6 horas; ese movimiento se llama traslación.",
        },
        "questions": [
            "El eje de la Tierra no está derecho: está inclinado unos 23,5 grados.",
            "Además de girar sobre sí misma cada día, la Tierra da una vuelta completa alrededor del Sol en unos 365 días y 6 horas; ese movimiento se llama traslación.",
            "Por eso las seis horas que sobran cada año se acumulan y cada cuatro años se añade un día, el 29 de febrero.",
        ],
    },
    "en-hashtables": {
        "objectives": {
            "Explain how a hash function picks a bucket for a key": "To decide where a key goes, the table runs it through a hash function, which turns any key into a whole number, and then takes that number modulo the number of buckets.",
            "Describe how chaining resolves collisions": 'With chaining, each bucket holds a short list of entries rather than a single one: "dog" is simply appended to the list in bucket 3.',
            "State the average cost of a hash table lookup": "As long as it stays small, most lists hold zero or one entry, so a lookup does a constant amount of work on average: O(1), whether the table holds a hundred keys or a million.",
        },
        "questions": [
            'For example, in a table with 8 buckets, if `hash("cat")` is 27, then 27 mod 8 = 3, so "cat" is stored in bucket 3.',
            'With chaining, each bucket holds a short list of entries rather than a single one: "dog" is simply appended to the list in bucket 3.',
            "As long as it stays small, most lists hold zero or one entry, so a lookup does a constant amount of work on average: O(1), whether the table holds a hundred keys or a million.",
            "The worst case is different: if a poor hash function sends almost every key to the same bucket, one list holds nearly everything and a lookup degrades to O(n).",
        ],
    },
    "en-probability": {
        "objectives": {
            "Combine the probabilities of independent events": "To find the chance that both happen, multiply their probabilities.",
            "Work out the probability of a single outcome": "When every outcome is equally likely, the probability of an event is the number of outcomes you are interested in divided by the number of possible outcomes.",
        },
        "questions": [
            "3 of the 8 marbles are red, so the chance of drawing a red one is 3/8.",
            "Rolling an even number can happen in three ways (2, 4 or 6), so its probability is 3/6 = 1/2.",
            "Multiplying gives the right answer, 1/6 × 1/6 = 1/36, which is much smaller than either chance on its own.",
            "the chance of two heads with two coins is 1/2 × 1/2 = 1/4.",
        ],
    },
    "en-bread": {
        "objectives": {
            "Explain how yeast makes dough rise": "Once it is mixed into a dough it feeds on sugars released from the starch in the flour and gives off carbon dioxide and a little alcohol. The gas collects in countless tiny bubbles, and as they grow the whole dough swells.",
            "Describe what kneading does to gluten": "Kneading (pushing, folding and turning the dough for about ten minutes) stretches these strands and lines them up into an elastic network.",
            "Tell when a dough has proofed enough": "If it fills back slowly and leaves a small mark, the dough is ready for the oven.",
        },
        "questions": [
            "Once it is mixed into a dough it feeds on sugars released from the starch in the flour and gives off carbon dioxide and a little alcohol.",
            "Kneading (pushing, folding and turning the dough for about ten minutes) stretches these strands and lines them up into an elastic network.",
            "If it fills back slowly and leaves a small mark, the dough is ready for the oven.",
            "Warmth speeds the yeast up: it is most active at around 25-30 °C, slows down in a cold kitchen and dies at about 60 °C, which is why the water you add should be lukewarm rather than hot.",
        ],
    },
    "en-moonphases": {
        "objectives": {
            "Explain why the Moon shows phases": "At any moment the Sun lights exactly one half of it, just as it lights one half of Earth. As the Moon travels around Earth, which takes about 29.5 days from one new moon to the next, we look at that lit half from a changing angle.",
            "Put the phases of the Moon in order": "1. New moon\n2. Waxing crescent\n3. First quarter (half the disc lit)\n4. Waxing gibbous\n5. Full moon\n6. Waning gibbous\n7. Last quarter\n8. Waning crescent",
        },
        "questions": [
            "As the Moon travels around Earth, which takes about 29.5 days from one new moon to the next, we look at that lit half from a changing angle.",
            "3. First quarter (half the disc lit)\n4. Waxing gibbous",
            "When the Moon is between Earth and the Sun, its lit side faces away from us and we see almost nothing: a new moon.",
        ],
    },
    "de-dreisatz": {
        "objectives": {
            "Proportionale Aufgaben mit dem Dreisatz lösen": "Beim Dreisatz rechnet man von einer bekannten Menge zuerst auf eine Einheit und dann auf die gesuchte Menge.",
            "Antiproportionale Zuordnungen erkennen und berechnen": "Solche Zuordnungen heißen antiproportional oder umgekehrt proportional: Verdoppelt man die eine Größe, halbiert sich die andere, und ihr Produkt bleibt gleich. Auch hier hilft der Dreisatz, nur wird im zweiten Schritt multipliziert statt geteilt: Ein Maler bräuchte 3 · 8 = 24 Tage, 6 Maler brauchen 24 : 6 = 4 Tage.",
        },
        "questions": [
            "Ein Brötchen kostet dann 2,40 € : 4 = 0,60 €, und 7 Brötchen kosten 7 · 0,60 € = 4,20 €.",
            "Wenn 3 Maler für einen Auftrag 8 Tage brauchen, schaffen 6 Maler ihn nicht in 16, sondern in weniger Tagen.",
            "Auch hier hilft der Dreisatz, nur wird im zweiten Schritt multipliziert statt geteilt: Ein Maler bräuchte 3 · 8 = 24 Tage, 6 Maler brauchen 24 : 6 = 4 Tage.",
            "Beim Dreisatz rechnet man von einer bekannten Menge zuerst auf eine Einheit und dann auf die gesuchte Menge.",
        ],
    },
    "de-solarzelle": {
        "objectives": {
            "Erklären, wie eine Solarzelle Licht in elektrischen Strom umwandelt": "Trifft Licht auf die Zelle, lösen seine Photonen Elektronen aus ihren Bindungen; das Feld trennt diese Ladungen, sodass sich an den Kontakten auf Vorder- und Rückseite eine Spannung aufbaut.",
            "Den Jahresertrag einer Photovoltaikanlage abschätzen": "In Deutschland erzeugt jedes kWp im Jahr grob 900 bis 1 000 kWh; mit 950 kWh pro kWp kommt eine 8-kWp-Anlage also auf etwa 8 · 950 = 7 600 kWh.",
            "Begründen, warum die Ausrichtung der Module den Ertrag beeinflusst": "Ein Modul liefert am meisten, wenn das Sonnenlicht möglichst senkrecht auf seine Fläche fällt.",
        },
        "questions": [
            "Trifft Licht auf die Zelle, lösen seine Photonen Elektronen aus ihren Bindungen",
            "Schließt man einen Verbraucher an, fließt Gleichstrom.",
            "In Deutschland erzeugt jedes kWp im Jahr grob 900 bis 1 000 kWh; mit 950 kWh pro kWp kommt eine 8-kWp-Anlage also auf etwa 8 · 950 = 7 600 kWh.",
            "Ein Modul liefert am meisten, wenn das Sonnenlicht möglichst senkrecht auf seine Fläche fällt. Hierzulande gelingt das am besten mit einer Südausrichtung und etwa 30 bis 35 Grad Neigung.",
        ],
    },
    "de-normalform": {
        "objectives": {
            "Redundanz in einer Tabelle erkennen": "Ein Warnzeichen ist also jede Spalte, deren Wert sich in vielen Zeilen wiederholt, obwohl er eigentlich nur von einem Teil der Zeile abhängt.",
            "Eine Tabelle in die erste Normalform bringen": "Man behebt das, indem man die Nummern in eine eigene Tabelle `Telefonnummern(KundenNr, Nummer)` auslagert, mit einer Zeile je Nummer.",
            "Eine Tabelle durch Aufteilen in die zweite Normalform überführen": "Man zerlegt die Tabelle deshalb in `Bestellposition(BestellNr, ArtikelNr, Menge)` und `Artikel(ArtikelNr, Artikelname)`.",
        },
        "questions": [
            "Zieht die Kundin um, müssen alle zwölf Zeilen geändert werden, und wird eine vergessen, weiß niemand mehr, welche Adresse stimmt.",
            "Ein Feld `Telefon = '030 1234, 0171 5678'` verletzt diese Regel, denn es enthält zwei Nummern.",
            "Der Artikelname dagegen hängt nur von der ArtikelNr ab.",
            "Man zerlegt die Tabelle deshalb in `Bestellposition(BestellNr, ArtikelNr, Menge)` und `Artikel(ArtikelNr, Artikelname)`.",
        ],
    },
    "fr-vitesse": {
        "objectives": {
            "Calculer une vitesse moyenne à partir d'une distance et d'une durée": "La vitesse moyenne d'un trajet s'obtient en divisant la distance parcourue par la durée du parcours : v = d / t.",
            "Convertir une vitesse de km/h en m/s": "En pratique, on divise donc par 3,6 pour passer des km/h aux m/s : 90 km/h ÷ 3,6 = 25 m/s.",
        },
        "questions": [
            "Attention aux durées écrites en heures et minutes : 1 h 30 vaut 1,5 h et non 1,3 h, car une demi-heure fait 30 minutes sur 60.",
            "La formule se retourne facilement : la distance vaut d = v × t.",
            "En pratique, on divise donc par 3,6 pour passer des km/h aux m/s : 90 km/h ÷ 3,6 = 25 m/s.",
            "Dans l'autre sens, on multiplie par 3,6 : un coureur à 10 m/s va à 36 km/h.",
        ],
    },
    "fr-revolution": {
        "objectives": {
            "Expliquer pourquoi la Révolution française éclate en 1789": "À la fin des années 1780, la France traverse plusieurs crises à la fois. L'État est lourdement endetté, notamment après avoir financé la guerre d'indépendance américaine, et il n'arrive plus à payer ses dépenses.",
            "Situer dans l'ordre les grands événements de l'été 1789": "1. **5 mai** : ouverture des États généraux à Versailles.\n2. **17 juin** : les députés du tiers état se proclament Assemblée nationale.\n3. **20 juin** : par le serment du Jeu de paume, ils jurent de ne pas se séparer avant d'avoir donné une Constitution à la France.\n4. **14 juillet** : les Parisiens prennent la Bastille, symbole de l'arbitraire royal.\n5. **4 août** : l'Assemblée abolit les privilèges.\n6. **26 août** : elle adopte la Déclaration des droits de l'homme et du citoyen.",
        },
        "questions": [
            "Pour trouver de l'argent, Louis XVI convoque les États généraux, qui ne s'étaient plus réunis depuis 1614.",
            "La société est divisée en trois ordres : le clergé et la noblesse jouissent de privilèges et paient peu d'impôts, tandis que le tiers état, l'immense majorité de la population, en supporte l'essentiel.",
            "Enfin, les philosophes des Lumières ont répandu l'idée que les privilèges et le pouvoir absolu du roi ne sont pas justes.",
            "3. **20 juin** : par le serment du Jeu de paume, ils jurent de ne pas se séparer avant d'avoir donné une Constitution à la France.\n4. **14 juillet** : les Parisiens prennent la Bastille, symbole de l'arbitraire royal.\n5. **4 août** : l'Assemblée abolit les privilèges.\n6. **26 août** : elle adopte la Déclaration des droits de l'homme et du citoyen.",
            "4. **14 juillet** : les Parisiens prennent la Bastille, symbole de l'arbitraire royal.",
        ],
    },
    "fr-digestion": {
        "objectives": {
            "Décrire le trajet des aliments dans le tube digestif": "La digestion commence dans la bouche, où les dents broient les aliments et où la salive les humecte. Avalée, la bouchée descend par l'œsophage jusqu'à l'estomac.",
            "Expliquer le rôle des enzymes digestives": "Ce travail est fait par les enzymes digestives, des protéines qui agissent comme des ciseaux chimiques, chacune sur un type d'aliment.",
            "Indiquer où les nutriments passent dans le sang": "Les petites molécules obtenues, les nutriments, traversent ensuite la paroi de l'intestin grêle pour passer dans le sang.",
        },
        "questions": [
            "Avalée, la bouchée descend par l'œsophage jusqu'à l'estomac. Celui-ci la brasse pendant quelques heures avec le suc gastrique, très acide. La bouillie obtenue passe ensuite dans l'intestin grêle, un tube de six à sept mètres replié dans l'abdomen, puis dans le gros intestin, qui récupère surtout l'eau.",
            "L'amylase de la salive découpe l'amidon en sucres",
            "Les petites molécules obtenues, les nutriments, traversent ensuite la paroi de l'intestin grêle pour passer dans le sang.",
            "Cette paroi est couverte de millions de replis, les villosités, qui multiplient la surface d'échange et permettent une absorption rapide.",
        ],
    },
    "es-html": {
        "objectives": {
            "Crear la estructura básica de un documento HTML": 'Después, el elemento `<html>` envuelve todo lo demás y contiene dos partes: `<head>`, con información sobre la página que no se muestra en ella, como el título de la pestaña (`<title>`) o la codificación (`<meta charset="utf-8">`), y `<body>`, donde va todo lo que el visitante ve.',
            "Añadir enlaces e imágenes a una página web": 'Un enlace se crea con la etiqueta `<a>`, cuyo atributo `href` indica el destino: `<a href="https://es.wikipedia.org">Wikipedia</a>` muestra la palabra «Wikipedia» y, al hacer clic, abre esa dirección. Para insertar una imagen se usa `<img>`, que no tiene etiqueta de cierre: el atributo `src` dice dónde está el archivo y `alt` describe la imagen con palabras, por ejemplo `<img src="gato.jpg" alt="Un gato dormido">`.',
        },
        "questions": [
            "y `<body>`, donde va todo lo que el visitante ve.",
            "Un enlace se crea con la etiqueta `<a>`, cuyo atributo `href` indica el destino",
            "Ese texto alternativo lo leen los lectores de pantalla y aparece si la imagen no se puede cargar.",
            'Para insertar una imagen se usa `<img>`, que no tiene etiqueta de cierre: el atributo `src` dice dónde está el archivo y `alt` describe la imagen con palabras, por ejemplo `<img src="gato.jpg" alt="Un gato dormido">`.',
        ],
    },
    "es-circulo": {
        "objectives": {
            "Calcular la longitud de una circunferencia": "Por eso la longitud de la circunferencia es L = π · d, o, como el diámetro es el doble del radio, L = 2 · π · r.",
            "Calcular el área de un círculo": "El área de un círculo se calcula con A = π · r²: se multiplica π por el radio al cuadrado.",
        },
        "questions": [
            "Por eso la longitud de la circunferencia es L = π · d, o, como el diámetro es el doble del radio, L = 2 · π · r.",
            "Por eso la longitud de la circunferencia es L = π · d",
            "El área de un círculo se calcula con A = π · r²: se multiplica π por el radio al cuadrado.",
            "Cuidado con el error más frecuente: la fórmula usa el radio, no el diámetro. Si el enunciado da el diámetro, primero se divide entre 2.",
        ],
    },
    "en-markdown": {
        "objectives": {
            "Create headings of different levels": "One `#` gives the largest heading (level 1), `##` a level-2 heading, and so on down to `######` for level 6.",
            "Format text as bold or italic": "To make a word italic, wrap it in single asterisks or underscores: `*slow*` or `_slow_` renders as *slow*. Bold uses two of them, so `**stop**` renders as **stop**.",
            "Write a link to another page": 'A link puts the visible text in square brackets and the address in round brackets right after it: `[the docs](https://example.com/docs)` shows "the docs" and opens the address when clicked.',
        },
        "questions": [
            "One `#` gives the largest heading (level 1), `##` a level-2 heading, and so on down to `######` for level 6.",
            "Bold uses two of them, so `**stop**` renders as **stop**.",
            'A link puts the visible text in square brackets and the address in round brackets right after it: `[the docs](https://example.com/docs)` shows "the docs" and opens the address when clicked. There must be no space between `]` and `(`.',
            "The markers must touch the text, which is why `** stop **`, with spaces inside, is usually left as plain asterisks.",
        ],
    },
    "en-ratios": {
        "objectives": {
            "Simplify a ratio to its lowest terms": "To simplify it, divide both parts by their greatest common divisor.",
            "Share an amount in a given ratio": "To divide an amount in a ratio, first add the parts to find how many equal shares there are.",
            "Scale a recipe using a ratio": "To cook for 6 people, find the scale factor 6 ÷ 4 = 1.5 and multiply every ingredient by it: 200 g × 1.5 = 300 g of flour and 300 ml × 1.5 = 450 ml of milk.",
        },
        "questions": [
            "The greatest common divisor of 12 and 18 is 6, so 12:18 = 2:3.",
            "Ana gets 3 × 5 € = 15 € and Ben gets 5 × 5 € = 25 €.",
            "To cook for 6 people, find the scale factor 6 ÷ 4 = 1.5 and multiply every ingredient by it: 200 g × 1.5 = 300 g of flour and 300 ml × 1.5 = 450 ml of milk.",
            "Order matters: boys to girls is 3:2, not 2:3.",
        ],
    },
    "en-rainbows": {
        "objectives": {
            "Explain what happens to light when it enters water or glass": "When a beam enters the water at an angle, the side that reaches the surface first slows down first, so the whole beam turns. This bending at the boundary is called refraction.",
            "Describe how a prism splits white light into colours": "In glass, each colour travels at a slightly different speed, so each one bends by a slightly different amount: violet bends the most and red the least. A triangular prism refracts the light twice, once on the way in and once on the way out, which spreads the colours apart into a band called a spectrum.",
            "Explain how raindrops form a rainbow": "Sunlight enters each raindrop and is refracted, reflects once off the back of the drop, and is refracted again as it leaves. Because of dispersion, each colour leaves at its own angle: red at about 42 degrees from the line opposite the Sun, violet at about 40 degrees.",
        },
        "questions": [
            "This bending at the boundary is called refraction. It is why a straw standing in a glass of water looks broken at the surface.",
            "In glass, each colour travels at a slightly different speed, so each one bends by a slightly different amount: violet bends the most and red the least.",
            "A rainbow appears when the Sun is behind you and rain is falling in front of you.",
            "Millions of drops each send you one colour, and together they draw the arc, with red on the outside and violet on the inside.",
        ],
    },
    "en-groupby": {
        "objectives": {
            "Group rows with GROUP BY": "`GROUP BY customer` collects the rows that share a customer into one group, so the query returns one row per customer instead of one per order.",
            "Summarise each group with aggregate functions": "An aggregate function then reduces each group to a single value: `SUM(amount)` adds the amounts, `COUNT(*)` counts the rows and `AVG(amount)` averages them.",
            "Filter groups with HAVING": "To keep only some groups, add `HAVING` after `GROUP BY`: `... GROUP BY customer HAVING SUM(amount) > 40;` returns Ben 45 and Cleo 50 and drops Ana.",
        },
        "questions": [
            "The query `SELECT customer, SUM(amount) FROM orders GROUP BY customer;` returns Ana 35, Ben 45 and Cleo 50.",
            "The query `SELECT customer, SUM(amount) FROM orders GROUP BY customer;` returns Ana 35, Ben 45 and Cleo 50.",
            "To keep only some groups, add `HAVING` after `GROUP BY`: `... GROUP BY customer HAVING SUM(amount) > 40;` returns Ben 45 and Cleo 50 and drops Ana.",
            "Every column in the `SELECT` list must either appear in `GROUP BY` or be wrapped in an aggregate.",
        ],
    },
    "de-lineare": {
        "objectives": {
            "Die Steigung einer Geraden aus zwei Punkten berechnen": "Kennt man zwei Punkte P(x₁ | y₁) und Q(x₂ | y₂) der Geraden, berechnet man die Steigung mit dem Differenzenquotienten m = (y₂ − y₁) : (x₂ − x₁).",
            "Den y-Achsenabschnitt einer linearen Funktion ablesen": "Die Zahl b ist der y-Achsenabschnitt: An der Stelle x = 0 ist f(0) = m·0 + b = b, die Gerade schneidet die y-Achse also im Punkt (0 | b).",
            "Den Graphen einer linearen Funktion zeichnen": "1. Trage den y-Achsenabschnitt (0 | b) ins Koordinatensystem ein.\n2. Gehe von dort mit dem Steigungsdreieck weiter: bei m = 2 eine Einheit nach rechts und zwei nach oben, bei m = −1/2 zwei Einheiten nach rechts und eine nach unten.",
        },
        "questions": [
            "Beispiel: Für P(1 | 3) und Q(4 | 9) ist m = (9 − 3) : (4 − 1) = 6 : 3 = 2.",
            "Bei f(x) = 2x − 1 liegt dieser Schnittpunkt bei (0 | −1).",
            "bei m = −1/2 zwei Einheiten nach rechts und eine nach unten",
            "Ist m negativ, fällt die Gerade; bei m = 0 verläuft sie waagerecht.",
        ],
    },
    "de-zellatmung": {
        "objectives": {
            "Die Summengleichung der Zellatmung angeben": "Zusammengefasst lautet die Gleichung: C₆H₁₂O₆ + 6 O₂ → 6 CO₂ + 6 H₂O + Energie.",
            "Erklären, wo in der Zelle die Zellatmung stattfindet": "Der größte Teil der Zellatmung läuft in den Mitochondrien ab.",
            "Die Zellatmung mit der Fotosynthese vergleichen": "Sie läuft in den Chloroplasten ab, verbraucht Kohlenstoffdioxid und Wasser und baut daraus mit Lichtenergie Glucose auf; dabei wird Sauerstoff frei. Die Zellatmung verbraucht dagegen Glucose und Sauerstoff und gibt Kohlenstoffdioxid und Wasser ab.",
        },
        "questions": [
            "Aus einem Molekül Glucose und sechs Molekülen Sauerstoff entstehen also sechs Moleküle Kohlenstoffdioxid und sechs Moleküle Wasser.",
            "Der größte Teil der Zellatmung läuft in den Mitochondrien ab.",
            "Wichtig: Pflanzen atmen ebenfalls, und zwar Tag und Nacht, während die Fotosynthese nur bei Licht stattfindet.",
            "Aus einem Molekül Glucose und sechs Molekülen Sauerstoff entstehen also sechs Moleküle Kohlenstoffdioxid und sechs Moleküle Wasser.",
        ],
    },
    "fr-chaines": {
        "objectives": {
            "Définir producteurs, consommateurs et décomposeurs": "Les producteurs, comme les plantes et les algues, fabriquent leur propre matière grâce à la lumière du soleil. Les consommateurs mangent d’autres êtres vivants : les herbivores se nourrissent de plantes, les carnivores d’autres animaux. Les décomposeurs, comme les champignons, les bactéries ou les vers de terre, transforment les cadavres et les déchets en sels minéraux que les plantes réutilisent.",
            "Construire une chaîne alimentaire": "Une chaîne alimentaire relie des êtres vivants par des flèches qui signifient « est mangé par ». Elle commence toujours par un producteur.",
            "Expliquer pourquoi l’énergie diminue d’un maillon à l’autre": "À chaque maillon, seule une petite partie de l’énergie passe au suivant, environ 10 %. Le reste sert à respirer, à se déplacer et à maintenir la température du corps, ou se perd sous forme de chaleur et de déchets.",
        },
        "questions": [
            "Les décomposeurs, comme les champignons, les bactéries ou les vers de terre, transforment les cadavres et les déchets en sels minéraux que les plantes réutilisent.",
            "Exemple dans une prairie : herbe → sauterelle → grenouille → héron.",
            "Si l’herbe d’une prairie contient 10 000 kJ, la sauterelle n’en récupère qu’environ 1 000 kJ, la grenouille 100 kJ et le héron 10 kJ.",
            "Si l’herbe d’une prairie contient 10 000 kJ, la sauterelle n’en récupère qu’environ 1 000 kJ, la grenouille 100 kJ et le héron 10 kJ. C’est pourquoi les chaînes dépassent rarement quatre ou cinq maillons et pourquoi les grands prédateurs sont peu nombreux.",
        ],
    },
    "fr-listes": {
        "objectives": {
            "Créer une liste et accéder à un élément par son indice": 'Chaque élément a un indice, et le premier porte l’indice 0 : `fruits[0]` vaut `"pomme"` et `fruits[2]` vaut `"kiwi"`.',
            "Ajouter et retirer des éléments d’une liste": 'La méthode `append` ajoute un élément à la fin : après `fruits.append("mangue")`, la liste contient quatre éléments. `insert(i, x)` place `x` à l’indice `i` et décale les suivants. Pour retirer un élément, `remove("poire")` supprime la première occurrence de cette valeur, tandis que `pop()` enlève le dernier élément et le renvoie.',
            "Parcourir une liste avec une boucle for": "À chaque tour, la variable `fruit` prend la valeur de l’élément suivant, et le corps de la boucle s’exécute une fois par élément.",
        },
        "questions": [
            'Chaque élément a un indice, et le premier porte l’indice 0 : `fruits[0]` vaut `"pomme"` et `fruits[2]` vaut `"kiwi"`.',
            'La méthode `append` ajoute un élément à la fin : après `fruits.append("mangue")`, la liste contient quatre éléments.',
            "À chaque tour, la variable `fruit` prend la valeur de l’élément suivant, et le corps de la boucle s’exécute une fois par élément.",
            "`pop()` enlève le dernier élément et le renvoie",
        ],
    },
    "es-energia": {
        "objectives": {
            "Calcular la energía cinética de un cuerpo": "Se calcula con Ec = ½ · m · v², donde m es la masa en kilogramos y v la velocidad en metros por segundo; el resultado sale en julios (J).",
            "Calcular la energía potencial gravitatoria": "Un cuerpo situado a cierta altura tiene energía potencial gravitatoria: Ep = m · g · h, con g ≈ 9,8 m/s² en la superficie de la Tierra y h la altura en metros.",
            "Explicar la conservación de la energía mecánica": "Si no hay rozamiento, la suma de ambas energías, llamada energía mecánica, se mantiene constante: Em = Ec + Ep. Cuando la maceta cae, pierde energía potencial y gana exactamente la misma cantidad de energía cinética.",
        },
        "questions": [
            "Por ejemplo, un balón de 2 kg que vuela a 3 m/s tiene Ec = ½ · 2 · 3² = 9 J.",
            "Una maceta de 2 kg en un balcón a 5 m tiene Ep = 2 · 9,8 · 5 = 98 J.",
            "Si no hay rozamiento, la suma de ambas energías, llamada energía mecánica, se mantiene constante: Em = Ec + Ep.",
            "Como la velocidad está al cuadrado, duplicarla multiplica la energía cinética por cuatro.",
        ],
    },
    "es-celula": {
        "objectives": {
            "Describir la función de la membrana celular": "No es una pared cerrada: deja pasar el agua, el oxígeno y los nutrientes que la célula necesita y expulsa los desechos, mientras impide la entrada de muchas otras sustancias.",
            "Explicar qué contiene el núcleo": "Está envuelto por su propia membrana y guarda el ADN, la molécula que contiene la información hereditaria organizada en cromosomas.",
            "Distinguir una célula animal de una vegetal": "Las células animales carecen de pared y de cloroplastos, y su forma suele ser más irregular.",
        },
        "questions": [
            "No es una pared cerrada: deja pasar el agua, el oxígeno y los nutrientes que la célula necesita y expulsa los desechos, mientras impide la entrada de muchas otras sustancias. Por eso se dice que es semipermeable.",
            "Está envuelto por su propia membrana y guarda el ADN, la molécula que contiene la información hereditaria organizada en cromosomas.",
            "Las células animales carecen de pared y de cloroplastos, y su forma suele ser más irregular.",
            "Los glóbulos rojos de los mamíferos son una excepción: pierden el núcleo al madurar.",
        ],
    },
}
