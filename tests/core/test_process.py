"""Process tuning: what a new workflow run costs the worker to import."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from core.process import precompile_workflow_code
from workflows.registry import ALL_WORKFLOWS

REPO = Path(__file__).resolve().parents[2]


def run_python(code: str, *, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_importing_the_workflows_package_imports_no_workflow_module() -> None:
    # The sandbox imports the package again for every new run: it must stay empty.
    loaded = run_python(
        """
        import sys, workflows
        print(",".join(sorted(m for m in sys.modules if m.startswith("workflows"))))
        """
    )
    assert loaded == "workflows"


def make_package(root: Path) -> Path:
    package = root / "sandboxed_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "flow.py").write_text("class Flow:\n    pass\n")
    return package


def test_bytecode_is_written_even_when_python_is_told_not_to(tmp_path: Path) -> None:
    package = make_package(tmp_path)
    unwritten = run_python(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from sandboxed_pkg.flow import Flow
        from core.process import precompile_workflow_code
        print(precompile_workflow_code([Flow]))
        """,
        env={"PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert unwritten == "[]"
    for module in ("__init__.py", "flow.py"):
        cached = Path(importlib.util.cache_from_source(str(package / module)))
        assert cached.is_file(), f"no bytecode for {module}"
        assert cached.stat().st_mtime >= (package / module).stat().st_mtime


def test_a_directory_that_cannot_take_bytecode_is_reported(tmp_path: Path) -> None:
    package = make_package(tmp_path)
    (package / "__pycache__").write_text("a file where the cache directory would go")
    sys.path.insert(0, str(tmp_path))
    try:
        from sandboxed_pkg.flow import Flow  # type: ignore[import-not-found]

        assert precompile_workflow_code([Flow]) == [package]
    finally:
        sys.path.remove(str(tmp_path))
        for name in ("sandboxed_pkg.flow", "sandboxed_pkg"):
            sys.modules.pop(name, None)


def test_the_project_workflows_are_precompiled_in_place() -> None:
    assert precompile_workflow_code(ALL_WORKFLOWS) == []
    source = REPO / "workflows" / "enrollment.py"
    assert Path(importlib.util.cache_from_source(str(source))).is_file()
