"""Cost of one call from the price table in settings (USD per million tokens)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import Decimal

MILLION = Decimal(1_000_000)
Prices = Mapping[str, tuple[Decimal, Decimal, Decimal]]


def call_cost_usd(
    prices: Prices, model: str, input_tokens: int, output_tokens: int, cached_tokens: int
) -> Decimal | None:
    """``None`` when the model has no price: the caller logs it and records 0."""
    price = prices.get(model)
    if price is None:
        return None
    price_in, price_out, price_cached = price
    uncached = max(0, input_tokens - cached_tokens)
    total = uncached * price_in + cached_tokens * price_cached + output_tokens * price_out
    return (total / MILLION).quantize(Decimal("0.000001"))


def prompt_hash(system: str, messages: list[str]) -> str:
    digest = hashlib.sha256(system.encode())
    for message in messages:
        digest.update(b"\x00")
        digest.update(message.encode())
    return digest.hexdigest()
