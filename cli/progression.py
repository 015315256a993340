"""``courseflow progression show|set COURSE_ID --as EMAIL``: a course's progression rules.

The same services as ``GET`` and ``PATCH /api/v1/courses/{id}/progression``: ``--as`` names
the account acting (``set`` needs the course's author or an admin), the same validation
applies, and the settings are printed as JSON. Exit code 2 when the change is refused or
invalid (nothing changes then), 3 when the database is unreachable.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import click
from pydantic import ValidationError

from cli.common import database, fail, load_settings, run_async
from core.settings import Settings
from schemas.enums import ProgressionOrder
from schemas.learning import ProgressionIn, ProgressionOut

OFF = "off"


def _limit(value: str | None, option: str) -> int | None:
    """An integer, or ``off`` for no limit."""
    if value is None or value == OFF:
        return None
    try:
        return int(value)
    except ValueError:
        fail(f"{option} takes a whole number or '{OFF}', not {value!r}")


def _prerequisites(values: tuple[str, ...]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """``LESSON=NEEDED[,NEEDED...]`` (``LESSON=`` clears the lesson's prerequisites)."""
    found: dict[uuid.UUID, list[uuid.UUID]] = {}
    for value in values:
        lesson, sep, needs = value.partition("=")
        try:
            found[uuid.UUID(lesson)] = [uuid.UUID(n) for n in needs.split(",") if n.strip()]
        except ValueError:
            sep = ""
        if not sep:
            fail(f"--prerequisite takes LESSON_ID=NEEDED_ID[,NEEDED_ID...], not {value!r}")
    return found


def _lessons(
    previews: tuple[uuid.UUID, ...],
    hidden: tuple[uuid.UUID, ...],
    prerequisites: dict[uuid.UUID, list[uuid.UUID]],
) -> list[dict[str, Any]]:
    changes: dict[uuid.UUID, dict[str, Any]] = {}
    for lesson in previews:
        changes.setdefault(lesson, {})["free_preview"] = True
    for lesson in hidden:
        changes.setdefault(lesson, {})["free_preview"] = False
    for lesson, needs in prerequisites.items():
        changes.setdefault(lesson, {})["prerequisites"] = [str(n) for n in needs]
    return [{"lesson_id": str(lesson), **change} for lesson, change in changes.items()]


def _body(values: dict[str, Any]) -> ProgressionIn:
    try:
        return ProgressionIn.model_validate(values)
    except ValidationError as exc:
        lines = [f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
        fail("invalid progression settings:\n  " + "\n  ".join(lines))


async def _run(
    settings: Settings, course_id: uuid.UUID, email: str, body: ProgressionIn | None
) -> ProgressionOut:
    from db.session import transaction
    from services import accounts, learning

    async with database(settings) as sessionmaker, transaction(sessionmaker) as session:
        user = await accounts.account_by_email(session, email)
        if body is None:
            return await learning.progression_settings(session, user, course_id)
        return await learning.update_progression(session, user, course_id, body)


def _settings() -> Settings:
    """Settings, with logs on stderr: stdout carries only the JSON answer."""
    from core.logging import configure_logging

    settings = load_settings()
    configure_logging(json=not settings.is_development, level=settings.log_level)
    return settings


def _print(out: ProgressionOut) -> None:
    click.echo(json.dumps(out.model_dump(mode="json"), indent=2))


@click.group()
def progression() -> None:
    """Read or change a course's progression rules (order, pass mark, mastery, minimum
    engagement, quiz attempt limit and cool-down, free previews, lesson prerequisites)."""


AS_OPTION = click.option(
    "--as", "email", required=True, help="The acting account's e-mail (the author or an admin)."
)


@progression.command("show")
@click.argument("course_id", type=click.UUID)
@AS_OPTION
def show(course_id: uuid.UUID, email: str) -> None:
    """Print the course's progression rules as JSON."""
    settings = _settings()
    _print(run_async(lambda: _run(settings, course_id, email, None)))


@progression.command("set")
@click.argument("course_id", type=click.UUID)
@AS_OPTION
@click.option(
    "--order",
    type=click.Choice([o.value for o in ProgressionOrder]),
    help="free: every lesson open; sequential: each after the previous one.",
)
@click.option("--pass-mark", type=int, help="Quiz percentage that passes (1-100; default 70).")
@click.option(
    "--mastery/--no-mastery",
    default=None,
    help="Whether a lesson with a quiz completes only when the quiz is passed.",
)
@click.option(
    "--min-engagement",
    metavar="SECONDS|off",
    help="Time on a section before it may count as completed.",
)
@click.option("--attempt-limit", metavar="N|off", help="Graded attempts per quiz.")
@click.option(
    "--cooldown",
    type=int,
    metavar="SECONDS",
    help="Seconds between graded attempts of a quiz (0: none).",
)
@click.option(
    "--free-preview",
    "previews",
    multiple=True,
    type=click.UUID,
    metavar="LESSON_ID",
    help="Make a lesson readable by anyone who sees the course (repeatable).",
)
@click.option(
    "--no-free-preview",
    "hidden",
    multiple=True,
    type=click.UUID,
    metavar="LESSON_ID",
    help="Stop previewing a lesson (repeatable).",
)
@click.option(
    "--prerequisite",
    "prerequisites",
    multiple=True,
    metavar="LESSON_ID=NEEDED_ID[,...]",
    help="Replace a lesson's prerequisites; LESSON_ID= clears them (repeatable).",
)
def set_rules(
    course_id: uuid.UUID, email: str, order: str | None, pass_mark: int | None,
    mastery: bool | None, min_engagement: str | None, attempt_limit: str | None,
    cooldown: int | None, previews: tuple[uuid.UUID, ...], hidden: tuple[uuid.UUID, ...],
    prerequisites: tuple[str, ...],
) -> None:  # fmt: skip
    """Change the rules given; the others stay as they are. Prints the result as JSON."""
    values: dict[str, Any] = {
        "order": order, "pass_mark": pass_mark, "mastery_required": mastery,
        "quiz_cooldown_s": cooldown,
    }  # fmt: skip
    values = {k: v for k, v in values.items() if v is not None}
    if min_engagement is not None:
        values["min_engagement_s"] = _limit(min_engagement, "--min-engagement")
    if attempt_limit is not None:
        values["quiz_attempt_limit"] = _limit(attempt_limit, "--attempt-limit")
    lessons = _lessons(previews, hidden, _prerequisites(prerequisites))
    if lessons:
        values["lessons"] = lessons
    if not values:
        fail("nothing to change: give at least one option (see --help)")
    body = _body(values)
    settings = _settings()
    _print(run_async(lambda: _run(settings, course_id, email, body)))
