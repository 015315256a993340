"""Domain errors: each carries its HTTP status and a stable problem type.

A domain's own errors subclass these and live beside its service (``services/<domain>.py``);
the API maps every one to ``application/problem+json`` in one handler (``api/errors.py``), the
CLI to a one-line message and an exit code (``cli/common.py``), and activities to a Temporal
``ApplicationError`` whose type is the error's ``code`` (``activities/errors.py``).
"""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://courseflow.dev/problems/"


class DomainError(Exception):
    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"
    # Stable machine name, e.g. the ApplicationError type workflows branch on; by default
    # the class name. Never derived from the message.
    code: str | None = None
    # When set, the API answers with a Retry-After header of this many seconds.
    retry_after_s: int | None = None

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail  # for people: the problem's detail, the CLI's line
        self.reason = detail  # for machines: what an activity fails with (a stable code)
        self.extra = extra

    @property
    def type(self) -> str:
        return PROBLEM_BASE + self.slug

    @property
    def error_code(self) -> str:
        return self.code or type(self).__name__

    def problem_extensions(self) -> dict[str, Any]:
        """Extra members of the problem+json body (RFC 9457 extensions), stable for clients."""
        return {}


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
        self.retry_after_s: int = retry_after_s


class Unavailable(DomainError):
    status, slug, title = 503, "unavailable", "Service unavailable"


class FieldInvalid(InvalidInput):
    """A body or query field the schema accepted but a rule refuses (a per-post time cap, a
    week that has not ended): answered like a validation error that names the field."""

    slug, title = "validation-error", "Invalid request"

    def __init__(self, field: str, message: str, kind: str = "value_error") -> None:
        super().__init__(f"invalid fields: body.{field}")
        self.field = field
        self.message = message
        self.kind = kind
