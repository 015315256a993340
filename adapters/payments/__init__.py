"""Payments port and implementations (``sandbox``: a real ledger with test tokens)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from adapters.payments.port import PaymentGateway
    from core.settings import Settings


def make_gateway(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> PaymentGateway:
    if settings.payment_gateway == "sandbox":
        from adapters.payments.sandbox import SandboxGateway

        return SandboxGateway(sessionmaker)
    raise ValueError(f"unknown payment gateway {settings.payment_gateway!r}")


def charge_key(enrollment_id: object) -> str:
    """The charge's idempotency key: the enrollment ID itself."""
    return str(enrollment_id)


def refund_key(enrollment_id: object) -> str:
    """One full refund per enrollment, derived from the charge key."""
    return f"refund:{enrollment_id}"
