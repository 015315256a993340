"""Enrollment answers that tell the truth (issue 20): a refusal is a problem, never a 2xx.

402 payment declined and 409 not eligible name the enrollment row that records them; a
course the caller cannot see is 404 and nothing is written; the CLI exits non-zero with the
same message. Real app, dev server, PostgreSQL, the sandbox gateway."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from temporalio.testing import WorkflowEnvironment

from db.models import Enrollment, User
from schemas.enums import CourseStatus, Role
from tests.conftest import ApiFactory
from tests.enrollment.conftest import EnrollEnv
from tests.enrollment.support import running_worker
from tests.enrollment.test_cli import run_cli
from tests.factories import auth_headers


def enroll(api: httpx.AsyncClient, course_id: uuid.UUID, who: dict[str, str], **body: Any) -> Any:
    return api.post(f"/api/v1/courses/{course_id}/enrollments", json=body, headers=who)


async def rows_of(env: EnrollEnv, course_id: uuid.UUID) -> int:
    async with env.sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(Enrollment).where(Enrollment.course_id == course_id)
        )
    return int(count or 0)


async def test_insufficient_funds_is_402_naming_the_recorded_enrollment(
    env: EnrollEnv, api_client_factory: ApiFactory
) -> None:
    course = await env.course(price_cents=2500)
    student = await env.student()
    me = auth_headers(env.settings, student)
    api = await api_client_factory(env.settings, temporal=env.client)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        answer = await enroll(api, course.id, me, payment_token="tok_insufficientFunds")
    assert answer.status_code == 402, answer.text
    body = answer.json()
    assert body["status"] == 402 and body["title"] == "Payment declined"
    assert body["reason"].startswith("payment_declined")
    assert body["enrollment_id"] in body["detail"]
    async with env.sessionmaker() as session:
        row = await session.get(Enrollment, uuid.UUID(body["enrollment_id"]))
    assert row is not None and row.status.value == "failed"


async def test_ineligible_after_the_saga_checked_is_409_with_the_enrollment_id(
    env: EnrollEnv, api_client_factory: ApiFactory
) -> None:
    """A closed enrollment window is decided by the saga (it records the refusal): 409."""
    closed = await env.course(enrollment_closes_at=datetime.now(UTC) - timedelta(hours=1))
    student = await env.student()
    me = auth_headers(env.settings, student)
    api = await api_client_factory(env.settings, temporal=env.client)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        answer = await enroll(api, closed.id, me)
    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert body["type"].endswith("/not-eligible")
    assert body["reason"].startswith("enrollment_closed")
    assert body["enrollment"]["id"] == body["enrollment_id"]
    assert await rows_of(env, closed.id) == 1


async def test_an_unpublished_course_is_404_to_a_student_and_nothing_is_written(
    env: EnrollEnv, api_client_factory: ApiFactory
) -> None:
    draft = await env.course(status=CourseStatus.review)
    student = await env.student()
    admin = await env.student(Role.admin)
    me = auth_headers(env.settings, student)
    api = await api_client_factory(env.settings, temporal=env.client)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        hidden = await enroll(api, draft.id, me)
        # The control: GET hides it the same way.
        read = await api.get(f"/api/v1/courses/{draft.id}", headers=me)
        # An admin sees the course, so is told why; still nothing is written.
        by_admin = await enroll(
            api, draft.id, auth_headers(env.settings, admin), student_id=str(student.id)
        )
    assert hidden.status_code == 404, hidden.text
    assert read.status_code == 404
    assert "not_published" not in hidden.text and "review" not in hidden.json()["detail"]
    assert by_admin.status_code == 409, by_admin.text
    assert "not published" in by_admin.json()["detail"]
    assert await rows_of(env, draft.id) == 0
    async with env.sessionmaker() as session:
        author = await session.get(User, draft.author_id)
    assert author is not None


async def test_the_cli_answers_refusals_the_same_way(
    env: EnrollEnv, dev_env: WorkflowEnvironment
) -> None:
    course = await env.course(price_cents=1500)
    draft = await env.course(status=CourseStatus.draft)
    student = await env.student()
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        declined = await run_cli(env, dev_env, "enroll", str(course.id), "--student",
                                 student.email, "--token", "tok_chargeDeclined")  # fmt: skip
        unpublished = await run_cli(env, dev_env, "enroll", str(draft.id), "--student",
                                    student.email)  # fmt: skip
    assert declined.exit_code == 1, declined.output
    assert "payment_declined: card_declined" in declined.output and "402" in declined.output
    assert "Traceback" not in declined.output and "{" not in declined.stdout
    async with env.sessionmaker() as session:
        failed = await session.scalar(select(Enrollment).where(Enrollment.course_id == course.id))
    assert failed is not None and str(failed.id) in declined.output
    assert unpublished.exit_code == 2, unpublished.output
    assert "not published" in unpublished.output
    assert await rows_of(env, draft.id) == 0
