"""Achievements: seeded definitions, awarded once in the earning transaction (also when two
transactions race on PostgreSQL), notified in-app, listed with progress; admins edit them."""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.base import utcnow
from db.models import (
    AchievementDefinition,
    Enrollment,
    LearningEvent,
    Notification,
    QuizQuestion,
    SectionProgress,
    User,
    UserAchievement,
)
from db.session import make_engine, make_sessionmaker
from schemas.enums import Role
from schemas.learning import CRITERIA, VERB_COMPLETED
from services import learning
from tests.factories import auth_headers, create_course, create_user
from tests.learning.support import create_enrollment, sections_of
from tests.learning.test_progress_api import post, seed

ApiFactory = Callable[..., Any]


async def _awards(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: uuid.UUID, code: str
) -> tuple[int, int]:
    """(awards of ``code`` to the user, their achievement notifications for it)."""
    async with sessionmaker() as session:
        definition = await session.scalar(
            select(AchievementDefinition).where(AchievementDefinition.code == code)
        )
        assert definition is not None
        awards = await session.scalar(
            select(func.count()).where(
                UserAchievement.user_id == user_id,
                UserAchievement.achievement_id == definition.id,
            )
        )
        notices = await session.scalar(
            select(func.count()).where(
                Notification.user_id == user_id,
                Notification.dedupe_key == f"achievement:{user_id}:{definition.id}",
            )
        )
        return int(awards or 0), int(notices or 0)


def test_every_seeded_definition_is_a_valid_criteria_object() -> None:
    seed_module = importlib.import_module("db.migrations.versions.0002_seed_achievements")
    codes = [row[1] for row in seed_module.SEED]
    assert {"first_section", "first_lesson", "first_course", "perfect_quiz", "comeback",
            "streak_3", "streak_7", "streak_30", "on_schedule"} == set(codes)  # fmt: skip
    for *_, criteria in seed_module.SEED:
        CRITERIA.validate_python(criteria)


