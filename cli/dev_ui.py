"""The Temporal Web UI of ``courseflow dev``, with the codec set up the way production has it.

The UI decodes payloads by calling our codec endpoint from the browser, on another origin
(the API's port). It sends the admin's sign-in cookie only when its *server-side* codec
setting ``IncludeCredentials`` is on: compose and Kubernetes set it with
``TEMPORAL_CODEC_INCLUDE_CREDENTIALS=true``, but ``temporal server start-dev`` has no such
flag (``--ui-codec-endpoint`` only, temporal CLI 1.9.1), so without help the browser calls
the codec anonymously and the UI shows "Codec Server could not connect".

So ``courseflow dev`` runs the dev server's UI on a private loopback port and this gateway
on the public ``--ui-port``: it passes every request through unchanged, except the UI's own
settings document (``GET /api/v1/settings``), whose ``Codec`` section it completes with the
endpoint and ``IncludeCredentials: true``. Nothing is stored in the browser: any browser
that opens the UI gets the same settings, exactly as with the UI server of compose.

Run as ``python -m cli.dev_ui --port P --upstream http://127.0.0.1:Q --codec-endpoint URL``
(``courseflow dev`` starts and stops it).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import click
import httpx
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

SETTINGS_PATH = "/api/v1/settings"
# Per-connection headers (RFC 9110 section 7.6.1) are not forwarded.
HOP_BY_HOP = frozenset(
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "content-length",
    }
)  # fmt: skip
UPSTREAM_TIMEOUT = httpx.Timeout(60.0, connect=5.0)


def with_codec(settings: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """The UI's settings with the codec endpoint set and the sign-in cookie sent along."""
    codec = dict(settings.get("Codec") or {})
    codec["Endpoint"] = endpoint
    codec["IncludeCredentials"] = True
    return {**settings, "Codec": codec}


def _forward_headers(headers: Any) -> list[tuple[str, str]]:
    return [(k, v) for k, v in headers.items() if k.lower() not in HOP_BY_HOP]


def _copy_headers(
    response: Response, answer: httpx.Response, drop: frozenset[str] = frozenset()
) -> Response:
    """The upstream's headers, repeated ones (Set-Cookie) included, on our response."""
    skip = HOP_BY_HOP | drop
    copied = [
        (k.lower().encode("latin-1"), v.encode("latin-1"))
        for k, v in answer.headers.multi_items()
        if k.lower() not in skip
    ]
    length = [(k, v) for k, v in response.raw_headers if k == b"content-length"]
    response.raw_headers = copied + length
    return response


def create_gateway(upstream: str, codec_endpoint: str) -> Starlette:
    client = httpx.AsyncClient(base_url=upstream, timeout=UPSTREAM_TIMEOUT)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await client.aclose()

    async def settings(request: Request) -> Response:
        answer = await client.get(SETTINGS_PATH, headers=_forward_headers(request.headers))
        if answer.status_code != 200:
            return _copy_headers(Response(answer.content, answer.status_code), answer)
        body = json.dumps(with_codec(answer.json(), codec_endpoint)).encode()
        # httpx decoded the body: its encoding and validators no longer describe ours.
        changed = frozenset({"content-encoding", "etag", "content-type"})
        response = _copy_headers(Response(body, 200), answer, changed)
        response.raw_headers.append((b"content-type", b"application/json"))
        return response

    async def passthrough(request: Request) -> Response:
        # The path exactly as the browser sent it (percent-encoding kept), and its query.
        target = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
        if request.url.query:
            target += "?" + request.url.query
        upstream_request = client.build_request(
            request.method,
            target,
            headers=_forward_headers(request.headers),
            content=await request.body(),
        )
        answer = await client.send(upstream_request, stream=True)
        response = StreamingResponse(
            answer.aiter_raw(),
            status_code=answer.status_code,
            background=BackgroundTask(answer.aclose),
        )
        return _copy_headers(response, answer)

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]
    return Starlette(
        routes=[
            Route(SETTINGS_PATH, settings, methods=["GET"]),
            Route("/{path:path}", passthrough, methods=methods),
        ],
        lifespan=lifespan,
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, required=True, help="Where the UI is opened (--ui-port).")
@click.option("--upstream", required=True, help="The dev server's own UI (private port).")
@click.option("--codec-endpoint", required=True, help="The API's /api/v1/codec URL.")
def main(host: str, port: int, upstream: str, codec_endpoint: str) -> None:
    """Serve the dev server's Temporal UI with the codec's credentials setting on."""
    import uvicorn

    uvicorn.run(
        create_gateway(upstream, codec_endpoint),
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
    )


if __name__ == "__main__":
    main()
