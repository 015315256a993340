"""Domain errors: each carries its HTTP status and a stable problem type.

A domain's own errors subclass these and live beside its service (``services/<domain>.py``);
the API maps every one to ``application/problem+json`` in one handler (``api/errors.py``), and
the CLI to a one-line message and an exit code (``cli/common.py``).
"""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://courseflow.dev/problems/"


class DomainError(Exception):
    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    @property
    def type(self) -> str:
        return PROBLEM_BASE + self.slug


class NotFound(DomainError):
    status, slug, title = 404, "not-found", "Not found"


class Unauthorized(DomainError):
    status, slug, title = 401, "unauthorized", "Authentication required"


class Forbidden(DomainError):
    status, slug, title = 403, "forbidden", "Forbidden"


class Conflict(DomainError):
    status, slug, title = 409, "conflict", "Conflict"


class InvalidInput(DomainError):
    status, slug, title = 422, "invalid-input", "Invalid input"


class RateLimited(DomainError):
    status, slug, title = 429, "rate-limited", "Too many requests"

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail, retry_after_s=retry_after_s)
        self.retry_after_s = retry_after_s


class Unavailable(DomainError):
    status, slug, title = 503, "unavailable", "Service unavailable"
