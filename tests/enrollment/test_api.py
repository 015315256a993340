"""The enrollment API over the real app, dev server and PostgreSQL: update-with-start
answers, idempotent POSTs, re-enrollment, cancellation with promotion, access rules."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from db.models import User
from schemas.enums import Role
from tests.conftest import ApiFactory
from tests.enrollment.conftest import EnrollEnv
from tests.enrollment.support import assert_money_and_seats, payments_of, running_worker
from tests.factories import auth_headers
from workflows.enrollment import EnrollmentWorkflow


async def poll(
    api: httpx.AsyncClient, enrollment_id: str, headers: dict[str, str], status: str
) -> dict[str, Any]:
    for _ in range(150):
        body: dict[str, Any] = (
            await api.get(f"/api/v1/enrollments/{enrollment_id}", headers=headers)
        ).json()
        if body["status"] == status:
            return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"enrollment {enrollment_id} never became {status}: {body}")


def enroll(api: httpx.AsyncClient, course_id: uuid.UUID, who: dict[str, str], **body: Any) -> Any:
    return api.post(f"/api/v1/courses/{course_id}/enrollments", json=body, headers=who)


async def test_enroll_answers_active_and_a_repeated_post_returns_the_same_enrollment(
    env: EnrollEnv, api_client_factory: ApiFactory
) -> None:
    course = await env.course(price_cents=4900, capacity=3)
    student, other = await env.students(2)
    me, them = auth_headers(env.settings, student), auth_headers(env.settings, other)
    api = await api_client_factory(env.settings, temporal=env.client)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        first = await enroll(api, course.id, me, payment_token="tok_visa")
        assert first.status_code == 201, first.text
        body = first.json()
        assert body["status"] == "active"
        assert body["workflow_id"] == f"enroll-{course.id}-{student.id}"
        again = await enroll(api, course.id, me, payment_token="tok_visa")
        assert again.status_code == 200
        assert again.json()["id"] == body["id"]
        # A double click from another student: two POSTs at once, one saga.
        twins = await asyncio.gather(
            *(enroll(api, course.id, them, payment_token="tok_visa") for _ in range(2))
        )
        assert sorted(t.status_code for t in twins) == [200, 201]
        assert twins[0].json()["id"] == twins[1].json()["id"]
    read = await api.get(f"/api/v1/enrollments/{body['id']}", headers=me)
    assert read.status_code == 200 and read.json()["status"] == "active"
    assert (await api.get(f"/api/v1/enrollments/{body['id']}", headers=them)).status_code == 404
    theirs = (await api.get("/api/v1/me/enrollments", headers=them)).json()
    assert theirs["total"] == 1 and theirs["items"][0]["id"] == twins[0].json()["id"]
    mine = (await api.get("/api/v1/me/enrollments", headers=me)).json()
    assert [item["id"] for item in mine["items"]] == [body["id"]] and mine["total"] == 1
    assert len(await payments_of(env.sessionmaker, uuid.UUID(body["id"]))) == 1
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_declined_answer_then_reenrolling_starts_a_new_saga(
    env: EnrollEnv, api_client_factory: ApiFactory
) -> None:
    course = await env.course(price_cents=1500)
    student = await env.student()
    me = auth_headers(env.settings, student)
    api = await api_client_factory(env.settings, temporal=env.client)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        declined = await enroll(api, course.id, me, payment_token="tok_chargeDeclined")
        assert declined.status_code == 402, declined.text
        assert declined.headers["content-type"].startswith("application/problem+json")
        problem = declined.json()
        assert problem["type"].endswith("/payment-declined")
        assert problem["reason"] == "payment_declined: card_declined"
        assert problem["enrollment"]["status"] == "failed"
        row = await api.get(f"/api/v1/enrollments/{problem['enrollment_id']}", headers=me)
        assert row.json()["status"] == "failed"
        assert row.json()["reason"] == "payment_declined: card_declined"
        retried = await enroll(api, course.id, me, payment_token="tok_visa")
        assert retried.status_code == 201
        assert retried.json()["status"] == "active"
        assert retried.json()["id"] != problem["enrollment_id"]
        assert retried.json()["workflow_id"] == problem["enrollment"]["workflow_id"]
        saga = env.client.get_workflow_handle_for(
            EnrollmentWorkflow.run, retried.json()["workflow_id"]
        )
        # The signal's real sender is covered in tests/learning/test_end_to_end.py; here only
        # the completed state matters, for the re-enrollment below.
        await saga.signal(EnrollmentWorkflow.mark_completed)
        assert (await saga.result()).status.value == "completed"
        after = await enroll(api, course.id, me, payment_token="tok_visa")
        assert after.status_code == 409 and "already completed" in after.json()["detail"]
    statuses = (await api.get("/api/v1/me/enrollments", headers=me)).json()["items"]
    assert sorted(item["status"] for item in statuses) == ["completed", "failed"]
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_cancel_refunds_and_the_waitlisted_student_becomes_active(
    env: EnrollEnv, api_client_factory: ApiFactory
) -> None:
    course = await env.course(price_cents=4900, capacity=1)
    holder, waiter = await env.students(2)
    h, w = auth_headers(env.settings, holder), auth_headers(env.settings, waiter)
    api = await api_client_factory(env.settings, temporal=env.client)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        held = (await enroll(api, course.id, h, payment_token="tok_visa")).json()
        waiting = await enroll(api, course.id, w, payment_token="tok_visa")
        assert waiting.status_code == 201
        assert waiting.json()["status"] == "waitlisted"
        assert waiting.json()["waitlist_position"] == 1
        assert (await api.delete(f"/api/v1/enrollments/{held['id']}", headers=w)).status_code == 404
        cancelled = await api.delete(f"/api/v1/enrollments/{held['id']}", headers=h)
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "cancelled"
        assert cancelled.json()["reason"] == "cancelled_by_student: refunded 49.00 USD"
        promoted = await poll(api, waiting.json()["id"], w, "active")
        assert promoted["waitlist_position"] is None
        again = await api.delete(f"/api/v1/enrollments/{held['id']}", headers=h)
        assert again.status_code == 409
        assert again.headers["content-type"].startswith("application/problem+json")
    waiter_payments = await payments_of(env.sessionmaker, uuid.UUID(waiting.json()["id"]))
    assert [p.amount_cents for p in waiter_payments] == [4900]
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_answers_202_with_the_enrollment_to_poll_when_the_outcome_is_not_yet_known(
    env_factory: Callable[..., EnrollEnv], api_client_factory: ApiFactory
) -> None:
    env = env_factory(enrollment_answer_wait_s=0)
    course = await env.course(price_cents=700)
    student = await env.student()
    me = auth_headers(env.settings, student)
    api = await api_client_factory(env.settings, temporal=env.client)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        started = await enroll(api, course.id, me, payment_token="tok_visa")
        assert started.status_code == 202
        assert started.json()["status"] == "pending"
        await poll(api, started.json()["id"], me, "active")
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_access_rules_and_input_errors(
    env: EnrollEnv, api_client_factory: ApiFactory
) -> None:
    course = await env.course(price_cents=4900)
    free = await env.course()
    student, other = await env.students(2)
    admin = await env.student(Role.admin)
    async with env.sessionmaker() as session:
        author = await session.get(User, course.author_id)
    assert author is not None
    me = auth_headers(env.settings, student)
    api = await api_client_factory(env.settings, temporal=env.client)

    assert (await enroll(api, course.id, {}, payment_token="tok_visa")).status_code == 401
    for_other = await enroll(api, free.id, me, student_id=str(other.id))
    assert for_other.status_code == 403
    instructor = auth_headers(env.settings, await env.student(Role.instructor))
    assert (await enroll(api, free.id, instructor, student_id=str(other.id))).status_code == 403
    bad_token = await enroll(api, course.id, me, payment_token="4242424242424242")
    assert bad_token.status_code == 422
    assert bad_token.json()["errors"][0]["field"] == "body.payment_token"
    extra = await enroll(api, course.id, me, payment_token="tok_visa", coupon="FREE")
    assert extra.status_code == 422 and extra.json()["errors"][0]["field"] == "body.coupon"
    no_token = await enroll(api, course.id, me)
    assert no_token.status_code == 422 and "payment_token" in no_token.json()["detail"]
    assert (await enroll(api, uuid.uuid4(), me)).status_code == 404
    own = await enroll(api, course.id, auth_headers(env.settings, author), payment_token="tok_visa")
    assert own.status_code == 403
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        by_admin = await enroll(
            api, free.id, auth_headers(env.settings, admin), student_id=str(other.id)
        )
    assert by_admin.status_code == 201 and by_admin.json()["student_id"] == str(other.id)
    assert by_admin.json()["status"] == "active"
    mine = (await api.get("/api/v1/me/enrollments", headers=me)).json()
    assert mine["total"] == 0
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id, free.id])


async def test_with_no_worker_post_answers_202_and_delete_falls_back_to_the_signal(
    env_factory: Callable[..., EnrollEnv], api_client_factory: ApiFactory
) -> None:
    """The worker is down: neither the POST nor the DELETE may answer 500 (found by the
    saga benchmark). Once a worker returns, the signalled cancel is carried out."""
    env = env_factory(enrollment_answer_wait_s=1)
    course = await env.course(price_cents=900)
    student = await env.student()
    me = auth_headers(env.settings, student)
    api = await api_client_factory(env.settings, temporal=env.client)
    started = await enroll(api, course.id, me, payment_token="tok_visa")
    assert started.status_code == 202, started.text
    enrollment_id = started.json()["id"]
    assert started.json()["status"] == "pending"
    again = await enroll(api, course.id, me, payment_token="tok_visa")
    assert again.status_code in (200, 202) and again.json()["id"] == enrollment_id
    cancelled = await api.delete(f"/api/v1/enrollments/{enrollment_id}", headers=me)
    assert cancelled.status_code == 202, cancelled.text
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        final = await poll(api, enrollment_id, me, "cancelled")
    assert final["status"] == "cancelled"
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])
