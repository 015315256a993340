"""``courseflow enroll COURSE_ID --student EMAIL --token tok_visa``: an operator enrolls a user.

Runs the same update-with-start as the API (one open saga per student and course) and prints
the enrollment as JSON; exit code 1 when the enrollment failed.
"""

from __future__ import annotations

import json
import re
import uuid

import click

from cli.common import fail, load_settings, run_async
from core.settings import Settings
from schemas.enrollment import PAYMENT_TOKEN_PATTERN, EnrollmentOut
from schemas.enums import EnrollmentStatus


async def _enroll(
    settings: Settings, course_id: uuid.UUID, email: str, token: str | None
) -> EnrollmentOut:
    from api.routers.enrollment import enrollment_out, start_enrollment
    from core.temporal import connect
    from db.models import Course
    from db.queries.accounts import get_user_by_email
    from db.session import make_engine, make_sessionmaker
    from services.errors import DomainError

    engine = make_engine(settings.resolved_database_url)
    try:
        client = await connect(settings)
        async with make_sessionmaker(engine)() as session:
            student = await get_user_by_email(session, email)
            if student is None:
                fail(f"no account with the e-mail {email}")
            course = await session.get(Course, course_id)
            if course is None:
                fail(f"no course with the ID {course_id}")
            if course.price_cents > 0 and token is None:
                fail("--token is required: the course has a price")
            try:
                row, _created = await start_enrollment(
                    client, settings, session, course=course, student=student, payment_token=token
                )
            except DomainError as exc:
                fail(exc.detail)
            out = await enrollment_out(session, row)
            await session.commit()
            return out
    finally:
        await engine.dispose()


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
    click.echo(json.dumps(out.model_dump(mode="json"), indent=2))
    if out.status is EnrollmentStatus.failed:
        raise SystemExit(1)
