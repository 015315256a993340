"""bench/cpu.py: CPU seconds of a process tree, read from /proc."""

from __future__ import annotations

import subprocess
import sys

from bench.cpu import POSTGRES, CpuMeter, per_item_ms

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
