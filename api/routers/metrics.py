"""``GET /metrics`` (Prometheus text format) and the request-metrics middleware.

Who may read it: the figures are business data (enrollments, model cost), so a caller
either comes from ``COURSEFLOW_METRICS_ALLOWED_NETWORKS`` (loopback only by default) or
presents ``COURSEFLOW_METRICS_TOKEN`` as a bearer token (what Prometheus sends with
``authorization: {credentials_file: ...}``); anyone else gets 401. The client address is
the connection's (uvicorn trusts ``X-Forwarded-For`` only from ``FORWARDED_ALLOW_IPS``), and
the Ingress in infra/k8s does not route /metrics at all.

Request, process and runtime metrics are summed over every uvicorn worker (see
``core.prometheus``); domain counters come from the database at scrape time (see
``services.ops``).
"""

from __future__ import annotations

import hmac
import time
from ipaddress import ip_address
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import SessionDep, SettingsDep, oauth2_scheme
from api.errors import problem_responses
from core.metrics import HTTP_LATENCY, HTTP_REQUESTS, UNMATCHED_ROUTE
from core.prometheus import exposition
from core.settings import Settings
from services import ops
from services.errors import Unauthorized

router = APIRouter(tags=["health"])


def _from_allowed_network(settings: Settings, request: Request) -> bool:
    if request.client is None:
        return False
    try:
        address = ip_address(request.client.host)
    except ValueError:
        return False
    return any(address in network for network in settings.metrics_allowed_networks)


async def scraper(
    request: Request,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> None:
    """Lets a scraper in by its network or by the scrape token; everyone else is 401."""
    expected = settings.metrics_token
    if expected is not None and token is not None:
        if hmac.compare_digest(token.encode(), expected.get_secret_value().encode()):
            return
    elif _from_allowed_network(settings, request):
        return
    raise Unauthorized(
        "metrics are readable with the scrape token (COURSEFLOW_METRICS_TOKEN) or from "
        "COURSEFLOW_METRICS_ALLOWED_NETWORKS"
    )


@router.get(
    "/metrics",
    response_class=Response,
    dependencies=[Depends(scraper)],
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text"},
        **problem_responses(401),
    },
)
async def metrics(session: SessionDep) -> Response:
    snapshot = await ops.read_domain_snapshot(session)
    body = exposition() + generate_latest(ops.domain_registry(snapshot))
    return Response(content=body, media_type=CONTENT_TYPE_LATEST)


def route_template(scope: Scope) -> str:
    """The matched route's path template; one label value for every unmatched path.

    FastAPI's own routes put themselves in ``scope["route"]``; plain Starlette routes
    (``/openapi.json``, ``/docs``, ``/redoc``) do not, so those are matched here again.
    """
    route: BaseRoute | None = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    router_ = getattr(scope.get("app"), "router", None)
    for candidate in getattr(router_, "routes", ()):
        match, _ = candidate.matches(scope)
        if match is Match.FULL and isinstance(getattr(candidate, "path", None), str):
            template: str = candidate.path
            return template
    return UNMATCHED_ROUTE


class RequestMetricsMiddleware:
    """Counts requests and times responses by route template and status (pure ASGI, so
    streaming responses such as SSE pass through untouched).

    A response is counted just before its last body message goes out, so a client that has
    read the whole answer can rely on it being counted (a process killed right after still
    has it in its file); a request that ends without a complete response is counted when the
    app returns or fails.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        counted = False

        def count() -> None:
            nonlocal counted
            if not counted:
                counted = True
                method, route = scope["method"], route_template(scope)
                HTTP_REQUESTS.labels(method, route, str(status)).inc()
                HTTP_LATENCY.labels(method, route).observe(time.perf_counter() - started)

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                count()
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            count()


def install_request_metrics(app: FastAPI) -> None:
    app.add_middleware(RequestMetricsMiddleware)
