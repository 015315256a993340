"""One handler maps every domain error (``services.errors`` and the errors beside each service)
to ``application/problem+json`` (RFC 9457), with its HTTP status and stable problem type.
Nothing returns a stack trace."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.logging import get_logger
from services.errors import PROBLEM_BASE, DomainError, FieldInvalid

PROBLEM_JSON = "application/problem+json"
log = get_logger("courseflow.api")


class Problem(BaseModel):
    """The problem+json body, declared in routes' ``responses=``."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


class BlockedProblem(Problem):
    """A 409: when a progression rule or the quiz policy refused the learner's action, why
    (``blocking_reason``) and what unblocks it (``required_actions``); other conflicts (an
    enrollment that is not active) carry neither."""

    blocking_reason: str | None = Field(
        default=None,
        description="locked, prerequisites_not_met, mastery_not_achieved, "
        "insufficient_engagement, attempt_limit_reached or cooling_down",
    )
    required_actions: list[dict[str, Any]] | None = Field(
        default=None,
        description="each {action: complete_section | pass_quiz | spend_time | wait | "
        "ask_instructor, lesson_id?, section_id?, title?, pass_mark?, best_score?, "
        "seconds_remaining?, available_at?}",
    )


def problem_responses(*statuses: int, blocked: bool = False) -> dict[int | str, dict[str, Any]]:
    """The problem+json answers a route declares; ``blocked``: its 409 is a BlockedProblem."""
    answers: dict[int | str, dict[str, Any]] = {
        status: {
            "model": Problem,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
    if blocked:
        answers[409] = {
            "model": BlockedProblem,
            "description": "Refused by the course's progression rules or quiz policy",
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/BlockedProblem"}}},
        }
    return answers


def problem(status: int, slug: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    errors = None
    if isinstance(exc, FieldInvalid):  # the same shape as a schema validation error
        errors = [{"field": f"body.{exc.field}", "message": exc.message, "code": exc.kind}]
    response = problem(
        exc.status, exc.slug, exc.title, exc.detail, errors=errors, **exc.problem_extensions()
    )
    if exc.retry_after_s is not None:
        response.headers["Retry-After"] = str(exc.retry_after_s)
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "field": _field(err.get("loc", ())),
            "message": err.get("msg", ""),
            "code": err.get("type"),
        }
        for err in exc.errors()
    ]
    fields = ", ".join(e["field"] for e in errors) or "request"
    return problem(
        422, "validation-error", "Invalid request", f"invalid fields: {fields}", errors=errors
    )


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    slug = {404: "not-found", 405: "method-not-allowed", 401: "unauthorized"}.get(
        exc.status_code, "http-error"
    )
    response = problem(exc.status_code, slug, str(exc.detail), str(exc.detail))
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    # A lost or refused database connection is an outage, not a bug: 503 and retry later.
    log.warning("api.database_unavailable", path=request.url.path, error_type=type(exc).__name__)
    response = problem(
        503, "database-unavailable", "Service unavailable", "the database is unreachable; retry"
    )
    response.headers["Retry-After"] = "5"
    return response


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error(
        "api.unhandled_error",
        path=request.url.path,
        error_type=type(exc).__name__,
        exc_info=exc,
    )
    return problem(500, "internal-error", "Internal error", "an unexpected error occurred")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for outage in (OperationalError, InterfaceError, PoolTimeoutError):
        app.add_exception_handler(outage, _database_unavailable)
    app.add_exception_handler(Exception, _unexpected)
