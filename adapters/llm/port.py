"""The model port: one chat call in, text and token counts out.

Structured output: a request may carry an ``OutputSchema`` (a name and a pydantic model).
Providers that support it constrain the reply to that schema (OpenAI ``response_format``
``json_schema`` strict; Anthropic a forced tool call whose ``input_schema`` is the schema) and
return the JSON object as ``LLMResponse.text``. The caller still parses and validates the text
(``adapters.llm.parsing``): a schema the server ignores costs a repair, not a broken course.

Prompt caching: a message's first ``cache_prefix_chars`` characters are stable across the
calls of a run (system prompt, course request, outline); Anthropic marks them with
``cache_control``, OpenAI caches such prefixes by itself.

Providers raise ``LLMCallError`` carrying whether a retry can help and how long the server
asked us to wait; activities turn it into a Temporal ``ApplicationError`` (Temporal owns
retries, every SDK client is built with ``max_retries=0``).
"""

from __future__ import annotations

import email.utils
import functools
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel

# 4xx answers a retry cannot fix; everything else 4xx is treated the same way.
NON_RETRYABLE_STATUSES = frozenset({400, 401, 403, 404, 413, 422})
RETRYABLE_4XX = frozenset({408, 409, 425, 429})


@dataclass(frozen=True)
class ChatMessage:
    role: Literal["user", "assistant"]
    content: str
    cache_prefix_chars: int = 0  # the stable, cacheable start of ``content``


@dataclass(frozen=True)
class OutputSchema:
    """The shape a reply must have: ``name`` (letters, digits, ``_``) and a pydantic model."""

    name: str
    model: type[BaseModel]

    def json_schema(self) -> dict[str, Any]:
        """The model's JSON schema in the strict subset both providers accept. Built once per
        model (pydantic builds it anew on every call: ~2 ms, on every model call); the
        providers only serialise it, so the dict is shared."""
        return _strict_schema(self.model)


@functools.cache
def _strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema: dict[str, Any] = strict_schema(model.model_json_schema())
    return schema


@dataclass(frozen=True)
class LLMRequest:
    system: str
    messages: tuple[ChatMessage, ...]
    model: str
    max_tokens: int
    output: OutputSchema | None = None


@dataclass(frozen=True)
class LLMResponse:
    """``input_tokens`` counts every prompt token, cached or not (OpenAI's convention);
    ``cached_tokens`` were read from the provider's cache, ``cache_write_tokens`` written."""

    text: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    cache_write_tokens: int = 0


# Keywords OpenAI's strict mode rejects; pydantic validation enforces them after the reply.
_UNSUPPORTED = frozenset({"default", "minLength", "maxLength", "title", "examples"})


def strict_schema(schema: Any) -> Any:
    """Every object closed (``additionalProperties: false``) with all properties required,
    unsupported keywords and models' docstrings dropped (a field's own ``description``
    stays); ``$defs``/``$ref`` kept (both providers resolve them)."""
    if isinstance(schema, list):
        return [strict_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _UNSUPPORTED:
            continue
        if key in ("properties", "$defs"):
            out[key] = {name: strict_schema(sub) for name, sub in value.items()}
        else:
            out[key] = strict_schema(value)
    if out.get("type") == "object" or "properties" in out:
        # A model's docstring is a note for developers; sent, it is billed on every call.
        out.pop("description", None)
        out["additionalProperties"] = False
        out["required"] = list(out.get("properties", {}))
    return out


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


class UndecodableReply(LLMCallError):
    """The server answered, but its reply could not even be decoded: the caller treats it
    as an invalid reply (a repair), not as an outage."""

    def __init__(self) -> None:
        super().__init__("the reply could not be decoded", retryable=True, kind="undecodable")


# --- prompt caching: what the providers document ---------------------------------------------
# The shortest prefix Anthropic caches, by model (its prompt-caching page; the longest matching
# name prefix wins, so dated model IDs match; an unknown model, 1,024). A shorter prefix is
# never cached.
ANTHROPIC_CACHE_MINIMUMS: dict[str, int] = {
    "claude-opus-4-6": 4096,
    "claude-opus-4-5": 4096,
    "claude-haiku-4-5": 4096,
    "claude-sonnet-4-5": 1024,
    "claude-opus-4-1": 1024,
    "claude-opus-4": 1024,
    "claude-sonnet-4": 1024,
    "claude-3-7-sonnet": 1024,
    "claude-3-5-haiku": 2048,
    "claude-3-haiku": 2048,
}
# OpenAI caches any prompt prefix from 1,024 tokens by itself (its prompt-caching guide).
OPENAI_CACHE_MINIMUM = 1024


def anthropic_cache_minimum(model: str) -> int:
    """The shortest prefix Anthropic caches for ``model``, in tokens (a 6x4 course's
    ~1,900-token prefix caches on Sonnet 4.5, not on Haiku 4.5)."""
    names = [name for name in ANTHROPIC_CACHE_MINIMUMS if model.startswith(name)]
    return ANTHROPIC_CACHE_MINIMUMS[max(names, key=len)] if names else 1024


def prompt_cache_minimum(provider: str, model: str) -> int | None:
    """The shortest prompt prefix, in tokens, that ``provider`` caches for ``model``; None
    when it has no prompt cache (offline)."""
    if provider == "anthropic":
        return anthropic_cache_minimum(model)
    if provider == "openai":
        return OPENAI_CACHE_MINIMUM
    return None


def added_prompt_tokens(provider: str, structured: bool) -> int:
    """Prompt tokens a provider adds to a call and bills: Anthropic's tool-use system prompt,
    313 tokens with a forced tool on Claude 4.x models (its tool-use pricing page)."""
    return 313 if provider == "anthropic" and structured else 0


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
