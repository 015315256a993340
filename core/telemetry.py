"""Tracing and the worker's runtime metrics.

Tracing is off unless ``COURSEFLOW_OTLP_ENDPOINT`` is set (tests attach an in-memory exporter
with ``export_spans_to``). When it is on:

- One process-wide tracer provider, made by temporalio's ``create_tracer_provider``: inside a
  workflow it draws span and trace IDs from the workflow's deterministic random, so a span
  re-created when a workflow replays (worker restart, cache eviction) keeps its ID and is
  exported once. It is the global provider, exporting over OTLP/HTTP to
  ``<endpoint>/v1/traces``.
- Every Temporal client gets temporalio's ``OpenTelemetryPlugin`` (workers built from the
  client inherit it): a ``RunWorkflow`` span lasts as long as the run and is the parent of
  its ``StartActivity`` spans, whose ``RunActivity`` spans run on the workers. A run started
  by the API is a child of the request's span; one started by the CLI, of the CLI's
  ``StartWorkflow`` span; one started by a Schedule (no caller to inherit from) is a trace of
  its own rooted at its ``RunWorkflow`` span. Either way one run is one trace, not an orphan
  span per activity. (The older ``TracingInterceptor`` cannot do this: its workflow spans end
  the moment they start, activities hang off the *caller's* span, and a scheduled run has
  none, so each activity became a trace of its own.) A workflow span is exported when the
  run finishes; activity spans as each activity ends.
- SQLAlchemy (every statement) and httpx (every outgoing request, including the model SDKs')
  are instrumented, and the FastAPI app traces each request except probes and scrapes.
- ``core.logging`` adds ``trace_id`` and ``span_id`` to every log line written inside a
  span: a request, a workflow or an activity.

The worker's Temporal runtime serves its SDK metrics (task latencies, slots, polls, sticky
cache) in Prometheus format on ``COURSEFLOW_WORKER_METRICS_PORT`` when that is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from temporalio.contrib.opentelemetry import (
    OpenTelemetryPlugin,
    ReplaySafeTracerProvider,
    create_tracer_provider,
)
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from core.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI
    from temporalio.client import Plugin

SERVICE = "courseflow"
OTLP_TRACES_PATH = "/v1/traces"
# Liveness probes and scrapes would drown the traces that matter.
UNTRACED_URLS = "healthz,readyz,metrics"


class _Exporters(SpanProcessor):
    """The provider's one span processor: hands spans to the exporters attached so far.

    A provider cannot drop a processor once added, and the OpenTelemetry API lets a process
    set its global provider only once; keeping the exporters here lets tests attach and
    detach theirs while the provider stays the same.
    """

    def __init__(self) -> None:
        self.processors: dict[str, SpanProcessor] = {}

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        for processor in list(self.processors.values()):
            processor.on_start(span, parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        for processor in list(self.processors.values()):
            processor.on_end(span)

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        return all(p.force_flush(timeout_millis) for p in list(self.processors.values()))

    def shutdown(self) -> None:
        for processor in self.processors.values():
            processor.shutdown()
        self.processors.clear()


_exporters = _Exporters()
_provider: ReplaySafeTracerProvider | None = None
_runtimes: dict[int, Runtime] = {}


def traces_url(endpoint: str) -> str:
    """The OTLP/HTTP traces URL for a collector base URL (or a full traces URL)."""
    base = endpoint.rstrip("/")
    return base if base.endswith(OTLP_TRACES_PATH) else base + OTLP_TRACES_PATH


def _global_provider(environment: str) -> ReplaySafeTracerProvider:
    global _provider
    if _provider is None:
        resource = Resource.create({SERVICE_NAME: SERVICE, "deployment.environment": environment})
        _provider = create_tracer_provider(resource=resource)
        _provider.add_span_processor(_exporters)
        trace.set_tracer_provider(_provider)
    return _provider


def _instrument_libraries(provider: ReplaySafeTracerProvider) -> None:
    """SQLAlchemy statements and httpx requests, process-wide (idempotent)."""
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    for instrumentor in (SQLAlchemyInstrumentor(), HTTPXClientInstrumentor()):
        if not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument(tracer_provider=provider)


def _uninstrument_libraries() -> None:
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    for instrumentor in (SQLAlchemyInstrumentor(), HTTPXClientInstrumentor()):
        if instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.uninstrument()


def export_spans_to(
    key: str, exporter: SpanExporter, *, environment: str = "test", batch: bool = True
) -> None:
    """Attach an exporter to the process's provider (switching tracing on)."""
    provider = _global_provider(environment)
    if key not in _exporters.processors:
        processor = BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter)
        _exporters.processors[key] = processor
    _instrument_libraries(provider)


def tracer_provider(settings: Settings) -> ReplaySafeTracerProvider | None:
    """The process's tracer provider when tracing is on (an exporter is attached), else None.

    Each process calls it at start (``setup_tracing``), before it makes database engines and
    HTTP clients: the instrumentation applies to those made afterwards.
    """
    if settings.otlp_endpoint is not None:
        url = traces_url(str(settings.otlp_endpoint))
        export_spans_to(url, OTLPSpanExporter(endpoint=url), environment=settings.environment)
    return _provider if _exporters.processors else None


def setup_tracing(settings: Settings) -> bool:
    """At a process's start: switch tracing on if configured; returns whether it is on."""
    return tracer_provider(settings) is not None


def client_plugins(settings: Settings) -> list[Plugin]:
    """Plugins for every Temporal client (and so every worker built from it)."""
    if tracer_provider(settings) is None:
        return []
    return [OpenTelemetryPlugin(add_temporal_spans=True)]


def instrument_app(app: FastAPI, settings: Settings) -> bool:
    """Trace every request of ``app``; returns whether tracing is on."""
    provider = tracer_provider(settings)
    if provider is None:
        return False
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        excluded_urls=UNTRACED_URLS,
        exclude_spans=["receive", "send"],
    )
    return True


def flush_traces(timeout_ms: int = 5_000) -> None:
    """Export buffered spans now (at shutdown, at the end of a CLI command, in tests)."""
    _exporters.force_flush(timeout_ms)


def shutdown_tracing() -> None:
    """Flush and detach every exporter: tracing is off again (tests whose collector goes
    away; the provider itself stays, as the API allows one global provider per process)."""
    _exporters.shutdown()
    _uninstrument_libraries()


def worker_runtime(settings: Settings) -> Runtime | None:
    """A Temporal runtime serving SDK metrics on the worker metrics port, if one is set.

    Binds all interfaces: in a container the scraper reaches the pod's address.
    """
    port = settings.worker_metrics_port
    if port is None:
        return None
    runtime = _runtimes.get(port)
    if runtime is None:
        runtime = Runtime(
            telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=f"0.0.0.0:{port}"))
        )
        _runtimes[port] = runtime
    return runtime
