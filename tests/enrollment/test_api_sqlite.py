"""The embedded default: the whole saga through the API on SQLite."""

from __future__ import annotations

import pytest

from tests.conftest import ApiFactory
from tests.enrollment.conftest import EnrollEnv
from tests.enrollment.support import assert_money_and_seats, running_worker
from tests.factories import auth_headers


@pytest.fixture
def db_url(sqlite_session_url: str) -> str:
    return sqlite_session_url


async def test_enroll_and_cancel_on_sqlite(env: EnrollEnv, api_client_factory: ApiFactory) -> None:
    course = await env.course(price_cents=4900, capacity=2)
    student = await env.student()
    me = auth_headers(env.settings, student)
    api = await api_client_factory(env.settings, temporal=env.client)
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        created = await api.post(
            f"/api/v1/courses/{course.id}/enrollments",
            json={"payment_token": "tok_visa"},
            headers=me,
        )
        assert created.status_code == 201, created.text
        assert created.json()["status"] == "active"
        cancelled = await api.delete(f"/api/v1/enrollments/{created.json()['id']}", headers=me)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["reason"] == "cancelled_by_student: refunded 49.00 USD"
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])
