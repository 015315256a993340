"""Every route in the OpenAPI document x {anonymous, student, instructor, admin}.

Each route needs a rule in ``RULES``; a route without one fails its test, so a new route
cannot land without deciding who may call it. The calls never change state: path IDs are
random (authorised callers get 404), JSON bodies are a bare array (authorised callers get
422, after the role checks have run), forms are empty. What is asserted is the gate:
401 for anonymous where a login is needed, 403 where the role is wrong, and otherwise an
answer that got past authorisation (never 401/403, never 5xx).

Ownership (another student's enrollment, another instructor's course) is asserted with real
rows in ``test_ownership.py``; here every ID is random.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from api.app import create_app
from core.settings import Settings
from tests.security.conftest import ROLES, SecurityApi

PASSED = frozenset({200, 201, 202, 204, 404, 409, 422})  # authorisation did not stop it
LOGIN = frozenset({401})
WRONG_ROLE = frozenset({403})

PUBLIC = dict.fromkeys(ROLES, PASSED)
SIGNED_IN = {"anonymous": LOGIN, "student": PASSED, "instructor": PASSED, "admin": PASSED}
INSTRUCTORS = {"anonymous": LOGIN, "student": WRONG_ROLE, "instructor": PASSED, "admin": PASSED}
ADMINS = {"anonymous": LOGIN, "student": WRONG_ROLE, "instructor": WRONG_ROLE, "admin": PASSED}

V1 = "/api/v1"
RULES: dict[tuple[str, str], dict[str, frozenset[int]]] = {
    # health: public. /metrics is not a user's route: a scraper gets in by network or scrape
    # token, whatever its bearer (tests/ops/test_metrics.py); these callers are on loopback.
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,
    # accounts
    ("POST", f"{V1}/auth/token"): PUBLIC,
    ("POST", f"{V1}/auth/register"): PUBLIC,
    ("POST", f"{V1}/users"): ADMINS,
    ("GET", f"{V1}/me"): SIGNED_IN,
    ("PATCH", f"{V1}/me"): SIGNED_IN,  # the caller's own time zone and reminder opt-out
    # payload codec for the Temporal UI: admins only (see api/routers/codec.py)
    ("POST", f"{V1}/codec/encode"): ADMINS,
    ("POST", f"{V1}/codec/decode"): ADMINS,
    ("GET", f"{V1}/codec/login"): PUBLIC,  # the UI sign-in form; the POST checks the role
    ("POST", f"{V1}/codec/login"): PUBLIC,
    ("POST", f"{V1}/codec/logout"): PUBLIC,  # clears this browser's own cookie, nothing else
    # course generation: instructors start; the requester (or an admin) reads and steers
    ("POST", f"{V1}/course-generations"): INSTRUCTORS,
    ("GET", f"{V1}/course-generations/{{generation_id}}"): SIGNED_IN,
    ("GET", f"{V1}/course-generations/{{generation_id}}/events"): SIGNED_IN,
    ("POST", f"{V1}/course-generations/{{generation_id}}/events/token"): SIGNED_IN,
    ("POST", f"{V1}/course-generations/{{generation_id}}/review"): SIGNED_IN,
    ("POST", f"{V1}/course-generations/{{generation_id}}/cancel"): SIGNED_IN,
    # catalogue
    ("GET", f"{V1}/courses"): SIGNED_IN,
    ("GET", f"{V1}/courses/{{course_id}}"): SIGNED_IN,
    ("POST", f"{V1}/courses/{{course_id}}/publish"): INSTRUCTORS,
    ("GET", f"{V1}/courses/{{course_id}}/findings"): INSTRUCTORS,
    ("POST", f"{V1}/courses/{{course_id}}/findings/accept"): INSTRUCTORS,
    ("POST", f"{V1}/courses/{{course_id}}/lessons/{{lesson_id}}/regenerate"): INSTRUCTORS,
    # Authoring (issue 20): instructors and admins; the course's own author is checked next.
    ("PATCH", f"{V1}/courses/{{course_id}}"): INSTRUCTORS,
    ("PATCH", f"{V1}/courses/{{course_id}}/lessons/{{lesson_id}}"): INSTRUCTORS,
    ("PATCH", f"{V1}/courses/{{course_id}}/sections/{{section_id}}"): INSTRUCTORS,
    ("PATCH", f"{V1}/courses/{{course_id}}/questions/{{question_id}}"): INSTRUCTORS,
    # enrollment: anyone signed in enrolls themselves; reads are owner-or-admin (404 else)
    ("POST", f"{V1}/courses/{{course_id}}/enrollments"): SIGNED_IN,
    ("GET", f"{V1}/enrollments/{{enrollment_id}}"): SIGNED_IN,
    ("DELETE", f"{V1}/enrollments/{{enrollment_id}}"): SIGNED_IN,
    ("GET", f"{V1}/me/enrollments"): SIGNED_IN,
    # progress and quizzes: the enrolled student; drill-down for the course's instructor
    ("POST", f"{V1}/progress"): SIGNED_IN,
    ("GET", f"{V1}/me/progress"): SIGNED_IN,
    ("GET", f"{V1}/courses/{{course_id}}/progress"): SIGNED_IN,
    ("POST", f"{V1}/lessons/{{lesson_id}}/quiz-attempts"): SIGNED_IN,
    ("GET", f"{V1}/me/next"): SIGNED_IN,
    ("POST", f"{V1}/enrollments/{{enrollment_id}}/quiz-attempts/reset"): INSTRUCTORS,
    # content: anyone signed in sees what the content-access rule gives them (outline or all)
    ("GET", f"{V1}/lessons/{{lesson_id}}"): SIGNED_IN,
    ("GET", f"{V1}/sections/{{section_id}}"): SIGNED_IN,
    ("GET", f"{V1}/lessons/{{lesson_id}}/quiz"): SIGNED_IN,
    # progression settings: readable with the course; changed by its author or an admin
    ("GET", f"{V1}/courses/{{course_id}}/progression"): SIGNED_IN,
    ("PATCH", f"{V1}/courses/{{course_id}}/progression"): INSTRUCTORS,
    # reports and the learning-event export: admins only
    ("GET", f"{V1}/learning-events"): ADMINS,
    ("GET", f"{V1}/reports"): ADMINS,
    ("GET", f"{V1}/reports/{{week}}"): ADMINS,
    ("GET", f"{V1}/reports/{{week}}/{{artifact}}"): ADMINS,
    ("POST", f"{V1}/reports/runs"): ADMINS,
    # achievements: each learner's own; definitions are admins'
    ("GET", f"{V1}/me/achievements"): SIGNED_IN,
    ("GET", f"{V1}/achievements"): ADMINS,
    ("POST", f"{V1}/achievements"): ADMINS,
    ("PATCH", f"{V1}/achievements/{{code}}"): ADMINS,
    # certificates: the holder's own; verification by code is public (rate limited)
    ("GET", f"{V1}/me/certificates"): SIGNED_IN,
    ("GET", f"{V1}/me/certificates/{{certificate_id}}.pdf"): SIGNED_IN,
    ("GET", f"{V1}/certificates/verify/{{code}}"): PUBLIC,
    # the inbox: the caller's own notifications
    ("GET", f"{V1}/me/notifications"): SIGNED_IN,
    ("POST", f"{V1}/me/notifications/{{notification_id}}/read"): SIGNED_IN,
    ("POST", f"{V1}/me/notifications/read-all"): SIGNED_IN,
    # media: whoever may see the course's outline
    ("GET", f"{V1}/courses/{{course_id}}/thumbnail"): SIGNED_IN,
    # exports (IMS Common Cartridge, with answer keys): the course's instructor or an admin
    ("POST", f"{V1}/courses/{{course_id}}/exports"): INSTRUCTORS,
    ("GET", f"{V1}/courses/{{course_id}}/exports"): INSTRUCTORS,
    ("GET", f"{V1}/courses/{{course_id}}/exports/{{export_id}}"): INSTRUCTORS,
    ("GET", f"{V1}/courses/{{course_id}}/exports/{{export_id}}/download"): INSTRUCTORS,
}

# Path-parameter values that exist nowhere: authorised callers get 404.
PATH_VALUES = {"week": "1999-W01", "artifact": "json"}


def _openapi() -> dict[str, Any]:
    return create_app(Settings(environment="test")).openapi()


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in _openapi()["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


OPERATIONS = _operations()


def _url(path: str, operation: dict[str, Any]) -> str:
    for param in operation.get("parameters", []):
        if param["in"] == "path":
            value = PATH_VALUES.get(param["name"], str(uuid.uuid4()))
            path = path.replace("{" + param["name"] + "}", value)
    return path


def _body(operation: dict[str, Any]) -> dict[str, Any]:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return {"json": []}  # never a valid object: nothing is created by this test
    if content:
        return {"data": {}}
    return {}


@pytest.mark.parametrize(
    ("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
async def test_route_answers_each_role_as_its_rule_says(
    security_api: SecurityApi, method: str, path: str, operation: dict[str, Any]
) -> None:
    rule = RULES.get((method, path))
    assert rule is not None, (
        f"{method} {path} has no rule in tests/security/test_route_roles.py RULES: decide "
        "which roles may call it and add one"
    )
    url, body = _url(path, operation), _body(operation)
    wrong = []
    for role in ROLES:
        headers = security_api.parties[role].headers
        response = await security_api.client.request(method, url, headers=headers, **body)
        if response.status_code not in rule[role]:
            wrong.append(f"{role}: {response.status_code} {response.text[:200]}")
    assert not wrong, f"{method} {path}:\n  " + "\n  ".join(wrong)


def test_every_rule_names_an_existing_route() -> None:
    """A rule for a route that no longer exists is stale: remove or fix it."""
    existing = {(m, p) for m, p, _ in OPERATIONS}
    stale = set(RULES) - existing
    assert not stale, f"rules for routes that do not exist: {sorted(stale)}"
