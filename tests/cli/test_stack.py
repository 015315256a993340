"""The CLI finds its stack (issue 20): `courseflow dev` on non-default ports and data dir
writes <data-dir>/stack.json; `generate`, `enroll` and `reports run`, started from other
processes in a clean directory with only `--data-dir`, all succeed and leave no file
outside the data dir. Without a stack, each command fails with one line naming what is
missing, and creates nothing. The banner's login command works as printed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.stack import StackInfo, now, read_stack, write_stack
from tests.cli.test_cli import DevStack, _env

REPO = Path(__file__).resolve().parents[2]


def courseflow(
    args: list[str], cwd: Path, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """A command as a person runs it in another terminal: a clean directory, no
    COURSEFLOW_* variables, the code on PYTHONPATH (as an installed package would be)."""
    env = _env()
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], cwd=cwd, env=env, capture_output=True,
        text=True, timeout=timeout, check=False,
    )  # fmt: skip


def files_under(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def last_week() -> str:
    year, week, _ = (datetime.now(UTC) - timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def test_commands_find_the_dev_stack_by_data_dir_only(
    tmp_path: Path, reserve_port: Callable[[], int]
) -> None:
    stack = DevStack(tmp_path / "stack-data", reserve_port)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    stack.start()
    try:
        # Written once the API answers its port; /readyz may answer a moment earlier.
        deadline = time.monotonic() + 30
        while (info := read_stack(stack.data_dir)) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert info is not None, "courseflow dev wrote no stack.json"
        assert info.api_url == stack.api
        assert info.temporal_address.endswith(f":{stack.temporal_port}")
        data = ["--data-dir", str(stack.data_dir)]

        generated = courseflow(
            ["generate", "Statistics for Curious People", "--description",
             "Means, spreads and confidence intervals for beginners.", "--modules", "1",
             "--lessons", "1", *data],
            cwd=elsewhere,
        )  # fmt: skip
        assert generated.returncode == 0, generated.stderr
        out = json.loads(generated.stdout[generated.stdout.index("{") :])
        assert out["status"] == "completed" and out["course_status"] == "published", out

        enrolled = courseflow(
            ["enroll", out["course_id"], "--student", "student@example.com", *data], cwd=elsewhere
        )
        assert enrolled.returncode == 0, enrolled.stderr
        enrollment = json.loads(enrolled.stdout[enrolled.stdout.index("{") :])
        assert enrollment["status"] == "active"

        report = courseflow(["reports", "run", "--week", last_week(), *data], cwd=elsewhere)
        assert report.returncode == 0, report.stderr
        assert "completed" in report.stdout
        # It says where the artifacts are: files inside the data dir, and download URLs.
        stored = [Path(line.split()[-1]) for line in report.stdout.splitlines()
                  if line.startswith("  ") and str(stack.data_dir) in line]  # fmt: skip
        assert stored and all(p.is_file() for p in stored), report.stdout
        assert f"{stack.api}/api/v1/reports/" in report.stdout

        # The banner's login command, run as printed (no COURSEFLOW_DEMO_PASSWORD set).
        banner = stack.log()
        start = banner.index("  curl -s -X POST")
        command = banner[start : banner.index("\n\n", start)].replace("\\\n", " ")
        login = subprocess.run(
            ["/bin/sh", "-c", command], cwd=elsewhere, env=_env(), capture_output=True,
            text=True, timeout=30, check=False,
        )  # fmt: skip
        assert "access_token" in login.stdout, (command, login.stdout, login.stderr)
    finally:
        assert stack.stop() == 0
    assert files_under(elsewhere) == []  # nothing appeared outside the data dir
    assert not (stack.data_dir / "stack.json").exists()  # removed when the stack stopped


@pytest.mark.parametrize(
    "args",
    [
        ["generate", "Statistics for Curious People", "--description", "Means and spreads."],
        ["enroll", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "--student", "student@example.com"],
        ["reports", "run", "--week", "2026-W01"],
        [
            "progression",
            "show",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "--as",
            "instructor@example.com",
        ],
    ],
    ids=["generate", "enroll", "reports", "progression"],
)
def test_without_a_stack_each_command_says_so_in_one_line_and_writes_nothing(
    tmp_path: Path, args: list[str]
) -> None:
    data_dir = tmp_path / "nothing-here"
    result = courseflow([*args, "--data-dir", str(data_dir)], cwd=tmp_path, timeout=60)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "no courseflow stack in" in lines[0], result.stderr
    assert files_under(tmp_path) == []  # no var/, no codec key, no database
    # The default data dir (var/ under the working directory) likewise.
    default = courseflow(args, cwd=tmp_path, timeout=60)
    assert default.returncode == 3 and "var" in default.stderr
    assert files_under(tmp_path) == []


def test_a_stack_whose_temporal_is_down_is_named_in_one_line(
    tmp_path: Path, reserve_port: Callable[[], int]
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "codec-key.json").write_text(json.dumps({"key_id": "dev", "key": "A" * 43 + "="}))
    port = reserve_port()  # held, never served
    write_stack(
        data_dir,
        StackInfo(
            api_url="http://127.0.0.1:1", temporal_address=f"127.0.0.1:{port}",
            temporal_namespace="default", database_url=f"sqlite+pysqlite:///{data_dir}/db",
            data_dir=str(data_dir), task_queue="courseflow", llm_task_queue="courseflow-llm",
            pid=os.getpid(), started_at=now(),
        ),
    )  # fmt: skip
    before = files_under(tmp_path)
    result = courseflow(["reports", "run", "--week", "2026-W01", "--data-dir", str(data_dir)],
                        cwd=tmp_path, timeout=60)  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert re.search(rf"Temporal is not answering at 127\.0\.0\.1:{port}", result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert files_under(tmp_path) == before
