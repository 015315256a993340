"""The review queue: a course that the real pipeline sent to review lists its findings per
lesson with code, pointer and evidence; publishing is refused while one is open; an author
accepts each for a recorded reason and publishes (API and CLI, same services)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from typing import Any

from sqlalchemy import select

from db.models import Course, FindingOverride
from schemas.enums import CourseStatus
from tests.factories import auth_headers
from tests.generation.conftest import Harness, HarnessFactory


async def _course_in_review(h: Harness) -> tuple[Any, Any]:
    """One lesson whose quiz keeps two correct options through its one regeneration."""
    author = await h.user()
    h.fake.script("lesson", "two_correct", times=2, match="part 1.1")
    _, handle = await h.start(author, module_count=1, lessons_per_module=1)
    result = await handle.result()
    assert result.course_status == CourseStatus.review.value
    return author, result.course_id


async def test_an_accepted_finding_publishes_with_the_override_recorded(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    h = await make_harness(sqlite_session_url, "openai", lesson_regeneration_attempts=1)
    api = await api_client_factory(h.settings, temporal=h.client)
    author, course_id = await _course_in_review(h)
    headers = auth_headers(h.settings, author)
    base = f"/api/v1/courses/{course_id}"

    queue = (await api.get(f"{base}/findings", headers=headers)).json()
    [lesson] = queue["lessons"]
    [finding] = [f for f in lesson["findings"] if f["code"] == "QUIZ_KEY_COUNT"]
    assert finding["pointer"].startswith("question ") and len(finding["evidence"]) >= 2
    assert queue["open"] == len(lesson["findings"]) + len(queue["course_findings"])

    refused = await api.post(f"{base}/publish", headers=headers)
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")

    accept = f"{base}/findings/accept"
    no_reason = {"key": finding["key"], "lesson_id": lesson["lesson_id"], "reason": " "}
    assert (await api.post(accept, json=no_reason, headers=headers)).status_code == 422
    unknown = {"key": "QUIZ_KEY_COUNT:question 9", "lesson_id": lesson["lesson_id"],
               "reason": "fine"}  # fmt: skip
    assert (await api.post(accept, json=unknown, headers=headers)).status_code == 404
    stranger = auth_headers(h.settings, await h.user())
    body = {"key": finding["key"], "lesson_id": lesson["lesson_id"], "reason": "Both are right."}
    assert (await api.post(accept, json=body, headers=stranger)).status_code == 403

    for f in lesson["findings"]:
        reason = "Both are right." if f["key"] == finding["key"] else "Checked by hand."
        body = {"key": f["key"], "lesson_id": lesson["lesson_id"], "reason": reason}
        accepted = await api.post(accept, json=body, headers=headers)
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["accepted"]["reason"] == reason
    for f in queue["course_findings"]:
        body = {"key": f["key"], "reason": "Checked by hand."}
        assert (await api.post(accept, json=body, headers=headers)).status_code == 200

    published = await api.post(f"{base}/publish", headers=headers)
    assert published.status_code == 200 and published.json()["status"] == "published"
    async with h.deps.sessionmaker() as session:
        rows = list(
            await session.scalars(
                select(FindingOverride).where(FindingOverride.course_id == course_id)
            )
        )
        course = await session.get(Course, course_id)
    assert course is not None and course.status == CourseStatus.published
    [row] = [r for r in rows if r.finding_key == finding["key"]]
    assert (row.reason, row.accepted_by, row.code) == (
        "Both are right.",
        author.id,
        "QUIZ_KEY_COUNT",
    )
    after = (await api.get(f"{base}/findings", headers=headers)).json()
    assert after["open"] == 0 and after["lessons"][0]["findings"]  # still listed, accepted


def _courseflow(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEFLOW_")}
    env["COURSEFLOW_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "findings", *args],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


async def test_the_cli_lists_accepts_and_publishes(
    make_harness: HarnessFactory, sqlite_session_url: str
) -> None:
    h = await make_harness(sqlite_session_url, "openai", lesson_regeneration_attempts=1)
    author, course_id = await _course_in_review(h)
    course, email = str(course_id), author.email

    listed = _courseflow(sqlite_session_url, "list", course, "--as", email)
    assert listed.returncode == 0, listed.stderr
    queue = json.loads(listed.stdout)
    refused = _courseflow(sqlite_session_url, "publish", course, "--as", email)
    assert refused.returncode == 2 and "findings are open" in refused.stderr
    for lesson in queue["lessons"]:
        for f in lesson["findings"]:
            done = _courseflow(sqlite_session_url, "accept", course, f["key"], "--as", email,
                               "--lesson", lesson["lesson_id"], "--reason", "Checked.")  # fmt: skip
            assert done.returncode == 0, done.stderr
    for f in queue["course_findings"]:
        done = _courseflow(sqlite_session_url, "accept", course, f["key"], "--as", email,
                           "--reason", "Checked.")  # fmt: skip
        assert done.returncode == 0, done.stderr
    published = _courseflow(sqlite_session_url, "publish", course, "--as", email)
    assert published.returncode == 0, published.stderr
    assert json.loads(published.stdout)["status"] == "published"


async def _reviewed_course(h: Harness, api: Any) -> tuple[dict[str, str], str, dict[str, Any]]:
    """A course the pipeline left in review with no open finding (approved without
    ``publish``), and its first lesson as its author reads it."""
    from tests.generation.test_api import _headers
    from tests.generation.test_review_answers import _awaiting_review, _completed

    _, headers = await _headers(h)
    run = await _awaiting_review(h, api, headers)
    await api.post(run["links"]["review"], json={"decision": "approve"}, headers=headers)
    final = await _completed(h, api, run, headers)
    base = f"/api/v1/courses/{final['course_id']}"
    assert (await api.get(f"{base}/findings", headers=headers)).json()["open"] == 0
    tree = (await api.get(base, headers=headers)).json()
    return headers, base, tree["modules"][0]["lessons"][0]


async def _approved_course(
    make_harness: HarnessFactory, url: str, api_client_factory: Any
) -> tuple[Harness, Any, dict[str, str], str, dict[str, Any]]:
    """A harness on ``url`` with the OpenAI fake, its API, and ``_reviewed_course``'s course."""
    from tests.generation.test_api import _api

    h = await make_harness(url, "openai")
    api = await _api(h, api_client_factory)
    return (h, api, *await _reviewed_course(h, api))


