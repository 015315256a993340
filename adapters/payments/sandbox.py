"""The sandbox gateway: no money moves, nothing is stored here, the answers are realistic.

Tokens follow the common test-token convention:

- ``tok_visa`` succeeds;
- ``tok_chargeDeclined`` is declined (``card_declined``), ``tok_insufficientFunds`` is declined
  (``insufficient_funds``); both are permanent;
- ``tok_processingError`` fails transiently (``processing_error``) on the first
  ``processing_error_failures`` attempts for an idempotency key *in this gateway instance*
  (default 1), then succeeds — an outage that clears, so a caller's retry is observable and
  ends in a charge. A fresh process starts counting again;
- any other token is declined permanently (``invalid_token``).

Like a real processor it deduplicates by idempotency key (in this process, for the last
``remembered_keys`` keys): a repeated charge or refund returns the first receipt, and a key
reused for another amount is a conflict.
"""

from __future__ import annotations

import uuid
from collections import Counter, OrderedDict

from adapters.payments.port import (
    GatewayReceipt,
    PaymentConflict,
    PaymentDeclined,
    PaymentUnavailable,
)

SUCCESS_TOKENS = frozenset({"tok_visa"})
DECLINED_TOKENS = {
    "tok_chargeDeclined": "card_declined",
    "tok_insufficientFunds": "insufficient_funds",
}
TRANSIENT_TOKENS = {"tok_processingError": "processing_error"}
CHARGE_PREFIX = "sbx_ch_"
REFUND_PREFIX = "sbx_re_"


class SandboxGateway:
    name = "sandbox"

    def __init__(self, *, processing_error_failures: int = 1, remembered_keys: int = 100_000):
        self.processing_error_failures = processing_error_failures
        self.remembered_keys = remembered_keys
        self._transient_attempts: Counter[str] = Counter()
        self._receipts: OrderedDict[str, tuple[int, GatewayReceipt]] = OrderedDict()

    def _authorise(self, key: str, token: str) -> None:
        if token in SUCCESS_TOKENS:
            return
        if token in DECLINED_TOKENS:
            raise PaymentDeclined(DECLINED_TOKENS[token])
        if token in TRANSIENT_TOKENS:
            self._transient_attempts[key] += 1
            if self._transient_attempts[key] <= self.processing_error_failures:
                raise PaymentUnavailable(TRANSIENT_TOKENS[token])
            return
        raise PaymentDeclined("invalid_token")

    def _earlier(self, key: str, amount_cents: int) -> GatewayReceipt | None:
        found = self._receipts.get(key)
        if found is None:
            return None
        amount, receipt = found
        if amount != amount_cents:
            raise PaymentConflict(f"idempotency key {key} was used for an amount of {amount}")
        return receipt

    def _remember(self, key: str, amount_cents: int, prefix: str) -> GatewayReceipt:
        receipt = GatewayReceipt(f"{prefix}{uuid.uuid4().hex[:24]}")
        self._receipts[key] = (amount_cents, receipt)
        while len(self._receipts) > self.remembered_keys:
            self._receipts.popitem(last=False)
        return receipt

    async def charge(
        self, *, idempotency_key: str, amount_cents: int, currency: str, token: str
    ) -> GatewayReceipt:
        earlier = self._earlier(idempotency_key, amount_cents)
        if earlier is not None:
            return earlier
        self._authorise(idempotency_key, token)
        return self._remember(idempotency_key, amount_cents, CHARGE_PREFIX)

    async def refund(
        self, *, idempotency_key: str, charge_reference: str, amount_cents: int
    ) -> GatewayReceipt:
        earlier = self._earlier(idempotency_key, amount_cents)
        if earlier is not None:
            return earlier
        if not charge_reference.startswith(CHARGE_PREFIX):
            raise PaymentConflict(f"no sandbox charge {charge_reference}")
        return self._remember(idempotency_key, amount_cents, REFUND_PREFIX)
