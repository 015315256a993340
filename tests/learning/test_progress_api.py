"""POST /progress and its roll-up, on SQLite and PostgreSQL (no Temporal needed)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import Course, Enrollment, LearningEvent, Section, User
from schemas.enums import EnrollmentStatus, Role
from tests.factories import auth_headers, create_course, create_user
from tests.learning.support import create_enrollment, sections_of

ApiFactory = Callable[..., Any]


@dataclass
class Seeded:
    settings: Settings
    course: Course
    student: User
    author: User
    enrollment: Enrollment
    sections: list[Section]

    def headers(self, user: User | None = None) -> dict[str, str]:
        return auth_headers(self.settings, user or self.student)


async def seed(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, **course_kw: Any
) -> Seeded:
    async with sessionmaker() as session, session.begin():
        author = await create_user(session, Role.instructor)
        student = await create_user(session, Role.student)
        course = await create_course(session, author, **course_kw)
        enrollment = await create_enrollment(session, course, student)
        sections = await sections_of(session, course)
    return Seeded(settings, course, student, author, enrollment, sections)


def post(
    section: Section, completed: bool = True, time_spent_s: int = 30, **extra: Any
) -> dict[str, Any]:
    return {
        "section_id": str(section.id),
        "completed": completed,
        "time_spent_s": time_spent_s,
        **extra,
    }


async def test_rollup_is_exact_with_optional_sections(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    """3 lessons x 3 sections. L1: 2 required + 1 optional; L2: 3 required; L3: all optional.

    Lesson % = mean completion of required sections; L3 has none, so it shows the mean over
    all its sections and does not count; course % = mean of L1 and L2 fractions.
    """
    settings = make_settings(database_url=database_url)
    s = await seed(sessionmaker, settings, lessons_per_module=3, sections_per_lesson=3,
                   optional_last_section=True,
                   pass_mark=80)  # fmt: skip
    l1, l2, l3 = s.sections[0:3], s.sections[3:6], s.sections[6:9]
    async with sessionmaker() as session, session.begin():
        (await session.get(Section, l2[2].id)).required = True  # type: ignore[union-attr]
        for section in l3:
            (await session.get(Section, section.id)).required = False  # type: ignore[union-attr]
    api = await api_client_factory(settings)

    async def step(section: Section) -> dict[str, Any]:
        response = await api.post("/api/v1/progress", json=post(section), headers=s.headers())
        assert response.status_code == 200, response.text
        return dict(response.json())

    body = await step(l1[0])
    assert (body["lesson"]["percent"], body["course_percent"]) == (50.0, 25.0)
    body = await step(l1[2])  # optional: changes nothing
    assert (body["lesson"]["percent"], body["course_percent"]) == (50.0, 25.0)
    body = await step(l2[0])  # L2 = 1/3; course = (1/2 + 1/3) / 2 = 41.666…
    assert (body["lesson"]["percent"], body["course_percent"]) == (33.33, 41.67)
    body = await step(l3[0])  # all-optional lesson: shown as 1/3, not counted
    assert (body["lesson"]["percent"], body["course_percent"]) == (33.33, 41.67)
    for section in (l1[1], l2[1]):
        body = await step(section)
    assert body["course_percent"] == 83.33  # (1 + 2/3) / 2
    body = await step(l2[2])
    assert body["course_percent"] == 100
    # Every required section is done, but under mastery the lesson and the course need
    # the quizzes passed at the pass mark (80) too.
    assert body["lesson"]["completed"] is False
    assert body["completion_rule_met"] is False
    assert body["completion_workflow_id"] is None


async def test_a_read_right_after_a_post_is_never_stale(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    s = await seed(sessionmaker, settings, lessons_per_module=2, sections_per_lesson=4,
                   pass_mark=90)  # fmt: skip
    api = await api_client_factory(settings)
    # Six posts at once: every one must land in the roll-up (no lost update, no write skew).
    responses = await asyncio.gather(
        *(api.post("/api/v1/progress", json=post(sec), headers=s.headers())
          for sec in s.sections[:6])
    )  # fmt: skip
    assert [r.status_code for r in responses] == [200] * 6
    mine = await api.get("/api/v1/me/progress", headers=s.headers())
    course = next(c for c in mine.json()["courses"] if c["course_id"] == str(s.course.id))
    assert course["percent"] == 75  # (4/4 + 2/4) / 2
    assert [lesson["percent"] for lesson in course["lessons"]] == [100, 50]
    # And the next post's answer agrees with a read right after it.
    last = await api.post("/api/v1/progress", json=post(s.sections[6]), headers=s.headers())
    drill = await api.get(f"/api/v1/courses/{s.course.id}/progress", headers=s.headers(s.author))
    learner = next(x for x in drill.json()["learners"] if x["student_id"] == str(s.student.id))
    assert learner["percent"] == last.json()["course_percent"] == 87.5
    assert learner["time_spent_s"] == 7 * 30


async def test_progress_is_idempotent_and_monotonic(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    s = await seed(sessionmaker, settings, pass_mark=90)
    api = await api_client_factory(settings)
    key = {"Idempotency-Key": "post-1"}
    first = await api.post("/api/v1/progress", json=post(s.sections[0], time_spent_s=40),
                           headers=s.headers() | key)  # fmt: skip
    again = await api.post("/api/v1/progress", json=post(s.sections[0], time_spent_s=40),
                           headers=s.headers() | key)  # fmt: skip
    assert first.status_code == again.status_code == 200
    assert (first.json()["replayed"], again.json()["replayed"]) == (False, True)
    assert again.json()["course_percent"] == first.json()["course_percent"]
    reused = await api.post("/api/v1/progress", json=post(s.sections[1]), headers=s.headers() | key)
    assert reused.status_code == 409  # one key, one request
    # A later "not completed" post adds time but never takes completion back.
    later = await api.post("/api/v1/progress", json=post(s.sections[0], completed=False,
                           time_spent_s=5), headers=s.headers())  # fmt: skip
    assert later.json()["section_completion"] == 1
    drill = await api.get(f"/api/v1/courses/{s.course.id}/progress", headers=s.headers(s.author))
    assert drill.json()["learners"][0]["time_spent_s"] == 45
    async with sessionmaker() as session:
        events = await session.scalar(
            select(func.count()).where(
                LearningEvent.enrollment_id == s.enrollment.id,
                LearningEvent.object_type == "section",  # not the award the first post earned
            )
        )
    assert events == 2


async def test_bad_input_names_the_field(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url, max_time_spent_per_post_s=600)
    s = await seed(sessionmaker, settings)
    api = await api_client_factory(settings)
    cases = {
        "time_spent_s": post(s.sections[0], time_spent_s=601),
        "score": post(s.sections[0], score=101),
        "section_id": {"section_id": "nope", "completed": True, "time_spent_s": 1},
        "progress": post(s.sections[0], progress=1),
    }
    for field, body in cases.items():
        response = await api.post("/api/v1/progress", json=body, headers=s.headers())
        assert response.status_code == 422, (field, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in response.json()["detail"], (field, response.json())
    negative = await api.post("/api/v1/progress", json=post(s.sections[0], time_spent_s=-1),
                              headers=s.headers())  # fmt: skip
    assert negative.status_code == 422
    assert "time_spent_s" in negative.json()["detail"]


async def test_only_the_enrolled_student_posts_and_reads(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    s = await seed(sessionmaker, settings)
    async with sessionmaker() as session, session.begin():
        outsider = await create_user(session, Role.student)
        other_teacher = await create_user(session, Role.instructor)
        admin = await create_user(session, Role.admin)
        cancelled_student = await create_user(session, Role.student)
        await create_enrollment(session, s.course, cancelled_student,
                                status=EnrollmentStatus.cancelled)  # fmt: skip
    api = await api_client_factory(settings)
    body = post(s.sections[0])
    assert (await api.post("/api/v1/progress", json=body)).status_code == 401
    denied = await api.post("/api/v1/progress", json=body, headers=s.headers(outsider))
    assert denied.status_code == 403
    cancelled = await api.post("/api/v1/progress", json=body, headers=s.headers(cancelled_student))
    assert cancelled.status_code == 409
    drill = f"/api/v1/courses/{s.course.id}/progress"
    for user, expected in ((s.student, 403), (other_teacher, 403), (s.author, 200), (admin, 200)):
        assert (await api.get(drill, headers=s.headers(user))).status_code == expected
    # Another student's /me/progress does not include this enrollment.
    theirs = await api.get("/api/v1/me/progress", headers=s.headers(outsider))
    assert theirs.json()["courses"] == []
    for path in ("/api/v1/learning-events", "/api/v1/reports"):
        assert (await api.get(path, headers=s.headers(s.student))).status_code == 403
        assert (await api.get(path, headers=s.headers(admin))).status_code == 200


async def test_learning_events_export_as_xapi(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    s = await seed(sessionmaker, settings, pass_mark=90)
    async with sessionmaker() as session, session.begin():
        admin = await create_user(session, Role.admin)
    api = await api_client_factory(settings)
    await api.post("/api/v1/progress", json=post(s.sections[0], score=80), headers=s.headers())
    await api.post("/api/v1/progress", json=post(s.sections[1], completed=False, time_spent_s=12),
                   headers=s.headers())  # fmt: skip
    url = "/api/v1/learning-events"
    page1 = await api.get(url, params={"course_id": str(s.course.id), "limit": 1},
                          headers=s.headers(admin))  # fmt: skip
    assert page1.status_code == 200
    [first] = page1.json()["statements"]
    assert first["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert first["actor"]["account"]["name"] == str(s.student.id)
    assert first["object"]["id"].endswith(f"/sections/{s.sections[0].id}")
    assert first["result"] == {
        "duration": "PT30S", "completion": True,
        "score": {"scaled": 0.8, "raw": 80, "min": 0, "max": 100},
    }  # fmt: skip
    assert first["context"]["registration"] == str(s.enrollment.id)
    cursor = page1.json()["next_cursor"]
    page2 = await api.get(url, params={"course_id": str(s.course.id), "limit": 2,
                          "cursor": cursor}, headers=s.headers(admin))  # fmt: skip
    [earned, second] = page2.json()["statements"]  # the first post earned first_section
    assert earned["verb"] == {"id": "http://id.tincanapi.com/verb/earned",
                              "display": {"en-US": "earned"}}  # fmt: skip
    assert earned["object"]["definition"]["type"].endswith("/activitytype/badge")
    assert "/achievements/" in earned["object"]["id"] and "result" not in earned
    assert second["verb"]["id"] == "http://adlnet.gov/expapi/verbs/progressed"
    assert second["result"]["duration"] == "PT12S"
    assert page2.json()["next_cursor"] is None
    later = await api.get(url, params={"course_id": str(s.course.id), "since": second["stored"]},
                          headers=s.headers(admin))  # fmt: skip
    assert [x["id"] for x in later.json()["statements"]] == [second["id"]]
    naive = await api.get(url, params={"since": "2026-01-01T00:00:00"}, headers=s.headers(admin))
    assert naive.status_code == 422


async def test_regenerated_lesson_keeps_progress_on_unchanged_sections(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    """Progress is keyed by section ID: a regeneration that replaces one section (new ID)
    keeps the completion of the section it left alone."""
    settings = make_settings(database_url=database_url)
    s = await seed(sessionmaker, settings, lessons_per_module=1, sections_per_lesson=2,
                   pass_mark=90)  # fmt: skip
    kept, replaced = s.sections
    api = await api_client_factory(settings)
    for section in (kept, replaced):
        await api.post("/api/v1/progress", json=post(section), headers=s.headers())
    async with sessionmaker() as session, session.begin():
        old = await session.get(Section, replaced.id)
        assert old is not None
        await session.delete(old)  # its progress row goes with it (ON DELETE CASCADE)
        await session.flush()
        rewritten = Section(
            lesson_id=kept.lesson_id, course_id=s.course.id, position=1, title="Rewritten",
            body_markdown="new", content_hash="f" * 64,
        )  # fmt: skip
        session.add(rewritten)
    gone = await api.post("/api/v1/progress", json=post(replaced), headers=s.headers())
    assert gone.status_code == 404
    again = await api.post("/api/v1/progress", json=post(kept, time_spent_s=0), headers=s.headers())
    assert again.json()["section_completion"] == 1
    assert again.json()["lesson"]["percent"] == 50  # new section: 0
