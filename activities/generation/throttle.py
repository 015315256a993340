"""This worker's share of the provider's quota, adapted to the 429s it sees and the tokens
its calls use.

Temporal's task-queue rate limit (``max_task_queue_activities_per_second``) spaces the model
activities across all workers by requests per minute; inside one worker, ``TokenPacer``
spaces the calls by the tokens they use (tokens per minute), and ``ModelThrottle`` keeps
the calls that are in flight below a limit that halves on every 429 and grows back by one
per success (additive increase, multiplicative decrease), and holds every call until a 429's
``retry-after`` has passed, so a storm of 429s does not turn into a storm of retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass


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


class TokenPacer:
    """Spaces this worker's model calls so the tokens they use stay within a tokens-per-minute
    quota, with an estimate of each call's tokens that follows what the calls really used.

    A call reserves its estimate before it is sent (the running mean of the last calls of its
    model and stage, ``seed`` until one has answered) and is reconciled when the answer says
    what it used: the difference moves the budget, so over- or under-estimates cost nothing
    over time and the estimate only decides how many calls start ahead of their answers.
    A call that got no answer the provider counts (a 429, an HTTP error) gives its
    reservation back. The budget is a GCRA (virtual scheduling): ``_free_at`` is when the
    tokens reserved so far are paid off at ``tokens_per_s``; a call starts once that is at
    most ``burst_s`` ahead of now. Waiters start in arrival order.
    """

    def __init__(
        self, tokens_per_minute: float | None, seed: int, burst_s: float = 1.0, memory: int = 32
    ) -> None:
        self.tokens_per_s = tokens_per_minute / 60 if tokens_per_minute else None
        self.seed = max(1, seed)
        self.burst_s = burst_s
        self._recent: dict[tuple[str, str], deque[int]] = {}
        self._memory = memory
        self._free_at = 0.0
        self._order = asyncio.Lock()  # FIFO: the first to wait is the first to start
        self._settled = asyncio.Event()

    def estimate(self, model: str, stage: str) -> int:
        recent = self._recent.get((model, stage))
        return round(sum(recent) / len(recent)) if recent else self.seed

    async def reserve(self, model: str, stage: str) -> Reservation:
        """Wait until the quota is free, then spend the call's estimated tokens (estimated
        then, not on arrival: answers that came in meanwhile have taught the estimate)."""
        if self.tokens_per_s is None:
            return Reservation(model, stage, self.estimate(model, stage))
        async with self._order:
            # Woken early by a settlement: reconciling a reservation may free the quota.
            while (delay := self._free_at - self.burst_s - time.monotonic()) > 0:
                self._settled.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._settled.wait(), delay)
            reservation = Reservation(model, stage, self.estimate(model, stage))
            self._free_at = (
                max(self._free_at, time.monotonic()) + reservation.tokens / self.tokens_per_s
            )
        return reservation

    def settle(self, reservation: Reservation, used: int | None) -> None:
        """Reconcile a reservation once: ``used`` tokens by the answer (the budget and the
        running estimate follow them), or None when the provider counted nothing (a 429,
        an HTTP error): the reserved tokens are free again."""
        if reservation.settled:
            return
        reservation.settled = True
        difference = (used if used is not None else 0) - reservation.tokens
        if self.tokens_per_s is not None:
            self._free_at += difference / self.tokens_per_s
            self._settled.set()
        if used is not None:
            key = (reservation.model, reservation.stage)
            recent = self._recent.setdefault(key, deque(maxlen=self._memory))
            recent.append(max(1, used))


@dataclass
class Reservation:
    """Tokens a call holds of the quota until its answer says what it used."""

    model: str
    stage: str
    tokens: int
    settled: bool = False
