"""Doors stay doors: routers and CLI commands parse, authorise, call a service and shape the
answer; every rule named here has one home. Each check reads the source with ``ast``."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import services
from services.errors import DomainError

REPO = Path(__file__).resolve().parents[2]
ROUTERS = sorted((REPO / "api" / "routers").glob("*.py"))
# What a workflow start, signal, update or query looks like from a client.
TEMPORAL_CALLS = frozenset(
    {
        "start_workflow",
        "execute_workflow",
        "signal_with_start_workflow",
        "execute_update_with_start_workflow",
        "get_workflow_handle",
        "get_workflow_handle_for",
        "execute_update",
        "start_update",
        "signal",
        "query",
        "terminate",
    }
)
SQL_BUILDERS = frozenset({"select", "insert", "update", "delete", "text"})


def _calls(path: Path) -> Iterator[ast.Call]:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            yield node


def door_problems(path: Path) -> list[str]:
    """Queries and workflow calls in a router: each one a line of the answer."""
    problems = []
    for call in _calls(path):
        func = call.func
        where = f"{path.name}:{call.lineno}"
        if isinstance(func, ast.Name) and func.id in SQL_BUILDERS:
            problems.append(f"{where}: builds SQL ({func.id})")
        if not isinstance(func, ast.Attribute):
            continue
        owner = func.value.id if isinstance(func.value, ast.Name) else None
        if owner == "session" and func.attr != "commit":
            problems.append(f"{where}: queries the session (session.{func.attr})")
        if func.attr in TEMPORAL_CALLS:
            problems.append(f"{where}: talks to Temporal ({func.attr})")
    return problems


@pytest.mark.parametrize("router", ROUTERS, ids=[p.stem for p in ROUTERS])
def test_routers_hold_no_queries_and_start_no_workflows(router: Path) -> None:
    assert door_problems(router) == []


def test_the_door_check_catches_a_query_and_a_workflow_start(tmp_path: Path) -> None:
    fat = tmp_path / "fat.py"
    fat.write_text(
        "async def route(session, temporal):\n"
        "    await session.execute(select(Course))\n"
        "    await temporal.start_workflow('X', None)\n"
        "    await session.commit()\n"
    )
    problems = door_problems(fat)
    assert sorted(p.split(": ", 1)[1] for p in problems) == [
        "builds SQL (select)",
        "queries the session (session.execute)",
        "talks to Temporal (start_workflow)",
    ]


def _non_test_sources() -> Iterator[Path]:
    for package in ("schemas", "core", "db", "adapters", "services", "activities", "workflows",
                    "api", "cli"):  # fmt: skip
        yield from (REPO / package).rglob("*.py")
    yield REPO / "worker.py"


ELIGIBILITY_REASONS = (
    "student_not_found",
    "course_not_found",
    "own_course",
    "course_not_published",
    "enrollment_not_open",
    "enrollment_closed",
    "prerequisites_not_met",
    "payment_token_required",
    "already_enrolled",
    "already_completed",
)


def _without_blocking_reasons(tree: ast.Module) -> ast.Module:
    """The learner's path names a lesson's refusal ``prerequisites_not_met`` too (a stable
    ``blocking_reason`` of ``schemas.enums.BlockingReason``): another vocabulary, not a
    second home of the enrollment rule."""
    tree.body = [
        node
        for node in tree.body
        if not (isinstance(node, ast.ClassDef) and node.name == "BlockingReason")
    ]
    return tree


def test_eligibility_is_decided_in_one_function() -> None:
    """Every refusal reason is written in ``eligibility_problems`` (or the helpers of its
    module) and nowhere else: a newcomer changing "who may enroll" finds one home."""
    home = REPO / "services" / "enrollment" / "eligibility.py"
    found: dict[str, set[Path]] = {reason: set() for reason in ELIGIBILITY_REASONS}
    for path in _non_test_sources():
        for node in ast.walk(_without_blocking_reasons(ast.parse(path.read_text()))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for reason in ELIGIBILITY_REASONS:
                    if node.value.startswith(reason):
                        found[reason].add(path)
    assert {reason: {home} for reason in ELIGIBILITY_REASONS} == found
    tree = ast.parse(home.read_text())
    public = [
        node.name
        for node in tree.body
        if isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef)
        and not node.name.startswith("_")
    ]
    assert public == ["eligibility_problems"]


def test_services_never_commit_or_open_transactions() -> None:
    """The boundary owns the transaction; a rule that needs its writes durable first calls
    the ``commit`` its caller handed it (``services/boundary.py``), never a session's. (A
    progress stream may open short read-only sessions: it commits nothing.)"""
    for path in (REPO / "services").rglob("*.py"):
        for call in _calls(path):
            func = call.func
            if isinstance(func, ast.Attribute):
                assert func.attr not in {"commit", "begin", "begin_nested"}, (path, call.lineno)
            if isinstance(func, ast.Name):
                assert func.id != "transaction", (path, call.lineno)


def _all_domain_errors() -> set[type[DomainError]]:
    for module in pkgutil.walk_packages(services.__path__, "services."):
        importlib.import_module(module.name)
    for package in ("api", "activities", "cli", "adapters", "db", "core"):
        for module in pkgutil.walk_packages(
            importlib.import_module(package).__path__, f"{package}."
        ):
            if "migrations" not in module.name:
                importlib.import_module(module.name)
    seen: set[type[DomainError]] = set()
    todo = [DomainError]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return seen


def test_domain_errors_live_with_the_services() -> None:
    """Beside the service that raises them (``services/<domain>``), never in ``api`` or the
    CLI; the API and the CLI only map them."""
    misplaced = {e.__qualname__: e.__module__ for e in _all_domain_errors()
                 if not e.__module__.startswith("services.")}  # fmt: skip
    assert misplaced == {}


def test_no_code_branches_on_a_generation_request_marker() -> None:
    """The kinds of run are types (``schemas.generation``); nothing else spells their
    markers or reads the request by string keys."""
    home = REPO / "schemas" / "generation.py"
    for path in _non_test_sources():
        source = path.read_text()
        if path != home:
            assert '"lesson_regeneration"' not in source, path
            assert '"course_generation"' not in source, path
        assert ".request.get(" not in source and '.request["' not in source, path
