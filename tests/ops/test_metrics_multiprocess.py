"""`courseflow api --workers 2`, as compose and Kubernetes run it: two uvicorn processes on
one port. Every scrape, whichever process answers it, shows the sum of both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from db.migrate import upgrade_head

COURSEFLOW = Path(sys.executable).parent / "courseflow"
START_TIMEOUT_S = 60.0


@dataclass
class TwoProcessApi:
    url: str
    metrics_dir: Path


@pytest.fixture
def two_process_api(tmp_path: Path, reserve_port: Callable[[], int]) -> Iterator[TwoProcessApi]:
    database = f"sqlite+pysqlite:///{tmp_path / 'api.db'}"
    upgrade_head(database)
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"left by a previous run")
    port = reserve_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEFLOW_")}
    env.update(
        COURSEFLOW_ENVIRONMENT="test",
        COURSEFLOW_DATA_DIR=str(tmp_path / "var"),
        COURSEFLOW_DATABASE_URL=database,
        COURSEFLOW_TEMPORAL_ADDRESS="127.0.0.1:1",  # lazy client; no route here needs it
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    log = tmp_path / "api.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(  # our own console script
            [str(COURSEFLOW), "api", "--workers", "2", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()[-3000:]
            try:
                if _processes(httpx.get(f"{url}/metrics", timeout=2).text) == 2:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        else:
            raise AssertionError(f"two workers never came up: {log.read_text()[-3000:]}")
        yield TwoProcessApi(url, metrics_dir)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _processes(text: str) -> float:
    return _samples(text).get(("courseflow_api_processes", frozenset()), 0.0)


HEALTHZ = frozenset({"method": "GET", "route": "/healthz", "status": "200"}.items())


def _pids_that_counted(metrics_dir: Path) -> set[str]:
    return {p.stem.rsplit("_", 1)[1] for p in metrics_dir.glob("counter_*.db")}


def test_two_api_processes_report_the_summed_counters(two_process_api: TwoProcessApi) -> None:
    assert not (two_process_api.metrics_dir / "counter_999999.db").exists()  # stale, removed
    sent = 0
    # A fresh connection per request, so the kernel hands them to both processes.
    with httpx.Client(limits=httpx.Limits(max_keepalive_connections=0)) as http:
        while sent < 400 and (
            sent < 60 or len(_pids_that_counted(two_process_api.metrics_dir)) < 2
        ):
            assert http.get(f"{two_process_api.url}/healthz").status_code == 200
            sent += 1
        assert len(_pids_that_counted(two_process_api.metrics_dir)) == 2, "one process took all"
        scrapes = [http.get(f"{two_process_api.url}/metrics").text for _ in range(8)]
    for text in scrapes:
        samples = _samples(text)
        assert samples[("courseflow_http_requests_total", HEALTHZ)] == sent
        assert samples[("courseflow_api_processes", frozenset())] == 2
        pids = {
            dict(labels)["pid"]
            for name, labels in samples
            if name == "process_resident_memory_bytes"
        }
        assert len(pids) == 2
        assert any(name == "python_gc_collections_total" for name, _ in samples)
        assert any(name == "python_info" for name, _ in samples)


def test_a_killed_worker_is_replaced_and_its_counts_are_kept(
    two_process_api: TwoProcessApi,
) -> None:
    """SIGKILL skips the clean shutdown: uvicorn starts a replacement, the dead worker's live
    gauge is dropped (2 processes, not 3) and what it counted stays counted."""
    with httpx.Client(limits=httpx.Limits(max_keepalive_connections=0)) as http:
        sent = 0
        while sent < 400 and (
            sent < 40 or len(_pids_that_counted(two_process_api.metrics_dir)) < 2
        ):
            assert http.get(f"{two_process_api.url}/healthz").status_code == 200
            sent += 1
        victim = int(sorted(_pids_that_counted(two_process_api.metrics_dir))[0])
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + START_TIMEOUT_S
        samples: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
        while time.monotonic() < deadline:
            try:
                samples = _samples(http.get(f"{two_process_api.url}/metrics").text)
            except httpx.HTTPError:
                samples = {}
            pids = {dict(lb)["pid"] for n, lb in samples if n == "process_resident_memory_bytes"}
            processes = samples.get(("courseflow_api_processes", frozenset()))
            if len(pids) == 2 and str(victim) not in pids and processes == 2:
                break
            time.sleep(0.3)
        else:
            raise AssertionError("no replacement worker appeared")
    assert samples[("courseflow_api_processes", frozenset())] == 2
    assert samples[("courseflow_http_requests_total", HEALTHZ)] == sent
