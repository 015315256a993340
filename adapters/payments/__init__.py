"""Payments port (``port.py``) and its implementations (``sandbox``: test tokens, no money)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.payments.port import PaymentGateway
    from core.settings import Settings


def make_gateway(settings: Settings) -> PaymentGateway:
    if settings.payment_gateway == "sandbox":
        from adapters.payments.sandbox import SandboxGateway

        return SandboxGateway()
    raise ValueError(f"unknown payment gateway {settings.payment_gateway!r}")
