"""Quiz grading and the completion workflow (real Temporal dev server and worker)."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from db.models import Certificate, Enrollment, Notification, QuizAttempt, QuizQuestion
from schemas.enums import EnrollmentStatus
from schemas.learning import CompletionResult
from schemas.temporal import completion_workflow_id
from services.learning import start_completion
from tests.learning.support import running_worker
from tests.learning.test_progress_api import post, seed
from workflows.learning import CourseCompletionWorkflow

ApiFactory = Callable[..., Any]


async def _questions(
    sessionmaker: async_sessionmaker[AsyncSession], lesson_id: uuid.UUID
) -> list[QuizQuestion]:
    async with sessionmaker() as session:
        rows = await session.execute(
            select(QuizQuestion)
            .where(QuizQuestion.lesson_id == lesson_id)
            .order_by(QuizQuestion.position)
        )
        return list(rows.scalars())


async def _runs(client: Client, workflow_id: str) -> int:
    """How many runs the server knows under this ID (visibility settles shortly after)."""
    count = 0
    for _ in range(50):
        count = len([w async for w in client.list_workflows(f'WorkflowId = "{workflow_id}"')])
        if count:
            break
        await asyncio.sleep(0.1)
    return count


async def test_quiz_is_graded_on_the_server(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    s = await seed(sessionmaker, settings, questions_per_lesson=3, pass_mark=60)
    lesson_id = s.sections[0].lesson_id
    questions = await _questions(sessionmaker, lesson_id)
    keys = [q.answer_index for q in questions]
    api = await api_client_factory(settings)
    url = f"/api/v1/lessons/{lesson_id}/quiz-attempts"

    # Every wrong option of every question is graded wrong: a wrong key never scores.
    wrong_options = [i for i in range(len(questions[0].options)) if i != keys[0]]
    scores = []
    for n, wrong in enumerate(wrong_options, start=1):
        r = await api.post(url, json={"answers": [wrong] * 3}, headers=s.headers())
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["attempt_number"] == n
        assert [f["correct"] for f in body["feedback"]] == [False, False, False]
        # Failed, with attempts left (unlimited): the key and explanation stay hidden.
        assert body["revealed"] is False
        assert [(f["correct_index"], f["explanation"]) for f in body["feedback"]] == [
            (None, None)
        ] * 3
        scores.append(body["score"])
    assert scores == [0] * len(wrong_options)

    two_right = await api.post(url, json={"answers": [keys[0], keys[1], wrong_options[0]]},
                               headers=s.headers())  # fmt: skip
    assert (two_right.json()["score"], two_right.json()["passed"]) == (67, True)
    # Passed: now the correct options and explanations are shown.
    assert two_right.json()["revealed"] is True
    assert [f["correct_index"] for f in two_right.json()["feedback"]] == keys
    assert all(f["explanation"] for f in two_right.json()["feedback"])
    assert two_right.json()["attempt_number"] == len(wrong_options) + 1
    # A client cannot send a verdict or a score along with its answers.
    for forged in ({"answers": keys, "score": 100}, {"answers": keys, "correct": [True] * 3}):
        assert (await api.post(url, json=forged, headers=s.headers())).status_code == 422
    short = await api.post(url, json={"answers": keys[:2]}, headers=s.headers())
    assert short.status_code == 422 and "answers" in short.json()["detail"]
    out_of_range = await api.post(url, json={"answers": [keys[0], 9, keys[2]]}, headers=s.headers())
    assert out_of_range.status_code == 422 and "answers.1" in out_of_range.json()["detail"]

    worse = await api.post(url, json={"answers": [wrong_options[0]] * 3}, headers=s.headers())
    assert worse.json()["best_score"] == 67  # the best score only rises
    async with sessionmaker() as session:
        numbers = (
            await session.execute(
                select(QuizAttempt.attempt_number)
                .where(QuizAttempt.enrollment_id == s.enrollment.id)
                .order_by(QuizAttempt.attempt_number)
            )
        ).scalars()
        assert list(numbers) == list(range(1, len(wrong_options) + 3))
    mine = await api.get("/api/v1/me/progress", headers=s.headers())
    lesson = mine.json()["courses"][0]["lessons"][0]
    assert lesson["best_quiz_score"] == 67


async def test_racing_posts_start_exactly_one_completion(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
    dev_env: WorkflowEnvironment, task_queue: str,
) -> None:  # fmt: skip
    settings = make_settings(
        database_url=database_url, task_queue=task_queue, llm_task_queue=task_queue + "-llm"
    )
    # No quiz: the sections alone complete the course (mastery has nothing to gate).
    s = await seed(sessionmaker, settings, lessons_per_module=1, sections_per_lesson=2,
                   questions_per_lesson=0)  # fmt: skip
    api = await api_client_factory(settings, temporal=dev_env.client)
    first = await api.post("/api/v1/progress", json=post(s.sections[0]), headers=s.headers())
    assert first.json()["completion_rule_met"] is False
    workflow_id = completion_workflow_id(s.enrollment.id)
    async with running_worker(dev_env.client, settings):
        # Two posts of the last section race; both see the rule met and signal-with-start.
        racing = await asyncio.gather(
            *(api.post("/api/v1/progress", json=post(s.sections[1]), headers=s.headers())
              for _ in range(2))
        )  # fmt: skip
        assert [r.json()["completion_workflow_id"] for r in racing] == [workflow_id] * 2
        handle = dev_env.client.get_workflow_handle_for(CourseCompletionWorkflow.run, workflow_id)
        result: CompletionResult = await handle.result()
        assert await _runs(dev_env.client, workflow_id) == 1
        run_id = (await handle.describe()).run_id
        # A start retried after the run closed (a lost response, a crash) is a no-op...
        async with sessionmaker() as session:
            enrollment = await session.get(Enrollment, s.enrollment.id)
        assert enrollment is not None
        assert await start_completion(dev_env.client, settings, enrollment) == workflow_id
        assert (await handle.describe()).run_id == run_id
        # ...and a post after completion is refused: the enrollment is no longer active.
        again = await api.post("/api/v1/progress", json=post(s.sections[1]), headers=s.headers())
        assert again.status_code == 409
    assert result.completed is True
    assert result.saga_signalled is False  # seeded directly: no saga to tell
    assert result.verification_code is not None
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", result.verification_code)
    async with sessionmaker() as session:
        enrollment = await session.get(Enrollment, s.enrollment.id)
        assert enrollment is not None and enrollment.status == EnrollmentStatus.completed
        assert enrollment.completed_at is not None
        certificates = await session.scalar(
            select(func.count()).where(Certificate.enrollment_id == s.enrollment.id)
        )
        notified = await session.scalar(
            select(func.count()).where(
                Notification.user_id == s.student.id, Notification.kind == "course.completed"
            )
        )
    assert (certificates, notified) == (1, 1)


async def test_the_pass_mark_gates_completion(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
    dev_env: WorkflowEnvironment, task_queue: str,
) -> None:  # fmt: skip
    settings = make_settings(
        database_url=database_url, task_queue=task_queue, llm_task_queue=task_queue + "-llm"
    )
    s = await seed(sessionmaker, settings, lessons_per_module=1, sections_per_lesson=1,
                   questions_per_lesson=2, pass_mark=100)  # fmt: skip
    lesson_id = s.sections[0].lesson_id
    keys = [q.answer_index for q in await _questions(sessionmaker, lesson_id)]
    api = await api_client_factory(settings, temporal=dev_env.client)
    url = f"/api/v1/lessons/{lesson_id}/quiz-attempts"
    done = await api.post("/api/v1/progress", json=post(s.sections[0]), headers=s.headers())
    assert done.json()["course_percent"] == 100
    assert done.json()["completion_rule_met"] is False  # quiz not yet at the pass mark
    half = await api.post(url, json={"answers": [keys[0], keys[1] + 1]}, headers=s.headers())
    assert (half.json()["passed"], half.json()["completion_rule_met"]) == (False, False)
    async with running_worker(dev_env.client, settings):
        full = await api.post(url, json={"answers": keys}, headers=s.headers())
        assert full.json()["passed"] is True
        assert full.json()["completion_workflow_id"] == completion_workflow_id(s.enrollment.id)
        handle = dev_env.client.get_workflow_handle_for(
            CourseCompletionWorkflow.run, completion_workflow_id(s.enrollment.id)
        )
        result = await handle.result()
    assert result.completed is True and result.certificate_id is not None
    # Seeded without a saga; the real saga's signal is in test_end_to_end.py.
    assert result.saga_signalled is False
