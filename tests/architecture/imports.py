"""The import-direction rule, checked with the standard library (``ast`` over the tree).

    api, cli, activities  ->  services  ->  db (queries, models) and adapter ports  ->  schemas
    workflows             ->  schemas, and activity references inside
                              ``workflow.unsafe.imports_passed_through()``
    core                  ->  core only (no domain)
    nothing imports api but the app factory and entry points; no package depends on itself
    through others (no cycle).

``check(root)`` returns every violation as a readable line; the tests assert there are none
in this repository, and that synthetic trees with one violation each are caught.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGES = (
    "schemas",
    "core",
    "db",
    "adapters",
    "services",
    "activities",
    "workflows",
    "api",
    "cli",
)
ENTRY_MODULES = ("worker",)  # top-level modules that are composition roots
# Composition roots may import anything but ``api`` (or, for the app factory, only api).
ROOTS = frozenset({"worker", "api.app", "api.main"})
# Shared pieces of the model protocol used by adapters and their callers alike.
ADAPTER_SHARED = frozenset({"adapters.llm.parsing", "adapters.llm.prompts"})
# The plumbing a CLI command (an entry point of its own) may open: an engine, migrations.
CLI_DB = frozenset({"db.session", "db.migrate"})

# Layer -> the layers it may import (beside itself).
ALLOWED: dict[str, frozenset[str]] = {
    "schemas": frozenset(),
    "core": frozenset(),
    "db": frozenset({"schemas", "core"}),
    "db.queries": frozenset({"db", "schemas", "core"}),
    "adapters": frozenset({"schemas", "core"}),
    "services": frozenset({"db.queries", "db", "adapter-ports", "schemas", "core"}),
    "activities": frozenset({"services", "db", "adapter-ports", "schemas", "core"}),
    "workflows": frozenset({"schemas", "activities"}),
    "api": frozenset({"services", "adapter-ports", "schemas", "core"}),
    "cli": frozenset({"services", "schemas", "core", "cli-db", "worker"}),
}
# Package-level dependency order used for the cycle check.
TOP = ("schemas", "core", "db", "adapters", "services", "activities", "workflows", "api", "cli")


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the most specific existing module it names
    line: int
    passed_through: bool  # inside ``with workflow.unsafe.imports_passed_through():``


def module_names(root: Path) -> dict[str, Path]:
    """Every first-party module under ``root``: dotted name -> file."""
    modules: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    for name in ENTRY_MODULES:
        if (root / f"{name}.py").exists():
            modules[name] = root / f"{name}.py"
    return modules


def _is_passthrough(node: ast.With) -> bool:
    for item in node.items:
        call = item.context_expr
        func = call.func if isinstance(call, ast.Call) else None
        if isinstance(func, ast.Attribute) and func.attr == "imports_passed_through":
            return True
    return False


def _imports_in(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement, with whether it sits in a passthrough block."""

    def walk(node: ast.AST, inside: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, inside
            here = inside or (isinstance(child, ast.With) and _is_passthrough(child))
            yield from walk(child, here)

    yield from walk(tree, False)


def _resolve(name: str, known: Iterable[str]) -> str | None:
    """The most specific known module ``name`` refers to (a name inside a module counts as
    the module)."""
    known_set = set(known)
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known_set:
            return candidate
    return None


def imports_of(name: str, path: Path, known: dict[str, Path]) -> list[Import]:
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node, inside in _imports_in(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] or [base]
        for target in targets:
            resolved = _resolve(target, known)
            if resolved is not None and resolved != name:
                found.append(Import(name, resolved, node.lineno, inside))
    return found


def layer(module: str) -> str:
    if module in ENTRY_MODULES:
        return "worker"
    if module == "db.queries" or module.startswith("db.queries."):
        return "db.queries"
    return module.split(".")[0]


def _target_kind(target: str) -> str:
    """The layer a target counts as for the rule (adapter ports and CLI plumbing apart)."""
    kind = layer(target)
    if kind == "adapters":
        if target.endswith(".port") or target in ADAPTER_SHARED:
            return "adapter-ports"
        return "adapter-implementations"
    if target in CLI_DB:
        return "cli-db"
    return kind


def _allowed(source: str, target: str) -> bool:
    source_layer, kind = layer(source), _target_kind(target)
    if layer(target) == source_layer:
        return True  # within a layer
    if kind == "cli-db" and source_layer != "cli":
        kind = "db"
    return kind in ALLOWED.get(source_layer, frozenset())


def violations_of(edge: Import) -> list[str]:
    where = f"{edge.source}:{edge.line} imports {edge.target}"
    problems = []
    source_layer, kind = layer(edge.source), _target_kind(edge.target)
    if layer(edge.target) == "api" and source_layer != "api":
        problems.append(f"{where}: nothing imports api but the app factory")
    if edge.source in ROOTS:
        return problems  # composition roots wire concrete implementations
    if source_layer == "workflows":
        if kind == "activities" and not edge.passed_through:
            problems.append(f"{where}: workflows import activities only as passed-through refs")
        if kind == "workflows" and edge.source != "workflows.registry":
            problems.append(f"{where}: a workflow imports schemas and activity references only")
    if kind == "adapter-implementations" and source_layer != "adapters":
        problems.append(f"{where}: only composition roots pick an adapter implementation")
    elif not _allowed(edge.source, edge.target) and layer(edge.target) != "api":
        problems.append(f"{where}: {source_layer} may not import {kind}")
    return problems


def package_cycles(edges: Iterable[Import]) -> list[str]:
    """Top-level package cycles (composition roots left out: they sit above everything)."""
    graph: dict[str, set[str]] = {name: set() for name in TOP}
    for edge in edges:
        a, b = edge.source.split(".")[0], edge.target.split(".")[0]
        if edge.source in ROOTS or a == b or a not in graph or b not in graph:
            continue
        graph[a].add(b)
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in TOP:
        if node not in state:
            visit(node, [node])
    return [f"package cycle: {cycle}" for cycle in cycles]


def check(root: Path) -> list[str]:
    modules = module_names(root)
    edges = sorted(
        {edge for name, path in modules.items() for edge in imports_of(name, path, modules)},
        key=lambda e: (e.source, e.line, e.target),
    )
    problems = [problem for edge in edges for problem in violations_of(edge)]
    return sorted(set(problems)) + package_cycles(edges)
