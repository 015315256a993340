"""Domain errors raised by services, as the Temporal errors activities fail with."""

from __future__ import annotations

from temporalio.exceptions import ApplicationError

from services.errors import DomainError, Unavailable


def application_error(exc: DomainError) -> ApplicationError:
    """Permanent unless the service says it is unavailable: a retry cannot fix a rule."""
    return ApplicationError(
        exc.reason, type=exc.error_code, non_retryable=not isinstance(exc, Unavailable)
    )
