"""The tests' fake OpenAI/Anthropic server, run in-process with a clock on every call.

``tests.support.fake_llm.FakeLLMServer`` answers every courseflow prompt with valid JSON after a
fixed latency and logs each request when it answers. Benchmarks and chaos runs also need when
each call *arrived*, to count the calls in flight at a given moment (a worker kill), so this
subclass records arrival and answer times around the parent's ``answer``.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

from tests.support.fake_llm import FakeLLMServer


@dataclass
class TimedCall:
    kind: str
    started: float
    finished: float | None = None


class TimedFakeLLM(FakeLLMServer):
    def __init__(self, latency: float) -> None:
        super().__init__(latency=latency)
        self.calls: dict[int, TimedCall] = {}
        self._ids = itertools.count()

    def answer(self, provider: str, first_prompt: str, *args: Any, **kwargs: Any) -> Any:
        from adapters.llm.prompts import extract_blocks

        kind = str(extract_blocks(first_prompt).get("task_spec", {}).get("kind", "unknown"))
        call_id = next(self._ids)
        with self._lock:
            self.calls[call_id] = TimedCall(kind, time.monotonic())
        try:
            return super().answer(provider, first_prompt, *args, **kwargs)
        finally:
            with self._lock:
                self.calls[call_id].finished = time.monotonic()

    def snapshot(self) -> list[TimedCall]:
        with self._lock:
            return [TimedCall(c.kind, c.started, c.finished) for c in self.calls.values()]

    def calls_between(self, start: float, end: float) -> list[TimedCall]:
        return [c for c in self.snapshot() if start <= c.started <= end]

    def in_flight_at(self, moment: float, grace_s: float) -> int:
        """Calls that had arrived by ``moment`` and were unanswered, or answered less than
        ``grace_s`` before it (the answer may not have been recorded by the worker yet)."""
        return sum(
            1
            for c in self.snapshot()
            if c.started <= moment and (c.finished is None or c.finished > moment - grace_s)
        )
