"""bench/cpu.py: CPU seconds of a process tree, read from /proc."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.cpu import POSTGRES, CpuMeter, per_item_ms, python_loop_ms

BURN = "import time\nwhile time.process_time() < 0.3: pass"


def test_a_process_tree_is_charged_for_its_descendants_cpu() -> None:
    # The root only waits; the CPU is burnt by a child that has exited (and been reaped) by
    # the time the meter reads, as a worker's short-lived helper processes would have.
    root = subprocess.Popen(
        [sys.executable, "-c",
         f"import subprocess, sys, time; subprocess.run([sys.executable, '-c', {BURN!r}]); "
         "print('done', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1.5)"])
    meter = CpuMeter({"busy": root.pid, "idle": idle.pid})
    meter.start()
    try:
        assert root.stdout is not None and root.stdout.readline().strip() == "done"
        used = meter.stop()
    finally:
        for proc in (root, idle):
            proc.kill()
            proc.wait()
    assert used["busy"] >= 0.2
    assert used["idle"] < 0.1
    assert POSTGRES in used
    per_item = per_item_ms(used, 2)
    assert per_item["busy"] == 1000 * used["busy"] / 2
    assert CpuMeter.line({"worker": 20.0, "temporal": 30.4}) == "worker 20 + temporal 30 = 50 ms"
    assert per_item_ms(used, 0) == {}


def test_own_counts_this_process_alone_not_its_children() -> None:
    # The load generator's own CPU, beside the servers it starts as children: a child that
    # burns CPU must not be charged to it, and its own loop must be.
    meter = CpuMeter({}, own="client")
    meter.start()
    subprocess.run([sys.executable, "-c", BURN], check=True)
    busy_child = meter.stop()
    meter.start()
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:  # burn 0.3 s of this process's own CPU
        pass
    busy_self = meter.stop()
    assert busy_child["client"] < 0.1
    assert busy_self["client"] >= 0.3


def test_every_row_carries_the_machines_python_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench import common

    results = tmp_path / "RESULTS.md"
    monkeypatch.setattr(common, "RESULTS_MD", results)
    monkeypatch.setattr(common, "REPO", tmp_path)
    monkeypatch.setattr(common, "python_loop_ms", lambda: 123.4)
    common.append_result("demo", "one config", {"ratio": "0.50"})
    row = results.read_text().splitlines()[-1]
    assert row.startswith("| ") and "| demo | one config | ratio=0.50 |" in row
    assert row.rstrip().endswith(", py loop 123 ms |")


def test_the_python_speed_reference_times_its_loop() -> None:
    first, second = python_loop_ms(repeats=1), python_loop_ms(repeats=2)
    assert 0 < first < 60_000 and 0 < second < 60_000
