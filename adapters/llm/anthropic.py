"""Anthropic Messages API."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import anthropic

from adapters.llm.port import (
    ChatMessage,
    LLMCallError,
    LLMRequest,
    LLMResponse,
    UndecodableReply,
    anthropic_cache_minimum,
    status_error,
)


def _message(message: ChatMessage) -> dict[str, Any]:
    """A message whose stable prefix is its own block marked for the prompt cache."""
    cut = message.cache_prefix_chars
    if not 0 < cut < len(message.content):
        return {"role": message.role, "content": message.content}
    blocks = [
        {"type": "text", "text": message.content[:cut], "cache_control": {"type": "ephemeral"}},
        {"type": "text", "text": message.content[cut:]},
    ]
    return {"role": message.role, "content": blocks}


def _reply_text(content: list[Any]) -> str:
    """The forced tool call's input as JSON text, else the text blocks."""
    for block in content:
        if getattr(block, "type", None) == "tool_use":
            try:
                return json.dumps(block.input)
            except (RecursionError, ValueError):
                raise UndecodableReply() from None
    return "".join(getattr(block, "text", "") for block in content)


# Anthropic keeps a cache entry 5 minutes from its last use.
CACHE_TTL_S = 300.0


class CacheWarmGate:
    """Anthropic makes a cached prefix readable only once the call that writes it has its
    first token ("if you need cache hits for parallel requests, wait for the first response
    before sending subsequent requests"). The first call with a new prefix goes at once;
    calls with the same prefix that come meanwhile wait until ``warm_s`` after it was sent,
    then read the cache instead of each paying the write. Per process; a prefix unused for
    the cache's lifetime is new again."""

    def __init__(
        self, warm_s: float, size: int = 256, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.warm_s = warm_s
        self._size = size
        self._clock = clock
        # prefix -> (when it is readable, when a call last used it)
        self._prefixes: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def delay(self, key: str) -> float:
        """Seconds this call should wait before it is sent (0 for the writer)."""
        now = self._clock()
        entry = self._prefixes.pop(key, None)
        if entry is None or now - entry[1] > CACHE_TTL_S:
            self._prefixes[key] = (now + self.warm_s, now)  # this call writes it
            wait = 0.0
        else:
            ready = entry[0]
            wait = max(0.0, ready - now)
            self._prefixes[key] = (ready, now + wait)
        while len(self._prefixes) > self._size:
            self._prefixes.popitem(last=False)
        return wait


def _cache_key(model: str, system: str, messages: list[Any], extra: dict[str, Any]) -> str | None:
    """What the cache entry is keyed on (tools, system, messages up to the marked block),
    or None when nothing is marked or the prefix is too short for the model to cache it (~4
    characters a token)."""
    marked = [
        (i, j)
        for i, m in enumerate(messages)
        if isinstance(m["content"], list)
        for j, block in enumerate(m["content"])
        if "cache_control" in block
    ]
    if not marked:
        return None
    i, j = marked[-1]
    prefix = [*messages[:i], messages[i]["content"][: j + 1]]
    text = json.dumps([model, extra.get("tools"), extra.get("tool_choice"), system, prefix])
    if len(text) // 4 < anthropic_cache_minimum(model):
        return None
    return hashlib.sha256(text.encode()).hexdigest()


class AnthropicMessages:
    provider = "anthropic"

    def __init__(
        self, api_key: str, base_url: str | None, timeout_s: float, cache_warm_s: float = 0.0
    ) -> None:
        # max_retries=0: Temporal owns retries; the timeout stays below the activity's.
        self._client = anthropic.AsyncAnthropic(
            api_key=api_key, base_url=base_url, max_retries=0, timeout=timeout_s
        )
        self._warm = CacheWarmGate(cache_warm_s) if cache_warm_s > 0 else None

    async def complete(self, request: LLMRequest) -> LLMResponse:
        messages: list[Any] = [_message(m) for m in request.messages]
        extra: dict[str, Any] = {}
        if request.output is not None:
            # Structured output: a forced call of one tool whose input schema is the schema.
            extra["tools"] = [
                {
                    "name": request.output.name,
                    "description": f"Record the {request.output.name} (the whole answer).",
                    "input_schema": request.output.json_schema(),
                }
            ]
            extra["tool_choice"] = {"type": "tool", "name": request.output.name}
        key = _cache_key(request.model, request.system, messages, extra) if self._warm else None
        if self._warm is not None and key is not None:
            await asyncio.sleep(self._warm.delay(key))
        try:
            response = await self._client.messages.create(
                model=request.model,
                max_tokens=request.max_tokens,
                system=request.system,
                messages=messages,
                **extra,
            )
        except anthropic.APIStatusError as exc:
            raise status_error(exc.status_code, exc.response.headers, exc.message) from None
        except anthropic.APITimeoutError:
            raise LLMCallError("model call timed out", retryable=True, kind="timeout") from None
        except anthropic.APIConnectionError as exc:
            raise LLMCallError(str(exc), retryable=True, kind="connection") from None
        except (RecursionError, ValueError, UnicodeError):
            # The HTTP envelope itself could not be decoded (hostile nesting, bad bytes).
            raise UndecodableReply() from None
        usage = response.usage
        read = usage.cache_read_input_tokens or 0
        written = usage.cache_creation_input_tokens or 0
        return LLMResponse(
            text=_reply_text(response.content),
            model=response.model or request.model,
            # Anthropic's input_tokens leaves out cache reads and writes; ours counts them all.
            input_tokens=usage.input_tokens + read + written,
            output_tokens=usage.output_tokens,
            cached_tokens=read,
            cache_write_tokens=written,
        )

    async def close(self) -> None:
        await self._client.close()
