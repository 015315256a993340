# ruff: noqa: E501  (lesson text, kept as written)
"""A second held-out set, written after the checks were tuned and committed before they were
run on it: new topics in English, German and Spanish. Never used for tuning."""

from __future__ import annotations

from typing import Any

from bench.quality_corpus.bases_en import q

BASES: list[dict[str, Any]] = [
    {
        "id": "en-dns",
        "language": "en",
        "split": "heldout",
        "objectives": ["Explain how DNS resolves a domain name", "Describe what a TTL controls"],
        "sections": [
            (
                "Resolving a name",
                "When a browser needs the address of example.com, it asks a resolver. The resolver asks a root server, then the server for .com, then the server that holds example.com, and gets back an IP address. This chain of questions turns a readable name into a number a computer can connect to.",
            ),
            (
                "Time to live",
                "Every DNS answer carries a TTL, the number of seconds it may be cached. Until the TTL runs out, resolvers answer from their cache without asking again. A short TTL lets changes spread quickly; a long one saves lookups.",
            ),
        ],
        "quiz": [
            q(
                "What does DNS return for a domain name?",
                ["An IP address", "A web page", "A password", "A certificate"],
                0,
                "The resolver ends the chain with the IP address of the name.",
                0,
            ),
            q(
                "Which server does a resolver ask first?",
                ["The server for .com", "A root server", "The browser", "The web server"],
                1,
                "The chain starts at a root server, then goes to .com.",
                0,
            ),
            q(
                "What happens while a TTL has not run out?",
                [
                    "Resolvers answer from their cache",
                    "The domain is offline",
                    "Every lookup goes to the root",
                    "The address changes",
                ],
                0,
                "Until the TTL runs out the cached answer is used.",
                1,
            ),
        ],
    },
    {
        "id": "en-recursion",
        "language": "en",
        "split": "heldout",
        "objectives": [
            "Write a recursive function with a base case",
            "Trace the calls of factorial(3)",
        ],
        "sections": [
            (
                "Base case and recursive case",
                "A recursive function calls itself on a smaller input. It needs a base case that returns without calling itself, or it never stops. For factorial, the base case is factorial(0) = 1 and the recursive case is n · factorial(n - 1).",
            ),
            (
                "Tracing factorial(3)",
                "factorial(3) calls factorial(2), which calls factorial(1), which calls factorial(0). The base case returns 1, and the results multiply on the way back: 1 · 1 · 2 · 3 = 6. Each call waits for the one below it.",
            ),
        ],
        "quiz": [
            q(
                "What happens to a recursive function without a base case?",
                [
                    "It returns 0",
                    "It never stops calling itself",
                    "It runs once",
                    "It becomes faster",
                ],
                1,
                "Without a base case nothing ends the chain of calls.",
                0,
            ),
            q(
                "What is factorial(3)?",
                ["3", "9", "6", "1"],
                2,
                "The results multiply on the way back: 1 · 1 · 2 · 3 = 6.",
                1,
            ),
            q(
                "Which call returns without calling itself?",
                ["factorial(3)", "factorial(0)", "factorial(2)", "factorial(1)"],
                1,
                "factorial(0) is the base case and returns 1.",
                1,
            ),
        ],
    },
    {
        "id": "en-supply",
        "language": "en",
        "split": "heldout",
        "objectives": ["Explain how a price rise affects demand", "Find the equilibrium price"],
        "sections": [
            (
                "Demand falls as prices rise",
                "When the price of a good goes up, buyers want less of it: some switch to substitutes and some go without. Economists call this the law of demand. A demand curve therefore slopes downward.",
            ),
            (
                "Where supply meets demand",
                "Sellers offer more of a good at higher prices, so the supply curve slopes upward. The equilibrium price is where the two curves cross: the amount buyers want equals the amount sellers offer. Above it there is a surplus, below it a shortage.",
            ),
        ],
        "quiz": [
            q(
                "What happens to the quantity demanded when the price rises?",
                ["It rises", "It falls", "It stays the same", "It doubles"],
                1,
                "By the law of demand, buyers want less at a higher price.",
                0,
            ),
            q(
                "What is the equilibrium price?",
                [
                    "Where supply and demand curves cross",
                    "The highest price",
                    "The cost of production",
                    "The price last year",
                ],
                0,
                "At the crossing point the amount wanted equals the amount offered.",
                1,
            ),
            q(
                "What is there at a price above equilibrium?",
                ["A shortage", "A surplus", "No trade", "Inflation"],
                1,
                "Above equilibrium sellers offer more than buyers want: a surplus.",
                1,
            ),
        ],
    },
    {
        "id": "en-fractions",
        "language": "en",
        "split": "heldout",
        "objectives": ["Add fractions with different denominators", "Simplify a fraction"],
        "sections": [
            (
                "A common denominator",
                "To add 1/3 and 1/4, rewrite both with the common denominator 12: 4/12 + 3/12 = 7/12. Only the numerators are added; the denominator stays 12. Adding the denominators too is the classic mistake.",
            ),
            (
                "Simplifying",
                "A fraction is simplified by dividing its numerator and denominator by their greatest common divisor. 6/8 becomes 3/4 because both 6 and 8 divide by 2. The value does not change, only the way it is written.",
            ),
        ],
        "quiz": [
            q(
                "What is 1/3 + 1/4?",
                ["2/7", "7/12", "1/12", "5/12"],
                1,
                "With the common denominator 12: 4/12 + 3/12 = 7/12; 2/7 adds the denominators.",
                0,
            ),
            q(
                "What is 6/8 simplified?",
                ["3/4", "2/3", "6/8 cannot be simplified", "1/2"],
                0,
                "Both 6 and 8 divide by 2, giving 3/4.",
                1,
            ),
            q(
                "Does simplifying change the value of a fraction?",
                [
                    "Yes, it gets smaller",
                    "No, only how it is written",
                    "Yes, it gets larger",
                    "Only for odd numbers",
                ],
                1,
                "The value does not change, only the way it is written.",
                1,
            ),
        ],
    },
    {
        "id": "de-zinsen",
        "language": "de",
        "split": "heldout",
        "objectives": ["Zinseszinsen berechnen", "Einfache Zinsen und Zinseszinsen vergleichen"],
        "sections": [
            (
                "Zinsen auf Zinsen",
                "Beim Zinseszins werden die Zinsen jedes Jahres dem Guthaben zugeschlagen und im nächsten Jahr mitverzinst. Nach zwei Jahren zu 10 % werden aus 100 Euro also 121 Euro. Allgemein wächst ein Betrag K in n Jahren auf K · (1 + p)^n.",
            ),
            (
                "Einfach oder mit Zinseszins",
                "Einfache Zinsen werden immer nur auf den ursprünglichen Betrag berechnet. Zu 10 % werden aus 100 Euro nach zwei Jahren 120 Euro, einen Euro weniger als mit Zinseszins. Über lange Zeiträume wird der Unterschied sehr groß.",
            ),
        ],
        "quiz": [
            q(
                "Was werden 100 Euro nach zwei Jahren zu 10 % mit Zinseszins?",
                ["120 Euro", "110 Euro", "121 Euro", "200 Euro"],
                2,
                "100 · 1,1 · 1,1 = 121 Euro.",
                0,
            ),
            q(
                "Worauf werden einfache Zinsen berechnet?",
                [
                    "Auf den ursprünglichen Betrag",
                    "Auf die Zinsen des Vorjahres",
                    "Auf die Inflation",
                    "Auf nichts",
                ],
                0,
                "Einfache Zinsen gelten immer nur für den ursprünglichen Betrag.",
                1,
            ),
            q(
                "Was werden 100 Euro nach zwei Jahren zu 10 % mit einfachen Zinsen?",
                ["121 Euro", "120 Euro", "102 Euro", "111 Euro"],
                1,
                "Jedes Jahr kommen 10 Euro hinzu: 120 Euro.",
                1,
            ),
        ],
    },
    {
        "id": "de-dns",
        "language": "de",
        "split": "heldout",
        "objectives": ["Erklären, wie DNS einen Namen auflöst", "Die Wirkung der TTL beschreiben"],
        "sections": [
            (
                "Namensauflösung",
                "Braucht der Browser die Adresse von example.com, fragt er einen Resolver. Der Resolver fragt einen Root-Server, dann den Server für .com und schließlich den Server, der example.com verwaltet, und erhält eine IP-Adresse. So wird ein lesbarer Name in eine Adresse übersetzt.",
            ),
            (
                "Die TTL",
                "Jede DNS-Antwort trägt eine TTL, die Anzahl Sekunden, die sie zwischengespeichert werden darf. Solange die TTL läuft, antworten Resolver aus ihrem Cache. Eine kurze TTL verbreitet Änderungen schnell, eine lange spart Anfragen.",
            ),
        ],
        "quiz": [
            q(
                "Was liefert DNS für einen Namen?",
                ["Eine Webseite", "Eine IP-Adresse", "Ein Passwort", "Ein Zertifikat"],
                1,
                "Am Ende der Kette erhält der Resolver die IP-Adresse.",
                0,
            ),
            q(
                "Wen fragt der Resolver zuerst?",
                ["Einen Root-Server", "Den Browser", "Den Webserver", "Den Server für .com"],
                0,
                "Die Kette beginnt bei einem Root-Server.",
                0,
            ),
            q(
                "Was bewirkt eine kurze TTL?",
                [
                    "Änderungen verbreiten sich schnell",
                    "Es gibt keine Antworten",
                    "Der Cache wird größer",
                    "Die Adresse ist geheim",
                ],
                0,
                "Mit kurzer TTL verbreiten sich Änderungen schnell.",
                1,
            ),
        ],
    },
    {
        "id": "es-fotosintesis",
        "language": "es",
        "split": "heldout",
        "objectives": [
            "Describir qué necesita la fotosíntesis",
            "Explicar qué produce la fotosíntesis",
        ],
        "sections": [
            (
                "Lo que necesita",
                "La fotosíntesis necesita dióxido de carbono, agua y luz. Las plantas toman el agua por las raíces y el dióxido de carbono por las hojas. La clorofila capta la energía de la luz.",
            ),
            (
                "Lo que produce",
                "Con esa energía la planta produce glucosa, que le sirve de alimento. Además libera oxígeno al aire. Por eso los bosques son importantes para el oxígeno que respiramos.",
            ),
        ],
        "quiz": [
            q(
                "¿Qué gas libera la fotosíntesis?",
                ["Dióxido de carbono", "Oxígeno", "Nitrógeno", "Metano"],
                1,
                "La planta libera oxígeno al aire.",
                1,
            ),
            q(
                "¿Por dónde toma la planta el agua?",
                ["Por las hojas", "Por las raíces", "Por las flores", "Por el aire"],
                1,
                "Las plantas toman el agua por las raíces.",
                0,
            ),
            q(
                "¿Qué capta la energía de la luz?",
                ["La clorofila", "La glucosa", "El agua", "El oxígeno"],
                0,
                "La clorofila capta la energía de la luz.",
                0,
            ),
        ],
    },
    # --- added with issue 23's objective-term checks, written before they were run on them
    {
        "id": "en-vaccines",
        "language": "en",
        "split": "heldout",
        "batch": 2,
        "objectives": [
            "Explain how a vaccine trains the immune system",
            "Describe why booster doses are given",
        ],
        "sections": [
            (
                "Training the body's defences",
                "A vaccine shows the immune system a harmless piece or a weakened form of a germ. The body responds by making antibodies and memory cells that recognise it. If the real germ arrives later, those memory cells react within days instead of weeks.",
            ),
            (
                "Why a second dose",
                "Protection from some vaccines fades as the number of antibodies falls over the years. A booster dose shows the immune system the same signal again, so it makes fresh antibodies and more memory cells. That is why tetanus shots are repeated about every ten years.",
            ),
        ],
        "quiz": [
            q(
                "What does a vaccine show the immune system?",
                [
                    "A harmless piece or weakened form of a germ",
                    "A full-strength infection",
                    "An antibiotic",
                    "A vitamin",
                ],
                0,
                "Vaccines use a harmless piece or a weakened germ, never a full-strength infection.",
                0,
            ),
            q(
                "Why do memory cells matter when the real germ arrives?",
                [
                    "They slow the blood flow to every infected part of the body",
                    "They react within days instead of weeks",
                    "They destroy the vaccine",
                    "They lower body temperature",
                ],
                1,
                "Memory cells recognise the germ and react within days instead of weeks.",
                0,
            ),
            q(
                "Why is a tetanus booster given about every ten years?",
                [
                    "The vaccine expires in the fridge",
                    "Antibody levels fall over the years",
                    "Germs become harmless",
                    "The first dose was wrong",
                ],
                1,
                "Protection fades as antibodies fall, so a booster renews it.",
                1,
            ),
        ],
    },
    {
        "id": "de-hebel",
        "language": "de",
        "split": "heldout",
        "batch": 2,
        "objectives": [
            "Das Hebelgesetz anwenden",
            "Erklären, warum ein langer Hebelarm Kraft spart",
        ],
        "sections": [
            (
                "Das Hebelgesetz",
                "Ein Hebel ist im Gleichgewicht, wenn Kraft mal Kraftarm gleich Last mal Lastarm ist. Hängt eine Last von 200 Newton an einem Lastarm von 0,5 Metern, braucht man bei einem Kraftarm von 2 Metern nur 50 Newton. Man setzt die bekannten Werte ein und löst nach der gesuchten Größe auf.",
            ),
            (
                "Lange Arme sparen Kraft",
                "Je länger der Kraftarm, desto kleiner ist die nötige Kraft. Dafür muss man das Ende des Hebels einen längeren Weg bewegen. Deshalb lässt sich eine Schraube mit einem langen Schraubenschlüssel leichter lösen.",
            ),
        ],
        "quiz": [
            q(
                "Wann ist ein Hebel im Gleichgewicht?",
                [
                    "Wenn Kraft mal Kraftarm gleich Last mal Lastarm ist",
                    "Wenn beide Arme gleich lang sind",
                    "Wenn die Last null ist",
                    "Wenn die Kraft größer als die Last ist",
                ],
                0,
                "Das Hebelgesetz verlangt Kraft mal Kraftarm gleich Last mal Lastarm.",
                0,
            ),
            q(
                "Welche Kraft braucht man für 200 N am Lastarm 0,5 m bei einem Kraftarm von 2 m?",
                ["100 N", "400 N", "50 N", "25 N"],
                2,
                "200 N mal 0,5 m sind 100 Nm; geteilt durch 2 m ergibt das 50 N.",
                0,
            ),
            q(
                "Warum löst ein langer Schraubenschlüssel eine Schraube leichter?",
                [
                    "Er ist schwerer",
                    "Der längere Kraftarm verringert die nötige Kraft",
                    "Er dreht schneller",
                    "Er erwärmt die Schraube",
                ],
                1,
                "Ein längerer Kraftarm braucht weniger Kraft für dasselbe Drehmoment.",
                1,
            ),
        ],
    },
]
