"""docs/architecture.md's layer-by-domain matrix matches the tree: every cell names a module
of its domain's name that exists, every dash is a layer where the domain has nothing, and
every module of every layer is in the matrix or listed as cross-cutting."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "architecture.md"
LAYERS = ("schemas", "services", "db/queries", "activities", "workflows", "api/routers", "tests")
DOMAINS = {
    "accounts",
    "catalog",
    "generation",
    "enrollment",
    "learning",
    "notifications",
    "reports",
}
CELL = re.compile(r"^`([^`]+)`$")


def _section(doc: str, title: str) -> str:
    start = doc.index(f"## {title}")
    end = doc.find("\n## ", start + 1)
    return doc[start : end if end != -1 else None]


def matrix(doc: str) -> dict[str, dict[str, str | None]]:
    """domain -> layer -> path (None for a dash), from the doc's table."""
    rows = [line for line in _section(doc, "The matrix").splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert header == ["domain", *LAYERS], header
    table: dict[str, dict[str, str | None]] = {}
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        layers: dict[str, str | None] = {}
        for layer, cell in zip(LAYERS, cells[1:], strict=True):
            found = CELL.match(cell)
            assert found or cell == "—", f"{cells[0]}/{layer}: {cell!r} is neither a path nor —"
            layers[layer] = found.group(1) if found else None
        table[cells[0]] = layers
    return table


def cross_cutting(doc: str) -> set[str]:
    """Paths the doc lists as belonging to no domain (``a/{b,c}.py`` expanded)."""
    text = _section(doc, "The matrix").split("Cross-cutting pieces", 1)[1].split("\n\n")[0]
    paths: set[str] = set()
    for raw in re.findall(r"`([^`]+)`", text):
        braces = re.search(r"\{([^}]+)\}", raw)
        parts = braces.group(1).split(",") if braces else [""]
        for part in parts:
            paths.add(raw[: braces.start()] + part + raw[braces.end() :] if braces else raw)
    return paths


def layer_items(root: Path, layer: str) -> set[str]:
    """The modules (files, and packages as ``dir/``) a layer holds, as repo paths."""
    items = set()
    for path in (root / layer).iterdir():
        relative = path.relative_to(root).as_posix()
        if path.is_dir() and (path / "__init__.py").exists():
            items.add(relative + "/")
        elif layer != "tests" and path.suffix == ".py" and path.name != "__init__.py":
            items.add(relative)
    return items


def problems(root: Path, doc: str) -> list[str]:
    table = matrix(doc)
    found = []
    if set(table) != DOMAINS:
        found.append(f"domains {sorted(table)}")
    for layer in LAYERS:
        for domain, layers in table.items():
            path = layers[layer]
            own = {f"{layer}/{domain}.py", f"{layer}/{domain}/"}
            if path is None:
                found += [f"{p} exists but the doc says —" for p in own if (root / p).exists()]
            elif path not in own:
                found.append(f"{domain}/{layer}: {path} is not named after the domain")
            elif not (root / path).exists() or path.endswith("/") != (root / path).is_dir():
                found.append(f"{path} does not exist")
        listed = {layers[layer] for layers in table.values()} | cross_cutting(doc)
        found += [f"{p} is not in docs/architecture.md" for p in layer_items(root, layer) - listed]
    return sorted(found)


def test_the_matrix_matches_the_tree() -> None:
    assert problems(REPO, DOC.read_text()) == []


def test_the_check_fails_on_a_tree_that_drifted(tmp_path: Path) -> None:
    for layer in LAYERS:
        for item in layer_items(REPO, layer):
            target = tmp_path / item
            if item.endswith("/"):
                target.mkdir(parents=True)
                (target / "__init__.py").write_text("")
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("")
    doc = DOC.read_text()
    assert problems(tmp_path, doc) == []
    (tmp_path / "services" / "billing.py").write_text("")  # a module the doc does not name
    (tmp_path / "workflows" / "accounts.py").write_text("")  # where the doc says —
    shutil.rmtree(tmp_path / "activities" / "generation")  # a cell whose module is gone
    assert problems(tmp_path, doc) == [
        "activities/generation/ does not exist",
        "services/billing.py is not in docs/architecture.md",
        "workflows/accounts.py exists but the doc says —",
        "workflows/accounts.py is not in docs/architecture.md",
    ]
