"""Progression rules, checked on every progress post and quiz attempt: sequential order,
lesson prerequisites, mastery, minimum engagement; and the author's settings API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import LearningEvent, SectionProgress
from schemas.enums import Role
from schemas.learning import LEARNING_OBJECT_TYPES, EnrollmentRef
from services import learning
from tests.learning.path_support import ApiFactory, LearnerPath, add_learner, done, seed_path

PROBLEM = "application/problem+json"


async def _rules(api: Any, p: LearnerPath, **body: Any) -> Any:
    return await api.patch(
        f"/api/v1/courses/{p.course.id}/progression", json=body, headers=p.headers(p.author)
    )


def _section_action(p: LearnerPath, lesson_index: int, section_index: int) -> dict[str, Any]:
    lesson = p.lessons[lesson_index]
    section = p.sections[lesson.id][section_index]
    return {"action": "complete_section", "lesson_id": str(lesson.id),
            "section_id": str(section.id), "title": section.title}  # fmt: skip


def _quiz_action(p: LearnerPath, lesson_index: int, **extra: Any) -> dict[str, Any]:
    lesson = p.lessons[lesson_index]
    return {"action": "pass_quiz", "lesson_id": str(lesson.id), "title": lesson.title,
            "pass_mark": 70, **extra}  # fmt: skip


async def _written(sessionmaker: async_sessionmaker[AsyncSession], p: LearnerPath) -> tuple[
    int, int
]:  # fmt: skip
    """(learning events of sections and quizzes — not the awards the posts earned —,
    seconds spent) of the seeded enrollment."""
    async with sessionmaker() as session:
        events = await session.scalar(
            select(func.count()).where(
                LearningEvent.enrollment_id == p.enrollment.id,
                LearningEvent.object_type.in_(LEARNING_OBJECT_TYPES),
            )
        )
        spent = await session.scalar(
            select(func.coalesce(func.sum(SectionProgress.time_spent_s), 0)).where(
                SectionProgress.enrollment_id == p.enrollment.id
            )
        )
    return int(events or 0), int(spent or 0)


async def test_sequential_order_blocks_a_skipped_lesson(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings)
    api = await api_client_factory(settings)
    assert (await _rules(api, p, order="sequential")).status_code == 200
    l1, l2, _ = p.lessons
    skipped = await api.post("/api/v1/progress", json=done(p.sections[l2.id][0]),
                             headers=p.headers())  # fmt: skip
    assert skipped.status_code == 409
    assert skipped.headers["content-type"].startswith(PROBLEM)
    body = skipped.json()
    assert body["blocking_reason"] == "locked"
    assert body["type"].endswith("/blocked") and body["status"] == 409
    assert body["required_actions"] == [
        _section_action(p, 0, 0), _section_action(p, 0, 1), _quiz_action(p, 0),
    ]  # fmt: skip
    assert await _written(sessionmaker, p) == (0, 0)  # a refused post writes nothing
    # The quiz of the locked lesson is refused the same way.
    attempt = await api.post(f"/api/v1/lessons/{l2.id}/quiz-attempts",
                             json={"answers": p.keys(l2)}, headers=p.headers())  # fmt: skip
    assert (attempt.status_code, attempt.json()["blocking_reason"]) == (409, "locked")

    for section in p.sections[l1.id]:
        assert (await api.post("/api/v1/progress", json=done(section),
                               headers=p.headers())).status_code == 200  # fmt: skip
    # Read through, quiz not passed: mastery is what is missing now.
    read = await api.post("/api/v1/progress", json=done(p.sections[l2.id][0]), headers=p.headers())
    assert read.status_code == 409
    assert read.json()["blocking_reason"] == "mastery_not_achieved"
    assert read.json()["required_actions"] == [_quiz_action(p, 0)]
    failed = await api.post(f"/api/v1/lessons/{l1.id}/quiz-attempts",
                            json={"answers": p.wrong(l1)}, headers=p.headers())  # fmt: skip
    assert failed.status_code == 201 and failed.json()["passed"] is False
    still = await api.post("/api/v1/progress", json=done(p.sections[l2.id][0]), headers=p.headers())
    assert still.json()["required_actions"] == [_quiz_action(p, 0, best_score=0)]
    passed = await api.post(f"/api/v1/lessons/{l1.id}/quiz-attempts",
                            json={"answers": p.keys(l1)}, headers=p.headers())  # fmt: skip
    assert passed.json()["passed"] is True
    opened = await api.post("/api/v1/progress", json=done(p.sections[l2.id][0]),
                            headers=p.headers())  # fmt: skip
    assert opened.status_code == 200, opened.text


async def test_a_prerequisite_blocks_until_its_lesson_is_complete(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, mastery_required=False)
    api = await api_client_factory(settings)
    l1, l2, l3 = p.lessons
    set_rules = await _rules(api, p, lessons=[{"lesson_id": str(l3.id),
                                               "prerequisites": [str(l1.id)]}])  # fmt: skip
    assert set_rules.json()["lessons"][2]["prerequisites"] == [str(l1.id)]
    blocked = await api.post("/api/v1/progress", json=done(p.sections[l3.id][0]),
                             headers=p.headers())  # fmt: skip
    assert blocked.status_code == 409
    assert blocked.json()["blocking_reason"] == "prerequisites_not_met"
    # Mastery is off: reading lesson 1 is all it takes.
    assert blocked.json()["required_actions"] == [
        _section_action(p, 0, 0),
        _section_action(p, 0, 1),
    ]
    free = await api.post("/api/v1/progress", json=done(p.sections[l2.id][0]), headers=p.headers())
    assert free.status_code == 200  # free order: lesson 2 needs nothing
    for section in p.sections[l1.id]:
        await api.post("/api/v1/progress", json=done(section), headers=p.headers())
    opened = await api.post("/api/v1/progress", json=done(p.sections[l3.id][0]),
                            headers=p.headers())  # fmt: skip
    assert opened.status_code == 200


async def test_a_failed_quiz_blocks_completion_until_it_is_passed(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, lessons_per_module=1, sections_per_lesson=1)
    api = await api_client_factory(settings)
    [lesson] = p.lessons
    url = f"/api/v1/lessons/{lesson.id}/quiz-attempts"

    async def rule_in_the_activity() -> bool:
        async with sessionmaker() as session, session.begin():
            result = await learning.mark_completed(
                session, EnrollmentRef(enrollment_id=p.enrollment.id)
            )
            await session.rollback()
        return result.completed

    read = await api.post("/api/v1/progress", json=done(p.sections[lesson.id][0]),
                          headers=p.headers())  # fmt: skip
    assert read.json()["course_percent"] == 100
    assert read.json()["completion_rule_met"] is False
    assert read.json()["lesson"]["completed"] is False
    assert await rule_in_the_activity() is False
    half = [p.keys(lesson)[0], p.wrong(lesson)[1]]  # 50 % < 70 %
    failed = await api.post(url, json={"answers": half}, headers=p.headers())
    assert (failed.json()["score"], failed.json()["passed"]) == (50, False)
    assert failed.json()["completion_rule_met"] is False
    assert await rule_in_the_activity() is False
    passed = await api.post(url, json={"answers": p.keys(lesson)}, headers=p.headers())
    assert passed.json()["completion_rule_met"] is True
    assert await rule_in_the_activity() is True
    mine = await api.get("/api/v1/me/progress", headers=p.headers())
    assert mine.json()["courses"][0]["lessons"][0]["completed"] is True


async def test_a_completion_before_the_minimum_time_keeps_the_time_and_is_refused(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings)
    api = await api_client_factory(settings)
    assert (await _rules(api, p, min_engagement_s=120)).json()["min_engagement_s"] == 120
    section = p.sections[p.lessons[0].id][0]
    key = {"Idempotency-Key": "too-soon"}
    early = await api.post("/api/v1/progress", json=done(section, 50), headers=p.headers() | key)
    assert early.status_code == 409
    assert early.json()["blocking_reason"] == "insufficient_engagement"
    assert early.json()["required_actions"] == [
        {"action": "spend_time", "lesson_id": str(section.lesson_id),
         "section_id": str(section.id), "title": section.title, "seconds_remaining": 70}
    ]  # fmt: skip
    assert await _written(sessionmaker, p) == (1, 50)  # the time is kept, as progress
    again = await api.post("/api/v1/progress", json=done(section, 50), headers=p.headers() | key)
    assert again.status_code == 409  # a replay answers as the first post did...
    assert await _written(sessionmaker, p) == (1, 50)  # ...and adds nothing
    more = await api.post("/api/v1/progress", json=done(section, 40) | {"completed": False},
                          headers=p.headers())  # fmt: skip
    assert more.status_code == 200 and more.json()["section_completion"] == 0
    enough = await api.post("/api/v1/progress", json=done(section, 30), headers=p.headers())
    assert enough.status_code == 200 and enough.json()["section_completion"] == 1
    assert await _written(sessionmaker, p) == (3, 120)


async def test_the_author_sets_the_rules_and_bad_settings_change_nothing(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings)
    other = await seed_path(sessionmaker, settings)
    api = await api_client_factory(settings)
    url = f"/api/v1/courses/{p.course.id}/progression"
    before = (await api.get(url, headers=p.headers())).json()
    assert (before["order"], before["pass_mark"], before["mastery_required"]) == ("free", 70, True)
    limits = ("min_engagement_s", "quiz_attempt_limit", "quiz_cooldown_s")
    assert [before[name] for name in limits] == [None, None, 0]
    l1, l2, l3 = (str(lesson.id) for lesson in p.lessons)
    bad = [  # (body, what the problem names)
        ({"pass_mark": None}, "body.pass_mark"),
        ({"pass_mark": 101}, "body.pass_mark"),
        ({"quiz_attempt_limit": 0}, "body.quiz_attempt_limit"),
        ({"quiz_cooldown_s": -1}, "body.quiz_cooldown_s"),
        ({"order": "random"}, "body.order"),
        ({"colour": "red"}, "body.colour"),
        ({"lessons": [{"lesson_id": str(other.lessons[0].id)}]}, "body.lessons.0.lesson_id"),
        ({"lessons": [{"lesson_id": l1, "prerequisites": [l1]}]}, "body.lessons.0.prerequisites"),
        ({"pass_mark": 90, "lessons": [{"lesson_id": l1, "prerequisites": [l2]},
                                       {"lesson_id": l2, "prerequisites": [l1]}]}, "cycle"),
        ({"order": "sequential", "lessons": [{"lesson_id": l1, "prerequisites": [l3]}]},
         "earlier lesson"),
    ]  # fmt: skip
    for body, named in bad:
        response = await _rules(api, p, **body)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"].startswith(PROBLEM)
        assert named in response.text, (named, response.text)
        assert (await api.get(url, headers=p.headers())).json() == before, body
    for user in (p.student, await add_learner(sessionmaker, p, None, Role.instructor)):
        assert (
            await api.patch(url, json={"pass_mark": 90}, headers=p.headers(user))
        ).status_code == 403
    admin = await add_learner(sessionmaker, p, None, Role.admin)
    changed = await api.patch(url, json={"pass_mark": 90, "quiz_attempt_limit": 3,
                                         "quiz_cooldown_s": 60, "order": "sequential",
                                         "lessons": [{"lesson_id": l3, "prerequisites": [l1],
                                                      "free_preview": True}]},
                              headers=p.headers(admin))  # fmt: skip
    assert changed.status_code == 200, changed.text
    out = changed.json()
    assert (out["pass_mark"], out["quiz_attempt_limit"], out["order"]) == (90, 3, "sequential")
    assert out["lessons"][2] | {"title": None} == {
        "lesson_id": l3, "title": None, "position": 2, "module_position": 0,
        "free_preview": True, "prerequisites": [l1], "has_quiz": True,
    }  # fmt: skip
    off = await _rules(api, p, quiz_attempt_limit=None, min_engagement_s=None)
    assert (off.json()["quiz_attempt_limit"], off.json()["pass_mark"]) == (None, 90)
