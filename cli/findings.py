"""``courseflow findings list|accept|publish COURSE_ID --as EMAIL``: the review queue of a
generated course from a shell.

The same services as ``GET /api/v1/courses/{id}/findings``, ``POST …/findings/accept`` and
``POST …/publish``: ``--as`` names the acting account (the course's author or an admin).
``list`` prints the queue as JSON (each finding's ``key``, ``code``, pointer and evidence);
``accept`` records an override with ``--reason``; ``publish`` publishes once no finding is
open. Exit code 2 when refused or invalid (nothing changes then), 3 when the database is
unreachable.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import click
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import database, fail, load_settings, run_async
from core.settings import Settings
from schemas.generation import AcceptFindingIn

T = TypeVar("T", bound=BaseModel)

AS_OPTION = click.option(
    "--as", "email", required=True, help="The acting account's e-mail (the author or an admin)."
)


def _settings() -> Settings:
    """Settings, with logs on stderr: stdout carries only the JSON answer."""
    from core.logging import configure_logging

    settings = load_settings()
    configure_logging(json=not settings.is_development, level=settings.log_level)
    return settings


def _run(email: str, action: Callable[[AsyncSession, Settings, Any], Awaitable[T]]) -> None:
    settings = _settings()

    async def go() -> T:
        from db.session import transaction
        from services import accounts

        async with database(settings) as sessionmaker, transaction(sessionmaker) as session:
            user = await accounts.account_by_email(session, email)
            return await action(session, settings, user)

    out = run_async(go)
    click.echo(json.dumps(out.model_dump(mode="json"), indent=2))


@click.group()
def findings() -> None:
    """The quality findings of a generated course: list them, accept one, publish."""


@findings.command("list")
@click.argument("course_id", type=click.UUID)
@AS_OPTION
def list_(course_id: uuid.UUID, email: str) -> None:
    """Print every finding per lesson (key, code, pointer, evidence, acceptance) as JSON."""
    from services import generation

    _run(
        email,
        lambda session, settings, user: generation.review_queue(session, settings, user, course_id),
    )


@findings.command("accept")
@click.argument("course_id", type=click.UUID)
@click.argument("key")
@AS_OPTION
@click.option("--lesson", "lesson_id", type=click.UUID, help="The lesson (omit for the course).")
@click.option("--reason", required=True, help="Why the finding is accepted (recorded).")
def accept(
    course_id: uuid.UUID, key: str, email: str, lesson_id: uuid.UUID | None, reason: str
) -> None:
    """Accept the finding KEY (from `list`) for a recorded reason."""
    from services import generation

    try:
        body = AcceptFindingIn(key=key, lesson_id=lesson_id, reason=reason)
    except ValidationError as exc:
        lines = [f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
        fail("invalid acceptance:\n  " + "\n  ".join(lines))
    _run(
        email,
        lambda session, settings, user: generation.accept_finding(
            session, settings, user, course_id, body
        ),
    )


@findings.command("publish")
@click.argument("course_id", type=click.UUID)
@AS_OPTION
def publish(course_id: uuid.UUID, email: str) -> None:
    """Publish the course once every finding is accepted."""
    from schemas.catalog import CourseSummary
    from services import generation

    async def go(session: AsyncSession, settings: Settings, user: Any) -> CourseSummary:
        course = await generation.publish_reviewed(session, settings, user, course_id)
        return CourseSummary.model_validate(course)

    _run(email, go)
