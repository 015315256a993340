"""One handler maps every domain error (``services.errors`` and the errors beside each service)
to ``application/problem+json`` (RFC 9457), with its HTTP status and stable problem type.
Nothing returns a stack trace."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.logging import get_logger
from services.errors import PROBLEM_BASE, DomainError, FieldInvalid, RateLimited

PROBLEM_JSON = "application/problem+json"
log = get_logger("courseflow.api")


class Problem(BaseModel):
    """The problem+json body, declared in routes' ``responses=``."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "model": Problem,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


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
    response = problem(exc.status, exc.slug, exc.title, exc.detail, errors=errors)
    if isinstance(exc, RateLimited):
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
