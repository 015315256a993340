"""bench/worker_profile.py: py-spy's raw stacks parsed and put in buckets."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from bench import worker_profile as wp

REPO = "/srv/courseflow"
LIB = "/srv/courseflow/.venv/lib/python3.11/site-packages"
STD = "/usr/lib/python3.11"
LOOP = [
    f"<module> ({REPO}/cli/main.py:87)",  # the entry point, outside the loop: never counted
    f"run ({STD}/asyncio/runners.py:118)",
    f"BaseEventLoop.run_forever ({STD}/asyncio/base_events.py:607)",
    f"BaseEventLoop._run_once ({STD}/asyncio/base_events.py:1922)",
    f"Handle._run ({STD}/asyncio/events.py:80)",
]


def where(*frames: str) -> str:
    return wp.bucket([*LOOP, *frames], REPO)


def test_the_innermost_frame_that_says_decides() -> None:
    activity = (
        f"ModelCallActivities.generate_lesson ({REPO}/activities/generation/model_calls.py:1)"
    )
    service = f"write_lesson ({REPO}/services/generation/calls.py:1)"
    assert where(activity) == "our code: activities"
    assert where(activity, service) == "our code: services"
    assert where(activity, service, f"Session.execute ({LIB}/sqlalchemy/orm/session.py:1)",
                 f"_run ({STD}/json/decoder.py:1)") == wp.DATABASE  # fmt: skip
    assert where(activity, f"connect ({LIB}/asyncpg/connection.py:1)") == wp.DATABASE
    # pydantic and the standard library count for whoever called them
    assert where(service, f"validate ({LIB}/pydantic/main.py:1)") == "our code: services"
    assert where(activity, f"create ({LIB}/openai/resources/chat.py:1)",
                 f"handle ({LIB}/httpcore/_async/http11.py:1)",
                 f"read ({STD}/ssl.py:1)") == wp.MODEL_SDK  # fmt: skip
    assert where(f"send ({LIB}/httpx2/_client.py:1)") == wp.MODEL_SDK  # openai's own httpx
    # a log line is logging's, whoever wrote it
    assert where(f"send ({LIB}/httpx2/_client.py:1)", f"info ({STD}/logging/__init__.py:1)",
                 f"format ({LIB}/structlog/stdlib.py:1)") == wp.LOGGING  # fmt: skip


def test_temporal_is_split_by_part() -> None:
    def sdk(path: str) -> str:
        return where(f"f ({LIB}/temporalio/{path}:1)")

    assert sdk("converter.py") == wp.T_CONVERTER
    assert sdk("contrib/pydantic.py") == wp.T_CONVERTER
    assert sdk("bridge/_visitor.py") == wp.T_VISITOR
    assert sdk("worker/workflow_sandbox/_importer.py") == wp.T_SANDBOX
    assert sdk("worker/_workflow_instance.py") == wp.T_ACTIVATION
    assert sdk("worker/_activity.py") == wp.T_ACTIVITY
    assert sdk("bridge/worker.py") == wp.T_OTHER
    assert where(f"f ({LIB}/temporalio/converter.py:1)",
                 f"encode ({REPO}/core/codec.py:1)") == wp.T_CODEC  # fmt: skip
    assert where(f"encrypt ({LIB}/cryptography/hazmat/aead.py:1)") == wp.T_CODEC


def test_loop_frameless_and_other() -> None:
    assert wp.bucket([], REPO) == wp.FRAMELESS
    assert where() == wp.LOOP  # a callback with nothing listed: the loop's
    assert where(f"sleep ({STD}/asyncio/tasks.py:1)") == wp.LOOP
    assert wp.bucket([f"run ({STD}/threading.py:1)"], REPO) == wp.OTHER
    assert where(f"lesson ({REPO}/bench/bare_generation.py:1)") == "our code: bench"
    assert where(f"build_workers ({REPO}/worker.py:1)") == "our code: worker"


def test_raw_lines_are_parsed_and_tallied() -> None:
    raw = (
        f"thread (17): MainThread;{';'.join(LOOP)};f ({LIB}/sqlalchemy/engine/base.py:1) 7\n"
        "thread (18): Thread-2 3\n"
        f"thread (17): MainThread;{';'.join(LOOP)} 2\n"
        "not a sample line\n"
    )
    samples = wp.parse_raw(raw)
    assert [(s.thread, len(s.frames), s.count) for s in samples] == [
        ("thread (17): MainThread", 6, 7),
        ("thread (18): Thread-2", 0, 3),
        ("thread (17): MainThread", 5, 2),
    ]
    assert wp.tally(samples, REPO) == {wp.DATABASE: 7, wp.FRAMELESS: 3, wp.LOOP: 2}


def test_the_gap_table_names_what_bare_has_no_counterpart_for() -> None:
    ours = wp.Side("ours", runs=2, rate=100)
    bare = wp.Side("bare", runs=2, rate=100)
    ours.__dict__["buckets"] = Counter({wp.DATABASE: 60, wp.MODEL_SDK: 30, wp.LOOP: 10})
    bare.__dict__["buckets"] = Counter({wp.MODEL_SDK: 20, wp.LOOP: 10})
    assert ours.ms(60) == 300.0  # 60 samples at 100/s over 2 generations
    lines = wp.gap_table(ours, bare)
    assert lines[1].split()[:3] == ["database", "(sqlalchemy,", "psycopg,"]
    assert "300.0" in lines[1] and "86%" in lines[1]  # 300 of the 350 ms gap
    assert "ours with no counterpart in the bare worker (database" in lines[-1]
    assert "300.0 ms/gen, 86% of the gap" in lines[-1]


def test_kept_folders_are_pooled_and_moved_to_this_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = "/tmp/other-copy"
    for n, (ours, bare) in enumerate([(30, 10), (50, 10)]):
        folder = tmp_path / str(n)
        folder.mkdir()
        (folder / "meta.json").write_text(json.dumps({"runs": 2, "rate": 100, "repo": elsewhere}))
        (folder / "worker.raw").write_text(
            f"thread (1): MainThread;f ({elsewhere}/services/x.py:1) {ours}\n"
        )
        (folder / "bare.raw").write_text(f"thread (1): MainThread;f ({LIB}/openai/x.py:1) {bare}\n")
    wp.tabulate([tmp_path / "0", tmp_path / "1"], show_other=0)
    out = capsys.readouterr().out
    assert "4 generations each" in out
    # 80 samples at 100/s over 4 generations: 200 ms each, in our services (not 'other')
    assert re.search(r"our code: services\s+80\s+200\.0", out)
