"""A worker's liveness and readiness, from the one witness that cannot be fooled: the Temporal
server's record of who polls a task queue.

A worker process can be alive (its port open, its SDK metrics served) and still do nothing:
a poller that died, a connection that never came back, an event loop stuck in blocking code.
So every ``worker_health_check_interval_s`` this checker asks the server
(``DescribeTaskQueue``) for the pollers of each queue the process serves, and notes when the
``last_access_time`` of *this* worker's identity last moved forward. A polling worker renews
it at least once per long poll (60 s on a default server), busy or idle.

- ``/livez`` fails (503) when, with the server answering, one of our queues has seen no new
  poll from us for ``worker_poll_stale_s`` (180 s by default, three long polls), or when the
  checks themselves stopped running (the event loop is blocked). A restart fixes both.
  It does not fail while the server cannot be reached: restarting every worker during a
  Temporal outage would help nothing.
- ``/readyz`` fails (503) until the server has seen us poll every queue, and whenever it
  cannot be reached.

Both answer a small JSON document saying why. They are served by a stdlib HTTP server on its
own thread, so a blocked event loop cannot also block the answer that reports it.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client
from temporalio.service import RPCError

from core.logging import get_logger

log = get_logger("courseflow.worker.health")
WORKFLOW = TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
ACTIVITY = TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY
STALLED_AFTER_CHECKS = 3  # check intervals without a check before the loop counts as blocked
RPC_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class PollTarget:
    task_queue: str
    kind: TaskQueueType.ValueType

    @property
    def label(self) -> str:
        return f"{self.task_queue}/{'workflow' if self.kind == WORKFLOW else 'activity'}"


@dataclass
class _Seen:
    server_time: datetime | None = None  # our poller's last_access_time, as the server says
    advanced_at: float | None = None  # our monotonic clock when it last moved forward


@dataclass
class WorkerHealth:
    client: Client
    identity: str
    targets: list[PollTarget]
    interval_s: float = 30.0
    stale_after_s: float = 180.0
    clock: Callable[[], float] = time.monotonic
    started_at: float = field(init=False)
    last_check_at: float | None = field(init=False, default=None)
    server_error: str | None = field(init=False, default=None)
    seen: dict[PollTarget, _Seen] = field(init=False)

    def __post_init__(self) -> None:
        self.started_at = self.clock()
        self.seen = {target: _Seen() for target in self.targets}

    async def _our_last_poll(self, target: PollTarget) -> datetime | None:
        answer = await self.client.workflow_service.describe_task_queue(
            DescribeTaskQueueRequest(
                namespace=self.client.namespace,
                task_queue=TaskQueue(name=target.task_queue),
                task_queue_type=target.kind,
            ),
            # A check ends within its interval, so a late check means a blocked loop.
            timeout=timedelta(seconds=min(self.interval_s, RPC_TIMEOUT_S)),
        )
        times = [p.last_access_time.ToDatetime() for p in answer.pollers
                 if p.identity == self.identity]  # fmt: skip
        return max(times) if times else None

    async def check_once(self) -> None:
        try:
            for target in self.targets:
                polled = await self._our_last_poll(target)
                seen = self.seen[target]
                if polled is not None and (seen.server_time is None or polled > seen.server_time):
                    seen.server_time, seen.advanced_at = polled, self.clock()
            self.server_error = None
        except (RPCError, RuntimeError) as exc:  # RuntimeError: the connection itself failed
            if self.server_error is None:
                log.warning("worker.health_server_unreachable", error=str(exc))
            self.server_error = str(exc)
        self.last_check_at = self.clock()

    async def run(self) -> None:
        while True:
            await self.check_once()
            await asyncio.sleep(self.interval_s)

    def _stale(self) -> list[str]:
        now = self.clock()
        stale = []
        for target, seen in self.seen.items():
            since = seen.advanced_at if seen.advanced_at is not None else self.started_at
            if now - since > self.stale_after_s:
                stale.append(target.label)
        return stale

    def liveness(self) -> tuple[bool, dict[str, Any]]:
        now = self.clock()
        last = self.last_check_at if self.last_check_at is not None else self.started_at
        if now - last > STALLED_AFTER_CHECKS * self.interval_s:
            detail = "health checks stopped running: the worker's event loop is blocked"
            return False, {"status": "stalled", "detail": detail}
        if self.server_error is None and (stale := self._stale()):
            detail = f"the server has seen no poll from this worker for {self.stale_after_s:g}s"
            return False, {"status": "not-polling", "queues": stale, "detail": detail}
        return True, {"status": "ok"}

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        if self.server_error is not None:
            return False, {"status": "server-unreachable", "detail": self.server_error}
        waiting = [t.label for t, seen in self.seen.items() if seen.advanced_at is None]
        if waiting:
            return False, {"status": "not-polling-yet", "queues": waiting}
        if stale := self._stale():
            return False, {"status": "not-polling", "queues": stale}
        return True, {"status": "ok"}


class _Handler(BaseHTTPRequestHandler):
    health: WorkerHealth

    def do_GET(self) -> None:
        probes = {"/livez": self.health.liveness, "/readyz": self.health.readiness}
        probe = probes.get(self.path.split("?", 1)[0])
        if probe is None:
            ok, body = False, {"status": "not-found", "detail": "GET /livez or /readyz"}
            code = 404
        else:
            ok, body = probe()
            code = 200 if ok else 503
        payload = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_args: Any) -> None:  # probes every few seconds: not worth a line
        return


class HealthServer:
    """``/livez`` and ``/readyz`` on ``port`` (all interfaces: the kubelet calls the pod IP)."""

    def __init__(self, health: WorkerHealth, port: int, host: str = "0.0.0.0") -> None:  # noqa: S104
        handler = type("Handler", (_Handler,), {"health": health})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def __enter__(self) -> HealthServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
