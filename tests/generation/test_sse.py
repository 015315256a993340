"""SSE in order, for browsers (issue 20): events carry increasing IDs, lesson events sit
between the `lessons` stage and the stages after it, `end` is last, live and on replay;
`Last-Event-ID` resumes after what the reader has; a short-lived stream token from an
authenticated POST opens this run's stream in the query string, and nothing else."""

from __future__ import annotations

from typing import Any

import httpx

from schemas.enums import GenerationStage
from tests.generation.conftest import Harness, HarnessFactory
from tests.generation.test_api import VALID, _api, _headers

RANK = {stage.value: rank for rank, stage in enumerate(GenerationStage)}


def parse(text: str) -> list[dict[str, Any]]:
    import json

    events = []
    for block in text.replace("\r\n", "\n").strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            events.append(
                {"id": int(fields["id"]), "event": fields["event"],
                 "data": json.loads(fields["data"])}
            )  # fmt: skip
    return events


def assert_in_order(events: list[dict[str, Any]], lessons: int) -> None:
    ids = [e["id"] for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids), ids
    assert events[-1]["event"] == "end" and [e["event"] for e in events].count("end") == 1
    done = [e["data"]["lessons_done"] for e in events if e["event"] == "lesson"]
    assert done == list(range(1, lessons + 1)), done
    # A lesson event never follows a stage after `lessons`: order is the run's order.
    seen_later_stage = False
    for event in events:
        if event["event"] == "stage" and RANK[event["data"]["stage"]] > RANK["lessons"]:
            seen_later_stage = True
        if event["event"] == "lesson":
            assert not seen_later_stage, [(e["event"], e["data"]["stage"]) for e in events]


async def _run(h: Harness, api: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    started = await api.post("/api/v1/course-generations", json=VALID, headers=headers)
    assert started.status_code == 202, started.text
    body: dict[str, Any] = started.json()
    return body


async def test_events_are_ordered_live_and_on_replay_and_resume_after_last_event_id(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    h.fake.latency = 0.3  # lessons finish while the stream watches
    api = await _api(h, api_client_factory)
    _, headers = await _headers(h)
    run = await _run(h, api, headers)
    live = parse((await api.get(run["links"]["events"], headers=headers, timeout=90)).text)
    assert_in_order(live, VALID["module_count"] * VALID["lessons_per_module"])
    # Replay of the finished run: the same rule, the lessons before the final stage.
    replay = parse((await api.get(run["links"]["events"], headers=headers, timeout=60)).text)
    assert_in_order(replay, 2)
    assert replay[-2]["event"] == "stage" and replay[-2]["data"]["stage"] == "done"
    assert [e["id"] for e in replay if e["event"] == "lesson"] == [
        e["id"] for e in live if e["event"] == "lesson"
    ]
    # A reconnect after the first lesson gets the rest only.
    first_lesson = next(e for e in replay if e["event"] == "lesson")
    resumed = parse(
        (
            await api.get(
                run["links"]["events"],
                headers={**headers, "Last-Event-ID": str(first_lesson["id"])},
                timeout=60,
            )
        ).text
    )
    assert [e["id"] for e in resumed] == [e["id"] for e in replay if e["id"] > first_lesson["id"]]
    assert [e["data"]["lessons_done"] for e in resumed if e["event"] == "lesson"] == [2]
    everything = parse(
        (
            await api.get(
                run["links"]["events"], headers={**headers, "Last-Event-ID": "junk"}, timeout=60
            )
        ).text
    )
    assert [e["id"] for e in everything] == [e["id"] for e in replay]


async def test_a_stream_token_opens_this_stream_only(
    make_harness: HarnessFactory, sqlite_session_url: str, api_client_factory: Any
) -> None:
    h = await make_harness(sqlite_session_url, "openai")
    api = await _api(h, api_client_factory)
    _, headers = await _headers(h)
    run = await _run(h, api, headers)
    other = await _run(h, api, headers)
    token_url = f"{run['links']['events']}/token"
    assert (await api.post(token_url)).status_code == 401
    _, stranger = await _headers(h)
    assert (await api.post(token_url, headers=stranger)).status_code == 404
    issued = await api.post(token_url, headers=headers)
    assert issued.status_code == 200, issued.text
    grant = issued.json()
    assert grant["token_type"] == "stream" and 0 < grant["expires_in"] <= 60
    # A browser EventSource: no headers, the token in the URL.
    stream = await api.get(grant["url"], timeout=90)
    assert stream.status_code == 200, stream.text
    assert_in_order(parse(stream.text), 2)
    token = {"access_token": grant["access_token"]}
    # Not for another run's stream, not as a bearer token anywhere else.
    assert (await api.get(other["links"]["events"], params=token)).status_code == 401
    bearer = {"Authorization": f"Bearer {grant['access_token']}"}
    assert (await api.get(run["links"]["self"], headers=bearer)).status_code == 401
    assert (await api.get("/api/v1/me", headers=bearer)).status_code == 401
    # An ordinary access token is never accepted in a URL.
    plain = headers["Authorization"].removeprefix("Bearer ")
    refused = await api.get(run["links"]["events"], params={"access_token": plain})
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (await api.get(run["links"]["events"])).status_code == 401
