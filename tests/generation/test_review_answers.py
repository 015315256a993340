"""``POST …/review`` answers the run as the decision left it (issue 20): an approval answers
with the edited outline stored, the draft course made and the run running; a rejection
answers ``rejected``; ``publish: true`` publishes the course once it passes the checks,
without it the course waits in ``review`` for ``POST /courses/{id}/publish``."""

from __future__ import annotations

from typing import Any

import httpx

from schemas.enums import GenerationStatus
from tests.generation.conftest import Harness, HarnessFactory
from tests.generation.test_api import VALID, _api, _headers


async def _awaiting_review(h: Harness, api: httpx.AsyncClient, headers: Any) -> dict[str, Any]:
    body = {**VALID, "review": True}
    started = (await api.post("/api/v1/course-generations", json=body, headers=headers)).json()

    async def awaiting() -> bool:
        got = (await api.get(started["links"]["self"], headers=headers)).json()
        return bool(got["status"] == "awaiting_review")

    await h.wait_for(awaiting)
    got: dict[str, Any] = (await api.get(started["links"]["self"], headers=headers)).json()
    return got


async def _completed(h: Harness, api: httpx.AsyncClient, run: dict[str, Any], headers: Any) -> Any:
    async def done() -> bool:
        got = (await api.get(run["links"]["self"], headers=headers)).json()
        return bool(got["status"] == "completed")

    await h.wait_for(done)
    return (await api.get(run["links"]["self"], headers=headers)).json()


async def test_approve_answers_the_state_after_the_decision_and_can_publish(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    api = await _api(h, api_client_factory)
    _, headers = await _headers(h)
    run = await _awaiting_review(h, api, headers)
    edited = run["outline"]
    edited["modules"][0]["lessons"][0]["title"] = "The reviewer's own first lesson"
    answer = await api.post(
        run["links"]["review"],
        json={"decision": "approve", "outline": edited, "publish": True},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    # Not the state before the decision: the run moved on, with the edited outline and a course.
    assert body["status"] == GenerationStatus.running.value
    assert body["stage"] not in ("review", "outline")
    assert body["course_id"] is not None and body["links"]["course"]
    assert body["outline"]["modules"][0]["lessons"][0]["title"] == "The reviewer's own first lesson"
    final = await _completed(h, api, run, headers)
    course = (await api.get(f"/api/v1/courses/{final['course_id']}", headers=headers)).json()
    assert course["status"] == "published"
    titles = [lesson["title"] for m in course["modules"] for lesson in m["lessons"]]
    assert "The reviewer's own first lesson" in titles


async def test_approve_without_publish_waits_in_review_for_the_publish_step(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    api = await _api(h, api_client_factory)
    _, headers = await _headers(h)
    run = await _awaiting_review(h, api, headers)
    answer = await api.post(run["links"]["review"], json={"decision": "approve"}, headers=headers)
    assert answer.status_code == 200 and answer.json()["course_id"] is not None
    final = await _completed(h, api, run, headers)
    course_url = f"/api/v1/courses/{final['course_id']}"
    assert (await api.get(course_url, headers=headers)).json()["status"] == "review"
    published = await api.post(f"{course_url}/publish", headers=headers)
    assert published.status_code == 200 and published.json()["status"] == "published"


async def test_reject_answers_rejected_and_publish_needs_an_approval(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    api = await _api(h, api_client_factory)
    _, headers = await _headers(h)
    run = await _awaiting_review(h, api, headers)
    refused = await api.post(
        run["links"]["review"], json={"decision": "reject", "publish": True}, headers=headers
    )
    assert refused.status_code == 422 and "publish" in refused.text
    answer = await api.post(
        run["links"]["review"], json={"decision": "reject", "reason": "off topic"}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["status"], body["error"], body["course_id"]) == ("rejected", "off topic", None)


async def test_the_review_update_itself_answers_the_run_after_the_decision(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    """The answer is the Update's own result, not a re-read of the projection: an approval
    returns once the draft course exists, a rejection once the run's end is recorded."""
    from schemas.generation import REVIEW_UPDATE, ReviewAck, ReviewDecision

    h = await make_harness(sqlite_session_url, "openai")
    api = await _api(h, api_client_factory)
    _, headers = await _headers(h)
    for decision, wanted in (("approve", GenerationStatus.running),
                             ("reject", GenerationStatus.rejected)):  # fmt: skip
        run = await _awaiting_review(h, api, headers)
        handle = h.client.get_workflow_handle(run["workflow_id"])
        ack = await handle.execute_update(
            REVIEW_UPDATE, ReviewDecision(decision=decision), result_type=ReviewAck
        )
        assert ack.progress is not None and ack.progress.status == wanted
        if decision == "approve":
            assert ack.progress.course_id is not None and ack.progress.stage.value != "review"
        else:
            assert ack.progress.error == "rejected by the reviewer"
            got = (await api.get(run["links"]["self"], headers=headers)).json()
            assert got["status"] == "rejected"  # recorded before the answer came back
