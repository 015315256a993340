"""Tracing and the worker's runtime metrics.

Tracing is off unless ``COURSEFLOW_OTLP_ENDPOINT`` is set. When it is, one tracer provider
per process exports spans over OTLP/HTTP (protobuf) to ``<endpoint>/v1/traces``; the
Temporal client gets a ``TracingInterceptor`` (workers built from that client inherit it),
so one trace runs from the API request through the workflow into each activity, and the
FastAPI app is instrumented with the same provider.

The worker's Temporal runtime serves its SDK metrics (task latencies, slots, polls, sticky
cache) in Prometheus format on ``COURSEFLOW_WORKER_METRICS_PORT`` when that is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from core.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI
    from temporalio.client import Interceptor

SERVICE = "courseflow"
TRACER_NAME = "courseflow"
OTLP_TRACES_PATH = "/v1/traces"
# Liveness probes and scrapes would drown the traces that matter.
UNTRACED_URLS = "healthz,readyz,metrics"

_providers: dict[str, TracerProvider] = {}
_runtimes: dict[int, Runtime] = {}


def traces_url(endpoint: str) -> str:
    """The OTLP/HTTP traces URL for a collector base URL (or a full traces URL)."""
    base = endpoint.rstrip("/")
    return base if base.endswith(OTLP_TRACES_PATH) else base + OTLP_TRACES_PATH


def tracer_provider(settings: Settings) -> TracerProvider | None:
    """The process's tracer provider, or None when no OTLP endpoint is configured.

    Built once per endpoint and installed as the global provider the first time, so
    libraries using ``opentelemetry.trace.get_tracer`` export to the same place.
    """
    if settings.otlp_endpoint is None:
        return None
    url = traces_url(str(settings.otlp_endpoint))
    provider = _providers.get(url)
    if provider is None:
        provider = TracerProvider(
            resource=Resource.create(
                {SERVICE_NAME: SERVICE, "deployment.environment": settings.environment}
            )
        )
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=url)))
        if not _providers:
            trace.set_tracer_provider(provider)
        _providers[url] = provider
    return provider


def client_interceptors(settings: Settings) -> list[Interceptor]:
    """Interceptors for every Temporal client (and so every worker built from it)."""
    provider = tracer_provider(settings)
    if provider is None:
        return []
    from temporalio.contrib.opentelemetry import TracingInterceptor

    return [TracingInterceptor(provider.get_tracer(TRACER_NAME))]


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
    """Export buffered spans now (at shutdown, and in tests)."""
    for provider in _providers.values():
        provider.force_flush(timeout_ms)


def shutdown_tracing() -> None:
    """Flush and stop every exporter (process exit, and tests whose collector goes away)."""
    for provider in _providers.values():
        provider.shutdown()
    _providers.clear()


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
