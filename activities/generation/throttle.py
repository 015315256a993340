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
import itertools
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from temporalio.common import Priority
from temporalio.worker import (
    CustomSlotSupplier,
    SlotMarkUsedContext,
    SlotPermit,
    SlotReleaseContext,
    SlotReserveContext,
)

DEFAULT_PRIORITY_KEY = 3  # Temporal's default: (1 + 5) / 2


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
    most ``burst_s`` ahead of now.

    Who goes next is decided as Temporal's task queue decides it (``Priority``): the lowest
    ``priority_key`` first, and within a priority the fairness keys take turns (start-time
    fair queuing: each key's calls count up a virtual clock, the key with the smallest clock
    goes next, and a key that was idle starts at the current clock, not with credit), first
    come first served within a key. So a big course whose calls all wait here does not hold
    back another author's call that arrived after them.
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
        self._waiting: list[_Waiter] = []
        self._arrivals = itertools.count()
        self._clock: dict[str, int] = {}  # fairness key -> calls started (virtual time)
        self._now = 0  # the clock of the key that started last
        self.sent: set[asyncio.Task[object]] = set()  # running activities past the pacer
        self.on_sent: Callable[[], None] = lambda: None

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def estimate(self, model: str, stage: str) -> int:
        recent = self._recent.get((model, stage))
        return round(sum(recent) / len(recent)) if recent else self.seed

    async def reserve(
        self, model: str, stage: str, priority: Priority | None = None
    ) -> Reservation:
        """Wait for this call's turn and for the quota, then spend the call's estimated
        tokens (estimated then, not on arrival: answers that came in meanwhile have taught
        the estimate)."""
        if self.tokens_per_s is None:
            return Reservation(model, stage, self.estimate(model, stage))
        waiter = self._arrive(priority)
        try:
            while True:
                delay = None  # not our turn: woken when the one ahead leaves
                if self._next() is waiter:
                    delay = self._free_at - self.burst_s - time.monotonic()
                    if delay <= 0:  # our turn: the key's clock moves before the next is woken
                        self._now = self._clock[waiter.key]
                        self._clock[waiter.key] += 1
                        break
                waiter.wake.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(delay):  # or woken early by a settlement
                        await waiter.wake.wait()
        finally:
            self._waiting.remove(waiter)
            self._wake_next()
        reservation = Reservation(model, stage, self.estimate(model, stage))
        self._free_at = (
            max(self._free_at, time.monotonic()) + reservation.tokens / self.tokens_per_s
        )
        self._mark_sent()
        return reservation

    def _arrive(self, priority: Priority | None) -> _Waiter:
        key = (priority.fairness_key if priority else None) or ""
        level = (priority.priority_key if priority else None) or DEFAULT_PRIORITY_KEY
        if not any(w.key == key for w in self._waiting):  # idle until now: no credit
            self._clock[key] = max(self._clock.get(key, 0), self._now)
            if len(self._clock) > 4 * len(self._waiting) + 1000:  # forget idle keys
                busy = {w.key for w in self._waiting} | {key}
                self._clock = {k: v for k, v in self._clock.items() if k in busy}
        waiter = _Waiter(level, key, next(self._arrivals), asyncio.Event())
        self._waiting.append(waiter)
        return waiter

    def _next(self) -> _Waiter:
        return min(self._waiting, key=lambda w: (w.level, self._clock[w.key], w.arrival))

    def _wake_next(self) -> None:
        if self._waiting:
            self._next().wake.set()

    def _mark_sent(self) -> None:
        """Count the calling activity as past the pacer until it ends (``PacedSlots``)."""
        task = asyncio.current_task()
        if task is not None and task not in self.sent:
            self.sent.add(task)
            task.add_done_callback(self._ended)
        self.on_sent()

    def _ended(self, task: asyncio.Task[object]) -> None:
        self.sent.discard(task)
        self.on_sent()

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
            self._wake_next()
        if used is not None:
            key = (reservation.model, reservation.stage)
            recent = self._recent.setdefault(key, deque(maxlen=self._memory))
            recent.append(max(1, used))


@dataclass
class _Waiter:
    level: int  # Temporal's priority_key: lower goes first
    key: str  # the fairness key
    arrival: int
    wake: asyncio.Event


@dataclass
class Reservation:
    """Tokens a call holds of the quota until its answer says what it used."""

    model: str
    stage: str
    tokens: int
    settled: bool = False


class PacedSlots(CustomSlotSupplier):
    """The model worker's activity slots, following its pacer: a new task is taken from the
    queue only while fewer than ``ahead`` of the tasks already taken wait for their first
    call (to be polled, for the throttle or for the pacer), at most ``max_slots`` in all.

    So the worker holds only the calls it can start soon plus those in flight, however many
    slots the settings allow, and the rest stay in Temporal's queue, where priority and
    fairness decide which comes next; ``TokenPacer`` orders the few that wait here the same
    way.
    """

    def __init__(self, pacer: TokenPacer, max_slots: int, ahead: int = 2) -> None:
        self.pacer = pacer
        self.max_slots = max(1, max_slots)
        self.ahead = max(1, ahead)
        self.held = 0  # permits out: polling, or running an activity
        self._changed = asyncio.Event()
        pacer.on_sent = self._notify

    @property
    def pending(self) -> int:
        """Permits whose activity has not reached the pacer yet (or has no task yet)."""
        return max(0, self.held - len(self.pacer.sent))

    def _free(self) -> bool:
        return self.held < self.max_slots and self.pending < self.ahead

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def reserve_slot(self, ctx: SlotReserveContext) -> SlotPermit:
        while not self._free():
            changed = self._changed
            with contextlib.suppress(TimeoutError):  # a safety net: re-check now and then
                async with asyncio.timeout(1.0):
                    await changed.wait()
        self.held += 1
        return SlotPermit()

    def try_reserve_slot(self, ctx: SlotReserveContext) -> SlotPermit | None:
        if not self._free():
            return None
        self.held += 1
        return SlotPermit()

    def mark_slot_used(self, ctx: SlotMarkUsedContext) -> None:
        pass

    def release_slot(self, ctx: SlotReleaseContext) -> None:
        self.held -= 1
        self._notify()