def _teaching_section(lesson: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    from services.generation.text import OVERVIEW_TITLE

    return next(
        (n, s) for n, s in enumerate(lesson["sections"], 1) if not OVERVIEW_TITLE.match(s["title"])
    )


async def test_an_edit_that_makes_a_lesson_worse_blocks_publishing_until_fixed(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    h, api, headers, base, lesson = await _approved_course(
        make_harness, sqlite_session_url, api_client_factory
    )
    n, section = _teaching_section(lesson)
    url = f"{base}/sections/{section['id']}"
    thin = await api.patch(url, json={"body_markdown": "Too short."}, headers=headers)
    assert thin.status_code == 200, thin.text

    queue = (await api.get(f"{base}/findings", headers=headers)).json()
    [review] = [r for r in queue["lessons"] if r["lesson_id"] == lesson["id"]]
    assert review["revision"] == lesson["revision"] + 1
    [finding] = [f for f in review["findings"] if f["code"] == "SECTION_TOO_THIN"]
    assert finding["pointer"] == f"section {n}" and finding["accepted"] is None
    refused = await api.post(f"{base}/publish", headers=headers)
    assert refused.status_code == 409 and "findings are open" in refused.json()["detail"]

    fixed = await api.patch(url, json={"body_markdown": section["body_markdown"]}, headers=headers)
    assert fixed.status_code == 200, fixed.text
    assert (await api.get(f"{base}/findings", headers=headers)).json()["open"] == 0
    published = await api.post(f"{base}/publish", headers=headers)
    assert published.status_code == 200 and published.json()["status"] == "published"
    async with h.deps.sessionmaker() as session:
        from db.models import Lesson

        row = await session.get(Lesson, uuid.UUID(lesson["id"]))
    # Publishing stored the findings of the edited lesson, for the revision it published.
    assert row is not None and row.findings_revision == row.revision == lesson["revision"] + 2
    assert not [f for f in row.quality_findings if f["code"] == "SECTION_TOO_THIN"]


async def test_a_finding_of_an_edit_can_be_accepted_for_that_revision_only(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    _, api, headers, base, lesson = await _approved_course(
        make_harness, sqlite_session_url, api_client_factory
    )
    _, section = _teaching_section(lesson)
    url = f"{base}/sections/{section['id']}"
    await api.patch(url, json={"body_markdown": "Too short."}, headers=headers)
    queue = (await api.get(f"{base}/findings", headers=headers)).json()
    [review] = [r for r in queue["lessons"] if r["lesson_id"] == lesson["id"]]
    for f in review["findings"]:
        body = {"key": f["key"], "lesson_id": lesson["id"], "reason": "Short on purpose."}
        accepted = await api.post(f"{base}/findings/accept", json=body, headers=headers)
        assert accepted.status_code == 200
    for f in queue["course_findings"]:  # the objective the thin section taught, course-wide
        body = {"key": f["key"], "reason": "Short on purpose."}
        accepted = await api.post(f"{base}/findings/accept", json=body, headers=headers)
        assert accepted.status_code == 200
    assert (await api.get(f"{base}/findings", headers=headers)).json()["open"] == 0

    # Another edit is another revision: the override was given for the one before.
    await api.patch(url, json={"body_markdown": "Still short."}, headers=headers)
    assert (await api.get(f"{base}/findings", headers=headers)).json()["open"] >= 1
    assert (await api.post(f"{base}/publish", headers=headers)).status_code == 409
    reopened = (await api.get(f"{base}/findings", headers=headers)).json()
    for r in reopened["lessons"]:
        for f in r["findings"]:
            if f["accepted"] is None:
                body = {"key": f["key"], "lesson_id": r["lesson_id"], "reason": "Still fine."}
                await api.post(f"{base}/findings/accept", json=body, headers=headers)
    published = await api.post(f"{base}/publish", headers=headers)
    assert published.status_code == 200 and published.json()["status"] == "published"


async def test_a_finding_the_judge_settled_is_listed_with_its_evidence_and_not_open(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    from db.models import Lesson
    from schemas.generation import Finding, FindingCode, Settlement

    h = await make_harness(sqlite_session_url, "openai", lesson_regeneration_attempts=1)
    api = await api_client_factory(h.settings, temporal=h.client)
    author, course_id = await _course_in_review(h)
    headers = auth_headers(h.settings, author)
    before = (await api.get(f"/api/v1/courses/{course_id}/findings", headers=headers)).json()
    quote = "quote from section 2 ('Copies'): the copy comes back"
    settlement = Settlement(rule="taught, shown by a verified quote", evidence=[quote])
    doubt = Finding(
        code=FindingCode.objective_not_taught,
        objective="Explain caching",
        message="no section of the lesson teaches this objective",
        settled=settlement,
    )
    async with h.deps.sessionmaker() as session, session.begin():
        [lesson] = await session.scalars(select(Lesson).where(Lesson.course_id == course_id))
        lesson.quality_findings = [*lesson.quality_findings, doubt.model_dump(mode="json")]

    queue = (await api.get(f"/api/v1/courses/{course_id}/findings", headers=headers)).json()
    [listed] = [f for f in queue["lessons"][0]["findings"] if f["code"] == "OBJECTIVE_NOT_TAUGHT"]
    assert listed["settled"]["by"] == "judge"
    assert listed["settled"]["evidence"] == settlement.evidence
    assert queue["open"] == before["open"]  # listed, but holds nothing
