"""``courseflow generate "Title" --description … [--review]``: start a course generation and
watch it with a live progress bar until it ends.

It talks to the database and Temporal directly, like the other operator commands (no API
token needed on the machine that runs the stack): the run is created exactly as
``POST /api/v1/course-generations`` creates it, for the author given by ``--author``.
The bar follows the workflow's ``get_progress`` query (the database projection when no worker
answers). Exit code 0 when the run completed, 1 when it ended otherwise, 2 on bad input,
3 when the database or Temporal is unreachable.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import click
from pydantic import ValidationError

from cli.common import database, fail, load_settings, run_async, temporal_client
from core.settings import Settings
from schemas.enums import Difficulty
from schemas.generation import (
    TERMINAL_STATUSES,
    CourseGenerationRequest,
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


async def _progress(client: Any, sessionmaker: Any, generation_id: Any) -> GenerationProgress:
    """The workflow's live progress, or the database projection when no worker answers."""
    from services import generation

    async with sessionmaker() as session:
        return await generation.progress(session, client, generation_id)


async def _watch(client: Any, sessionmaker: Any, generation_id: Any) -> GenerationProgress:
    shown = 0
    told_review = False
    with click.progressbar(length=100, label="queued", show_eta=False) as bar:
        while True:
            p = await _progress(client, sessionmaker, generation_id)
            bar.label = f"{p.stage.value:<9} {p.lessons_done}/{p.lessons_total} lessons"
            if p.input_tokens:
                uncached = p.input_tokens - p.cached_input_tokens
                bar.label += f" · input {uncached} + {p.cached_input_tokens} cached"
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
    from services import catalog, generation

    client = await temporal_client(settings)
    async with database(settings) as sessionmaker:
        async with sessionmaker() as session:
            author = await catalog.author_by_email(session, author_email)
            row = await generation.start_course_generation(
                session, client, settings, author, body, commit=session.commit
            )
        out: dict[str, Any] = {"id": str(row.id), "workflow_id": row.workflow_id}
        if not wait:
            return {**out, "status": "running"}
        final = await _watch(client, sessionmaker, row.id)
        out.update(final.model_dump(mode="json", include={"status", "course_id", "error"}))
        out["tokens"], out["cost_usd"] = final.tokens, str(final.cost_usd)
        out["input_tokens_cached"] = final.cached_input_tokens
        out["input_tokens_uncached"] = final.input_tokens - final.cached_input_tokens
        if final.status.value == "completed":
            result = await generation.run_result(client, row.workflow_id)
            out["course_status"], out["findings"] = result.course_status, result.findings
        return out


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
