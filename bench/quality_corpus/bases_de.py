# ruff: noqa: E501  (lesson text, kept as written)
"""Good German lessons of the quality corpus (checks in the course's own language)."""

from __future__ import annotations

from typing import Any

from bench.quality_corpus.bases_en import q

BASES: list[dict[str, Any]] = [
    {
        "id": "de-cache",
        "language": "de",
        "split": "tuning",
        "objectives": ["Erklären, wie ein Cache die Latenz senkt", "Veraltete Einträge erkennen"],
        "sections": [
            (
                "Überblick",
                "In dieser Lektion lernen Sie, warum ein Cache langsame Dienste schnell "
                "wirken lässt.",
            ),
            (
                "Kopien in der Nähe",
                "Ein Cache speichert eine Kopie des Ergebnisses nahe beim "
                "Leser. Kommt dieselbe Anfrage wieder, wird die Kopie sofort geliefert, und die "
                "Latenz sinkt deutlich. Der langsame Weg zur Datenbank entfällt.",
            ),
            (
                "Veraltete Kopien",
                "Ändern sich die Daten, ist die Kopie im Cache veraltet. Solche "
                "Einträge muss die Anwendung löschen oder mit einer kurzen Lebensdauer versehen. "
                "Sonst sehen Nutzer alte Werte.",
            ),
        ],
        "quiz": [
            q(
                "Warum senkt ein Cache die Latenz?",
                [
                    "Er liefert eine gespeicherte Kopie sofort",
                    "Er komprimiert die Datenbank",
                    "Er verschlüsselt jede Anfrage",
                    "Er startet mehr Server",
                ],
                0,
                "Die gespeicherte Kopie wird sofort geliefert, der Weg zur Datenbank entfällt.",
                1,
            ),
            q(
                "Was passiert mit veralteten Einträgen, die nie gelöscht werden?",
                [
                    "Die Datenbank wächst",
                    "Nutzer sehen alte Werte",
                    "Der Cache wird schneller",
                    "Nichts",
                ],
                1,
                "Veraltete Kopien zeigen den Nutzern alte Werte.",
                2,
            ),
            q(
                "Wozu dient eine kurze Lebensdauer eines Eintrags?",
                [
                    "Veraltete Kopien verschwinden bald",
                    "Einträge bleiben für immer",
                    "Der Cache wird abgeschaltet",
                    "Die Latenz steigt",
                ],
                0,
                "Mit kurzer Lebensdauer verschwinden veraltete Kopien bald.",
                2,
            ),
        ],
    },
    {
        "id": "de-prozent",
        "language": "de",
        "split": "tuning",
        "objectives": [
            "Brüche, Dezimalzahlen und Prozente umrechnen",
            "Einen Prozentwert berechnen",
        ],
        "sections": [
            (
                "Drei Schreibweisen",
                "Ein Bruch, eine Dezimalzahl und ein Prozentsatz können "
                "denselben Anteil beschreiben. Ein Viertel ist 1/4, 0,25 oder 25 %. Um eine "
                "Dezimalzahl in Prozent umzurechnen, multipliziert man sie mit 100.",
            ),
            (
                "Prozentwerte berechnen",
                "Um 20 % von 150 zu berechnen, schreibt man den "
                "Prozentsatz als Dezimalzahl 0,2 und multipliziert: 0,2 · 150 = 30. So lässt sich "
                "jeder Prozentwert berechnen.",
            ),
        ],
        "quiz": [
            q(
                "Welcher Prozentsatz entspricht 0,4?",
                ["4 %", "40 %", "0,4 %", "400 %"],
                1,
                "Man multipliziert mit 100: 0,4 · 100 = 40 %.",
                0,
            ),
            q(
                "Wie viel sind 20 % von 150?",
                ["20", "30", "35", "130"],
                1,
                "20 % sind 0,2, und 0,2 · 150 = 30.",
                1,
            ),
            q(
                "Welcher Bruch entspricht 25 %?",
                ["1/4", "1/5", "2/5", "4/1"],
                0,
                "25 % sind ein Viertel, also 1/4.",
                0,
            ),
        ],
    },
    {
        "id": "de-git",
        "language": "de",
        "split": "tuning",
        "objectives": ["Einen Zweig für ein Feature anlegen", "Einen Zweig in main zusammenführen"],
        "sections": [
            (
                "Zweige",
                "Ein Zweig ist ein beweglicher Zeiger auf einen Commit. Mit git switch -c "
                "feature legt man einen Zweig an und arbeitet darauf, ohne main zu verändern. Jeder "
                "neue Commit bewegt den Zeiger des Zweigs weiter.",
            ),
            (
                "Zusammenführen",
                "Ist das Feature fertig, wechselt man zu main und führt git merge "
                "feature aus. Hat sich main nicht bewegt, verschiebt Git nur den Zeiger; sonst "
                "entsteht ein Merge-Commit mit zwei Eltern. Konflikte entstehen, wenn beide Zweige "
                "dieselben Zeilen geändert haben.",
            ),
        ],
        "quiz": [
            q(
                "Welcher Befehl legt einen Zweig an und wechselt zu ihm?",
                ["git merge feature", "git switch -c feature", "git push", "git log"],
                1,
                "git switch -c legt den Zweig an und wechselt zu ihm.",
                0,
            ),
            q(
                "Wann entsteht ein Merge-Commit?",
                [
                    "Wenn sich main seit dem Anlegen des Zweigs bewegt hat",
                    "Immer",
                    "Nie",
                    "Nur nach einem Push",
                ],
                0,
                "Hat main neue Commits, entsteht ein Merge-Commit mit zwei Eltern.",
                1,
            ),
            q(
                "Wann entstehen Konflikte beim Zusammenführen?",
                [
                    "Wenn beide Zweige dieselben Zeilen geändert haben",
                    "Wenn die Namen der beiden Zweige sehr lang und ungewöhnlich sind",
                    "Bei einem einzigen Commit",
                    "Wenn main leer ist",
                ],
                0,
                "Konflikte entstehen, wenn beide Zweige dieselben Zeilen geändert haben.",
                1,
            ),
        ],
    },
    {
        "id": "de-photosynthese",
        "language": "de",
        "split": "tuning",
        "objectives": [
            "Ausgangsstoffe und Produkte der Photosynthese beschreiben",
            "Die Rolle des Chlorophylls erklären",
        ],
        "sections": [
            (
                "Ausgangsstoffe und Produkte",
                "Die Photosynthese nimmt Kohlendioxid, Wasser und "
                "Lichtenergie auf. Sie erzeugt Glukose als Nahrung der Pflanze und gibt Sauerstoff "
                "an die Luft ab. Der Vorgang findet vor allem in den Blättern statt.",
            ),
            (
                "Chlorophyll",
                "Chlorophyll ist der grüne Farbstoff in den Chloroplasten. Es "
                "absorbiert rotes und blaues Licht und gibt die Energie an die Reaktionen weiter, "
                "die Glukose aufbauen. Grünes Licht wird reflektiert, deshalb sind Blätter grün.",
            ),
        ],
        "quiz": [
            q(
                "Welches Gas gibt die Photosynthese ab?",
                ["Kohlendioxid", "Sauerstoff", "Stickstoff", "Methan"],
                1,
                "Die Photosynthese nimmt Kohlendioxid auf und gibt Sauerstoff ab.",
                0,
            ),
            q(
                "Was macht das Chlorophyll?",
                [
                    "Es absorbiert Lichtenergie",
                    "Es speichert Wasser",
                    "Es bildet Wurzeln",
                    "Es gibt Kohlendioxid ab",
                ],
                0,
                "Chlorophyll absorbiert rotes und blaues Licht.",
                1,
            ),
            q(
                "Warum sind Blätter grün?",
                [
                    "Sie reflektieren grünes Licht",
                    "Sie absorbieren grünes Licht",
                    "Sie enthalten Zucker",
                    "Sie sind nass",
                ],
                0,
                "Chlorophyll reflektiert grünes Licht.",
                1,
            ),
        ],
    },
    {
        "id": "de-binaer",
        "language": "de",
        "split": "heldout",
        "objectives": [
            "Binärzahlen in Dezimalzahlen umrechnen",
            "Den Stellenwert einer Ziffer bestimmen",
        ],
        "sections": [
            (
                "Stellenwerte",
                "Im Binärsystem hat jede Stelle den doppelten Wert der Stelle "
                "rechts von ihr: 1, 2, 4, 8 und so weiter. Eine Ziffer ist entweder 0 oder 1. Der "
                "Stellenwert der vierten Stelle von rechts ist also 8.",
            ),
            (
                "Umrechnen",
                "Um eine Binärzahl umzurechnen, addiert man die Stellenwerte aller "
                "Stellen mit einer 1. Die Binärzahl 1011 ist 8 + 2 + 1 = 11. Mit etwas Übung "
                "gelingt das Umrechnen im Kopf.",
            ),
        ],
        "quiz": [
            q(
                "Welchen Dezimalwert hat die Binärzahl 1011?",
                ["11", "13", "9", "1011"],
                0,
                "Man addiert die Stellenwerte mit einer 1: 8 + 2 + 1 = 11.",
                1,
            ),
            q(
                "Welchen Stellenwert hat die vierte Stelle von rechts?",
                ["4", "8", "16", "3"],
                1,
                "Die Stellenwerte sind 1, 2, 4, 8; die vierte Stelle hat den Wert 8.",
                0,
            ),
            q(
                "Welche Ziffern gibt es im Binärsystem?",
                ["0 und 1", "0 bis 9", "1 und 2", "nur 1"],
                0,
                "Eine Ziffer im Binärsystem ist entweder 0 oder 1.",
                0,
            ),
        ],
    },
    {
        "id": "de-wasser",
        "language": "de",
        "split": "heldout",
        "objectives": [
            "Die Stationen des Wasserkreislaufs beschreiben",
            "Die Rolle der Sonne im Wasserkreislauf erklären",
        ],
        "sections": [
            (
                "Stationen",
                "Wasser verdunstet aus Meeren und Seen, steigt als Dampf auf und "
                "kondensiert in der Höhe zu Wolken. Als Regen oder Schnee fällt es zurück und "
                "fließt über Flüsse wieder ins Meer. Dieser Kreislauf wiederholt sich ständig.",
            ),
            (
                "Die Sonne als Antrieb",
                "Die Sonne liefert die Energie, die das Wasser verdunsten "
                "lässt. Ohne ihre Wärme gäbe es kaum Wasserdampf und damit keine Wolken. Sie ist "
                "der Motor des Wasserkreislaufs.",
            ),
        ],
        "quiz": [
            q(
                "Was geschieht mit Wasserdampf in der Höhe?",
                [
                    "Er kondensiert zu Wolken",
                    "Er verschwindet",
                    "Er wird zu Salz",
                    "Er verdunstet erneut",
                ],
                0,
                "In der Höhe kondensiert der Dampf zu Wolken.",
                0,
            ),
            q(
                "Welche Rolle spielt die Sonne?",
                [
                    "Sie liefert die Energie für die Verdunstung",
                    "Sie erzeugt Salz",
                    "Sie kühlt die Meere",
                    "Keine",
                ],
                0,
                "Die Sonne liefert die Energie, die das Wasser verdunsten lässt.",
                1,
            ),
            q(
                "Wie gelangt Wasser zurück ins Meer?",
                ["Nur als Dampf", "Über Flüsse", "Gar nicht", "Durch Wolken allein"],
                1,
                "Regen und Schnee fließen über Flüsse zurück ins Meer.",
                0,
            ),
        ],
    },
]
