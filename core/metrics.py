"""Prometheus metrics of the API process itself: requests and their latency.

Labelled by route template (``/api/v1/courses/{course_id}``, never the raw path) and status.
Domain counters (generations, enrollments, model calls) are read from the database at
scrape time: ``services.ops``. The SDK's own metrics (task latencies, slots, polls) are served
by each worker's Temporal runtime on ``COURSEFLOW_WORKER_METRICS_PORT``
(``core.telemetry.worker_runtime``).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

# One registry per process for the in-process metrics (not the library's global default,
# so building several apps in one process, as the tests do, never registers twice).
REGISTRY = CollectorRegistry(auto_describe=True)

HTTP_REQUESTS = Counter(
    "courseflow_http_requests",
    "HTTP requests handled, by method, route template and status code.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "courseflow_http_request_duration_seconds",
    "Time to produce the response, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
UNMATCHED_ROUTE = "<unmatched>"
