"""``courseflow enroll COURSE_ID --student EMAIL --token tok_visa``: an operator enrolls a user.

Calls the same service as the API (the same eligibility rule, the same update-with-start:
one open saga per student and course) and prints the enrollment as JSON. A refusal is one
line on stderr, as the API's problem: exit code 1 when the saga refused it (payment
declined, not eligible: the line names the enrollment that records it), 2 when it was
refused before anything was written, 3 when the database or Temporal is down.
"""

from __future__ import annotations

import json
import re
import uuid

import click

from cli.common import EXIT_FAILED, database, fail, load_settings, run_async, temporal_client
from core.settings import Settings
from schemas.enrollment import PAYMENT_TOKEN_PATTERN, EnrollmentOut
from services.enrollment import EnrollmentFailed


async def _enroll(
    settings: Settings, course_id: uuid.UUID, email: str, token: str | None
) -> EnrollmentOut | EnrollmentFailed:
    from services import accounts, enrollment

    client = await temporal_client(settings)
    async with database(settings) as sessionmaker, sessionmaker() as session:
        student = await accounts.account_by_email(session, email)
        try:
            enrolled = await enrollment.enroll(
                session, client, settings, course_id=course_id, student=student,
                payment_token=token, commit=session.commit, caller=None,
            )  # fmt: skip
        except EnrollmentFailed as refused:
            return refused
        await session.commit()
        return enrolled.enrollment


@click.command("enroll")
@click.argument("course_id", type=click.UUID)
@click.option("--student", "email", required=True, help="The student's login e-mail.")
@click.option("--token", default=None, help="Payment token (sandbox: tok_visa, ...).")
def enroll(course_id: uuid.UUID, email: str, token: str | None) -> None:
    """Enroll a student in a course and print the outcome (or `pending` to poll)."""
    if token is not None and not re.fullmatch(PAYMENT_TOKEN_PATTERN, token):
        fail(f"--token {token!r} is not a payment token (tok_...)")
    settings = load_settings()
    out = run_async(lambda: _enroll(settings, course_id, email, token))
    if not isinstance(out, EnrollmentOut):  # the saga refused it; its row says why
        click.echo(f"Error: {out.detail} ({out.status} {out.title})", err=True)
        raise SystemExit(EXIT_FAILED)
    click.echo(json.dumps(out.model_dump(mode="json"), indent=2))
