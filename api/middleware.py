"""Cross-cutting HTTP protections: a request-size cap, security headers and CORS.

Pure ASGI middleware (no ``BaseHTTPMiddleware``), so streaming responses (SSE) pass through
untouched. Order, outermost first: security headers → size cap → CORS → the app.
"""

from __future__ import annotations

import contextlib
import re

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem
from core.settings import Settings

CODEC_PATH_PREFIX = "/api/v1/codec/"
# Swagger UI and ReDoc load scripts from a CDN; every other response gets the strict policy.
DOCS_PATHS = ("/docs", "/redoc")
STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
# Report artifacts are self-contained HTML pages: inline styles and data: chart images, and
# still no scripts, no external loads, no framing.
REPORT_ARTIFACT = re.compile(r"/api/v1/reports/[^/]+/[^/]+")
ARTIFACT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-site",
}
HSTS = "max-age=31536000; includeSubDomains"
CODEC_CORS_HEADERS = ["Authorization", "Content-Type", "X-Namespace"]


class _BodyTooLarge(Exception):
    """Raised from ``receive`` once a body without Content-Length passes the cap."""


class RequestSizeLimit:
    """Answers 413 problem+json to a body over ``max_bytes``: declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        received = 0
        exceeded = started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:  # whatever the app made of the cut-off body is dropped
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(_BodyTooLarge):
            await self.app(scope, limited_receive, guarded_send)
        if exceeded and not started:
            await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            413,
            "payload-too-large",
            "Request body too large",
            f"the request body exceeds the limit of {self.max_bytes} bytes",
        )
        await response(scope, receive, send)


class SecurityHeaders:
    """Adds the headers a JSON API should send; never overrides what a route set itself."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self._headers_for(path).items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _headers_for(self, path: str) -> dict[str, str]:
        headers = dict(SECURITY_HEADERS)
        if REPORT_ARTIFACT.fullmatch(path):
            headers["content-security-policy"] = ARTIFACT_CSP
        elif not path.startswith(DOCS_PATHS):
            headers["content-security-policy"] = STRICT_CSP
        if path.startswith("/api/"):
            headers["cache-control"] = "no-store"
        if self.hsts:
            headers["strict-transport-security"] = HSTS
        return headers


class PathCORS:
    """CORS for one path prefix only: the Temporal UI may call the codec, nothing else."""

    def __init__(self, app: ASGIApp, *, prefix: str, origins: list[str]) -> None:
        self.app = app
        self.prefix = prefix
        self.cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["POST"],
            allow_headers=CODEC_CORS_HEADERS,
            # The UI's "include cross-origin credentials" sends cookies/credentials mode.
            allow_credentials=True,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path", "").startswith(self.prefix):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def temporal_ui_origins(settings: Settings) -> list[str]:
    """The UI of ``courseflow dev`` (both spellings of loopback) plus configured ones."""
    port = settings.temporal_ui_port
    local = [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
    return local + [o for o in settings.codec_cors_origins if o not in local]


def install_middleware(app: FastAPI, settings: Settings) -> None:
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(PathCORS, prefix=CODEC_PATH_PREFIX, origins=temporal_ui_origins(settings))
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    https = settings.public_base_url is not None and settings.public_base_url.scheme == "https"
    app.add_middleware(SecurityHeaders, hsts=https)
