"""A learner's whole path through the API with the real workflows: enroll (the real
EnrollmentWorkflow charges and activates), complete every section and pass every quiz (the
API starts the real CourseCompletionWorkflow, which signals the saga), and the saga ends
``completed``. Nothing is signalled by hand and no workflow is a stand-in."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

from sqlalchemy import func, select
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from db.models import Certificate, Enrollment, Lesson, Notification, Payment, QuizQuestion
from db.session import make_engine, make_sessionmaker, transaction
from schemas.enrollment import EnrollmentView
from schemas.enums import EnrollmentStatus, Role
from schemas.learning import CompletionResult
from schemas.temporal import completion_workflow_id
from tests.conftest import ApiFactory
from tests.factories import auth_headers, create_course, create_user
from tests.learning.support import running_worker, sections_of
from workflows.enrollment import EnrollmentWorkflow
from workflows.learning import CourseCompletionWorkflow


async def test_a_learner_completes_a_course_and_the_real_saga_ends_completed(
    postgres_session_url: str, make_settings: Callable[..., Settings],
    api_client_factory: ApiFactory, dev_env: WorkflowEnvironment, task_queue: str,
) -> None:  # fmt: skip
    settings = make_settings(
        database_url=postgres_session_url, task_queue=task_queue,
        llm_task_queue=task_queue + "-llm", enrollment_answer_wait_s=15.0,
    )  # fmt: skip
    engine = make_engine(postgres_session_url)
    sessions = make_sessionmaker(engine)
    async with transaction(sessions) as session:
        author = await create_user(session, Role.instructor)
        student = await create_user(session, Role.student)
        admin = await create_user(session, Role.admin)
        course = await create_course(session, author, price_cents=2900, pass_mark=50)
        sections = await sections_of(session, course)
        questions = list(
            await session.scalars(
                select(QuizQuestion)
                .join(Lesson, Lesson.id == QuizQuestion.lesson_id)
                .where(Lesson.course_id == course.id)
            )
        )
    me = auth_headers(settings, student)
    api = await api_client_factory(settings, temporal=dev_env.client)
    async with running_worker(dev_env.client, settings):
        enrolled = await api.post(
            f"/api/v1/courses/{course.id}/enrollments", json={"payment_token": "tok_visa"},
            headers=me,
        )  # fmt: skip
        assert enrolled.status_code == 201 and enrolled.json()["status"] == "active", enrolled.text
        enrollment_id = uuid.UUID(enrolled.json()["id"])
        for section in sections:
            done = await api.post(
                "/api/v1/progress", headers=me,
                json={"section_id": str(section.id), "completed": True, "time_spent_s": 60},
            )  # fmt: skip
            assert done.status_code == 200, done.text
        answers: dict[uuid.UUID, list[int]] = {}
        for question in sorted(questions, key=lambda q: q.position):
            answers.setdefault(question.lesson_id, []).append(question.answer_index)
        for lesson_id, keys in answers.items():
            graded = await api.post(
                f"/api/v1/lessons/{lesson_id}/quiz-attempts", json={"answers": keys}, headers=me
            )
            assert graded.status_code in (200, 201) and graded.json()["passed"], graded.text
        assert graded.json()["completion_rule_met"] is True
        completion = dev_env.client.get_workflow_handle_for(
            CourseCompletionWorkflow.run, completion_workflow_id(enrollment_id)
        )
        finished: CompletionResult = await completion.result()
        saga = dev_env.client.get_workflow_handle_for(
            EnrollmentWorkflow.run, enrolled.json()["workflow_id"]
        )
        ended: EnrollmentView = await asyncio.wait_for(saga.result(), timeout=30)
    assert finished.completed and finished.saga_signalled
    assert ended.status == EnrollmentStatus.completed
    read = await api.get(f"/api/v1/enrollments/{enrollment_id}", headers=me)
    assert read.json()["status"] == "completed"
    # The path's records in the xAPI export: registered, the course completed, awards earned.
    exported = await api.get("/api/v1/learning-events", headers=auth_headers(settings, admin),
                             params={"course_id": str(course.id), "limit": 1000})  # fmt: skip
    records = [(x["verb"]["display"]["en-US"], x["object"]["id"].split("/")[-2])
               for x in exported.json()["statements"]
               if x["object"]["id"].split("/")[-2] in ("courses", "achievements")]  # fmt: skip
    assert records[0] == ("registered", "courses")
    assert records.count(("completed", "courses")) == 1
    earned = (await api.get("/api/v1/me/achievements", headers=me)).json()["earned"]
    codes = {a["code"] for a in earned}
    # 4 sections x 60 s against 2 lessons x 15 estimated minutes: within the estimate.
    assert {"first_section", "first_lesson", "first_course", "perfect_quiz", "on_schedule"} <= codes
    assert records.count(("earned", "achievements")) == len(earned)
    [certificate] = (await api.get("/api/v1/me/certificates", headers=me)).json()
    assert certificate["course_id"] == str(course.id)
    async with sessions() as session:
        row = await session.get(Enrollment, enrollment_id)
        certificates = await session.scalar(
            select(func.count()).where(Certificate.enrollment_id == enrollment_id)
        )
        notices = await session.scalar(
            select(func.count()).where(
                Notification.user_id == student.id, Notification.kind == "course.completed"
            )
        )
        ledger = await session.scalars(
            select(Payment).where(Payment.enrollment_id == enrollment_id)
        )
        charges = [(p.kind.value, p.amount_cents) for p in ledger]
    await engine.dispose()
    assert row is not None and row.status == EnrollmentStatus.completed
    assert (certificates, notices) == (1, 1)
    assert charges == [("charge", 2900)]  # charged once, never refunded
