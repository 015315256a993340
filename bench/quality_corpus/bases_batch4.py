# ruff: noqa: E501  (lesson text, kept as written)
"""A fourth held-out set (batch 4, written 2026-12-05 for issue 23's relative objective
evidence and committed before any check was run on it): new topics in English, Spanish, French
and German. Unlike batches 1-3, whose good lessons all teach two objectives in two sections,
these have the shapes the lesson prompt allows ("2-5 sections" for "1-6 objectives"): one
section may teach two objectives (en-binsearch, de-auftrieb: three objectives in two
sections), and one lesson teaches both objectives in one section followed by a summary
(es-ahorro). The defects (build.py, end) are objective defects. Never used for tuning."""

from __future__ import annotations

from typing import Any

from bench.quality_corpus.bases_en import q

BASES: list[dict[str, Any]] = [
    {
        "id": "en-tides",
        "language": "en",
        "split": "heldout",
        "batch": 4,
        "objectives": [
            "Explain what causes the tides",
            "Describe the difference between spring and neap tides",
        ],
        "sections": [
            (
                "The Moon's pull on the oceans",
                "The Moon pulls on the whole Earth, but it pulls hardest on the water facing it and least on the water on the far side. The oceans therefore bulge out on both sides, and as the Earth turns once a day, a coast passes through two bulges: two high waters and two low waters roughly every 24 hours and 50 minutes.",
            ),
            (
                "When Sun and Moon line up",
                "The Sun raises bulges too, about half as large as the Moon's. At new and full moon the Sun, Earth and Moon are in a line, the two effects add up and the range between high and low water is largest: these are spring tides. A week later, at half moon, the Sun pulls at a right angle to the Moon and partly cancels it, so the range is smallest: these are neap tides.",
            ),
        ],
        "quiz": [
            q(
                "Why are there two high waters a day rather than one?",
                [
                    "The oceans bulge on the side facing the Moon and on the far side",
                    "The Sun and the Moon each raise one high water per day",
                    "Winds push the water back towards the coast every evening",
                    "The Earth's crust rises and sinks twice a day under the oceans",
                ],
                0,
                "The water bulges out on both sides of the Earth, and a coast turns through both bulges each day.",
                0,
            ),
            q(
                "When do spring tides happen?",
                [
                    "Only in spring, when the days get longer",
                    "At half moon, when the Sun pulls at a right angle",
                    "At new and full moon, when Sun, Earth and Moon line up",
                    "Whenever the wind blows from the sea",
                ],
                2,
                "At new and full moon the Sun's and the Moon's effects add up and the range is largest.",
                1,
            ),
            q(
                "Why is the tidal range smallest at half moon?",
                [
                    "The Moon is at its furthest from the Earth then, so it pulls much less",
                    "The Sun pulls at a right angle to the Moon and partly cancels it",
                    "The oceans are colder at half moon",
                    "The Earth turns more slowly at half moon",
                ],
                1,
                "At half moon the Sun's pull works across the Moon's and partly cancels it: a neap tide.",
                1,
            ),
        ],
    },
    {
        "id": "en-binsearch",
        "language": "en",
        "split": "heldout",
        "batch": 4,
        # Section 1 teaches the first and the third objective; section 2 the second.
        "objectives": [
            "Explain how binary search halves the search range",
            "Estimate how many steps a binary search needs",
            "State why binary search needs sorted data",
        ],
        "sections": [
            (
                "Halving the range",
                "Binary search looks at the middle element of the part of the list that could still hold the target. If the middle is too small, the whole left half is ruled out; if it is too large, the right half is. Each comparison throws away half of the candidates. This only works when the list is in order: in an unsorted list a small middle value says nothing about where the target is, so nothing can be ruled out.",
            ),
            (
                "How fast it is",
                "Because every step halves the candidates, a list of 1,000 items is down to one candidate after about 10 comparisons, and a list of a million after about 20. In general the number of steps is roughly the base-2 logarithm of the length. A linear scan of the same million items may need a million comparisons.",
            ),
        ],
        "quiz": [
            q(
                "The middle element is smaller than the target. What does binary search do next?",
                [
                    "It searches the right half",
                    "It searches the left half",
                    "It starts again at the first item",
                    "It stops: the target is missing",
                ],
                0,
                "A middle element that is too small rules out the whole left half, so the right half is searched.",
                0,
            ),
            q(
                "Why does binary search fail on an unsorted list?",
                [
                    "Unsorted lists are too long to halve",
                    "A small middle value no longer tells which half holds the target",
                    "It compares every element twice",
                    "It needs the list to have an even length",
                ],
                1,
                "Without order, the middle value rules nothing out, so halving the range is not safe.",
                0,
            ),
            q(
                "About how many comparisons does binary search need for a million sorted items?",
                ["About 1,000", "About 500,000", "About 20", "About 2"],
                2,
                "Each step halves the candidates, and 2 to the 20th power is about a million.",
                1,
            ),
        ],
    },
    {
        "id": "es-volcanes",
        "language": "es",
        "split": "heldout",
        "batch": 4,
        "objectives": [
            "Explicar por qué entra en erupción un volcán",
            "Distinguir las erupciones explosivas de las efusivas",
        ],
        "sections": [
            (
                "Del magma a la superficie",
                "Bajo un volcán hay una cámara llena de roca fundida, el magma, que es menos densa que la roca que la rodea y por eso tiende a subir. El magma lleva gases disueltos, sobre todo vapor de agua y dióxido de carbono. Cuando sube y la presión baja, esos gases forman burbujas, el magma empuja con fuerza hacia arriba y acaba saliendo por una grieta o por el cráter.",
            ),
            (
                "Dos maneras de salir",
                "Si el magma es fluido y pobre en sílice, los gases escapan con facilidad y la lava sale en ríos tranquilos, como en Hawái. Si es espeso y rico en sílice, los gases quedan atrapados hasta que la presión rompe el tapón de roca: el volcán lanza ceniza y fragmentos a kilómetros de altura, como ocurrió en el Vesubio. Por eso los volcanes de lava espesa son los más peligrosos.",
            ),
        ],
        "quiz": [
            q(
                "¿Por qué sube el magma hacia la superficie?",
                [
                    "Porque es más frío que la roca que lo rodea",
                    "Porque es menos denso que la roca que lo rodea",
                    "Porque lo empujan las mareas",
                    "Porque el cráter lo aspira",
                ],
                1,
                "El magma es menos denso que la roca de alrededor, así que tiende a subir.",
                0,
            ),
            q(
                "¿Qué pasa con los gases disueltos cuando el magma sube?",
                [
                    "Se convierten en lava sólida",
                    "Desaparecen sin efecto",
                    "Enfrían la cámara de magma",
                    "Forman burbujas al bajar la presión",
                ],
                3,
                "Al bajar la presión los gases forman burbujas y el magma empuja hacia arriba.",
                0,
            ),
            q(
                "¿Qué magma produce las erupciones más violentas?",
                [
                    "Un magma espeso y rico en sílice",
                    "Un magma fluido y pobre en sílice",
                    "Un magma sin gases disueltos",
                    "Un magma que sale por muchas grietas",
                ],
                0,
                "En el magma espeso los gases quedan atrapados hasta que la presión rompe el tapón de roca.",
                1,
            ),
        ],
    },
    {
        "id": "fr-pythagore",
        "language": "fr",
        "split": "heldout",
        "batch": 4,
        "objectives": [
            "Énoncer le théorème de Pythagore",
            "Calculer la longueur d'un côté d'un triangle rectangle",
        ],
        "sections": [
            (
                "Le théorème",
                "Dans un triangle rectangle, le côté opposé à l'angle droit s'appelle l'hypoténuse ; c'est le plus long des trois. Le carré de sa longueur est égal à la somme des carrés des deux autres côtés. Avec des côtés a et b et une hypoténuse c, on écrit a² + b² = c².",
            ),
            (
                "Trouver le côté qui manque",
                "Si les deux côtés de l'angle droit mesurent 3 cm et 4 cm, on calcule 9 + 16 = 25, puis la racine carrée de 25 : l'hypoténuse mesure 5 cm. Si l'on connaît l'hypoténuse, on soustrait au lieu d'additionner : avec une hypoténuse de 13 cm et un côté de 5 cm, l'autre côté vaut la racine de 169 - 25 = 144, soit 12 cm.",
            ),
        ],
        "quiz": [
            q(
                "Quel côté d'un triangle rectangle est l'hypoténuse ?",
                [
                    "Le côté le plus court",
                    "Le côté opposé à l'angle droit",
                    "N'importe quel côté de l'angle droit",
                    "Le côté horizontal",
                ],
                1,
                "L'hypoténuse est le côté opposé à l'angle droit, le plus long des trois.",
                0,
            ),
            q(
                "Les côtés de l'angle droit mesurent 3 cm et 4 cm. Combien mesure l'hypoténuse ?",
                ["7 cm", "12 cm", "25 cm", "5 cm"],
                3,
                "9 + 16 = 25, et la racine carrée de 25 est 5 : l'hypoténuse mesure 5 cm.",
                1,
            ),
            q(
                "L'hypoténuse mesure 13 cm et un côté 5 cm. Combien mesure l'autre côté ?",
                ["12 cm", "8 cm", "18 cm", "14 cm"],
                0,
                "On soustrait : 169 - 25 = 144, et la racine de 144 est 12.",
                1,
            ),
        ],
    },
    {
        "id": "de-auftrieb",
        "language": "de",
        "split": "heldout",
        "batch": 4,
        # Abschnitt 1 lehrt das erste und das dritte Lernziel, Abschnitt 2 das zweite.
        "objectives": [
            "Erklären, woher der Auftrieb im Wasser kommt",
            "Vorhersagen, ob ein Körper schwimmt oder sinkt",
            "Das archimedische Prinzip nennen",
        ],
        "sections": [
            (
                "Druck von unten",
                "Der Wasserdruck nimmt mit der Tiefe zu. Auf die Unterseite eines eingetauchten Körpers drückt das Wasser deshalb stärker als auf seine Oberseite, und der Unterschied schiebt den Körper nach oben. Archimedes fand heraus, wie groß diese Kraft ist: Sie ist genau so groß wie das Gewicht des Wassers, das der Körper verdrängt.",
            ),
            (
                "Schwimmen oder untergehen",
                "Ob ein Gegenstand oben bleibt, entscheidet seine mittlere Dichte. Ist sie kleiner als die von Wasser, verdrängt er schon mit einem Teil seines Volumens so viel Wasser, wie er wiegt, und treibt an der Oberfläche. Ist sie größer, reicht selbst das ganze Volumen nicht aus, und er geht unter. Deshalb schwimmt ein Stahlschiff: Mit der Luft im Rumpf ist es im Mittel leichter als Wasser.",
            ),
        ],
        "quiz": [
            q(
                "Warum drückt das Wasser einen eingetauchten Körper nach oben?",
                [
                    "Weil Wasser leichter als Luft ist",
                    "Weil der Körper Luft ansaugt",
                    "Weil der Druck unten größer ist als oben",
                    "Weil die Strömung im Wasser ihn ständig von unten anhebt",
                ],
                2,
                "Der Wasserdruck nimmt mit der Tiefe zu, also drückt das Wasser unten stärker als oben.",
                0,
            ),
            q(
                "Wie groß ist die Auftriebskraft nach Archimedes?",
                [
                    "So groß wie das Gewicht des verdrängten Wassers",
                    "So groß wie das Gewicht des Körpers",
                    "Halb so groß wie das Gewicht des Körpers",
                    "So groß wie der Luftdruck an der Oberfläche",
                ],
                0,
                "Die Kraft ist genau so groß wie das Gewicht des Wassers, das der Körper verdrängt.",
                0,
            ),
            q(
                "Warum schwimmt ein Schiff aus Stahl?",
                [
                    "Weil Stahl leichter als Wasser ist",
                    "Weil seine mittlere Dichte mit der Luft im Rumpf kleiner ist als die von Wasser",
                    "Weil der Motor es oben hält",
                    "Weil Salzwasser jeden Stahl trägt",
                ],
                1,
                "Mit der Luft im Rumpf ist das Schiff im Mittel leichter als Wasser und treibt oben.",
                1,
            ),
        ],
    },
    {
        "id": "es-ahorro",
        "language": "es",
        "split": "heldout",
        "batch": 4,
        # Una sola sección enseña los dos objetivos; la segunda es un resumen.
        "objectives": [
            "Crear un presupuesto mensual",
            "Explicar por qué conviene un fondo de emergencia",
        ],
        "sections": [
            (
                "Un plan para el dinero de cada mes",
                "Un presupuesto empieza por anotar lo que entra cada mes, por ejemplo un sueldo de 1.500 euros. Después se restan los gastos fijos, como el alquiler y las facturas, y se reserva una cantidad para comida y transporte. Lo que sobra se reparte antes de gastarlo: una parte para el ahorro y otra para el ocio. Una parte del ahorro debe ir a una reserva para imprevistos, como una avería del coche o unos meses sin trabajo. Con unos tres a seis meses de gastos guardados, un imprevisto no obliga a pedir un préstamo caro.",
            ),
            (
                "Resumen",
                "Primero se anotan los ingresos, luego los gastos fijos y variables, y lo que queda se reparte. Una reserva de varios meses de gastos protege frente a los imprevistos.",
            ),
        ],
        "quiz": [
            q(
                "¿Qué se anota primero al hacer un presupuesto?",
                [
                    "Los gastos de ocio",
                    "Lo que entra cada mes",
                    "Las deudas de otros",
                    "El precio del coche que se quiere comprar",
                ],
                1,
                "Un presupuesto empieza por anotar los ingresos del mes, como el sueldo.",
                0,
            ),
            q(
                "¿Para qué sirve una reserva para imprevistos?",
                [
                    "Para pagar el ocio de cada semana",
                    "Para cobrar más intereses que en el banco",
                    "Para no tener que pedir un préstamo caro ante una avería",
                    "Para pagar el alquiler por adelantado",
                ],
                2,
                "Con varios meses de gastos guardados, un imprevisto no obliga a pedir un préstamo caro.",
                0,
            ),
            q(
                "¿Cuánto conviene tener guardado para imprevistos?",
                [
                    "Entre tres y seis meses de gastos",
                    "Una semana de sueldo",
                    "Todo el sueldo de un año",
                    "Nada, basta con una tarjeta",
                ],
                0,
                "La lección recomienda unos tres a seis meses de gastos guardados.",
                0,
            ),
        ],
    },
]
