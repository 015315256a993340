"""Eligibility: published, window open, prerequisites completed, not already enrolled.
Each failure is permanent, with a reason the API shows, and leaves nothing behind."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from db.base import utcnow
from db.models import Enrollment, User, course_prerequisites
from db.session import transaction
from schemas.enums import CourseStatus, EnrollmentStatus
from tests.enrollment.conftest import EnrollEnv
from tests.enrollment.support import (
    assert_money_and_seats,
    payments_of,
    running_worker,
    seats_taken,
    start_saga,
)
from tests.support.history import local_activities


async def test_missing_prerequisites_fail_with_their_titles_then_pass_once_completed(
    env: EnrollEnv,
) -> None:
    algebra = await env.course(title="Algebra Basics")
    geometry = await env.course(title="Geometry")
    calculus = await env.course(title="Calculus", price_cents=3000, capacity=5)
    student = await env.student()
    async with transaction(env.sessionmaker) as session:
        await session.execute(
            course_prerequisites.insert(),
            [
                {"course_id": calculus.id, "prerequisite_id": algebra.id},
                {"course_id": calculus.id, "prerequisite_id": geometry.id},
            ],
        )
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        first = await start_saga(env.client, env.settings, calculus.id, student.id)
        result = await first.handle.result()
        assert result.status is EnrollmentStatus.failed
        assert result.reason == "prerequisites_not_met: Algebra Basics, Geometry"
        assert await payments_of(env.sessionmaker, first.enrollment_id) == []
        async with transaction(env.sessionmaker) as session:
            for done in (algebra, geometry):
                session.add(
                    Enrollment(
                        course_id=done.id,
                        student_id=student.id,
                        workflow_id=f"enroll-{done.id}-{student.id}",
                        status=EnrollmentStatus.completed,
                    )
                )
        # Same workflow ID, new run: the closed one may be followed by another.
        second = await start_saga(env.client, env.settings, calculus.id, student.id)
        assert (await second.outcome()).status is EnrollmentStatus.active
    assert await seats_taken(env.sessionmaker, calculus.id) == 1
    await assert_money_and_seats(env.sessionmaker, env.settings, [calculus.id])


async def test_unpublished_and_closed_courses_are_refused(env: EnrollEnv) -> None:
    now = utcnow()
    draft = await env.course(status=CourseStatus.draft, price_cents=100)
    closed = await env.course(enrollment_closes_at=now - timedelta(hours=1), price_cents=100)
    not_yet = await env.course(enrollment_opens_at=now + timedelta(days=2), price_cents=100)
    student = await env.student()
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        sagas = [
            await start_saga(env.client, env.settings, c.id, student.id)
            for c in (draft, closed, not_yet)
        ]
        results = await asyncio.gather(*(s.handle.result() for s in sagas))
    reasons = [r.reason or "" for r in results]
    assert reasons[0] == "course_not_published: draft"
    assert reasons[1].startswith("enrollment_closed: ")
    assert reasons[2].startswith("enrollment_not_open: ")
    assert all(r.status is EnrollmentStatus.failed for r in results)
    await assert_money_and_seats(env.sessionmaker, env.settings, [draft.id, closed.id, not_yet.id])


async def test_an_existing_active_enrollment_blocks_a_second_one(env: EnrollEnv) -> None:
    course = await env.course()
    student = await env.student()
    async with transaction(env.sessionmaker) as session:
        # e.g. left behind by a run an operator terminated: the saga must not double it.
        session.add(
            Enrollment(
                course_id=course.id,
                student_id=student.id,
                workflow_id="legacy",
                status=EnrollmentStatus.active,
                price_cents=0,
            )
        )
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        saga = await start_saga(env.client, env.settings, course.id, student.id)
        result = await saga.handle.result()
    assert result.status is EnrollmentStatus.failed
    assert result.reason == "already_enrolled"
    assert await seats_taken(env.sessionmaker, course.id) == 0
    await assert_money_and_seats(env.sessionmaker, env.settings, [course.id])


async def test_a_priced_course_without_a_token_is_refused_before_a_seat_is_taken(
    env: EnrollEnv,
) -> None:
    """The saga decides it at eligibility (the one rule), not at the charge step."""
    course = await env.course(price_cents=4900, capacity=1)
    student = await env.student()
    async with running_worker(env.client, env.deps, env.settings.task_queue):
        saga = await start_saga(env.client, env.settings, course.id, student.id, token=None)
        result = await saga.handle.result()
    assert (result.status, result.reason) == (EnrollmentStatus.failed, "payment_token_required")
    history = await saga.handle.fetch_history()
    scheduled = [
        e.activity_task_scheduled_event_attributes.activity_type.name
        for e in history.events
        if e.HasField("activity_task_scheduled_event_attributes")
    ]
    assert "reserve_seat" not in scheduled and "charge_payment" not in scheduled
    local = [name for name, _ in await local_activities(saga.handle)]
    assert local[0] == "check_eligibility" and "reserve_seat" not in local
    assert await seats_taken(env.sessionmaker, course.id) == 0
    assert await payments_of(env.sessionmaker, saga.enrollment_id) == []
    async with env.sessionmaker() as session:
        row = await session.get(Enrollment, saga.enrollment_id)
    assert row is not None and row.reason == "payment_token_required"  # the row records it


async def test_every_refusal_comes_from_one_function_in_its_order(env: EnrollEnv) -> None:
    """``eligibility_problems`` lists every reason, in rule order, for any door to use."""
    from db.queries.enrollment import course_with_prerequisites
    from services.enrollment import (
        AlreadyCompleted,
        CourseNotPublished,
        OwnCourse,
        PaymentTokenRequired,
        eligibility_problems,
    )

    course = await env.course(price_cents=100, status=CourseStatus.draft)
    async with transaction(env.sessionmaker) as session:
        loaded = await course_with_prerequisites(session, course.id)
        assert loaded is not None
        author = await session.get(User, loaded.author_id)
        session.add(
            Enrollment(
                course_id=course.id, student_id=loaded.author_id, workflow_id="legacy",
                status=EnrollmentStatus.completed,
            )
        )  # fmt: skip
        await session.flush()
        problems = await eligibility_problems(
            session, course=loaded, student=author, payment_token=None, enrollment_id=None,
            now=utcnow(),
        )  # fmt: skip
    assert [type(p) for p in problems] == [
        OwnCourse, CourseNotPublished, PaymentTokenRequired, AlreadyCompleted
    ]  # fmt: skip
    assert [p.refused_at_request for p in problems] == [True, True, True, True]
    assert [p.reason.split(":")[0] for p in problems] == [
        "own_course", "course_not_published", "payment_token_required", "already_completed"
    ]  # fmt: skip
