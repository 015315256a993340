# ruff: noqa: E501  (lesson text, kept as written)
"""A fifth held-out set (batch 5, written 2026-12-06 for issue 23 after batch 4 had been seen,
and committed before any check was run on it or any check was changed): new topics in English,
German, French and Spanish. The good lessons have the shapes the lesson prompt allows and
models write: an overview in the lesson's own words followed by a section per objective
(en-tcp, es-estaciones), three objectives in three sections with bullet lists (en-compost),
two objectives in one section followed by "Key takeaways" (en-inflation), the objectives
taught in the other order (de-mitose), three objectives in two sections (de-magnet), options
in notation (en-regex) and numbers (fr-moyenne, en-inflation). The defects (build.py, end)
cover every defect class. Never used for tuning."""

from __future__ import annotations

from typing import Any

from bench.quality_corpus.bases_en import q

BASES: list[dict[str, Any]] = [
    {
        "id": "en-tcp",
        "language": "en",
        "split": "heldout",
        "batch": 5,
        "objectives": [
            "Describe the TCP three-way handshake",
            "Explain why TCP retransmits lost segments",
        ],
        "sections": [
            (
                "Overview",
                "Before two computers can exchange data over TCP they have to agree to talk, and once they do, TCP promises that everything sent arrives. This lesson looks at how a connection is opened and at what TCP does when a packet goes missing on the way.",
            ),
            (
                "Opening a connection",
                "A TCP connection starts with three messages. The client sends a SYN segment carrying its initial sequence number. The server answers with a SYN-ACK, which acknowledges the client's number and carries the server's own. Finally the client sends an ACK for the server's number, and both sides can start sending data. Because each side has confirmed the other's sequence number, both know where the byte stream starts.",
            ),
            (
                "Recovering from loss",
                "The internet gives no guarantee that a packet arrives: a router with a full queue simply drops it. TCP therefore numbers every byte and expects the receiver to acknowledge what it got. If the sender sees no acknowledgement before its timer runs out, or it receives three duplicate acknowledgements for the same byte, it assumes the segment was lost and sends it again. This is how TCP delivers a complete, ordered stream over a network that loses packets.",
            ),
        ],
        "quiz": [
            q(
                "Which message does the server send in reply to a client's SYN?",
                ["ACK", "SYN-ACK", "FIN", "RST"],
                1,
                "The server acknowledges the client's sequence number and sends its own in a single SYN-ACK segment.",
                1,
            ),
            q(
                "How many messages does the TCP handshake take?",
                ["Two", "Four", "Three", "One"],
                2,
                "SYN, SYN-ACK and ACK: three messages open the connection.",
                1,
            ),
            q(
                "What makes a TCP sender send a segment again?",
                [
                    "The receiver asks for a faster connection",
                    "No acknowledgement arrives before the timer runs out",
                    "The segment was larger than the previous one",
                    "The connection has been open for longer than the sender's idle limit allows",
                ],
                1,
                "A missing acknowledgement when the timer expires (or three duplicate acknowledgements) tells the sender the segment was lost.",
                2,
            ),
        ],
    },
    {
        "id": "en-compost",
        "language": "en",
        "split": "heldout",
        "batch": 5,
        "objectives": [
            "List the ingredients a compost pile needs",
            "Explain why a compost pile heats up",
            "Fix a compost pile that smells",
        ],
        "sections": [
            (
                "What goes in",
                "A healthy compost pile needs four things:\n\n- **Greens**: fresh grass clippings, vegetable peelings and coffee grounds, which are rich in nitrogen.\n- **Browns**: dry leaves, straw and shredded cardboard, which supply carbon.\n- **Water**: the pile should feel like a wrung-out sponge.\n- **Air**: the microbes that do the work need oxygen.\n\nAs a rule of thumb, add about two or three buckets of browns for every bucket of greens.",
            ),
            (
                "Why the middle gets hot",
                "Bacteria and fungi break down the greens and browns, and like any living thing they release heat as they feed. In a large pile the outer layers act as insulation, so the centre can reach 55 to 65 °C within a few days. That heat is useful: it speeds up decay and kills most weed seeds. Once the easy food is used up the microbes slow down and the pile cools again.",
            ),
            (
                "When it smells",
                "A compost pile that smells of rotten eggs or ammonia has a problem you can fix. A sour, rotten smell means the pile is too wet and packed down, so it has run out of air: turn it with a fork and mix in dry browns. A sharp ammonia smell means there are too many greens: add browns such as leaves or cardboard. A well-balanced pile smells of earth.",
            ),
        ],
        "quiz": [
            q(
                "Which of these is a 'brown' for the compost pile?",
                ["Grass clippings", "Coffee grounds", "Dry leaves", "Vegetable peelings"],
                2,
                "Dry leaves supply carbon, so they count as browns; the other three are nitrogen-rich greens.",
                0,
            ),
            q(
                "Where does the heat in a compost pile come from?",
                [
                    "Sunlight warming the top layer",
                    "Microbes releasing heat as they break down the material",
                    "Chemical reactions between water and cardboard",
                    "The warmth of the soil underneath",
                ],
                1,
                "Bacteria and fungi give off heat as they feed, and the outer layers keep it in.",
                1,
            ),
            q(
                "Your compost smells strongly of ammonia. What should you add?",
                ["More grass clippings", "Water", "Dry leaves or cardboard", "Kitchen scraps"],
                2,
                "An ammonia smell means too many greens, so you balance them with browns such as dry leaves or cardboard.",
                2,
            ),
        ],
    },
    {
        "id": "en-inflation",
        "language": "en",
        "split": "heldout",
        "batch": 5,
        # One section teaches both objectives; "Key takeaways" repeats them.
        "objectives": [
            "Explain what the inflation rate measures",
            "Calculate the real return on savings",
        ],
        "sections": [
            (
                "Prices, money and your savings",
                "The inflation rate tells you how much more a typical basket of goods and services costs than it did a year earlier. If the basket cost 200 euros last year and costs 206 euros now, prices have risen by 3 %. That also means each euro buys about 3 % less than before. For savers this matters: money in an account that pays 2 % interest grows in number, but with prices rising 3 % it buys less at the end of the year than at the start. A quick estimate of the real return is the interest rate minus the inflation rate, here 2 % - 3 % = -1 %.",
            ),
            (
                "Key takeaways",
                "Inflation measures how fast prices rise on average. To see whether your savings really grow, subtract the inflation rate from the interest rate you earn.",
            ),
        ],
        "quiz": [
            q(
                "A basket of goods cost 200 euros last year and costs 210 euros this year. What is the inflation rate?",
                ["10 %", "5 %", "2.1 %", "0.5 %"],
                1,
                "The basket costs 10 euros more, and 10 is 5 % of 200.",
                0,
            ),
            q(
                "Your account pays 4 % interest and inflation is 1 %. Roughly what is your real return?",
                ["5 %", "4 %", "-3 %", "3 %"],
                3,
                "Subtract inflation from the interest rate: 4 % - 1 % = 3 %.",
                0,
            ),
            q(
                "What does a rising inflation rate mean for money kept in a jar at home?",
                [
                    "It buys less over time",
                    "It earns interest automatically",
                    "It keeps exactly the same value",
                    "It buys more over time",
                ],
                0,
                "Prices go up while the amount in the jar stays the same, so the money buys less.",
                0,
            ),
        ],
    },
    {
        "id": "en-regex",
        "language": "en",
        "split": "heldout",
        "batch": 5,
        "objectives": [
            "Match digits and letters with character classes",
            "Use quantifiers to repeat part of a pattern",
        ],
        "sections": [
            (
                "Character classes",
                "A regular expression describes text by pattern rather than by exact characters. Square brackets list the characters allowed at one position: `[aeiou]` matches any single vowel and `[0-9]` any single digit. Because digits are needed so often, `\\d` is a shorthand for `[0-9]`, and `\\w` stands for a letter, digit or underscore. A class matches exactly one character, so `[0-9]` alone finds the `4` in `room 42` but not the whole number.",
            ),
            (
                "Repeating with quantifiers",
                "A quantifier after a character or class says how many times it may repeat. `+` means one or more, so `\\d+` matches the whole of `42`. `*` means zero or more, and `?` makes the item optional: `colou?r` matches both `color` and `colour`. Curly braces give an exact count or a range: `\\d{4}` matches exactly four digits, such as a year, and `\\d{2,3}` two or three.",
            ),
        ],
        "quiz": [
            q(
                "Which pattern matches exactly one vowel?",
                ["[aeiou]", "aeiou", "[aeiou]+", "\\w"],
                0,
                "Square brackets match one character from the list; without them `aeiou` only matches that exact five-letter sequence.",
                0,
            ),
            q(
                "Which pattern matches a four-digit year such as 2024?",
                ["\\d+4", "\\d{4}", "[0-4]", "\\d?"],
                1,
                "`{4}` repeats the digit class exactly four times.",
                1,
            ),
            q(
                "What does `colou?r` match?",
                [
                    "Only colour",
                    "color and colour",
                    "Only color",
                    "colouur and colour",
                ],
                1,
                "The `?` makes the `u` optional, so the pattern matches the word with or without it.",
                1,
            ),
        ],
    },
    {
        "id": "de-mitose",
        "language": "de",
        "split": "heldout",
        "batch": 5,
        # Die Abschnitte lehren die Lernziele in umgekehrter Reihenfolge.
        "objectives": [
            "Die Phasen der Mitose beschreiben",
            "Erklären, warum sich Körperzellen teilen",
        ],
        "sections": [
            (
                "Wozu Zellen sich teilen",
                "Ein Mensch beginnt als eine einzige Zelle und besteht als Erwachsener aus Billionen davon. Jede neue Körperzelle entsteht, indem sich eine vorhandene Zelle in zwei teilt. Auch ausgewachsene Gewebe brauchen ständig Nachschub: Hautzellen und Zellen der Darmschleimhaut leben nur wenige Tage oder Wochen und müssen ersetzt werden, und eine Wunde heilt nur, wenn sich Zellen am Rand vermehren. Wichtig ist dabei, dass beide Tochterzellen dieselbe Erbinformation erhalten wie die Mutterzelle.",
            ),
            (
                "Vier Schritte der Kernteilung",
                "Die Kernteilung, die Mitose, läuft in vier Phasen ab. In der Prophase verdichten sich die zuvor verdoppelten Chromosomen und werden im Mikroskop sichtbar; die Kernhülle löst sich auf. In der Metaphase ordnen sich die Chromosomen in der Mitte der Zelle an, gehalten von den Spindelfasern. In der Anaphase ziehen die Fasern die beiden Hälften jedes Chromosoms zu entgegengesetzten Polen. In der Telophase bilden sich um beide Chromosomensätze neue Kernhüllen, und anschließend schnürt sich die Zelle durch.",
            ),
        ],
        "quiz": [
            q(
                "Warum müssen sich auch in einem Erwachsenen ständig Zellen teilen?",
                [
                    "Weil Zellen sich nur im Schlaf erneuern",
                    "Weil kurzlebige Zellen wie Hautzellen ersetzt werden müssen",
                    "Weil der Körper sonst zu viel Erbinformation hätte",
                    "Weil alle Zellen nach einem Tag absterben",
                ],
                1,
                "Haut- und Darmzellen leben nur Tage bis Wochen, also müssen laufend neue nachkommen, und Wunden heilen durch Zellteilung.",
                0,
            ),
            q(
                "In welcher Phase ordnen sich die Chromosomen in der Zellmitte an?",
                ["Prophase", "Anaphase", "Telophase", "Metaphase"],
                3,
                "In der Metaphase liegen die Chromosomen, von den Spindelfasern gehalten, in der Mitte der Zelle.",
                1,
            ),
            q(
                "Was geschieht in der Anaphase?",
                [
                    "Die Kernhülle bildet sich neu",
                    "Die Chromosomen werden zum ersten Mal sichtbar",
                    "Die Hälften der Chromosomen werden zu den Polen gezogen",
                    "Die Zelle verdoppelt ihre Erbinformation",
                ],
                2,
                "Die Spindelfasern ziehen die beiden Hälften jedes Chromosoms zu entgegengesetzten Polen.",
                1,
            ),
        ],
    },
    {
        "id": "de-magnet",
        "language": "de",
        "split": "heldout",
        "batch": 5,
        # Abschnitt 1 lehrt das erste und das zweite Lernziel, Abschnitt 2 das dritte.
        "objectives": [
            "Die Pole eines Magneten benennen",
            "Vorhersagen, ob sich zwei Magnete anziehen oder abstoßen",
            "Erklären, wie ein Kompass die Himmelsrichtung anzeigt",
        ],
        "sections": [
            (
                "Nord- und Südpol",
                "Jeder Magnet hat zwei Enden, an denen seine Kraft am stärksten ist: den Nordpol und den Südpol. Zerbricht man einen Stabmagneten, entstehen nicht ein einzelner Nord- und ein einzelner Südpol, sondern zwei kleinere Magnete mit je beiden Polen. Hält man zwei Magnete aneinander, gilt eine einfache Regel: Gleiche Pole stoßen sich ab, ungleiche Pole ziehen sich an. Ein Nordpol und ein Südpol springen also aufeinander zu, zwei Nordpole weichen einander aus.",
            ),
            (
                "Die Nadel im Kompass",
                "Die Erde verhält sich selbst wie ein riesiger Magnet. Eine Kompassnadel ist ein kleiner, leicht drehbarer Magnet, und ihr Nordpol richtet sich nach dem Magnetfeld der Erde aus. Er zeigt dabei nach Norden, weil dort, in der Nähe des geografischen Nordpols, ein magnetischer Südpol der Erde liegt, und ungleiche Pole ziehen sich an. Kennt man Norden, ergeben sich Süden, Osten und Westen von selbst.",
            ),
        ],
        "quiz": [
            q(
                "Ein Stabmagnet wird in der Mitte durchgebrochen. Was erhält man?",
                [
                    "Einen einzelnen Nordpol und einen einzelnen Südpol",
                    "Zwei unmagnetische Stücke",
                    "Zwei kleinere Magnete mit je einem Nord- und einem Südpol",
                    "Zwei Nordpole",
                ],
                2,
                "Jedes Bruchstück ist wieder ein vollständiger Magnet mit beiden Polen.",
                0,
            ),
            q(
                "Was passiert, wenn man die Südpole zweier Magnete einander nähert?",
                [
                    "Sie stoßen sich ab",
                    "Sie ziehen sich an",
                    "Nichts",
                    "Sie werden entmagnetisiert",
                ],
                0,
                "Gleiche Pole stoßen sich ab, also weichen zwei Südpole einander aus.",
                0,
            ),
            q(
                "Warum zeigt der Nordpol einer Kompassnadel nach Norden?",
                [
                    "Weil dort ein magnetischer Südpol der Erde liegt",
                    "Weil die Nadel von der Sonne ausgerichtet wird",
                    "Weil die Nadel aus Eisen schwerer ist als Luft",
                    "Weil im Norden ein magnetischer Nordpol der Erde liegt",
                ],
                0,
                "Nahe dem geografischen Nordpol liegt ein magnetischer Südpol, und ungleiche Pole ziehen sich an.",
                1,
            ),
        ],
    },
    {
        "id": "fr-moyenne",
        "language": "fr",
        "split": "heldout",
        "batch": 5,
        "objectives": [
            "Calculer la moyenne d'une série de notes",
            "Distinguer la moyenne et la médiane",
        ],
        "sections": [
            (
                "Calculer une moyenne",
                "Pour obtenir la moyenne d'une série de valeurs, on additionne toutes les valeurs puis on divise la somme par leur nombre. Un élève qui a obtenu 12, 15, 9 et 14 a un total de 50 points pour 4 notes, soit une moyenne de 50 ÷ 4 = 12,5. Si une note compte double, comme un examen final, on l'ajoute deux fois et on divise par 5 au lieu de 4.",
            ),
            (
                "Moyenne ou médiane ?",
                "La médiane est la valeur du milieu quand on range la série dans l'ordre : la moitié des valeurs est en dessous, l'autre moitié au-dessus. Pour les notes 8, 10, 11, 12 et 19, la médiane est 11, alors que la moyenne vaut 60 ÷ 5 = 12. La différence vient du 19 : une valeur extrême tire la moyenne vers elle, mais ne change presque pas la médiane. C'est pourquoi on donne souvent le salaire médian plutôt que le salaire moyen.",
            ),
        ],
        "quiz": [
            q(
                "Quelle est la moyenne des notes 10, 14 et 18 ?",
                ["13", "42", "14", "16"],
                2,
                "10 + 14 + 18 = 42, et 42 ÷ 3 = 14.",
                0,
            ),
            q(
                "Quelle est la médiane de la série 3, 7, 8, 12, 40 ?",
                ["8", "14", "7", "12"],
                0,
                "Rangée dans l'ordre, la série a 8 comme valeur du milieu ; la moyenne, elle, vaut 14 à cause du 40.",
                1,
            ),
            q(
                "Pourquoi préfère-t-on souvent le salaire médian au salaire moyen ?",
                [
                    "Parce qu'il est toujours plus élevé",
                    "Parce que quelques très hauts salaires tirent la moyenne vers le haut",
                    "Parce qu'il est plus facile à calculer",
                    "Parce que la moyenne ne peut pas être calculée pour des salaires",
                ],
                1,
                "Les valeurs extrêmes déplacent la moyenne, mais presque pas la médiane.",
                1,
            ),
        ],
    },
    {
        "id": "es-estaciones",
        "language": "es",
        "split": "heldout",
        "batch": 5,
        "objectives": [
            "Explicar por qué existen las estaciones del año",
            "Describir el movimiento de traslación de la Tierra",
        ],
        "sections": [
            (
                "Resumen",
                "Mucha gente cree que hace calor en verano porque la Tierra está más cerca del Sol. En esta lección veremos que la verdadera causa es otra y cómo se mueve la Tierra a lo largo del año.",
            ),
            (
                "La inclinación del eje",
                "El eje de la Tierra no está derecho: está inclinado unos 23,5 grados. Durante una parte del año el hemisferio norte se inclina hacia el Sol; los rayos le llegan más verticales, concentran más energía en cada metro cuadrado y los días son más largos, así que allí es verano. Seis meses después ocurre lo contrario y es invierno, mientras el hemisferio sur vive su verano. La distancia al Sol cambia muy poco y no explica las estaciones: la Tierra está más cerca del Sol en enero, en pleno invierno del norte.",
            ),
            (
                "Una vuelta al Sol",
                "Además de girar sobre sí misma cada día, la Tierra da una vuelta completa alrededor del Sol en unos 365 días y 6 horas; ese movimiento se llama traslación. La órbita es una elipse casi circular, y durante todo el recorrido el eje apunta siempre en la misma dirección del espacio. Por eso las seis horas que sobran cada año se acumulan y cada cuatro años se añade un día, el 29 de febrero.",
            ),
        ],
        "quiz": [
            q(
                "¿Cuál es la causa principal de las estaciones?",
                [
                    "La distancia variable entre la Tierra y el Sol",
                    "La inclinación del eje de la Tierra",
                    "La velocidad de rotación de la Tierra",
                    "Los cambios en la actividad del Sol",
                ],
                1,
                "Por la inclinación del eje, cada hemisferio recibe los rayos más verticales durante una parte del año; la distancia al Sol apenas cambia.",
                1,
            ),
            q(
                "¿Cuánto tarda la Tierra en dar una vuelta alrededor del Sol?",
                ["Un día", "Unos 365 días y 6 horas", "Unos 30 días", "Unos 24 meses"],
                1,
                "La traslación dura unos 365 días y 6 horas.",
                2,
            ),
            q(
                "¿Por qué existen los años bisiestos?",
                [
                    "Porque la órbita de la Tierra cambia cada cuatro años",
                    "Porque la Tierra gira más despacio en febrero",
                    "Porque las seis horas que sobran cada año se acumulan",
                    "Porque el eje cambia de dirección",
                ],
                2,
                "Cuatro veces seis horas suman un día, que se añade el 29 de febrero.",
                2,
            ),
        ],
    },
]
