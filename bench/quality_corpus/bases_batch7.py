# ruff: noqa: E501, RUF001  (lesson text, kept as written: long lines, multiplication signs)
"""A seventh held-out set (batch 7, written 2026-12-06 06:30-06:35 UTC for issue 23 by a helper
who had not read the checks' code, the judge's code or the other helpers' work, and committed
before any check was run on it): ten new topics in English, German, French and Spanish, none a
topic of batches 1-6. The good lessons have the shapes the lesson prompt allows and models
write: an overview or introduction in the lesson's own words (en-rainbows, es-celula), two
objectives in one section (en-groupby), bullet and numbered lists (de-lineare, es-celula),
worked examples with numbers (en-ratios, de-lineare, fr-chaines, es-energia, en-groupby),
options and text in notation and code spans (en-markdown, en-groupby, fr-listes, de-lineare,
es-energia), a closing summary (en-markdown "Key takeaways", de-lineare "Zusammenfassung",
fr-chaines "À retenir"), and paraphrased, inflected objective wording throughout. The defects
(build.py, end) cover every defect class. Never used for tuning."""

from __future__ import annotations

from typing import Any

from bench.quality_corpus.bases_en import q

BASES: list[dict[str, Any]] = [
    {
        "id": "en-markdown",
        "language": "en",
        "split": "heldout",
        "batch": 7,
        "objectives": [
            "Create headings of different levels",
            "Format text as bold or italic",
            "Write a link to another page",
        ],
        "sections": [
            (
                "Headings",
                "In Markdown a heading is a line that starts with one or more `#` signs followed by a space. One `#` gives the largest heading (level 1), `##` a level-2 heading, and so on down to `######` for level 6. For example, `## Installation` renders as a second-level heading. Leave a blank line before a heading so that every renderer recognises it, and use the levels in order instead of jumping from `#` straight to `####`.",
            ),
            (
                "Emphasis: bold and italic",
                "To make a word italic, wrap it in single asterisks or underscores: `*slow*` or `_slow_` renders as *slow*. Bold uses two of them, so `**stop**` renders as **stop**. Three asterisks combine both: `***never***` is bold and italic at once. The markers must touch the text, which is why `** stop **`, with spaces inside, is usually left as plain asterisks.",
            ),
            (
                "Links and lists",
                'A link puts the visible text in square brackets and the address in round brackets right after it: `[the docs](https://example.com/docs)` shows "the docs" and opens the address when clicked. There must be no space between `]` and `(`. A bulleted list is a run of lines that each start with `-` or `*` and a space; numbered lists use `1.`, `2.` and so on. A link can sit inside a list item, which is how most tables of contents are written.',
            ),
            (
                "Key takeaways",
                "- `#` to `######` make headings of level 1 to 6.\n- `*text*` is italic, `**text**` is bold.\n- `[text](address)` makes a link; `-` starts a list item.",
            ),
        ],
        "quiz": [
            q(
                "Which line renders as a level-3 heading?",
                ["`#3 Setup`", "`### Setup`", "`Setup ###`", "`**Setup**`"],
                1,
                "Three `#` signs followed by a space make a level-3 heading.",
                0,
            ),
            q(
                "How is `**stop**` rendered?",
                ["In italics", "As a heading", "In bold", "As a link"],
                2,
                "Two asterisks on each side of the text make it bold.",
                1,
            ),
            q(
                "Which of these is a correctly written Markdown link?",
                [
                    "`(docs)[https://example.com]`",
                    "`[docs] (https://example.com)`",
                    "`<docs>https://example.com`",
                    "`[docs](https://example.com)`",
                ],
                3,
                "The text goes in square brackets and the address in round brackets directly after them, with no space in between.",
                2,
            ),
            q(
                "Why does `** stop **` usually stay as plain asterisks?",
                [
                    "The markers must touch the text",
                    "Bold needs three asterisks instead",
                    "Asterisks only work at the start of a line",
                    "Bold is only allowed inside lists",
                ],
                0,
                "Emphasis markers have to touch the text they wrap; with spaces inside, the asterisks are shown as they are.",
                1,
            ),
        ],
    },
    {
        "id": "en-ratios",
        "language": "en",
        "split": "heldout",
        "batch": 7,
        "objectives": [
            "Simplify a ratio to its lowest terms",
            "Share an amount in a given ratio",
            "Scale a recipe using a ratio",
        ],
        "sections": [
            (
                "Simplifying ratios",
                "A ratio compares two quantities and is written with a colon: a class with 12 girls and 18 boys has a girls-to-boys ratio of 12:18. To simplify it, divide both parts by their greatest common divisor. The greatest common divisor of 12 and 18 is 6, so 12:18 = 2:3. A ratio is in its lowest terms when its parts share no factor larger than 1, and 2:3 cannot be simplified further. Order matters: boys to girls is 3:2, not 2:3.",
            ),
            (
                "Sharing in a ratio",
                "To divide an amount in a ratio, first add the parts to find how many equal shares there are. Suppose Ana and Ben share 40 € in the ratio 3:5. There are 3 + 5 = 8 shares, so one share is 40 € ÷ 8 = 5 €. Ana gets 3 × 5 € = 15 € and Ben gets 5 × 5 € = 25 €. Check: 15 € + 25 € = 40 €, the whole amount.",
            ),
            (
                "Scaling a recipe",
                "A recipe is a ratio in disguise. Pancakes for 4 people need 200 g of flour and 300 ml of milk, a ratio of 2:3. To cook for 6 people, find the scale factor 6 ÷ 4 = 1.5 and multiply every ingredient by it: 200 g × 1.5 = 300 g of flour and 300 ml × 1.5 = 450 ml of milk. The amounts change but the ratio stays 2:3, which is why the pancakes taste the same.",
            ),
        ],
        "quiz": [
            q(
                "What is 12:18 in its lowest terms?",
                ["3:2", "2:3", "1:6", "4:9"],
                1,
                "The greatest common divisor of 12 and 18 is 6; dividing both parts by 6 gives 2:3.",
                0,
            ),
            q(
                "Ana and Ben share 40 € in the ratio 3:5. How much does Ben get?",
                ["25 €", "15 €", "20 €", "24 €"],
                0,
                "There are 8 shares of 5 € each, and Ben has 5 of them: 5 × 5 € = 25 €.",
                1,
            ),
            q(
                "A pancake recipe for 4 people uses 200 g of flour. How much flour is needed for 6 people?",
                ["250 g", "400 g", "300 g", "600 g"],
                2,
                "The scale factor is 6 ÷ 4 = 1.5, and 200 g × 1.5 = 300 g.",
                2,
            ),
            q(
                "A class has 12 girls and 18 boys. What is the ratio of boys to girls in lowest terms?",
                ["2:3", "12:30", "18:30", "3:2"],
                3,
                "Boys come first: 18:12, which simplifies to 3:2 when both parts are divided by 6.",
                0,
            ),
        ],
    },
    {
        "id": "en-rainbows",
        "language": "en",
        "split": "heldout",
        "batch": 7,
        "objectives": [
            "Explain what happens to light when it enters water or glass",
            "Describe how a prism splits white light into colours",
            "Explain how raindrops form a rainbow",
        ],
        "sections": [
            (
                "Overview",
                "Rainbows look like magic, but they come from two ordinary facts about light. This lesson follows a beam of sunlight from the air into glass and into a raindrop, and shows where the colours come from.",
            ),
            (
                "Light changes speed and bends",
                "Light travels more slowly in water or glass than in air: about 225,000 km/s in water instead of almost 300,000 km/s. When a beam enters the water at an angle, the side that reaches the surface first slows down first, so the whole beam turns. This bending at the boundary is called refraction. It is why a straw standing in a glass of water looks broken at the surface. A beam that hits the surface straight on, at 90 degrees, slows down but does not bend.",
            ),
            (
                "Splitting white light",
                "White light is a mixture of all the colours. In glass, each colour travels at a slightly different speed, so each one bends by a slightly different amount: violet bends the most and red the least. A triangular prism refracts the light twice, once on the way in and once on the way out, which spreads the colours apart into a band called a spectrum. This spreading of colours is called dispersion. Isaac Newton showed in 1666 that a second prism can recombine the spectrum into white light.",
            ),
            (
                "Raindrops as tiny prisms",
                "A rainbow appears when the Sun is behind you and rain is falling in front of you. Sunlight enters each raindrop and is refracted, reflects once off the back of the drop, and is refracted again as it leaves. Because of dispersion, each colour leaves at its own angle: red at about 42 degrees from the line opposite the Sun, violet at about 40 degrees. Millions of drops each send you one colour, and together they draw the arc, with red on the outside and violet on the inside.",
            ),
        ],
        "quiz": [
            q(
                "Why does a straw in a glass of water look broken at the surface?",
                [
                    "The water magnifies the lower part",
                    "Light bends as it passes between water and air",
                    "The straw absorbs the light underwater",
                    "The surface of the water reflects all of the light back",
                ],
                1,
                "Light changes speed at the boundary between water and air, so it is refracted and the straw appears bent.",
                1,
            ),
            q(
                "Which colour is bent the most by a glass prism?",
                ["Red", "Green", "Yellow", "Violet"],
                3,
                "Violet travels slowest in glass and is refracted the most; red is refracted the least.",
                2,
            ),
            q(
                "Where must the Sun be for you to see a rainbow?",
                [
                    "Behind you",
                    "In front of you, behind the rain",
                    "Straight overhead",
                    "Hidden behind a cloud",
                ],
                0,
                "A rainbow appears when the Sun is behind you and the rain is falling in front of you.",
                3,
            ),
            q(
                "Which colour forms the outside of a rainbow's arc?",
                ["Violet", "Blue", "Red", "Green"],
                2,
                "Red leaves the drops at about 42 degrees, more than violet's 40, so it forms the outer edge.",
                3,
            ),
        ],
    },
    {
        "id": "en-groupby",
        "language": "en",
        "split": "heldout",
        "batch": 7,
        "objectives": [
            "Group rows with GROUP BY",
            "Summarise each group with aggregate functions",
            "Filter groups with HAVING",
        ],
        "sections": [
            (
                "Groups and aggregates",
                "Take a table `orders(customer, amount)` with five rows: Ana 20, Ben 35, Ana 15, Cleo 50, Ben 10. `GROUP BY customer` collects the rows that share a customer into one group, so the query returns one row per customer instead of one per order. An aggregate function then reduces each group to a single value: `SUM(amount)` adds the amounts, `COUNT(*)` counts the rows and `AVG(amount)` averages them. The query `SELECT customer, SUM(amount) FROM orders GROUP BY customer;` returns Ana 35, Ben 45 and Cleo 50.",
            ),
            (
                "Filtering groups with HAVING",
                "`WHERE` filters rows before they are grouped, so it cannot refer to a sum that does not exist yet. To keep only some groups, add `HAVING` after `GROUP BY`: `... GROUP BY customer HAVING SUM(amount) > 40;` returns Ben 45 and Cleo 50 and drops Ana. Both can appear in one query: `WHERE amount > 12` first removes Ben's order of 10, and `HAVING` is then applied to the groups that are left.",
            ),
            (
                "A common mistake",
                "Every column in the `SELECT` list must either appear in `GROUP BY` or be wrapped in an aggregate. `SELECT customer, amount FROM orders GROUP BY customer;` is rejected by most databases, because a group such as Ana has two amounts and the database cannot know which one to show. Write `SUM(amount)`, `MAX(amount)` or another aggregate instead.",
            ),
        ],
        "quiz": [
            q(
                "How many rows does `SELECT customer, SUM(amount) FROM orders GROUP BY customer;` return for the example table?",
                ["5", "1", "3", "2"],
                2,
                "There are three different customers, Ana, Ben and Cleo, so there are three groups and one row for each.",
                0,
            ),
            q(
                "In the example, what does `SUM(amount)` return for Ben's group?",
                ["45", "35", "10", "2"],
                0,
                "Ben has two orders, 35 and 10, and their sum is 45.",
                0,
            ),
            q(
                "Which clause keeps only the customers whose total is above 40?",
                [
                    "`WHERE SUM(amount) > 40`",
                    "`HAVING SUM(amount) > 40`",
                    "`ORDER BY SUM(amount) > 40`",
                    "`LIMIT 40`",
                ],
                1,
                "`HAVING` filters groups after `GROUP BY`; `WHERE` runs before grouping and cannot see the sum.",
                1,
            ),
            q(
                "Why is `SELECT customer, amount FROM orders GROUP BY customer;` rejected?",
                [
                    "`customer` must be aggregated too",
                    "`GROUP BY` always needs a `HAVING` clause after it",
                    "The table has no primary key",
                    "`amount` is neither grouped nor aggregated",
                ],
                3,
                "A group such as Ana holds two amounts, and the query does not say which one to show: `amount` must be grouped or aggregated.",
                2,
            ),
        ],
    },
    {
        "id": "de-lineare",
        "language": "de",
        "split": "heldout",
        "batch": 7,
        "objectives": [
            "Die Steigung einer Geraden aus zwei Punkten berechnen",
            "Den y-Achsenabschnitt einer linearen Funktion ablesen",
            "Den Graphen einer linearen Funktion zeichnen",
        ],
        "sections": [
            (
                "Die Form f(x) = mx + b",
                "Eine lineare Funktion hat die Form f(x) = m·x + b, und ihr Graph ist immer eine Gerade. Die Zahl b ist der y-Achsenabschnitt: An der Stelle x = 0 ist f(0) = m·0 + b = b, die Gerade schneidet die y-Achse also im Punkt (0 | b). Bei f(x) = 2x − 1 liegt dieser Schnittpunkt bei (0 | −1). Die Zahl m heißt Steigung und gibt an, wie steil die Gerade ist.",
            ),
            (
                "Steigung aus zwei Punkten",
                "Kennt man zwei Punkte P(x₁ | y₁) und Q(x₂ | y₂) der Geraden, berechnet man die Steigung mit dem Differenzenquotienten m = (y₂ − y₁) : (x₂ − x₁). Beispiel: Für P(1 | 3) und Q(4 | 9) ist m = (9 − 3) : (4 − 1) = 6 : 3 = 2. Geht man also eine Einheit nach rechts, steigt die Gerade um 2. Ist m negativ, fällt die Gerade; bei m = 0 verläuft sie waagerecht.",
            ),
            (
                "Den Graphen zeichnen",
                "Zum Zeichnen braucht man nur zwei Punkte. So gehst du vor:\n\n1. Trage den y-Achsenabschnitt (0 | b) ins Koordinatensystem ein.\n2. Gehe von dort mit dem Steigungsdreieck weiter: bei m = 2 eine Einheit nach rechts und zwei nach oben, bei m = −1/2 zwei Einheiten nach rechts und eine nach unten.\n3. Verbinde die beiden Punkte mit dem Lineal und verlängere die Gerade über beide hinaus.\n\nFür f(x) = 2x − 1 startest du also bei (0 | −1) und kommst zum Punkt (1 | 1).",
            ),
            (
                "Zusammenfassung",
                "- b ist der y-Achsenabschnitt, abzulesen bei x = 0.\n- m = (y₂ − y₁) : (x₂ − x₁) ist die Steigung.\n- Mit dem Punkt (0 | b) und einem Steigungsdreieck ist die Gerade schnell gezeichnet.",
            ),
        ],
        "quiz": [
            q(
                "Welche Steigung hat die Gerade durch P(1 | 3) und Q(4 | 9)?",
                ["3", "6", "2", "0,5"],
                2,
                "m = (9 − 3) : (4 − 1) = 6 : 3 = 2.",
                1,
            ),
            q(
                "Wo schneidet der Graph von f(x) = 2x − 1 die y-Achse?",
                ["Bei (0 | −1)", "Bei (0 | 2)", "Bei (−1 | 0)", "Bei (1 | 0)"],
                0,
                "Für x = 0 ist f(0) = −1, der y-Achsenabschnitt ist also b = −1.",
                0,
            ),
            q(
                "Die Steigung ist m = −1/2. Wie gehst du vom Punkt (0 | b) aus weiter?",
                [
                    "Eine Einheit nach rechts, zwei nach oben",
                    "Zwei Einheiten nach rechts, eine nach unten",
                    "Zwei Einheiten nach links, eine nach unten",
                    "Eine Einheit nach unten und dann zwei nach links",
                ],
                1,
                "Bei m = −1/2 gehört zu zwei Einheiten nach rechts eine Einheit nach unten.",
                2,
            ),
            q(
                "Was bedeutet eine Steigung von m = 0?",
                [
                    "Die Gerade fällt",
                    "Die Gerade ist senkrecht",
                    "Die Gerade steigt steil an",
                    "Die Gerade verläuft waagerecht",
                ],
                3,
                "Bei m = 0 ändert sich f(x) nicht, wenn x wächst: Die Gerade verläuft waagerecht.",
                1,
            ),
        ],
    },
    {
        "id": "de-zellatmung",
        "language": "de",
        "split": "heldout",
        "batch": 7,
        "objectives": [
            "Die Summengleichung der Zellatmung angeben",
            "Erklären, wo in der Zelle die Zellatmung stattfindet",
            "Die Zellatmung mit der Fotosynthese vergleichen",
        ],
        "sections": [
            (
                "Energie aus Traubenzucker",
                "Jede Zelle braucht ständig Energie, etwa für Bewegung, Wachstum oder den Transport von Stoffen. Diese Energie gewinnt sie bei der Zellatmung, indem sie Traubenzucker (Glucose) mit Sauerstoff abbaut. Zusammengefasst lautet die Gleichung: C₆H₁₂O₆ + 6 O₂ → 6 CO₂ + 6 H₂O + Energie. Aus einem Molekül Glucose und sechs Molekülen Sauerstoff entstehen also sechs Moleküle Kohlenstoffdioxid und sechs Moleküle Wasser. Die freigesetzte Energie wird in ATP gespeichert, der „Energiewährung“ der Zelle.",
            ),
            (
                "Die Kraftwerke der Zelle",
                "Der größte Teil der Zellatmung läuft in den Mitochondrien ab. Diese länglichen Zellorganellen haben eine glatte äußere und eine stark gefaltete innere Membran; an den Falten der inneren Membran wird der Großteil des ATP gebildet. Zellen mit hohem Energiebedarf, etwa Muskel- oder Herzzellen, besitzen besonders viele Mitochondrien. Nur der erste Abbauschritt, die Glykolyse, findet noch außerhalb davon im Zellplasma statt.",
            ),
            (
                "Zellatmung und Fotosynthese im Vergleich",
                "Die Fotosynthese der Pflanzen ist gewissermaßen die Umkehrung der Zellatmung. Sie läuft in den Chloroplasten ab, verbraucht Kohlenstoffdioxid und Wasser und baut daraus mit Lichtenergie Glucose auf; dabei wird Sauerstoff frei. Die Zellatmung verbraucht dagegen Glucose und Sauerstoff und gibt Kohlenstoffdioxid und Wasser ab. Wichtig: Pflanzen atmen ebenfalls, und zwar Tag und Nacht, während die Fotosynthese nur bei Licht stattfindet.",
            ),
        ],
        "quiz": [
            q(
                "Welche Stoffe entstehen bei der Zellatmung?",
                [
                    "Glucose und Sauerstoff",
                    "Kohlenstoffdioxid und Wasser",
                    "Stärke und Wasser",
                    "Sauerstoff und Wasser",
                ],
                1,
                "Glucose und Sauerstoff werden abgebaut; als Produkte entstehen CO₂ und H₂O.",
                0,
            ),
            q(
                "In welchen Zellorganellen läuft der größte Teil der Zellatmung ab?",
                ["In den Chloroplasten", "Im Zellkern", "In den Mitochondrien", "In den Ribosomen"],
                2,
                "Bis auf die Glykolyse im Zellplasma findet die Zellatmung in den Mitochondrien statt.",
                1,
            ),
            q(
                "Wann betreiben Pflanzen Zellatmung?",
                ["Tag und Nacht", "Nur bei Licht", "Nur nachts", "Nur im Winter"],
                0,
                "Pflanzen atmen ständig, also Tag und Nacht; nur die Fotosynthese ist auf Licht angewiesen.",
                2,
            ),
            q(
                "Wie viele Moleküle Sauerstoff braucht die Zelle, um ein Molekül Glucose vollständig abzubauen?",
                ["1", "2", "12", "6"],
                3,
                "Laut Summengleichung reagiert ein Molekül C₆H₁₂O₆ mit 6 O₂.",
                0,
            ),
        ],
    },
    {
        "id": "fr-chaines",
        "language": "fr",
        "split": "heldout",
        "batch": 7,
        "objectives": [
            "Définir producteurs, consommateurs et décomposeurs",
            "Construire une chaîne alimentaire",
            "Expliquer pourquoi l’énergie diminue d’un maillon à l’autre",
        ],
        "sections": [
            (
                "Qui mange qui ?",
                "Dans un écosystème, les êtres vivants se classent selon la façon dont ils obtiennent leur nourriture. Les producteurs, comme les plantes et les algues, fabriquent leur propre matière grâce à la lumière du soleil. Les consommateurs mangent d’autres êtres vivants : les herbivores se nourrissent de plantes, les carnivores d’autres animaux. Les décomposeurs, comme les champignons, les bactéries ou les vers de terre, transforment les cadavres et les déchets en sels minéraux que les plantes réutilisent.",
            ),
            (
                "Construire une chaîne",
                "Une chaîne alimentaire relie des êtres vivants par des flèches qui signifient « est mangé par ». Elle commence toujours par un producteur. Exemple dans une prairie : herbe → sauterelle → grenouille → héron. La sauterelle est un consommateur primaire, la grenouille un consommateur secondaire et le héron un consommateur tertiaire. Attention au sens des flèches : elles vont de la proie vers son prédateur, dans le sens où passe la matière.",
            ),
            (
                "L’énergie se perd en route",
                "À chaque maillon, seule une petite partie de l’énergie passe au suivant, environ 10 %. Le reste sert à respirer, à se déplacer et à maintenir la température du corps, ou se perd sous forme de chaleur et de déchets. Si l’herbe d’une prairie contient 10 000 kJ, la sauterelle n’en récupère qu’environ 1 000 kJ, la grenouille 100 kJ et le héron 10 kJ. C’est pourquoi les chaînes dépassent rarement quatre ou cinq maillons et pourquoi les grands prédateurs sont peu nombreux.",
            ),
            (
                "À retenir",
                "- Producteurs, consommateurs et décomposeurs ont chacun leur rôle.\n- Une chaîne commence par un producteur ; la flèche se lit « est mangé par ».\n- Environ 10 % de l’énergie passe d’un maillon au suivant.",
            ),
        ],
        "quiz": [
            q(
                "Dans quel groupe classe-t-on les champignons qui décomposent les feuilles mortes ?",
                [
                    "Les producteurs",
                    "Les consommateurs primaires",
                    "Les décomposeurs",
                    "Les carnivores",
                ],
                2,
                "Les champignons transforment la matière morte en sels minéraux : ce sont des décomposeurs.",
                0,
            ),
            q(
                "Quelle chaîne alimentaire est correctement écrite ?",
                [
                    "héron → grenouille → sauterelle → herbe",
                    "sauterelle → herbe → héron → grenouille",
                    "grenouille → héron → herbe → sauterelle",
                    "herbe → sauterelle → grenouille → héron",
                ],
                3,
                "Une chaîne commence par le producteur, l’herbe, et les flèches vont de la proie vers son prédateur.",
                1,
            ),
            q(
                "L’herbe d’une prairie contient 10 000 kJ. Combien d’énergie parvient environ à la grenouille ?",
                ["100 kJ", "1 000 kJ", "10 kJ", "5 000 kJ"],
                0,
                "Environ 10 % passe à chaque maillon : 1 000 kJ pour la sauterelle, puis 100 kJ pour la grenouille.",
                2,
            ),
            q(
                "Pourquoi les chaînes alimentaires dépassent-elles rarement cinq maillons ?",
                [
                    "Les prédateurs mangent tous les herbivores",
                    "Il reste trop peu d’énergie aux derniers maillons",
                    "Les décomposeurs interrompent la chaîne avant le cinquième maillon",
                    "Les plantes ne poussent pas assez vite",
                ],
                1,
                "Comme 90 % de l’énergie se perd à chaque maillon, il n’en reste presque plus après quatre ou cinq.",
                2,
            ),
        ],
    },
    {
        "id": "fr-listes",
        "language": "fr",
        "split": "heldout",
        "batch": 7,
        "objectives": [
            "Créer une liste et accéder à un élément par son indice",
            "Ajouter et retirer des éléments d’une liste",
            "Parcourir une liste avec une boucle for",
        ],
        "sections": [
            (
                "Créer une liste et lire ses éléments",
                'En Python, une liste s’écrit entre crochets, ses éléments séparés par des virgules : `fruits = ["pomme", "poire", "kiwi"]`. Chaque élément a un indice, et le premier porte l’indice 0 : `fruits[0]` vaut `"pomme"` et `fruits[2]` vaut `"kiwi"`. Un indice négatif compte depuis la fin, donc `fruits[-1]` renvoie aussi `"kiwi"`. Demander `fruits[3]` provoque une erreur `IndexError`, car la liste n’a que trois éléments.',
            ),
            (
                "Modifier la liste",
                'Une liste peut changer après sa création. La méthode `append` ajoute un élément à la fin : après `fruits.append("mangue")`, la liste contient quatre éléments. `insert(i, x)` place `x` à l’indice `i` et décale les suivants. Pour retirer un élément, `remove("poire")` supprime la première occurrence de cette valeur, tandis que `pop()` enlève le dernier élément et le renvoie. La fonction `len(fruits)` donne à tout moment le nombre d’éléments.',
            ),
            (
                "Parcourir une liste",
                "La boucle `for` visite les éléments un par un, dans l’ordre :\n\n```python\nfor fruit in fruits:\n    print(fruit)\n```\n\nÀ chaque tour, la variable `fruit` prend la valeur de l’élément suivant, et le corps de la boucle s’exécute une fois par élément. Si l’on a aussi besoin de l’indice, `enumerate` fournit les deux : `for i, fruit in enumerate(fruits):`. On peut ainsi additionner des notes : avec `notes = [12, 15, 9]`, une boucle qui ajoute chaque note à un total obtient 36.",
            ),
        ],
        "quiz": [
            q(
                'Avec `fruits = ["pomme", "poire", "kiwi"]`, que vaut `fruits[1]` ?',
                ['`"pomme"`', '`"poire"`', '`"kiwi"`', "Une erreur `IndexError`"],
                1,
                'Les indices commencent à 0 : `fruits[0]` est `"pomme"`, donc `fruits[1]` est `"poire"`.',
                0,
            ),
            q(
                "Quelle instruction ajoute « mangue » à la fin de la liste ?",
                [
                    '`fruits.insert("mangue")`',
                    '`fruits.add("mangue")`',
                    '`fruits + "mangue"`',
                    '`fruits.append("mangue")`',
                ],
                3,
                "La méthode `append` ajoute son argument à la fin de la liste.",
                1,
            ),
            q(
                "Combien de fois le corps de `for fruit in fruits:` s’exécute-t-il si la liste contient trois éléments ?",
                ["3", "1", "2", "4"],
                0,
                "La boucle visite chaque élément une fois : trois éléments, trois tours.",
                2,
            ),
            q(
                "Que fait `fruits.pop()` ?",
                [
                    "Il vide toute la liste",
                    "Il supprime la première occurrence de la valeur donnée",
                    "Il retire le dernier élément et le renvoie",
                    "Il trie la liste",
                ],
                2,
                "Sans argument, `pop()` enlève le dernier élément de la liste et le renvoie.",
                1,
            ),
        ],
    },
    {
        "id": "es-energia",
        "language": "es",
        "split": "heldout",
        "batch": 7,
        "objectives": [
            "Calcular la energía cinética de un cuerpo",
            "Calcular la energía potencial gravitatoria",
            "Explicar la conservación de la energía mecánica",
        ],
        "sections": [
            (
                "Energía de movimiento",
                "Todo cuerpo que se mueve tiene energía cinética. Se calcula con Ec = ½ · m · v², donde m es la masa en kilogramos y v la velocidad en metros por segundo; el resultado sale en julios (J). Por ejemplo, un balón de 2 kg que vuela a 3 m/s tiene Ec = ½ · 2 · 3² = 9 J. Como la velocidad está al cuadrado, duplicarla multiplica la energía cinética por cuatro.",
            ),
            (
                "Energía por la altura",
                "Un cuerpo situado a cierta altura tiene energía potencial gravitatoria: Ep = m · g · h, con g ≈ 9,8 m/s² en la superficie de la Tierra y h la altura en metros. Una maceta de 2 kg en un balcón a 5 m tiene Ep = 2 · 9,8 · 5 = 98 J. Si la subimos al doble de altura, su energía potencial también se duplica.",
            ),
            (
                "La energía se conserva",
                "Si no hay rozamiento, la suma de ambas energías, llamada energía mecánica, se mantiene constante: Em = Ec + Ep. Cuando la maceta cae, pierde energía potencial y gana exactamente la misma cantidad de energía cinética. Justo antes de tocar el suelo, toda su energía es cinética: los 98 J del principio. En la realidad, el rozamiento con el aire convierte una parte en calor, por eso un péndulo acaba parándose.",
            ),
        ],
        "quiz": [
            q(
                "¿Qué energía cinética tiene un balón de 2 kg que se mueve a 3 m/s?",
                ["6 J", "9 J", "18 J", "3 J"],
                1,
                "Ec = ½ · 2 · 3² = ½ · 2 · 9 = 9 J.",
                0,
            ),
            q(
                "Una maceta de 2 kg está a 5 m de altura. ¿Cuál es su energía potencial? (g ≈ 9,8 m/s²)",
                ["10 J", "49 J", "196 J", "98 J"],
                3,
                "Ep = m · g · h = 2 · 9,8 · 5 = 98 J.",
                1,
            ),
            q(
                "Sin rozamiento, ¿qué le ocurre a la energía mecánica de un cuerpo que cae?",
                [
                    "Se mantiene constante",
                    "Aumenta con la velocidad",
                    "Disminuye hasta cero",
                    "Se duplica al llegar al suelo",
                ],
                0,
                "Lo que pierde en energía potencial lo gana en energía cinética, así que la suma no cambia.",
                2,
            ),
            q(
                "Si un coche duplica su velocidad, ¿cómo cambia su energía cinética?",
                ["Se duplica", "No cambia", "Se multiplica por cuatro", "Se reduce a la mitad"],
                2,
                "La velocidad está al cuadrado en Ec = ½ · m · v², y 2² = 4.",
                0,
            ),
        ],
    },
    {
        "id": "es-celula",
        "language": "es",
        "split": "heldout",
        "batch": 7,
        "objectives": [
            "Describir la función de la membrana celular",
            "Explicar qué contiene el núcleo",
            "Distinguir una célula animal de una vegetal",
        ],
        "sections": [
            (
                "Introducción",
                "Todos los seres vivos están formados por células. En esta lección recorremos una célula desde fuera hacia dentro, la membrana que la rodea y el núcleo que la dirige, y terminamos comparando las de animales y plantas.",
            ),
            (
                "La membrana, una frontera selectiva",
                "La membrana celular rodea la célula y la separa de su entorno. No es una pared cerrada: deja pasar el agua, el oxígeno y los nutrientes que la célula necesita y expulsa los desechos, mientras impide la entrada de muchas otras sustancias. Por eso se dice que es semipermeable. Dentro de la membrana está el citoplasma, un líquido espeso donde flotan los orgánulos.",
            ),
            (
                "El núcleo, centro de control",
                "El núcleo es el orgánulo más visible de la célula. Está envuelto por su propia membrana y guarda el ADN, la molécula que contiene la información hereditaria organizada en cromosomas. A partir de esas instrucciones la célula fabrica sus proteínas y dirige su crecimiento y su división. Los glóbulos rojos de los mamíferos son una excepción: pierden el núcleo al madurar.",
            ),
            (
                "Células animales y vegetales",
                "Las dos comparten membrana, citoplasma, núcleo y mitocondrias, pero las células vegetales tienen además:\n\n- una pared celular de celulosa, rígida, por fuera de la membrana, que les da una forma regular;\n- cloroplastos, donde se realiza la fotosíntesis;\n- una vacuola central grande llena de agua.\n\nLas células animales carecen de pared y de cloroplastos, y su forma suele ser más irregular.",
            ),
        ],
        "quiz": [
            q(
                "¿Por qué se dice que la membrana celular es semipermeable?",
                [
                    "Porque es rígida y da forma a la célula",
                    "Porque deja pasar unas sustancias y otras no",
                    "Porque fabrica las proteínas de la célula",
                    "Porque guarda la información hereditaria",
                ],
                1,
                "La membrana deja entrar agua, oxígeno y nutrientes pero impide el paso de muchas otras sustancias.",
                1,
            ),
            q(
                "¿Qué molécula guarda el núcleo?",
                ["La celulosa", "La clorofila", "El ADN", "La glucosa"],
                2,
                "El núcleo guarda el ADN, que contiene la información hereditaria.",
                2,
            ),
            q(
                "¿Cuál de estas estructuras tiene una célula vegetal pero no una animal?",
                ["La pared celular", "La membrana celular", "El núcleo", "Las mitocondrias"],
                0,
                "Membrana, núcleo y mitocondrias están en ambas; la pared celular de celulosa solo en la vegetal.",
                3,
            ),
            q(
                "¿Qué células de los mamíferos pierden el núcleo al madurar?",
                [
                    "Las neuronas",
                    "Las células de la piel",
                    "Las células musculares",
                    "Los glóbulos rojos",
                ],
                3,
                "Los glóbulos rojos de los mamíferos pierden el núcleo al madurar.",
                2,
            ),
        ],
    },
]
