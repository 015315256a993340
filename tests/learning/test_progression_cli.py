"""``courseflow progression show|set``: the author's settings from a shell, through the same
service and validation as the API (run as a real subprocess on a migrated SQLite file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.session import make_engine, make_sessionmaker
from schemas.enums import Role
from tests.learning.path_support import add_learner, seed_path


def _courseflow(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEFLOW_")}
    env["COURSEFLOW_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "progression", *args],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


async def test_the_cli_sets_and_shows_the_rules_as_the_api_would(
    sqlite_session_url: str, make_settings: Callable[..., Settings]
) -> None:
    engine = make_engine(sqlite_session_url)
    sessionmaker: async_sessionmaker[AsyncSession] = make_sessionmaker(engine)
    try:
        p = await seed_path(sessionmaker, make_settings(database_url=sqlite_session_url))
        stranger = await add_learner(sessionmaker, p, None, Role.instructor)
    finally:
        await engine.dispose()
    course = str(p.course.id)
    l1, l2, l3 = (str(lesson.id) for lesson in p.lessons)
    changed = _courseflow(
        sqlite_session_url, "set", course, "--as", p.author.email, "--order", "sequential",
        "--attempt-limit", "3", "--cooldown", "120", "--min-engagement", "off",
        "--free-preview", l1, "--prerequisite", f"{l3}={l1},{l2}",
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    out = json.loads(changed.stdout)
    assert (out["order"], out["quiz_attempt_limit"], out["quiz_cooldown_s"]) == (
        "sequential",
        3,
        120,
    )
    assert out["lessons"][0]["free_preview"] is True
    assert out["lessons"][2]["prerequisites"] == [l1, l2]

    refused = _courseflow(sqlite_session_url, "set", course, "--as", stranger.email,
                          "--pass-mark", "90")  # fmt: skip
    assert refused.returncode == 2 and "instructor or an admin" in refused.stderr
    for args, says in (
        (["--attempt-limit", "lots"], "--attempt-limit"),
        (["--pass-mark", "0"], "pass_mark"),
        (["--prerequisite", f"{l1}={l2}"], "earlier lesson"),  # sequential: must point back
        (["--prerequisite", "nonsense"], "--prerequisite"),
        (["--prerequisite", f"{l1}={l3}"], "cycle"),  # l3 needs l1 already
        ([], "nothing to change"),
    ):
        bad = _courseflow(sqlite_session_url, "set", course, "--as", p.author.email, *args)
        assert bad.returncode == 2, (args, bad.stderr)
        assert says in bad.stderr and "Traceback" not in bad.stderr, bad.stderr
    shown = _courseflow(sqlite_session_url, "show", course, "--as", p.student.email)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == out  # nothing the refused changes touched moved
