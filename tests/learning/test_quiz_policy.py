"""Quiz policy: attempt limit and cool-down (also under two concurrent attempts on
PostgreSQL), what the feedback reveals, the best score, and review mode after completion."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import Enrollment, QuizAttempt
from db.session import make_engine, make_sessionmaker
from schemas.enums import EnrollmentStatus, Role
from tests.learning.path_support import ApiFactory, LearnerPath, add_learner, seed_path


def _url(p: LearnerPath, index: int = 0) -> str:
    return f"/api/v1/lessons/{p.lessons[index].id}/quiz-attempts"


async def _attempts(sessionmaker: async_sessionmaker[AsyncSession], p: LearnerPath) -> list[
    tuple[int, bool]
]:  # fmt: skip
    async with sessionmaker() as session:
        rows = await session.execute(
            select(QuizAttempt.attempt_number, QuizAttempt.review)
            .where(QuizAttempt.enrollment_id == p.enrollment.id)
            .order_by(QuizAttempt.attempt_number)
        )
        return [(n, review) for n, review in rows.all()]


async def test_the_correct_option_stays_hidden_until_a_pass_or_the_last_attempt(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, quiz_attempt_limit=3)
    elsewhere_course = await seed_path(sessionmaker, settings)  # another author's course
    api = await api_client_factory(settings)
    lesson = p.lessons[0]
    for n in (1, 2):
        r = await api.post(_url(p), json={"answers": p.wrong(lesson)}, headers=p.headers())
        body = r.json()
        assert (r.status_code, body["attempt_number"], body["attempts_remaining"]) == (
            201,
            n,
            3 - n,
        )
        assert body["revealed"] is False
        assert [f["correct"] for f in body["feedback"]] == [False, False]  # right or wrong: yes
        assert {(f["correct_index"], f["explanation"]) for f in body["feedback"]} == {(None, None)}
    last = (await api.post(_url(p), json={"answers": p.wrong(lesson)}, headers=p.headers())).json()
    assert (last["attempts_remaining"], last["revealed"]) == (0, True)
    assert [f["correct_index"] for f in last["feedback"]] == p.keys(lesson)
    assert all("Because" in f["explanation"] for f in last["feedback"])
    over = await api.post(_url(p), json={"answers": p.keys(lesson)}, headers=p.headers())
    assert over.status_code == 409
    assert over.json()["blocking_reason"] == "attempt_limit_reached"
    assert over.json()["required_actions"] == [
        {"action": "ask_instructor", "lesson_id": str(lesson.id)}
    ]
    assert await _attempts(sessionmaker, p) == [(1, False), (2, False), (3, False)]
    # What "ask_instructor" leads to: the author (not another instructor, not the learner)
    # gives new attempts; the old ones stay on record.
    reset = f"/api/v1/enrollments/{p.enrollment.id}/quiz-attempts/reset"
    stranger = await add_learner(sessionmaker, p, None, Role.instructor)
    for user in (p.student, stranger):
        refused = await api.post(reset, json={"lesson_id": str(lesson.id)}, headers=p.headers(user))
        assert refused.status_code == 403
    elsewhere = await api.post(reset, json={"lesson_id": str(elsewhere_course.lessons[0].id)},
                               headers=p.headers(p.author))  # fmt: skip
    assert elsewhere.status_code == 404
    fresh = await api.post(reset, json={"lesson_id": str(lesson.id)}, headers=p.headers(p.author))
    assert fresh.status_code == 200, fresh.text
    assert (fresh.json()["attempts_used"], fresh.json()["attempts_remaining"]) == (0, 3)
    again = await api.post(_url(p), json={"answers": p.keys(lesson)}, headers=p.headers())
    assert (again.status_code, again.json()["attempt_number"]) == (201, 4)
    assert again.json()["attempts_remaining"] == 2
    # Another lesson, passed at once: revealed on the pass, with attempts left.
    other = p.lessons[1]
    first = await api.post(_url(p, 1), json={"answers": p.keys(other)}, headers=p.headers())
    assert (first.json()["passed"], first.json()["revealed"]) == (True, True)
    assert first.json()["attempts_remaining"] == 2


async def test_the_best_score_counts(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, lessons_per_module=1)
    api = await api_client_factory(settings)
    lesson = p.lessons[0]
    best = await api.post(_url(p), json={"answers": p.keys(lesson)}, headers=p.headers())
    worse = await api.post(_url(p), json={"answers": p.wrong(lesson)}, headers=p.headers())
    assert (best.json()["score"], worse.json()["score"]) == (100, 0)
    assert worse.json()["best_score"] == 100
    assert worse.json()["revealed"] is True  # passed once: nothing left to hide
    quiz = (await api.get(f"/api/v1/lessons/{lesson.id}/quiz", headers=p.headers())).json()
    assert quiz["me"] == {
        "mode": "graded", "attempts_used": 2, "attempts_remaining": None,
        "next_attempt_at": None, "best_score": 100, "passed": True,
    }  # fmt: skip
    mine = (await api.get("/api/v1/me/progress", headers=p.headers())).json()
    assert mine["courses"][0]["lessons"][0]["best_quiz_score"] == 100


async def test_a_cool_down_holds_until_it_has_passed(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, quiz_cooldown_s=600)
    api = await api_client_factory(settings)
    lesson = p.lessons[0]
    first = await api.post(_url(p), json={"answers": p.wrong(lesson)}, headers=p.headers())
    assert first.json()["next_attempt_at"] is not None
    early = await api.post(_url(p), json={"answers": p.keys(lesson)}, headers=p.headers())
    assert early.status_code == 409
    assert early.json()["blocking_reason"] == "cooling_down"
    [wait] = early.json()["required_actions"]
    assert wait["action"] == "wait" and 590 <= wait["seconds_remaining"] <= 600
    assert early.headers["Retry-After"] == str(wait["seconds_remaining"])
    # The first attempt moves ten minutes into the past: the cool-down is over.
    async with sessionmaker() as session, session.begin():
        for attempt in await session.scalars(
            select(QuizAttempt).where(QuizAttempt.enrollment_id == p.enrollment.id)
        ):
            attempt.created_at -= timedelta(seconds=601)
    later = await api.post(_url(p), json={"answers": p.keys(lesson)}, headers=p.headers())
    assert later.status_code == 201 and later.json()["attempt_number"] == 2


@pytest.mark.parametrize(
    ("rules", "reason"),
    [
        ({"quiz_attempt_limit": 1}, "attempt_limit_reached"),
        ({"quiz_cooldown_s": 600}, "cooling_down"),
    ],
)
async def test_two_concurrent_attempts_cannot_both_pass_the_policy_on_postgres(
    rules: dict[str, Any], reason: str, postgres_session_url: str,
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    """The attempt takes the enrollment's row lock before it counts attempts: the second of
    two simultaneous attempts waits, sees the first, and is refused (not a 500, not two)."""
    settings = make_settings(database_url=postgres_session_url)
    engine = make_engine(postgres_session_url)
    sessionmaker = make_sessionmaker(engine)
    try:
        api = await api_client_factory(settings)
        for _ in range(3):  # three learners: the race is not a one-off
            p = await seed_path(sessionmaker, settings, lessons_per_module=1, **rules)
            lesson = p.lessons[0]
            answers = await asyncio.gather(*(
                api.post(_url(p), json={"answers": p.wrong(lesson)}, headers=p.headers())
                for _ in range(2)
            ))  # fmt: skip
            codes = sorted(r.status_code for r in answers)
            assert codes == [201, 409], [r.text for r in answers]
            refused = next(r for r in answers if r.status_code == 409)
            assert refused.json()["blocking_reason"] == reason
            assert await _attempts(sessionmaker, p) == [(1, False)]
    finally:
        await engine.dispose()


async def test_review_mode_attempts_never_lower_the_recorded_score(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, lessons_per_module=1, quiz_attempt_limit=1,
                        quiz_cooldown_s=3600)  # fmt: skip
    api = await api_client_factory(settings)
    lesson = p.lessons[0]
    graded = await api.post(_url(p), json={"answers": p.keys(lesson)}, headers=p.headers())
    assert graded.json()["score"] == 100
    async with sessionmaker() as session, session.begin():  # as the completion workflow does
        await session.execute(
            update(Enrollment).where(Enrollment.id == p.enrollment.id)
            .values(status=EnrollmentStatus.completed)
        )  # fmt: skip
    # Limit used, cool-down running: review attempts are still taken, and count for nothing.
    for _ in range(2):
        review = await api.post(_url(p), json={"answers": p.wrong(lesson)}, headers=p.headers())
        assert review.status_code == 201, review.text
        body = review.json()
        assert (body["mode"], body["score"], body["passed"]) == ("review", 0, False)
        assert (body["best_score"], body["attempts_used"], body["revealed"]) == (100, 1, True)
        assert (
            body["completion_rule_met"] is False and body["next_step"]["kind"] == "course_complete"
        )
    mine = (await api.get("/api/v1/me/progress", headers=p.headers())).json()
    assert mine["courses"][0]["lessons"][0]["best_quiz_score"] == 100
    assert mine["totals"]["average_best_quiz_score"] == 100
    assert await _attempts(sessionmaker, p) == [(1, False), (2, True), (3, True)]
    async with sessionmaker() as session:
        graded_rows = await session.scalar(
            select(func.count()).where(QuizAttempt.enrollment_id == p.enrollment.id,
                                       QuizAttempt.review.is_(False))
        )  # fmt: skip
    assert graded_rows == 1
