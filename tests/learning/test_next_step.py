"""The next step (GET /me/next and in every progress and attempt answer), the time
remaining at the learner's pace, and the dashboard's totals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from schemas.enums import EnrollmentStatus
from tests.learning.path_support import ApiFactory, LearnerPath, add_learner, done, seed_path


def _ref(p: LearnerPath, lesson_index: int, section_index: int) -> dict[str, str]:
    lesson = p.lessons[lesson_index]
    section = p.sections[lesson.id][section_index]
    return {"section_id": str(section.id), "lesson_id": str(lesson.id), "title": section.title}


async def _next(api: Any, p: LearnerPath, **params: str) -> dict[str, Any]:
    response = await api.get("/api/v1/me/next", params=params, headers=p.headers())
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_the_next_step_walks_the_path_and_remediates_a_failed_quiz(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings)  # 3 lessons x 2 sections, 15 min each
    api = await api_client_factory(settings)
    l1 = p.lessons[0]
    first = await _next(api, p)
    assert (first["kind"], first["section_id"], first["course_id"]) == (
        "section", str(p.sections[l1.id][0].id), str(p.course.id),
    )  # fmt: skip
    assert first["time_remaining"] == {
        "estimated_minutes": 45, "minutes": 45, "pace": 1, "pace_known": False,
    }  # fmt: skip
    post = await api.post("/api/v1/progress", json=done(p.sections[l1.id][0]), headers=p.headers())
    assert post.json()["next_step"]["section_id"] == str(p.sections[l1.id][1].id)
    assert post.json()["next_step"]["time_remaining"]["estimated_minutes"] == 37.5
    post = await api.post("/api/v1/progress", json=done(p.sections[l1.id][1]), headers=p.headers())
    quiz = post.json()["next_step"]
    assert (quiz["kind"], quiz["lesson_id"]) == ("quiz", str(l1.id))
    # Question 1 comes from section 1, question 2 from section 2; only question 1 is missed.
    answers = [p.wrong(l1)[0], p.keys(l1)[1]]
    failed = await api.post(f"/api/v1/lessons/{l1.id}/quiz-attempts", json={"answers": answers},
                            headers=p.headers())  # fmt: skip
    step = failed.json()["next_step"]
    assert (step["kind"], step["lesson_id"]) == ("remediation", str(l1.id))
    assert step["sections"] == [_ref(p, 0, 0)]
    assert [a["action"] for a in step["required_actions"]] == ["pass_quiz"]
    assert failed.json()["feedback"][0]["section_id"] == str(p.sections[l1.id][0].id)
    assert (await _next(api, p))["sections"] == [_ref(p, 0, 0)]  # /me/next agrees
    passed = await api.post(f"/api/v1/lessons/{l1.id}/quiz-attempts",
                            json={"answers": p.keys(l1)}, headers=p.headers())  # fmt: skip
    assert passed.json()["next_step"]["section_id"] == str(p.sections[p.lessons[1].id][0].id)


async def test_when_nothing_is_open_the_next_step_says_what_unblocks_it(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, progression_order="sequential",
                        quiz_cooldown_s=600)  # fmt: skip
    api = await api_client_factory(settings)
    l1 = p.lessons[0]
    for section in p.sections[l1.id]:
        await api.post("/api/v1/progress", json=done(section), headers=p.headers())
    failed = await api.post(f"/api/v1/lessons/{l1.id}/quiz-attempts",
                            json={"answers": p.wrong(l1)}, headers=p.headers())  # fmt: skip
    step = failed.json()["next_step"]
    # Re-read both sections, then retake the quiz once the cool-down is over.
    assert step["kind"] == "remediation"
    assert step["sections"] == [_ref(p, 0, 0), _ref(p, 0, 1)]
    assert step["available_at"] == failed.json()["next_attempt_at"] is not None
    async with sessionmaker() as session, session.begin():
        from db.models import Course

        course = await session.get(Course, p.course.id)
        assert course is not None
        course.quiz_attempt_limit = 1  # the author limits attempts: none left now
    blocked = await _next(api, p)
    assert blocked["kind"] == "blocked"
    assert blocked["blocking_reason"] == "attempt_limit_reached"
    assert blocked["required_actions"] == [{"action": "ask_instructor", "lesson_id": str(l1.id)}]


async def test_me_next_follows_the_most_recently_active_course(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    api = await api_client_factory(settings)
    p = await seed_path(sessionmaker, settings, lessons_per_module=1)
    assert (await _next(api, p))["course_id"] == str(p.course.id)
    # The same learner enrolls in a second course and works in it.
    q = await seed_path(sessionmaker, settings, lessons_per_module=1)
    from tests.learning.support import create_enrollment

    async with sessionmaker() as session, session.begin():
        await create_enrollment(session, q.course, p.student)
    q_section = q.sections[q.lessons[0].id][0]
    await api.post("/api/v1/progress", json=done(q_section), headers=p.headers())
    latest = await _next(api, p)
    assert (latest["course_id"], latest["course_title"]) == (str(q.course.id), q.course.title)
    chosen = await _next(api, p, course_id=str(p.course.id))
    assert chosen["course_id"] == str(p.course.id)
    elsewhere = await api.get(
        "/api/v1/me/next", params={"course_id": str(q.course.id)}, headers=q.headers()
    )  # q's own student is enrolled there too
    assert elsewhere.status_code == 200
    stranger = await add_learner(sessionmaker, p, None)
    nothing = await api.get("/api/v1/me/next", headers=p.headers(stranger))
    assert nothing.json() == {**nothing.json(), "kind": "none", "course_id": None}
    not_mine = await api.get("/api/v1/me/next", params={"course_id": str(p.course.id)},
                             headers=p.headers(stranger))  # fmt: skip
    assert not_mine.status_code == 404


async def test_time_remaining_scales_with_the_learners_own_pace(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, mastery_required=False)
    api = await api_client_factory(settings)
    # Lesson 1 is estimated at 15 min (450 s a section); this learner takes twice as long.
    for section in p.sections[p.lessons[0].id]:
        await api.post("/api/v1/progress", json=done(section, 900), headers=p.headers())
    left = (await _next(api, p))["time_remaining"]
    assert left == {"estimated_minutes": 30, "minutes": 60, "pace": 2, "pace_known": True}
    # A slow start on too little work does not count yet (under ten estimated minutes).
    fresh = await add_learner(sessionmaker, p, EnrollmentStatus.active)
    one = p.sections[p.lessons[0].id][0]
    await api.post("/api/v1/progress", json=done(one, 3000), headers=p.headers(fresh))
    theirs = (await api.get("/api/v1/me/next", headers=p.headers(fresh))).json()
    assert theirs["time_remaining"] == {
        "estimated_minutes": 37.5, "minutes": 38, "pace": 1, "pace_known": False,
    }  # fmt: skip


async def test_my_progress_has_totals_in_json_numbers(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, questions_per_lesson=3)
    api = await api_client_factory(settings)
    empty = (await api.get("/api/v1/me/progress", headers=p.headers())).json()["totals"]
    assert empty == {"time_spent_s": 0, "courses_completed": 0, "courses_in_progress": 1,
                     "average_best_quiz_score": None, "quizzes_taken": 0,
                     "current_streak_days": 0, "longest_streak_days": 0,
                     "time_zone": "UTC"}  # fmt: skip
    l1, l2 = p.lessons[0], p.lessons[1]
    await api.post("/api/v1/progress", json=done(p.sections[l1.id][0], 40), headers=p.headers())
    await api.post("/api/v1/progress", json=done(p.sections[l1.id][1], 20), headers=p.headers())
    for lesson, answers in ((l1, p.keys(l1)), (l2, [*p.keys(l2)[:2], p.wrong(l2)[2]]),
                            (l2, p.wrong(l2))):  # fmt: skip
        url = f"/api/v1/lessons/{lesson.id}/quiz-attempts"
        await api.post(url, json={"answers": answers}, headers=p.headers())
    done_course = await seed_path(sessionmaker, settings, lessons_per_module=1)
    from tests.learning.support import create_enrollment

    async with sessionmaker() as session, session.begin():
        await create_enrollment(session, done_course.course, p.student,
                                status=EnrollmentStatus.completed)  # fmt: skip
    mine = (await api.get("/api/v1/me/progress", headers=p.headers())).json()
    # Best scores 100 and 67 (the later 0 does not count): (100 + 67) / 2 = 83.5.
    assert mine["totals"] == {"time_spent_s": 60, "courses_completed": 1,
                              "courses_in_progress": 1, "average_best_quiz_score": 83.5,
                              "quizzes_taken": 2, "current_streak_days": 1,
                              "longest_streak_days": 1, "time_zone": "UTC"}  # fmt: skip
    course = next(c for c in mine["courses"] if c["course_id"] == str(p.course.id))
    assert course["percent"] == 33.33 and isinstance(course["percent"], float)
    assert all(isinstance(lesson["percent"], int | float) for lesson in course["lessons"])
