"""One import direction (``tests/architecture/imports.py``; docs/architecture.md): this tree
follows it, and the checker catches each kind of violation in a synthetic tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.architecture.imports import check

REPO = Path(__file__).resolve().parents[2]

# A small tree shaped like ours, every import in it allowed.
CLEAN: dict[str, str] = {
    "schemas/__init__.py": "",
    "schemas/enrollment.py": "import uuid\n",
    "core/__init__.py": "",
    "core/settings.py": "",
    "db/__init__.py": "",
    "db/models.py": "from schemas.enrollment import uuid\nfrom core.settings import *\n",
    "db/session.py": "",
    "db/queries/__init__.py": "",
    "db/queries/enrollment.py": "from db.models import *\n",
    "adapters/__init__.py": "",
    "adapters/payments/__init__.py": "from adapters.payments.sandbox import Sandbox\n",
    "adapters/payments/port.py": "from schemas.enrollment import uuid\n",
    "adapters/payments/sandbox.py": "from adapters.payments.port import *\n",
    "services/__init__.py": "",
    "services/enrollment.py": (
        "from db.queries import enrollment\nfrom adapters.payments.port import *\n"
    ),
    "activities/__init__.py": "",
    "activities/enrollment.py": (
        "from services import enrollment\nfrom db.session import *\n"
        "from adapters.payments.port import *\n"
    ),
    "workflows/__init__.py": "",
    "workflows/enrollment.py": (
        "from temporalio import workflow\n"
        "with workflow.unsafe.imports_passed_through():\n"
        "    from activities.enrollment import EnrollmentActivities\n"
        "    from schemas.enrollment import uuid\n"
    ),
    "workflows/registry.py": "from workflows.enrollment import *\n",
    "api/__init__.py": "",
    "api/app.py": (
        "from api.routers import enrollment\nfrom db.session import *\n"
        "from adapters.payments import *\n"
    ),
    "api/routers/__init__.py": "",
    "api/routers/enrollment.py": (
        "from services import enrollment\nfrom schemas import enrollment\n"
    ),
    "cli/__init__.py": "",
    "cli/enroll.py": (
        "def run():\n    from services import enrollment\n    from db.session import *\n"
    ),
    "worker.py": "from activities.enrollment import *\nfrom adapters.payments import *\n",
}


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_this_repository_follows_the_import_rule() -> None:
    assert check(REPO) == []


def test_a_tree_that_follows_the_rule_passes(tmp_path: Path) -> None:
    assert check(_tree(tmp_path, CLEAN)) == []


VIOLATIONS = [
    pytest.param(
        "api/routers/enrollment.py",
        "from db.queries.enrollment import *\n",
        "api may not import db.queries",
        id="router-imports-db-queries",
    ),
    pytest.param(
        "api/routers/enrollment.py",
        "from workflows.enrollment import *\n",
        "api may not import workflows",
        id="router-imports-a-workflow",
    ),
    pytest.param(
        "cli/enroll.py",
        "from api.routers import enrollment\n",
        "nothing imports api",
        id="cli-imports-api",
    ),
    pytest.param(
        "cli/enroll.py",
        "from db.models import *\n",
        "cli may not import db",
        id="cli-imports-models",
    ),
    pytest.param(
        "core/settings.py",
        "from schemas.enrollment import uuid\n",
        "core may not import schemas",
        id="core-imports-a-domain",
    ),
    pytest.param(
        "core/settings.py",
        "def lazy():\n    from db.models import *\n",
        "core may not import db",
        id="core-imports-db-lazily",
    ),
    pytest.param(
        "workflows/enrollment.py",
        "from activities.enrollment import *\n",
        "passed-through",
        id="workflow-imports-activities-outside-passthrough",
    ),
    pytest.param(
        "workflows/enrollment.py",
        "from services import enrollment\n",
        "workflows may not import services",
        id="workflow-imports-a-service",
    ),
    pytest.param(
        "services/enrollment.py",
        "from adapters.payments.sandbox import Sandbox\n",
        "adapter implementation",
        id="service-picks-an-adapter",
    ),
    pytest.param(
        "adapters/payments/sandbox.py",
        "from db.models import *\n",
        "adapters may not import db",
        id="adapter-writes-our-tables",
    ),
    pytest.param(
        "db/queries/enrollment.py",
        "from services import enrollment\n",
        "db.queries may not import services",
        id="queries-import-services",
    ),
    pytest.param(
        "schemas/enrollment.py",
        "from core.settings import *\n",
        "schemas may not import core",
        id="schemas-import-core",
    ),
]


@pytest.mark.parametrize(("module", "line", "expected"), VIOLATIONS)
def test_each_kind_of_violation_is_caught(
    tmp_path: Path, module: str, line: str, expected: str
) -> None:
    files = dict(CLEAN)
    files[module] = files[module] + line
    problems = check(_tree(tmp_path, files))
    assert any(expected in problem for problem in problems), problems


def test_a_package_cycle_is_caught(tmp_path: Path) -> None:
    """Services importing a workflow class: services -> workflows -> activities -> services."""
    files = dict(CLEAN)
    files["services/enrollment.py"] += "from workflows.enrollment import *\n"
    problems = check(_tree(tmp_path, files))
    assert "package cycle: services -> workflows -> activities -> services" in problems
    assert any("services may not import workflows" in p for p in problems)
