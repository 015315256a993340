"""Prometheus metrics of the API process: request metrics and domain counters.

Request metrics are ordinary in-process prometheus_client metrics, labelled by route
template (``/api/v1/courses/{course_id}``, never the raw path) and status.

Domain counters are *derived from the database at scrape time* (``domain_families``):
generations, enrollments, model calls, tokens and cost are all recorded in tables by the
activities that do the work (course_generations, enrollments, ai_generations), on whatever
worker process ran them. Reading those tables from the API's ``/metrics`` gives the same
numbers from every API replica and across restarts, needs no push gateway and no
multiprocess directory, and no workflow code has to remember to increment anything: the
row it already writes is the event. Rows are never deleted, and terminal statuses never
change, so the ``*_total`` series only grow (a Prometheus counter's contract); the
per-status enrollment series are gauges because an enrollment moves between states.

The SDK's own metrics (task latencies, slots, polls) are served by each worker's Temporal
runtime on ``COURSEFLOW_WORKER_METRICS_PORT`` (see ``core.telemetry.worker_runtime``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AIGeneration, CourseGeneration, Enrollment
from schemas.enums import EnrollmentStatus, GenerationStatus

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

GENERATIONS_STARTED = "courseflow_generations_started"
GENERATIONS_COMPLETED = "courseflow_generations_completed"
GENERATIONS_FAILED = "courseflow_generations_failed"
GENERATIONS_BY_STATUS = "courseflow_generations"
ENROLLMENTS_BY_STATUS = "courseflow_enrollments"
MODEL_CALLS = "courseflow_model_calls"
MODEL_TOKENS = "courseflow_model_tokens"
MODEL_COST = "courseflow_model_cost_usd"

# A generation that stopped without a course: failed, over budget, review expired.
FAILED_GENERATION_STATUSES = (
    GenerationStatus.failed,
    GenerationStatus.budget_exceeded,
    GenerationStatus.review_expired,
)


@dataclass
class ModelUsage:
    provider: str
    model: str
    calls: int
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    cost_usd: Decimal


@dataclass
class DomainSnapshot:
    """Aggregates read from the database in three grouped queries."""

    generations: dict[str, int] = field(default_factory=dict)
    enrollments: dict[str, int] = field(default_factory=dict)
    models: list[ModelUsage] = field(default_factory=list)


async def read_domain_snapshot(session: AsyncSession) -> DomainSnapshot:
    snapshot = DomainSnapshot()
    rows = await session.execute(
        select(CourseGeneration.status, func.count()).group_by(CourseGeneration.status)
    )
    snapshot.generations = {GenerationStatus(s).value: int(n) for s, n in rows.all()}
    rows = await session.execute(
        select(Enrollment.status, func.count()).group_by(Enrollment.status)
    )
    snapshot.enrollments = {EnrollmentStatus(s).value: int(n) for s, n in rows.all()}
    usage = await session.execute(
        select(
            AIGeneration.provider,
            AIGeneration.model,
            func.count(),
            func.coalesce(func.sum(AIGeneration.input_tokens), 0),
            func.coalesce(func.sum(AIGeneration.output_tokens), 0),
            func.coalesce(func.sum(AIGeneration.cached_tokens), 0),
            func.coalesce(func.sum(AIGeneration.cost_usd), 0),
        ).group_by(AIGeneration.provider, AIGeneration.model)
    )
    snapshot.models = [
        ModelUsage(p, m, int(c), int(i), int(o), int(k), Decimal(str(cost)))
        for p, m, c, i, o, k, cost in usage.all()
    ]
    return snapshot


def _generation_families(snapshot: DomainSnapshot) -> Iterator[Metric]:
    by_status = snapshot.generations
    yield CounterMetricFamily(
        GENERATIONS_STARTED, "Course generations started.", value=sum(by_status.values())
    )
    yield CounterMetricFamily(
        GENERATIONS_COMPLETED,
        "Course generations that published a course.",
        value=by_status.get(GenerationStatus.completed.value, 0),
    )
    yield CounterMetricFamily(
        GENERATIONS_FAILED,
        "Course generations that ended without a course (failed, budget, review expired).",
        value=sum(by_status.get(s.value, 0) for s in FAILED_GENERATION_STATUSES),
    )
    gauge = GaugeMetricFamily(
        GENERATIONS_BY_STATUS, "Course generations by current status.", labels=["status"]
    )
    for status in GenerationStatus:
        gauge.add_metric([status.value], by_status.get(status.value, 0))
    yield gauge


def _enrollment_families(snapshot: DomainSnapshot) -> Iterator[Metric]:
    gauge = GaugeMetricFamily(
        ENROLLMENTS_BY_STATUS, "Enrollments by outcome (current status).", labels=["status"]
    )
    for status in EnrollmentStatus:
        gauge.add_metric([status.value], snapshot.enrollments.get(status.value, 0))
    yield gauge


def _model_families(snapshot: DomainSnapshot) -> Iterator[Metric]:
    labels = ["provider", "model"]
    calls = CounterMetricFamily(MODEL_CALLS, "Model calls recorded.", labels=labels)
    tokens = CounterMetricFamily(
        MODEL_TOKENS, "Model tokens by kind (input, output, cached).", labels=[*labels, "kind"]
    )
    cost = CounterMetricFamily(MODEL_COST, "Model cost in US dollars.", labels=labels)
    for usage in snapshot.models:
        key = [usage.provider, usage.model]
        calls.add_metric(key, usage.calls)
        tokens.add_metric([*key, "input"], usage.input_tokens)
        tokens.add_metric([*key, "output"], usage.output_tokens)
        tokens.add_metric([*key, "cached"], usage.cached_tokens)
        cost.add_metric(key, float(usage.cost_usd))
    yield from (calls, tokens, cost)


class DomainCollector(Collector):
    """Exposes one database snapshot; built per scrape, registered in a throwaway registry."""

    def __init__(self, snapshot: DomainSnapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterable[Metric]:
        yield from _generation_families(self.snapshot)
        yield from _enrollment_families(self.snapshot)
        yield from _model_families(self.snapshot)


def domain_registry(snapshot: DomainSnapshot) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DomainCollector(snapshot))
    return registry
