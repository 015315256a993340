"""This worker's share of the provider's quota, adapted to the 429s it sees.

Temporal's task-queue rate limit (``max_task_queue_activities_per_second``) spaces the model
activities across all workers; inside one worker, ``ModelThrottle`` keeps the calls that
are in flight below a limit that halves on every 429 and grows back by one per success
(additive increase, multiplicative decrease), and holds every call until a 429's
``retry-after`` has passed, so a storm of 429s does not turn into a storm of retries.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class ModelThrottle:
    def __init__(self, max_in_flight: int) -> None:
        self.max_in_flight = max(1, max_in_flight)
        self.limit = self.max_in_flight
        self.in_flight = 0
        self.paused_until = 0.0  # time.monotonic() before which no call starts
        self.throttled = 0  # 429s seen
        self._changed = asyncio.Condition()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._changed:
            while self.in_flight >= self.limit:
                await self._changed.wait()
            self.in_flight += 1
        try:
            await self.wait_pause()
            yield
        finally:
            async with self._changed:
                self.in_flight -= 1
                self._changed.notify_all()

    async def wait_pause(self) -> None:
        # A loop, not an Event: another 429 may move ``paused_until`` on while we sleep.
        while (delay := self.paused_until - time.monotonic()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(delay)

    async def succeeded(self) -> None:
        async with self._changed:
            if self.limit < self.max_in_flight:
                self.limit += 1
                self._changed.notify_all()

    async def rate_limited(self, retry_after_s: float) -> None:
        async with self._changed:
            self.throttled += 1
            self.limit = max(1, self.limit // 2)
            self.paused_until = max(self.paused_until, time.monotonic() + retry_after_s)
