"""Content access: section bodies and quiz prompts only for the author, admins and learners
with an active or completed enrollment; everyone else gets the outline and free previews.

The leak test walks **every GET route of the OpenAPI document** as each kind of outsider,
with the seeded course's IDs in the path, and searches every answer for the markers the
course's bodies, prompts, options and explanations carry. A new route that returns content
and forgets the rule fails here; a new path parameter must be given a value (or declared
opaque, with the reason) before the test runs at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.app import create_app
from core.settings import Settings
from db.models import Lesson, User
from schemas.enums import EnrollmentStatus, Role
from services.learning import ContentLocked, require_content
from tests.learning.path_support import ApiFactory, LearnerPath, add_learner, secret, seed_path

# Path parameters the seeded course fills in; every other one must be listed as opaque.
COURSE_PARAMS = {"course_id", "lesson_id", "section_id", "module_id", "question_id"}
# Parameters naming things no outsider owns: a random value (404) is the honest probe.
OPAQUE_PARAMS = {
    "generation_id": "a generation run is its requester's",
    "enrollment_id": "an enrollment is its student's",
    "week": "reports are admins'",
    "artifact": "reports are admins'",
    "certificate_id": "a certificate is its holder's",
    "code": "a verification code is random: a wrong one is the one 404",
    "export_id": "an export is its course managers' (and carries answer keys)",
}
SECRETS = ("BODY", "PROMPT", "OPTION", "EXPLAIN")
OUTSIDERS = {
    "not enrolled": None,
    "payment failed": EnrollmentStatus.failed,
    "pending": EnrollmentStatus.pending,
    "waitlisted": EnrollmentStatus.waitlisted,
    "cancelled": EnrollmentStatus.cancelled,
}


def _get_routes() -> list[tuple[str, list[str]]]:
    spec = create_app(Settings(environment="test")).openapi()
    routes = []
    for path, item in spec["paths"].items():
        if "get" in item:
            params = [p["name"] for p in item["get"].get("parameters", []) if p["in"] == "path"]
            routes.append((path, params))
    return routes


GET_ROUTES = _get_routes()


def test_every_path_parameter_of_a_get_route_is_known() -> None:
    unknown = {
        (path, name)
        for path, params in GET_ROUTES
        for name in params
        if name not in COURSE_PARAMS and name not in OPAQUE_PARAMS
    }
    assert not unknown, (
        f"{sorted(unknown)}: give these path parameters a seeded value in "
        "tests/learning/test_access.py (or list them in OPAQUE_PARAMS with the reason)"
    )


def _url(path: str, params: list[str], p: LearnerPath, lesson: Lesson) -> str:
    values = {
        "course_id": p.course.id,
        "lesson_id": lesson.id,
        "section_id": p.sections[lesson.id][0].id,
        "module_id": p.module.id,
        "question_id": p.questions[lesson.id][0].id,
    }
    for name in params:
        path = path.replace("{" + name + "}", str(values.get(name, uuid.uuid4())))
    return path


def _leaks(text: str, tag: str, kinds: tuple[str, ...] = SECRETS) -> list[str]:
    return [kind for kind in kinds if secret(kind, tag) in text]


async def _outsiders(
    sessionmaker: async_sessionmaker[AsyncSession], p: LearnerPath
) -> dict[str, User]:
    users = {name: await add_learner(sessionmaker, p, status) for name, status in OUTSIDERS.items()}
    users["another instructor"] = await add_learner(sessionmaker, p, None, Role.instructor)
    return users


async def test_no_get_route_gives_an_outsider_a_body_or_a_prompt(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, marked=True, price_cents=4900)
    tag = p.course.id.hex[:8]
    gated = p.lessons[0]
    api = await api_client_factory(settings)
    outsiders = await _outsiders(sessionmaker, p)
    leaks, errors = [], []
    for who, user in outsiders.items():
        for path, params in GET_ROUTES:
            response = await api.get(_url(path, params, p, gated), headers=p.headers(user))
            if response.status_code == 500:  # (503: /readyz, no Temporal in this test)
                errors.append(f"{who} GET {path}: {response.status_code}")
            found = _leaks(response.text, tag)
            if found:
                leaks.append(f"{who} GET {path}: {found}")
    assert not errors
    assert not leaks, "content served to outsiders:\n" + "\n".join(leaks)

    # The probe is real: the same walk as the enrolled learner finds the content through
    # the course, lesson, section and quiz routes.
    served = set()
    for path, params in GET_ROUTES:
        response = await api.get(_url(path, params, p, gated), headers=p.headers())
        if _leaks(response.text, tag, ("BODY", "PROMPT")):
            served.add(path)
    assert {
        "/api/v1/courses/{course_id}",
        "/api/v1/lessons/{lesson_id}",
        "/api/v1/sections/{section_id}",
        "/api/v1/lessons/{lesson_id}/quiz",
    } <= served


async def test_outsiders_get_the_outline_and_free_previews(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, marked=True)
    preview = p.lessons[1]
    api = await api_client_factory(settings)
    patch = await api.patch(
        f"/api/v1/courses/{p.course.id}/progression",
        json={"lessons": [{"lesson_id": str(preview.id), "free_preview": True}]},
        headers=p.headers(p.author),
    )
    assert patch.status_code == 200, patch.text
    failed = await add_learner(sessionmaker, p, EnrollmentStatus.failed, reason="payment_declined")
    course = (await api.get(f"/api/v1/courses/{p.course.id}", headers=p.headers(failed))).json()
    assert course["access"] == {"level": "outline", "reason": "enrollment_failed"}
    lessons = course["modules"][0]["lessons"]
    outline = {lesson["id"]: lesson for lesson in lessons}
    for lesson in p.lessons:
        shown = outline[str(lesson.id)]
        # The outline: titles, objectives, estimated minutes, section titles.
        assert shown["title"] == lesson.title and shown["objectives"] == lesson.objectives
        assert shown["estimated_minutes"] == lesson.estimated_minutes
        assert [s["title"] for s in shown["sections"]] == [s.title for s in p.sections[lesson.id]]
        assert shown["question_count"] == 2
        if lesson.id == preview.id:
            assert shown["content_visible"] is True and shown["free_preview"] is True
            assert all(s["body_markdown"] for s in shown["sections"])
            assert [q["prompt"] for q in shown["questions"]] == [
                q.prompt for q in p.questions[lesson.id]
            ]
            assert all(q["answer_index"] is None for q in shown["questions"])
        else:
            assert shown["content_visible"] is False
            assert [s["body_markdown"] for s in shown["sections"]] == [None, None]
            assert shown["questions"] == []
    one = await api.get(
        f"/api/v1/sections/{p.sections[preview.id][0].id}", headers=p.headers(failed)
    )
    assert one.json()["body_markdown"] == p.sections[preview.id][0].body_markdown
    # The learner, the completed learner, the author and an admin read everything.
    completed = await add_learner(sessionmaker, p, EnrollmentStatus.completed)
    admin = await add_learner(sessionmaker, p, None, Role.admin)
    for user, reason in ((p.student, "enrolled"), (completed, "enrolled"),
                         (p.author, "manages_course"), (admin, "manages_course")):  # fmt: skip
        full = (await api.get(f"/api/v1/courses/{p.course.id}", headers=p.headers(user))).json()
        assert full["access"] == {"level": "full", "reason": reason}
        bodies = [s["body_markdown"] for m in full["modules"] for ls in m["lessons"]
                  for s in ls["sections"]]  # fmt: skip
        assert all(bodies) and len(bodies) == 6
        keys = [q["answer_index"] for m in full["modules"] for ls in m["lessons"]
                for q in ls["questions"]]  # fmt: skip
        # Answer keys only for those who manage the course.
        assert keys == ([1] * 6 if reason == "manages_course" else [None] * 6)


async def test_an_outsider_cannot_attempt_a_quiz_or_read_its_prompts_through_it(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, marked=True)
    tag = p.course.id.hex[:8]
    api = await api_client_factory(settings)
    lesson = p.lessons[0]
    for user in (await _outsiders(sessionmaker, p)).values():
        url = f"/api/v1/lessons/{lesson.id}/quiz-attempts"
        answer = await api.post(url, json={"answers": p.keys(lesson)}, headers=p.headers(user))
        assert answer.status_code in (403, 409), answer.text
        assert not _leaks(answer.text, tag)
        quiz = await api.get(f"/api/v1/lessons/{lesson.id}/quiz", headers=p.headers(user))
        assert quiz.status_code == 200
        assert (quiz.json()["questions"], quiz.json()["question_count"]) == ([], 2)


@pytest.mark.parametrize("status", [None, EnrollmentStatus.failed, EnrollmentStatus.pending])
async def test_routes_serving_all_or_nothing_refuse_outsiders(
    status: EnrollmentStatus | None, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], database_url: str,
) -> None:  # fmt: skip
    """``require_content``: the check an export or a lesson's media route calls."""
    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings)
    outsider = await add_learner(sessionmaker, p, status)
    async with sessionmaker() as session:
        with pytest.raises(ContentLocked):
            await require_content(session, outsider, p.course)
        assert (await require_content(session, p.student, p.course)).full
        assert (await require_content(session, p.author, p.course)).full


async def test_unpublished_content_is_hidden_from_everyone_but_its_managers(
    database_url: str, sessionmaker: async_sessionmaker[AsyncSession],
    make_settings: Callable[..., Settings], api_client_factory: ApiFactory,
) -> None:  # fmt: skip
    from schemas.enums import CourseStatus

    settings = make_settings(database_url=database_url)
    p = await seed_path(sessionmaker, settings, status=CourseStatus.review)
    api = await api_client_factory(settings)
    lesson, section = p.lessons[0], p.sections[p.lessons[0].id][0]
    stranger = await add_learner(sessionmaker, p, None)
    for url in (f"/api/v1/lessons/{lesson.id}", f"/api/v1/sections/{section.id}",
                f"/api/v1/lessons/{lesson.id}/quiz",
                f"/api/v1/courses/{p.course.id}/progression"):  # fmt: skip
        assert (await api.get(url, headers=p.headers(stranger))).status_code == 404, url
        assert (await api.get(url, headers=p.headers(p.author))).status_code == 200, url
