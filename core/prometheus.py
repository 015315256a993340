"""How the API's Prometheus metrics are collected: in one process, or across N uvicorn workers.

``courseflow api --workers N`` runs N processes behind one port, and a scrape reaches
whichever of them accepts the connection. With plain in-process counters each scrape showed
that one process's counts (6, 6, 14, 14, 6 ...). So ``courseflow api`` always runs
prometheus_client in *multiprocess mode*: it gives every start a fresh directory in
``PROMETHEUS_MULTIPROC_DIR`` (the library's own variable, read by the library when it is
imported, which is why it is set here and not in Settings), every worker writes its counters
and histograms to memory-mapped files there, and ``/metrics`` in any worker sums them all.

What multiprocess mode cannot do by itself, done here:

- ``process_*`` metrics: the scraping worker reads ``/proc/<pid>`` of every live worker (the
  pids of the ``courseflow_api_processes`` gauge files) with prometheus_client's own
  ``ProcessCollector``, labelled ``pid``.
- Python runtime: ``python_info`` once, and garbage collections counted by each worker
  (``python_gc_collections_total`` / ``python_gc_objects_collected_total`` /
  ``python_gc_objects_uncollectable_total`` by ``generation``, summed over workers).

In one process (``create_app`` in tests, or any server that does not set the variable) the
library's default collectors do the same for that process.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import Metric
from prometheus_client.registry import Collector

from core.metrics import REGISTRY
from core.process import MULTIPROC_ENV

# One file per live worker: gauge_livesum_<pid>.db (removed by mark_process_dead).
_LIVE_FILE = re.compile(r"gauge_livesum_(\d+)\.db")
_ANY_LIVE_FILE = re.compile(r"gauge_live\w+_(\d+)\.db")

API_PROCESSES = Gauge(
    "courseflow_api_processes",
    "API processes serving requests (uvicorn workers of this server).",
    multiprocess_mode="livesum",
    registry=REGISTRY,
)
# In one process the library's collectors describe this process.
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)


def multiprocess_dir() -> Path | None:
    """The shared directory, when this process was started in multiprocess mode.

    Both conditions matter: the variable must have been set *before* prometheus_client was
    imported (that is when it picks memory-mapped values), so a process that set it later
    still counts in memory and must not pretend otherwise.
    """
    directory = os.environ.get(MULTIPROC_ENV)
    mmaped = values.ValueClass is not values.MutexValue
    return Path(directory) if directory and mmaped else None


class _GcCounters:
    """Garbage collections counted by each worker (``gc.callbacks``), summed on scrape."""

    def __init__(self) -> None:
        labels = ["generation"]
        self.collections = Counter(
            "python_gc_collections", "Garbage collections, by generation.", labels, registry=None
        )
        self.collected = Counter(
            "python_gc_objects_collected", "Objects collected by the GC.", labels, registry=None
        )
        self.uncollectable = Counter(
            "python_gc_objects_uncollectable",
            "Uncollectable objects found by the GC.",
            labels,
            registry=None,
        )

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase != "stop":
            return
        generation = str(info["generation"])
        self.collections.labels(generation).inc()
        self.collected.labels(generation).inc(info["collected"])
        self.uncollectable.labels(generation).inc(info["uncollectable"])


_gc_counters: _GcCounters | None = None


def worker_started() -> None:
    """Called in each API process at start (the app's lifespan)."""
    global _gc_counters
    API_PROCESSES.set(1)
    if multiprocess_dir() is not None and _gc_counters is None:
        _gc_counters = _GcCounters()
        gc.callbacks.append(_gc_counters)


def worker_stopped() -> None:
    """Called in each API process at shutdown: its live gauges stop counting."""
    global _gc_counters
    if _gc_counters is not None:
        gc.callbacks.remove(_gc_counters)
        _gc_counters = None
    if multiprocess_dir() is not None:
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def live_worker_pids(directory: Path) -> list[int]:
    pids = []
    for entry in directory.iterdir():
        match = _LIVE_FILE.fullmatch(entry.name)
        if match and Path(f"/proc/{match.group(1)}").exists():
            pids.append(int(match.group(1)))
    return sorted(pids)


class LiveWorkersProcessCollector(Collector):
    """``process_*`` of every live worker, read from ``/proc`` and labelled ``pid``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def collect(self) -> Iterable[Metric]:
        merged: dict[str, Metric] = {}
        for pid in live_worker_pids(self.directory):
            collector = ProcessCollector(pid=lambda p=pid: p, registry=None)  # type: ignore[misc]
            for family in collector.collect():
                into = merged.setdefault(
                    family.name, Metric(family.name, family.documentation, family.type)
                )
                for sample in family.samples:
                    labels = {**sample.labels, "pid": str(pid)}
                    into.add_sample(sample.name, labels, sample.value)
        return list(merged.values())


def forget_dead_workers(directory: Path) -> None:
    """A worker killed without a clean shutdown (SIGKILL, OOM) left its live gauges behind:
    drop them, or ``courseflow_api_processes`` would count it after uvicorn replaced it.
    Its counters stay: what it counted did happen, and counters never go down."""
    for entry in directory.iterdir():
        match = _ANY_LIVE_FILE.fullmatch(entry.name)
        if match and not Path(f"/proc/{match.group(1)}").exists():
            multiprocess.mark_process_dead(int(match.group(1)), str(directory))  # type: ignore[no-untyped-call]


def exposition() -> bytes:
    """The request, process and runtime metrics of this API server, in text format."""
    directory = multiprocess_dir()
    if directory is None:
        return generate_latest(REGISTRY)
    forget_dead_workers(directory)
    registry = CollectorRegistry(auto_describe=False)
    multiprocess.MultiProcessCollector(registry, path=str(directory))  # type: ignore[no-untyped-call]
    registry.register(LiveWorkersProcessCollector(directory))
    PlatformCollector(registry=registry)
    return generate_latest(registry)
