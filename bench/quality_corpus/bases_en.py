# ruff: noqa: E501  (lesson text, kept as written)
"""Good English lessons of the quality corpus, written the way models write them: overviews,
paraphrased objectives, notation in options, explanations that also reject a distractor."""

from __future__ import annotations

from typing import Any

S = tuple[str, str]


def q(prompt: str, options: list[str], key: int, explanation: str, section: int) -> dict[str, Any]:
    return {"prompt": prompt, "options": options, "key": key, "explanation": explanation,
            "section": section}  # fmt: skip


BASES: list[dict[str, Any]] = [
    {
        "id": "en-caching",
        "language": "en",
        "split": "tuning",
        "objectives": ["Explain how caching reduces latency", "Choose when to invalidate a cache"],
        "sections": [
            (
                "Overview",
                "In this lesson you will learn why a cache makes a slow service feel "
                "fast and when the copies it keeps must be thrown away.",
            ),
            (
                "Keeping copies close",
                "Keeping a copy of a result near the reader makes answers "
                "come back sooner. A cache stores that copy in memory, so a repeated request skips "
                "the slow database and the network round trip. The time a user waits, the latency, "
                "drops from hundreds of milliseconds to a few.",
            ),
            (
                "When copies go stale",
                "A cached copy is only useful while it matches the source. "
                "When the data changes, the application must invalidate the entry or give it a "
                "short time to live. Invalidating too rarely shows old data; invalidating too often "
                "throws the speed away.",
            ),
        ],
        "quiz": [
            q(
                "Why does a cache make repeated requests faster?",
                [
                    "It compresses the database",
                    "It returns a stored copy without the slow round trip",
                    "It adds more servers",
                    "It encrypts the request",
                ],
                1,
                "The stored copy is returned from memory, so the slow database and network round "
                "trip are skipped.",
                1,
            ),
            q(
                "What happens if a cache entry is never invalidated after the data changes?",
                [
                    "Users may see old data",
                    "The cache becomes faster",
                    "The database is deleted",
                    "Nothing at all",
                ],
                0,
                "A copy that no longer matches the source shows old data to the users.",
                2,
            ),
            q(
                "What does a short time to live do?",
                [
                    "Keeps entries forever",
                    "Makes entries expire soon, limiting stale data",
                    "Disables the cache",
                    "Doubles the latency",
                ],
                1,
                "Entries expire soon, so stale copies do not live long.",
                2,
            ),
        ],
    },
    {
        "id": "en-sorting",
        "language": "en",
        "split": "tuning",
        "objectives": ["Sort and filter rows", "Combine several filter conditions"],
        "sections": [
            (
                "Sorting and filtering",
                "Sorting arranges the rows of a table by the values in "
                "one column, ascending or descending. Filtering hides every row that does not meet "
                "a condition, such as a price below ten. Both leave the data itself unchanged.",
            ),
            (
                "Several conditions at once",
                "A filter can combine conditions with AND and OR. "
                "With AND a row must meet every condition; with OR one condition is enough. "
                "Combining conditions narrows a large table to exactly the rows you need.",
            ),
        ],
        "quiz": [
            q(
                "What does filtering a table do?",
                [
                    "Deletes rows permanently",
                    "Hides rows that do not meet a condition",
                    "Reorders the columns",
                    "Adds totals",
                ],
                1,
                "Filtering only hides the rows that fail the condition; the data is unchanged.",
                0,
            ),
            q(
                "A filter uses AND between two conditions. Which rows stay visible?",
                [
                    "Rows meeting at least one condition",
                    "Rows meeting every condition",
                    "All rows",
                    "No rows",
                ],
                1,
                "With AND a row must meet every condition to stay visible.",
                1,
            ),
            q(
                "Sorting by price in descending order puts which row first?",
                ["The most expensive row", "The cheapest row", "A random row", "The newest row"],
                0,
                "Descending order starts with the largest value, the most expensive row.",
                0,
            ),
        ],
    },
    {
        "id": "en-exponents",
        "language": "en",
        "split": "tuning",
        "objectives": ["Apply the product rule for exponents", "Distinguish x² from 2x"],
        "sections": [
            (
                "Multiplying powers",
                "When two powers of the same base are multiplied, the "
                "exponents are added: x² · x³ = x⁵. The base stays the same because each power "
                "only counts how many times the base appears as a factor.",
            ),
            (
                "Squares are not doubles",
                "The expression x² means x multiplied by itself, while "
                "2x means x added to itself. For x = 3, x² is 9 but 2x is 6. Confusing the two is "
                "one of the most common algebra mistakes.",
            ),
        ],
        "quiz": [
            q(
                "What is x² · x³?",
                ["x⁵", "x⁶", "2x⁵", "x"],
                0,
                "The exponents are added: 2 + 3 = 5, so the product is x⁵, not x⁶.",
                0,
            ),
            q(
                "For x = 3, what is x²?",
                ["6", "9", "5", "3"],
                1,
                "x² is x multiplied by itself, 3 · 3 = 9; 6 would be 2x.",
                1,
            ),
            q(
                "Which expression means x added to itself?",
                ["x²", "2x", "x + 2", "x - x"],
                1,
                "2x is x + x; x² is x · x.",
                1,
            ),
        ],
    },
    {
        "id": "en-percentages",
        "language": "en",
        "split": "tuning",
        "objectives": [
            "Convert between fractions, decimals and percentages",
            "Compute a percentage of an amount",
        ],
        "sections": [
            (
                "Three ways to write a part",
                "A fraction, a decimal and a percentage can name the "
                "same part of a whole. One half is 1/2, 0.5 or 50 %. To turn a decimal into a "
                "percentage, multiply it by 100.",
            ),
            (
                "Taking a percentage of an amount",
                "To compute 20 % of 150, write the percentage "
                "as a decimal, 0.2, and multiply: 0.2 · 150 = 30. The same steps work for any "
                "percentage and any amount.",
            ),
        ],
        "quiz": [
            q(
                "Which percentage equals 0.75?",
                ["7.5 %", "75 %", "0.75 %", "750 %"],
                1,
                "Multiply the decimal by 100: 0.75 · 100 = 75 %.",
                0,
            ),
            q(
                "What is 20 % of 150?",
                ["20", "30", "35", "130"],
                1,
                "Write 20 % as 0.2 and multiply: 0.2 · 150 = 30.",
                1,
            ),
            q(
                "Which fraction names the same part as 50 %?",
                ["1/2", "1/5", "2/1", "1/50"],
                0,
                "50 % is one half, 1/2.",
                0,
            ),
        ],
    },
    {
        "id": "en-http",
        "language": "en",
        "split": "tuning",
        "objectives": [
            "Interpret HTTP status code classes",
            "Tell client errors from server errors",
        ],
        "sections": [
            (
                "Status code classes",
                "Every HTTP response carries a three-digit status code. "
                "Codes from 200 to 299 mean success, 300 to 399 redirect the client, 400 to 499 "
                "report a problem with the request, and 500 to 599 report a failure on the "
                "server.",
            ),
            (
                "Whose fault is it?",
                "A 404 or a 422 tells the client that its request is wrong: "
                "repeating it unchanged will fail again. A 503 says the server cannot answer right "
                "now, so retrying later can succeed. Client errors are fixed by changing the "
                "request; server errors by waiting or by fixing the server.",
            ),
        ],
        "quiz": [
            q(
                "Which class of status codes reports a problem with the request?",
                ["2xx", "3xx", "4xx", "5xx"],
                2,
                "The 4xx codes (400 to 499) report problems with the request itself.",
                0,
            ),
            q(
                "A server answers 503. What should the client do?",
                ["Change the request body", "Retry later", "Delete its cookies", "Give up forever"],
                1,
                "A 503 means the server cannot answer now; retrying later can succeed.",
                1,
            ),
            q(
                "Is repeating an unchanged request that got a 422 useful?",
                [
                    "Yes, it will succeed next time",
                    "No, the request itself is wrong",
                    "Only on Mondays",
                    "Only with HTTPS",
                ],
                1,
                "A 422 is a client error: the unchanged request will fail again.",
                1,
            ),
        ],
    },
    {
        "id": "en-git",
        "language": "en",
        "split": "tuning",
        "objectives": ["Create a branch for a feature", "Merge a branch back into main"],
        "sections": [
            (
                "Branches",
                "A branch is a movable pointer to a commit. Creating a branch with "
                "git switch -c feature lets you commit new work without touching main. Each new "
                "commit moves the branch pointer forward.",
            ),
            (
                "Merging",
                "When the feature is done, switch back to main and run git merge "
                "feature. If main has not moved, git simply fast-forwards the pointer; otherwise it "
                "creates a merge commit that has two parents. Conflicts appear when both branches "
                "changed the same lines.",
            ),
        ],
        "quiz": [
            q(
                "Which command creates a branch and switches to it?",
                ["git merge feature", "git switch -c feature", "git commit -m feature", "git push"],
                1,
                "git switch -c creates the branch and switches to it.",
                0,
            ),
            q(
                "When does a merge create a merge commit?",
                [
                    "When main has moved since the branch was created",
                    "Always",
                    "Never",
                    "Only after a push",
                ],
                0,
                "If main has new commits, git cannot fast-forward and creates a merge commit "
                "with two parents.",
                1,
            ),
            q(
                "When do merge conflicts appear?",
                [
                    "When both branches changed the same lines",
                    "When a branch has one commit",
                    "When the branch name is long",
                    "When main is empty",
                ],
                0,
                "Conflicts appear when both branches changed the same lines.",
                1,
            ),
        ],
    },
    {
        "id": "en-interest",
        "language": "en",
        "split": "tuning",
        "objectives": ["Calculate compound interest", "Compare simple and compound interest"],
        "sections": [
            (
                "Interest on interest",
                "Compound interest adds each year's interest to the "
                "balance, so the next year earns interest on it too. After n years at rate r, a "
                "deposit P grows to P · (1 + r)^n. At 10 % a year, 100 becomes 121 after two "
                "years.",
            ),
            (
                "Simple versus compound",
                "Simple interest pays the same amount every year because "
                "it is always computed on the original deposit. At 10 % simple interest, 100 "
                "becomes 120 after two years, one less than with compounding. The gap grows "
                "quickly over long periods.",
            ),
        ],
        "quiz": [
            q(
                "At 10 % compound interest, what does 100 grow to after two years?",
                ["120", "121", "110", "200"],
                1,
                "100 · 1.1 · 1.1 = 121; 120 would be simple interest.",
                0,
            ),
            q(
                "Why does compound interest grow faster than simple interest?",
                [
                    "It earns interest on earlier interest",
                    "Its rate is always higher",
                    "It is paid monthly",
                    "It is tax free",
                ],
                0,
                "Each year's interest is added to the balance and earns interest itself.",
                0,
            ),
            q(
                "At 10 % simple interest, what does 100 become after two years?",
                ["121", "120", "102", "110"],
                1,
                "Simple interest pays 10 each year on the original 100: 120.",
                1,
            ),
        ],
    },
    {
        "id": "en-sql-joins",
        "language": "en",
        "split": "heldout",
        "objectives": ["Join two tables on a key", "Explain what a left join keeps"],
        "sections": [
            (
                "Joining on a key",
                "A join combines rows of two tables whose key columns match. "
                "Joining orders to customers on customer_id puts each order next to the customer "
                "who placed it. An inner join keeps only the rows that found a partner.",
            ),
            (
                "Left joins",
                "A left join keeps every row of the left table, even when no row of "
                "the right table matches. The columns from the right table are then filled with "
                "NULL. Left joins are how you find customers who never ordered.",
            ),
        ],
        "quiz": [
            q(
                "What does an inner join of orders and customers keep?",
                ["Only rows with a matching partner", "Every order", "Every customer", "Nothing"],
                0,
                "An inner join keeps only rows whose keys matched.",
                0,
            ),
            q(
                "A customer has no orders. What does a left join from customers to orders show?",
                [
                    "The customer with NULL order columns",
                    "Nothing for that customer",
                    "An error",
                    "A duplicate customer",
                ],
                0,
                "The left join keeps the customer and fills the order columns with NULL.",
                1,
            ),
            q(
                "Which join finds customers who never ordered?",
                [
                    "An inner join",
                    "A left join, then the NULL order columns",
                    "A cross join of every customer with every order",
                    "No join can",
                ],
                1,
                "A left join keeps every customer; those with NULL order columns never ordered.",
                1,
            ),
        ],
    },
    {
        "id": "en-passwords",
        "language": "en",
        "split": "heldout",
        "objectives": ["Explain why passwords are hashed", "Describe what a salt prevents"],
        "sections": [
            (
                "Hashing passwords",
                "A server should never store passwords as plain text. It "
                "stores a slow one-way hash instead, such as Argon2 or bcrypt, and compares hashes "
                "at login. A stolen database then reveals hashes that are expensive to reverse.",
            ),
            (
                "Salts",
                "A salt is a random value stored next to each hash and mixed into it. "
                "Because every user has a different salt, two equal passwords get different "
                "hashes. Salts make precomputed rainbow tables useless.",
            ),
        ],
        "quiz": [
            q(
                "Why does a server hash passwords?",
                [
                    "So a stolen database does not reveal them",
                    "To make login faster",
                    "To compress them",
                    "To share them with other sites",
                ],
                0,
                "A one-way hash means a stolen database reveals only hashes that are expensive to "
                "reverse.",
                0,
            ),
            q(
                "What does a salt prevent?",
                [
                    "Precomputed rainbow table attacks",
                    "Typing mistakes",
                    "Slow logins",
                    "Password resets",
                ],
                0,
                "With a different random salt per user, precomputed rainbow tables no longer "
                "match.",
                1,
            ),
            q(
                "Two users choose the same password. With salts, their hashes are…",
                ["identical", "different", "empty", "reversible"],
                1,
                "Each user has a different salt, so equal passwords get different hashes.",
                1,
            ),
        ],
    },
    {
        "id": "en-photosynthesis",
        "language": "en",
        "split": "heldout",
        "objectives": [
            "Describe the inputs and outputs of photosynthesis",
            "Explain the role of chlorophyll",
        ],
        "sections": [
            (
                "What goes in and what comes out",
                "Photosynthesis takes in carbon dioxide, water "
                "and light energy. It produces glucose, which the plant uses as food, and releases "
                "oxygen into the air. The process happens mostly in the leaves.",
            ),
            (
                "Chlorophyll",
                "Chlorophyll is the green pigment inside chloroplasts. It absorbs "
                "red and blue light and passes that energy on to the reactions that build glucose. "
                "Green light is reflected, which is why leaves look green.",
            ),
        ],
        "quiz": [
            q(
                "Which gas does photosynthesis release?",
                ["Carbon dioxide", "Oxygen", "Nitrogen", "Methane"],
                1,
                "Photosynthesis takes in carbon dioxide and releases oxygen.",
                0,
            ),
            q(
                "What does chlorophyll do?",
                ["Absorbs light energy", "Stores water", "Releases carbon dioxide", "Builds roots"],
                0,
                "Chlorophyll absorbs red and blue light and passes the energy on.",
                1,
            ),
            q(
                "Why do leaves look green?",
                [
                    "They reflect green light",
                    "They absorb green light",
                    "They contain sugar",
                    "They are wet",
                ],
                0,
                "Chlorophyll reflects green light instead of absorbing it.",
                1,
            ),
        ],
    },
]
