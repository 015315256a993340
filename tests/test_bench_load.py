"""bench/load.py: combining a side's timed blocks into one result."""

from __future__ import annotations

from bench.load import LoadResult, combine


def test_blocks_add_up_and_keep_exact_percentiles_when_every_latency_is_known() -> None:
    fast = LoadResult("asyncio-httpx", 4, 0, 1.0, 2.0, 4.0, [1.0, 2.0, 3.0, 4.0])
    slow = LoadResult("asyncio-httpx", 4, 1, 3.0, 20.0, 40.0, [10.0, 20.0, 30.0, 40.0])
    both = combine([fast, slow])
    assert (both.requests, both.errors, both.elapsed_s, both.rps) == (8, 1, 4.0, 2.0)
    assert both.latencies_ms == [1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0]
    assert 3.0 <= both.p50_ms <= 10.0  # the union's median, not either block's
    assert both.p99_ms > 30.0


def test_wrk_blocks_report_the_slower_blocks_percentiles() -> None:
    # wrk gives each block's percentiles only: the union's are unknown, the worse is a bound.
    first = LoadResult("wrk", 500, 0, 5.0, 12.0, 80.0)
    second = LoadResult("wrk", 300, 2, 5.0, 30.0, 60.0)
    both = combine([first, second])
    assert (both.tool, both.requests, both.errors, both.elapsed_s) == ("wrk", 800, 2, 10.0)
    assert (both.p50_ms, both.p99_ms) == (30.0, 80.0)
    assert both.rps == 80.0
