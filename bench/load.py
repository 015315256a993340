"""Load generators for loopback HTTP: ``wrk`` (Debian package) when installed, else asyncio.

Both are bounded: wrk by duration, the asyncio generator by request count *and* duration.
Both refuse any target that is not 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from bench.common import LOOPBACK, BenchError, percentile


@dataclass
class LoadResult:
    tool: str
    requests: int
    errors: int
    elapsed_s: float
    p50_ms: float
    p99_ms: float
    latencies_ms: list[float] = field(default_factory=list, repr=False)

    @property
    def rps(self) -> float:
        return self.requests / self.elapsed_s if self.elapsed_s else 0.0


def combine(blocks: Sequence[LoadResult]) -> LoadResult:
    """Timed blocks of one side as one result: requests, errors and time add up.

    With every latency at hand (the asyncio generator) the percentiles are the union's; wrk
    reports only its own percentiles, so the slowest block's are kept, an upper bound."""
    latencies = [ms for block in blocks for ms in block.latencies_ms]
    exact = all(block.latencies_ms or not block.requests for block in blocks) and latencies
    return LoadResult(
        blocks[0].tool,
        sum(block.requests for block in blocks),
        sum(block.errors for block in blocks),
        sum(block.elapsed_s for block in blocks),
        percentile(latencies, 50) if exact else max(block.p50_ms for block in blocks),
        percentile(latencies, 99) if exact else max(block.p99_ms for block in blocks),
        latencies,
    )


def _check_loopback(url: str) -> None:
    if urlsplit(url).hostname != LOOPBACK:
        raise BenchError(f"load generators only target {LOOPBACK}, not {url}")


async def asyncio_load(
    url: str,
    headers: dict[str, str],
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
) -> LoadResult:
    """``concurrency`` keep-alive clients until ``max_requests`` are done or time is up."""
    _check_loopback(url)
    latencies: list[float] = []
    errors = 0
    issued = 0
    deadline = time.monotonic() + max_seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal issued, errors
        while issued < max_requests and time.monotonic() < deadline:
            issued += 1
            start = time.perf_counter()
            try:
                response = await client.get(url, headers=headers)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - start) * 1000)
            errors += 0 if ok else 1

    async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return LoadResult(
        "asyncio-httpx",
        len(latencies),
        errors,
        elapsed,
        percentile(latencies, 50),
        percentile(latencies, 99),
        latencies,
    )


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _wrk_ms(text: str, label: str) -> float:
    match = re.search(rf"^\s*{re.escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", text, re.MULTILINE)
    if match is None:
        raise BenchError(f"cannot read {label} from wrk output:\n{text}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_load(
    url: str, headers: dict[str, str], *, concurrency: int, seconds: int, threads: int = 1
) -> LoadResult:
    """Run ``wrk --latency`` for ``seconds`` and read requests, errors, p50 and p99."""
    _check_loopback(url)
    cmd = ["wrk", "--latency", "--timeout", "10s", "-t", str(threads), "-c", str(concurrency)]
    cmd += ["-d", f"{seconds}s"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*cmd, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out)
    if total is None:
        raise BenchError(f"cannot read the request count from wrk output:\n{out}")
    elapsed = float(total.group(2)) * _UNITS_MS[total.group(3)] / 1000
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return LoadResult(
        "wrk", int(total.group(1)), errors, elapsed, _wrk_ms(out, "50%"), _wrk_ms(out, "99%")
    )
