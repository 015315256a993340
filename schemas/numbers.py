"""Numbers on the wire: every number in an API answer is a JSON number.

Pydantic writes ``Decimal`` as a JSON string (``"33.33"``) to keep its precision; API
clients then have to parse strings to do arithmetic. ``JsonDecimal`` keeps the exact
``Decimal`` in Python (and in the database) and writes a JSON number, which is exact for
the values the API carries: percentages with two decimals and US-dollar costs with six.
Money that is charged is integer cents (``price_cents``) everywhere.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer

JsonDecimal = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
