"""CPU seconds used by the processes of a run, read from ``/proc`` (Linux only).

A throughput ratio on a shared 2-core machine moves with whatever else the machine does; the
CPU each process spends per unit of work barely does, and it says which process is the
bottleneck. ``CpuMeter`` sums user and system time of each labelled process and its
descendants (live, or exited and reaped) between ``start()`` and ``stop()``; PostgreSQL is
counted as every process named ``postgres`` (the benchmark's own database is the only busy
one).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

PROC = Path("/proc")
POSTGRES = "postgres"


def _stat(pid: int) -> tuple[int, str, float] | None:
    """(parent pid, command name, CPU seconds of it and its reaped children)."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    # utime, stime, and cutime, cstime: the children it has reaped, so a descendant that
    # exited during the measurement is still counted (a live one is counted on its own).
    ticks = sum(int(f) for f in fields[11:15])
    return int(fields[1]), name, ticks / os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, str, float]]:
    found = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            found[int(entry.name)] = stat
    return found


def cpu_seconds(roots: Mapping[str, int]) -> dict[str, float]:
    """CPU seconds so far of each root process with its descendants, plus PostgreSQL."""
    procs = _processes()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    totals = {}
    for label, root in roots.items():
        total, todo = 0.0, [root]
        while todo:
            pid = todo.pop()
            if pid in procs:
                total += procs[pid][2]
            todo.extend(children.get(pid, []))
        totals[label] = total
    totals[POSTGRES] = sum(cpu for _, name, cpu in procs.values() if name == POSTGRES)
    return totals


def thread_cpu_seconds(pid: int) -> dict[str, float]:
    """CPU seconds so far of one process's live threads, summed by thread name (``comm``):
    Python threads are named after the process unless they name themselves, the Temporal SDK
    core's Rust runtime threads ``tokio-rt-worker``."""
    totals: dict[str, float] = {}
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return totals
    for task in tasks:
        try:
            raw = (task / "stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        totals[name] = totals.get(name, 0.0) + ticks / os.sysconf("SC_CLK_TCK")
    return totals


def per_item_ms(cpu_s: Mapping[str, float], items: int) -> dict[str, float]:
    """CPU seconds by process as milliseconds per item (empty when nothing completed)."""
    return {k: 1000 * v / items for k, v in cpu_s.items()} if items else {}


class CpuMeter:
    """CPU seconds each labelled process (and PostgreSQL) used between start and stop.

    ``own``: a label for this process alone (``time.process_time``, not its children, which
    are the labelled servers): the load generator shares the machine with what it measures,
    so a heavier client on one side of a comparison would slow that side down.
    """

    def __init__(self, roots: Mapping[str, int], own: str | None = None) -> None:
        self.roots = dict(roots)
        self.own = own
        self._before: dict[str, float] = {}

    def _read(self) -> dict[str, float]:
        totals = cpu_seconds(self.roots)
        if self.own is not None:
            totals[self.own] = time.process_time()
        return totals

    def start(self) -> None:
        self._before = self._read()

    def stop(self) -> dict[str, float]:
        after = self._read()
        return {k: max(0.0, after[k] - self._before.get(k, 0.0)) for k in after}

    @staticmethod
    def line(ms: Mapping[str, float]) -> str:
        parts = [f"{label} {value:.0f}" for label, value in ms.items()]
        return " + ".join(parts) + f" = {sum(ms.values()):.0f} ms"


# A fixed pure-Python workload: the same instructions on every machine, so its time says how
# fast this machine ran Python when a row was written (the shared VMs here differ by ~3x).
SPEED_LOOP_N = 1_000_000


def python_loop_ms(repeats: int = 3) -> float:
    """Best of ``repeats`` timings of a 1M-iteration pure-Python loop, in milliseconds."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        total = 0
        for i in range(SPEED_LOOP_N):
            total += i
        best = min(best, time.perf_counter() - started)
    assert total == SPEED_LOOP_N * (SPEED_LOOP_N - 1) // 2
    return 1000 * best