async def test_first_section_is_awarded_once_and_notified_in_app(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    s = await seed(sessionmaker, settings, pass_mark=90)
    api = await api_client_factory(settings)
    first = await api.post("/api/v1/progress", json=post(s.sections[0]), headers=s.headers())
    assert first.status_code == 200, first.text
    assert first.json()["achievements_earned"] == ["first_section"]
    second = await api.post("/api/v1/progress", json=post(s.sections[1]), headers=s.headers())
    assert second.json()["achievements_earned"] == []
    assert await _awards(sessionmaker, s.student.id, "first_section") == (1, 1)
    inbox = (await api.get("/api/v1/me/notifications", headers=s.headers())).json()
    assert [n["subject"] for n in inbox["items"]] == ["Achievement earned: First steps"]
    mine = (await api.get("/api/v1/me/achievements", headers=s.headers())).json()
    assert [a["code"] for a in mine["earned"]] == ["first_section"]
    upcoming = {a["code"]: a for a in mine["next"]}
    assert "first_section" not in upcoming
    assert (upcoming["streak_3"]["current"], upcoming["streak_3"]["target"]) == (1, 3)
    assert upcoming["streak_3"]["percent"] == 33.33
    assert (upcoming["perfect_quiz"]["current"], upcoming["perfect_quiz"]["target"]) == (0, 100)


async def test_a_perfect_quiz_attempt_earns_perfect_quiz(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    s = await seed(sessionmaker, settings, questions_per_lesson=2, mastery_required=False)
    lesson_id = s.sections[0].lesson_id
    async with sessionmaker() as session:
        keys = list(
            await session.scalars(
                select(QuizQuestion.answer_index)
                .where(QuizQuestion.lesson_id == lesson_id)
                .order_by(QuizQuestion.position)
            )
        )
    api = await api_client_factory(settings)
    url = f"/api/v1/lessons/{lesson_id}/quiz-attempts"
    wrong = [(k + 1) % 4 for k in keys]
    miss = await api.post(url, json={"answers": wrong}, headers=s.headers())
    assert miss.status_code == 201, miss.text
    assert "perfect_quiz" not in miss.json()["achievements_earned"]
    hit = await api.post(url, json={"answers": keys}, headers=s.headers())
    assert "perfect_quiz" in hit.json()["achievements_earned"]
    assert await _awards(sessionmaker, s.student.id, "perfect_quiz") == (1, 1)


async def _event(session: AsyncSession, enrollment: Enrollment, days_ago: int) -> None:
    stamp = utcnow() - timedelta(days=days_ago)
    session.add(
        LearningEvent(
            actor_id=enrollment.student_id, enrollment_id=enrollment.id,
            course_id=enrollment.course_id, verb=VERB_COMPLETED, object_id=str(uuid.uuid4()),
            object_type="section", timestamp=stamp, stored_at=stamp,
        )
    )  # fmt: skip


@pytest.mark.parametrize(
    ("days_ago", "earned", "not_earned"),
    [((1, 2), "streak_3", "comeback"), ((8,), "comeback", "streak_3")],
)
async def test_streak_and_comeback_are_earned_from_learning_days(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
    days_ago: tuple[int, ...], earned: str, not_earned: str,
) -> None:  # fmt: skip
    """Learning days yesterday and the day before + today = 3 in a row; one 8 days ago +
    today = back after 7 idle days."""
    settings = make_settings(database_url=database_url)
    s = await seed(sessionmaker, settings, pass_mark=90)
    async with sessionmaker() as session, session.begin():
        for days in days_ago:
            await _event(session, s.enrollment, days)
    api = await api_client_factory(settings)
    body = (
        await api.post("/api/v1/progress", json=post(s.sections[0]), headers=s.headers())
    ).json()
    assert earned in body["achievements_earned"]
    assert not_earned not in body["achievements_earned"]


async def _waiting_on_a_lock(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    async with sessionmaker() as session:
        waiting = await session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
        return bool(waiting)


async def test_two_racing_transactions_award_once_on_postgresql(
    postgres_session_url: str,
) -> None:
    """Both transactions see no award and qualify; the second's insert waits on the unique
    (user, achievement) index until the first commits, then skips: one award, one notice."""
    engine = make_engine(postgres_session_url)
    sessionmaker = make_sessionmaker(engine)
    try:
        async with sessionmaker() as session, session.begin():
            author = await create_user(session, Role.instructor)
            student = await create_user(session, Role.student)
            course = await create_course(session, author)
            enrollment = await create_enrollment(session, course, student)
            section = (await sections_of(session, course))[0]
            row = await session.scalar(
                select(SectionProgress).where(
                    SectionProgress.enrollment_id == enrollment.id,
                    SectionProgress.section_id == section.id,
                )
            )
            assert row is not None
            row.completed_at, row.completion = utcnow(), 1
        first = sessionmaker()
        second = sessionmaker()
        async with first, second:
            user_a = await first.get(User, student.id)
            user_b = await second.get(User, student.id)
            assert user_a is not None and user_b is not None
            won = await learning.evaluate(first, user_a, None, utcnow())
            assert won == ["first_section"]
            racing = asyncio.create_task(learning.evaluate(second, user_b, None, utcnow()))
            while not await _waiting_on_a_lock(sessionmaker):
                assert not racing.done(), "the second insert did not wait on the first"
                await asyncio.sleep(0.05)
            await first.commit()
            assert await racing == []
            await second.commit()
        assert await _awards(sessionmaker, student.id, "first_section") == (1, 1)
    finally:
        await engine.dispose()


async def test_concurrent_posts_in_two_courses_award_once_on_postgresql(
    postgres_session_url: str, make_settings: Callable[..., Settings],
    api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    """Two posts at once (one per course, so no shared enrollment lock) both earn the
    learner's first section: one award between them."""
    settings = make_settings(database_url=postgres_session_url)
    engine = make_engine(postgres_session_url)
    sessionmaker = make_sessionmaker(engine)
    try:
        async with sessionmaker() as session, session.begin():
            author = await create_user(session, Role.instructor)
            student = await create_user(session, Role.student)
            firsts = []
            for title in ("Course A", "Course B"):
                course = await create_course(session, author, title=title, pass_mark=90)
                await create_enrollment(session, course, student)
                firsts.append((await sections_of(session, course))[0])
        api = await api_client_factory(settings)
        headers = auth_headers(settings, student)
        answers = await asyncio.gather(
            *(api.post("/api/v1/progress", json=post(sec), headers=headers) for sec in firsts)
        )
        assert [a.status_code for a in answers] == [200, 200]
        earned = [code for a in answers for code in a.json()["achievements_earned"]]
        assert earned.count("first_section") == 1
        assert await _awards(sessionmaker, student.id, "first_section") == (1, 1)
    finally:
        await engine.dispose()


async def test_admins_define_and_edit_achievements_with_validated_criteria(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    async with sessionmaker() as session, session.begin():
        admin = await create_user(session, Role.admin)
        student = await create_user(session, Role.student)
    api = await api_client_factory(settings)
    code = f"t_{uuid.uuid4().hex[:8]}"
    # Created inactive so no other test's learner earns it.
    body = {"code": code, "title": "Ten sections", "active": False,
            "criteria": {"kind": "sections_completed", "threshold": 10}}  # fmt: skip
    refused = await api.post("/api/v1/achievements", json=body,
                             headers=auth_headers(settings, student))  # fmt: skip
    assert refused.status_code == 403
    bad = await api.post(
        "/api/v1/achievements",
        json={**body, "criteria": {"kind": "streak_days", "threshold": 0}},
        headers=auth_headers(settings, admin),
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert "threshold" in bad.text
    unknown = await api.post(
        "/api/v1/achievements", json={**body, "criteria": {"kind": "telepathy"}},
        headers=auth_headers(settings, admin),
    )  # fmt: skip
    assert unknown.status_code == 422
    created = await api.post("/api/v1/achievements", json=body,
                             headers=auth_headers(settings, admin))  # fmt: skip
    assert created.status_code == 201, created.text
    again = await api.post("/api/v1/achievements", json=body,
                           headers=auth_headers(settings, admin))  # fmt: skip
    assert again.status_code == 409
    patched = await api.patch(
        f"/api/v1/achievements/{code}",
        json={"criteria": {"kind": "streak_days", "threshold": 14}, "title": "Two weeks"},
        headers=auth_headers(settings, admin),
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["criteria"] == {"kind": "streak_days", "threshold": 14}
    listed = await api.get("/api/v1/achievements", headers=auth_headers(settings, admin))
    assert {"code": code, "title": "Two weeks", "active": False}.items() <= next(
        d for d in listed.json() if d["code"] == code
    ).items()
    mine = await api.get("/api/v1/me/achievements", headers=auth_headers(settings, student))
    assert code not in {a["code"] for a in mine.json()["next"]}  # inactive: not offered
    missing = await api.patch("/api/v1/achievements/no_such_code", json={"active": True},
                              headers=auth_headers(settings, admin))  # fmt: skip
    assert missing.status_code == 404


def test_criteria_standing_reads_the_facts() -> None:
    """Each criteria kind against a learner's facts: (current, target)."""
    from datetime import date

    from schemas.learning import (
        ComebackCriteria,
        CountCriteria,
        StreakCriteria,
        WithinEstimateCriteria,
    )
    from services.learning.achievements import Facts, standing
    from services.learning.streaks import streak_of

    today = date(2026, 6, 10)
    days = frozenset({date(2026, 5, 30), date(2026, 6, 9), today})
    facts = Facts(q_counts(3, 1, 0, 100), streak_of(days, today), course_finished=True,
                  within_estimate=False)  # fmt: skip
    assert standing(CountCriteria(kind="sections_completed", threshold=5), facts) == (3, 5)
    assert standing(StreakCriteria(kind="streak_days", threshold=3), facts) == (2, 3)
    assert standing(ComebackCriteria(kind="comeback", idle_days=7), facts) == (0, 1)  # 1 day
    assert standing(WithinEstimateCriteria(kind="course_within_estimate"), facts) == (0, 1)
    back = Facts(facts.counts, streak_of(frozenset({date(2026, 5, 30), today}), today),
                 course_finished=False, within_estimate=False)  # fmt: skip
    assert back.idle_gap() == 10
    assert standing(ComebackCriteria(kind="comeback", idle_days=7), back) == (1, 1)


def q_counts(sections: int, lessons: int, courses: int, best: int) -> Any:
    from db.queries.learning import Counts

    return Counts(sections, lessons, courses, best)
