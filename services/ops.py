"""Operations, across domains: readiness of the database and Temporal, and the domain
counters ``GET /metrics`` serves.

Domain counters are *derived from the database at scrape time* (``domain_registry``):
generations, enrollments, model calls, tokens and cost are all recorded in tables by the
activities that do the work (course_generations, enrollments, ai_generations), on whatever
worker process ran them. Reading those tables from the API's ``/metrics`` gives the same
numbers from every API replica and across restarts, needs no push gateway and no
multiprocess directory, and no workflow code has to remember to increment anything: the
row it already writes is the event. Rows are never deleted, and terminal statuses never
change, so the ``*_total`` series only grow (a Prometheus counter's contract); the
per-status enrollment series are gauges because an enrollment moves between states.
The SQL is in ``db/queries/generation.py`` and ``db/queries/enrollment.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from temporalio.client import Client

from core.logging import get_logger
from db.queries import enrollment as enrollment_q
from db.queries import generation as generation_q
from db.queries.generation import ModelUsage
from db.session import ping
from schemas.enums import EnrollmentStatus, GenerationStatus

log = get_logger("courseflow.ops")
READY_CHECK_TIMEOUT_S = 3.0

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
class DomainSnapshot:
    """Aggregates read from the database in three grouped queries."""

    generations: dict[str, int] = field(default_factory=dict)
    enrollments: dict[str, int] = field(default_factory=dict)
    models: list[ModelUsage] = field(default_factory=list)


async def read_domain_snapshot(session: AsyncSession) -> DomainSnapshot:
    return DomainSnapshot(
        generations=await generation_q.runs_by_status(session),
        enrollments=await enrollment_q.enrollments_by_status(session),
        models=await generation_q.model_usage(session),
    )


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


# --- readiness ---------------------------------------------------------------------------------
async def readiness(engine: AsyncEngine, client: Client) -> dict[str, str]:
    """Each dependency's state ("ok" or "unreachable"), each check bounded in time."""
    checks: dict[str, Callable[[], Awaitable[object]]] = {
        "database": lambda: ping(engine),
        "temporal": lambda: client.service_client.check_health(),
    }
    states: dict[str, str] = {}
    for name, check in checks.items():
        try:
            await asyncio.wait_for(check(), READY_CHECK_TIMEOUT_S)
            states[name] = "ok"
        except Exception as exc:
            log.warning("readyz.check_failed", check=name, error_type=type(exc).__name__)
            states[name] = "unreachable"
    return states
