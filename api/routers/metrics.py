"""``GET /metrics`` (Prometheus text format) and the request-metrics middleware.

The endpoint is unauthenticated, like /healthz: expose it on the internal network only
(the ingress in infra/k8s routes /api only). Domain counters come from the database at
scrape time; see ``core.metrics``.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import SessionDep
from core.metrics import (
    HTTP_LATENCY,
    HTTP_REQUESTS,
    REGISTRY,
    UNMATCHED_ROUTE,
    domain_registry,
    read_domain_snapshot,
)

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text"}},
)
async def metrics(session: SessionDep) -> Response:
    snapshot = await read_domain_snapshot(session)
    body = generate_latest(REGISTRY) + generate_latest(domain_registry(snapshot))
    return Response(content=body, media_type=CONTENT_TYPE_LATEST)


def route_template(scope: Scope) -> str:
    """The matched route's path template; one label value for every unmatched path."""
    route: BaseRoute | None = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


class RequestMetricsMiddleware:
    """Counts requests and times responses by route template and status (pure ASGI, so
    streaming responses such as SSE pass through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            method = scope["method"]
            route = route_template(scope)
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_LATENCY.labels(method, route).observe(time.perf_counter() - started)


def install_request_metrics(app: FastAPI) -> None:
    app.add_middleware(RequestMetricsMiddleware)
