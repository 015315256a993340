"""``courseflow generate "Title" --description … [--review]``: start a course generation and
watch it with a live progress bar until it ends.

It talks to the database and Temporal directly, like the other operator commands (no API
token needed on the machine that runs the stack): the run is created exactly as
``POST /api/v1/course-generations`` creates it, for the author given by ``--author``.
The bar follows the workflow's ``get_progress`` query (the database projection when no worker
answers). Exit code 0 when the run completed, 1 when it ended otherwise, 2 on bad input.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import click
from pydantic import ValidationError

from cli.common import fail, load_settings, run_async
from core.settings import Settings
from schemas.enums import Difficulty, Role
from schemas.generation import (
    TERMINAL_STATUSES,
    CourseGenerationRequest,
    CourseGenerationResult,
    GenerationProgress,
)

POLL_S = 0.5


def _request(**values: Any) -> CourseGenerationRequest:
    try:
        return CourseGenerationRequest(**values)
    except ValidationError as exc:
        lines = [
            f"{'.'.join(str(p) for p in err.get('loc', ())) or 'request'}: {err.get('msg')}"
            for err in exc.errors()
        ]
        fail("invalid course request:\n  " + "\n  ".join(lines))


async def _progress(handle: Any, sessionmaker: Any, generation_id: Any) -> GenerationProgress:
    from api.routers.generation import projection
    from db.models import CourseGeneration
    from workflows.generation import CourseGenerationWorkflow

    live: GenerationProgress | None = None
    # No worker yet, or the run closed: the database projection answers instead.
    with contextlib.suppress(Exception):
        live = await handle.query(CourseGenerationWorkflow.get_progress)
    if live is not None and live.status not in TERMINAL_STATUSES:
        return live
    async with sessionmaker() as session:
        row = await session.get(CourseGeneration, generation_id)
        return await projection(session, row)


async def _watch(handle: Any, sessionmaker: Any, generation_id: Any) -> GenerationProgress:
    shown = 0
    told_review = False
    with click.progressbar(length=100, label="queued", show_eta=False) as bar:
        while True:
            p = await _progress(handle, sessionmaker, generation_id)
            bar.label = f"{p.stage.value:<9} {p.lessons_done}/{p.lessons_total} lessons"
            if p.current_item:
                bar.label += f" · {p.current_item[:50]}"
            bar.update(max(0, p.percent - shown))
            shown = max(shown, p.percent)
            if p.status.value == "awaiting_review" and not told_review:
                click.echo(
                    f"\nwaiting for review: POST /api/v1/course-generations/{generation_id}/review",
                    err=True,
                )
                told_review = True
            if p.status in TERMINAL_STATUSES:
                return p
            await asyncio.sleep(POLL_S)


async def _generate(
    settings: Settings, body: CourseGenerationRequest, author_email: str, wait: bool
) -> dict[str, Any]:
    from api.routers.generation import create_generation, start_generation_workflow
    from core.temporal import connect
    from db.queries.accounts import get_user_by_email
    from db.session import make_engine, make_sessionmaker
    from services.errors import DomainError
    from workflows.generation import CourseGenerationWorkflow

    engine = make_engine(settings.resolved_database_url)
    try:
        client = await connect(settings)
        sessionmaker = make_sessionmaker(engine)
        async with sessionmaker() as session:
            author = await get_user_by_email(session, author_email)
            if author is None or author.role not in (Role.instructor, Role.admin):
                fail(f"no instructor or admin account with the e-mail {author_email}")
            try:
                row = await create_generation(session, author, body)
            except DomainError as exc:
                fail(exc.detail)
            await session.commit()
        await start_generation_workflow(client, settings, row, body)
        out: dict[str, Any] = {"id": str(row.id), "workflow_id": row.workflow_id}
        if not wait:
            return {**out, "status": "running"}
        handle = client.get_workflow_handle_for(CourseGenerationWorkflow.run, row.workflow_id)
        final = await _watch(handle, sessionmaker, row.id)
        out.update(final.model_dump(mode="json", include={"status", "course_id", "error"}))
        out["tokens"], out["cost_usd"] = final.tokens, str(final.cost_usd)
        if final.status.value == "completed":
            result: CourseGenerationResult = await handle.result()
            out["course_status"], out["findings"] = result.course_status, result.findings
        return out
    finally:
        await engine.dispose()


@click.command("generate")
@click.argument("title")
@click.option("--description", required=True, help="What the course is about (10-4000 chars).")
@click.option("--modules", "module_count", type=click.IntRange(1, 12), default=3, show_default=True)
@click.option(
    "--lessons", "lessons_per_module", type=click.IntRange(1, 8), default=3, show_default=True
)
@click.option(
    "--difficulty",
    type=click.Choice([d.value for d in Difficulty]),
    default=Difficulty.beginner.value,
    show_default=True,
)
@click.option("--objective", "objectives", multiple=True, help="A learning objective (repeat).")
@click.option("--audience", default=None, help="Who the course is for.")
@click.option("--review", is_flag=True, help="Wait for a human review of the outline.")
@click.option(
    "--author", default="instructor@example.com", show_default=True, help="Instructor e-mail."
)
@click.option("--no-wait", is_flag=True, help="Start the run and print its ID only.")
def generate(
    title: str,
    description: str,
    module_count: int,
    lessons_per_module: int,
    difficulty: str,
    objectives: tuple[str, ...],
    audience: str | None,
    review: bool,
    author: str,
    no_wait: bool,
) -> None:
    """Generate a course and show a live progress bar until the run ends."""
    body = _request(
        title=title,
        description=description,
        module_count=module_count,
        lessons_per_module=lessons_per_module,
        difficulty=difficulty,
        learning_objectives=list(objectives),
        audience=audience,
        review=review,
    )
    settings = load_settings()
    out = run_async(lambda: _generate(settings, body, author, wait=not no_wait))
    click.echo(json.dumps(out, indent=2))
    if out["status"] not in ("completed", "running"):
        raise SystemExit(1)
