"""Process-level tuning shared by the long-running processes (worker and API)."""

from __future__ import annotations

import gc


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
