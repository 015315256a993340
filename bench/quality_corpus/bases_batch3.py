# ruff: noqa: E501  (lesson text, kept as written)
"""A third held-out set (batch 3, written 2026-12-05 before the phrase-level objective check
existed and committed before any check was run on it): new topics in English, Spanish, French
and German. The good lessons name their subject the way models do but paraphrase the
objectives' wording; the defects (build.py, end) lean on the objective classes, where the checks
were weakest. Never used for tuning."""

from __future__ import annotations

from typing import Any

from bench.quality_corpus.bases_en import q

BASES: list[dict[str, Any]] = [
    {
        "id": "en-indexes",
        "language": "en",
        "split": "heldout",
        "batch": 3,
        "objectives": [
            "Explain how a database index speeds up lookups",
            "Decide when an index is not worth adding",
        ],
        "sections": [
            (
                "Finding rows without reading them all",
                "Without help, the database has to read every row of a table to find the ones that match a condition. An index keeps the values of one column in sorted order, each with a pointer to its row. The database can then jump straight to the matching entries, much as you would use the index at the back of a book, and a query that took seconds can finish in milliseconds.",
            ),
            (
                "The price of an index",
                "An index is not free. Every insert, update or delete must also change each index on the table, so writes get slower, and the index takes disk space. On a small table, or on a column that queries rarely filter by, a full scan is already cheap and the extra cost buys nothing. Add an index when a frequent, slow query filters or joins on that column.",
            ),
        ],
        "quiz": [
            q(
                "Why can a query with an index skip most of the table?",
                [
                    "The index compresses every row",
                    "The index lists values in sorted order with pointers to their rows",
                    "The index caches the last query",
                    "The index deletes unused rows",
                ],
                1,
                "Sorted values with pointers let the database jump to the matching entries instead of reading every row.",
                0,
            ),
            q(
                "What does every extra index cost?",
                [
                    "Nothing once created",
                    "Slower reads",
                    "Slower writes and more disk space",
                    "A locked table",
                ],
                2,
                "Each write must also change every index, and each index takes disk space.",
                1,
            ),
            q(
                "When is an index least useful?",
                [
                    "On a small table that is cheap to scan",
                    "On a column a slow, frequent query filters by",
                    "On a column used in joins",
                    "On a large table",
                ],
                0,
                "On a small table a full scan is already cheap, so the index buys nothing.",
                1,
            ),
        ],
    },
    {
        "id": "en-plates",
        "language": "en",
        "split": "heldout",
        "batch": 3,
        "objectives": [
            "Describe how tectonic plates move",
            "Explain why earthquakes cluster along plate boundaries",
        ],
        "sections": [
            (
                "Moving plates",
                "The Earth's outer shell is broken into about a dozen large tectonic plates that ride on the hot, slowly flowing mantle beneath them. Heat from the interior drives currents in the mantle, and these currents drag the plates along at a few centimetres a year, roughly as fast as fingernails grow. Some plates pull apart, some collide and some slide past each other.",
            ),
            (
                "Where the ground shakes",
                "Where two plates meet, their edges lock together while the rest keeps moving. Stress builds up for years until the rock suddenly slips, and the energy released travels outwards as seismic waves. That is why maps of earthquakes trace the edges of the plates, for example the ring of quakes around the Pacific, while the middle of a plate is usually quiet.",
            ),
        ],
        "quiz": [
            q(
                "What moves the tectonic plates?",
                [
                    "The pull of the Moon on the solid rock",
                    "Currents in the mantle driven by the Earth's internal heat",
                    "Ocean tides",
                    "Wind erosion",
                ],
                1,
                "Heat from the interior drives mantle currents that drag the plates along.",
                0,
            ),
            q(
                "About how fast do plates move?",
                [
                    "A few centimetres a year",
                    "Several metres every single day",
                    "A kilometre a year",
                    "They do not move",
                ],
                0,
                "Plates move a few centimetres a year, about as fast as fingernails grow.",
                0,
            ),
            q(
                "Why do most earthquakes happen where two plates meet?",
                [
                    "The rock there is softer",
                    "Locked edges store stress until the rock suddenly slips",
                    "The mantle is colder there",
                    "Volcanoes push the ground up and down all along the coast",
                ],
                1,
                "Stress builds up where the edges lock, and is released when the rock slips.",
                1,
            ),
        ],
    },
    {
        "id": "en-greenhouse",
        "language": "en",
        "split": "heldout",
        "batch": 3,
        "objectives": [
            "Explain how the greenhouse effect warms the planet",
            "Name the main greenhouse gases",
        ],
        "sections": [
            (
                "Trapping heat",
                "Sunlight passes through the air and warms the ground. The warm ground gives off infrared radiation, and some gases in the atmosphere absorb it and send part of it back down. This is the greenhouse effect: without it the average temperature on Earth would be about -18 °C instead of about 15 °C.",
            ),
            (
                "Which gases do it",
                "Water vapour and carbon dioxide do most of the trapping, followed by methane and nitrous oxide. Nitrogen and oxygen, which make up almost all of the air, let infrared radiation pass. Burning coal, oil and gas adds carbon dioxide, which is why the effect has grown since the industrial revolution.",
            ),
        ],
        "quiz": [
            q(
                "What do greenhouse gases absorb?",
                [
                    "Visible sunlight only",
                    "Infrared radiation given off by the ground",
                    "Sound waves",
                    "Cosmic rays",
                ],
                1,
                "The warm ground gives off infrared radiation, which these gases absorb.",
                0,
            ),
            q(
                "Which gas makes up most of the air but traps little heat?",
                ["Carbon dioxide", "Methane", "Water vapour", "Nitrogen"],
                3,
                "Nitrogen and oxygen, almost all of the air, let infrared radiation pass.",
                1,
            ),
            q(
                "About what would Earth's average temperature be without the effect?",
                ["-18 °C", "15 °C", "0 °C", "100 °C"],
                0,
                "Without it the average would be about -18 °C instead of about 15 °C.",
                0,
            ),
        ],
    },
    {
        "id": "en-memory",
        "language": "en",
        "split": "heldout",
        "batch": 3,
        "objectives": [
            "Explain the difference between stack and heap memory",
            "Spot a memory leak",
        ],
        "sections": [
            (
                "Two places for data",
                "When a function is called, its local variables are placed on the stack, and they disappear automatically when the function returns. Data that must outlive the call, or whose size is only known at run time, is allocated on the heap instead. The stack is fast but small; the heap is larger but has to be managed.",
            ),
            (
                "Memory that is never given back",
                "If a program keeps allocating objects on the heap and never frees them, or keeps references to objects it no longer needs, its memory use grows for as long as it runs. This is a leak. A telltale sign is a process whose memory climbs steadily under a constant workload until it slows down or is killed.",
            ),
        ],
        "quiz": [
            q(
                "Where are a function's local variables stored?",
                ["On the heap", "On the stack", "On the disk", "In the CPU cache only"],
                1,
                "Local variables are placed on the stack and disappear when the function returns.",
                0,
            ),
            q(
                "What happens to stack data when its function returns?",
                [
                    "It is removed automatically",
                    "It moves to the heap",
                    "It must be freed by hand",
                    "It stays until the program ends",
                ],
                0,
                "Stack data disappears automatically when the function returns.",
                0,
            ),
            q(
                "Which sign suggests a memory leak?",
                [
                    "High CPU use for a second",
                    "Memory that climbs steadily under a constant workload",
                    "A crash on start-up",
                    "A slow network",
                ],
                1,
                "With a leak, memory use grows for as long as the program runs.",
                1,
            ),
        ],
    },
    {
        "id": "es-ecuaciones",
        "language": "es",
        "split": "heldout",
        "batch": 3,
        "objectives": [
            "Resolver una ecuación lineal con una incógnita",
            "Comprobar la solución sustituyéndola en la ecuación",
        ],
        "sections": [
            (
                "Despejar la incógnita",
                "Para resolver 3x + 5 = 20 buscamos el valor de x que hace cierta la igualdad. Primero restamos 5 en los dos lados y queda 3x = 15. Después dividimos ambos lados entre 3 y obtenemos x = 5. Lo importante es hacer siempre la misma operación a los dos lados, para que la igualdad se mantenga.",
            ),
            (
                "Verificar el resultado",
                "Un resultado solo es seguro cuando lo hemos verificado. Basta con poner 5 en lugar de x en la ecuación original: 3 · 5 + 5 = 20, y como los dos lados valen lo mismo, la solución es correcta. Si los lados no coinciden, hubo un error en algún paso y conviene repasarlo.",
            ),
        ],
        "quiz": [
            q(
                "¿Cuál es la solución de 3x + 5 = 20?",
                ["x = 15", "x = 5", "x = 25/3", "x = 3"],
                1,
                "Restando 5 queda 3x = 15, y dividiendo entre 3, x = 5.",
                0,
            ),
            q(
                "¿Qué regla hay que seguir al despejar?",
                [
                    "Hacer la misma operación a los dos lados",
                    "Cambiar el signo de todos los números",
                    "Multiplicar solo el lado izquierdo",
                    "Sumar siempre 5",
                ],
                0,
                "La igualdad se mantiene si se hace la misma operación a los dos lados.",
                0,
            ),
            q(
                "¿Cómo se comprueba que x = 5 es la solución?",
                [
                    "Se vuelve a despejar x",
                    "Se divide entre 3",
                    "Se pone 5 en lugar de x y se comparan los dos lados",
                    "Se suma 5 a cada lado",
                ],
                2,
                "Al poner 5 en lugar de x, 3 · 5 + 5 = 20: los dos lados valen lo mismo.",
                1,
            ),
        ],
    },
    {
        "id": "fr-coeur",
        "language": "fr",
        "split": "heldout",
        "batch": 3,
        "objectives": [
            "Décrire le trajet du sang dans le cœur",
            "Expliquer le rôle des globules rouges",
        ],
        "sections": [
            (
                "Le parcours du sang",
                "Le cœur est une double pompe. Le sang pauvre en oxygène revient du corps par les veines caves et entre dans l'oreillette droite. Il passe dans le ventricule droit, qui l'envoie vers les poumons, où il se charge en oxygène. Il revient ensuite à l'oreillette gauche, puis le ventricule gauche, le plus musclé, le propulse dans l'aorte vers tout le corps.",
            ),
            (
                "Les transporteurs d'oxygène",
                "Les hématies, qu'on appelle aussi globules rouges, sont de petites cellules sans noyau remplies d'hémoglobine. Dans les poumons, l'hémoglobine fixe l'oxygène ; dans les organes, elle le libère là où les cellules en ont besoin. Sur le chemin du retour, les hématies emportent aussi une partie du dioxyde de carbone.",
            ),
        ],
        "quiz": [
            q(
                "Où le sang se charge-t-il en oxygène ?",
                ["Dans le foie", "Dans les poumons", "Dans l'oreillette droite", "Dans l'aorte"],
                1,
                "Le ventricule droit envoie le sang vers les poumons, où il se charge en oxygène.",
                0,
            ),
            q(
                "Quelle cavité propulse le sang dans l'aorte ?",
                [
                    "Le ventricule gauche",
                    "L'oreillette droite",
                    "Le ventricule droit",
                    "L'oreillette gauche",
                ],
                0,
                "Le ventricule gauche, le plus musclé, propulse le sang dans l'aorte.",
                0,
            ),
            q(
                "Quelle molécule des globules rouges fixe l'oxygène ?",
                ["Le glucose", "L'insuline", "L'hémoglobine", "Le collagène"],
                2,
                "Dans les poumons, l'hémoglobine fixe l'oxygène.",
                1,
            ),
        ],
    },
    {
        "id": "de-stromkreis",
        "language": "de",
        "split": "heldout",
        "batch": 3,
        "objectives": [
            "Das ohmsche Gesetz anwenden",
            "Reihenschaltung und Parallelschaltung unterscheiden",
        ],
        "sections": [
            (
                "Spannung, Strom und Widerstand",
                "Das ohmsche Gesetz verknüpft drei Größen: Die Spannung U ist gleich dem Widerstand R mal der Stromstärke I. Liegen an einem Widerstand von 100 Ohm 12 Volt an, fließen also 0,12 Ampere. Kennt man zwei der drei Größen, lässt sich die dritte ausrechnen.",
            ),
            (
                "Reihen- und Parallelschaltung",
                "In einer Reihenschaltung liegen zwei Lampen hintereinander: Durch beide fließt derselbe Strom, und ihre Widerstände addieren sich. Geht eine Lampe kaputt, ist der ganze Kreis unterbrochen. Schaltet man sie dagegen nebeneinander, liegt an jeder dieselbe Spannung an, und fällt eine aus, leuchtet die andere weiter. So sind die Steckdosen im Haushalt verschaltet.",
            ),
        ],
        "quiz": [
            q(
                "Welcher Strom fließt bei 12 Volt durch 100 Ohm?",
                ["1,2 Ampere", "0,12 Ampere", "12 Ampere", "1200 Ampere"],
                1,
                "I = U / R = 12 V / 100 Ohm = 0,12 A.",
                0,
            ),
            q(
                "Was gilt in einer Reihenschaltung?",
                [
                    "An jeder Lampe liegt dieselbe Spannung",
                    "Durch alle Lampen fließt derselbe Strom",
                    "Die Widerstände heben sich auf",
                    "Jede Lampe hat ihren eigenen Kreis",
                ],
                1,
                "Hintereinander geschaltet fließt durch beide Lampen derselbe Strom.",
                1,
            ),
            q(
                "Warum sind Steckdosen nebeneinander geschaltet?",
                [
                    "Damit ein defektes Gerät die anderen nicht abschaltet",
                    "Damit der Strom schneller fließt",
                    "Weil es billiger ist",
                    "Damit sich die Spannung teilt",
                ],
                0,
                "Fällt ein Gerät aus, arbeiten die anderen weiter, weil an jedem dieselbe Spannung anliegt.",
                1,
            ),
        ],
    },
]
