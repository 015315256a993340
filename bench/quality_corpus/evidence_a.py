# ruff: noqa: E501  (quotes copied verbatim from the lesson text)
"""Reviewer evidence for the good lessons of bases_en, bases_de, bases_heldout and bases_batch3.

Annotated on 2026-12-06 by a helper acting as a careful human reviewer, blind to the quality
checks and the judge: only the four corpus files were read, never services/generation, adapters/llm,
bench/quality_judge.py, the internals of bench/quality_eval.py or tests. For each lesson:

- objectives: for every objective, the sentence (or shortest contiguous span of at most two
  sentences) of a teaching section that shows the objective is actually taught. Overview,
  introduction and summary sections were never quoted. "" would mean no teaching section
  teaches it (none here).
- questions: for every question, in quiz order, the span of its source section (section_index,
  0-based) that grounds the key. "" would mean the key is not grounded there (none here).

Every quote is an exact substring of the section's body_markdown (check_evidence.py asserts it).
Chosen by reading, not by word overlap: where the key needs one step of inference (the meaning
of "descending", factorial(0) being the last call, a short time to live meaning early expiry)
the span that a competent reader would cite is given and the case is named in the notes.
"""

from __future__ import annotations

EVIDENCE: dict[str, dict] = {
    # ---- bases_en ----
    "en-caching": {
        "objectives": {
            "Explain how caching reduces latency": "A cache stores that copy in memory, so a repeated request skips the slow database and the network round trip. The time a user waits, the latency, drops from hundreds of milliseconds to a few.",
            "Choose when to invalidate a cache": "When the data changes, the application must invalidate the entry or give it a short time to live.",
        },
        "questions": [
            "A cache stores that copy in memory, so a repeated request skips the slow database and the network round trip.",
            "Invalidating too rarely shows old data; invalidating too often throws the speed away.",
            "When the data changes, the application must invalidate the entry or give it a short time to live.",
        ],
    },
    "en-sorting": {
        "objectives": {
            "Sort and filter rows": "Sorting arranges the rows of a table by the values in one column, ascending or descending. Filtering hides every row that does not meet a condition, such as a price below ten.",
            "Combine several filter conditions": "With AND a row must meet every condition; with OR one condition is enough.",
        },
        "questions": [
            "Filtering hides every row that does not meet a condition, such as a price below ten.",
            "With AND a row must meet every condition; with OR one condition is enough.",
            "Sorting arranges the rows of a table by the values in one column, ascending or descending.",
        ],
    },
    "en-exponents": {
        "objectives": {
            "Apply the product rule for exponents": "When two powers of the same base are multiplied, the exponents are added: x² · x³ = x⁵.",
            "Distinguish x² from 2x": "The expression x² means x multiplied by itself, while 2x means x added to itself.",
        },
        "questions": [
            "When two powers of the same base are multiplied, the exponents are added: x² · x³ = x⁵.",
            "For x = 3, x² is 9 but 2x is 6.",
            "The expression x² means x multiplied by itself, while 2x means x added to itself.",
        ],
    },
    "en-percentages": {
        "objectives": {
            "Convert between fractions, decimals and percentages": "One half is 1/2, 0.5 or 50 %. To turn a decimal into a percentage, multiply it by 100.",
            "Compute a percentage of an amount": "To compute 20 % of 150, write the percentage as a decimal, 0.2, and multiply: 0.2 · 150 = 30.",
        },
        "questions": [
            "To turn a decimal into a percentage, multiply it by 100.",
            "To compute 20 % of 150, write the percentage as a decimal, 0.2, and multiply: 0.2 · 150 = 30.",
            "One half is 1/2, 0.5 or 50 %.",
        ],
    },
    "en-http": {
        "objectives": {
            "Interpret HTTP status code classes": "Codes from 200 to 299 mean success, 300 to 399 redirect the client, 400 to 499 report a problem with the request, and 500 to 599 report a failure on the server.",
            "Tell client errors from server errors": "Client errors are fixed by changing the request; server errors by waiting or by fixing the server.",
        },
        "questions": [
            "Codes from 200 to 299 mean success, 300 to 399 redirect the client, 400 to 499 report a problem with the request, and 500 to 599 report a failure on the server.",
            "A 503 says the server cannot answer right now, so retrying later can succeed.",
            "A 404 or a 422 tells the client that its request is wrong: repeating it unchanged will fail again.",
        ],
    },
    "en-git": {
        "objectives": {
            "Create a branch for a feature": "Creating a branch with git switch -c feature lets you commit new work without touching main.",
            "Merge a branch back into main": "When the feature is done, switch back to main and run git merge feature.",
        },
        "questions": [
            "Creating a branch with git switch -c feature lets you commit new work without touching main.",
            "If main has not moved, git simply fast-forwards the pointer; otherwise it creates a merge commit that has two parents.",
            "Conflicts appear when both branches changed the same lines.",
        ],
    },
    "en-interest": {
        "objectives": {
            "Calculate compound interest": "After n years at rate r, a deposit P grows to P · (1 + r)^n.",
            "Compare simple and compound interest": "At 10 % simple interest, 100 becomes 120 after two years, one less than with compounding.",
        },
        "questions": [
            "At 10 % a year, 100 becomes 121 after two years.",
            "Compound interest adds each year's interest to the balance, so the next year earns interest on it too.",
            "At 10 % simple interest, 100 becomes 120 after two years, one less than with compounding.",
        ],
    },
    "en-sql-joins": {
        "objectives": {
            "Join two tables on a key": "A join combines rows of two tables whose key columns match.",
            "Explain what a left join keeps": "A left join keeps every row of the left table, even when no row of the right table matches.",
        },
        "questions": [
            "An inner join keeps only the rows that found a partner.",
            "A left join keeps every row of the left table, even when no row of the right table matches. The columns from the right table are then filled with NULL.",
            "The columns from the right table are then filled with NULL. Left joins are how you find customers who never ordered.",
        ],
    },
    "en-passwords": {
        "objectives": {
            "Explain why passwords are hashed": "A stolen database then reveals hashes that are expensive to reverse.",
            "Describe what a salt prevents": "Salts make precomputed rainbow tables useless.",
        },
        "questions": [
            "A stolen database then reveals hashes that are expensive to reverse.",
            "Salts make precomputed rainbow tables useless.",
            "Because every user has a different salt, two equal passwords get different hashes.",
        ],
    },
    "en-photosynthesis": {
        "objectives": {
            "Describe the inputs and outputs of photosynthesis": "Photosynthesis takes in carbon dioxide, water and light energy. It produces glucose, which the plant uses as food, and releases oxygen into the air.",
            "Explain the role of chlorophyll": "It absorbs red and blue light and passes that energy on to the reactions that build glucose.",
        },
        "questions": [
            "It produces glucose, which the plant uses as food, and releases oxygen into the air.",
            "It absorbs red and blue light and passes that energy on to the reactions that build glucose.",
            "Green light is reflected, which is why leaves look green.",
        ],
    },
    # ---- bases_de ----
    "de-cache": {
        "objectives": {
            "Erklären, wie ein Cache die Latenz senkt": "Kommt dieselbe Anfrage wieder, wird die Kopie sofort geliefert, und die Latenz sinkt deutlich.",
            "Veraltete Einträge erkennen": "Ändern sich die Daten, ist die Kopie im Cache veraltet.",
        },
        "questions": [
            "Kommt dieselbe Anfrage wieder, wird die Kopie sofort geliefert, und die Latenz sinkt deutlich.",
            "Solche Einträge muss die Anwendung löschen oder mit einer kurzen Lebensdauer versehen. Sonst sehen Nutzer alte Werte.",
            "Solche Einträge muss die Anwendung löschen oder mit einer kurzen Lebensdauer versehen.",
        ],
    },
    "de-prozent": {
        "objectives": {
            "Brüche, Dezimalzahlen und Prozente umrechnen": "Ein Viertel ist 1/4, 0,25 oder 25 %. Um eine Dezimalzahl in Prozent umzurechnen, multipliziert man sie mit 100.",
            "Einen Prozentwert berechnen": "Um 20 % von 150 zu berechnen, schreibt man den Prozentsatz als Dezimalzahl 0,2 und multipliziert: 0,2 · 150 = 30.",
        },
        "questions": [
            "Um eine Dezimalzahl in Prozent umzurechnen, multipliziert man sie mit 100.",
            "Um 20 % von 150 zu berechnen, schreibt man den Prozentsatz als Dezimalzahl 0,2 und multipliziert: 0,2 · 150 = 30.",
            "Ein Viertel ist 1/4, 0,25 oder 25 %.",
        ],
    },
    "de-git": {
        "objectives": {
            "Einen Zweig für ein Feature anlegen": "Mit git switch -c feature legt man einen Zweig an und arbeitet darauf, ohne main zu verändern.",
            "Einen Zweig in main zusammenführen": "Ist das Feature fertig, wechselt man zu main und führt git merge feature aus.",
        },
        "questions": [
            "Mit git switch -c feature legt man einen Zweig an und arbeitet darauf, ohne main zu verändern.",
            "Hat sich main nicht bewegt, verschiebt Git nur den Zeiger; sonst entsteht ein Merge-Commit mit zwei Eltern.",
            "Konflikte entstehen, wenn beide Zweige dieselben Zeilen geändert haben.",
        ],
    },
    "de-photosynthese": {
        "objectives": {
            "Ausgangsstoffe und Produkte der Photosynthese beschreiben": "Die Photosynthese nimmt Kohlendioxid, Wasser und Lichtenergie auf. Sie erzeugt Glukose als Nahrung der Pflanze und gibt Sauerstoff an die Luft ab.",
            "Die Rolle des Chlorophylls erklären": "Es absorbiert rotes und blaues Licht und gibt die Energie an die Reaktionen weiter, die Glukose aufbauen.",
        },
        "questions": [
            "Sie erzeugt Glukose als Nahrung der Pflanze und gibt Sauerstoff an die Luft ab.",
            "Es absorbiert rotes und blaues Licht und gibt die Energie an die Reaktionen weiter, die Glukose aufbauen.",
            "Grünes Licht wird reflektiert, deshalb sind Blätter grün.",
        ],
    },
    "de-binaer": {
        "objectives": {
            "Binärzahlen in Dezimalzahlen umrechnen": "Um eine Binärzahl umzurechnen, addiert man die Stellenwerte aller Stellen mit einer 1.",
            "Den Stellenwert einer Ziffer bestimmen": "Im Binärsystem hat jede Stelle den doppelten Wert der Stelle rechts von ihr: 1, 2, 4, 8 und so weiter.",
        },
        "questions": [
            "Die Binärzahl 1011 ist 8 + 2 + 1 = 11.",
            "Der Stellenwert der vierten Stelle von rechts ist also 8.",
            "Eine Ziffer ist entweder 0 oder 1.",
        ],
    },
    "de-wasser": {
        "objectives": {
            "Die Stationen des Wasserkreislaufs beschreiben": "Wasser verdunstet aus Meeren und Seen, steigt als Dampf auf und kondensiert in der Höhe zu Wolken. Als Regen oder Schnee fällt es zurück und fließt über Flüsse wieder ins Meer.",
            "Die Rolle der Sonne im Wasserkreislauf erklären": "Die Sonne liefert die Energie, die das Wasser verdunsten lässt.",
        },
        "questions": [
            "Wasser verdunstet aus Meeren und Seen, steigt als Dampf auf und kondensiert in der Höhe zu Wolken.",
            "Die Sonne liefert die Energie, die das Wasser verdunsten lässt.",
            "Als Regen oder Schnee fällt es zurück und fließt über Flüsse wieder ins Meer.",
        ],
    },
    # ---- bases_heldout ----
    "en-dns": {
        "objectives": {
            "Explain how DNS resolves a domain name": "The resolver asks a root server, then the server for .com, then the server that holds example.com, and gets back an IP address.",
            "Describe what a TTL controls": "Every DNS answer carries a TTL, the number of seconds it may be cached.",
        },
        "questions": [
            "The resolver asks a root server, then the server for .com, then the server that holds example.com, and gets back an IP address.",
            "The resolver asks a root server, then the server for .com, then the server that holds example.com, and gets back an IP address.",
            "Until the TTL runs out, resolvers answer from their cache without asking again.",
        ],
    },
    "en-recursion": {
        "objectives": {
            "Write a recursive function with a base case": "It needs a base case that returns without calling itself, or it never stops.",
            "Trace the calls of factorial(3)": "factorial(3) calls factorial(2), which calls factorial(1), which calls factorial(0).",
        },
        "questions": [
            "It needs a base case that returns without calling itself, or it never stops.",
            "The base case returns 1, and the results multiply on the way back: 1 · 1 · 2 · 3 = 6.",
            "factorial(3) calls factorial(2), which calls factorial(1), which calls factorial(0). The base case returns 1, and the results multiply on the way back: 1 · 1 · 2 · 3 = 6.",
        ],
    },
    "en-supply": {
        "objectives": {
            "Explain how a price rise affects demand": "When the price of a good goes up, buyers want less of it: some switch to substitutes and some go without.",
            "Find the equilibrium price": "The equilibrium price is where the two curves cross: the amount buyers want equals the amount sellers offer.",
        },
        "questions": [
            "When the price of a good goes up, buyers want less of it: some switch to substitutes and some go without.",
            "The equilibrium price is where the two curves cross: the amount buyers want equals the amount sellers offer.",
            "Above it there is a surplus, below it a shortage.",
        ],
    },
    "en-fractions": {
        "objectives": {
            "Add fractions with different denominators": "To add 1/3 and 1/4, rewrite both with the common denominator 12: 4/12 + 3/12 = 7/12.",
            "Simplify a fraction": "A fraction is simplified by dividing its numerator and denominator by their greatest common divisor.",
        },
        "questions": [
            "To add 1/3 and 1/4, rewrite both with the common denominator 12: 4/12 + 3/12 = 7/12.",
            "6/8 becomes 3/4 because both 6 and 8 divide by 2.",
            "The value does not change, only the way it is written.",
        ],
    },
    "de-zinsen": {
        "objectives": {
            "Zinseszinsen berechnen": "Allgemein wächst ein Betrag K in n Jahren auf K · (1 + p)^n.",
            "Einfache Zinsen und Zinseszinsen vergleichen": "Zu 10 % werden aus 100 Euro nach zwei Jahren 120 Euro, einen Euro weniger als mit Zinseszins.",
        },
        "questions": [
            "Nach zwei Jahren zu 10 % werden aus 100 Euro also 121 Euro.",
            "Einfache Zinsen werden immer nur auf den ursprünglichen Betrag berechnet.",
            "Zu 10 % werden aus 100 Euro nach zwei Jahren 120 Euro, einen Euro weniger als mit Zinseszins.",
        ],
    },
    "de-dns": {
        "objectives": {
            "Erklären, wie DNS einen Namen auflöst": "Der Resolver fragt einen Root-Server, dann den Server für .com und schließlich den Server, der example.com verwaltet, und erhält eine IP-Adresse.",
            "Die Wirkung der TTL beschreiben": "Solange die TTL läuft, antworten Resolver aus ihrem Cache.",
        },
        "questions": [
            "Der Resolver fragt einen Root-Server, dann den Server für .com und schließlich den Server, der example.com verwaltet, und erhält eine IP-Adresse.",
            "Der Resolver fragt einen Root-Server, dann den Server für .com und schließlich den Server, der example.com verwaltet, und erhält eine IP-Adresse.",
            "Eine kurze TTL verbreitet Änderungen schnell, eine lange spart Anfragen.",
        ],
    },
    "es-fotosintesis": {
        "objectives": {
            "Describir qué necesita la fotosíntesis": "La fotosíntesis necesita dióxido de carbono, agua y luz.",
            "Explicar qué produce la fotosíntesis": "Con esa energía la planta produce glucosa, que le sirve de alimento. Además libera oxígeno al aire.",
        },
        "questions": [
            "Además libera oxígeno al aire.",
            "Las plantas toman el agua por las raíces y el dióxido de carbono por las hojas.",
            "La clorofila capta la energía de la luz.",
        ],
    },
    "en-vaccines": {
        "objectives": {
            "Explain how a vaccine trains the immune system": "A vaccine shows the immune system a harmless piece or a weakened form of a germ. The body responds by making antibodies and memory cells that recognise it.",
            "Describe why booster doses are given": "Protection from some vaccines fades as the number of antibodies falls over the years. A booster dose shows the immune system the same signal again, so it makes fresh antibodies and more memory cells.",
        },
        "questions": [
            "A vaccine shows the immune system a harmless piece or a weakened form of a germ.",
            "If the real germ arrives later, those memory cells react within days instead of weeks.",
            "Protection from some vaccines fades as the number of antibodies falls over the years.",
        ],
    },
    "de-hebel": {
        "objectives": {
            "Das Hebelgesetz anwenden": "Ein Hebel ist im Gleichgewicht, wenn Kraft mal Kraftarm gleich Last mal Lastarm ist. Hängt eine Last von 200 Newton an einem Lastarm von 0,5 Metern, braucht man bei einem Kraftarm von 2 Metern nur 50 Newton.",
            "Erklären, warum ein langer Hebelarm Kraft spart": "Je länger der Kraftarm, desto kleiner ist die nötige Kraft.",
        },
        "questions": [
            "Ein Hebel ist im Gleichgewicht, wenn Kraft mal Kraftarm gleich Last mal Lastarm ist.",
            "Hängt eine Last von 200 Newton an einem Lastarm von 0,5 Metern, braucht man bei einem Kraftarm von 2 Metern nur 50 Newton.",
            "Je länger der Kraftarm, desto kleiner ist die nötige Kraft.",
        ],
    },
    # ---- bases_batch3 ----
    "en-indexes": {
        "objectives": {
            "Explain how a database index speeds up lookups": "An index keeps the values of one column in sorted order, each with a pointer to its row. The database can then jump straight to the matching entries, much as you would use the index at the back of a book, and a query that took seconds can finish in milliseconds.",
            "Decide when an index is not worth adding": "On a small table, or on a column that queries rarely filter by, a full scan is already cheap and the extra cost buys nothing.",
        },
        "questions": [
            "An index keeps the values of one column in sorted order, each with a pointer to its row.",
            "Every insert, update or delete must also change each index on the table, so writes get slower, and the index takes disk space.",
            "On a small table, or on a column that queries rarely filter by, a full scan is already cheap and the extra cost buys nothing.",
        ],
    },
    "en-plates": {
        "objectives": {
            "Describe how tectonic plates move": "Heat from the interior drives currents in the mantle, and these currents drag the plates along at a few centimetres a year, roughly as fast as fingernails grow.",
            "Explain why earthquakes cluster along plate boundaries": "Where two plates meet, their edges lock together while the rest keeps moving. Stress builds up for years until the rock suddenly slips, and the energy released travels outwards as seismic waves.",
        },
        "questions": [
            "Heat from the interior drives currents in the mantle, and these currents drag the plates along at a few centimetres a year, roughly as fast as fingernails grow.",
            "Heat from the interior drives currents in the mantle, and these currents drag the plates along at a few centimetres a year, roughly as fast as fingernails grow.",
            "Where two plates meet, their edges lock together while the rest keeps moving. Stress builds up for years until the rock suddenly slips, and the energy released travels outwards as seismic waves.",
        ],
    },
    "en-greenhouse": {
        "objectives": {
            "Explain how the greenhouse effect warms the planet": "The warm ground gives off infrared radiation, and some gases in the atmosphere absorb it and send part of it back down.",
            "Name the main greenhouse gases": "Water vapour and carbon dioxide do most of the trapping, followed by methane and nitrous oxide.",
        },
        "questions": [
            "The warm ground gives off infrared radiation, and some gases in the atmosphere absorb it and send part of it back down.",
            "Nitrogen and oxygen, which make up almost all of the air, let infrared radiation pass.",
            "This is the greenhouse effect: without it the average temperature on Earth would be about -18 °C instead of about 15 °C.",
        ],
    },
    "en-memory": {
        "objectives": {
            "Explain the difference between stack and heap memory": "When a function is called, its local variables are placed on the stack, and they disappear automatically when the function returns. Data that must outlive the call, or whose size is only known at run time, is allocated on the heap instead.",
            "Spot a memory leak": "A telltale sign is a process whose memory climbs steadily under a constant workload until it slows down or is killed.",
        },
        "questions": [
            "When a function is called, its local variables are placed on the stack, and they disappear automatically when the function returns.",
            "When a function is called, its local variables are placed on the stack, and they disappear automatically when the function returns.",
            "A telltale sign is a process whose memory climbs steadily under a constant workload until it slows down or is killed.",
        ],
    },
    "es-ecuaciones": {
        "objectives": {
            "Resolver una ecuación lineal con una incógnita": "Primero restamos 5 en los dos lados y queda 3x = 15. Después dividimos ambos lados entre 3 y obtenemos x = 5.",
            "Comprobar la solución sustituyéndola en la ecuación": "Basta con poner 5 en lugar de x en la ecuación original: 3 · 5 + 5 = 20, y como los dos lados valen lo mismo, la solución es correcta.",
        },
        "questions": [
            "Después dividimos ambos lados entre 3 y obtenemos x = 5.",
            "Lo importante es hacer siempre la misma operación a los dos lados, para que la igualdad se mantenga.",
            "Basta con poner 5 en lugar de x en la ecuación original: 3 · 5 + 5 = 20, y como los dos lados valen lo mismo, la solución es correcta.",
        ],
    },
    "fr-coeur": {
        "objectives": {
            "Décrire le trajet du sang dans le cœur": "Il passe dans le ventricule droit, qui l'envoie vers les poumons, où il se charge en oxygène. Il revient ensuite à l'oreillette gauche, puis le ventricule gauche, le plus musclé, le propulse dans l'aorte vers tout le corps.",
            "Expliquer le rôle des globules rouges": "Les hématies, qu'on appelle aussi globules rouges, sont de petites cellules sans noyau remplies d'hémoglobine. Dans les poumons, l'hémoglobine fixe l'oxygène ; dans les organes, elle le libère là où les cellules en ont besoin.",
        },
        "questions": [
            "Il passe dans le ventricule droit, qui l'envoie vers les poumons, où il se charge en oxygène.",
            "Il revient ensuite à l'oreillette gauche, puis le ventricule gauche, le plus musclé, le propulse dans l'aorte vers tout le corps.",
            "Les hématies, qu'on appelle aussi globules rouges, sont de petites cellules sans noyau remplies d'hémoglobine. Dans les poumons, l'hémoglobine fixe l'oxygène ; dans les organes, elle le libère là où les cellules en ont besoin.",
        ],
    },
    "de-stromkreis": {
        "objectives": {
            "Das ohmsche Gesetz anwenden": "Das ohmsche Gesetz verknüpft drei Größen: Die Spannung U ist gleich dem Widerstand R mal der Stromstärke I. Liegen an einem Widerstand von 100 Ohm 12 Volt an, fließen also 0,12 Ampere.",
            "Reihenschaltung und Parallelschaltung unterscheiden": "Geht eine Lampe kaputt, ist der ganze Kreis unterbrochen. Schaltet man sie dagegen nebeneinander, liegt an jeder dieselbe Spannung an, und fällt eine aus, leuchtet die andere weiter.",
        },
        "questions": [
            "Liegen an einem Widerstand von 100 Ohm 12 Volt an, fließen also 0,12 Ampere.",
            "In einer Reihenschaltung liegen zwei Lampen hintereinander: Durch beide fließt derselbe Strom, und ihre Widerstände addieren sich.",
            "Schaltet man sie dagegen nebeneinander, liegt an jeder dieselbe Spannung an, und fällt eine aus, leuchtet die andere weiter. So sind die Steckdosen im Haushalt verschaltet.",
        ],
    },
}
