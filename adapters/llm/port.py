"""The model port: one chat call in, text and token counts out.

Providers raise ``LLMCallError`` carrying whether a retry can help and how long the server
asked us to wait; activities turn it into a Temporal ``ApplicationError`` (Temporal owns
retries, every SDK client is built with ``max_retries=0``).
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

# 4xx answers a retry cannot fix; everything else 4xx is treated the same way.
NON_RETRYABLE_STATUSES = frozenset({400, 401, 403, 404, 413, 422})
RETRYABLE_4XX = frozenset({408, 409, 425, 429})


@dataclass(frozen=True)
class ChatMessage:
    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class LLMRequest:
    system: str
    messages: tuple[ChatMessage, ...]
    model: str
    max_tokens: int


@dataclass(frozen=True)
class LLMResponse:
    text: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0


@dataclass
class LLMCallError(Exception):
    message: str
    retryable: bool
    status: int | None = None
    retry_after_s: float | None = None
    kind: str = field(default="http")

    def __str__(self) -> str:
        status = f" (HTTP {self.status})" if self.status else ""
        return f"{self.message}{status}"


class LLMClient(Protocol):
    provider: str

    async def complete(self, request: LLMRequest) -> LLMResponse: ...

    async def close(self) -> None: ...


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from ``retry-after-ms`` / ``retry-after`` (seconds or an HTTP date)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if "retry-after-ms" in lowered:
        try:
            return max(0.0, float(lowered["retry-after-ms"]) / 1000)
        except ValueError:
            pass
    raw = lowered.get("retry-after")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(raw) if raw else None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - time.time())


def status_error(status: int, headers: Mapping[str, str], message: str) -> LLMCallError:
    retryable = status >= 500 or status in RETRYABLE_4XX
    if status in NON_RETRYABLE_STATUSES:
        retryable = False
    return LLMCallError(
        message=message[:500] or "model API error",
        retryable=retryable,
        status=status,
        retry_after_s=parse_retry_after(headers) if retryable else None,
    )
