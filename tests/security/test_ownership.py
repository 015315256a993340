"""Ownership with real rows: a student reaches only their own enrollments and progress, an
instructor only their own course's learners, admins everything."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from core.settings import Settings
from db.models import Course, CourseGeneration, Enrollment, Lesson, Section, User
from db.session import make_engine, make_sessionmaker, transaction
from schemas.enums import EnrollmentStatus, Role
from tests.conftest import ApiFactory
from tests.factories import auth_headers, create_course
from tests.security.conftest import token_only_user


@dataclass
class World:
    api: httpx.AsyncClient
    sessionmaker: async_sessionmaker[AsyncSession]
    headers: dict[str, dict[str, str]]  # author, other_instructor, student, other_student, admin
    course: Course
    enrollment: Enrollment
    other_enrollment: Enrollment
    section: Section
    lesson: Lesson


async def _enroll(session: AsyncSession, course: Course, student: User) -> Enrollment:
    enrollment = Enrollment(
        course_id=course.id,
        student_id=student.id,
        status=EnrollmentStatus.active,
        workflow_id=f"enroll-{course.id}-{student.id}",
    )
    session.add(enrollment)
    await session.flush()
    return enrollment


@pytest.fixture
async def world(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
    dev_client: Client,
) -> World:
    settings = make_settings(database_url=sqlite_session_url)
    engine = make_engine(sqlite_session_url)
    sessionmaker = make_sessionmaker(engine)
    async with transaction(sessionmaker) as session:
        users: dict[str, User] = {
            "author": await token_only_user(session, Role.instructor),
            "other_instructor": await token_only_user(session, Role.instructor),
            "student": await token_only_user(session, Role.student),
            "other_student": await token_only_user(session, Role.student),
            "outsider": await token_only_user(session, Role.student),
            "admin": await token_only_user(session, Role.admin),
        }
        course = await create_course(session, users["author"])
        enrollment = await _enroll(session, course, users["student"])
        other_enrollment = await _enroll(session, course, users["other_student"])
        section = (
            (await session.execute(select(Section).where(Section.course_id == course.id)))
            .scalars()
            .first()
        )
        lesson = (
            (await session.execute(select(Lesson).where(Lesson.course_id == course.id)))
            .scalars()
            .first()
        )
    assert section is not None and lesson is not None
    api = await api_client_factory(settings, dev_client)
    headers = {name: auth_headers(settings, user) for name, user in users.items()}
    return World(api, sessionmaker, headers, course, enrollment, other_enrollment, section, lesson)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("student", 200),
        ("other_student", 404),
        ("author", 200),
        ("other_instructor", 404),
        ("admin", 200),
    ],
)
async def test_reading_an_enrollment(world: World, who: str, status: int) -> None:
    response = await world.api.get(
        f"/api/v1/enrollments/{world.enrollment.id}", headers=world.headers[who]
    )
    assert response.status_code == status
    if status == 404:
        assert str(world.enrollment.student_id) not in response.text


@pytest.mark.parametrize(
    ("who", "status"), [("other_student", 404), ("author", 403), ("other_instructor", 404)]
)
async def test_only_the_student_or_an_admin_cancels(world: World, who: str, status: int) -> None:
    response = await world.api.delete(
        f"/api/v1/enrollments/{world.enrollment.id}", headers=world.headers[who]
    )
    assert response.status_code == status
    async with world.sessionmaker() as session:
        row = await session.get(Enrollment, world.enrollment.id)
    assert row is not None and row.status is EnrollmentStatus.active


@pytest.mark.parametrize(
    ("who", "status"),
    [("author", 200), ("admin", 200), ("other_instructor", 403), ("student", 403)],
)
async def test_course_learner_drill_down(world: World, who: str, status: int) -> None:
    response = await world.api.get(
        f"/api/v1/courses/{world.course.id}/progress", headers=world.headers[who]
    )
    assert response.status_code == status
    if status == 200:
        assert str(world.enrollment.id) in response.text
    else:
        assert str(world.enrollment.id) not in response.text


async def test_own_progress_and_enrollments_never_show_anothers(world: World) -> None:
    for path in ("/api/v1/me/progress", "/api/v1/me/enrollments"):
        mine = await world.api.get(path, headers=world.headers["other_student"])
        assert mine.status_code == 200
        assert str(world.other_enrollment.id) in mine.text  # the control: own row is there
        assert str(world.enrollment.id) not in mine.text


async def test_progress_post_needs_an_enrollment_in_the_course(world: World) -> None:
    body = {"section_id": str(world.section.id), "completed": True, "time_spent_s": 30}
    for who in ("outsider", "other_instructor"):
        response = await world.api.post("/api/v1/progress", json=body, headers=world.headers[who])
        assert response.status_code == 403, who


async def test_quiz_attempt_needs_an_enrollment_in_the_course(world: World) -> None:
    response = await world.api.post(
        f"/api/v1/lessons/{world.lesson.id}/quiz-attempts",
        json={"answers": [1, 1]},
        headers=world.headers["outsider"],
    )
    assert response.status_code == 403


async def test_a_student_cannot_enroll_someone_else(world: World) -> None:
    response = await world.api.post(
        f"/api/v1/courses/{world.course.id}/enrollments",
        json={"student_id": str(uuid.uuid4())},
        headers=world.headers["outsider"],
    )
    assert response.status_code == 403, response.text


# --- an instructor manages only their own courses and generations ------------------------------
async def test_another_instructor_cannot_publish_the_course(world: World) -> None:
    response = await world.api.post(
        f"/api/v1/courses/{world.course.id}/publish", headers=world.headers["other_instructor"]
    )
    assert response.status_code == 403


async def test_another_instructor_cannot_regenerate_a_lesson(world: World) -> None:
    response = await world.api.post(
        f"/api/v1/courses/{world.course.id}/lessons/{world.lesson.id}/regenerate",
        json={"instructions": "Add a worked example."},
        headers=world.headers["other_instructor"],
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("who", "keys_shown"),
    [("student", False), ("author", True), ("admin", True), ("other_instructor", False)],
)
async def test_answer_keys_only_for_the_author_and_admins(
    world: World, who: str, keys_shown: bool
) -> None:
    response = await world.api.get(f"/api/v1/courses/{world.course.id}", headers=world.headers[who])
    assert response.status_code == 200
    keys = [
        question.get("answer_index")
        for module in response.json()["modules"]
        for lesson in module["lessons"]
        for question in lesson.get("quiz", lesson.get("questions", []))
    ]
    if who == "other_instructor":
        # Not enrolled: the outline only (services/learning/access.py), so no questions at
        # all, let alone keys; the outline still counts them.
        assert keys == []
        assert all(ls["question_count"] for m in response.json()["modules"] for ls in m["lessons"])
        return
    assert keys, "the course detail lists no quiz questions"
    assert all(k is not None for k in keys) if keys_shown else all(k is None for k in keys)


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("GET", "", None), ("POST", "/cancel", None), ("POST", "/review", {"decision": "reject"})],
)
async def test_another_instructors_generation_is_invisible(
    world: World, method: str, suffix: str, body: dict[str, str] | None
) -> None:
    async with transaction(world.sessionmaker) as session:
        author = await session.get(User, world.course.author_id)
        assert author is not None
        generation = CourseGeneration(
            requested_by=author.id,
            workflow_id=f"course-gen-{uuid.uuid4()}",
            request={"title": "Private"},
        )
        session.add(generation)
    for who in ("other_instructor", "student"):
        response = await world.api.request(
            method,
            f"/api/v1/course-generations/{generation.id}{suffix}",
            headers=world.headers[who],
            json=body,
        )
        assert response.status_code == 404, (who, response.text)
