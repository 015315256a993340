"""Process-level tuning shared by the long-running processes (worker and API)."""

from __future__ import annotations

import compileall
import gc
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

# prometheus_client's multiprocess directory (see core.prometheus). Kept here, in a module
# that does not import prometheus_client: the variable must be set before that import.
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def freeze_startup_objects() -> None:
    """Move everything alive after start-up (imported modules, settings, clients, pools) into
    the collector's permanent generation.

    A full (generation-2) collection then scans only objects made since. Without this, a worker
    with temporalio, SQLAlchemy, pydantic and the model SDKs imported paused for 120-140 ms per
    full collection, in the middle of a fan-in of lesson results (seen with ``gc.callbacks``
    while running ``bench/generation_critical_path.py``).
    """
    gc.collect()
    gc.freeze()


def workflow_source_dirs(workflow_classes: Iterable[type]) -> list[Path]:
    """The package directories whose modules the sandbox re-imports for each new run."""
    dirs = {Path(sys.modules[cls.__module__].__file__ or "").parent for cls in workflow_classes}
    return sorted(d for d in dirs if d.is_dir())


def precompile_workflow_code(workflow_classes: Iterable[type]) -> list[Path]:
    """Write the bytecode of the workflow packages; returns the directories it could not write.

    Temporal's sandbox imports a workflow's module afresh for every new run. With a ``.pyc``
    next to the source that import only executes it; without one, Python compiles the source
    each time. ``PYTHONDONTWRITEBYTECODE=1`` (common in containers and CI) stops Python from
    writing that file, so an editable install compiled the workflow modules for every
    enrollment: 13 % of the worker's CPU in ``bench/saga_throughput.py``. ``compileall``
    writes it regardless of that variable; it is a no-op when the files are fresh, and a
    read-only installation (the image's ``pip install``, which compiles at install) needs none.
    """
    unwritten = []
    for directory in workflow_source_dirs(workflow_classes):
        if not compileall.compile_dir(directory, maxlevels=0, quiet=2):
            unwritten.append(directory)
    return unwritten


@contextmanager
def multiprocess_directory() -> Iterator[Path]:
    """For ``courseflow api``: a clean directory in ``PROMETHEUS_MULTIPROC_DIR`` while the
    server runs, for it and the uvicorn workers it starts. A directory the operator set is
    emptied (files of a previous run would be counted again); one made here is removed
    afterwards."""
    given = os.environ.get(MULTIPROC_ENV)
    if given:
        path = Path(given)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()
    else:
        path = Path(tempfile.mkdtemp(prefix="courseflow-metrics-"))
    os.environ[MULTIPROC_ENV] = str(path)
    try:
        yield path
    finally:
        if not given:
            shutil.rmtree(path, ignore_errors=True)
